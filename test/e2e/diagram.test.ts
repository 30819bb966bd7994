/**
 * The diagram panel as a person meets it, in a real VS Code (code-server +
 * Chromium, the harness of ui.test.ts): opened from the editor's title bar
 * beside url-shortener.scale.json it shows a node per component, the calls
 * with their rps and the findings as badges; it follows edits, clicks (a
 * maximised diagram stays maximised) and the cursor, and takes the theme's
 * colours, each example drawn in Light Modern, Dark Modern and Dark High
 * Contrast with its legend. Then its lockdown: hostile text
 * from a file stays text (nothing runs, no CSP violation), a fresh nonce per
 * render, no forms, resources only from the bundle, and junk posted from the
 * page is ignored. What is expected comes from the core run on the same text.
 * Screenshots and logs: test-results/e2e/diagram/ (see uiSuite.ts).
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkText } from '../../src/core/check';
import { buildDiagram } from '../../src/core/diagram/diagramModel';
import { HOSTILE_TEXT_FILE, HOSTILE_TEXT_NAME, hostileTextPlaces, missingHostileText, PAGE_COUNT_INJECTED, PAGE_READ_TEXTS, type HostileTextShown } from '../support/hostileText';
import type { BrowserSession, Workbench } from './browser';
import { sleep } from './processes';
import { useUiSuite } from './uiSuite';
import { cspReports, cspViolationsSeen, pageCsp, postFromWebview, watchCspViolations, webviewOf, type WebviewFrames } from './webview';
import type { ExamplesWorkspace } from './workspace';

const FILE = 'url-shortener.scale.json';
/** Valid ids; every free text of the format holds markup, a script end tag or a script URL. */
const HOSTILE = HOSTILE_TEXT_NAME;
const EXTENSION_ID = 'scale-tools.scale-topology';
const COMMAND = 'Open Diagram to the Side';
/** The status bar item's counts: "Scale $(error) 0 $(warning) 0 $(info) 1". */
const COUNTS = /\$\(error\)\s*(\d+)\s*\$\(warning\)\s*(\d+)\s*\$\(info\)\s*(\d+)/;

type Severity = 'error' | 'warning' | 'info';
type Counts = Record<Severity, number>;

/** What the panel draws, read from its DOM. */
interface Shown {
  /** The toolbar's title: "<name> — <file>". */
  title: string;
  /** The toolbar's totals ("0 errors", "1 info"). */
  totals: string[];
  /** Each component's box: its id, classes, finding badges, tooltip and where it is on the screen. */
  nodes: { id: string; cls: string; badges: Partial<Counts>; tooltip: string; x: number; y: number }[];
  edges: { from: string; to: string; label: string }[];
  /** Findings not about one component, as listed. */
  fileFindings: string[];
  /** The viewport's transform: "translate(x y) scale(k)". */
  transform: string;
}

// Source text (see browser.ts's pageFunction for why).
const PAGE_READ_DIAGRAM = `(() => {
  const text = (el) => (el ? el.textContent || '' : '');
  return {
    title: text(document.querySelector('.toolbar .title')),
    totals: [...document.querySelectorAll('.toolbar .totals .count')].map(text),
    nodes: [...document.querySelectorAll('g.node')].map((g) => {
      const badges = {};
      for (const b of g.querySelectorAll('.finding-badge')) {
        const sev = ['error', 'warning', 'info'].find((s) => b.classList.contains(s));
        if (sev) badges[sev] = Number(text(b.querySelector('.finding-badge-text')));
      }
      const box = g.getBoundingClientRect();
      return { id: text(g.querySelector('.node-id')), cls: g.getAttribute('class') || '', badges, tooltip: text(g.querySelector(':scope > title')), x: box.x, y: box.y };
    }),
    edges: [...document.querySelectorAll('g.edge:not(.relation)')].map((g) => {
      const m = /^(\\S+) → ([^\\s:,(]+)/.exec(text(g.querySelector(':scope > title')));
      return { from: m ? m[1] : '?', to: m ? m[2] : '?', label: text(g.querySelector('.edge-label')) };
    }),
    fileFindings: [...document.querySelectorAll('.file-findings li')].map(text),
    transform: (document.querySelector('g.viewport') || { getAttribute: () => '' }).getAttribute('transform') || '',
  };
})()`;

