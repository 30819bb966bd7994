/**
 * Entry of the in-extension-host test run: the `run()` that
 * `@vscode/test-electron` (or test/e2e/integrationRunner.ts) points VS Code's
 * `--extensionTestsPath` at. It runs every `*.test.js` bundled beside it with
 * mocha and writes the results as JSON, to $SCALE_INTEGRATION_RESULTS or
 * `results.json` beside this file, so a runner outside the host can report
 * counts and failures; a failure rejects, which makes the host exit non-zero.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/** One test's outcome in the results file. */
export interface IntegrationTestResult {
  title: string;
  state: 'passed' | 'failed' | 'skipped';
  durationMs?: number;
  error?: string;
}

/** The results file. */
export interface IntegrationResults {
  passed: number;
  failed: number;
  skipped: number;
  tests: IntegrationTestResult[];
  /** VS Code's version in the host that ran the tests. */
  vscodeVersion?: string;
}

/**
 * Suites that need a workspace with no topology in it: the runner opens one
 * for them and says so with SCALE_INTEGRATION_WORKSPACE=none; the other
 * suites run in a copy of examples/.
 */
const NO_TOPOLOGY_SUITE = /\.noTopology\.test\.js$/;

/** Runs the suites; resolves when all passed. */
export function run(): Promise<void> {
  const resultsFile = process.env.SCALE_INTEGRATION_RESULTS || path.join(__dirname, 'results.json');
  const noTopology = process.env.SCALE_INTEGRATION_WORKSPACE === 'none';
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js') && NO_TOPOLOGY_SUITE.test(f) === noTopology).sort()) mocha.addFile(path.join(__dirname, file));
  const results: IntegrationResults = { passed: 0, failed: 0, skipped: 0, tests: [], vscodeVersion: vscode.version };
  const write = () => fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        write();
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
      runner.on('pass', (t) => {
        results.passed++;
        results.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration });
      });
      runner.on('fail', (t, err: Error) => {
        results.failed++;
        results.tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration, error: err?.stack ?? String(err) });
      });
      runner.on('pending', (t) => {
        results.skipped++;
        results.tests.push({ title: t.fullTitle(), state: 'skipped' });
      });
    } catch (e) {
      results.failed++;
      results.tests.push({ title: 'loading the integration suites', state: 'failed', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      write();
      reject(e);
    }
  });
}
