/**
 * The simulation panel's core: the file's scenarios run as `scale simulate`
 * runs them, and what-if runs built from a copy of the text (never the file)
 * with the same engine, validation and shard functions.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runScenario } from '../../../src/core/scenario/runScenario';
import { moduloMovedFraction } from '../../../src/core/sim/sharding';
import { NotSimulated, outlineOf, runFileScenarios, runWhatIf } from '../../../src/core/whatIf/whatIf';
import { WHAT_IF_FAULT_AT_MS, WHAT_IF_RESTORE_AT_MS } from '../../../src/core/whatIf/whatIfOptions';
import { assertConserved, EXAMPLES, file, topologyOf } from './scenarioHelpers';

const urlShortener = fs.readFileSync(path.join(EXAMPLES, 'url-shortener.scale.json'), 'utf8');

/** Clients behind a balancer in front of four servers and a replicated, sharded store. */
const small = file(
  {
    clients: { kind: 'client', calls: ['lb'] },
    lb: { kind: 'loadBalancer', instances: 2, algorithm: 'roundRobin', healthCheck: { interval: '2s', unhealthyThreshold: 3, timeout: '500ms' }, calls: ['api'] },
    api: { kind: 'service', instances: 4, capacity: { latency: '20ms' }, calls: ['db'] },
    db: {
      kind: 'database', instances: 8, consistency: 'eventual',
      replication: { mode: 'async', replicas: 1, lag: { p50: '50ms', p99: '200ms' }, failover: { mode: 'automatic', detection: '4s', promotion: '2s' } },
      sharding: { strategy: 'modulo', shards: 8 },
    },
  },
  [{ name: 'db dies', faults: [{ at: '5s', kill: 'db' }], expect: { lostWrites: 0, writeDowntime: '3s' } }],
  { workload: { peakRps: 2000, readFraction: 0.5 } },
);

