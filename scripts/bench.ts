/**
 * `npm run bench [-- suite...]`: bundles the bench (test/bench/run.ts and the
 * code it times) with esbuild as the product's own bundles are made
 * (scripts/benchBundle.ts), then runs the bundle with --expose-gc, its
 * arguments passed on and its exit code returned.
 *
 * The code is timed as it ships, not as tsx transforms it for the tests: tsx
 * keeps every function's name by wrapping each function expression in a call
 * that defines its `name` property, so a closure made in a loop costs a
 * property definition each time — a cost no shipped bundle has, which fell
 * unevenly on the figures (the analytic models make closures per step and per
 * evaluation, the pipeline's parser far fewer).
 *
 * The bundle is written beside the suites (test/bench/bench.bundle.cjs, not
 * committed).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { bundleBench } from './benchBundle';

const ROOT = path.resolve(__dirname, '..');
const BUNDLE = path.join(ROOT, 'test', 'bench', 'bench.bundle.cjs');

void bundleBench(path.join(ROOT, 'test', 'bench', 'run.ts'), BUNDLE).then(() => {
  const run = spawnSync(process.execPath, ['--expose-gc', BUNDLE, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
});
