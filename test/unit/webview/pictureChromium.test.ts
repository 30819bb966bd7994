/**
 * What the built webview draws for a reader, in headless Chromium under its
 * CSP: a shape per kind of component, the replication and sharding glyph,
 * load as heat (hotter as the utilization grows), edge styles that tell
 * calls, asynchronous calls and relations apart, finding badges with the
 * rules' titles and a list on click, the legend's toggle, and an exported
 * image with the topology's name and the legend — in the light, dark and
 * high-contrast themes, with zero CSP violations and script errors.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES_BY_ID } from '../../../src/core/ruleCatalog';
import { WebviewMessage } from '../../../src/core/webviewProtocol';
import { assertClean, diagramOf, openForSuite, THEMES, type WebviewPage } from './chromiumPage';

const ROOT = path.resolve(__dirname, '../../..');
const URI = 'file:///w/every-kind.scale.json';
const FILE = 'every-kind.scale.json';

/** Every kind of component, a sticky balancer, a session store, a cache that fronts a sharded, replicated store, a queue and its consumer; loads from idle to past saturation. */
const EVERY_KIND = JSON.stringify({
  version: 1, name: 'every kind', workload: { peakRps: 1000, readFraction: 0.9 },
  components: {
    users: { kind: 'client', calls: ['edge'] },
    edge: { kind: 'cdn', instances: 2, hitRatio: 0.5, calls: ['lb'] },
    lb: { kind: 'loadBalancer', instances: 2, stickySessions: true, capacity: { rps: 800 }, calls: ['api'] },
    api: { kind: 'service', instances: 3, state: 'external', sessionStore: 'sessions', capacity: { rps: 200 }, calls: ['sessions', 'cache', 'db', { to: 'q', async: true, op: 'write' }] },
    sessions: { kind: 'cache', instances: 2, capacity: { rps: 300 } },
    cache: { kind: 'cache', instances: 2, hitRatio: 0.8, fronts: 'db', capacity: { rps: 5000 } },
    db: { kind: 'database', replication: { mode: 'async', replicas: 2, failover: { mode: 'automatic' } }, sharding: { strategy: 'directory', shards: 4, directory: 'dir' } },
    dir: { kind: 'directory', instances: 2 },
    q: { kind: 'queue', instances: 3, partitions: 6, calls: ['worker'] },
    worker: { kind: 'service', instances: 2, capacity: { rps: 80 } },
  },
}, null, 1);

/** An element's computed style property, by selector (the first match). */
const styleOf = (selector: string, property: string) => `getComputedStyle(document.querySelector(${JSON.stringify(selector)})).getPropertyValue(${JSON.stringify(property)})`;
/** The node whose id is `id`, as a selector. */
const node = (w: WebviewPage, id: string) => w.page.locator('g.node', { has: w.page.locator('.node-id', { hasText: new RegExp(`^${id}$`) }) });

