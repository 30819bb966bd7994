/** Helpers for scenario engine tests: inline topologies, checked and run. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../../src/core/check';
import { importsOf } from '../../support/exampleImports';
import type { Topology } from '../../../src/core/model/topology';
import { runScenario } from '../../../src/core/scenario/runScenario';
import type { RunOptions, ScenarioResult } from '../../../src/core/scenario/types';

/** The examples folder. */
export const EXAMPLES = path.resolve(__dirname, '../../../examples');

/** Every example file name, sorted. */
export function exampleFiles(): string[] {
  return fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.scale.json')).sort();
}

/** The topology of a text (with its imports read beside `file`, when given), after checking that the file is valid. */
export function topologyOf(text: string, file?: string): Topology {
  const r = checkText(text, file === undefined ? {} : { imports: importsOf(file) });
  const blocking = r.findings.filter((f) => f.severity === 'error' && ['syntax', 'schema', 'unknown-reference', 'import', 'internal-error'].includes(f.ruleId));
  assert.deepEqual(blocking.map((f) => `${f.ruleId}: ${f.message}`), [], 'the fixture must be valid');
  return r.topology!;
}

/** A file from components and scenarios (plus other top-level fields). */
export function file(components: Record<string, unknown>, scenarios: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ version: 1, name: 'test', workload: { peakRps: 1000, readFraction: 0.9 }, components, scenarios, ...extra }, null, 2);
}

/** An API in each of two regions, the auth service and the ledger in one of them, and a scenario that cuts the other region off for a minute. */
export const TWO_REGIONS_CUT = file(
  {
    'users-eu': { kind: 'client', calls: ['api-eu'] },
    'users-us': { kind: 'client', calls: ['api-us'] },
    'api-eu': { kind: 'service', instances: 2, region: 'eu', calls: ['auth', { to: 'ledger', op: 'write' }] },
    'api-us': { kind: 'service', instances: 2, region: 'us', calls: ['auth', { to: 'ledger', op: 'write' }] },
    auth: { kind: 'service', instances: 2, region: 'us' },
    ledger: { kind: 'database', instances: 1, region: 'us', consistency: 'strong' },
  },
  [{ name: 'eu cut off', duration: '2m', faults: [{ at: '30s', partition: { between: [['eu'], ['us']] } }, { at: '90s', heal: true }] }],
);

/** Runs scenario `index` of a text. */
export function run(text: string, index = 0, options: RunOptions = {}): ScenarioResult {
  return runScenario(topologyOf(text), index, options);
}

/** Every number in a plain-data value, with its path. */
export function numbersIn(value: unknown, at = '$', out: { path: string; value: number }[] = []): { path: string; value: number }[] {
  if (typeof value === 'number') out.push({ path: at, value });
  else if (Array.isArray(value)) value.forEach((v, i) => numbersIn(v, `${at}[${i}]`, out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) numbersIn(v, `${at}.${k}`, out);
  return out;
}

/** Checks that every outcome in a result adds up. */
export function assertConserved(r: ScenarioResult): void {
  const add = (o: { generated: number; served: number; failed: number; rejected: number }, what: string) => {
    for (const k of ['generated', 'served', 'failed', 'rejected'] as const) assert.ok(Number.isInteger(o[k]) && o[k] >= 0, `${what}.${k} = ${o[k]}`);
    assert.equal(o.served + o.failed + o.rejected, o.generated, `${what} adds up`);
  };
  const q = r.requests;
  add(q.reads, 'reads');
  add(q.writes, 'writes');
  add(q.total, 'total');
  assert.equal(q.reads.generated + q.writes.generated, q.total.generated);
  const s = q.series;
  let g = 0;
  for (let b = 0; b < s.generated.length; b++) {
    add({ generated: s.generated[b]!, served: s.served[b]!, failed: s.failed[b]!, rejected: s.rejected[b]! }, `bucket ${b}`);
    g += s.generated[b]!;
  }
  assert.equal(g, q.total.generated, 'buckets add up to the total');
  for (const f of r.failovers) {
    assert.equal(f.writes.acknowledged + f.writes.failed, f.writes.generated, `${f.component} writes add up`);
    assert.ok(f.writes.lost <= f.writes.acknowledged);
    assert.equal(f.reads.served + f.reads.failed, f.reads.generated, `${f.component} reads add up`);
    assert.ok(f.reads.stale <= f.reads.served);
  }
  for (const p of r.pools) {
    add(p.requests, `pool ${p.component}`);
    assert.ok(p.requests.slow <= p.requests.served && p.failedDuringDetection <= p.requests.failed);
  }
}
