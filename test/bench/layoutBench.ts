/**
 * Layout budgets in the webview's own worker (headless Chromium, the panel's
 * page under its CSP, as chromiumPage.ts opens it): the diagram of generated
 * topologies on the base wiring (about 1.1 calls per component, no boxes)
 * and on designs as met in practice (1.5 calls per component, in regions and
 * zones), at the diagram's bound (DIAGRAM_NODE_BOUND components: the largest
 * drawing the panel lays out whole), at 200 and at 1,000 components — the
 * first layout of a fresh page (cold), the median of later ones once the
 * worker's JIT is warm (budgets 250 ms up to 200 components and 2 s at
 * 1,000), and the main
 * thread's share (validating the message and drawing). Past the bound the
 * panel draws the design collapsed; the same design drawn whole (as
 * `--max-diagram-nodes 2000` asks) is timed too, for information.
 * The layout after an edit that adds a component (the places of the drawing
 * shown kept as hints) is timed at the bound too.
 * `npm run bench -- layout`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DiagramView } from '../../src/core/diagram/diagramModel';
import { DIAGRAM_NODE_BOUND, MAX_LAYOUT_NODES } from '../../src/core/diagram/elkOptions';
import { CHROMIUM, diagramOf, openWebview } from '../unit/webview/chromiumPage';
import { DENSE_IN_REGIONS, generateTopology, type GenerateOptions } from './generateTopology';
import { type BenchSuite, type Figure, median } from './harness';

const ROOT = path.resolve(__dirname, '../..');

/** The graph shapes timed: the generator's base wiring, and designs as met in practice. */
const SHAPES: { name: string; options: GenerateOptions }[] = [
  { name: 'base wiring', options: {} },
  { name: '1.5 calls each, in regions and zones', options: DENSE_IN_REGIONS },
];

/** The warm layout's budget at a size: 250 ms up to 200 components, 2 s at 1,000. */
function budgetMs(size: number): number {
  return size <= 200 ? 250 : 2000;
}

/** Figures of one shape at one size, drawn as the panel draws it (or as `view` asks), from one fresh page. */
async function shapeFigures(shape: (typeof SHAPES)[number], size: number, view?: DiagramView): Promise<Figure[]> {
  const page = await openWebview();
  try {
    await page.waitFor((m) => m.type === 'ready');
    const text = generateTopology(size, shape.options);
    const reports: { ms: number; drawMs: number }[] = [];
    // The first layout is the cold one; the next ones warm the worker's JIT up (the layered algorithm's paths for boxes
    // take several runs to be compiled: timed after two runs, a design of 46 components in boxes measured 363 ms, after
    // six 160 ms).
    const warmups = size >= 1000 && view ? 1 : 5;
    const runs = warmups + (size >= 1000 && view ? 2 : 5);
    const d0 = diagramOf(text, 'file:///w/g.scale.json', 1, undefined, undefined, view);
    for (let i = 0; i < runs; i++) {
      const d = { ...d0, uri: `file:///w/g${i}.scale.json`, layoutKey: `run-${i}` }; // a new structure each time: no cached layout
      const before = (await page.record()).sent.length;
      await page.post({ type: 'diagram', file: 'g.scale.json', diagram: d });
      const r = await page.waitFor((m) => m.type === 'layoutReport', before, 120_000);
      // Drawn whole, a large design may take longer than the panel waits (it then shows the list): said as such.
      if (view && r.outcome === 'timeout') return [{ name: `worker layout (Chromium), ${size} components, ${shape.name}, drawn whole, warm`, value: Infinity, unit: 'ms', detail: `stopped after ${Math.round(r.ms as number)} ms, the panel's timeout (it shows the list then)` }];
      if (r.outcome !== 'laidOut') throw new Error(`layout in the webview: ${JSON.stringify(r)}`);
      reports.push({ ms: r.ms as number, drawMs: r.drawMs as number });
    }
    const warm = reports.slice(warmups);
    const components = Object.keys(JSON.parse(text).components).length;
    const nodes = d0.nodes.length + (d0.collapsed?.clusters.length ?? 0);
    const boxes = d0.groups.length;
    const drawn = d0.collapsed
      ? `drawn collapsed: ${nodes} nodes (${d0.collapsed.clusters.length} groups), ${d0.edges.length} edges, ${boxes} boxes`
      : `drawn whole: ${nodes} nodes, ${d0.edges.length} edges, ${boxes} boxes`;
    const whole = view ? ', drawn whole' : '';
    // Other work on the machine slows the worker as much as anything here: said beside each figure.
    const load = `; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`;
    const what = `${components} components, ${shape.name}${whole}`;
    if (view) return [{ name: `worker layout (Chromium), ${what}, warm`, value: median(warm.map((r) => r.ms)), unit: 'ms', detail: `${drawn}; as --max-diagram-nodes ${view.maxNodes} asks, not the panel${load}` }];
    const violations = (await page.record()).violations.length;
    return [
      { name: `worker layout (Chromium), ${what}, cold`, value: reports[0]!.ms, unit: 'ms', detail: 'first layout of a fresh page' },
      { name: `worker layout (Chromium), ${what}, warm`, value: median(warm.map((r) => r.ms)), unit: 'ms', budget: { max: budgetMs(size) }, detail: `${drawn}${load}` },
      { name: `main thread: validate + draw, ${what}`, value: median(warm.map((r) => r.drawMs)), unit: 'ms' },
      { name: `CSP violations, ${what}`, value: violations, unit: 'violations', budget: { max: 0 } },
    ];
  } finally {
    await page.close();
  }
}

