/**
 * The built webview in Chromium while a file is being typed: the host sends
 * a diagram for each state the server validates, half-typed ones included,
 * and the editor's cursor as it moves. The components that did not change
 * stay where they were on the screen, even across a drawing that shares none
 * of them; a cursor sent for a newer text than the one drawn waits for its
 * diagram rather than being matched against the old lines.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
import { FONT_SIZE, MIN_FIT_TEXT_PX } from '../../../src/core/diagram/metrics';
import { generateTopology } from '../../bench/generateTopology';
import { importsOf } from '../../support/exampleImports';
import { assertClean, diagramOf, openForSuite, type WebviewPage } from './chromiumPage';

const ROOT = path.resolve(__dirname, '../../..');
const urlShortener = fs.readFileSync(path.join(ROOT, 'examples', 'url-shortener.scale.json'), 'utf8');
const URI = 'file:///w/url-shortener.scale.json';
const FILE = 'examples/url-shortener.scale.json';
const NEW_COMPONENT = '"audit-log": { "kind": "queue", "instances": 3 },';
/** The example with `typed` on a new line at the top of its components (above every other). */
const typedAbove = (typed: string) => urlShortener.replace('"components": {', `"components": {\n    ${typed}`);

/** Where each component's box is on the screen. */
const PAGE_NODE_BOXES = `Object.fromEntries([...document.querySelectorAll('g.node')].map((g) => {
  const b = g.getBoundingClientRect();
  return [g.querySelector('.node-id').textContent, { x: b.x, y: b.y, width: b.width, height: b.height }];
}))`;
/** Room the view leaves around a component it brings into view, in CSS pixels (viewport.ts). */
const MARGIN = 16;

/** A box on the screen. */
type Rect = { x: number; y: number; width: number; height: number };

