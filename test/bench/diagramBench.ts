/**
 * Diagram budgets: elkjs layered layout of the graph the core builds (the same
 * elkjs code the webview's worker runs, here on Node) — at most 250 ms up to
 * 200 components, 2 s at 1,000 — on the examples and on generated topologies;
 * the server's share of an update (building the diagram of a checked file);
 * the webview's share before layout (validating the message, jitless as under
 * its CSP); the simulation panel's runs in its worker; that a numbers-only
 * edit keeps the layout key (no re-layout); an edit's way to its drawing
 * through the server process and the panel's page (editLatency.ts, budget
 * 300 ms on the examples); and that the extension host's bundle carries
 * neither elkjs nor the simulator.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import ELK from 'elkjs/lib/elk.bundled.js';
import { z } from 'zod';
import { checkText } from '../../src/core/check';
import { buildDiagram } from '../../src/core/diagram/diagramModel';
import { MAX_LAYOUT_NODES } from '../../src/core/diagram/elkOptions';
import type { ElkNodeJson } from '../../src/core/diagram/elkGraph';
import { HostMessage } from '../../src/core/webviewProtocol';
import { CHROMIUM, diagramOf, openWebview } from '../unit/webview/chromiumPage';
import { editFigures } from './editLatency';
import { generateTopology } from './generateTopology';
import { type BenchSuite, type Figure, median, msPerCall } from './harness';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLES = path.join(ROOT, 'examples');

/** Median milliseconds of one elkjs layout of a graph, after warm-up. */
async function layoutMs(elk: InstanceType<typeof ELK>, graph: ElkNodeJson, runs: number, warmups: number): Promise<number> {
  for (let i = 0; i < warmups; i++) await elk.layout(structuredClone(graph) as never);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const copy = structuredClone(graph);
    const t0 = performance.now();
    await elk.layout(copy as never);
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/**
 * The simulation panel's runs in its own worker, in headless Chromium under
 * the panel's CSP: the what-if of the URL shortener after its text arrives
 * (the first run of a fresh page, then again as edits bring new text) and all
 * of its scenarios ("Run all"), as the worker reports them.
 */
async function simulationFigures(): Promise<Figure[]> {
  if (!fs.existsSync(CHROMIUM) || !fs.existsSync(path.join(ROOT, 'dist', 'webview.js'))) return [];
  const page = await openWebview();
  try {
    await page.waitFor((m) => m.type === 'ready');
    const text = fs.readFileSync(path.join(EXAMPLES, 'url-shortener.scale.json'), 'utf8');
    const uri = 'file:///w/url-shortener.scale.json';
    await page.post({ type: 'diagram', file: 'url-shortener.scale.json', diagram: diagramOf(text, uri) });
    await page.page.locator('button', { hasText: 'Simulate' }).click();
    const run = async (act: () => Promise<unknown>, kind: string): Promise<number> => {
      const before = (await page.record()).sent.length;
      await act();
      const r = await page.waitFor((m) => m.type === 'simulationReport' && m.kind === kind, before, 120_000);
      if (r.outcome !== 'done') throw new Error(`simulation in the webview: ${JSON.stringify(r)}`);
      return r.ms as number;
    };
    const whatIf = [];
    for (let i = 0; i < 6; i++) whatIf.push(await run(() => page.post({ type: 'source', uri, file: 'url-shortener.scale.json', version: i + 1, text, seed: 1 }), 'whatIf'));
    await page.page.locator('vscode-tab-header', { hasText: 'Scenarios' }).click();
    const all = [];
    for (let i = 0; i < 4; i++) all.push(await run(() => page.page.locator('vscode-button[aria-label="Run all scenarios"]').click(), 'scenarios'));
    return [
      { name: 'webview simulation worker: url-shortener what-if, cold', value: whatIf[0]!, unit: 'ms', detail: 'first run of a fresh page' },
      { name: 'webview simulation worker: url-shortener what-if, warm', value: median(whatIf.slice(1)), unit: 'ms' },
      { name: 'webview simulation worker: url-shortener, all 4 scenarios', value: median(all.slice(1)), unit: 'ms' },
      { name: 'webview CSP violations, simulation panel', value: (await page.record()).violations.length, unit: 'violations', budget: { max: 0 } },
    ];
  } finally {
    await page.close();
  }
}

/** The diagram suite. */
export const diagramSuite: BenchSuite = {
  name: 'diag',
  async run(): Promise<Figure[]> {
    const figures: Figure[] = [];
    // Made here and let go with the suite, not as the module loads: while an elkjs instance (its worker, run in this
    // thread) is alive, V8's minor collections keep much of what they copy, and every suite of the process ran slower.
    const elk = new ELK();
    // JIT warm-up on a mid-sized graph, so the first figure is not the cold one.
    // Drawn whole (as --max-diagram-nodes 2000 asks; the panel draws a design past its bound collapsed: layoutBench.ts).
    const whole = { maxNodes: MAX_LAYOUT_NODES };
    await layoutMs(elk, buildDiagram(checkText(generateTopology(200)), undefined, whole).graph!, 0, 4);

    for (const name of fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.scale.json')).sort()) {
      const model = buildDiagram(checkText(fs.readFileSync(path.join(EXAMPLES, name), 'utf8')));
      figures.push({ name: `layout: ${name.replace('.scale.json', '')} (${model.nodes.length} components)`, value: await layoutMs(elk, model.graph!, 7, 2), unit: 'ms', budget: { max: 250 } });
    }
    for (const size of [50, 200, 500, 1000]) {
      const model = buildDiagram(checkText(generateTopology(size)), undefined, whole);
      const budget = size <= 200 ? 250 : 2000;
      figures.push({
        name: `layout: generated, ${model.nodes.length} components, ${model.edges.length} calls`,
        value: await layoutMs(elk, model.graph!, size >= 1000 ? 5 : 7, size >= 1000 ? 1 : 2),
        unit: 'ms',
        budget: { max: budget },
        detail: `thoroughness ${model.graph!.layoutOptions!['elk.layered.thoroughness']}`,
      });
    }

    figures.push(...(await simulationFigures()));
    figures.push(...(await editFigures()));

    // The server's part of an update, and the webview's before layout.
    for (const size of [1000, 5000]) {
      const checked = checkText(generateTopology(size));
      figures.push({ name: `server: build the diagram of a checked file, ${size} components`, value: msPerCall(() => buildDiagram(checked)), unit: 'ms', ...(size === 1000 ? { budget: { max: 50 } } : {}) });
    }
    const message = JSON.parse(JSON.stringify({ type: 'diagram', file: 'f.scale.json', diagram: diagramOf(generateTopology(1000), undefined, 1, undefined, undefined, whole) })) as unknown;
    z.config({ jitless: true });
    try {
      figures.push({ name: 'webview: validate a 1,000-component diagram message (jitless)', value: msPerCall(() => HostMessage.parse(message)), unit: 'ms', budget: { max: 50 } });
    } finally {
      z.config({ jitless: false });
    }

    // No re-layout when only numbers change: every example with its figures scaled keeps its layout key.
    let relayouts = 0;
    for (const name of fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.scale.json'))) {
      const text = fs.readFileSync(path.join(EXAMPLES, name), 'utf8');
      const scaled = text.replace(/"(peakRps|instances|rps|hitRatio)":\s*([0-9.]+)/g, (_m, k: string, v: string) => `"${k}": ${k === 'hitRatio' ? Number(v) / 2 : Number(v) * 3}`);
      if (buildDiagram(checkText(text)).layoutKey !== buildDiagram(checkText(scaled)).layoutKey) relayouts++;
    }
    figures.push({ name: 're-layouts after numbers-only edits of every example', value: relayouts, unit: 'layouts', budget: { max: 0 } });

    const extension = path.join(ROOT, 'dist', 'extension.js');
    if (fs.existsSync(extension)) {
      const hits = (fs.readFileSync(extension, 'utf8').match(/org\.eclipse\.elk|elkjs/g) ?? []).length;
      figures.push({ name: 'elkjs in the extension host bundle (dist/extension.js)', value: hits, unit: 'mentions', budget: { max: 0 } });
      // The scenario engine runs in the server and in the webview's worker, never on the extension host.
      const engine = (fs.readFileSync(extension, 'utf8').match(/simulateFailover|simulatePool/g) ?? []).length;
      figures.push({ name: 'simulator in the extension host bundle (dist/extension.js)', value: engine, unit: 'mentions', budget: { max: 0 } });
    }
    return figures;
  },
};