/**
 * The layout after an edit that adds a component, which keeps the places of
 * the drawing shown (layoutHints.ts): the same document each time, a new
 * database called by the first service each run, so that every run is a new
 * structure laid out with the previous one's places as hints.
 */
async function keptPlacesFigure(shape: (typeof SHAPES)[number], size: number): Promise<Figure> {
  const page = await openWebview();
  try {
    await page.waitFor((m) => m.type === 'ready');
    const base = JSON.parse(generateTopology(size, shape.options)) as { components: Record<string, { calls?: unknown[] }> };
    const uri = 'file:///w/kept.scale.json';
    const ms: number[] = [];
    const runs = 10;
    for (let i = 0; i <= runs; i++) {
      const topology = structuredClone(base);
      if (i > 0) {
        topology.components[`added-${i}`] = { kind: 'database' } as never;
        topology.components['svc-0-0']!.calls!.push(`added-${i}`);
      }
      const before = (await page.record()).sent.length;
      await page.post({ type: 'diagram', file: 'kept.scale.json', diagram: diagramOf(JSON.stringify(topology), uri, i + 1) });
      const r = await page.waitFor((m) => m.type === 'layoutReport', before, 120_000);
      if (r.outcome !== 'laidOut') throw new Error(`layout in the webview: ${JSON.stringify(r)}`);
      // The first run lays the design out afresh; the next ones keep its places.
      if (i > 0) ms.push(r.ms as number);
    }
    const load = `; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`;
    // The first warm-up runs are left out, as for the fresh layouts.
    return { name: `worker layout (Chromium), ${size} components, ${shape.name}, a component added (places kept), warm`, value: median(ms.slice(4)), unit: 'ms', budget: { max: budgetMs(size) }, detail: `${runs} edits, the first 4 left out as warm-ups${load}` };
  } finally {
    await page.close();
  }
}

/** The layout suite (skipped where Chromium or dist/webview.js is missing). */
export const layoutSuite: BenchSuite = {
  name: 'layout',
  async run(): Promise<Figure[]> {
    if (!fs.existsSync(CHROMIUM) || !fs.existsSync(path.join(ROOT, 'dist', 'webview.js'))) return [];
    const figures: Figure[] = [];
    for (const shape of SHAPES) {
      // The largest drawing the panel lays out whole: as many components as the bound takes (the generator makes 1 + 9 per group).
      const atBound = Math.floor((DIAGRAM_NODE_BOUND - 1) / 9) * 9 + 1;
      figures.push(...(await shapeFigures(shape, atBound)));
      figures.push(await keptPlacesFigure(shape, atBound));
      for (const size of [200, 1000]) {
        figures.push(...(await shapeFigures(shape, size)));
        figures.push(...(await shapeFigures(shape, size, { maxNodes: MAX_LAYOUT_NODES })));
      }
    }
    return figures;
  },
};
