/**
 * The extension as a person meets it: the packaged `scale.vsix` installed in
 * a real VS Code (code-server 4.100.3 = VS Code 1.100.3), driven through
 * Chromium. Every step leaves a screenshot in test-results/e2e/ui/.
 *
 * SCALE_E2E_VSIX points at another .vsix (default: scale.vsix at the root,
 * written by `npm run package`).
 */
import * as assert from 'node:assert/strict';
import type { ProblemRow, Workbench } from './browser';
import { useUiSuite } from './uiSuite';
import type { ExamplesWorkspace } from './workspace';

const FILE = 'startup.scale.json';
/** Status bar items of the extension have ids `<publisher>.<name>.<item>`. */
const EXTENSION_ID = 'scale-tools.scale-topology';
const COUNTS = /\$\(error\)\s*(\d+).*\$\(warning\)\s*(\d+)/;

/** The problem rows of one file (under its file row; related-information rows left out). */
function rowsOf(rows: ProblemRow[], file: string): ProblemRow[] {
  const out: ProblemRow[] = [];
  let inFile = false;
  for (const r of rows) {
    if (r.kind === 'file') inFile = r.text.startsWith(file) || r.label.includes(`file ${file}`);
    else if (inFile && r.kind === 'problem') out.push(r);
  }
  return out;
}

const has = (rows: ProblemRow[], rule: string) => rows.some((r) => new RegExp(`(^|[^\\w-])${rule}([^\\w-]|$)`).test(r.text));

describe('Scale in a real VS Code (code-server + Chromium)', function () {
  const suite = useUiSuite('ui', { openFile: FILE });
  let wb: Workbench;
  let ws: ExamplesWorkspace;
  before(() => {
    ({ wb, ws } = suite);
  });
  /** Selects in the editor through Find, after checking the example still has the text (a clear failure when it was reworded). */
  const select = async (text: string, offset: number, length?: number) => {
    ws.lineOf(FILE, text);
    await wb.selectInEditor(text, offset, length);
  };

  it('lists the designed findings of startup.scale.json in the Problems panel', async () => {
    // One rule at a time through the panel's filter box, as a person narrows a long list.
    const seen: ProblemRow[] = [];
    for (const rule of ['lone-load-balancer', 'missing-health-check', 'capacity', 'single-point-of-failure', 'stateful-behind-load-balancer', 'modulo-sharding']) {
      const rows = rowsOf(await wb.waitForProblems((all) => has(rowsOf(all, FILE), rule), { filter: rule, timeoutMs: seen.length ? 15_000 : 90_000 }), FILE);
      seen.push(...rows.filter((r) => has([r], rule)));
    }
    const lone = seen.find((r) => has([r], 'lone-load-balancer'))!;
    assert.equal(lone.severity, 'warning');
    assert.match(lone.text, /\blb\b/);
    const capacity = seen.filter((r) => has([r], 'capacity'));
    assert.ok(capacity.some((r) => r.severity === 'error' && /%/.test(r.text)), 'a capacity error quotes the utilization');
    await wb.filterProblems('');
    await wb.screenshot('problems panel');
  });

  it('shows the finding counts in the status bar', async () => {
    const text = await wb.waitForStatusBar(EXTENSION_ID, COUNTS);
    await wb.screenshot('status bar counts');
    const [, errors, warnings] = COUNTS.exec(text)!;
    assert.ok(Number(errors) >= 1 && Number(warnings) >= 1, `counts in "${text}"`);
  });

  it('shows the computed load in a hover over a component id', async () => {
    await select('"app": {', 2, 0);
    const hover = await wb.hoverAtCursor();
    await wb.screenshot('hover over app');
    await wb.escape();
    assert.match(hover, /\brps\b/, `hover text: ${hover}`);
  });

  it('goes to the component from a reference in `calls` (F12)', async () => {
    await select('"calls": ["app"]', 12, 0);
    const from = await wb.cursorPosition();
    const target = ws.lineOf(FILE, '"app": {');
    assert.notEqual(from.line, target);
    await wb.goToDefinition();
    const to = await wb.waitForCursorLine(target);
    await wb.screenshot('definition of app');
    assert.equal(to.line, target, `F12 from line ${from.line} should land on "app" at line ${target}`);
  });

  it('updates the findings while typing: a second lb instance ends lone-load-balancer', async () => {
    const before = await wb.waitForStatusBar(EXTENSION_ID, COUNTS);
    await select('"lb": { "kind": "loadBalancer", "instances": 1', '"lb": { "kind": "loadBalancer", "instances": '.length, 1);
    await wb.type('2');
    await wb.screenshot('typed instances 2');
    await wb.waitForProblems((all) => !has(rowsOf(all, FILE), 'lone-load-balancer'), { filter: 'lone-load-balancer' });
    await wb.filterProblems('');
    await wb.screenshot('problems after typing');
    await wb.waitForProblems((all) => has(rowsOf(all, FILE), 'missing-health-check'), { filter: 'missing-health-check', timeoutMs: 5000 });
    const after = await wb.waitForStatusBar(EXTENSION_ID, COUNTS);
    assert.ok(Number(COUNTS.exec(after)![2]) < Number(COUNTS.exec(before)![2]), `warnings should drop: "${before}" -> "${after}"`);
  });

  it('clears the missing health check with the Quick Fix from the light bulb', async () => {
    await wb.clickProblem('missing-health-check');
    await wb.focusEditor();
    // Clicking the problem selects its range while the panel has the focus; a
    // cursor move inside the range makes the editor ask for code actions again
    // now that it has the focus, which is when it shows the light bulb.
    await wb.page.keyboard.press('ArrowLeft');
    await wb.page.keyboard.press('ArrowRight');
    const titles = await wb.lightBulbQuickFix(/health check/i, 'quick fix menu');
    await wb.screenshot(`quick fix applied via ${wb.lastQuickFixVia}`);
    if (wb.lastQuickFixVia !== 'light bulb') console.warn('    (the light bulb did not show within 10 s; the menu was opened with Ctrl+., its shortcut)');
    assert.ok(titles.some((t) => /health check/i.test(t)), `quick fixes: ${titles.join(' | ')}`);
    await wb.waitForProblems((all) => !has(rowsOf(all, FILE), 'missing-health-check'), { filter: 'missing-health-check' });
    await wb.filterProblems('');
    await wb.screenshot('problems after quick fix');
    await wb.waitForProblems((all) => has(rowsOf(all, FILE), 'capacity'), { filter: 'capacity', timeoutMs: 5000 });
    assert.match(await wb.visibleEditorText(), /healthCheck/);
  });
});
