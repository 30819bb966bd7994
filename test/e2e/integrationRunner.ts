/**
 * Runs the in-extension-host suites (test/integration) in real VS Code
 * 1.100.3 on this machine, where the desktop download that
 * `@vscode/test-electron` needs is not reachable: VS Code's own server from
 * the code-server package serves the workbench, Chromium opens it with the
 * extension under development and the tests' `run()` in the payload, and the
 * remote extension host runs them and exits. Results come back through the
 * JSON file `run()` writes. Run: `tsx test/e2e/integrationRunner.ts`.
 * Two runs, each in a fresh server: the suites in a copy of examples/, then
 * the `*.noTopology.test.ts` suites in a folder with no topology in it (only
 * a tsconfig.json).
 *
 * SCALE_E2E_EXTENSION_DIR runs another extension folder (default: the repo,
 * which must be built: dist/extension.js). SCALE_INTEGRATION_WORKSPACES
 * runs only the runs named (`examples`, `none`, comma-separated).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import type { IntegrationResults } from '../integration/index';
import { launchBrowser } from './browser';
import { appendTotals, freePort, removeTempDir, repoRoot, resultsDir, startProcess, tempDir, waitForHttp, withTimeout, type ManagedProcess } from './processes';
import { ensureCodeServer } from './setup';
import { copyExamplesWorkspace } from './workspace';

/** Where the bundled suites go (`out/` is git-ignored); `@vscode/test-electron` can point at the same index.js. */
export const bundleDir = path.join(repoRoot, 'out', 'test', 'integration');

/** Longest the whole run may take before the extension host is given up on. */
const RUN_TIMEOUT_MS = Number(process.env.SCALE_INTEGRATION_TIMEOUT_MS || 6 * 60_000);

/** Bundles test/integration/index.ts and each *.test.ts for the extension host (CommonJS, `vscode` and `mocha` external). */
export async function bundleIntegrationTests(): Promise<string> {
  const src = path.join(repoRoot, 'test', 'integration');
  rmSync(bundleDir, { recursive: true, force: true });
  const entries = ['index.ts', ...readdirSync(src).filter((f) => f.endsWith('.test.ts'))].map((f) => path.join(src, f));
  await build({
    entryPoints: entries,
    outdir: bundleDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    sourcesContent: false,
    // mocha is resolved from the repo's node_modules at run time, as test-electron's samples do.
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return path.join(bundleDir, 'index.js');
}

/** The workbench URL that makes the extension host load `extensionPath` and run the tests at `testsIndex`. */
export function testUrl(port: number, workspace: string, extensionPath: string, testsIndex: string): string {
  const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(extensionPath)],
    ['extensionTestsPath', remote(testsIndex)],
  ]);
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
}

/** What one run gave. */
export interface IntegrationRun {
  exitCode: number | undefined;
  results: IntegrationResults | undefined;
  serverLog: string;
  browserConsole: string[];
}

/** The workspace a run opens: a copy of examples/, or a folder with no topology in it. */
export type IntegrationWorkspace = 'examples' | 'none';

/** A folder with no topology in it: a tsconfig.json, the JSONC file every TypeScript project has. */
function noTopologyWorkspace(): { folder: string; root: string } {
  const root = tempDir('ws-none');
  writeFileSync(path.join(root, 'tsconfig.json'), '{\n  // A project with no topology in it.\n  "compilerOptions": { "strict": true }\n}\n');
  return { folder: root, root };
}

