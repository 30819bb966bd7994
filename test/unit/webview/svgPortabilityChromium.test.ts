/**
 * The exported SVG is a portable file: drawn by librsvg (`rsvg-convert`, what
 * GNOME, ImageMagick, Inkscape's import and many wikis use) it looks as it
 * does in Chromium. For each example, in the light, dark and high-contrast
 * themes: the file holds no CSS variable, `currentColor`, foreignObject or
 * `auto-start-reverse` marker, every font list ends in a generic family; then
 * Chromium draws it and rsvg-convert draws it at the same size, and the two
 * bitmaps are compared pixel by pixel in a blank page (Chromium decodes both
 * through a canvas). Glyphs are rasterised differently by the two (hinting,
 * antialiasing, a fraction of a pixel of advance), so pixels inside the text's
 * boxes are held to a looser bound than the rest. PNGs of both and of the
 * difference: test-results/webview/svg-portability/.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXAMPLES_DIR, importsOf, REPO_ROOT } from '../../support/exampleImports';
import { assertClean, diagramOf, openWebview, webviewAvailable, type WebviewPage } from './chromiumPage';

const SHOTS = path.join(REPO_ROOT, 'test-results', 'webview', 'svg-portability');
const EXAMPLES = ['url-shortener', 'ecommerce', 'payments', 'social-feed', 'startup'];

/** A pixel differs when a channel differs by more than this (of 255): antialiasing's half-covered edges stay under it only where both draw the same shape. */
const CHANNEL_THRESHOLD = 64;
/** At most this share of the pixels outside the text may differ: a line or a box's edge half a pixel apart, nothing more. */
const MAX_SHAPE_DIFF = 0.002;
/** At most this share of the pixels in the text's boxes may differ: glyphs are rasterised differently, but a missing or recoloured label differs in far more. */
const MAX_TEXT_DIFF = 0.1;

/** Where librsvg's command-line renderer is (Debian's librsvg2-bin), if anywhere on PATH. */
function rsvgConvert(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, 'rsvg-convert');
    if (dir && fs.existsSync(file)) return file;
  }
  return undefined;
}

/**
 * Runs in a blank page: draws the SVG (Chromium) and the PNG (rsvg-convert's) on canvases of the SVG's size and
 * counts differing pixels, inside the text's boxes (as Chromium lays the text out, a pixel around) and outside them;
 * gives back a PNG of the difference.
 */
const COMPARE = `async ({ svg, png, width, height, threshold }) => {
  const load = async (src) => { const i = new Image(); i.src = src; await i.decode(); return i; };
  const pixels = (image) => {
    const c = document.createElement('canvas');
    c.width = width; c.height = height;
    const ctx = c.getContext('2d');
    ctx.drawImage(image, 0, 0, width, height);
    return ctx.getImageData(0, 0, width, height);
  };
  const svgUrl = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  const a = pixels(await load(svgUrl));
  const b = pixels(await load('data:image/png;base64,' + png));
  URL.revokeObjectURL(svgUrl);
  // The text's boxes: the file inline, at its own size, at the page's origin.
  const holder = document.createElement('div');
  holder.style.cssText = 'position:absolute;left:0;top:0';
  holder.innerHTML = svg.replace(/^<\\?xml[^>]*>\\s*/, '');
  document.body.append(holder);
  const origin = holder.firstElementChild.getBoundingClientRect();
  const inText = new Uint8Array(width * height);
  for (const t of holder.querySelectorAll('text')) {
    const r = t.getBoundingClientRect();
    for (let y = Math.max(0, Math.floor(r.top - origin.top) - 1); y < Math.min(height, Math.ceil(r.bottom - origin.top) + 1); y++)
      for (let x = Math.max(0, Math.floor(r.left - origin.left) - 1); x < Math.min(width, Math.ceil(r.right - origin.left) + 1); x++) inText[y * width + x] = 1;
  }
  holder.remove();
  const diff = document.createElement('canvas');
  diff.width = width; diff.height = height;
  const dctx = diff.getContext('2d');
  const out = dctx.createImageData(width, height);
  let shape = 0, shapeDiff = 0, text = 0, textDiff = 0;
  for (let i = 0; i < width * height; i++) {
    let d = 0;
    for (let ch = 0; ch < 4; ch++) d = Math.max(d, Math.abs(a.data[i * 4 + ch] - b.data[i * 4 + ch]));
    const differs = d > threshold;
    if (inText[i]) { text++; if (differs) textDiff++; } else { shape++; if (differs) shapeDiff++; }
    out.data[i * 4] = differs ? 255 : a.data[i * 4] / 3;
    out.data[i * 4 + 1] = differs ? 0 : a.data[i * 4 + 1] / 3;
    out.data[i * 4 + 2] = differs ? 0 : a.data[i * 4 + 2] / 3;
    out.data[i * 4 + 3] = 255;
  }
  dctx.putImageData(out, 0, 0);
  return { shape, shapeDiff, text, textDiff, diffPng: diff.toDataURL('image/png').slice('data:image/png;base64,'.length) };
}`;

