/**
 * A layout that stays put (issue #17), measured on every example as the panel
 * lays it out: the server's diagram (diagramOf), the graph the webview lays
 * out (graphToLayOut, with the places of the layout drawn before), elkjs's
 * bundled build as the layout worker runs it, and the boxes the renderer
 * reads (layoutOf).
 *
 * How far a component moves is measured as the panel shows it: the view
 * shifts by the median move of the components drawn before (ViewAnchor), so
 * a component's move on the screen is its move less that shift. It is given
 * as a share of the diagram's size (the larger of its width and height).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ELK from 'elkjs/lib/elk.bundled.js';
import { applyEdits, modify, parse } from 'jsonc-parser';
import type { ElkNodeJson } from '../../../src/core/diagram/elkGraph';
import type { Flow } from '../../../src/core/diagram/elkOptions';
import { graphToLayOut } from '../../../src/core/diagram/layoutHints';
import { expandedBox } from '../../../src/core/diagram/replicaSet';
import type { DiagramResult } from '../../../src/core/protocol';
import { EXAMPLES_DIR, importsOf } from '../../support/exampleImports';
import { type Layout, layoutOf } from '../../../webview/geometry';
import { diagramOf } from '../webview/chromiumPage';

const elk = new ELK();
const examples = fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.scale.json')).sort();
const FLOWS: Flow[] = ['RIGHT', 'DOWN'];
/** The most the median component may move when one is added, as a share of the diagram's size. */
const MAX_MEDIAN_MOVE = 0.1;

/** The diagram of an example's text, as the server sends it. */
function diagramOfExample(file: string, text: string, version: number): DiagramResult {
  return diagramOf(text, `file:///w/${path.basename(file)}`, version, undefined, importsOf(file));
}

