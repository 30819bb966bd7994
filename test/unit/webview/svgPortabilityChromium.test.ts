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
 * difference: test-results/webview/svg-portability/. The same for the page
 * `scale diff --format html` writes: its head's diagram, saved from the
 * page's toolbar, its change marks drawn in colours mixed by its stylesheet.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXAMPLES_DIR, importsOf, REPO_ROOT } from '../../support/exampleImports';
import type { Browser } from 'playwright-core';
import { startupChange } from '../../../scripts/exampleChange';
import { runScale } from '../../support/cliProcess';
import { git } from '../../support/gitRepo';
import { openPage } from '../../support/reportPage';
import { assertClean, CHROMIUM, diagramOf, openWebview, webviewAvailable, type WebviewPage } from './chromiumPage';

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

/** Fails (not a skip) without rsvg-convert: a machine that runs the webview's tests has to check the file outside the browser too. */
function needRsvg(): void {
  assert.ok(rsvgConvert(), 'rsvg-convert is not on PATH: install Debian\'s librsvg2-bin (.ci/run does) to check the exported SVG outside Chromium');
  fs.mkdirSync(SHOTS, { recursive: true });
}

/** Asserts that an exported SVG needs nothing a renderer without the page's stylesheet, VS Code's variables or an HTML engine would miss, and that rsvg-convert draws it as Chromium does (the files go to SHOTS as `name`). */
async function assertPortable(browser: Browser, svg: string, name: string): Promise<void> {
  const rsvg = rsvgConvert();
  assert.ok(rsvg, 'rsvg-convert is not on PATH');
  assert.doesNotMatch(svg, /var\(--/, 'a CSS variable left in the file');
  assert.doesNotMatch(svg, /currentColor/i, 'currentColor left in the file');
  assert.doesNotMatch(svg, /foreignObject/i, 'HTML in the file');
  assert.doesNotMatch(svg, /auto-start-reverse/, 'a marker orientation librsvg does not read');
  assert.doesNotMatch(svg, /<style|\sstyle=|\sclass=/, 'styles or classes left in the file');
  // Colours as SVG 1.1 gives them (librsvg reads no CSS Color 4 or 5 function): no color-mix(), color(), lab(), oklch()…
  for (const [, attr, value] of svg.matchAll(/\s(fill|stroke|stop-color|flood-color)="([^"]*)"/g)) {
    assert.match(value!, /^(none|#[0-9a-f]{3,8}|rgba?\([\d., ]+\)|url\(#[^)]+\)|[a-z]+)$/i, `a colour librsvg may not read: ${attr}="${value}"`);
  }
  for (const [, family] of svg.matchAll(/font-family="([^"]*)"/g)) assert.match(family!, /(serif|sans-serif|monospace)\s*$/, `a font list without a generic family: ${family}`);
  const [, width, height] = /<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"/.exec(svg)!.map(Number) as [number, number, number];

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-svg-'));
  try {
    const svgPath = path.join(tmp, `${name}.svg`);
    const pngPath = path.join(SHOTS, `${name}.rsvg.png`);
    fs.writeFileSync(svgPath, svg);
    execFileSync(rsvg, ['--width', String(width), '--height', String(height), '--format', 'png', '--output', pngPath, svgPath], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
    const blank = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    try {
      const c = (await blank.evaluate(`(${COMPARE})(${JSON.stringify({ svg, png: fs.readFileSync(pngPath).toString('base64'), width, height, threshold: CHANNEL_THRESHOLD })})`)) as Comparison;
      fs.writeFileSync(path.join(SHOTS, `${name}.diff.png`), Buffer.from(c.diffPng, 'base64'));
      fs.copyFileSync(svgPath, path.join(SHOTS, `${name}.svg`));
      const shapeShare = c.shapeDiff / c.shape;
      const textShare = c.text ? c.textDiff / c.text : 0;
      const summary = `${width}×${height}: ${(100 * shapeShare).toFixed(2)}% of the pixels outside the text differ, ${(100 * textShare).toFixed(1)}% inside it`;
      assert.ok(c.text > 0, 'the text\'s boxes were measured');
      assert.ok(shapeShare <= MAX_SHAPE_DIFF, `${summary} (at most ${100 * MAX_SHAPE_DIFF}% outside the text)`);
      assert.ok(textShare <= MAX_TEXT_DIFF, `${summary} (at most ${100 * MAX_TEXT_DIFF}% inside it)`);
    } finally {
      await blank.close();
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

describe('webview in Chromium: the exported SVG drawn by librsvg as by Chromium', function () {
  this.timeout(180_000);
  before(function () {
    if (!webviewAvailable) this.skip();
    needRsvg();
  });

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

          await assertPortable(w.browser, svg, `${name}-${theme}`);
          assertClean(await w.record());
        });
      }
    });
  }
});

describe('scale diff --format html in Chromium: the exported SVG of each side drawn by librsvg as by Chromium', function () {
  this.timeout(180_000);
  let repo: string;
  let page: string;
  before(function () {
    if (!webviewAvailable) this.skip();
    needRsvg();
    // The startup example's next pull request (a cache added in front of its database, more app servers): every mark.
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-svg-diff-'));
    const text = fs.readFileSync(path.join(EXAMPLES_DIR, 'startup.scale.json'), 'utf8');
    fs.writeFileSync(path.join(repo, 'startup.scale.json'), text);
    git(repo, 'init', '-q');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'startup');
    fs.writeFileSync(path.join(repo, 'startup.scale.json'), startupChange(text));
    page = path.join(repo, 'diff.html');
    const r = runScale(['diff', '--base', 'HEAD', '--format', 'html', '-o', page], repo);
    assert.equal(r.status, 0, r.stderr);
  });
  after(() => repo && fs.rmSync(repo, { recursive: true, force: true }));

  for (const scheme of ['light', 'dark'] as const) {
    it(`${scheme}: the head's diagram, its added and changed components marked, as a file rsvg-convert draws as Chromium does`, async () => {
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
      try {
        const { page: p, violations } = await openPage(browser, page, { colorScheme: scheme, width: 1400 });
        const head = p.locator('.side.head');
        assert.equal(await head.locator('svg.canvas .node.diff-added').count(), 1, 'db-cache marked as added');
        const [download] = await Promise.all([p.waitForEvent('download'), head.getByRole('button', { name: 'Save the diagram as SVG' }).click()]);
        const svg = fs.readFileSync((await download.path())!, 'utf8');
        assert.ok(svg.includes('>db-cache</text>'));
        await assertPortable(browser, svg, `diff-startup-head-${scheme}`);
        assert.deepEqual(await violations(), []);
      } finally {
        await browser.close();
      }
    });
  }
});
