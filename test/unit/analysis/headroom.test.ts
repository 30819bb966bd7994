import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../../src/core/check';
import { MemoryHost } from '../../support/memoryImportHost';
import { assertEveryFixClears, findingsOf, rangeText, topology } from './harness';

/** Clients through a balancer to an API and a store, with a growth target. */
const design = (growth: number | undefined, extra: Record<string, Record<string, unknown>> = {}) => topology({
  web: { kind: 'client', calls: ['lb'] },
  lb: { kind: 'loadBalancer', instances: 2, capacity: { rps: 20_000 }, calls: ['api'] },
  api: { kind: 'service', instances: 4, capacity: { rps: 1000 }, calls: ['db'] },
  db: { kind: 'database', consistency: 'eventual', capacity: { rps: 3600 }, replication: { mode: 'async', replicas: 1, readsFrom: 'replicas' } },
  ...extra,
}, { workload: { peakRps: 2000, readFraction: 0.9, ...(growth !== undefined ? { growth } : {}) } });

describe('headroom', () => {
  it('finds nothing without a growth target', () => {
    assert.deepEqual(findingsOf('headroom', design(undefined)), []);
  });

  it('reports the components that saturate before the target, in the order they saturate, with multiple and move', () => {
    const text = design(4);
    const found = findingsOf('headroom', text);
    // api: 500 rps per instance of 1,000 (2×); db: each replica 200 writes + 1,800 reads of 3,600 (1.8×); lb at 20× carries 4×.
    assert.deepEqual(found.map((f) => f.path), [['components', 'api', 'capacity', 'rps'], ['components', 'db', 'capacity', 'rps']]);
    const [api, db] = found;
    // 4 × (200 + 1,800 / r) < 80% of 3,600 from r = 4; a cache must take 1,800 (1 - h) under 520: h from 72%.
    assert.equal(db!.message, 'db saturates first as the workload grows: each replica runs out of request rate at 1.8× today\'s peak (3,600 rps of workload), short of the 4× growth target; the move: add read replicas: 4 replicas per primary (from 1): 72.2% of its request rate at 4×; or a cache in front answering at least 72% of the reads that reach it today (1,800 reads/s): 78.2% of its request rate at 4×');
    assert.equal(api!.message, 'api is the 2nd of 2 to saturate before the target: each instance runs out of request rate at 2× today\'s peak (4,000 rps of workload), short of the 4× growth target; the move: scale out to 11 instances (from 4; 72.7% of its request rate at 4×)');
    assert.equal(api!.severity, 'warning');
    assert.deepEqual(api!.data, { multiple: 2, target: 4, resource: 'rps', utilization: 0.5, move: 'scaleOut', count: 11 });
    assert.equal(rangeText(text, api!), '1000');
    assert.deepEqual(api!.related!.map((r) => [r.message, rangeText(text, r)]), [['the growth target', '4'], ['api\'s instances: 11 carry the target', '4']]);
  });

  it('offers the count as a Quick Fix that clears the finding', () => {
    const text = design(4);
    const [api, db] = findingsOf('headroom', text);
    assert.deepEqual(api!.fixes!.map((f) => f.title), ['Set api\'s instances to 11 (72.7% at 4×)']);
    assert.deepEqual(db!.fixes!.map((f) => f.title), ['Set db\'s replicas to 4 (72.2% at 4×)']);
    assert.equal(assertEveryFixClears('headroom', text), 2);
  });

  it('a target the design carries, at the threshold or under, finds nothing; exactly at saturation is short', () => {
    // db saturates at 1.8× and api at exactly 2×: a 2× target is not carried (100% is saturated, as the capacity rule has it).
    assert.deepEqual(findingsOf('headroom', design(1.75)), []);
    assert.deepEqual(findingsOf('headroom', design(2)).map((f) => f.path[1]), ['api', 'db']);
    assert.deepEqual(findingsOf('headroom', design(1.8)).map((f) => f.path[1]), ['db']);
  });

  it('sits on the capacity that runs out when the move sets nothing (a cache in front of a strongly consistent store)', () => {
    const text = topology({
      web: { kind: 'client', calls: ['db'] },
      db: { kind: 'database', capacity: { rps: 1000 } },
    }, { workload: { peakRps: 1000, readFraction: 0.9, growth: 2 } });
    const [f] = findingsOf('headroom', text);
    assert.deepEqual(f!.path, ['components', 'db', 'capacity', 'rps']);
    assert.equal(rangeText(text, f!), '1000');
    assert.deepEqual(f!.related!.map((r) => r.message), ['the growth target']);
    assert.equal(f!.fixes, undefined);
    assert.match(f!.message, /^db saturates first as the workload grows: its one node runs out of request rate at 1× today's peak \(1,000 rps of workload\), short of the 2× growth target; the move: a cache in front answering at least 67% of the reads/);
  });

  it('names the hottest shard, not the mean, of a sharded store', () => {
    const text = topology({
      web: { kind: 'client', calls: ['feed'] },
      feed: { kind: 'database', capacity: { rps: 1000 }, sharding: { strategy: 'consistentHash', shards: 8, vnodes: 160, key: { field: 'author', cardinality: 100_000 } } },
    }, { workload: { peakRps: 4000, readFraction: 0.2, growth: 3, keys: { distribution: 'zipf', exponent: 1.1, cardinality: 100_000 } } });
    const [f] = findingsOf('headroom', text);
    assert.match(f!.message, /^feed saturates first as the workload grows: the primary of its hottest shard \(shard \d+, [\d.]+% of its requests\) runs out of request rate at [\d.]+× today's peak/);
    assert.equal(assertEveryFixClears('headroom', text), f!.fixes?.length ?? 0);
  });

  it('says so, as information, where the load model\'s cap keeps it from judging the target', () => {
    const text = topology({
      web: { kind: 'client', calls: ['hub'] },
      hub: { kind: 'service', instances: 1_000_000, capacity: { rps: 1e12 }, calls: [{ to: 'sink', fanout: 1000 }] },
      sink: { kind: 'service', instances: 1000 },
    }, { workload: { peakRps: 1e12, readFraction: 0.9, growth: 1_000_000 } });
    const [f, ...rest] = findingsOf('headroom', text);
    assert.equal(rest.length, 0);
    assert.equal(f!.severity, 'info');
    assert.match(f!.message, /^hub's headroom could not be judged past 2,000× today's peak: some load on the way reaches the model's cap of 1,000,000,000,000,000 rps first/);
  });

  it('is judged on the same load as the capacity rule: a tier past capacity today is short of any target', () => {
    const text = topology({ web: { kind: 'client', calls: ['api'] }, api: { kind: 'service', instances: 2, capacity: { rps: 400 } } }, { workload: { peakRps: 1000, readFraction: 0.9, growth: 1 } });
    const r = checkText(text);
    const capacity = r.findings.find((f) => f.ruleId === 'capacity')!;
    const headroom = r.findings.find((f) => f.ruleId === 'headroom')!;
    assert.equal(capacity.data!.utilization, 1.25);
    assert.equal(headroom.data!.multiple, 0.8);
    assert.equal(capacity.data!.ceilingRps, 800);
    assert.match(headroom.message, /\(800 rps of workload\)/);
  });

  it('on the startup example, concludes what its comments say: db first, a cache in front; app next, sessions out of memory first', () => {
    const text = fs.readFileSync(path.resolve(__dirname, '../../../examples/startup.scale.json'), 'utf8');
    const found = findingsOf('headroom', text).sort((a, b) => (a.data!.multiple as number) - (b.data!.multiple as number));
    assert.deepEqual(found.map((f) => [f.path[1], f.data!.multiple, f.data!.move]), [['db', 0.75, 'cache'], ['app', 0.765306, 'externalizeSessions']]);
    assert.match(found[0]!.message, /^db saturates first as the workload grows: its one node runs out of request rate at 0\.75× today's peak \(1,500 rps of workload\), short of the 2× growth target; the move: a cache in front answering at least 78% of the reads/);
    assert.match(found[1]!.message, /the move: move its sessions out of server memory first .* then scale out to 10 instances/);
  });

  it('an imported component\'s move is its own file\'s: the finding says where it is declared and scales it there, with no Quick Fix into that file', () => {
    const platform = JSON.stringify({ version: 1, name: 'platform', workload: { peakRps: 1000 }, components: {
      auth: { kind: 'service', instances: 20, capacity: { rps: 10_000 } },
    } });
    const text = JSON.stringify({ version: 1, name: 'feed', imports: [{ from: './platform/platform.scale.json', components: ['auth'] }],
      workload: { peakRps: 100_000, readFraction: 0.9, growth: 10 },
      components: { web: { kind: 'client', calls: ['auth'] } } }, null, 2);
    const r = checkText(text, { imports: { host: new MemoryHost({ '/repo/platform/platform.scale.json': platform }), file: '/repo/feed.scale.json' } });
    const found = r.findings.filter((f) => f.ruleId === 'headroom');
    assert.equal(found.length, 1, JSON.stringify(r.findings.map((f) => f.message)));
    const [auth] = found;
    assert.match(auth!.message, /auth saturates first as the workload grows: each instance runs out of request rate at 2× today's peak .*; the move: auth is declared in "\.\/platform\/platform\.scale\.json", so the move is made there, not in this file: scale out to 126 instances \(from 20; 79\.4% of its request rate at 10×\)$/);
    assert.equal(auth!.fixes, undefined, 'no edit into another file');
    assert.equal(rangeText(text, auth!), '"auth"', 'placed on the import that brings it');
  });
});