describe('webview in Chromium while the file is typed (view anchor, cursor of a newer text)', function () {
  this.timeout(120_000);
  let w: WebviewPage;
  openForSuite({ state: JSON.stringify({ uri: URI }) }, (page) => (w = page), true);

  const layoutReports = async () => (await w.record()).sent.filter((m) => m.type === 'layoutReport').length;
  /** Posts a diagram and waits until it is drawn (laid out or from the cache). */
  const show = async (text: string, version: number) => {
    const n = await layoutReports();
    await w.post({ type: 'diagram', file: FILE, diagram: diagramOf(text, URI, version) });
    for (let i = 0; i < 600 && (await layoutReports()) === n; i++) await new Promise((r) => setTimeout(r, 50));
    const report = (await w.record()).sent.filter((m) => m.type === 'layoutReport')[n];
    assert.ok(report && (report.outcome === 'laidOut' || report.outcome === 'cached'), JSON.stringify(report));
  };
  const boxes = async () => (await w.page.evaluate(PAGE_NODE_BOXES)) as Record<string, Rect>;
  /** Each component's own transform (its place in the drawing). */
  const transforms = () => w.page.evaluate(`[...document.querySelectorAll('g.node')].map((g) => [g.querySelector('.node-id').textContent, g.getAttribute('transform')])`);
  /** The view's zoom. */
  const viewScale = async () => Number(/scale\(([\d.]+)\)/.exec((await w.page.locator('g.viewport').getAttribute('transform')) ?? '')?.[1]);
  /** Whether a box's corner is on the page's screen. */
  const inView = (b: { x: number; y: number }) => {
    const size = w.page.viewportSize()!;
    return b.x >= 0 && b.y >= 0 && b.x <= size.width && b.y <= size.height;
  };
  const highlighted = () => w.page.evaluate(`[...document.querySelectorAll('g.node.cursor .node-id')].map((t) => t.textContent)`) as Promise<string[]>;
  /**
   * Every component drawn before is within 2 px of where it was on the screen;
   * or, when `added` (a component the edit added) landed out of view, all of
   * them moved by the one least pan that brings it in: it ends up MARGIN from
   * the edge of the drawing's area it came in at.
   */
  const assertKept = async (before: Record<string, Rect>, after: Record<string, Rect>, added?: string) => {
    const moves = Object.entries(before).map(([id, b]) => ({ id, dx: after[id]!.x - b.x, dy: after[id]!.y - b.y }));
    if (moves.every((m) => Math.hypot(m.dx, m.dy) <= 2) || !added) return assertStill(before, after);
    assert.ok(moves.every((m) => Math.hypot(m.dx - moves[0]!.dx, m.dy - moves[0]!.dy) <= 2), `one pan for all: ${JSON.stringify(moves)}`);
    const area = (await w.page.locator('svg.canvas').boundingBox())!;
    const b = after[added]!;
    const edges = [b.x - area.x, b.y - area.y, area.x + area.width - (b.x + b.width), area.y + area.height - (b.y + b.height)];
    assert.ok(edges.every((e) => e >= MARGIN - 2), `${added} in view: ${edges.join(', ')}`);
    assert.ok(edges.some((e) => Math.abs(e - MARGIN) <= 2), `the least pan: ${added} ${edges.join(', ')} px from the edges`);
  };
  /** Every component drawn before is within 2 px of where it was on the screen. */
  const assertStill = (before: Record<string, { x: number; y: number }>, after: Record<string, { x: number; y: number }>) => {
    const moves = Object.entries(before).map(([id, b]) => `${id} ${Math.hypot(after[id]!.x - b.x, after[id]!.y - b.y).toFixed(1)}`);
    assert.ok(Object.entries(before).every(([id, b]) => Math.hypot(after[id]!.x - b.x, after[id]!.y - b.y) <= 2), `components moved on the screen by ${moves.join(', ')} px`);
  };

  it('keeps unchanged components in place on the screen across a half-typed state that shares none of them', async () => {
    await show(urlShortener, 1);
    await w.page.locator('button[title^="Zoom in"]').click();
    await w.page.locator('button[title^="Zoom in"]').click();
    const before = await boxes();
    // The half-typed key swallows the rest of "components": the server's components are "au", "description" and "calls".
    const half = diagramOf(typedAbove('"au'), URI, 2);
    assert.deepEqual(half.nodes.filter((n) => n.id in before), [], 'the half-typed state shares no component');
    await show(typedAbove('"au'), 2);
    await show(typedAbove(NEW_COMPONENT), 3);
    const after = await boxes();
    assert.ok('audit-log' in after, 'the new component is drawn');
    await assertKept(before, after, 'audit-log');
    assertClean(await w.record());
  });

  it('keeps unchanged components in place when the drawing in between is the list fallback', async () => {
    await show(urlShortener, 1);
    await w.page.locator('button[title^="Zoom in"]').click();
    const before = await boxes();
    const n = await layoutReports();
    const broken = diagramOf(typedAbove('"au'), URI, 2);
    broken.graph = undefined;
    broken.notLaidOut = 'a test says so';
    await w.post({ type: 'diagram', file: FILE, diagram: broken });
    await w.waitFor((m) => m.type === 'layoutReport' && m.outcome === 'skipped', n);
    await show(typedAbove(NEW_COMPONENT), 3);
    const after = await boxes();
    await assertKept(before, after, 'audit-log');
    assertClean(await w.record());
  });

  it('holds a cursor sent for a newer text until that text\'s diagram arrives, then highlights the component there', async () => {
    await show(urlShortener, 1);
    const typed = diagramOf(typedAbove(NEW_COMPONENT), URI, 2);
    const added = typed.nodes.find((n) => n.id === 'audit-log')!;
    const clients = diagramOf(urlShortener, URI, 1).nodes.find((n) => n.id === 'clients')!;
    // The new line is where "clients" began in the drawn text: matched against it, the wrong node would light up.
    const at = { line: added.keyRange.start.line, character: added.keyRange.start.character + 2 };
    assert.ok(at.line >= clients.range.start.line && at.line <= clients.range.end.line);
    const view = await w.page.locator('g.viewport').getAttribute('transform');
    await w.post({ type: 'cursor', uri: URI, ...at, version: 2 });
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(await highlighted(), [], 'nothing is highlighted from the older diagram');
    assert.equal(await w.page.locator('g.viewport').getAttribute('transform'), view, 'and the view did not pan');

    await show(typedAbove(NEW_COMPONENT), 2);
    await w.page.waitForSelector('g.node.cursor');
    assert.deepEqual(await highlighted(), ['audit-log']);
    // A cursor for the text drawn applies at once.
    const urls = typed.nodes.find((n) => n.id === 'urls')!;
    await w.post({ type: 'cursor', uri: URI, line: urls.range.start.line + 1, character: 4, version: 2 });
    await w.page.waitForSelector('g.node.cursor:has(.node-id:text-is("urls"))');
    assert.deepEqual(await highlighted(), ['urls']);
    assertClean(await w.record());
  });

  it('applies a held cursor to a later diagram when the server skipped the version it was sent for', async () => {
    await show(urlShortener, 1);
    const typed = diagramOf(typedAbove(NEW_COMPONENT), URI, 5);
    const added = typed.nodes.find((n) => n.id === 'audit-log')!;
    await w.post({ type: 'cursor', uri: URI, line: added.keyRange.start.line, character: added.keyRange.start.character + 2, version: 4 });
    await show(typedAbove(NEW_COMPONENT), 5);
    await w.page.waitForSelector('g.node.cursor');
    assert.deepEqual(await highlighted(), ['audit-log']);
    assertClean(await w.record());
  });

  it('does not pan to a cursor an edit carried, even one that reaches the page after its diagram and ends up elsewhere than the held one', async () => {
    await show(urlShortener, 1);
    for (let k = 0; k < 4; k++) await w.page.locator('button[title^="Zoom in"]').click();
    const typed = diagramOf(typedAbove(NEW_COMPONENT), URI, 3);
    const added = typed.nodes.find((n) => n.id === 'audit-log')!;
    const before = await boxes();
    // A keystroke's cursor held for version 2; the server skipped to version 3, whose cursor arrives after its diagram, elsewhere.
    await w.post({ type: 'cursor', uri: URI, line: added.keyRange.start.line, character: 2, version: 2 });
    await show(typedAbove(NEW_COMPONENT), 3);
    const shown = await boxes();
    await assertKept(before, shown, 'audit-log');
    const far = Object.entries(shown).find(([id, b]) => id !== 'audit-log' && !inView(b));
    assert.ok(far, 'a component out of view at this zoom');
    const target = typed.nodes.find((n) => n.id === far[0])!;
    await w.post({ type: 'cursor', uri: URI, line: target.keyRange.start.line, character: target.keyRange.start.character + 1, version: 3 });
    for (let i = 0; i < 100 && !(await highlighted()).includes(far[0]); i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(await highlighted(), [far[0]], 'highlighted');
    assertStill(shown, await boxes());
    // Moved again within that text: the user's doing, so the view goes to it.
    const urls = typed.nodes.find((n) => n.id === 'urls')!;
    await w.post({ type: 'cursor', uri: URI, line: urls.keyRange.start.line, character: urls.keyRange.start.character + 1, version: 3 });
    for (let i = 0; i < 100 && !(await highlighted()).includes('urls'); i++) await new Promise((r) => setTimeout(r, 50));
    await w.post({ type: 'cursor', uri: URI, line: target.keyRange.start.line, character: target.keyRange.start.character + 1, version: 3 });
    for (let i = 0; i < 100 && !((await highlighted()).includes(far[0]) && inView((await boxes())[far[0]]!)); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(inView((await boxes())[far[0]]!), `${far[0]} brought into view`);
    assertClean(await w.record());
  });

  it('says so when the diagram is of an earlier text because the current one does not parse, until a diagram of its own arrives', async () => {
    await show(urlShortener, 1);
    const banner = w.page.locator('.banner');
    assert.equal(await banner.isHidden(), true);
    await w.post({ type: 'diagram', file: FILE, diagram: { ...diagramOf(urlShortener, URI, 2), lastParsed: { version: 1, problem: 'line 9: <b>Colon expected</b>' } } });
    await w.page.waitForSelector('.banner:not([hidden])');
    assert.equal(await banner.textContent(), 'The text does not parse (line 9: <b>Colon expected</b>): this is the diagram of the last text that did.');
    await show(typedAbove(NEW_COMPONENT), 3);
    assert.equal(await banner.isHidden(), true);
    assertClean(await w.record());
  });

  it('holds a cursor sent for another document until that document\'s diagram is drawn', async () => {
    await show(urlShortener, 5);
    const other = 'file:///w/other.scale.json';
    const api = diagramOf(urlShortener, URI, 5).nodes.find((n) => n.id === 'api')!;
    // The other file's cursor, at a version the shown diagram has passed: matched against this drawing, api would light up.
    await w.post({ type: 'cursor', uri: other, line: api.range.start.line + 1, character: 4, version: 1 });
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(await highlighted(), [], 'nothing is highlighted from another document\'s cursor');
    await w.post({ type: 'diagram', file: 'other.scale.json', diagram: diagramOf(urlShortener, other, 1) });
    await w.page.waitForSelector('g.node.cursor');
    assert.deepEqual(await highlighted(), ['api']);
    assertClean(await w.record());
  });

  it('lays a document out top to bottom in a panel taller than wide, keeps that flow through a small resize, turns it (fitted) when the panel turns wide, and chooses again for the next document', async () => {
    const order = (b: Record<string, { x: number; y: number }>, axis: 'x' | 'y') => ['clients', 'cdn', 'edge-lb', 'api'].map((id) => b[id]![axis]);
    const increasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);
    await w.page.setViewportSize({ width: 480, height: 900 });
    await show(urlShortener, 1);
    assert.ok(increasing(order(await boxes(), 'y')), `top to bottom: ${order(await boxes(), 'y').join(', ')}`);
    // Still taller than wide, a little less: the document keeps its flow, through a new structure too.
    await w.page.setViewportSize({ width: 640, height: 760 });
    await new Promise((r) => setTimeout(r, 600));
    await show(typedAbove(NEW_COMPONENT), 2);
    assert.ok(increasing(order(await boxes(), 'y')), 'still top to bottom');
    // Turned wide: laid out again left to right, and fitted to the panel.
    const n = await layoutReports();
    await w.page.setViewportSize({ width: 1800, height: 700 });
    for (let i = 0; i < 600 && (await layoutReports()) === n; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(increasing(order(await boxes(), 'x')), `left to right once the panel turned: ${order(await boxes(), 'x').join(', ')}`);
    assert.ok(Object.values(await boxes()).every(inView), 'fitted');
    // Another document is laid out for the panel's shape now: left to right.
    const m = await layoutReports();
    await w.post({ type: 'diagram', file: 'other.scale.json', diagram: diagramOf(urlShortener, 'file:///w/other.scale.json', 1) });
    for (let i = 0; i < 600 && (await layoutReports()) === m; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(increasing(order(await boxes(), 'x')), `left to right: ${order(await boxes(), 'x').join(', ')}`);
    assertClean(await w.record());
  });

  it('an edit of figures only redraws from the cached layout: every component exactly where it was', async () => {
    await show(urlShortener, 1);
    const before = await transforms();
    const n = await layoutReports();
    await show(urlShortener.replace('"peakRps": 40000', '"peakRps": 52000').replace('"instances": 40', '"instances": 44'), 2);
    assert.equal((await w.record()).sent.filter((m) => m.type === 'layoutReport')[n]!.outcome, 'cached');
    assert.ok(await w.page.locator('text.edge-label', { hasText: '52k rps' }).count() >= 1, 'the new figure is drawn');
    assert.deepEqual(await transforms(), before);
    assertClean(await w.record());
  });

  it('a component an edit adds beside the others, out of view, is brought into view by a pan; the others keep their arrangement', async () => {
    await show(urlShortener, 1);
    for (let k = 0; k < 3; k++) await w.page.locator('button[title^="Zoom in"]').click();
    const scale = await viewScale();
    const before = await boxes();
    // Called by urls, the last of the chain: it lands past the right end, out of view at this zoom.
    const options = { formattingOptions: { insertSpaces: true, tabSize: 2 } };
    const called = applyEdits(urlShortener, modify(urlShortener, ['components', 'urls', 'calls', -1], 'audit-db', options));
    await show(applyEdits(called, modify(called, ['components', 'audit-db'], { kind: 'database' }, options)), 2);
    const after = await boxes();
    assert.ok(inView(after['audit-db']!) && inView({ x: after['audit-db']!.x + 150, y: after['audit-db']!.y + 60 }), `audit-db in view: ${JSON.stringify(after['audit-db'])}`);
    assert.equal(await viewScale(), scale, 'panned, not zoomed');
    // Every component drawn before moved on the screen by one and the same pan.
    const moves = Object.entries(before).map(([id, b]) => ({ id, dx: after[id]!.x - b.x, dy: after[id]!.y - b.y }));
    assert.ok(moves.some((m) => Math.hypot(m.dx, m.dy) > 20), 'the view moved');
    assert.ok(moves.every((m) => Math.hypot(m.dx - moves[0]!.dx, m.dy - moves[0]!.dy) <= 2), `one pan for all: ${JSON.stringify(moves)}`);
    assertClean(await w.record());
  });

  it(`fits a drawing that would be fitted with text below ${MIN_FIT_TEXT_PX} px at that size instead, from its start`, async () => {
    await w.page.setViewportSize({ width: 1200, height: 400 });
    await show(generateTopology(46), 1);
    const k = await viewScale();
    assert.ok(FONT_SIZE * k >= MIN_FIT_TEXT_PX - 0.01, `text drawn at ${(FONT_SIZE * k).toFixed(1)} px`);
    const drawn = await boxes();
    assert.ok(Object.values(drawn).some((b) => !inView(b)), 'too large for the panel at that size: the rest is panned to');
    // Its start (where requests enter, top left) is in view.
    const first = Object.values(drawn).reduce((a, b) => (b.x + b.y < a.x + a.y ? b : a));
    assert.ok(inView(first), JSON.stringify(first));
    assertClean(await w.record());
  });

  it('a drawing larger than a narrow panel at readable text opens on its first components, not on an empty corner of its bounds', async () => {
    // payments with its platform is wide: its clients sit right of its bounds' left edge, over calls that fan out to the left.
    await w.page.setViewportSize({ width: 526, height: 900 });
    const payments = path.join(ROOT, 'examples', 'payments.scale.json');
    const legendShown = () => w.page.locator('svg.legend-overlay').isVisible();
    if (!(await legendShown())) await w.page.locator('button', { hasText: 'Legend' }).click();
    const n = await layoutReports();
    await w.post({ type: 'diagram', file: FILE, diagram: diagramOf(fs.readFileSync(payments, 'utf8'), URI, 1, undefined, importsOf(payments)) });
    for (let i = 0; i < 600 && (await layoutReports()) === n; i++) await new Promise((r) => setTimeout(r, 50));
    // Seen: a component's top left corner inside the drawing's part of the panel (above or beside the legend, when shown).
    const seen = async () => {
      const legend = (await w.page.evaluate(`(() => { const r = document.querySelector('svg.legend-overlay')?.getBoundingClientRect(); return r ? { x: r.x, y: r.y } : null; })()`)) as { x: number; y: number } | null;
      return Object.values(await boxes()).filter((b) => inView(b) && (!legend || b.y < legend.y || b.x < legend.x));
    };
    assert.ok(Object.values(await boxes()).some((b) => !inView(b)), 'too large for the panel at readable text');
    assert.ok((await seen()).length > 0, `no component in view: ${JSON.stringify(await boxes())}`);
    await w.page.locator('button[title^="Fit"]').click();
    assert.ok((await seen()).length > 0, 'no component in view after Fit');
    if (await legendShown()) await w.page.locator('button', { hasText: 'Legend' }).click();
    assertClean(await w.record());
  });

  it('keeps the view while the file is edited: a held cursor is highlighted in place and a repeated one changes nothing; a cursor moved to a node out of view pans to it', async () => {
    await show(urlShortener, 1);
    for (let k = 0; k < 4; k++) await w.page.locator('button[title^="Zoom in"]').click();
    const typed = diagramOf(typedAbove(NEW_COMPONENT), URI, 2);
    const added = typed.nodes.find((n) => n.id === 'audit-log')!;
    const at = { line: added.keyRange.start.line, character: added.keyRange.start.character + 2 };
    const before = await boxes();
    await w.post({ type: 'cursor', uri: URI, ...at, version: 2 });
    await show(typedAbove(NEW_COMPONENT), 2);
    await w.page.waitForSelector('g.node.cursor');
    const drawn = await boxes();
    await assertKept(before, drawn, 'audit-log');
    // The host says where the cursor is after each diagram: the same place, no pan.
    await w.post({ type: 'cursor', uri: URI, ...at, version: 2 });
    await new Promise((r) => setTimeout(r, 300));
    assertStill(drawn, await boxes());
    // Moved by the user to a component out of view: the view goes to it.
    const far = Object.entries(drawn).find(([id, b]) => id !== 'audit-log' && !inView(b));
    assert.ok(far, 'a component out of view at this zoom');
    const target = typed.nodes.find((n) => n.id === far[0])!;
    await w.post({ type: 'cursor', uri: URI, line: target.keyRange.start.line, character: target.keyRange.start.character + 1, version: 2 });
    for (let i = 0; i < 100 && !(await highlighted()).includes(far[0]); i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(await highlighted(), [far[0]]);
    assert.ok(inView((await boxes())[far[0]]!), `${far[0]} brought into view`);
    assertClean(await w.record());
  });
});
