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
  return [g.querySelector('.node-id').textContent, { x: b.x, y: b.y }];
}))`;

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
  const boxes = async () => (await w.page.evaluate(PAGE_NODE_BOXES)) as Record<string, { x: number; y: number }>;
  /** Whether a box's corner is on the page's screen. */
  const inView = (b: { x: number; y: number }) => {
    const size = w.page.viewportSize()!;
    return b.x >= 0 && b.y >= 0 && b.x <= size.width && b.y <= size.height;
  };
  const highlighted = () => w.page.evaluate(`[...document.querySelectorAll('g.node.cursor .node-id')].map((t) => t.textContent)`) as Promise<string[]>;
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
    assertStill(before, after);
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
    assertStill(before, after);
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
    const far = Object.entries(await boxes()).find(([id, b]) => id !== 'audit-log' && !inView(b));
    assert.ok(far, 'a component out of view at this zoom');
    const target = typed.nodes.find((n) => n.id === far[0])!;
    await w.post({ type: 'cursor', uri: URI, line: target.keyRange.start.line, character: target.keyRange.start.character + 1, version: 3 });
    for (let i = 0; i < 100 && !(await highlighted()).includes(far[0]); i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(await highlighted(), [far[0]], 'highlighted');
    assertStill(before, await boxes());
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

  it('lays a document out top to bottom in a panel taller than wide, keeps that flow while the panel is resized, and chooses again for the next document', async () => {
    const order = (b: Record<string, { x: number; y: number }>, axis: 'x' | 'y') => ['clients', 'cdn', 'edge-lb', 'api'].map((id) => b[id]![axis]);
    const increasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);
    await w.page.setViewportSize({ width: 480, height: 900 });
    await show(urlShortener, 1);
    assert.ok(increasing(order(await boxes(), 'y')), `top to bottom: ${order(await boxes(), 'y').join(', ')}`);
    // Wider than tall now, and a new structure to lay out: the document keeps its flow.
    await w.page.setViewportSize({ width: 1200, height: 800 });
    await show(typedAbove(NEW_COMPONENT), 2);
    assert.ok(increasing(order(await boxes(), 'y')), 'still top to bottom');
    // Another document is laid out for the panel's shape now: left to right.
    const n = (await w.record()).sent.filter((m) => m.type === 'layoutReport').length;
    await w.post({ type: 'diagram', file: 'other.scale.json', diagram: diagramOf(urlShortener, 'file:///w/other.scale.json', 1) });
    for (let i = 0; i < 600 && (await w.record()).sent.filter((m) => m.type === 'layoutReport').length === n; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(increasing(order(await boxes(), 'x')), `left to right: ${order(await boxes(), 'x').join(', ')}`);
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
    assertStill(before, drawn);
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
