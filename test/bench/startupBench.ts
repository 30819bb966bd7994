/**
 * The CLI as a one-shot process pays for it: `scale --version` (at most
 * 80 ms) and `scale check` of a generated topology with 1.5 calls per
 * component at 100 (at most 150 ms), 1,000 (200 ms) and 5,000 (300 ms)
 * components, each the whole process from spawn to exit, as CI and a
 * pre-commit hook run it. The runs are interleaved with a bare `node` start
 * (printed beside each figure: the floor no command can go under on this
 * machine), so load from elsewhere moves them all alike; each figure is a
 * median.
 *
 * The budgets are for a machine whose bare node starts in 62 ms (this
 * machine class on a quiet day), and each is scaled by the bare start
 * measured in the same run: the same machine has started node in 59 to
 * 93 ms within an hour, and every command's time moves with it. So a
 * budget is a ratio to the baseline, as every other figure of the bench.
 *
 * The bundles are timed as built: `npm run build` gives the development
 * build (source maps, not minified), `npm run package:build` the one the npm
 * package ships.
 *
 * Each command runs once before the timed rounds, so the figures are of runs
 * that find the compiled code an earlier run kept (bin/compileCache.js, or
 * Node's own from 22.1), as every run after a user's first does; the first
 * run of a 100-component check, with nothing kept, is given for information.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DENSE, generateTopology } from './generateTopology';
import { type BenchSuite, benchNode, type Figure, median } from './harness';

const ROOT = path.resolve(__dirname, '..', '..');
const SCALE = path.join(ROOT, 'bin', 'scale.js');
const ROUNDS = 15;
/** The bare node start (ms) the budgets are stated for. */
const REFERENCE_START_MS = 62;

/** One timed command: its arguments after `node`, and its budget. */
interface Timed {
  name: string;
  args: string[];
  maxMs?: number;
  /** Environment variables the command runs with, beside this process's. */
  env?: Record<string, string>;
  samples: number[];
}

function timeOnce(node: string, args: readonly string[], cwd: string, env?: Record<string, string>): number {
  const t0 = performance.now();
  const r = spawnSync(node, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: env && { ...process.env, ...env } });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** Which build dist holds: only the development build writes source maps. */
function buildKind(): string {
  return fs.existsSync(path.join(ROOT, 'dist', 'cli-commands.js.map')) ? 'development build' : 'production build';
}

/** The start-up suite. */
export const startupSuite: BenchSuite = {
  name: 'start',
  run(): Figure[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-bench-start-'));
    try {
      fs.writeFileSync(path.join(dir, 'empty.js'), '');
      // Beyond the start (the 100-component budget), the larger files add the validation pipeline's time (150 ms at 5,000).
      const sizes = [{ components: 100, maxMs: 150 }, { components: 1_000, maxMs: 200 }, { components: 5_000, maxMs: 300 }];
      const bare: Timed = { name: 'bare node start', args: ['empty.js'], samples: [] };
      const timed: Timed[] = [
        { name: 'scale --version, whole process', args: [SCALE, '--version'], maxMs: 80, samples: [] },
        ...sizes.map(({ components, maxMs }) => {
          const file = `generated-${components}.scale.json`;
          fs.writeFileSync(path.join(dir, file), generateTopology(components, DENSE));
          return { name: `scale check, ${components} components (1.5 calls each), whole process`, args: [SCALE, 'check', file], maxMs, samples: [] };
        }),
        { name: 'scale check, 100 components, a first run (no compiled code kept)', args: [SCALE, 'check', 'generated-100.scale.json'], env: { NODE_DISABLE_COMPILE_CACHE: '1' }, samples: [] },
      ];
      const all = [bare, ...timed];
      const node = benchNode();
      for (const t of all) timeOnce(node.path, t.args, dir, t.env);
      for (let round = 0; round < ROUNDS; round++) {
        // Each round in another order, so no command always follows the same one.
        for (let i = 0; i < all.length; i++) {
          const t = all[(i + round) % all.length]!;
          t.samples.push(timeOnce(node.path, t.args, dir, t.env));
        }
      }
      const floor = median(bare.samples);
      const kind = buildKind();
      const scale = floor / REFERENCE_START_MS;
      return timed.map((t) => ({
        name: t.name,
        value: median(t.samples),
        unit: 'ms',
        ...(t.maxMs !== undefined ? { budget: { max: Math.round(t.maxMs * scale) } } : {}),
        detail: `${t.maxMs !== undefined ? `budget ${t.maxMs} ms at a ${REFERENCE_START_MS} ms node start, ×${scale.toFixed(2)}; ` : ''}bare node ${floor.toFixed(0)} ms (Node ${node.version}), median of ${ROUNDS} interleaved runs, ${kind}`,
      }));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
