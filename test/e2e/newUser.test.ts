/**
 * A new user's first hour, in a real VS Code with its default dialogs
 * (code-server 4.100.3 = VS Code 1.100.3, driven through Chromium): a
 * topology made from a template with the name the save dialog suggests;
 * files deleted from the shell, open or not, leaving the Problems panel and
 * the status bar; a rule's page opened from the Problems panel; the
 * breadcrumbs and the Outline of a topology. Screenshots of each step:
 * test-results/e2e/new-user/.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { ProblemRow, Workbench } from './browser';
import { sleep } from './processes';
import { useUiSuite } from './uiSuite';
import { webviewOf } from './webview';
import type { ExamplesWorkspace } from './workspace';

const STARTUP = 'startup.scale.json';
/** Status bar items of the extension have ids `<publisher>.<name>.<item>`. */
const EXTENSION_ID = 'scale-tools.scale-topology';
const COUNTS = /\$\(error\)\s*(\d+).*\$\(warning\)\s*(\d+).*\$\(info\)\s*(\d+)/;
/** An example with one warning (and no other finding). */
const ONE_WARNING = 'ecommerce.scale.json';

const NONE = /\$\(error\)\s*0\s*\$\(warning\)\s*0\s*\$\(info\)\s*0\b/;

const listed = (rows: ProblemRow[], file: string) => rows.some((r) => r.kind === 'file' && r.text.startsWith(file));