/** Runs the bundled suites of one workspace once in VS Code's server; never throws for a test failure. */
export async function runIntegrationTests(extensionPath: string, workspace: IntegrationWorkspace = 'examples'): Promise<IntegrationRun> {
  const { serverMain } = await ensureCodeServer();
  const testsIndex = await bundleIntegrationTests();
  const ws = workspace === 'examples' ? copyExamplesWorkspace() : noTopologyWorkspace();
  const home = tempDir('vsserver');
  const resultsFile = path.join(home, 'results.json');
  const dirs = ['user-data', 'server-data', 'extensions'].map((d) => path.join(home, d));
  for (const d of dirs) mkdirSync(d, { recursive: true });
  let server: ManagedProcess | undefined;
  let port = 0;
  for (let attempt = 0; attempt < 3 && !server; attempt++) {
    port = await freePort();
    const proc = startProcess(
      process.execPath,
      [
        serverMain,
        '--host', '127.0.0.1',
        '--port', String(port),
        '--without-connection-token',
        '--accept-server-license-terms',
        '--disable-telemetry',
        '--user-data-dir', dirs[0]!,
        '--server-data-dir', dirs[1]!,
        '--extensions-dir', dirs[2]!,
      ],
      // The extension host inherits this environment; run() writes its results where it says.
      { lifetimeSec: Math.ceil(RUN_TIMEOUT_MS / 1000) + 120, env: { ...process.env, SCALE_INTEGRATION_RESULTS: resultsFile, SCALE_INTEGRATION_WORKSPACE: workspace } },
    );
    try {
      await waitForHttp(`http://127.0.0.1:${port}/version`, 60_000, proc);
      server = proc;
    } catch (e) {
      await proc.stop();
      if (!/EADDRINUSE/.test(proc.output()) || attempt === 2) throw e;
    }
  }
  const browser = await launchBrowser();
  try {
    await browser.page.goto(testUrl(port, ws.folder, extensionPath, testsIndex), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const exit = /Extension Host Process exited with code: (\d+)/;
    const deadline = Date.now() + RUN_TIMEOUT_MS;
    while (!exit.test(server!.output()) && !server!.hasExited() && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
    }
    await browser.page.screenshot({ path: path.join(resultsDir, 'integration', `workbench${workspace === 'examples' ? '' : `-${workspace}`}.png`) }).catch(() => undefined);
    const code = exit.exec(server!.output());
    return {
      exitCode: code ? Number(code[1]) : undefined,
      results: existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as IntegrationResults) : undefined,
      serverLog: server!.output(),
      browserConsole: browser.console,
    };
  } finally {
    await withTimeout(browser.close(), 30_000, 'closing Chromium').catch(() => undefined);
    await server!.stop();
    removeTempDir(home);
    removeTempDir(ws.root);
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const extensionPath = path.resolve(process.env.SCALE_E2E_EXTENSION_DIR || repoRoot);
  const pkg = JSON.parse(readFileSync(path.join(extensionPath, 'package.json'), 'utf8')) as { main?: string };
  if (pkg.main && !existsSync(path.join(extensionPath, pkg.main))) throw new Error(`${path.join(extensionPath, pkg.main)} is missing: build the extension first (npm run build)`);
  const outDir = path.join(resultsDir, 'integration');
  mkdirSync(outDir, { recursive: true });
  const wanted = (process.env.SCALE_INTEGRATION_WORKSPACES || 'examples,none').split(',').map((w) => w.trim());
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const workspace of (['examples', 'none'] as const).filter((w) => wanted.includes(w))) {
    const run = await runIntegrationTests(extensionPath, workspace);
    const suffix = workspace === 'examples' ? '' : `-${workspace}`;
    writeFileSync(path.join(outDir, `server${suffix}.log`), run.serverLog);
    writeFileSync(path.join(outDir, `browser-console${suffix}.log`), run.browserConsole.join('\n'));
    const t = reportRun(run, workspace, outDir, suffix);
    totals.passed += t.passed;
    totals.failed += t.failed;
    totals.skipped += t.skipped;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\n  ${totals.passed} passing, ${totals.failed} failing, ${totals.skipped} pending (${seconds} s)\n`);
  appendTotals('e2e-integration', totals);
  return totals.failed > 0 ? 1 : 0;
}

/** Prints one run's tests and gives its counts; a host that gave no results, or exited non-zero with none failed, is one failure. */
function reportRun(run: IntegrationRun, workspace: IntegrationWorkspace, outDir: string, suffix: string): { passed: number; failed: number; skipped: number } {
  const where = workspace === 'examples' ? 'a copy of examples/' : 'a workspace with no topology';
  console.log(`\n  Integration tests in the extension host, in ${where} (VS Code ${run.results?.vscodeVersion ?? '?'}, code-server's server-main)`);
  for (const t of run.results?.tests ?? []) {
    const mark = t.state === 'passed' ? '✔' : t.state === 'failed' ? '✗' : '-';
    console.log(`    ${mark} ${t.title}${t.durationMs !== undefined ? ` (${t.durationMs}ms)` : ''}`);
    if (t.error) console.log(`        ${t.error.split('\n').slice(0, 8).join('\n        ')}`);
  }
  const totals = { passed: run.results?.passed ?? 0, failed: run.results?.failed ?? 0, skipped: run.results?.skipped ?? 0 };
  if (!run.results) {
    // The host died, never ran run(), or the run timed out: that is one failure, with the evidence.
    console.log(`    ✗ the extension host produced no results (exit code ${run.exitCode ?? 'none seen'}); see ${path.relative(repoRoot, outDir)}/server${suffix}.log`);
    console.log(run.serverLog.split('\n').slice(-40).join('\n'));
    console.log(run.browserConsole.filter((l) => /error|exception/i.test(l)).slice(-20).join('\n'));
    return { ...totals, failed: 1 };
  }
  if (run.exitCode !== 0 && run.results.failed === 0) {
    console.log(`    ✗ the extension host exited with code ${run.exitCode ?? 'none seen'} although no test failed`);
    return { ...totals, failed: 1 };
  }
  return totals;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`[integration] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      appendTotals('e2e-integration', { passed: 0, failed: 1, skipped: 0 });
      process.exit(1);
    },
  );
}
