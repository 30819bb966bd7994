/**
 * Headroom from the load model: each component's growth multiple is exactly
 * where the model, recomputed at that workload, saturates it; the order is
 * the model's own (its first is firstToSaturate); the hottest shard decides;
 * and past the model's cap the multiple is found by bisection or given as a
 * lower bound.
 */
import assert from 'node:assert/strict';
import { checkText } from '../../../src/core/check';
import { headroomOf, linearRange } from '../../../src/core/load/headroom';
import { computeTraffic, firstToSaturate, MAX_RATE } from '../../../src/core/load/traffic';
import type { Topology } from '../../../src/core/model/topology';
import { topology as fileOf } from '../analysis/harness';

function checked(text: string): { topology: Topology; load: NonNullable<ReturnType<typeof checkText>['load']> } {
  const r = checkText(text, { rules: [] });
  assert.ok(r.topology, 'the fixture must validate');
  return { topology: r.topology, load: r.load! };
}

/** Everything that shapes load: clients with shares, a CDN, a balancer splitting over two pools by instances, sessions in a store, a cache-aside cache, fan-out, a sharded store under zipf keys, replicas serving reads. */
const shaped = fileOf({
  web: { kind: 'client', share: 0.8, calls: ['cdn'] },
  partner: { kind: 'client', share: 0.2, calls: ['lb'] },
  cdn: { kind: 'cdn', instances: 4, hitRatio: 0.5, capacity: { rps: 3000 }, calls: ['lb'] },
  lb: { kind: 'loadBalancer', instances: 2, capacity: { rps: 20_000 }, calls: ['blue', 'green'] },
  blue: { kind: 'service', instances: 3, state: 'external', sessionStore: 'sessions', capacity: { rps: 900, cpuCores: 4, cpuMsPerRequest: 3 }, calls: ['cache', 'db', { to: 'feed', fanout: 5, op: 'read', share: 0.3 }] },
  green: { kind: 'service', instances: 5, capacity: { rps: 900 }, calls: ['cache', 'db'] },
  sessions: { kind: 'cache', instances: 2, capacity: { rps: 2000 } },
  cache: { kind: 'cache', instances: 2, hitRatio: 0.8, fronts: 'db', capacity: { rps: 5000 } },
  db: { kind: 'database', consistency: 'eventual', capacity: { rps: 1200, diskIops: 3000, iopsPerRequest: 2 }, replication: { mode: 'async', replicas: 2, readsFrom: 'replicas' } },
  feed: {
    kind: 'database', consistency: 'eventual', capacity: { rps: 2500 },
    sharding: { strategy: 'consistentHash', shards: 8, vnodes: 160, key: { field: 'author', cardinality: 50_000 } },
  },
}, { workload: { peakRps: 4000, readFraction: 0.8, keys: { distribution: 'zipf', exponent: 1.1, cardinality: 50_000 } } });

