/**
 * `npm run test:e2e`: installs code-server when the cache lacks it, packages
 * the extension (`npm run package` -> scale.vsix), runs the UI suite
 * (Playwright + code-server) and the in-extension-host integration suites
 * (VS Code's server), and prints how long each step took. Every suite runs
 * even when an earlier one failed; the exit code is non-zero if any failed.
 * Totals go to $SCALE_TEST_TOTALS for `.ci/run`.
 *
 * SCALE_E2E_VSIX skips packaging and installs that .vsix instead.
 */
import * as path from 'node:path';
import { appendTotals, repoRoot, runToEnd } from './processes';
import { ensureCodeServer } from './setup';

const bin = (name: string) => path.join(repoRoot, 'node_modules', '.bin', name);

async function main(): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, SCALE_TEST_SUITE: process.env.SCALE_TEST_SUITE || 'e2e' };
  const timings: string[] = [];
  let failed = false;
  const step = async (name: string, work: () => Promise<boolean>) => {
    const started = Date.now();
    console.log(`\n--- e2e: ${name}`);
    let ok = false;
    try {
      ok = await work();
    } catch (e) {
      console.error(`[e2e] ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    timings.push(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s${ok ? '' : ' (failed)'}`);
    if (!ok) failed = true;
    return ok;
  };
  const run = async (command: string, args: string[], timeoutSec: number) => (await runToEnd(command, args, { env, timeoutSec, echo: true })).code === 0;

  const ready =
    (await step('code-server install (cached in .vscode-test/)', async () => Boolean(await ensureCodeServer()))) &&
    (process.env.SCALE_E2E_VSIX ? true : await step('npm run package', () => run('npm', ['run', 'package'], 300)));
  if (!ready) {
    // Nothing below can run; count it so `.ci/run`'s total shows the failure.
    appendTotals('e2e', { passed: 0, failed: 1, skipped: 0 });
  } else {
    await step('UI suite (code-server + Chromium)', () => run(bin('mocha'), ['--config', path.join('test', 'e2e', '.mocharc.json')], 900));
    await step('integration suites (extension host in VS Code server)', () => run(bin('tsx'), [path.join('test', 'e2e', 'integrationRunner.ts')], 900));
  }
  console.log(`\n--- e2e timings\n  ${timings.join('\n  ')}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
