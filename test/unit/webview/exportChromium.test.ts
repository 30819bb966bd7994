/**
 * The built webview's export in Chromium, under the panel's CSP: asked by the
 * host (`export`), it answers with a standalone SVG (the components as text,
 * colours as attributes: no CSS variables, classes or inline style) and a PNG
 * twice its size, drawn through a blob: image; with no drawing it says why;
 * the toolbar's SVG and PNG buttons ask the host to save. No CSP violation.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WebviewMessage } from '../../../src/core/webviewProtocol';
import { assertClean, diagramOf, openForSuite, type WebviewPage } from './chromiumPage';

const ROOT = path.resolve(__dirname, '../../..');
const urlShortener = fs.readFileSync(path.join(ROOT, 'examples', 'url-shortener.scale.json'), 'utf8');
const URI = 'file:///w/url-shortener.scale.json';
const FILE = 'examples/url-shortener.scale.json';

/** What the page's own parser makes of an SVG file: errors, texts, attributes a standalone file must not have, its size. */
const parseSvgInPage = (text: string) => `(() => {
  const doc = new DOMParser().parseFromString(${JSON.stringify(text)}, 'image/svg+xml');
  const root = doc.documentElement;
  return {
    errors: doc.getElementsByTagName('parsererror').length,
    root: root.localName,
    namespace: root.namespaceURI,
    width: Number(root.getAttribute('width')),
    height: Number(root.getAttribute('height')),
    texts: [...doc.querySelectorAll('text')].map((t) => t.textContent),
    styled: doc.querySelectorAll('[class], [style], style').length,
    filled: doc.querySelectorAll('[fill]').length,
  };
})()`;

describe('webview in Chromium: the drawing exported as SVG and PNG', function () {
  this.timeout(120_000);
  let w: WebviewPage;
  openForSuite({ state: JSON.stringify({ uri: URI }) }, (page) => (w = page));

  /** Posts an export request and gives back the webview's answer to it (validated as the host validates it). */
  const exportAs = async (id: number, format: 'svg' | 'png') => {
    const sent = (await w.record()).sent.length;
    await w.post({ type: 'export', id, format });
    const answer = await w.waitFor((m) => (m.type === 'exported' || m.type === 'exportFailed') && m.id === id, sent);
    const parsed = WebviewMessage.safeParse(answer);
    assert.ok(parsed.success, `the host would refuse the answer: ${JSON.stringify(answer).slice(0, 300)}`);
    return parsed.data;
  };

  it('says there is nothing to export before a diagram is shown', async () => {
    const answer = await exportAs(1, 'svg');
    assert.equal(answer.type, 'exportFailed');
    assert.match((answer as { reason: string }).reason, /^No SVG: no diagram is shown yet/);
  });

  it('exports a standalone SVG of the whole diagram: the components as text, colours as attributes', async () => {
    const d = diagramOf(urlShortener, URI);
    await w.post({ type: 'diagram', file: FILE, diagram: d });
    assert.equal((await w.waitFor((m) => m.type === 'layoutReport')).outcome, 'laidOut');
    // Zoomed in and with a node at the cursor: neither is in the image.
    await w.page.locator('button[title^="Zoom in"]').click();
    const api = d.nodes.find((n) => n.id === 'api')!;
    await w.post({ type: 'cursor', uri: URI, line: api.range.start.line, character: api.range.start.character + 1, version: d.version });
    await w.page.waitForSelector('g.node.cursor');

    const answer = await exportAs(2, 'svg');
    assert.equal(answer.type, 'exported');
    const { format, data } = answer as { format: string; data: string };
    assert.equal(format, 'svg');
    assert.match(data, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg /);
    assert.doesNotMatch(data, /var\(/, 'no CSS variables');
    assert.doesNotMatch(data, /transform="translate\([^)]*\) scale/, 'not the view\'s pan and zoom');
    const svg = (await w.page.evaluate(parseSvgInPage(data))) as { errors: number; root: string; namespace: string; width: number; height: number; texts: string[]; styled: number; filled: number };
    assert.equal(svg.errors, 0);
    assert.equal(svg.root, 'svg');
    assert.equal(svg.namespace, 'http://www.w3.org/2000/svg');
    for (const n of d.nodes) assert.ok(svg.texts.includes(n.id), `${n.id} is in the image as text`);
    assert.equal(svg.styled, 0, 'no class, style attribute or stylesheet');
    assert.ok(svg.filled > d.nodes.length, 'colours as fill attributes');
    assert.ok(svg.width > 100 && svg.height > 20, `${svg.width} x ${svg.height}`);
    // The cursor ring is back on the panel's node once the image is made.
    assert.equal(await w.page.locator('g.node.cursor').count(), 1);
    assertClean(await w.record());
  });

  it('exports a PNG twice the size of the SVG, drawn through a blob: image within the CSP', async () => {
    const svg = (await exportAs(3, 'svg')) as { data: string };
    const size = /<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"/.exec(svg.data)!;
    const answer = await exportAs(4, 'png');
    assert.equal(answer.type, 'exported');
    assert.equal((answer as { format: string }).format, 'png');
    const png = Buffer.from((answer as { data: string }).data, 'base64');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'the PNG signature');
    assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [Number(size[1]) * 2, Number(size[2]) * 2]);
    assertClean(await w.record());
  });

  it('says why when the diagram is shown as a list', async () => {
    const d = diagramOf(urlShortener, URI, 2);
    d.graph = undefined;
    d.notLaidOut = 'too large to lay out, for this test';
    const n = (await w.record()).sent.length;
    await w.post({ type: 'diagram', file: FILE, diagram: d });
    await w.waitFor((m) => m.type === 'layoutReport' && m.outcome === 'skipped', n);
    const answer = await exportAs(5, 'png');
    assert.equal(answer.type, 'exportFailed');
    assert.equal((answer as { reason: string }).reason, 'No PNG: the diagram is shown as a list, not drawn.');
    assertClean(await w.record());
  });

  it('asks the host to save when the toolbar\'s SVG or PNG button is clicked', async () => {
    for (const [format, label] of [['svg', 'an SVG'], ['png', 'a PNG']] as const) {
      const sent = (await w.record()).sent.length;
      await w.page.locator(`.toolbar button[title^="Save the diagram as ${label} image"]`).click();
      assert.deepEqual(await w.waitFor((m) => m.type === 'saveImage', sent), { type: 'saveImage', format });
    }
    assertClean(await w.record());
  });
});
