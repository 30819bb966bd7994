/**
 * The charts of `scale report`'s page (the simulation panel's, drawn by
 * webview/charts.ts on canvases) in headless Chromium: no two texts a chart
 * draws overlap — axis titles, tick labels, a timeline's event labels — for
 * every example, on a wide page and on one as narrow as a panel beside an
 * editor. Each text's box is what Chromium measures of it where it is drawn
 * (its `fillText` recorded with the context's transform, alignment and
 * baseline), so a label is held to the room it really takes.
 */
import { runScale } from '../support/cliProcess';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { usePageBrowser } from '../support/reportPage';

const ROOT = path.resolve(__dirname, '../..');
const SHOTS = path.join(ROOT, 'test-results', 'report');
const EXAMPLES = ['url-shortener', 'ecommerce', 'payments', 'social-feed', 'startup'];

/**
 * Runs before the page's script: records every text drawn on a canvas with its box in the canvas's pixels, the
 * record of a canvas starting again when it is cleared whole (a redraw).
 */
const RECORD_TEXT = `
window.__texts = new Map();
const proto = CanvasRenderingContext2D.prototype;
const fill = proto.fillText, clear = proto.clearRect;
proto.clearRect = function (x, y, w, h) {
  if (x <= 0 && y <= 0 && w >= this.canvas.width && h >= this.canvas.height) window.__texts.set(this.canvas, []);
  return clear.apply(this, arguments);
};
proto.fillText = function (text, x, y) {
  const m = this.measureText(text);
  const t = this.getTransform();
  const corners = [[x - m.actualBoundingBoxLeft, y - m.actualBoundingBoxAscent], [x + m.actualBoundingBoxRight, y - m.actualBoundingBoxAscent],
    [x - m.actualBoundingBoxLeft, y + m.actualBoundingBoxDescent], [x + m.actualBoundingBoxRight, y + m.actualBoundingBoxDescent]]
    .map(([cx, cy]) => [t.a * cx + t.c * cy + t.e, t.b * cx + t.d * cy + t.f]);
  const xs = corners.map((c) => c[0]), ys = corners.map((c) => c[1]);
  if (String(text).trim() !== '') {
    if (!window.__texts.has(this.canvas)) window.__texts.set(this.canvas, []);
    window.__texts.get(this.canvas).push({ text: String(text), left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys) });
  }
  return fill.apply(this, arguments);
};`;

/** The texts of each chart on the page that is drawn: its name, its canvas's size and the boxes. */
const READ = `[...document.querySelectorAll('.chart[role=img]')].map((host) => {
  const canvas = host.querySelector('canvas');
  return { chart: host.getAttribute('aria-label'), width: canvas ? canvas.width : 0, height: canvas ? canvas.height : 0, texts: (canvas && window.__texts.get(canvas)) || [] };
})`;

interface Box { text: string; left: number; right: number; top: number; bottom: number }
interface Chart { chart: string; width: number; height: number; texts: Box[] }

/** How far two boxes overlap, in pixels each way (≤ 0: they do not). */
const overlap = (a: Box, b: Box) => Math.min(Math.min(a.right, b.right) - Math.max(a.left, b.left), Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));

describe('scale report: the charts\' texts in Chromium', function () {
  this.timeout(180_000);
  const chromium = usePageBrowser('scale-report-charts-');
  before(() => fs.mkdirSync(SHOTS, { recursive: true }));

  for (const name of EXAMPLES) {
    it(`${name}: no two texts of a chart overlap, and none leaves its canvas, on a wide and a narrow page`, async () => {
      const file = path.join(chromium.dir(), `${name}.html`);
      const r = runScale(['report', `examples/${name}.scale.json`, '-o', file], ROOT);
      assert.equal(r.status, 0, r.stderr);
      for (const width of [1280, 520, 300]) {
        const page = await chromium.browser().newPage({ viewport: { width, height: 900 } });
        try {
          await page.addInitScript({ content: RECORD_TEXT });
          await page.goto(`file://${file}`);
          await page.locator('h1').waitFor();
          const hosts = page.locator('.chart[role=img]');
          const count = await hosts.count();
          if (count === 0) continue;
          // Every chart drawn (they draw once they have a width), then read once the page is still.
          for (let i = 0; i < count; i++) await hosts.nth(i).locator('canvas').waitFor({ state: 'attached' });
          await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
          const charts = (await page.evaluate(READ)) as Chart[];
          const problems: string[] = [];
          for (const c of charts) {
            assert.ok(c.texts.length > 0, `${c.chart}: its texts were recorded`);
            for (const t of c.texts) {
              if (t.left < -1 || t.top < -1 || t.right > c.width + 1 || t.bottom > c.height + 1) problems.push(`${c.chart}: "${t.text}" leaves the canvas (${c.width}×${c.height}): ${JSON.stringify(t)}`);
            }
            for (let i = 0; i < c.texts.length; i++) {
              for (let j = i + 1; j < c.texts.length; j++) {
                const [a, b] = [c.texts[i]!, c.texts[j]!];
                // Antialiasing's half pixel aside.
                if (overlap(a, b) > 1) problems.push(`${c.chart}: "${a.text}" and "${b.text}" overlap: ${JSON.stringify([a, b])}`);
              }
            }
          }
          if (problems.length > 0) await page.screenshot({ path: path.join(SHOTS, `${name}-charts-${width}.png`), fullPage: true });
          assert.deepEqual(problems, [], `${name} at ${width} px`);
        } finally {
          await page.close();
        }
      }
    });
  }
});