/** A CSS colour's hue in degrees (0 red, 120 green). */
function hue(color: string): number {
  const [r, g, b] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((x) => Number(x) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

for (const theme of Object.keys(THEMES) as (keyof typeof THEMES)[]) {
  describe(`webview in Chromium: the picture (${theme} theme)`, function () {
    this.timeout(120_000);
    let w: WebviewPage;
    openForSuite({ state: JSON.stringify({ uri: URI }), theme }, (page) => (w = page));
    const d = diagramOf(EVERY_KIND, URI);

    before(async function () {
      if (!w) this.skip();
      await w.post({ type: 'diagram', file: FILE, diagram: d });
      assert.equal((await w.waitFor((m) => m.type === 'layoutReport')).outcome, 'laidOut');
    });

    it('draws each kind in a shape of its own: an icon per kind, a database as a cylinder', async () => {
      const icons = (await w.page.evaluate(`[...document.querySelectorAll('g.node')].map((g) => [g.querySelector('.node-kind').textContent, g.querySelector('.kind-icon').getAttribute('d')])`)) as [string, string][];
      const byKind = new Map(icons);
      assert.deepEqual([...byKind.keys()].sort(), ['cache', 'cdn', 'client', 'database', 'directory', 'loadBalancer', 'queue', 'service']);
      assert.equal(new Set(byKind.values()).size, 8, 'eight different icons');
      // The cylinder: a path with elliptical arcs, where every other kind has a rectangle.
      assert.match((await node(w, 'db').locator('.node-box').getAttribute('d'))!, /A.*A.*A/);
      assert.equal(await node(w, 'api').locator('rect.node-box').count(), 1);
      // Legible: the icon's stroke is a colour of the theme, not the background's.
      const stroke = await w.page.evaluate(styleOf('.kind-icon', 'stroke'));
      const background = await w.page.evaluate('getComputedStyle(document.body).backgroundColor');
      assert.notEqual(stroke, background);
      assertClean(await w.record());
    });

    it('shows how a store is built: "4 shards · primary + 2 async", "automatic failover"; a balancer\'s sticky sessions', async () => {
      assert.deepEqual(await node(w, 'db').locator('.node-glyph').allTextContents(), ['4 shards · primary + 2 async', 'automatic failover']);
      assert.deepEqual(await node(w, 'lb').locator('.node-glyph').allTextContents(), ['sticky sessions']);
      assert.deepEqual(await node(w, 'q').locator('.node-glyph').allTextContents(), ['6 partitions']);
      assert.match((await node(w, 'db').locator('title').last().textContent())!, /4 shards · primary \+ 2 async · automatic failover/);
    });

    it('load as heat: the hotter the colour, the higher the utilization, with the number on the box', async () => {
      const heats = (await w.page.evaluate(`[...document.querySelectorAll('g.node')].filter((g) => g.querySelector('.heat-bar')).map((g) => [g.querySelector('.node-id').textContent, getComputedStyle(g.querySelector('.heat-bar')).fill, g.querySelector('.node-load').textContent])`)) as [string, string, string][];
      const utilization = new Map(d.nodes.map((n) => [n.id, n.load?.utilization] as const));
      assert.equal(heats.length, d.nodes.filter((n) => n.load?.utilization !== undefined).length);
      const sorted = heats.map(([id, fill, load]) => ({ id, u: utilization.get(id)!, hue: hue(fill), load })).sort((a, b) => a.u - b.u);
      assert.ok(new Set(sorted.map((s) => s.hue)).size >= 4, `four heat levels: ${JSON.stringify(sorted)}`);
      for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i]!.hue <= sorted[i - 1]!.hue, `${sorted[i]!.id} (${sorted[i]!.u}) is at least as hot as ${sorted[i - 1]!.id} (${sorted[i - 1]!.u})`);
      // The number the hover shows, on the box.
      assert.match(sorted.at(-1)!.load, /· 183% util$/);
      // The busiest call is drawn the thickest.
      const widths = (await w.page.evaluate(`[...document.querySelectorAll('g.edge:not(.relation) path')].map((p) => parseFloat(getComputedStyle(p).strokeWidth))`)) as number[];
      assert.ok(Math.max(...widths) > Math.min(...widths));
      assert.equal(await w.page.locator('g.edge.weight-3').count() >= 1, true);
    });

    it('tells calls, asynchronous calls and relations apart: fronts dashed, async dashed otherwise with an open head', async () => {
      const fronts = w.page.locator('g.edge.relation-fronts');
      assert.equal(await fronts.count(), 1);
      assert.equal(await fronts.locator('.edge-label').textContent(), 'fronts');
      const dash = (selector: string) => w.page.evaluate(styleOf(selector, 'stroke-dasharray'));
      const [relation, async, sync] = [await dash('g.edge.relation-fronts path'), await dash('g.edge.async path'), await dash('g.edge.sync path')];
      assert.notEqual(relation, 'none');
      assert.notEqual(async, 'none');
      assert.equal(sync, 'none');
      assert.notEqual(relation, async);
      assert.equal(await w.page.locator('g.edge.async path').first().getAttribute('marker-end'), 'url(#arrow-async)');
      assert.equal(await w.page.locator('g.edge.sync path').first().getAttribute('marker-end'), 'url(#arrow)');
      // The api's call to q is asynchronous, and so is q's consumer.
      assert.equal(await w.page.locator('g.edge.async').count(), 2);
      // The call to the session store starts with a dot, and its hover says so.
      const session = w.page.locator('g.edge.relation-sessionStore');
      assert.equal(await session.locator('path').getAttribute('marker-start'), 'url(#session-dot)');
      assert.match((await session.locator('title').textContent())!, /api keeps its sessions in sessions/);
      // Every marker is oriented "auto", which renderers other than browsers read.
      assert.deepEqual(await w.page.evaluate(`[...new Set([...document.querySelectorAll('marker')].map((m) => m.getAttribute('orient')))]`), ['auto']);
    });

    it('a badge\'s hover gives each rule\'s short title; a click lists the findings, each revealing its place', async () => {
      const badge = node(w, 'sessions').locator('.finding-badge.error');
      const short = RULES_BY_ID.get('capacity')!.short;
      assert.equal(await badge.locator('title').textContent(), `1 error (click to list them)\ncapacity: ${short}`);
      await badge.click();
      const popup = w.page.locator('.findings-popup');
      await popup.waitFor();
      assert.equal(await popup.locator('li').count(), d.nodes.find((n) => n.id === 'sessions')!.findings.items.length);
      assert.ok((await popup.locator('li').first().textContent())!.startsWith(`error capacity ${short}`));
      const sent = (await w.record()).sent.length;
      await popup.locator('li').first().click();
      const f = d.nodes.find((n) => n.id === 'sessions')!.findings.items[0]!;
      assert.deepEqual(await w.waitFor((m) => m.type === 'reveal', sent), { type: 'reveal', line: f.range.start.line, character: f.range.start.character, endLine: f.range.end.line, endCharacter: f.range.end.character });
      assert.equal(await popup.isHidden(), true);
      assertClean(await w.record());
    });

    it('the legend is toggled from the toolbar, explains what is drawn, and is kept with the panel\'s state', async () => {
      const legend = w.page.locator('svg.legend-overlay');
      assert.equal(await legend.isVisible(), false, 'off at first');
      await w.page.locator('.toolbar button', { hasText: 'Legend' }).click();
      await legend.waitFor();
      const texts = await legend.locator('text').allTextContents();
      for (const k of ['client', 'cdn', 'loadBalancer', 'service', 'cache', 'database', 'queue', 'directory']) assert.ok(texts.includes(k), `${k} in ${texts.join('|')}`);
      for (const t of ['Findings', 'Edges', 'asynchronous call, queue consumer', 'cache in front of a store', 'Load: busiest resource at peak', '100% and over']) assert.ok(texts.includes(t), t);
      // Its samples are the diagram's own: the async sample's head is the async calls'.
      assert.equal(await legend.locator('g.edge.async path').getAttribute('marker-end'), 'url(#arrow-async)');
      for (let i = 0; i < 50 && !((await w.record()).state as { legend?: boolean }).legend; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(((await w.record()).state as { legend?: boolean }).legend, true);
      await w.page.locator('.toolbar button', { hasText: 'Legend' }).click();
      assert.equal(await legend.isVisible(), false);
      assertClean(await w.record());
    });

    it('exports an image with the topology\'s name above and the legend below, markers any renderer reads, fonts with a fallback', async () => {
      // A theme font with no generic family at its end: the image adds one.
      await w.page.evaluate(`document.documentElement.style.setProperty('--vscode-font-family', '"Segoe WPC", "Segoe UI"')`);
      const sent = (await w.record()).sent.length;
      await w.post({ type: 'export', id: 7, format: 'svg' });
      const answer = WebviewMessage.parse(await w.waitFor((m) => m.type === 'exported' || m.type === 'exportFailed', sent));
      assert.equal(answer.type, 'exported');
      const text = (answer as { data: string }).data;
      const svg = (await w.page.evaluate(`(() => {
        const doc = new DOMParser().parseFromString(${JSON.stringify(text)}, 'image/svg+xml');
        const texts = [...doc.querySelectorAll('text')];
        return {
          errors: doc.getElementsByTagName('parsererror').length,
          first: texts.map((t) => t.textContent).find((t) => t.length > 0),
          texts: texts.map((t) => t.textContent),
          titleSize: texts.find((t) => t.textContent === 'every kind')?.getAttribute('font-size'),
          orients: [...new Set([...doc.querySelectorAll('marker')].map((m) => m.getAttribute('orient')))],
          fonts: [...new Set([...doc.querySelectorAll('[font-family]')].map((e) => e.getAttribute('font-family')))],
          height: Number(doc.documentElement.getAttribute('height')),
        };
      })()`)) as { errors: number; first: string; texts: string[]; titleSize: string; orients: string[]; fonts: string[]; height: number };
      assert.equal(svg.errors, 0);
      assert.ok(svg.texts.includes('every kind'), 'the title');
      assert.equal(svg.titleSize, '16px');
      for (const t of ['Components', 'Findings', 'Edges', 'Load: busiest resource at peak', 'database', 'cache in front of a store']) assert.ok(svg.texts.includes(t), `the legend's ${t}`);
      assert.deepEqual(svg.orients, ['auto']);
      assert.doesNotMatch(text, /auto-start-reverse/);
      assert.ok(svg.fonts.length > 0);
      for (const f of svg.fonts) assert.match(f, /, sans-serif$|serif$|monospace$/, f);
      assert.ok(svg.fonts.some((f) => f.startsWith('"Segoe WPC"')), svg.fonts.join(' | '));
      assertClean(await w.record());
    });
  });
}

describe('webview in Chromium: the exported title is text, whatever the name', function () {
  this.timeout(120_000);
  let w: WebviewPage;
  openForSuite({ state: JSON.stringify({ uri: URI }) }, (page) => (w = page));

  it('a name with markup and a script end tag is written as text in the image', async () => {
    const name = '</script><svg onload="window.__pwned=1"><title>x</title>';
    const d = diagramOf(EVERY_KIND.replace('"every kind"', JSON.stringify(name)), URI);
    await w.post({ type: 'diagram', file: FILE, diagram: d });
    assert.equal((await w.waitFor((m) => m.type === 'layoutReport')).outcome, 'laidOut');
    const sent = (await w.record()).sent.length;
    await w.post({ type: 'export', id: 1, format: 'svg' });
    const answer = (await w.waitFor((m) => m.type === 'exported', sent)) as unknown as { data: string };
    const parsed = (await w.page.evaluate(`(() => {
      const doc = new DOMParser().parseFromString(${JSON.stringify(answer.data)}, 'image/svg+xml');
      return { errors: doc.getElementsByTagName('parsererror').length, texts: [...doc.querySelectorAll('text')].map((t) => t.textContent), handlers: doc.querySelectorAll('[onload]').length, scripts: doc.querySelectorAll('script').length };
    })()`)) as { errors: number; texts: string[]; handlers: number; scripts: number };
    assert.deepEqual([parsed.errors, parsed.handlers, parsed.scripts], [0, 0, 0]);
    assert.ok(parsed.texts.includes(name));
    assert.equal(await w.page.evaluate('window.__pwned'), undefined);
    assertClean(await w.record());
  });
});

// The bundle stays light: the shapes are a few path strings, not an icon library.
describe('webview bundle: the shapes are drawn, not shipped', () => {
  it('no image files or icon fonts in the page script', function () {
    const bundle = path.join(ROOT, 'dist', 'webview.js');
    if (!fs.existsSync(bundle)) this.skip();
    assert.doesNotMatch(fs.readFileSync(bundle, 'utf8'), /data:image\/(png|svg)|\.woff2?\b/);
  });
});
