/**
 * The built webview draws what a design imports in Chromium, under the
 * panel's CSP: social-feed's platform components in a box titled after the
 * import, drawn as external (the box, a strip on each component) in a colour
 * of their own that reads on the light, dark and high-contrast themes, with
 * their load and finding badges; a click on one asks the host to open the
 * platform file at its declaration, and the editor's cursor in the design
 * never lands on one of them.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { importsOf } from '../../support/exampleImports';
import { assertClean, diagramOf, openWebview, THEMES, webviewAvailable, type WebviewPage } from './chromiumPage';

const ROOT = path.resolve(__dirname, '../../..');
const SHOTS = path.join(ROOT, 'test-results', 'webview');
const FEED = path.join(ROOT, 'examples', 'social-feed.scale.json');
const PLATFORM = fs.realpathSync(path.join(ROOT, 'examples', 'platform', 'platform.scale.json'));
const URI = pathToFileURL(FEED).href;
const feed = fs.readFileSync(FEED, 'utf8');

/** Reads what the page drew of the imports. */
const READ = `(() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, right: r.right, bottom: r.bottom }; };
  const file = document.querySelector('g.group.file');
  const id = (g) => g.querySelector('.node-id').textContent;
  return {
    files: document.querySelectorAll('g.group.file').length,
    title: file && file.querySelector('.group-title').textContent,
    tooltip: file && file.querySelector('title').textContent,
    box: file && box(file.querySelector('rect')),
    externalZones: [...document.querySelectorAll('g.group.zone.external .group-title')].map((t) => t.textContent),
    external: [...document.querySelectorAll('g.node.external')].map((g) => ({ id: id(g), box: box(g.querySelector('.node-box')), strip: g.querySelectorAll('.external-strip').length, title: g.querySelector(':scope > title').textContent, label: g.getAttribute('aria-label'), badges: [...g.querySelectorAll('.finding-badge')].map((b) => b.getAttribute('class')), load: (g.querySelector('.node-load') || {}).textContent })),
    own: [...document.querySelectorAll('g.node:not(.external)')].map((g) => ({ id: id(g), strip: g.querySelectorAll('.external-strip').length })),
    colours: {
      fileStroke: getComputedStyle(file.querySelector('rect')).stroke,
      fileDash: getComputedStyle(file.querySelector('rect')).strokeDasharray,
      title: getComputedStyle(file.querySelector('.group-title')).fill,
      strip: getComputedStyle(document.querySelector('.external-strip')).fill,
      background: getComputedStyle(document.body).backgroundColor,
      ownBox: getComputedStyle(document.querySelector('g.node:not(.external) .node-box')).stroke,
    },
  };
})()`;

type Drawn = {
  files: number;
  title: string;
  tooltip: string;
  box: { x: number; y: number; right: number; bottom: number };
  externalZones: string[];
  external: { id: string; box: Drawn['box']; strip: number; title: string; label: string; badges: string[]; load: string }[];
  own: { id: string; strip: number }[];
  colours: Record<'fileStroke' | 'fileDash' | 'title' | 'strip' | 'background' | 'ownBox', string>;
};

