/**
 * The diagram compared with git HEAD, as a person uses it in a real VS Code
 * (code-server + Chromium, the harness of ui.test.ts) on a workspace that is
 * a git repository with the examples committed: a component typed into the
 * editor (not saved) is marked added once the panel's "Compare with HEAD"
 * toggle is clicked, a component deleted is drawn ghosted, the hovers say
 * what changed, and the colours are those of git's decorations in Dark
 * Modern. A topology that is not committed yet has nothing to compare with:
 * the toggle is disabled and says why, and so does Scale: Compare with HEAD.
 * What is expected comes from the core run on the same texts.
 * Screenshots and logs: test-results/e2e/compare/ (see uiSuite.ts).
 */
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { checkText } from '../../src/core/check';
import { buildDiagram } from '../../src/core/diagram/diagramModel';
import { changeOverlay } from '../../src/core/diff/changeOverlay';
import { diffTopology } from '../../src/core/diff/diff';
import type { BrowserSession, Workbench } from './browser';
import { sleep } from './processes';
import { useUiSuite } from './uiSuite';
import { cspReports, cspViolationsSeen, watchCspViolations, webviewOf, type WebviewFrames } from './webview';
import type { ExamplesWorkspace } from './workspace';

const FILE = 'url-shortener.scale.json';
/** A topology written into the workspace after the commit: git has never seen it. */
const UNCOMMITTED = 'draft.scale.json';
const EXTENSION_ID = 'scale-tools.scale-topology';
const NEW_COMPONENT = '"audit-log": { "kind": "queue", "instances": 3 },';

/** What the panel shows of the comparison, read from its DOM. */
interface Marks {
  /** The toolbar's title: "<name> — <file>". */
  title: string;
  toggle: { checked: boolean; disabled: boolean; title: string };
  /** Every component's box: its id, its mark (added, changed, or none) and its hover. */
  nodes: { id: string; mark: string; tooltip: string }[];
  ghosts: { id: string; tooltip: string }[];
  removedEdges: string[];
  bar: string | null;
  colours: { added: string; addedRing: string; removed: string; ghostBox: string };
}

// Source text: the page's own functions (see browser.ts's pageFunction for why).
const PAGE_READ_MARKS = `(() => {
  const text = (el) => (el ? el.textContent || '' : '');
  const toggle = document.querySelector('.toolbar vscode-checkbox');
  const bar = document.querySelector('.change-bar');
  const css = (sel, prop) => { const el = document.querySelector(sel); return el ? getComputedStyle(el)[prop] : ''; };
  const variable = (name) => { const probe = document.createElementNS('http://www.w3.org/2000/svg', 'rect'); probe.setAttribute('fill', 'var(' + name + ')'); document.querySelector('svg.canvas').append(probe); const v = getComputedStyle(probe).fill; probe.remove(); return v; };
  return {
    title: text(document.querySelector('.toolbar .title')),
    toggle: { checked: toggle.checked, disabled: toggle.disabled, title: toggle.title },
    nodes: [...document.querySelectorAll('g.node:not(.ghost)')].map((g) => ({
      id: text(g.querySelector('.node-id')),
      mark: g.classList.contains('change-added') ? 'added' : g.classList.contains('change-changed') ? 'changed' : '',
      tooltip: text(g.querySelector(':scope > title')),
    })),
    ghosts: [...document.querySelectorAll('g.node.ghost')].map((g) => ({ id: text(g.querySelector('.node-id')), tooltip: text(g.querySelector(':scope > title')) })),
    removedEdges: [...document.querySelectorAll('g.edge.change-removed')].map((g) => text(g.querySelector(':scope > title'))),
    bar: bar && bar.checkVisibility() ? text(bar) : null,
    colours: {
      added: variable('--vscode-gitDecoration-addedResourceForeground'),
      addedRing: css('g.node.change-added .change-ring', 'stroke'),
      removed: variable('--vscode-gitDecoration-deletedResourceForeground'),
      ghostBox: css('g.node.ghost .node-box', 'stroke'),
    },
  };
})()`;

/** The comparison the server computes for a text against the file at HEAD, by the core. */
function expectedChange(base: string, text: string) {
  const overlay = changeOverlay(diffTopology({ label: 'HEAD', read: { text: base } }, { label: FILE, read: { text } }, { scenarios: false }));
  return buildDiagram(checkText(text, { scenarioBudgets: false }), overlay);
}

/** Asserts that `needle` occurs exactly once in `text` (Find in the editor must land on it). */
function once(text: string, needle: string): string {
  assert.equal(text.split(needle).length - 1, 1, `${JSON.stringify(needle)} should occur once in the file`);
  return needle;
}

