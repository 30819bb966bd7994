/**
 * `scale diff` as a reviewer's CI runs it: the whole process on two
 * 200-component topologies with 8 scenarios each (the head changes instances,
 * adds a cache and removes a worker), against `scale check` of both files in
 * the same run (interleaved pairs, median ratio): the diff checks both sides
 * and runs every scenario on both; the budget is 3x. And the PR comment
 * (Markdown) of a change to every component of a 1,000-component topology,
 * its Mermaid diagram collapsed and the comment cut to GitHub's size: at
 * most 200 ms.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diffMarkdown } from '../../src/core/diff/markdown';
import { structureDiff } from '../../src/core/diff/structure';
import type { JsonValue } from '../../src/core/diff/types';
import { bigChange } from '../support/diffFixtures';
import { type BenchSuite, type Figure, msPerCall } from './harness';
import { generateTopology } from './generateTopology';

const ROOT = path.resolve(__dirname, '..', '..');
const SCALE = path.join(ROOT, 'bin', 'scale.js');
const PAIRS = 7;

/** Eight scenarios over the generated topology's first groups. */
const SCENARIOS = [
  { name: 'a database primary dies', faults: [{ at: '20s', kill: 'db-0' }], expect: { lostWrites: 0 } },
  { name: 'a service instance dies', faults: [{ at: '10s', kill: 'svc-1-0#1' }], expect: { failedRequestFraction: 0.01 } },
  { name: 'a service instance turns slow', faults: [{ at: '10s', slow: 'svc-2-1#0', latency: '3s', duration: '20s' }] },
  { name: 'a zone goes down', faults: [{ at: '15s', kill: { zone: 'zone-a' } }, { at: '45s', restore: { zone: 'zone-a' } }] },
  { name: 'a shard is added', faults: [{ at: '10s', addShards: { target: 'db-3', count: 1 } }], expect: { keysMovedFraction: 0.5 } },
  { name: 'ten times the traffic', workload: { peakRps: 500000 } },
  { name: 'an archive primary dies', faults: [{ at: '5s', kill: 'archive-4' }] },
  { name: 'a worker dies and comes back', faults: [{ at: '5s', kill: 'worker-5#0' }, { at: '35s', restore: 'worker-5#0' }] },
];

function withScenarios(text: string): string {
  const at = text.lastIndexOf('  }\n}');
  return `${text.slice(0, at)}  },\n  "scenarios": ${JSON.stringify(SCENARIOS, null, 2).replace(/\n/g, '\n  ')}\n}\n`;
}

/** The change under review: more instances of one service, a cache added, a worker removed. */
function changed(text: string): string {
  const data = JSON.parse(text) as { components: Record<string, Record<string, unknown>> };
  data.components['svc-0-0']!.instances = 8;
  data.components['page-cache'] = { kind: 'cache', engine: 'redis', instances: 2, hitRatio: 0.5 };
  (data.components['svc-0-2']!.calls as unknown[]).unshift('page-cache');
  delete data.components['worker-9'];
  delete data.components['queue-9'];
  (data.components['svc-9-2']!.calls as unknown[]).pop();
  return JSON.stringify(data, null, 2);
}

function timed(args: string[], cwd: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [SCALE, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`scale ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** The diff suite. */
export const diffSuite: BenchSuite = {
  name: 'diff',
  run(): Figure[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-bench-diff-'));
    try {
      const base = withScenarios(generateTopology(200));
      fs.writeFileSync(path.join(dir, 'base.scale.json'), base);
      fs.writeFileSync(path.join(dir, 'head.scale.json'), changed(base));
      const diffArgs = ['diff', 'base.scale.json', 'head.scale.json', '--format', 'json'];
      const checkArgs = ['check', 'base.scale.json', 'head.scale.json', '--format', 'json'];
      timed(diffArgs, dir);
      timed(checkArgs, dir);
      const d: number[] = [];
      const c: number[] = [];
      const ratios: number[] = [];
      for (let i = 0; i < PAIRS; i++) {
        const first = i % 2 === 0;
        const a = first ? timed(diffArgs, dir) : 0;
        const b = timed(checkArgs, dir);
        const x = first ? a : timed(diffArgs, dir);
        d.push(x);
        c.push(b);
        ratios.push(x / b);
      }
      const files = [bigChange(1000)];
      let length = 0;
      const markdownMs = msPerCall(() => {
        length = diffMarkdown(files, { base: 'main', head: 'HEAD', version: '0.0.0', htmlHint: 'https://example.com/report' }).length;
      });
      // Rename search at its worst: one component of 80,000 fields removed, 12,000 empty ones of its kind added
      // (36.5 s before the search skipped pairs that cannot reach the threshold and bounded its work).
      const wide: Record<string, JsonValue> = { kind: 'service' };
      for (let i = 0; i < 80_000; i++) wide[`f${i}`] = i;
      const many: Record<string, JsonValue> = {};
      for (let i = 0; i < 12_000; i++) many[`s${i}`] = { kind: 'service' };
      const renameMs = msPerCall(() => structureDiff({ version: 1, components: { old: wide } }, { version: 1, components: many }));
      return [{
        name: 'rename search, 1 wide component removed, 12,000 added',
        value: renameMs,
        unit: 'ms',
        budget: { max: 2000 },
      }, {
        name: 'PR comment (Markdown) of a 1,000-component change',
        value: markdownMs,
        unit: 'ms',
        budget: { max: 200 },
        detail: `${length} characters`,
      }, {
        name: 'scale diff vs scale check of both files (200 comps, 8 scen.)',
        value: median(ratios),
        unit: 'x',
        detail: `diff ${median(d).toFixed(0)} ms, check ${median(c).toFixed(0)} ms, whole process, median of ${PAIRS} pairs`,
        budget: { max: 3 },
      }];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
