/**
 * `npm run bench -- anchors`: `scale check` against an anchor, LikeC4's
 * `likec4 validate --skip-layout` (its CLI's check of a model's syntax and
 * references, views' layout left out), each a whole process from spawn to
 * exit, on the same seeded graph of N components and about 1.5N calls
 * (generateTopology with DENSE, and the same graph as one .c4 file:
 * likec4Model.ts) at 100, 1,000 and 5,000 components. Runs are interleaved
 * (each round in the other order) and each figure is a median; the ratio is
 * the median of each round's likec4 ÷ scale, beside the goal of 10×.
 *
 * The suite installs nothing and is never part of the full run (it runs only
 * when named): LikeC4's CLI is looked for in the folder SCALE_ANCHOR_LIKEC4
 * names (a node_modules/.bin, or a folder where `npm install likec4` ran).
 * Without it, the suite says how to enable it and gives no figures.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DENSE, generateTopology } from './generateTopology';
import { type BenchSuite, benchNode, type Figure, median } from './harness';
import { likec4Model } from './likec4Model';

const ROOT = path.resolve(__dirname, '..', '..');
const SCALE = path.join(ROOT, 'bin', 'scale.js');
/** The environment variable that names the folder LikeC4's CLI is in. */
export const ANCHOR_ENV = 'SCALE_ANCHOR_LIKEC4';
/** The goal: `scale check` at least this many times faster at every size. */
const GOAL_RATIO = 10;
/** Sizes compared, and the rounds at each (LikeC4 takes seconds at 5,000). */
const SIZES = [{ components: 100, rounds: 11 }, { components: 1_000, rounds: 7 }, { components: 5_000, rounds: 5 }];

/** LikeC4's CLI in the folder the environment names (the folder itself, or its node_modules/.bin), or why there is none. */
export function likec4Cli(env: NodeJS.ProcessEnv = process.env): { cli: string } | { missing: string } {
  const dir = env[ANCHOR_ENV];
  if (!dir) return { missing: `${ANCHOR_ENV} is not set` };
  for (const cli of [path.join(dir, 'likec4'), path.join(dir, 'node_modules', '.bin', 'likec4')]) if (fs.existsSync(cli)) return { cli };
  return { missing: `${ANCHOR_ENV}=${dir} holds no likec4 (looked for ${path.join(dir, 'likec4')} and ${path.join(dir, 'node_modules', '.bin', 'likec4')})` };
}

/** How to enable the suite, printed when LikeC4's CLI is not found. */
function howToEnable(why: string): string {
  return [
    `anchors: skipped (${why}).`,
    '  The anchors bench times `scale check` against LikeC4\'s `likec4 validate --skip-layout` on the same graph.',
    '  It installs nothing. To run it, install LikeC4 outside this repository and name the folder:',
    '    mkdir /tmp/likec4 && cd /tmp/likec4 && npm init -y && npm install likec4',
    `    ${ANCHOR_ENV}=/tmp/likec4 npm run bench -- anchors`,
  ].join('\n');
}

/** Milliseconds of one whole process, which must exit 0. */
function timeOnce(command: string, args: readonly string[], cwd: string): number {
  const t0 = performance.now();
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${(r.stderr || r.stdout).slice(-2000)}`);
  return ms;
}

/** The anchors suite: figures only where LikeC4's CLI is found. */
export const anchorsSuite: BenchSuite = {
  name: 'anchors',
  optional: true,
  run(): Figure[] {
    const found = likec4Cli();
    if ('missing' in found) {
      console.log(howToEnable(found.missing));
      return [];
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-bench-anchors-'));
    const figures: Figure[] = [];
    const node = benchNode();
    const likec4Script = fs.realpathSync(found.cli);
    try {
      for (const { components, rounds } of SIZES) {
        const text = generateTopology(components, DENSE);
        const file = `generated-${components}.scale.json`;
        fs.writeFileSync(path.join(dir, file), text);
        // LikeC4 validates a workspace: a folder of .c4 files.
        const workspace = `likec4-${components}`;
        fs.mkdirSync(path.join(dir, workspace));
        fs.writeFileSync(path.join(dir, workspace, 'model.c4'), likec4Model(text));
        // Both on the same Node.js: LikeC4's command is a script for node, run here with the bench's.
        const scale = () => timeOnce(node.path, [SCALE, 'check', file], dir);
        const likec4 = () => timeOnce(node.path, [likec4Script, 'validate', '--skip-layout', workspace], dir);
        scale();
        likec4();
        const s: number[] = [];
        const l: number[] = [];
        const ratios: number[] = [];
        for (let round = 0; round < rounds; round++) {
          // Each round in the other order, so neither always inherits the other's cache state.
          let sm: number;
          let lm: number;
          if (round % 2 === 0) {
            sm = scale();
            lm = likec4();
          } else {
            lm = likec4();
            sm = scale();
          }
          s.push(sm);
          l.push(lm);
          ratios.push(lm / sm);
        }
        const detail = `scale check ${median(s).toFixed(0)} ms, likec4 validate ${median(l).toFixed(0)} ms, median of ${rounds} interleaved rounds, Node ${node.version}`;
        figures.push({ name: `scale check, ${components} components (1.5 calls each), whole process`, value: median(s), unit: 'ms' });
        figures.push({ name: `likec4 validate --skip-layout, the same graph, whole process`, value: median(l), unit: 'ms' });
        figures.push({ name: `likec4 ÷ scale, ${components} components`, value: median(ratios), unit: 'x', budget: { min: GOAL_RATIO }, detail });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
};