describe('Compare with HEAD in a real VS Code (code-server + Chromium, a git repository)', function () {
  this.timeout(240_000);
  const suite = useUiSuite('compare', { openFile: FILE, git: true, settings: {
    'workbench.colorTheme': 'Default Light Modern',
    'editor.autoClosingBrackets': 'never',
    'editor.autoClosingQuotes': 'never',
    'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
    'editor.suggestOnTriggerCharacters': false,
  } });
  let wb: Workbench;
  let browser: BrowserSession;
  let ws: ExamplesWorkspace;
  let view: WebviewFrames;
  /** The file as committed. */
  let committed: string;
  before(() => {
    ({ wb, browser, ws } = suite);
    committed = readFileSync(ws.file(FILE), 'utf8');
  });

  const read = async () => (await view.content.evaluate(PAGE_READ_MARKS)) as Marks;
  /** Waits until what the panel shows satisfies `check`; returns it, or throws with what it last showed. */
  const waitFor = async (what: string, check: (m: Marks) => boolean, timeoutMs = 30_000): Promise<Marks> => {
    const deadline = Date.now() + timeoutMs;
    let m = await read().catch(() => undefined);
    while (!(m && check(m))) {
      if (Date.now() > deadline) throw new Error(`the panel did not show ${what} within ${timeoutMs} ms; it shows:\n${JSON.stringify(m, null, 1)?.slice(0, 3000)}\nscreenshot: ${await wb.screenshot(`no ${what}`)}`);
      await sleep(100);
      m = await read().catch(() => undefined);
    }
    return m;
  };
  const toggle = () => view.content.locator('.toolbar vscode-checkbox');
  /** Goes to the editor of FILE and inserts `text` after `anchor` on a line of its own (not saved). */
  const insertAfter = async (anchor: string, text: string) => {
    await wb.runCommand('View: Focus First Editor Group');
    await wb.selectInEditor(anchor, anchor.length, 0);
    await wb.page.keyboard.press('Enter');
    await wb.page.keyboard.insertText(text);
  };

  it('opens the diagram of a committed file with the toggle enabled and off', async () => {
    await wb.clickEditorTitleAction('Open Diagram to the Side');
    view = await webviewOf(wb.page, EXTENSION_ID, 'svg.canvas', 90_000);
    await watchCspViolations(view.content);
    const plain = buildDiagram(checkText(committed));
    // The git extension finds the repository a moment after the window opens: the toggle waits for it.
    const m = await waitFor('the toggle enabled', (s) => !s.toggle.disabled && s.nodes.length === plain.nodes.length, 60_000);
    assert.equal(m.toggle.checked, false);
    assert.match(m.toggle.title, /since the file at git HEAD/);
    assert.deepEqual(m.nodes.filter((n) => n.mark), [], 'nothing is marked while the comparison is off');
    assert.equal(m.bar, null);
  });

  it('marks a component typed into the editor as added once the toggle is clicked', async () => {
    const components = once(committed, '"components": {');
    await insertAfter(components, NEW_COMPONENT);
    const edited = committed.replace(components, `${components}\n${NEW_COMPONENT}`);
    const want = expectedChange(committed, edited);
    await waitFor('the typed component', (s) => s.nodes.some((n) => n.id === 'audit-log'));
    assert.deepEqual((await read()).nodes.filter((n) => n.mark), [], 'not marked before the toggle is on');

    await toggle().click();
    const m = await waitFor('audit-log marked added', (s) => s.toggle.checked && s.nodes.some((n) => n.id === 'audit-log' && n.mark === 'added'));
    await wb.screenshot('added component marked');
    await wb.screenshotOf(view.element, 'diagram compared with HEAD, component added (light)');
    // Marked exactly as the core compares the editor's text (unsaved) with the commit: one component added, nothing else.
    const marked = (ms: { id: string; change?: { status: string } }[]) => ms.filter((n) => n.change && n.change.status !== 'unchanged').map((n) => `${n.id}:${n.change!.status}`).sort();
    assert.deepEqual(m.nodes.filter((n) => n.mark).map((n) => `${n.id}:${n.mark}`).sort(), marked(want.nodes));
    assert.deepEqual(m.nodes.filter((n) => n.mark).map((n) => n.id), ['audit-log']);
    assert.match(m.nodes.find((n) => n.id === 'audit-log')!.tooltip, /\nadded since HEAD/);
    assert.equal(m.bar?.startsWith(`Compared with HEAD: ${want.change!.summary}`), true, m.bar ?? '');
    assert.equal(want.change!.summary, '1 component added');
  });

  it('draws a component deleted in the editor ghosted, with the calls to it, and keeps following the edits', async () => {
    // The cdn's declaration, five lines, gone: clients still call it (a finding), and the diagram keeps it as removed.
    const cdn = once(committed, '    "cdn": {\n');
    const lines = committed.slice(committed.indexOf(cdn)).split('\n').slice(0, 7);
    assert.equal(lines[6], '    },', `the cdn's declaration ends on its seventh line: ${lines.join('\n')}`);
    await wb.runCommand('View: Focus First Editor Group');
    await wb.selectInEditor('"cdn": {', 0, 0);
    await wb.page.keyboard.press('Home');
    for (let i = 0; i < 7; i++) await wb.page.keyboard.press('Shift+ArrowDown');
    await wb.page.keyboard.press('Delete');
    const m = await waitFor('cdn ghosted', (s) => s.ghosts.some((g) => g.id === 'cdn') && s.nodes.some((n) => n.id === 'audit-log' && n.mark === 'added'));
    assert.equal(m.nodes.some((n) => n.id === 'cdn'), false, 'cdn is no component of the text');
    assert.match(m.ghosts.find((g) => g.id === 'cdn')!.tooltip, /removed since HEAD:\n {2}load \(rps\) [\d,]+ → —/);
    assert.deepEqual(m.removedEdges.sort(), ['cdn → edge-lb; removed since HEAD', 'clients → cdn; removed since HEAD']);
    assert.match(m.bar ?? '', /^Compared with HEAD: 1 component added, 1 removed/);
    await wb.screenshotOf(view.element, 'diagram compared with HEAD, component removed (light)');
  });

  it('takes git\'s decoration colours of Dark Modern (screenshot)', async () => {
    await wb.page.locator('.tabs-container .tab').filter({ hasText: `Scale: ${FILE}` }).click();
    await wb.runCommand('View: Toggle Maximize Editor Group');
    const light = (await read()).colours;
    await wb.setColorTheme('Dark Modern');
    // A selector, not waitForFunction: the panel's CSP refuses the eval a polled predicate needs.
    await view.content.locator('body.vscode-dark').waitFor({ state: 'attached', timeout: 15_000 });
    const m = await waitFor('the dark colours', (s) => s.colours.added !== light.added && s.colours.addedRing === s.colours.added);
    assert.equal(m.colours.ghostBox, m.colours.removed, 'the removed component in the theme\'s deleted-file colour');
    await view.content.locator('.toolbar button[aria-label^="Fit"]').click();
    await sleep(500);
    await wb.screenshot('compared with HEAD (dark)');
    await wb.screenshotOf(view.element, 'diagram compared with HEAD (dark)');
    await wb.runCommand('View: Toggle Maximize Editor Group');
  });

  it('turns the comparison off with the toggle, and on again with Scale: Compare with HEAD', async () => {
    await toggle().click();
    await waitFor('no marks', (s) => !s.toggle.checked && s.nodes.every((n) => !n.mark) && s.ghosts.length === 0 && s.bar === null);
    await wb.runCommand('Scale: Compare with HEAD');
    await waitFor('the marks again', (s) => s.toggle.checked && s.nodes.some((n) => n.id === 'audit-log' && n.mark === 'added') && s.ghosts.length === 1);
  });

  it('says why a topology that is not committed has nothing to compare with: the toggle disabled, the command\'s message', async () => {
    writeFileSync(ws.file(UNCOMMITTED), committed.replace('"name": "url-shortener"', '"name": "draft"'));
    await wb.runCommand('View: Focus First Editor Group');
    await wb.openFile(UNCOMMITTED);
    // The panel follows the active topology: the toggle's state comes first, then the draft's diagram.
    const m = await waitFor('the draft\'s diagram, its toggle disabled', (s) => s.title.endsWith(UNCOMMITTED) && s.toggle.disabled && /draft\.scale\.json/.test(s.toggle.title), 60_000);
    assert.equal(m.toggle.title, `${UNCOMMITTED} is not committed yet: HEAD has no version of it.`);
    assert.equal(m.toggle.checked, false);
    assert.deepEqual([m.nodes.filter((n) => n.mark), m.ghosts, m.bar], [[], [], null], 'nothing is marked');
    await wb.screenshot('uncommitted file: toggle disabled');

    await wb.dismissNotifications();
    await wb.runCommand('View: Focus First Editor Group');
    await wb.runCommand('Scale: Compare with HEAD');
    const toast = wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'cannot compare with HEAD' });
    await toast.waitFor({ timeout: 15_000 });
    assert.match((await toast.innerText()).replace(/\s+/g, ' '), new RegExp(`Scale: cannot compare with HEAD\\. ${UNCOMMITTED.replace('.', '\\.')} is not committed yet: HEAD has no version of it\\.`));
    await wb.screenshot('uncommitted file: Compare with HEAD says why');
  });

  it('ran without a CSP violation or a script error in the panel', async () => {
    assert.deepEqual(await cspViolationsSeen(view.content), []);
    assert.deepEqual(cspReports(browser.console), []);
    assert.deepEqual(browser.console.filter((l) => l.startsWith('[pageerror]')), []);
  });
});