describe('a new user\'s first hour (code-server + Chromium)', function () {
  const suite = useUiSuite('new-user', { openFile: STARTUP });
  let wb: Workbench;
  let ws: ExamplesWorkspace;
  before(() => {
    ({ wb, ws } = suite);
  });
  /** Runs "Scale: New Topology from Template", picks `template`, accepts the suggested name; returns what the dialog suggested. */
  const newTopology = async (template: string) => {
    await wb.runCommand('Scale: New Topology from Template', { asks: true });
    await wb.pickQuickItem(template);
    const suggested = await wb.acceptSaveDialog();
    await wb.screenshot(`new topology from ${template}`);
    return suggested;
  };
  const scaleFilesOnDisk = () => readdirSync(ws.folder).filter((f) => f.endsWith('.scale.json')).sort();
  /** Waits until the Problems panel lists `file` (or no longer does), read through a filter on its name. */
  const waitForListed = (file: string, shown: boolean, timeoutMs?: number) => wb.waitForProblems((rows) => listed(rows, file) === shown, { filter: `**/${file}`, timeoutMs });

  it('a file deleted from the shell, not open, leaves the Problems panel', async () => {
    await waitForListed(ONE_WARNING, true, 90_000);
    rmSync(ws.file(ONE_WARNING));
    await waitForListed(ONE_WARNING, false);
    await wb.screenshot('problems after the shell deleted a file');
  });

  it('New Topology from an example, with the name the save dialog suggests, writes NAME.scale.json', async () => {
    const before = scaleFilesOnDisk();
    const suggested = await newTopology('ecommerce');
    assert.match(suggested, /\/ecommerce\.scale\.json$/);
    await wb.waitForActiveTab(ONE_WARNING);
    assert.deepEqual(scaleFilesOnDisk(), [...before, ONE_WARNING].sort(), 'exactly ecommerce.scale.json is written');
    await waitForListed(ONE_WARNING, true);
    const counts = COUNTS.exec(await wb.waitForStatusBar(EXTENSION_ID, COUNTS))!;
    assert.deepEqual(counts.slice(1).map(Number), [0, 1, 0], 'the status bar counts the new file\'s warning');
  });

  it('a file deleted from the shell while open leaves the Problems panel and the status bar', async () => {
    rmSync(ws.file(ONE_WARNING));
    await waitForListed(ONE_WARNING, false);
    await wb.waitForStatusBar(EXTENSION_ID, NONE);
    await wb.screenshot('problems and status bar after the shell deleted the open file');
    // For good: nothing brings them back while the editor keeps showing the text.
    await sleep(1500);
    assert.equal(listed(await wb.problems(`**/${ONE_WARNING}`), ONE_WARNING), false);
    await wb.filterProblems('');
    await wb.closeEditor(ONE_WARNING);
  });

  it('offers a starter: a small topology with no findings, written under the suggested name', async () => {
    const suggested = await newTopology('starter');
    assert.match(suggested, /\/starter\.scale\.json$/);
    await wb.waitForActiveTab('starter.scale.json');
    assert.ok(existsSync(ws.file('starter.scale.json')));
    assert.ok(!existsSync(ws.file('starter.scale.json.scale.json')));
    await wb.waitForStatusBar(EXTENSION_ID, NONE);
    assert.match(await wb.visibleEditorText(), /"kind": "loadBalancer"/);
  });

  it('a rule code in the Problems panel opens the rule\'s page rendered, not its Markdown source', async () => {
    await wb.openFile(STARTUP);
    await wb.waitForProblems((rows) => rows.some((r) => /lone-load-balancer/.test(r.text)), { filter: 'lone-load-balancer' });
    await wb.clickProblem('lone-load-balancer', { code: true });
    const preview = await webviewOf(wb.page, 'vscode.markdown-language-features', 'h1');
    assert.match(await preview.content.locator('h1').first().innerText(), /lone-load-balancer/);
    await wb.filterProblems('');
    await wb.screenshot('rule page from the problems panel');
    const tabs = await wb.tabTitles();
    assert.ok(tabs.some((t) => /^Preview lone-load-balancer\.md$/.test(t)), `tabs: ${tabs.join(' | ')}`);
    assert.ok(!tabs.includes('lone-load-balancer.md'), `no editor on the Markdown source: ${tabs.join(' | ')}`);
    await wb.closeEditor('Preview lone-load-balancer.md');
  });

  it('shows a topology as the language "Scale topology": one outline, named after the system, and the file coloured as JSON', async () => {
    await wb.openFile(STARTUP);
    await wb.waitForStatusBar('status.editor.mode', /^Scale topology$/);
    await wb.selectInEditor('"app": {', 2, 0);
    // The breadcrumbs follow the cursor once the outline is in: file, then the system, its section and the component.
    let crumbs: string[] = [];
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && !crumbs.includes('app'); await sleep(250)) crumbs = await wb.breadcrumbs();
    await wb.screenshot('breadcrumbs in app');
    assert.deepEqual(crumbs.slice(-4), [STARTUP, 'startup', 'components', 'app'], `breadcrumbs: ${crumbs.join(' > ')}`);
    const roots = await wb.outlineRoots();
    await wb.screenshot('outline');
    assert.equal(roots.length, 1, `outline: ${roots.join(' | ')}`);
    assert.match(roots[0]!, /^startup\s*17 components · 3 scenarios\b/);
    // Keys, strings, numbers and punctuation each take their own colour from the theme.
    await wb.focusEditor();
    const classes = await wb.editor().locator('.view-lines span[class^="mtk"]').evaluateAll((spans) => [...new Set(spans.map((s) => s.className))]);
    assert.ok(classes.length >= 3, `token colour classes: ${classes.join(' ')}`);
  });

  it('reports a schema error once, from Scale alone (no second copy from a JSON service)', async () => {
    await wb.openFile(STARTUP);
    await wb.selectInEditor('"kind": "service"', 9, 7);
    await wb.type('servic');
    await wb.waitForProblems((r) => r.some((x) => x.kind === 'problem' && /servic\b/.test(x.text)), { filter: 'servic' });
    await wb.screenshot('one schema error');
    await sleep(1500); // a second source would have reported by now
    // Every problem on the edited line, whatever its words and severity (VS Code's JSON service, given the schema,
    // adds a warning "Value must be …" of its own).
    // Read through this file's rows only: reading the list by keyboard opens the problems it passes.
    const rows = await wb.problems(`**/${STARTUP}`);
    // The line of the edited kind, as the example has it today (its comments move it when they change).
    const example = readFileSync(path.resolve(__dirname, '../../examples', STARTUP), 'utf8');
    const line = example.slice(0, example.indexOf('"kind": "service"')).split('\n').length;
    const onLine = rows.filter((r) => r.kind === 'problem' && r.text.includes(`[Ln ${line}, `));
    assert.equal(onLine.length, 1, `problems on line ${line}: ${onLine.map((r) => `${r.severity}: ${r.text}`).join(' | ')}`);
    assert.equal(onLine[0]!.severity, 'error');
    assert.match(onLine[0]!.text, /Unknown value "servic" for components\.app\.kind; did you mean "service"\?/);
    await wb.filterProblems('');
    await wb.runCommand('View: Focus First Editor Group');
    await wb.runCommand('File: Revert File');
    await wb.waitForProblems((r) => !r.some((x) => /servic\b/.test(x.text)), { filter: 'servic' });
    await wb.filterProblems('');
  });
});