/** Colours the panel computes under the current theme. */
const PAGE_READ_COLOURS = `(() => {
  const css = (sel, prop) => { const el = document.querySelector(sel); return el ? getComputedStyle(el)[prop] : ''; };
  return {
    bodyClass: document.body.className,
    background: css('body', 'backgroundColor'),
    text: css('g.node .node-id', 'fill'),
    nodeBox: css('g.node .node-box', 'fill'),
    edge: css('g.edge path', 'stroke'),
  };
})()`;

/** What the core computes for a text: the nodes with their finding counts, the edges with their labels, the totals. */
function expectedDiagram(text: string) {
  const model = buildDiagram(checkText(text));
  const idOf = new Map(model.nodes.map((n) => [n.elkId, n.id] as const));
  const labels = new Map((model.graph?.edges ?? []).map((e) => [e.id, e.labels?.[0]?.text ?? ''] as const));
  return {
    model,
    ids: model.nodes.map((n) => n.id).sort(),
    counts: new Map(model.nodes.map((n) => [n.id, n.findings.counts] as const)),
    edges: model.edges.map((e) => `${idOf.get(e.from)} → ${idOf.get(e.to)}: ${labels.get(e.elkId)}`).sort(),
  };
}

const edgeKeys = (d: Shown) => d.edges.map((e) => `${e.from} → ${e.to}: ${e.label}`).sort();
const nonZero = (c: Counts): Partial<Counts> => Object.fromEntries(Object.entries(c).filter(([, n]) => n > 0));
const scaleOf = (transform: string) => Number(/scale\(([^)]+)\)/.exec(transform)?.[1]);
/** The toolbar's totals as counts: ["0 errors", "0 warnings", "1 info"] -> { error: 0, warning: 0, info: 1 }. */
function totalsOf(d: Shown): Counts {
  const out: Counts = { error: 0, warning: 0, info: 0 };
  for (const t of d.totals) {
    const m = /^(\d+) (error|warning|info)/.exec(t);
    if (m) out[m[2] as Severity] = Number(m[1]);
  }
  return out;
}
/** Relative luminance of an rgb()/rgba() colour (0 black, 1 white). */
function luminance(colour: string): number {
  const [r, g, b] = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => Number(v) / 255);
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r ?? 0) + 0.7152 * lin(g ?? 0) + 0.0722 * lin(b ?? 0);
}
/** Asserts that `needle` occurs exactly once in `text` (Find in the editor must land on it). */
function once(text: string, needle: string): string {
  assert.equal(text.split(needle).length - 1, 1, `${JSON.stringify(needle)} should occur once in the file`);
  return needle;
}