describe('simulation panel core (what-if runs)', function () {
  this.timeout(60_000);

  it('runs the file\'s scenarios exactly as the engine does for the same seed', () => {
    const runs = runFileScenarios(urlShortener, 3);
    const topology = topologyOf(urlShortener);
    assert.deepEqual(runs.results, topology.scenarios.map((s) => runScenario(topology, s.index, { seed: 3 })));
    assert.deepEqual(runFileScenarios(urlShortener, 3, [2]).results, [runs.results[2]]);
    assert.deepEqual(runs.outline.scenarios.map((s) => s.name), ['primary dies under write load', 'add a shard', 'a backend turns slow', 'ten times the traffic']);
  });

  it('outlines the file: workload, components with balancer algorithms and store primaries', () => {
    const o = outlineOf(small);
    assert.deepEqual(o.workload, { peakRps: 2000, readFraction: 0.5, keys: null });
    assert.deepEqual(o.components.find((c) => c.id === 'lb'), { id: 'lb', kind: 'loadBalancer', instances: 2, algorithm: 'roundRobin' });
    assert.deepEqual(o.components.find((c) => c.id === 'db')?.store, { units: 8, replicas: 1, replication: 'async' });
  });

  it('killing a primary runs its failover: writes down for detection + promotion, lost writes counted, budgets of the file scenario that kills it', () => {
    const r = runWhatIf(small, { seed: 1, faults: [{ component: 'db', instance: 2, action: 'kill' }] });
    const f = r.result.failovers[0]!;
    assert.equal(f.component, 'db');
    assert.equal(f.instance, 2);
    assert.equal(f.killedAtMs, WHAT_IF_FAULT_AT_MS);
    assert.equal(f.writeDowntimeMs, 6000);
    // 1,000 writes/s over 8 primaries, lag p50 50 ms: a few acknowledged writes are on no replica.
    assert.ok(f.writes.lost > 0, JSON.stringify(f.writes));
    assert.equal(r.budgetFrom, 'db dies');
    assert.deepEqual(r.result.budgets.map((b) => [b.metric, b.budget, b.held]), [['lostWrites', 0, false], ['writeDowntime', 3000, false]]);
    assert.ok(f.lagSeries.leastAdvancedMs.some((x) => x > 0), 'lag over time is sampled');
    assertConserved(r.result);
  });

  it('the same what-if and seed give the same result; another seed draws other writes', () => {
    const input = { seed: 5, faults: [{ component: 'db', instance: 0, action: 'kill' as const }] };
    assert.deepEqual(runWhatIf(small, input), runWhatIf(small, input));
    assert.notDeepEqual(runWhatIf(small, { ...input, seed: 6 }).result.failovers, runWhatIf(small, input).result.failovers);
  });

  it('a killed server behind the balancer: per-server counters, detection by the health check, failed requests meanwhile; a restore puts it back', () => {
    const r = runWhatIf(small, { seed: 1, algorithms: [{ balancer: 'lb', algorithm: 'random' }], faults: [{ component: 'api', instance: 1, action: 'kill', restore: true }] });
    const p = r.result.pools[0]!;
    assert.equal(p.algorithm, 'random');
    assert.equal(p.perServer.length, 4);
    const f = p.faults[0]!;
    assert.ok(f.removedAtMs! > WHAT_IF_FAULT_AT_MS && f.detectionMs <= 6500, JSON.stringify(f));
    assert.equal(f.endMs, WHAT_IF_RESTORE_AT_MS);
    assert.ok(f.backInRotationAtMs! > WHAT_IF_RESTORE_AT_MS);
    assert.ok(p.failedDuringDetection > 0);
    assert.equal(r.budgetFrom, undefined, 'no file scenario kills api');
  });

  it('workload changes reach the run; the file\'s text is only copied', () => {
    const before = small;
    const r = runWhatIf(small, { seed: 1, workload: { peakRps: 4000, readFraction: 0.9, keys: { distribution: 'zipf', exponent: 1.2 } } });
    assert.deepEqual(r.result.workload, { peakRps: 4000, readFraction: 0.9 });
    assert.equal(small, before);
    // The file declares no keys: the distribution is applied to the key count the engine assumes.
    assert.ok(!r.result.notes.some((n) => /declares no keys/.test(n)), r.result.notes.join('\n'));
    const views = r.shards.find((s) => s.component === 'db')!;
    const total = views.perShard.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total / (views.meanRps * views.shards) - 1) < 1e-4);
    assert.equal(views.maxRps, Math.max(...views.perShard));
    assert.equal(views.perShard.indexOf(views.maxRps), views.hottestShard);
  });

  it('one more shard: hash mod N moves N/(N+1) of the keys, a 160-vnode ring about 1/(N+1) (±50%)', () => {
    const views = runWhatIf(urlShortener, { seed: 1 }).shards;
    const urls = views.find((s) => s.component === 'urls')!;
    assert.equal(urls.addShard.modulo, Number(moduloMovedFraction(64, 65).toPrecision(6)));
    assert.ok(Math.abs(urls.addShard.ring - 1 / 65) < 0.5 / 65, `${urls.addShard.ring}`);
    assert.equal(urls.addShard.ringVnodes, 160);
    // A modulo store is compared with a ring of the usual 160 vnodes.
    const db = runWhatIf(small, { seed: 1 }).shards.find((s) => s.component === 'db')!;
    assert.equal(db.addShard.modulo, Number((8 / 9).toPrecision(6)));
    assert.ok(Math.abs(db.addShard.ring - 1 / 9) < 0.5 / 9, `${db.addShard.ring}`);
  });

  it('comments and formatting of the file do not matter: the url-shortener (JSONC) takes every change', () => {
    const r = runWhatIf(urlShortener, { seed: 1, workload: { keys: { distribution: 'uniform' } }, algorithms: [{ balancer: 'edge-lb', algorithm: 'powerOfTwoChoices' }], faults: [{ component: 'api', instance: 3, action: 'slow', latencyMs: 2000 }] });
    assert.equal(r.result.pools[0]!.algorithm, 'powerOfTwoChoices');
    assert.equal(r.result.pools[0]!.faults[0]!.latencyMs, 2000);
    assert.equal(r.budgetFrom, 'a backend turns slow');
    const hot = r.shards.find((s) => s.component === 'urls')!;
    assert.ok(hot.maxOverMean < 1.5, `uniform keys spread evenly: ${hot.maxOverMean}`);
  });

  it('refuses, with the reason, a file that does not validate and a change the format does not allow', () => {
    assert.throws(() => runWhatIf('{ "version": 1 ', { seed: 1 }), (e: Error) => e instanceof NotSimulated && /the file does not validate/.test(e.message));
    assert.throws(() => runWhatIf(small, { seed: 1, workload: { readFraction: 2 } }), (e: Error) => e instanceof NotSimulated && /^the what-if does not validate: /.test(e.message));
    assert.throws(() => runFileScenarios(file({ clients: { kind: 'client', calls: ['nowhere'] } }, []), 1), (e: Error) => e instanceof NotSimulated && /nowhere/.test(e.message));
  });

  it('ignores faults on instances that do not exist, and balancer changes on components that are not balancers', () => {
    const r = runWhatIf(small, { seed: 1, algorithms: [{ balancer: 'api', algorithm: 'random' }], faults: [{ component: 'api', instance: 4, action: 'kill' }, { component: 'nowhere', instance: 0, action: 'kill' }] });
    assert.deepEqual(r.result.pools, []);
    assert.deepEqual(r.result.failovers, []);
  });
});
