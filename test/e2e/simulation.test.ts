/**
 * The diagram's simulation panel as a person uses it, in a real VS Code
 * (code-server + Chromium, the harness of ui.test.ts): open the URL
 * shortener's diagram, open the panel, click the database's node and kill
 * its primary, and read the failover — lost writes, write downtime, the
 * timeline chart — in the webview's frame; then the same in Dark Modern; then
 * take zone us-east-1a down and read its cost. The figures expected come from
 * the core run on the same text and seed.
 * Screenshots (the diagram with its finding badges, the failover timeline,
 * light and dark, and the zone outage) and logs: test-results/e2e/simulation/.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { num } from '../../src/core/scenario/figures';
import { runWhatIf } from '../../src/core/whatIf/whatIf';
import type { BrowserSession, Workbench } from './browser';
import { sleep } from './processes';
import { useUiSuite } from './uiSuite';
import { cspReports, cspViolationsSeen, untilInFrame, watchCspViolations, webviewOf, type WebviewFrames } from './webview';
import type { ExamplesWorkspace } from './workspace';

const FILE = 'url-shortener.scale.json';
const EXTENSION_ID = 'scale-tools.scale-topology';
/** The seed of the `scale.simulationSeed` setting's default. */
const SEED = 1;

describe('the simulation panel in a real VS Code (code-server + Chromium)', function () {
  this.timeout(240_000);
  const suite = useUiSuite('simulation', { openFile: FILE, settings: { 'workbench.colorTheme': 'Default Light Modern' } });
  let wb: Workbench;
  let browser: BrowserSession;
  let ws: ExamplesWorkspace;
  let frames: WebviewFrames;
  before(() => {
    ({ wb, browser, ws } = suite);
  });

  /** Waits until an expression is true in the panel's page. */
  const until = (expression: string, what: string, timeoutMs?: number) => untilInFrame(frames.content, expression, what, timeoutMs);
  /** Scrolls the failover into view and saves the panel's frame. */
  const shootFailover = async (step: string) => {
    await frames.content.locator('.sim-failover .chart').first().scrollIntoViewIfNeeded();
    await sleep(300);
    return wb.screenshotOf(frames.element, step);
  };

  it('opens the diagram beside the file, with the findings as badges on their nodes', async () => {
    await wb.clickEditorTitleAction('Open Diagram to the Side');
    frames = await webviewOf(wb.page, EXTENSION_ID, 'g.node', 90_000);
    await watchCspViolations(frames.content);
    await until('document.querySelectorAll("g.node").length === 6 && document.querySelectorAll("g.node .finding-badge").length > 0', 'the laid-out diagram');
    await wb.screenshot('diagram with finding badges (light)');
    await wb.screenshotOf(frames.element, 'diagram panel (light)');
  });

  it('opens the simulation panel, kills the database primary and shows the lost writes of its failover', async () => {
    await frames.content.locator('.toolbar button', { hasText: 'Simulate' }).click();
    // The host sent the document's text: the what-if ran once and the controls follow the file.
    await until('document.querySelectorAll(".sim-controls vscode-textfield").length > 0', 'the simulation panel\'s controls');
    // The panel draws at readable text, a part at a time (Fit goes no smaller): urls, at the chain's end, is reached
    // from the keyboard, as every node can be.
    const urls = frames.content.locator('g.node', { has: frames.content.locator('.node-id', { hasText: /^urls$/ }) });
    await urls.focus();
    await urls.press('Enter');
    await frames.content.locator('vscode-button[aria-label="Kill urls#0"]').click();
    const lost = frames.content.locator('.sim-failover [data-figure="lostWrites"]');
    await lost.waitFor({ timeout: 60_000 });
    const expected = runWhatIf(readFileSync(ws.file(FILE), 'utf8'), { seed: SEED, faults: [{ component: 'urls', instance: 0, action: 'kill' }] }).result.failovers[0]!;
    assert.equal(await lost.textContent(), num(expected.writes.lost));
    assert.equal(await frames.content.locator('.sim-failover [data-figure="writeDowntime"]').textContent(), '15 s');
    assert.match((await frames.content.locator('.sim-failover h4').textContent())!, /^Failover: urls#0 \(shard 0 of 64\) killed at 10 s$/);
    await frames.content.locator('.sim-failover .chart canvas').first().waitFor();
    assert.equal(await frames.content.locator('g.node.sim-faulted .node-id').textContent(), 'urls');
    await wb.screenshot('simulation panel, urls#0 killed (light)');
    await shootFailover('failover timeline (light)');
    await wb.readmeImage('simulation-failover', frames.element);
  });

  it('takes the colours of Dark Modern: the diagram and the redrawn charts', async () => {
    const axis = () => frames.content.evaluate('getComputedStyle(document.body).getPropertyValue("--vscode-descriptionForeground").trim()');
    const light = await axis();
    await wb.setColorTheme('Dark Modern');
    await until('document.body.classList.contains("vscode-dark")', 'the dark theme in the webview');
    assert.notEqual(await axis(), light, 'the chart colours come from the theme');
    await frames.content.locator('.sim-failover .chart canvas').first().waitFor();
    await sleep(500);
    await wb.screenshot('simulation panel, urls#0 killed (dark)');
    await frames.content.locator('.stage').scrollIntoViewIfNeeded();
    await wb.screenshotOf(frames.element, 'diagram panel (dark)');
    await shootFailover('failover timeline (dark)');
  });

  it('takes zone us-east-1a down: what it kills, the stores\' failovers and the requests that failed, as the core gives them', async () => {
    await frames.content.locator('vscode-button', { hasText: 'Clear all faults' }).click();
    await frames.content.locator('vscode-button[aria-label="Kill zone us-east-1a"]').click();
    await until('document.querySelector(".sim-result article.sim-scenario h3")?.textContent === "What if: kill zone us-east-1a"', 'the zone outage\'s result');
    const expected = runWhatIf(readFileSync(ws.file(FILE), 'utf8'), { seed: SEED, outages: [{ kind: 'zone', name: 'us-east-1a' }] }).result;
    const article = frames.content.locator('.sim-result article.sim-scenario').first();
    assert.match((await article.locator('[data-figure="notServed"]').textContent())!, new RegExp(` ${num(expected.requests.total.failed)} failed, `));
    assert.equal(await article.locator('.sim-failover').count(), expected.failovers.length);
    assert.equal(await article.locator('.sim-pool').count(), expected.pools.length);
    assert.deepEqual(await article.locator('.sim-notes li').allTextContents(), expected.notes);
    assert.equal(await frames.content.locator('.sim-domains li[data-name="us-east-1a"] .sim-instance-state').textContent(), 'down at 10 s');
    await frames.content.locator('.sim-domains').scrollIntoViewIfNeeded();
    await sleep(300);
    await wb.screenshotOf(frames.element, 'zone us-east-1a down (dark)');
  });

  it('ran without a CSP violation or a script error in the panel', async () => {
    assert.deepEqual(await cspViolationsSeen(frames.content), []);
    assert.deepEqual(cspReports(browser.console), []);
    assert.deepEqual(browser.console.filter((l) => l.startsWith('[pageerror]')), []);
  });
});