/** The WCAG contrast ratio of two CSS rgb() colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = c.match(/[\d.]+/g)!.slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

describe('webview in Chromium: imported components', function () {
  this.timeout(120_000);
  const d = diagramOf(feed, URI, 1, undefined, importsOf(FEED));

  for (const theme of ['light', 'dark', 'highContrast'] as const) {
    describe(`${theme} theme`, () => {
      let w: WebviewPage;
      before(async function () {
        if (!webviewAvailable) this.skip();
        fs.mkdirSync(SHOTS, { recursive: true });
        w = await openWebview({ state: JSON.stringify({ uri: URI }), theme });
        await w.waitFor((m) => m.type === 'ready');
        await w.post({ type: 'diagram', file: 'examples/social-feed.scale.json', diagram: d });
        const report = await w.waitFor((m) => m.type === 'layoutReport');
        assert.equal(report.outcome, 'laidOut', JSON.stringify(report));
      });
      after(async () => w?.close());

      it('draws the platform\'s components in a box named after the import, as external, with their load and badges', async () => {
        const drawn = (await w.page.evaluate(READ)) as Drawn;
        assert.equal(drawn.files, 1);
        assert.equal(drawn.title, 'imported from ./platform/platform.scale.json');
        assert.match(drawn.tooltip, /^Declared in \.\/platform\/platform\.scale\.json, which this file imports/);
        assert.deepEqual(drawn.externalZones, ['zone us-east-1a'], 'auth-db\'s zone box, inside the platform\'s');
        assert.deepEqual(drawn.external.map((n) => n.id), ['auth', 'auth-db', 'events', 'event-archive']);
        for (const n of drawn.external) {
          assert.ok(n.box.x > drawn.box.x && n.box.y > drawn.box.y && n.box.right < drawn.box.right && n.box.bottom < drawn.box.bottom, `${n.id} is drawn inside the box`);
          assert.equal(n.strip, 1, n.id);
          assert.match(n.title, /\nimported from \.\/platform\/platform\.scale\.json/, n.id);
          assert.match(n.label, /, imported from \.\/platform\/platform\.scale\.json/, n.id);
          assert.ok(n.load, `${n.id} has its load line`);
        }
        const authDb = drawn.external.find((n) => n.id === 'auth-db')!;
        assert.match(authDb.title, /imported from \.\/platform\/platform\.scale\.json \(auth depends on it\)/);
        assert.deepEqual(authDb.badges, ['finding-badge warning'], 'the platform\'s single point of failure');
        assert.equal(drawn.external.find((n) => n.id === 'auth')!.load, '100k rps · 50% util', 'the design\'s 100,000 rps over the platform\'s 20 × 10,000');
        assert.ok(drawn.own.length === 9 && drawn.own.every((n) => n.strip === 0), 'the design\'s own components are not marked');

        // A colour of their own, legible on the theme's background (text 4.5:1, the box's line 3:1), and a long dash.
        const c = drawn.colours;
        const purple = THEMES[theme].vars['charts-purple'];
        assert.equal(c.fileStroke, rgb(purple));
        assert.equal(c.title, rgb(purple));
        assert.equal(c.strip, rgb(purple));
        assert.notEqual(c.fileStroke, c.ownBox);
        assert.equal(c.fileDash, '9px, 4px');
        assert.ok(contrast(c.title, c.background) >= 4.5, `title contrast ${contrast(c.title, c.background).toFixed(2)}`);
        assert.ok(contrast(c.fileStroke, c.background) >= 3, `box contrast ${contrast(c.fileStroke, c.background).toFixed(2)}`);
        await w.page.screenshot({ path: path.join(SHOTS, `social-feed-imports-${theme}.png`) });
        assertClean(await w.record());
      });

      // Interaction does not depend on the theme: once.
      if (theme === 'light') it('a click on an imported component asks to open the platform file at its declaration; the cursor in the design never lands on one', async () => {
        const auth = d.nodes.find((n) => n.id === 'auth')!;
        const line = fs.readFileSync(PLATFORM, 'utf8').split('\n').findIndex((l) => l.trim() === '"auth": {');
        const sent = (await w.record()).sent.length;
        await w.page.locator('g.node', { has: w.page.locator('.node-id', { hasText: /^auth$/ }) }).click();
        const reveal = await w.waitFor((m) => m.type === 'reveal', sent);
        assert.deepEqual(reveal, { type: 'reveal', line, character: 4, endLine: line, endCharacter: 10, uri: pathToFileURL(PLATFORM).href });
        assert.deepEqual(auth.keyRange.start, { line, character: 4 });
        assert.equal(await w.page.locator('g.node.cursor').count(), 0, 'the design\'s cursor did not move to the platform\'s line');

        // The design's cursor on the line where auth is declared in the platform: the node there in the design, not auth.
        await w.post({ type: 'cursor', uri: URI, line, character: 6, version: 1 });
        const own = d.nodes.find((n) => !n.imported && n.range.start.line <= line && line <= n.range.end.line);
        if (own) {
          await w.page.waitForSelector('g.node.cursor');
          assert.equal(await w.page.locator('g.node.cursor .node-id').textContent(), own.id);
        }
        assert.equal(await w.page.locator('g.node.cursor.external').count(), 0);
        assertClean(await w.record());
      });
    });
  }
});