describe('headroom', () => {
  it('is linear in the workload: every component, session store and hottest shard included, carries m times its load at m times the peak', () => {
    const { topology, load } = checked(shaped);
    for (const m of [0.5, 3, 17.25]) {
      const scaled = computeTraffic(topology, load.peakRps * m);
      for (const [id, l] of load.loads) {
        const u = l.utilization[0]?.value ?? 0;
        const su = scaled.loads.get(id)!.utilization[0]?.value ?? 0;
        assert.ok(Math.abs(su - m * u) <= 1e-12 * Math.max(1, su), `${id} at ${m}×: ${su} against ${m * u}`);
      }
    }
    assert.ok(load.sessionReads.get('sessions')! > 0, 'the fixture reads sessions');
    assert.ok(load.loads.get('feed')!.busiestShard, 'the fixture has a hot shard');
  });

  it('gives each component the multiple at which the recomputed model saturates it, in the order they saturate, first as firstToSaturate', () => {
    const { topology, load } = checked(shaped);
    const h = headroomOf(topology, load);
    const judged = [...load.loads.values()].filter((l) => l.utilization.length > 0).map((l) => l.id);
    assert.deepEqual(h.order.map((s) => s.id).sort(), judged.sort());
    assert.deepEqual(h.beyond, []);
    assert.deepEqual(h.unloaded, []);
    for (let i = 1; i < h.order.length; i++) assert.ok(h.order[i - 1]!.multiple <= h.order[i]!.multiple);
    assert.equal(h.order[0]!.id, firstToSaturate(load)!.id);
    for (const s of h.order) {
      assert.equal(s.method, 'linear');
      assert.equal(s.multiple, 1 / load.loads.get(s.id)!.utilization[0]!.value);
      assert.ok(Math.abs(s.multiple * load.peakRps - load.loads.get(s.id)!.ceilingRps!) < 1e-9 * s.multiple * load.peakRps, 'the ceiling the capacity rule and the hover give');
      const at = computeTraffic(topology, load.peakRps * s.multiple).loads.get(s.id)!.utilization[0]!.value;
      assert.ok(Math.abs(at - 1) < 1e-9, `${s.id} at its multiple: ${at}`);
    }
  });

  it('judges a sharded store by its hottest shard, not the mean', () => {
    const { topology, load } = checked(shaped);
    const feed = headroomOf(topology, load).order.find((s) => s.id === 'feed')!;
    const l = load.loads.get('feed')!;
    assert.ok(feed.busiestShard && feed.busiestShard.share > 1 / 8);
    // No replicas: the hottest shard's primary takes its share of every request, against 2,500 rps.
    assert.ok(Math.abs(feed.multiple - 2500 / ((l.reads + l.writes) * feed.busiestShard.share)) < 1e-9 * feed.multiple);
    assert.ok(feed.multiple < (2500 * 8) / (l.reads + l.writes), 'the mean shard would saturate later');
  });

  it('keeps declaration order between equal multiples, as firstToSaturate does', () => {
    const { topology, load } = checked(fileOf({
      web: { kind: 'client', calls: ['b', 'a'] },
      b: { kind: 'service', instances: 2, capacity: { rps: 1000 } },
      a: { kind: 'service', instances: 1, capacity: { rps: 2000 } },
      idle: { kind: 'service', capacity: { rps: 10 } },
    }));
    const h = headroomOf(topology, load);
    assert.deepEqual(h.order.map((s) => [s.id, s.multiple]), [['b', 2], ['a', 2]]);
    assert.equal(firstToSaturate(load)!.id, 'b');
    assert.deepEqual(h.unloaded, ['idle']);
  });

  it('finds the multiple by bisection on the load model past its cap, and says so', () => {
    // The store's reads reach the cap at 1.11× (9e14 today); past it only writes grow: 1e15 + 1e14·m = 1.5e15 at m = 5,
    // where a linear reading of today's 67% would say 1.5×.
    const { topology, load } = checked(fileOf({
      web: { kind: 'client', calls: ['hub'] },
      hub: { kind: 'service', instances: 1000, calls: [{ to: 'sink', fanout: 1000 }] },
      sink: { kind: 'service', instances: 1_000_000, capacity: { rps: 1.5e9 } },
    }, { workload: { peakRps: 1e12, readFraction: 0.9 } }));
    assert.ok(Math.abs(linearRange(load) - MAX_RATE / 9e14) < 1e-9);
    const [sink] = headroomOf(topology, load).order;
    assert.equal(sink!.id, 'sink');
    assert.equal(sink!.method, 'bisection');
    assert.ok(Math.abs(sink!.multiple - 5) < 1e-6, `${sink!.multiple}`);
    const at = (m: number) => computeTraffic(topology, load.peakRps * m).loads.get('sink')!.utilization[0]!.value;
    assert.ok(at(sink!.multiple) >= 1 - 1e-9 && at(sink!.multiple * (1 - 1e-6)) < 1);
  });

  it('gives a lower bound for a component the capped model never saturates', () => {
    const { topology, load } = checked(fileOf({
      web: { kind: 'client', calls: ['hub'] },
      hub: { kind: 'service', instances: 1_000_000, capacity: { rps: 1e12 }, calls: [{ to: 'sink', fanout: 1000 }] },
      sink: { kind: 'service', instances: 1000 },
    }, { workload: { peakRps: 1e12, readFraction: 0.9 } }));
    const h = headroomOf(topology, load);
    assert.deepEqual(h.order, []);
    assert.equal(h.beyond.length, 1);
    assert.equal(h.beyond[0]!.id, 'hub');
    assert.ok(h.beyond[0]!.atLeast > 1);
  });
});
