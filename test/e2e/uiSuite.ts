/**
 * The hooks every UI suite needs, registered in its `describe`: before the
 * tests, a copy of examples/ served by a fresh code-server with the packaged
 * extension installed, opened in Chromium, with one file open; after a
 * failed test, a screenshot; after all, the browser console and the server
 * log saved beside the screenshots, and everything stopped.
 *
 * SCALE_E2E_VSIX points at another .vsix (default: scale.vsix at the root,
 * written by `npm run package`).
 */
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, Workbench, type BrowserSession } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { repoRoot, resultsDir } from './processes';
import { commitAll, copyExamplesWorkspace, type ExamplesWorkspace } from './workspace';

/** What the suite's tests use; set once its `before` hook has run. */
export interface UiSuite {
  ws: ExamplesWorkspace;
  server: CodeServer;
  browser: BrowserSession;
  wb: Workbench;
}

/** How a suite starts. */
export interface UiSuiteOptions {
  /** The example opened from the Explorer before the tests. */
  openFile: string;
  /** More files copied into the workspace (absolute paths; they keep their names). */
  extraFiles?: string[];
  /** User settings on top of codeServer's testSettings. */
  settings?: Record<string, unknown>;
  /** The workspace is a git repository with the examples (and the extra files) committed. */
  git?: boolean;
}

/** Registers the suite's hooks; `name` is its folder under test-results/e2e/. */
export function useUiSuite(name: string, options: UiSuiteOptions): UiSuite {
  const suite = {} as UiSuite;
  const logDir = path.join(resultsDir, name);
  let server: CodeServer | undefined;
  let browser: BrowserSession | undefined;

  before(async function () {
    this.timeout(600_000);
    const vsix = process.env.SCALE_E2E_VSIX || path.join(repoRoot, 'scale.vsix');
    if (!existsSync(vsix)) throw new Error(`${vsix} does not exist: run \`npm run package\` first`);
    rmSync(logDir, { recursive: true, force: true });
    suite.ws = copyExamplesWorkspace();
    for (const file of options.extraFiles ?? []) copyFileSync(file, suite.ws.file(path.basename(file)));
    if (options.git) commitAll(suite.ws.folder);
    suite.server = server = await startCodeServer({ workspace: suite.ws.folder, vsix: [vsix], settings: options.settings });
    suite.browser = browser = await launchBrowser();
    suite.wb = await Workbench.open(browser.page, server.url, name);
    await suite.wb.screenshot('workbench open');
    await suite.wb.openFile(options.openFile);
    await suite.wb.screenshot(`${options.openFile} open`);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && browser) await suite.wb.screenshot(`failed ${this.currentTest.title}`);
  });

  after(async function () {
    this.timeout(60_000);
    mkdirSync(logDir, { recursive: true });
    if (browser) writeFileSync(path.join(logDir, 'browser-console.log'), browser.console.join('\n'));
    if (server) writeFileSync(path.join(logDir, 'code-server.log'), server.log());
    await browser?.close();
    await server?.stop();
  });

  return suite;
}