/** Lays a diagram out as the panel does, after `before` when one was drawn, with the boxes of `grown` grown (expanded glyphs). */
async function layOut(d: DiagramResult, flow: Flow, before?: Layout, grown?: ReadonlyMap<string, { width: number; height: number }>): Promise<Layout> {
  const previous = before ? new Map([...before.nodes, ...before.groups]) : undefined;
  const laid = (await elk.layout(structuredClone(graphToLayOut(d.graph!, flow, previous, grown)) as never)) as unknown as ElkNodeJson;
  return layoutOf(laid, d.layoutKey, new Set(d.groups.map((g) => g.elkId)));
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;

/** The median move on the screen of the components of `before` still in `after`, as a share of `before`'s size. */
function medianMove(before: Layout, after: Layout): number {
  const moves: { dx: number; dy: number }[] = [];
  for (const [id, a] of before.nodes) {
    const b = after.nodes.get(id);
    if (b) moves.push({ dx: b.x - a.x, dy: b.y - a.y });
  }
  const shift = { dx: median(moves.map((m) => m.dx)), dy: median(moves.map((m) => m.dy)) };
  const size = Math.max(before.bounds.width, before.bounds.height);
  return median(moves.map((m) => Math.hypot(m.dx - shift.dx, m.dy - shift.dy))) / size;
}

/** The text with a new database, called by `caller`, declared after the other components. */
function withComponentAdded(text: string, caller: string): string {
  const options = { formattingOptions: { insertSpaces: true, tabSize: 2 } };
  const called = applyEdits(text, modify(text, ['components', caller, 'calls', -1], 'audit-db', options));
  return applyEdits(called, modify(called, ['components', 'audit-db'], { kind: 'database' }, options));
}

/** The components a new one is connected to: the first, the middle and the last of the file's own that are not clients (the entry side, the middle, the store side). */
function callersOf(text: string): string[] {
  const ids = Object.entries(parse(text).components as Record<string, { kind?: string }>).filter(([, c]) => c.kind !== 'client').map(([id]) => id);
  return [...new Set([ids[0]!, ids[ids.length >> 1]!, ids.at(-1)!])];
}

describe('diagram: a layout that stays put', function () {
  this.timeout(300_000);

  it(`adding a component moves the median existing one by at most ${MAX_MEDIAN_MOVE * 100}% of the diagram's size, on every example, both flows`, async () => {
    const report: string[] = [];
    const over: string[] = [];
    for (const f of examples) {
      const file = path.join(EXAMPLES_DIR, f);
      const text = fs.readFileSync(file, 'utf8');
      const d0 = diagramOfExample(file, text, 1);
      for (const flow of FLOWS) {
        const before = await layOut(d0, flow);
        for (const caller of callersOf(text)) {
          const d1 = diagramOfExample(file, withComponentAdded(text, caller), 2);
          assert.ok(d1.nodes.some((n) => n.id === 'audit-db') && d1.edges.length === d0.edges.length + 1, `${f}: the component and its call are drawn`);
          const after = await layOut(d1, flow, before);
          const move = medianMove(before, after);
          const line = `${f} ${flow}, called by ${caller}: ${(move * 100).toFixed(1)}%`;
          report.push(line);
          if (move > MAX_MEDIAN_MOVE) over.push(line);
          // The new component lands beside the one that calls it, not anywhere in the drawing.
          const at = after.nodes.get('c:audit-db')!;
          const by = after.nodes.get(`c:${caller}`)!;
          const gap = Math.hypot(at.x + at.width / 2 - (by.x + by.width / 2), at.y + at.height / 2 - (by.y + by.height / 2));
          assert.ok(gap <= Math.max(after.bounds.width, after.bounds.height) / 2, `${line}: audit-db is ${Math.round(gap)} px from ${caller}`);
        }
      }
    }
    assert.deepEqual(over, [], `median moves:\n${report.join('\n')}`);
  });

  it(`expanding a store's replication glyph (and folding it again) moves the median other component by at most ${MAX_MEDIAN_MOVE * 100}%, on every example, both flows`, async () => {
    const report: string[] = [];
    const over: string[] = [];
    let expanded = 0;
    for (const f of examples) {
      const file = path.join(EXAMPLES_DIR, f);
      const d = diagramOfExample(file, fs.readFileSync(file, 'utf8'), 1);
      const store = d.nodes.find((n) => n.replicaSet?.copies);
      if (!store) continue;
      for (const flow of FLOWS) {
        const before = await layOut(d, flow);
        const box = before.nodes.get(store.elkId)!;
        const grown: Map<string, { width: number; height: number }> = new Map([[store.elkId, expandedBox(box, store.replicaSet!, flow)]]);
        const after = await layOut(d, flow, before, grown);
        // The store's box is as large as its expanded drawing needs; the rest stays where it was.
        assert.deepEqual({ width: after.nodes.get(store.elkId)!.width, height: after.nodes.get(store.elkId)!.height }, grown.get(store.elkId));
        const folded = await layOut(d, flow, after);
        for (const [line, move] of [[`${f} ${flow}, ${store.id} expanded`, medianMove(before, after)], [`${f} ${flow}, ${store.id} folded again`, medianMove(after, folded)]] as const) {
          report.push(`${line}: ${(move * 100).toFixed(1)}%`);
          if (move > MAX_MEDIAN_MOVE) over.push(`${line}: ${(move * 100).toFixed(1)}%`);
        }
        expanded++;
      }
    }
    assert.ok(expanded >= 6, 'most examples have a store small enough to expand');
    assert.deepEqual(over, [], `median moves:\n${report.join('\n')}`);
  });

  it('an edit of figures only (rps, instances, capacity) keeps the layout key on every example: the panel redraws from its cached layout, every place the same', () => {
    for (const f of examples) {
      const file = path.join(EXAMPLES_DIR, f);
      const text = fs.readFileSync(file, 'utf8');
      const peak = /"peakRps":\s*(\d+)/.exec(text)!;
      const edited = text.replace(peak[0], `"peakRps": ${Number(peak[1]) * 3 + 7}`).replace(/"instances":\s*(\d+)/, (_, n: string) => `"instances": ${Number(n) + 5}`).replace(/"rps":\s*(\d+)/, (_, n: string) => `"rps": ${Number(n) * 2}`);
      const d0 = diagramOfExample(file, text, 1);
      const d1 = diagramOfExample(file, edited, 2);
      assert.notDeepEqual(d1.edges.map((e) => e.rps), d0.edges.map((e) => e.rps), `${f}: the figures changed`);
      assert.equal(d1.layoutKey, d0.layoutKey, f);
    }
  });
});
