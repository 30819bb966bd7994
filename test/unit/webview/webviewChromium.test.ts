/**
 * The built webview in headless Chromium under its real CSP (nonce scripts,
 * `worker-src blob:`, no eval): the layout worker runs elkjs, the diagram is
 * drawn, numbers-only updates redraw without layout, clicks and the cursor
 * connect to the editor, hostile text stays text, a failed layout falls back
 * to the list, a reload restores zoom and pan — with zero CSP violations and
 * zero script errors throughout. Skipped when Chromium or dist/webview.js is
 * missing (npm test builds dist first).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertClean, diagramOf, openForSuite, openWebview, type WebviewPage } from './chromiumPage';

const ROOT = path.resolve(__dirname, '../../..');
const urlShortener = fs.readFileSync(path.join(ROOT, 'examples', 'url-shortener.scale.json'), 'utf8');
const URI = 'file:///w/url-shortener.scale.json';

describe('webview in Chromium (CSP, worker layout, interaction)', function () {
  this.timeout(120_000);
  let w: WebviewPage;
  openForSuite({ state: JSON.stringify({ uri: URI }) }, (page) => (w = page));

  const reports = async () => (await w.record()).sent.filter((m) => m.type === 'layoutReport');
  const transform = () => w.page.locator('g.viewport').getAttribute('transform');
  /** The layout report that follows the first `n`. */
  const nextReport = async (n: number) => {
    for (let i = 0; i < 600; i++) {
      const all = await reports();
      if (all.length > n) return all[n]!;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('no layout report');
  };

  it('says ready before anything else, then lays out in the blob worker and draws nodes, edges and badges', async () => {
    const first = await w.waitFor(() => true);
    assert.equal(first.type, 'ready');
    const d = diagramOf(urlShortener, URI);
    await w.post({ type: 'diagram', file: 'examples/url-shortener.scale.json', diagram: d });
    const report = await w.waitFor((m) => m.type === 'layoutReport');
    assert.equal(report.outcome, 'laidOut', JSON.stringify(report));
    assert.equal(await w.page.locator('g.node').count(), d.nodes.length);
    // The calls, and the relation no call carries (url-cache fronts urls).
    assert.equal(await w.page.locator('g.edge:not(.relation)').count(), d.edges.length);
    assert.equal(await w.page.locator('g.edge.relation').count(), d.relations!.length);
    assert.equal(await w.page.locator('g.node .node-id', { hasText: /^edge-lb$/ }).count(), 1);
    assert.ok(await w.page.locator('text.edge-label', { hasText: '40k rps' }).count() >= 1);
    assert.equal(await w.page.locator('.instance-badge-text', { hasText: '×9' }).count(), 1);
    const withFindings = d.nodes.filter((n) => n.findings.counts.error + n.findings.counts.warning + n.findings.counts.info > 0).length;
    assert.equal(await w.page.locator('g.node:has(.finding-badge)').count(), withFindings);
    // The view (fitted) is kept with setState, a moment later.
    for (let i = 0; i < 100 && !((await w.record()).state as { view?: unknown } | undefined)?.view; i++) await new Promise((res) => setTimeout(res, 50));
    const r = await w.record();
    assert.deepEqual(Object.keys(r.state as object), ['uri', 'simulation', 'view']);
    assert.equal((r.state as { simulation: { open: boolean } }).simulation.open, false, 'the simulation panel starts closed');
    assert.equal((r.state as { uri: string }).uri, URI);
    assertClean(r);
  });

  it('the blob worker runs under the page\'s CSP, which refuses eval: elkjs laid out without it', async () => {
    // A worker from a blob: URL inherits the page's policy, so the layout above ran with eval refused.
    await w.page.evaluate(`(() => {
      const url = URL.createObjectURL(new Blob(["try { eval('1'); postMessage('eval ran') } catch (e) { postMessage(e.name) }"], { type: 'text/javascript' }));
      const worker = new Worker(url);
      worker.onmessage = (e) => { window.__probe = e.data; worker.terminate(); };
    })()`);
    for (let i = 0; i < 100 && (await w.page.evaluate('window.__probe')) === undefined; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(await w.page.evaluate('window.__probe'), 'EvalError');
  });

  it('redraws without layout when only numbers change, keeping zoom and pan', async () => {
    await w.page.locator('button[title^="Zoom in"]').click();
    const before = await transform();
    const n = (await reports()).length;
    const d = diagramOf(urlShortener.replace('"peakRps": 40000', '"peakRps": 80000'), URI, 2);
    await w.post({ type: 'diagram', file: 'examples/url-shortener.scale.json', diagram: d });
    assert.equal((await nextReport(n)).outcome, 'cached');
    assert.ok(await w.page.locator('text.edge-label', { hasText: '80k rps' }).count() >= 1, 'the new figure is drawn');
    assert.equal(await transform(), before);
    assertClean(await w.record());
  });

  // Regression: a redraw (an edit's figures, a simulation's result) made every node anew and left the keyboard's focus
  // on none, so Enter pressed on a focused node as a result arrived did nothing (a what-if panel stayed on another component).
  it('a redraw keeps the keyboard\'s focus on the node it was on: Enter then reveals that node', async () => {
    const urls = diagramOf(urlShortener, URI).nodes.find((x) => x.id === 'urls')!;
    await w.page.locator('g.node', { has: w.page.locator('.node-id', { hasText: /^urls$/ }) }).focus();
    const n = (await reports()).length;
    await w.post({ type: 'diagram', file: 'examples/url-shortener.scale.json', diagram: diagramOf(urlShortener.replace('"peakRps": 40000', '"peakRps": 60000'), URI, 3) });
    assert.equal((await nextReport(n)).outcome, 'cached');
    assert.ok(await w.page.locator('text.edge-label', { hasText: '60k rps' }).count() >= 1, 'drawn anew');
    assert.equal(await w.page.evaluate('document.activeElement?.closest("g.node")?.querySelector(".node-id")?.textContent'), 'urls');
    const sent = (await w.record()).sent.length;
    await w.page.keyboard.press('Enter');
    const reveal = await w.waitFor((m) => m.type === 'reveal', sent);
    assert.equal(reveal.line, urls.keyRange.start.line);
    assertClean(await w.record());
  });

  it('a click on a node reveals its declaration; the editor\'s cursor highlights its node', async () => {
    const d = diagramOf(urlShortener, URI);
    const api = d.nodes.find((x) => x.id === 'api')!;
    const sent = (await w.record()).sent.length;
    await w.page.locator('g.node', { has: w.page.locator('.node-id', { hasText: /^api$/ }) }).click();
    const reveal = await w.waitFor((m) => m.type === 'reveal', sent);
    assert.deepEqual(reveal, { type: 'reveal', line: api.keyRange.start.line, character: api.keyRange.start.character, endLine: api.keyRange.end.line, endCharacter: api.keyRange.end.character });

    const urls = d.nodes.find((x) => x.id === 'urls')!;
    await w.post({ type: 'cursor', uri: URI, line: urls.range.start.line + 2, character: 4, version: 2 });
    await w.page.waitForSelector('g.node.cursor');
    assert.equal(await w.page.locator('g.node.cursor .node-id').textContent(), 'urls');
    assertClean(await w.record());
  });

  it('lays out again when the structure changes, and draws the new component', async () => {
    const n = (await reports()).length;
    const edited = urlShortener.replace('"components": {', '"components": {\n    "audit": { "kind": "service", "instances": 2 },').replace('"calls": ["url-cache", "urls"]', '"calls": ["url-cache", "urls", "audit"]');
    const d = diagramOf(edited, URI, 3);
    await w.post({ type: 'diagram', file: 'examples/url-shortener.scale.json', diagram: d });
    assert.equal((await nextReport(n)).outcome, 'laidOut');
    assert.equal(await w.page.locator('g.node').count(), d.nodes.length);
    assert.equal(await w.page.locator('g.node .node-id', { hasText: /^audit$/ }).count(), 1);
    assertClean(await w.record());
  });

  it('draws markup, script end tags and javascript: URLs from the file as text: nothing runs, no CSP violation', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    const text = `{"version":1,"name":"</script><script>window.__pwned=2</script>","workload":{"peakRps":10},"components":{
      "web":{"kind":"client","description":"javascript:window.__pwned=3","calls":["api"]},
      "api":{"kind":"service","description":"<svg onload=window.__pwned=4>"},
      ${JSON.stringify(evil)}:{"kind":"service"}}}`;
    const n = (await reports()).length;
    await w.post({ type: 'diagram', file: '<b>x</b>.scale.json', diagram: diagramOf(text, 'file:///w/evil.scale.json') });
    assert.equal((await nextReport(n)).outcome, 'laidOut');
    assert.equal(await w.page.evaluate('window.__pwned'), undefined);
    assert.equal(await w.page.evaluate('document.querySelectorAll("img, script:not([nonce]), foreignObject, iframe").length'), 0);
    assert.equal(await w.page.locator('g.node .node-id', { hasText: '<img src=x' }).count(), 1);
    assert.equal(await w.page.locator('.toolbar .title').textContent(), '</script><script>window.__pwned=2</script> — <b>x</b>.scale.json');
    assertClean(await w.record());
  });

  it('ignores malformed and oversized messages', async () => {
    const sent = (await w.record()).sent.length;
    const d = diagramOf(urlShortener, URI);
    await w.post({ type: 'diagram', file: 'x', diagram: { ...d, nodes: 'all' } });
    await w.post({ type: 'diagram', file: 'x'.repeat(5000), diagram: d });
    await w.post({ type: 'cursor', uri: URI, line: -1, character: 0, version: 2 });
    await w.post('<img src=x onerror=alert(1)>');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await w.record()).sent.length, sent, 'nothing happened');
    assertClean(await w.record());
  });

  it('falls back to the readable list when the layout fails', async () => {
    const d = diagramOf(urlShortener, 'file:///w/broken.scale.json');
    // Only a hand-made graph has a dangling edge (the builder never emits one): elkjs throws on it.
    d.graph!.edges!.push({ id: 'e:x', sources: ['c:clients'], targets: ['c:nowhere'] });
    d.layoutKey = 'hand-made';
    // Counts in the list are grouped like every other figure: "×1,500", "1,234 more".
    d.nodes[1]!.instances = 1500;
    d.omittedNodes = 1234;
    const n = (await reports()).length;
    await w.post({ type: 'diagram', file: 'broken.scale.json', diagram: d });
    assert.equal((await nextReport(n)).outcome, 'error');
    assert.equal(await w.page.locator('.fallback li.component').count(), d.nodes.length);
    assert.match((await w.page.locator('.fallback-reason').first().textContent())!, /layout failed/);
    assert.equal(await w.page.locator('.fallback .component-kind', { hasText: `${d.nodes[1]!.kind} ×1,500` }).count(), 1);
    assert.equal(await w.page.locator('.fallback-reason', { hasText: '… and 1,234 more components' }).count(), 1);
    assertClean(await w.record());
  });

  it('a reload restores the zoom and pan the panel kept', async function () {
    const view = { x: 5, y: 6, k: 0.5 };
    const again = await openWebview({ state: JSON.stringify({ uri: URI }), kept: { uri: URI, view } });
    try {
      await again.waitFor((m) => m.type === 'ready');
      await again.post({ type: 'diagram', file: 'examples/url-shortener.scale.json', diagram: diagramOf(urlShortener, URI) });
      await again.waitFor((m) => m.type === 'layoutReport');
      assert.equal(await again.page.locator('g.viewport').getAttribute('transform'), 'translate(5 6) scale(0.5)');
      assertClean(await again.record());
    } finally {
      await again.close();
    }
  });
});
