/**
 * The diagram under the simulation panel's what-if, in a real VS Code
 * (code-server + Chromium, the harness of ui.test.ts): on the URL
 * shortener's diagram, raise the peak past what the API tier holds and kill
 * the database's primary; the diagram shows the what-if — the API's load
 * and heat from the run, the killed primary hatched with its failover's
 * timeline, a bar that says so — with the figures the core gives for the
 * same text and seed; then back to the file's figures.
 * Screenshots and logs: test-results/e2e/simulation-overlay/.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
/** More than the API tier's ceiling. */
const PEAK = 100_000;

describe('the diagram under a what-if in a real VS Code (code-server + Chromium)', function () {
  this.timeout(240_000);
  const suite = useUiSuite('simulation-overlay', { openFile: FILE, settings: { 'workbench.colorTheme': 'Default Light Modern' } });
  let wb: Workbench;
  let browser: BrowserSession;
  let ws: ExamplesWorkspace;
  let frames: WebviewFrames;
  let fileLoad: string | null;
  before(() => {
    ({ wb, browser, ws } = suite);
  });

  const until = (expression: string, what: string, timeoutMs?: number) => untilInFrame(frames.content, expression, what, timeoutMs);
  const node = (id: string) => frames.content.locator('g.node', { has: frames.content.locator('.node-id', { hasText: new RegExp(`^${id}$`) }) });

  it('opens the diagram and its simulation panel', async () => {
    await wb.clickEditorTitleAction('Open Diagram to the Side');
    frames = await webviewOf(wb.page, EXTENSION_ID, 'g.node', 90_000);
    await watchCspViolations(frames.content);
    await until('document.querySelectorAll("g.node").length === 6', 'the laid-out diagram');
    fileLoad = await node('api').locator('.node-load').textContent();
    await frames.content.locator('.toolbar button', { hasText: 'Simulate' }).click();
    await until('document.querySelectorAll(".sim-controls vscode-textfield").length > 0', 'the simulation panel\'s controls');
    assert.equal(await frames.content.locator('.sim-bar').isVisible(), false);
  });

  it('a what-if with an overloaded tier and a killed primary is drawn on the diagram, in the core\'s figures', async () => {
    await frames.content.locator('.sim-controls vscode-textfield').first().locator('input').fill(String(PEAK));
    // The panel draws at readable text, a part at a time (Fit goes no smaller): urls, at the chain's end, is reached
    // from the keyboard, as every node can be.
    await node('urls').focus();
    await node('urls').press('Enter');
    await frames.content.locator('vscode-button[aria-label="Kill urls#0"]').click();
    const failover = node('urls').locator('.sim-note-failover');
    await failover.waitFor({ timeout: 60_000 });
    const run = runWhatIf(readFileSync(ws.file(FILE), 'utf8'), { seed: SEED, workload: { peakRps: PEAK }, faults: [{ component: 'urls', instance: 0, action: 'kill' }] });
    const byId = new Map(run.overlay.components.map((c) => [c.component, c] as const));
    const api = byId.get('api')!;
    assert.ok(api.load.utilization! > 1, 'the what-if overloads the API tier');
    await until(`document.querySelector("g.node.heat-3 .node-load")?.textContent === ${JSON.stringify(`${api.load.text} · ${Math.round(api.load.utilization! * 100)}% util`)}`, 'the API tier in the what-if\'s heat');
    assert.equal(await node('api').locator('.sim-note-failed').textContent(), api.failed!.text);
    assert.equal(await failover.textContent(), byId.get('urls')!.failover![0]);
    assert.ok((await node('urls').getAttribute('class'))!.split(' ').includes('sim-down'));
    assert.equal(await node('urls').locator('.sim-hatch').count(), 1);
    assert.match((await frames.content.locator('.sim-bar').textContent())!, /The diagram shows the what-if: peak 100,000 rps, kill urls#0/);
    // The diagram's group alone on the screen, fitted with its notes: readable in the picture.
    await wb.runCommand('Toggle Maximize Editor Group');
    await sleep(1000);
    await frames.content.locator('.toolbar button', { hasText: 'Fit' }).click();
    await sleep(500);
    // Dragged, as a reader would, until the killed store is in view beside the overloaded tier.
    const canvas = (await frames.content.locator('svg.canvas').boundingBox())!;
    const urlsBox = (await node('urls').boundingBox())!;
    const dx = Math.min(0, canvas.x + canvas.width - 24 - (urlsBox.x + urlsBox.width));
    const dy = Math.min(0, canvas.y + canvas.height - 24 - (urlsBox.y + urlsBox.height));
    const at = { x: canvas.x + canvas.width / 2, y: canvas.y + canvas.height / 2 };
    await wb.page.mouse.move(at.x, at.y);
    await wb.page.mouse.down();
    await wb.page.mouse.move(at.x + dx, at.y + dy, { steps: 8 });
    await wb.page.mouse.up();
    await sleep(300);
    for (const id of ['api', 'urls']) {
      const b = (await node(id).boundingBox())!;
      assert.ok(b.x >= canvas.x && b.x + b.width <= canvas.x + canvas.width && b.y >= canvas.y && b.y + b.height <= canvas.y + canvas.height, `${id} in view for the picture: ${JSON.stringify({ canvas, box: b })}`);
    }
    await wb.screenshot('what-if on the diagram, api overloaded and urls#0 killed (light)');
    await wb.screenshotOf(frames.element, 'diagram panel under the what-if (light)');
  });

  it('back to the file\'s figures', async () => {
    await frames.content.locator('.sim-bar button.sim-back').click();
    await until('document.querySelector(".sim-bar").hidden', 'the bar gone');
    await until(`document.querySelectorAll(".sim-note, .sim-hatch").length === 0 && [...document.querySelectorAll("g.node .node-load")].some((t) => t.textContent === ${JSON.stringify(fileLoad)})`, 'the file\'s figures');
    await wb.screenshotOf(frames.element, 'diagram panel back to the file (light)');
  });

  it('ran without a CSP violation or a script error in the panel', async () => {
    assert.deepEqual(await cspViolationsSeen(frames.content), []);
    assert.deepEqual(cspReports(browser.console), []);
    assert.deepEqual(browser.console.filter((l) => l.startsWith('[pageerror]')), []);
  });
});