interface Comparison {
  shape: number;
  shapeDiff: number;
  text: number;
  textDiff: number;
  diffPng: string;
}

describe('webview in Chromium: the exported SVG drawn by librsvg as by Chromium', function () {
  this.timeout(180_000);
  const rsvg = rsvgConvert();
  let tmp: string;
  before(function () {
    if (!webviewAvailable) this.skip();
    // Not a skip: a machine that runs the webview's tests has to check the file outside the browser too.
    assert.ok(rsvg, 'rsvg-convert is not on PATH: install Debian\'s librsvg2-bin (.ci/run does) to check the exported SVG outside Chromium');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-svg-'));
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

  for (const theme of ['light', 'dark', 'highContrast'] as const) {
    describe(`${theme} theme`, () => {
      let w: WebviewPage;
      before(async function () {
        if (!webviewAvailable) this.skip();
        w = await openWebview({ state: JSON.stringify({ uri: 'file:///w/t.scale.json' }), theme });
        await w.waitFor((m) => m.type === 'ready');
      });
      after(async () => w?.close());

      for (const name of EXAMPLES) {
        it(`${name}: a self-contained file that rsvg-convert draws as Chromium does`, async () => {
          const file = path.join(EXAMPLES_DIR, `${name}.scale.json`);
          const uri = pathToFileURL(file).href;
          const d = diagramOf(fs.readFileSync(file, 'utf8'), uri, 1, undefined, importsOf(file));
          let sent = (await w.record()).sent.length;
          await w.post({ type: 'diagram', file: `examples/${name}.scale.json`, diagram: d });
          const report = await w.waitFor((m) => m.type === 'layoutReport', sent);
          assert.equal(report.outcome, 'laidOut', JSON.stringify(report));
          sent = (await w.record()).sent.length;
          await w.post({ type: 'export', id: 1, format: 'svg' });
          const answer = await w.waitFor((m) => m.type === 'exported' || m.type === 'exportFailed', sent);
          assert.equal(answer.type, 'exported', JSON.stringify(answer));
          const svg = answer.data as string;

          // Nothing a renderer without the page's stylesheet, VS Code's variables or an HTML engine would miss.
          assert.doesNotMatch(svg, /var\(--/, 'a CSS variable left in the file');
          assert.doesNotMatch(svg, /currentColor/i, 'currentColor left in the file');
          assert.doesNotMatch(svg, /foreignObject/i, 'HTML in the file');
          assert.doesNotMatch(svg, /auto-start-reverse/, 'a marker orientation librsvg does not read');
          assert.doesNotMatch(svg, /<style|\sstyle=|\sclass=/, 'styles or classes left in the file');
          for (const [, family] of svg.matchAll(/font-family="([^"]*)"/g)) assert.match(family!, /(serif|sans-serif|monospace)\s*$/, `a font list without a generic family: ${family}`);
          const [, width, height] = /<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"/.exec(svg)!.map(Number) as [number, number, number];

          const svgPath = path.join(tmp, `${name}-${theme}.svg`);
          const pngPath = path.join(SHOTS, `${name}-${theme}.rsvg.png`);
          fs.writeFileSync(svgPath, svg);
          execFileSync(rsvg!, ['--width', String(width), '--height', String(height), '--format', 'png', '--output', pngPath, svgPath], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
          const blank = await w.browser.newPage({ viewport: { width: 1200, height: 800 } });
          try {
            const c = (await blank.evaluate(`(${COMPARE})(${JSON.stringify({ svg, png: fs.readFileSync(pngPath).toString('base64'), width, height, threshold: CHANNEL_THRESHOLD })})`)) as Comparison;
            fs.writeFileSync(path.join(SHOTS, `${name}-${theme}.diff.png`), Buffer.from(c.diffPng, 'base64'));
            fs.copyFileSync(svgPath, path.join(SHOTS, `${name}-${theme}.svg`));
            const shapeShare = c.shapeDiff / c.shape;
            const textShare = c.text ? c.textDiff / c.text : 0;
            const summary = `${width}×${height}: ${(100 * shapeShare).toFixed(2)}% of the pixels outside the text differ, ${(100 * textShare).toFixed(1)}% inside it`;
            assert.ok(c.text > 0, 'the text\'s boxes were measured');
            assert.ok(shapeShare <= MAX_SHAPE_DIFF, `${summary} (at most ${100 * MAX_SHAPE_DIFF}% outside the text)`);
            assert.ok(textShare <= MAX_TEXT_DIFF, `${summary} (at most ${100 * MAX_TEXT_DIFF}% inside it)`);
          } finally {
            await blank.close();
          }
          assertClean(await w.record());
        });
      }
    });
  }
});
