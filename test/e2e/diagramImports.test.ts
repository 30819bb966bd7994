/**
 * The diagram of a design that imports, in a real VS Code (code-server +
 * Chromium, the harness of diagram.test.ts): opened beside
 * social-feed.scale.json, it draws the platform's components (those the
 * design imports and what they depend on) in a box titled after the import,
 * as external, with the load and the finding badges the core computes with
 * the same imports; a click on one opens platform/platform.scale.json at its
 * declaration. Screenshots: test-results/e2e/diagram-imports/.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, realpathSync } from 'node:fs';
import { checkText } from '../../src/core/check';
import { buildDiagram } from '../../src/core/diagram/diagramModel';
import { FileImportHost } from '../../src/node/importHost';
import type { Workbench } from './browser';
import { sleep } from './processes';
import { useUiSuite } from './uiSuite';
import { webviewOf, type WebviewFrames } from './webview';
import type { ExamplesWorkspace } from './workspace';

const FILE = 'social-feed.scale.json';
const PLATFORM = 'platform/platform.scale.json';
const EXTENSION_ID = 'scale-tools.scale-topology';

/** What the panel draws of the imports, read from its DOM (source text: see browser.ts's pageFunction). */
const PAGE_READ_IMPORTS = `(() => {
  const text = (el) => (el ? el.textContent || '' : '');
  // A badge's count is its text element's, apart from the title that names its rules.
  const badges = (g) => [...g.querySelectorAll('.finding-badge')].map((b) => b.getAttribute('class').replace('finding-badge ', '') + ' ' + text(b.querySelector('.finding-badge-text'))).sort();
  return {
    files: [...document.querySelectorAll('g.group.file .group-title')].map(text),
    external: [...document.querySelectorAll('g.node.external')].map((g) => ({ id: text(g.querySelector('.node-id')), load: text(g.querySelector('.node-load')), badges: badges(g) })),
    own: document.querySelectorAll('g.node:not(.external)').length,
  };
})()`;

interface Shown {
  files: string[];
  external: { id: string; load: string; badges: string[] }[];
  own: number;
}

describe('The diagram of a design that imports, in a real VS Code (code-server + Chromium)', function () {
  const suite = useUiSuite('diagram-imports', { openFile: FILE, settings: { 'workbench.colorTheme': 'Default Light Modern' } });
  let wb: Workbench;
  let ws: ExamplesWorkspace;
  let view: WebviewFrames;
  before(() => {
    ({ wb, ws } = suite);
  });

  /** The core's diagram of the design, with its imports read in the workspace as the server reads them. */
  const expected = () => {
    const r = checkText(readFileSync(ws.file(FILE), 'utf8'), { imports: { host: new FileImportHost(realpathSync(ws.folder), 'the workspace'), file: realpathSync(ws.file(FILE)), cache: new Map() } });
    return buildDiagram(r);
  };
  const read = async () => (await view.content.evaluate(PAGE_READ_IMPORTS)) as Shown;

  it('draws the platform\'s components in a box titled after the import, as external, with the load and badges the core computes', async () => {
    await wb.clickEditorTitleAction('Open Diagram to the Side');
    view = await webviewOf(wb.page, EXTENSION_ID, 'svg.canvas');
    const want = expected();
    const imported = want.nodes.filter((n) => n.imported);
    assert.deepEqual(imported.map((n) => n.id), ['auth', 'auth-db', 'events', 'event-archive']);
    const deadline = Date.now() + 30_000;
    let shown: Shown | undefined = await read().catch(() => undefined);
    while (!(shown && shown.external.length === imported.length) && Date.now() < deadline) {
      await sleep(100);
      shown = await read().catch(() => undefined);
    }
    assert.ok(shown, 'the panel drew');
    // The panel's group alone, fitted: the screenshot shows the whole design at a readable size.
    await wb.page.locator('.tabs-container .tab').filter({ hasText: `Scale: ${FILE}` }).click();
    await wb.runCommand('View: Toggle Maximize Editor Group');
    await view.content.locator('.toolbar button[aria-label^="Fit"]').click();
    await sleep(500);
    await wb.screenshotOf(view.element, 'social-feed with the platform box');
    await wb.runCommand('View: Toggle Maximize Editor Group');

    assert.deepEqual(shown.files, ['imported from ./platform/platform.scale.json']);
    assert.equal(shown.own, want.nodes.length - imported.length);
    for (const n of imported) {
      const drawn: Shown['external'][number] | undefined = shown.external.find((e) => e.id === n.id);
      assert.ok(drawn, `${n.id} drawn as external`);
      assert.ok(drawn.load.startsWith(n.load!.text), `${n.id}'s load: ${drawn.load}`);
      const { error, warning, info } = n.findings.counts;
      assert.deepEqual(drawn.badges, Object.entries({ error, warning, info }).filter(([, c]) => c > 0).map(([s, c]) => `${s} ${c}`).sort(), `${n.id}'s badges`);
    }
    assert.deepEqual(shown.external.find((e) => e.id === 'auth-db')!.badges, ['warning 1'], 'the platform\'s single point of failure');
  });

  it('opens the platform file at a component\'s declaration when its node is clicked', async () => {
    const line = ws.lineOf(PLATFORM, '"auth": {');
    await view.content.locator('g.node.external').filter({ has: view.content.locator('.node-id', { hasText: /^auth$/ }) }).click();
    await wb.waitForActiveTab('platform.scale.json');
    const at = await wb.waitForCursorLine(line);
    await wb.screenshot('clicked auth: the platform file');
    assert.equal(at.line, line, `the cursor on "auth" at line ${line} of the platform file`);
    assert.equal(await wb.selectedLength(), '"auth"'.length, 'the component\'s key is selected');
  });
});