describe('The diagram panel in a real VS Code (code-server + Chromium)', function () {
  const suite = useUiSuite('diagram', { openFile: FILE, extraFiles: [HOSTILE_TEXT_FILE], settings: {
    'workbench.colorTheme': 'Default Light Modern',
    // The harness types faster than a person; the editor's helpers (closing pairs it overtypes, suggestions) are
    // not what is tested here, and their timing with fast keys has left a typed component unlike its text.
    'editor.autoClosingBrackets': 'never',
    'editor.autoClosingQuotes': 'never',
    'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
    'editor.suggestOnTriggerCharacters': false,
  } });
  let browser: BrowserSession;
  let wb: Workbench;
  let ws: ExamplesWorkspace;
  before(() => {
    ({ browser, wb, ws } = suite);
  });
  let view: WebviewFrames;
  const source = (name: string) => readFileSync(ws.file(name), 'utf8');

  /** Reads the panel's drawing. */
  const readDiagram = async () => (await view.content.evaluate(PAGE_READ_DIAGRAM)) as Shown;
  /** Waits until the drawing satisfies `check` (read every 100 ms); returns it, or throws with what it last showed. */
  const waitForDiagram = async (what: string, check: (d: Shown) => boolean, timeoutMs = 20_000): Promise<Shown> => {
    const deadline = Date.now() + timeoutMs;
    let d = await readDiagram().catch(() => undefined);
    while (!(d && check(d))) {
      if (Date.now() > deadline) {
        const banner = await view.content.locator('.banner').textContent().catch(() => '');
        const editor = await wb.visibleEditorText().catch(() => '');
        throw new Error(`the diagram did not show ${what} within ${timeoutMs} ms; banner: ${banner}\nthe editor shows:\n${editor.slice(0, 1500)}\nthe diagram:\n${JSON.stringify(d, null, 1)?.slice(0, 3000)}`);
      }
      await sleep(100);
      d = await readDiagram().catch(() => undefined);
    }
    return d;
  };
  /** The node of a component in the panel. */
  const node = (id: string) => view.content.locator('g.node').filter({ has: view.content.locator('.node-id', { hasText: new RegExp(`^${id.replace(/[.]/g, '\\.')}$`) }) });
  const panel = (name: string) => `Scale: ${name}`;
  /** Clicks Fit and waits until the view has settled (two equal reads 150 ms apart). */
  const fitToView = async () => {
    await view.content.locator('.toolbar button[aria-label^="Fit"]').click();
    let previous = '';
    for (let i = 0; i < 40; i++) {
      await sleep(150);
      const now = (await readDiagram()).transform;
      if (now === previous) return;
      previous = now;
    }
  };

  it('opens beside the file from the title bar: a node per component, the calls with their rps, findings as badges', async () => {
    await wb.clickEditorTitleAction(COMMAND);
    view = await webviewOf(wb.page, EXTENSION_ID, 'svg.canvas');
    const want = expectedDiagram(source(FILE));
    const shown = await waitForDiagram(`the ${want.ids.length} components of ${FILE}`, (d) => d.nodes.length === want.ids.length && d.edges.length === want.edges.length);
    await wb.screenshot('diagram beside url-shortener');

    assert.equal(shown.title, `${want.model.name} — ${FILE}`);
    assert.deepEqual(shown.nodes.map((n) => n.id).sort(), want.ids);
    assert.deepEqual(edgeKeys(shown), want.edges);
    for (const e of shown.edges) assert.match(e.label, /^[\d.]+k? rps$/, `label of ${e.from} → ${e.to}`);
    for (const n of shown.nodes) assert.deepEqual(n.badges, nonZero(want.counts.get(n.id)!), `badges of ${n.id}`);
    assert.ok(shown.nodes.some((n) => Object.keys(n.badges).length > 0), 'the example has a finding on a component, drawn as a badge');

    // The status bar counts the editor's findings of the file: the diagram shows the same ones.
    const [, error, warning, info] = COUNTS.exec(await wb.waitForStatusBar(EXTENSION_ID, COUNTS))!.map(Number);
    const status = { error: error!, warning: warning!, info: info! };
    assert.deepEqual(totalsOf(shown), status, 'toolbar totals = status bar');
    const badges = shown.nodes.reduce((sum, n) => sum + Object.values(n.badges).reduce((a, b) => a + b, 0), 0);
    assert.equal(badges + shown.fileFindings.length, status.error + status.warning + status.info, 'badges + findings not about one component = status bar');
    // Each badge's findings are in its node's tooltip with their rule ids.
    for (const n of shown.nodes) for (const [sev, count] of Object.entries(n.badges)) assert.equal(n.tooltip.split('\n').filter((l) => l.startsWith(`${sev} `)).length, count, `${n.id}'s tooltip`);
    // The editors alone: the Explorer would show the suite's hostile-text fixture beside the examples.
    await wb.readmeImage('diagram-beside-editor', wb.page.locator('.part.editor'));
  });

  it('reveals a component in the editor when its node is clicked', async () => {
    const id = expectedDiagram(source(FILE)).model.nodes.at(-1)!.id;
    const line = ws.lineOf(FILE, `"${id}": {`);
    assert.notEqual((await wb.cursorPosition()).line, line);
    await node(id).click();
    await wb.screenshot(`clicked ${id}`);
    // The editor is selected and scrolled where it is; the keyboard stays in the diagram (the status bar shows the
    // cursor of the focused editor).
    await wb.runCommand('View: Focus First Editor Group');
    const at = await wb.waitForCursorLine(line);
    assert.equal(at.line, line, `the cursor should move to "${id}" at line ${line}`);
    assert.equal(await wb.selectedLength(), JSON.stringify(id).length, 'the component\'s key is selected');
  });

  it('highlights the node of the component the editor\'s cursor is in', async () => {
    const text = source(FILE);
    for (const id of expectedDiagram(text).model.nodes.slice(1, 3).map((n) => n.id)) {
      const key = once(text, `"${id}": {`);
      await wb.selectInEditor(key, key.length, 0);
      const d = await waitForDiagram(`${id} highlighted`, (s) => s.nodes.filter((n) => n.cls.split(' ').includes('cursor')).map((n) => n.id).join() === id, 10_000);
      assert.equal(d.nodes.filter((n) => n.cls.includes('cursor')).length, 1);
    }
    await wb.screenshot('cursor highlights a node');
  });

  /** Zooms with a toolbar button and waits for the view to change; returns the drawing. */
  const zoom = async (button: 'Zoom in' | 'Zoom out') => {
    const from = (await readDiagram()).transform;
    await view.content.locator(`.toolbar button[aria-label^="${button}"]`).click();
    return waitForDiagram(`the view after ${button}`, (d) => d.transform !== from);
  };
  const NEW_COMPONENT = '"audit-log": { "kind": "queue", "instances": 3 },';
  /**
   * Types a new component at the top of "components" (a line above every
   * other), waits for its node, checks the zoom kept, and gives back how far
   * each component that was there before moved on the screen, in pixels.
   */
  const typeComponent = async (text: string, before: Shown, how: 'typed' | 'inserted' = 'typed') => {
    const components = once(text, '"components": {');
    await wb.runCommand('View: Focus First Editor Group');
    await wb.selectInEditor(components, components.length, 0);
    const started = Date.now();
    await wb.page.keyboard.press('Enter');
    // Typed key by key (every half-typed state goes by), or inserted at once: the time from the last of it to the drawing is the update's latency.
    // (Inserted at once, the editor still applies the text character by character, as fast as it can: a burst.)
    if (how === 'typed') await wb.type(NEW_COMPONENT);
    else await wb.page.keyboard.insertText(NEW_COMPONENT);
    const typed = Date.now();
    const grown = expectedDiagram(text.replace(components, `${components}\n${NEW_COMPONENT}`));
    const shown = await waitForDiagram('the added component', (d) => d.nodes.map((n) => n.id).sort().join() === grown.ids.join() && edgeKeys(d).join() === grown.edges.join());
    // When the page received and drew it, by its own user-timing marks (epoch milliseconds, the same clock as the test's).
    const markAt = async (name: string) => (await view.content.evaluate(`performance.getEntriesByName('${name}').filter((m) => m.detail && m.detail.nodes === ${grown.ids.length}).map((m) => performance.timeOrigin + m.startTime).find((t) => t >= ${typed - 5})`)) as number | undefined;
    const receivedAt = await markAt('scale-diagram-received');
    const drawnAt = await markAt('scale-diagram-drawn');
    assert.ok(receivedAt !== undefined && drawnAt !== undefined, 'the page marked the diagram\'s arrival and drawing');
    console.log(`      (${how === 'typed' ? 'after the last keystroke' : 'after the text was inserted'}, the new component's diagram reached the page in ${Math.round(receivedAt - typed)} ms and was drawn at ${Math.round(drawnAt - typed)} ms)`);
    // Half-typed states do not parse: the diagram stays as it was until the text does (no components made of its keys).
    const drawnSizes = (await view.content.evaluate(`performance.getEntriesByName('scale-diagram-drawn').filter((m) => performance.timeOrigin + m.startTime >= ${started - 5}).map((m) => m.detail && m.detail.nodes)`)) as number[];
    assert.ok(drawnSizes.every((n) => n === before.nodes.length || n === grown.ids.length), `drawn while typing: ${drawnSizes.join(', ')} components`);
    await wb.screenshot('component added');
    const added = grown.model.nodes.find((n) => !before.nodes.some((b) => b.id === n.id))!;
    assert.deepEqual(shown.nodes.find((n) => n.id === added.id)?.badges, nonZero(added.findings.counts));
    assert.equal(scaleOf(shown.transform), scaleOf(before.transform), 'the zoom stays');
    return before.nodes.map((a) => {
      const b = shown.nodes.find((n) => n.id === a.id)!;
      return Math.hypot(b.x - a.x, b.y - a.y);
    }).sort((p, q) => p - q);
  };
  /** Reverts the file in the editor and waits for the diagram of the text on disk. */
  const revertFile = async () => {
    await wb.runCommand('View: Focus First Editor Group');
    await wb.runCommand('File: Revert File');
    const first = expectedDiagram(source(FILE));
    await waitForDiagram('the reverted file', (d) => d.nodes.map((n) => n.id).sort().join() === first.ids.join() && edgeKeys(d).join() === first.edges.join());
  };

  it('follows edits: new numbers redraw in place (zoom and pan kept), a new component appears at the same zoom', async () => {
    const original = source(FILE);
    const zoomed = await zoom('Zoom out');
    try {
      // Numbers only: twice the peak load. The labels change, the layout and the view do not.
      const peak = /"peakRps": (\d+),/.exec(original)!;
      const peakText = once(original, peak[0]);
      await wb.runCommand('View: Focus First Editor Group');
      await wb.selectInEditor(peakText, '"peakRps": '.length, peak[1]!.length);
      await wb.type(String(Number(peak[1]) * 2));
      const edited = original.replace(peakText, `"peakRps": ${Number(peak[1]) * 2},`);
      const doubled = expectedDiagram(edited);
      const redrawn = await waitForDiagram('the doubled rps', (d) => edgeKeys(d).join() === doubled.edges.join());
      assert.equal(redrawn.transform, zoomed.transform, 'the view stays where it was');

      // A new component, inserted at once: a re-layout draws it, at the same zoom (where the others stay, as it is typed: the test below).
      await typeComponent(edited, redrawn, 'inserted');
    } finally {
      await revertFile();
    }
  });

  // Two ways this went wrong before: the view followed a re-layout by the components shared with the previous
  // drawing only, so a state drawn mid-typing that shares none (the half-typed text parses into components named
  // "description", "scenarios", ...) lost the anchor; and the cursor on the new line, sent before the new diagram,
  // was matched against the old ranges, highlighting (and panning to) the component that used to be on that line.
  it('keeps the view when an edit moves the lines under a zoomed-in diagram (the cursor is not matched against an older diagram)', async () => {
    const before = await zoom('Zoom in');
    try {
      const text = source(FILE);
      const moves = await typeComponent(text, before);
      assert.ok(moves[moves.length >> 1]! < 2, `components moved on the screen by ${moves.map((m) => m.toFixed(1)).join(', ')} px`);

      // Moving the cursor (not typing) to a component out of view does pan: to it.
      const canvas = (await view.content.evaluate(`(() => { const r = document.querySelector('svg.canvas').getBoundingClientRect(); return { x: r.x, y: r.y, right: r.right, bottom: r.bottom }; })()`)) as { x: number; y: number; right: number; bottom: number };
      const inView = (n: { x: number; y: number }) => n.x >= canvas.x && n.x <= canvas.right && n.y >= canvas.y && n.y <= canvas.bottom;
      const centre = { x: (canvas.x + canvas.right) / 2, y: (canvas.y + canvas.bottom) / 2 };
      const outOfView = (d: Shown) => d.nodes.filter((n) => !inView(n) && before.nodes.some((b) => b.id === n.id));
      let zoomed = await readDiagram();
      for (let i = 0; i < 4 && outOfView(zoomed).length === 0; i++) zoomed = await zoom('Zoom in');
      const far = outOfView(zoomed).sort((a, b) => Math.hypot(b.x - centre.x, b.y - centre.y) - Math.hypot(a.x - centre.x, a.y - centre.y))[0];
      assert.ok(far, 'zoomed in, some component is out of view');
      const key = once(text, `"${far.id}": {`);
      await wb.runCommand('View: Focus First Editor Group');
      await wb.selectInEditor(key, key.length, 0);
      await waitForDiagram(`${far.id} highlighted and in view`, (d) => d.nodes.some((n) => n.id === far.id && n.cls.split(' ').includes('cursor') && inView(n)), 10_000);
    } finally {
      await revertFile();
      await fitToView();
    }
  });

  it('takes the theme\'s colours: Light Modern, then Dark Modern (screenshots of both)', async () => {
    const read = async () => (await view.content.evaluate(PAGE_READ_COLOURS)) as Record<'bodyClass' | 'background' | 'text' | 'nodeBox' | 'edge', string>;
    // The diagram's group alone, fitted to it: the screenshots show the whole design at a readable size.
    await wb.page.locator('.tabs-container .tab').filter({ hasText: panel(FILE) }).click();
    await wb.runCommand('View: Toggle Maximize Editor Group');
    await fitToView();
    const light = await read();
    assert.match(light.bodyClass, /\bvscode-light\b/);
    await wb.screenshot('light theme');
    await wb.screenshotOf(view.element, 'diagram light');

    await wb.setColorTheme('Dark Modern');
    const deadline = Date.now() + 15_000;
    let dark = await read();
    while (!/\bvscode-dark\b/.test(dark.bodyClass) && Date.now() < deadline) {
      await sleep(100);
      dark = await read();
    }
    assert.match(dark.bodyClass, /\bvscode-dark\b/);
    await wb.screenshot('dark theme');
    await wb.screenshotOf(view.element, 'diagram dark');
    for (const k of ['background', 'text', 'nodeBox', 'edge'] as const) assert.notEqual(dark[k], light[k], `${k} should change with the theme`);
    assert.ok(luminance(dark.background) < luminance(light.background), `a darker background: ${light.background} -> ${dark.background}`);
    assert.ok(luminance(dark.text) > luminance(light.text), `lighter text: ${light.text} -> ${dark.text}`);
    await wb.runCommand('View: Toggle Maximize Editor Group');
    await fitToView();
  });

  it('reveals a clicked component without changing the layout: a maximised diagram stays maximised', async () => {
    const text = source(FILE);
    const id = expectedDiagram(text).model.nodes[1]!.id;
    const line = ws.lineOf(FILE, `"${id}": {`);
    await wb.page.locator('.tabs-container .tab').filter({ hasText: panel(FILE) }).click();
    await wb.runCommand('View: Toggle Maximize Editor Group');
    await fitToView();
    const width = async () => (await view.element.boundingBox())!.width;
    const maximised = await width();
    assert.ok(maximised > 1000, `the maximised diagram is ${maximised} px wide`);
    await node(id).click();
    await sleep(1000);
    await wb.screenshot(`clicked ${id} in the maximised diagram`);
    assert.ok(Math.abs((await width()) - maximised) < 2, `the diagram stays ${maximised} px wide, not ${await width()}`);
    await wb.runCommand('View: Toggle Maximize Editor Group');
    await wb.runCommand('View: Focus First Editor Group');
    assert.equal((await wb.waitForCursorLine(line)).line, line, `the editor's cursor moved to "${id}" at line ${line}`);
    await fitToView();
  });

  // Each example, in each of the themes a person may work in: a node per component, the legend, the theme's background.
  it('draws each example in Light Modern, Dark Modern and Dark High Contrast: its components, the legend, the theme\'s background', async () => {
    const examples = ['url-shortener', 'ecommerce', 'payments', 'social-feed', 'startup'].map((n) => `${n}.scale.json`);
    const themes = [
      { name: 'Light Modern', body: 'vscode-light', background: (l: number) => l > 0.8 },
      { name: 'Dark Modern', body: 'vscode-dark', background: (l: number) => l < 0.05 },
      { name: 'Dark High Contrast', body: 'vscode-high-contrast', background: (l: number) => l < 0.01 },
    ];
    await wb.page.locator('.tabs-container .tab').filter({ hasText: panel(FILE) }).click();
    // The legend on (a toggle the panel keeps).
    const legend = view.content.locator('svg.legend-overlay');
    if (!(await legend.isVisible())) await view.content.locator('.toolbar button[aria-label^="Show or hide the legend"]').click();
    try {
      for (const theme of themes) {
        await wb.setColorTheme(theme.name);
        for (const file of examples) {
          await wb.runCommand('View: Focus First Editor Group');
          await wb.openFile(file);
          const want = expectedDiagram(source(file));
          const shown = await waitForDiagram(`the diagram of ${file}`, (d) => d.title.endsWith(file) && want.ids.every((id) => d.nodes.some((n) => n.id === id)), 60_000);
          assert.ok(shown.nodes.length >= want.ids.length, `${file}: a node per component`);
          await fitToView();
          const colours = (await view.content.evaluate(PAGE_READ_COLOURS)) as Record<'bodyClass' | 'background', string>;
          assert.match(colours.bodyClass, new RegExp(`\\b${theme.body}\\b`), `${file} in ${theme.name}`);
          assert.ok(theme.background(luminance(colours.background)), `${file} in ${theme.name}: background ${colours.background}`);
          assert.ok(await legend.isVisible(), `${file} in ${theme.name}: the legend is shown`);
          assert.ok((await legend.locator('text').allTextContents()).includes('Components'), `${file} in ${theme.name}: the legend names the shapes`);
          await wb.screenshotOf(view.element, `${file.replace('.scale.json', '')} ${theme.name}`);
        }
      }
    } finally {
      await wb.setColorTheme('Light Modern');
      await wb.runCommand('View: Focus First Editor Group');
      await wb.openFile(FILE);
    }
  });

  it('shows hostile text from a file as text: nothing runs, no element is made from it, no CSP violation', async () => {
    await watchCspViolations(view.content);
    const reportsBefore = cspReports(browser.console).length;
    // The panel follows the active topology, opened from the Explorer in the first group.
    await wb.runCommand('View: Focus First Editor Group');
    await wb.openFile(HOSTILE);
    const want = expectedDiagram(source(HOSTILE));
    await waitForDiagram(`the diagram of ${HOSTILE}`, (d) => d.title.endsWith(HOSTILE) && d.nodes.length === want.ids.length && d.fileFindings.length === want.model.fileFindings.items.length);
    await wb.screenshot('hostile text');

    // Literally, as text: the name in the title, descriptions, places and query names in the tooltips, places on the boxes, scenario names in the findings.
    assert.deepEqual(missingHostileText((await view.content.evaluate(PAGE_READ_TEXTS)) as HostileTextShown, hostileTextPlaces()), []);

    // Nothing made from it, nothing ran, nothing was refused.
    assert.deepEqual(await view.content.evaluate(PAGE_COUNT_INJECTED), { embedded: 0, handlers: 0, scriptUrls: 0, scriptsMentioning: 0 });
    for (const f of wb.page.frames()) assert.equal(await f.evaluate('window.__pwned').catch(() => undefined), undefined, `window.__pwned in ${f.url()}`);
    assert.deepEqual(await cspViolationsSeen(view.content), []);
    assert.deepEqual(cspReports(browser.console).slice(reportsBefore), []);

    // The counters are live: an image from elsewhere, added by the test, is found and refused, and counted by both.
    await view.content.evaluate(`(() => { const i = document.createElement('img'); i.id = 'csp-probe'; i.src = 'https://example.invalid/probe.png'; document.body.append(i); })()`);
    for (let i = 0; i < 50 && (await cspViolationsSeen(view.content)).length === 0; i++) await sleep(100);
    assert.equal(((await view.content.evaluate(PAGE_COUNT_INJECTED)) as { embedded: number }).embedded, 1, 'the probe is seen as an element');
    await view.content.evaluate(`document.getElementById('csp-probe').remove()`);
    assert.equal((await cspViolationsSeen(view.content)).length, 1, 'the probe is seen as a violation');
    for (let i = 0; i < 20 && cspReports(browser.console).length === reportsBefore; i++) await sleep(100);
    assert.equal(cspReports(browser.console).length - reportsBefore, 1, 'and reported on the console');
  });

  it('locks the page down: CSP default-src \'none\', a fresh nonce per render, no forms, resources only from dist/', async () => {
    const policy = async () => {
      const csp = await pageCsp(view.content);
      const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map((d) => [d[0]!, d.slice(1)] as const));
      const scripts = directives.get('script-src') ?? [];
      const nonce = /^'nonce-([A-Za-z0-9_-]+)'$/.exec(scripts[0] ?? '')?.[1];
      assert.deepEqual(directives.get('default-src'), ["'none'"], csp);
      assert.equal(scripts.length, 1, `scripts only by the nonce: ${csp}`);
      assert.ok(nonce && nonce.length >= 16, csp);
      assert.doesNotMatch(csp, /unsafe-(eval|inline)/);
      assert.equal(await view.content.evaluate('document.querySelector("script[src]").nonce'), nonce, 'the bundle carries the nonce');
      return nonce;
    };
    const first = await policy();
    const sandbox = (await view.element.getAttribute('sandbox')) ?? '';
    assert.match(sandbox, /\ballow-scripts\b/);
    assert.doesNotMatch(sandbox, /\ballow-forms\b/, 'forms are off');

    // Reopened from the command palette: a new page, a new nonce, the hostile file drawn afresh without a violation.
    const reportsBefore = cspReports(browser.console).length;
    await wb.closeEditor(panel(HOSTILE));
    await wb.runCommand(COMMAND);
    view = await webviewOf(wb.page, EXTENSION_ID, 'g.node');
    const second = await policy();
    assert.notEqual(second, first, 'a fresh nonce per render');
    await waitForDiagram(`the diagram of ${HOSTILE}`, (d) => d.title.endsWith(HOSTILE) && d.nodes.length === expectedDiagram(source(HOSTILE)).ids.length);
    assert.equal(await view.content.evaluate('window.__pwned'), undefined);
    assert.deepEqual(cspReports(browser.console).slice(reportsBefore), []);

    // localResourceRoots: the bundle folder is served, the rest of the extension and the workspace are not.
    // Stylesheets from the webview's resource origin pass the CSP, so what answers is the resource check.
    const bundle = String(await view.content.evaluate('document.querySelector("script[src]").src'));
    const extensionRoot = bundle.replace(/\/dist\/webview\.js(\?.*)?$/, '');
    const probes: [string, boolean][] = [
      [`${extensionRoot}/dist/webview.js`, true],
      [`${extensionRoot}/package.json`, false],
      [`${extensionRoot}/media/icon.svg`, false],
      [`${new URL(bundle).origin}${ws.file(FILE)}`, false],
    ];
    const answers = probes.map(([url]) => wb.page.waitForResponse((r) => r.url() === url, { timeout: 15_000 }));
    await view.content.evaluate(`(() => { for (const href of ${JSON.stringify(probes.map(([u]) => u))}) { const l = document.createElement('link'); l.rel = 'stylesheet'; l.href = href; l.className = 'resource-probe'; document.head.append(l); } })()`);
    const statuses = await Promise.all(answers.map((a) => a.then((r) => r.status())));
    await view.content.evaluate(`document.querySelectorAll('.resource-probe').forEach((l) => l.remove())`);
    probes.forEach(([url, allowed], i) => assert.equal(statuses[i] === 200, allowed, `${url} answered ${statuses[i]}`));
  });

  it('ignores malformed messages from the page, and still answers well-formed ones', async () => {
    const text = source(HOSTILE);
    const ids = expectedDiagram(text).model.nodes.map((n) => n.id);
    const reveal = (id: string) => {
      const line = ws.lineOf(HOSTILE, `"${id}": {`) - 1;
      const character = text.split(/\r?\n/)[line]!.indexOf(`"${id}"`);
      return { type: 'reveal', line, character, endLine: line, endCharacter: character + id.length + 2 };
    };
    const [a, b] = [reveal(ids[0]!), reveal(ids[1]!)];
    const posted = Date.now();
    await postFromWebview(view, a);
    assert.equal((await wb.waitForCursorLine(a.line + 1)).line, a.line + 1, 'a well-formed reveal moves the cursor');
    const latency = Date.now() - posted;

    const junk: unknown[] = [
      { ...b, extra: true },
      { ...b, line: String(b.line) },
      { ...b, line: -1 },
      { ...b, line: 1.5 },
      { type: 'command', command: 'workbench.action.terminal.new' },
      { type: 'reveal' },
      'reveal', null, 42, [b], undefined,
      { type: 'layoutReport', outcome: 'laidOut', ms: 1, drawMs: 1, nodes: 1, edges: 1, detail: 'x'.repeat(100_000) },
      JSON.parse(`{"type":"reveal","line":${b.line},"character":0,"__proto__":{"polluted":true}}`),
    ];
    for (const m of junk) await postFromWebview(view, m);
    // A malformed reveal has no answer to wait for: give it a few times what the well-formed one took.
    await sleep(Math.max(500, 3 * latency));
    assert.equal((await wb.cursorPosition()).line, a.line + 1, 'no malformed reveal moved the cursor');
    assert.equal(await wb.page.locator('.terminal-wrapper, .integrated-terminal').count(), 0, 'no terminal was opened');

    // Positions are trusted only as far as the document goes: a line past its end lands on its last line.
    await postFromWebview(view, { type: 'reveal', line: 9_999_999, character: 0 });
    const last = text.split(/\r\n|\r|\n/).length;
    assert.equal((await wb.waitForCursorLine(last)).line, last);
    await postFromWebview(view, b);
    assert.equal((await wb.waitForCursorLine(b.line + 1)).line, b.line + 1, 'the panel still works');
  });
});
