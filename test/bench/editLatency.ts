/**
 * From an edit to its drawing, as in VS Code but for the editor's own hops:
 * the language server as a process over JSON-RPC (with its wait for the
 * edits to pause, its validation and the diagram request the extension makes
 * on the server's scale/validated), and the panel's page in headless Chromium
 * under its CSP (validating the message, laying out in its worker, drawing).
 * Timed from sending textDocument/didChange to the page's own mark of the
 * drawing. Each edit comes after the previous one is drawn and a pause, as
 * someone editing and looking.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DIAGRAM_METHOD, type DiagramParams, type DiagramResult } from '../../src/core/protocol';
import { LspClient } from '../server/lspClient';
import { openWebview, webviewAvailable } from '../unit/webview/chromiumPage';
import { type Figure, median } from './harness';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLES = path.join(ROOT, 'examples');
/** The budget of an edit's update of the diagram, on the examples. */
const EDIT_BUDGET_MS = 300;
/** Edits timed per example and kind. */
const EDITS = 5;
/** The pause between one edit's drawing and the next edit (a burst's edits wait for it to end). */
const PAUSE_MS = 250;

/** The two kinds of edit: numbers only (the layout is kept) and a new component (laid out again). */
function editedText(text: string, kind: 'numbers' | 'component', i: number): string {
  if (kind === 'numbers') return text.replace(/"peakRps":\s*(\d+)/, (_m, v: string) => `"peakRps": ${Number(v) + 1000 * (i + 1)}`);
  return text.replace(/"components":\s*\{/, (m) => `${m}\n    "bench-audit-${i}": { "kind": "queue", "instances": 3 },`);
}

/** Median milliseconds from an edit to its drawing, per example and kind of edit. */
export async function editFigures(): Promise<Figure[]> {
  if (!webviewAvailable || !fs.existsSync(path.join(ROOT, 'dist', 'server.js'))) return [];
  const client = new LspClient();
  const page = await openWebview();
  const figures: Figure[] = [];
  try {
    await client.initialize();
    await page.waitFor((m) => m.type === 'ready');
    /** The host's part: on the server's validation, ask for the diagram and post it to the page; resolves when drawn (epoch ms, after `since`). */
    const show = async (uri: string, file: string, version: number, since: number): Promise<number> => {
      await client.validatedVersion(uri, version);
      const diagram = await client.request<DiagramResult | null>(DIAGRAM_METHOD, { uri } satisfies DiagramParams);
      if (!diagram) throw new Error(`no diagram of ${uri}`);
      await page.post({ type: 'diagram', file, diagram });
      for (let i = 0; i < 2000; i++) {
        const drawn = (await page.page.evaluate(`performance.getEntriesByName('scale-diagram-drawn').filter((m) => m.detail && m.detail.version === ${diagram.version}).map((m) => performance.timeOrigin + m.startTime).find((t) => t >= ${since})`)) as number | undefined;
        if (drawn !== undefined) return drawn;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`${file} version ${version} not drawn`);
    };
    for (const file of fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.scale.json')).sort()) {
      const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
      const uri = `file:///w/${file}`;
      await client.open(uri, text);
      await show(uri, file, 1, performance.timeOrigin + performance.now());
      for (const kind of ['numbers', 'component'] as const) {
        const samples: number[] = [];
        for (let i = 0; i < EDITS; i++) {
          await new Promise((r) => setTimeout(r, PAUSE_MS));
          const sent = performance.timeOrigin + performance.now();
          const version = await client.change(uri, editedText(text, kind, i));
          samples.push((await show(uri, file, version, sent)) - sent);
        }
        figures.push({
          name: `edit to drawing (server + panel): ${file.replace('.scale.json', '')}, ${kind === 'numbers' ? 'numbers changed' : 'a component added'}`,
          value: median(samples),
          unit: 'ms',
          budget: { max: EDIT_BUDGET_MS },
          detail: `${samples.map((s) => Math.round(s)).join(', ')} ms`,
        });
      }
    }
    return figures;
  } finally {
    await page.close();
    await client.stop();
  }
}
