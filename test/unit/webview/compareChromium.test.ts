/**
 * The built webview's comparison with git HEAD in Chromium, under the panel's
 * CSP: the toolbar's toggle follows what the host says (disabled, its tooltip
 * saying why, when the file has no version at HEAD) and asks for the
 * comparison; the change is drawn over the diagram — added and changed
 * components ringed and badged in git's decoration colours of the theme,
 * added calls coloured, the removed components and calls laid out with the
 * others and ghosted — with what changed and moved in each hover, a line
 * above the diagram sums it up, and an exported image keeps the marks.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertClean, diagramOf, openForSuite, THEMES, type WebviewPage } from './chromiumPage';

const ROOT = path.resolve(__dirname, '../../..');
const startup = fs.readFileSync(path.join(ROOT, 'examples', 'startup.scale.json'), 'utf8');
const URI = 'file:///w/startup.scale.json';
const FILE = 'examples/startup.scale.json';

/** Replaces `from` (which must be there) with `to`. */
function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the text holds ${from}`);
  return text.replace(from, to);
}

/** The text at HEAD has a search database the edit removed; the edit adds an audit queue that app calls, and doubles app. */
const head = startup;
const edited = [
  (t: string) => edit(t, '{ "to": "search", "op": "read", "share": 0.2 },\n', ''),
  (t: string) => edit(t, '    "search": {\n      "kind": "database", "engine": "elasticsearch", "instances": 4, "consistency": "eventual",\n      "sharding": { "strategy": "consistentHash", "shards": 4, "vnodes": 2, "key": { "field": "listing_id" } }\n    },\n', ''),
  (t: string) => edit(t, '"kind": "service", "instances": 3, "zones": ["us-east-1a"]', '"kind": "service", "instances": 6, "zones": ["us-east-1a"]'),
  (t: string) => edit(t, '"components": {', '"components": {\n    "audit": { "kind": "queue", "instances": 2 },'),
  (t: string) => edit(t, '"calls": [\n        "db",', '"calls": [\n        "audit",\n        "db",'),
].reduce((t, f) => f(t), startup);

/** Reads the drawing's marks in the page. */
const READ_MARKS = `(() => {
  const id = (g) => (g.querySelector('.node-id') || {}).textContent || '';
  const title = (g) => (g.querySelector(':scope > title') || {}).textContent || '';
  const colour = (el, prop) => (el ? getComputedStyle(el)[prop] : '');
  return {
    added: [...document.querySelectorAll('g.node.change-added')].map(id),
    changed: [...document.querySelectorAll('g.node.change-changed')].map(id),
    ghosts: [...document.querySelectorAll('g.node.ghost')].map((g) => ({ id: id(g), opacity: Number(getComputedStyle(g).opacity), dashed: colour(g.querySelector('.node-box'), 'strokeDasharray'), stroke: colour(g.querySelector('.node-box'), 'stroke'), clickable: g.hasAttribute('tabindex'), title: title(g) })),
    badges: [...document.querySelectorAll('g.node .change-badge')].map((b) => b.textContent),
    addedRing: colour(document.querySelector('g.node.change-added .change-ring'), 'stroke'),
    changedRing: colour(document.querySelector('g.node.change-changed .change-ring'), 'stroke'),
    addedEdges: [...document.querySelectorAll('g.edge.change-added')].map(title),
    addedEdgeStroke: colour(document.querySelector('g.edge.change-added path'), 'stroke'),
    removedEdges: [...document.querySelectorAll('g.edge.change-removed')].map((g) => ({ title: title(g), dashed: colour(g.querySelector('path'), 'strokeDasharray') })),
    appTitle: [...document.querySelectorAll('g.node')].filter((g) => id(g) === 'app').map(title)[0] || '',
    // Seen, not merely unhidden: a stylesheet's display wins over the hidden attribute's.
    bar: document.querySelector('.change-bar').checkVisibility() ? document.querySelector('.change-bar').textContent : undefined,
    nodes: document.querySelectorAll('g.node:not(.ghost)').length,
  };
})()`;

type Marks = {
  added: string[];
  changed: string[];
  ghosts: { id: string; opacity: number; dashed: string; stroke: string; clickable: boolean; title: string }[];
  badges: string[];
  addedRing: string;
  changedRing: string;
  addedEdges: string[];
  addedEdgeStroke: string;
  removedEdges: { title: string; dashed: string }[];
  appTitle: string;
  bar: string | undefined;
  nodes: number;
};

/** "#81b88b" as the page computes it: "rgb(129, 184, 139)". */
function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
}

for (const theme of ['light', 'dark'] as const) {
  describe(`webview in Chromium: compared with HEAD (${theme} theme)`, function () {
    this.timeout(120_000);
    let w: WebviewPage;
    openForSuite({ state: JSON.stringify({ uri: URI }), theme }, (page) => (w = page));
    const toggle = () => w.page.locator('.toolbar vscode-checkbox');
    /** The toggle's properties (a string, not a function: see chromiumPage). */
    const toggleState = async () => (await w.page.evaluate(`(() => { const t = document.querySelector('.toolbar vscode-checkbox'); return { label: t.label, toggle: t.toggle, disabled: t.disabled, title: t.title }; })()`)) as { label: string; toggle: boolean; disabled: boolean; title: string };
    const marks = async () => (await w.page.evaluate(READ_MARKS)) as Marks;
    /** The panel state once the page has saved it (it does so a moment after a change). */
    const keptCompare = async (want: boolean | undefined) => {
      let kept: boolean | undefined;
      for (let i = 0; i < 60; i++) {
        kept = ((await w.record()).state as { compare?: boolean } | undefined)?.compare;
        if (kept === want) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      return kept;
    };
    const reports = async () => (await w.record()).sent.filter((m) => m.type === 'layoutReport').length;
    /** Posts a diagram and waits for its layout report. */
    const show = async (diagram: unknown) => {
      const n = await reports();
      await w.post({ type: 'diagram', file: FILE, diagram });
      for (let i = 0; i < 600 && (await reports()) === n; i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok((await reports()) > n, 'the diagram was drawn');
    };

    it('keeps the toggle disabled, saying why, while the file has no version at HEAD', async () => {
      assert.deepEqual(await toggleState(), { label: 'Compare with HEAD', toggle: true, disabled: true, title: 'Looking for the file in git…' }, 'disabled until the host says');
      const reason = 'examples/startup.scale.json is not committed yet: HEAD has no version of it.';
      await w.post({ type: 'compareState', available: false, on: false, reason });
      await w.page.waitForFunction(`document.querySelector('.toolbar vscode-checkbox').title === ${JSON.stringify(reason)}`);
      assert.equal((await toggleState()).disabled, true);
      // A click on a disabled toggle asks nothing.
      const sent = (await w.record()).sent.length;
      await toggle().click({ force: true });
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual((await w.record()).sent.slice(sent).filter((m) => m.type === 'compare'), []);
    });

    it('asks the host for the comparison when the toggle is clicked', async () => {
      await w.post({ type: 'compareState', available: true, on: false });
      await w.page.waitForFunction(`!document.querySelector('.toolbar vscode-checkbox').disabled`);
      await show(diagramOf(edited, URI, 2));
      const sent = (await w.record()).sent.length;
      await toggle().click();
      assert.deepEqual(await w.waitFor((m) => m.type === 'compare', sent), { type: 'compare', on: true });
    });

    it('marks the added and changed components and calls, and ghosts the removed ones laid out with the others', async () => {
      await w.post({ type: 'compareState', available: true, on: true });
      const d = diagramOf(edited, URI, 3, head);
      await show(d);
      const m = await marks();
      assert.deepEqual(m.added, ['audit']);
      assert.deepEqual(m.changed, ['app']);
      assert.equal(m.nodes, d.nodes.length, 'every component of the text has its box');
      assert.deepEqual(m.badges.sort(), ['+', '~', '−'].sort());
      // git's decoration colours of the theme: what the Explorer shows for added and modified files.
      const vars = THEMES[theme].vars;
      assert.equal(m.addedRing, rgb(vars['gitDecoration-addedResourceForeground']));
      assert.equal(m.changedRing, rgb(vars['gitDecoration-modifiedResourceForeground']));
      assert.equal(m.addedEdgeStroke, rgb(vars['gitDecoration-addedResourceForeground']));
      assert.deepEqual(m.addedEdges.map((t) => t.split(';')[0]!.split(':')[0]), ['app → audit']);
      // The removed database and the call to it: dashed, faded, not a button.
      assert.equal(m.ghosts.length, 1);
      const ghost = m.ghosts[0]!;
      assert.equal(ghost.id, 'search');
      assert.ok(ghost.opacity < 1 && ghost.dashed !== 'none' && !ghost.clickable, JSON.stringify(ghost));
      assert.equal(ghost.stroke, rgb(vars['gitDecoration-deletedResourceForeground']));
      assert.match(ghost.title, /removed since HEAD:\n {2}load \(rps\) [\d,]+ → —/);
      assert.deepEqual(m.removedEdges.map((e) => e.title), ['app → search; removed since HEAD']);
      assert.notEqual(m.removedEdges[0]!.dashed, 'none');
      // What changed and what moved, on hover.
      assert.match(m.appTitle, /changed since HEAD:\n {2}instances 3 → 6\n {2}call added: app → audit \(mixed\)\n {2}call removed: app → search \(read\)/);
      assert.match(m.appTitle, /\n {2}ceiling \(rps\) [\d,]+ → [\d,]+ \(\+100%\)/);
      assert.equal(m.bar, `Compared with HEAD: ${d.change!.summary}+ added~ changed− removed`);
      assert.equal(await keptCompare(true), true, 'kept for a reload');
      assertClean(await w.record());
    });

    it('exports the drawing with its marks', async () => {
      const sent = (await w.record()).sent.length;
      await w.post({ type: 'export', id: 7, format: 'svg' });
      const answer = (await w.waitFor((m) => m.type === 'exported' && m.id === 7, sent)) as unknown as { data: string };
      const vars = THEMES[theme].vars;
      assert.ok(answer.data.includes(`stroke="${rgb(vars['gitDecoration-addedResourceForeground'])}"`), 'the added ring in the image');
      assert.ok(answer.data.includes('>search<'), 'the removed component in the image');
    });

    it('keeps every toolbar control in view on a narrow panel: they wrap below the title', async () => {
      const cut = `[...document.querySelectorAll('.toolbar button, .toolbar vscode-checkbox')].filter((e) => { const r = e.getBoundingClientRect(); return r.width === 0 || r.left < 0 || r.right > window.innerWidth; }).map((e) => e.title)`;
      try {
        for (const width of [480, 700, 1200]) {
          await w.page.setViewportSize({ width, height: 600 });
          assert.deepEqual(await w.page.evaluate(cut), [], `cut off at ${width} px`);
        }
      } finally {
        await w.page.setViewportSize({ width: 1200, height: 800 });
      }
    });

    it('draws the plain diagram again when the comparison is turned off', async () => {
      const sent = (await w.record()).sent.length;
      await toggle().click();
      assert.deepEqual(await w.waitFor((m) => m.type === 'compare', sent), { type: 'compare', on: false });
      await w.post({ type: 'compareState', available: true, on: false });
      await show(diagramOf(edited, URI, 4));
      const m = await marks();
      assert.deepEqual([m.added, m.changed, m.ghosts, m.removedEdges, m.bar], [[], [], [], [], undefined]);
      assert.equal(await keptCompare(undefined), undefined);
      assertClean(await w.record());
    });
  });
}
