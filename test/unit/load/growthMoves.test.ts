/**
 * The move for each kind of component that falls short of a growth target,
 * sized with the load model's own arithmetic: the count it gives is the
 * smallest whose busiest node, with the file changed and checked again, stays
 * under the capacity rule's warning threshold at the target.
 */
import assert from 'node:assert/strict';
import { checkText } from '../../../src/core/check';
import { type GrowthMove, MovePlanner } from '../../../src/core/load/growthMoves';
import { headroomOf } from '../../../src/core/load/headroom';
import { zipfTopShare } from '../../../src/core/sim/keys';
import { topology as fileOf } from '../analysis/harness';

type Components = Record<string, Record<string, unknown>>;

/** The move for `id` at `target`. */
function moveOf(components: Components, workload: Record<string, unknown>, id: string, target: number): GrowthMove {
  const r = checkText(fileOf(components, { workload }), { rules: [] });
  assert.ok(r.topology, 'the fixture must validate');
  const s = headroomOf(r.topology, r.load!).order.find((x) => x.id === id);
  assert.ok(s, `${id} has a multiple`);
  const planner = new MovePlanner(r.topology, r.load!, target);
  assert.ok(!planner.fits(s.utilization), `${id} must fall short of ${target}×`);
  return planner.moveFor(s);
}

/** The utilization of `id`'s binding resource at `target`× once the file is changed by `change` and checked again. */
function atTarget(components: Components, workload: Record<string, unknown>, id: string, target: number, change: (c: Record<string, any>) => void): number {
  const copy = structuredClone(components);
  change(copy[id]!);
  const r = checkText(fileOf(copy, { workload }), { rules: [] });
  assert.ok(r.topology, 'the changed fixture must validate');
  return target * r.load!.loads.get(id)!.utilization[0]!.value;
}

/** Asserts that `to` is the smallest count under 80% at the target: `to` is, `to - 1` is not. */
function assertSmallest(components: Components, workload: Record<string, unknown>, id: string, target: number, to: number, set: (c: Record<string, any>, n: number) => void): void {
  const at = atTarget(components, workload, id, target, (c) => set(c, to));
  const below = atTarget(components, workload, id, target, (c) => set(c, to - 1));
  assert.ok(at < 0.8, `${to}: ${at} at ${target}×`);
  assert.ok(below >= 0.8 - 1e-9, `${to - 1}: ${below} at ${target}× would do`);
}

const web = { kind: 'client', calls: ['api'] };

describe('growth moves', () => {
  describe('a stateless pool scales out', () => {
    const components: Components = { web, api: { kind: 'service', instances: 4, capacity: { rps: 1000 } } };
    const workload = { peakRps: 3000, readFraction: 0.9 };

    it('to the smallest instance count under the capacity warning threshold at the target, with the Quick Fix\'s property', () => {
      const move = moveOf(components, workload, 'api', 10);
      // 30,000 rps at 10×: 38 instances of 1,000 rps are at 78.9%; 37 would be at 81.1%.
      assert.equal(move.kind, 'scaleOut');
      assert.deepEqual(move.count, { property: 'instances', from: 4, to: 38 });
      assert.deepEqual(move.set, { objectPath: ['components', 'api'], key: 'instances', value: 38 });
      assert.equal(move.text, 'scale out to 38 instances (from 4; 78.9% of its request rate at 10×)');
      assertSmallest(components, workload, 'api', 10, 38, (c, n) => (c.instances = n));
    });

    it('counts a load exactly at the threshold as reaching it: 24,000 rps on 30 instances of 1,000 is 80%, so 31', () => {
      const move = moveOf(components, { peakRps: 2400, readFraction: 0.9 }, 'api', 10);
      assert.equal(move.count!.to, 31);
    });

    it('counts what a balancer splitting over pools by instances sends once the pool has grown', () => {
      // lb sends blue 2/(2 + 6) of 8,000 rps; grown to n instances, blue takes n/(n + 6) of it: per instance 8,000 / (n + 6).
      const pools: Components = {
        web: { kind: 'client', calls: ['lb'] },
        lb: { kind: 'loadBalancer', instances: 2, calls: ['blue', 'green'] },
        blue: { kind: 'service', instances: 2, capacity: { rps: 1000 } },
        green: { kind: 'service', instances: 6 },
      };
      const load = { peakRps: 8000, readFraction: 0.9 };
      const move = moveOf(pools, load, 'blue', 2);
      // 16,000 / (n + 6) < 800 from n = 15; with the split left at today's 2,000 rps per instance it would say 10.
      assert.equal(move.count!.to, 15);
      assertSmallest(pools, load, 'blue', 2, 15, (c, n) => (c.instances = n));
    });

    it('offers no Quick Fix behind a weighted balancer, whose weights list one per instance', () => {
      const pools: Components = {
        web: { kind: 'client', calls: ['lb'] },
        lb: { kind: 'loadBalancer', instances: 2, algorithm: 'weighted', weights: [1, 1], calls: ['api'] },
        api: { kind: 'service', instances: 2, capacity: { rps: 1000 } },
      };
      const move = moveOf(pools, { peakRps: 1500, readFraction: 0.9 }, 'api', 2);
      assert.equal(move.kind, 'scaleOut');
      assert.equal(move.set, undefined);
      assert.match(move.text, /with one weight per instance in lb's weights/);
    });
  });

  it('a pool keeping sessions in server memory moves them out first, then scales out', () => {
    const components: Components = {
      web: { kind: 'client', calls: ['lb'] },
      lb: { kind: 'loadBalancer', instances: 2, stickySessions: true, calls: ['app'] },
      app: { kind: 'service', instances: 3, state: 'local', capacity: { rps: 500 } },
    };
    const move = moveOf(components, { peakRps: 1200, readFraction: 0.9 }, 'app', 2);
    assert.equal(move.kind, 'externalizeSessions');
    assert.deepEqual(move.count, { property: 'instances', from: 3, to: 7 });
    assert.equal(move.set, undefined, 'a session store is a design decision');
    assert.match(move.text, /^move its sessions out of server memory first \(state "external" with a sessionStore: any instance can then serve any user\), then scale out to 7 instances \(from 3; 68\.6% of its request rate at 2×\); the session store takes one read per request, 2,400 reads\/s at 2×$/);
  });

  describe('a read-bound store', () => {
    it('adds read replicas when its consistency allows reading from them', () => {
      const components: Components = {
        web,
        api: { kind: 'service', instances: 10, calls: ['db'] },
        db: { kind: 'database', consistency: 'eventual', capacity: { rps: 1000 }, replication: { mode: 'async', replicas: 1, readsFrom: 'replicas' } },
      };
      const workload = { peakRps: 3000, readFraction: 0.9 };
      // Each replica applies all 300 writes/s and its part of 2,700 reads/s: 2 × (300 + 2,700 / r) < 800 from r = 28.
      const move = moveOf(components, workload, 'db', 2);
      assert.equal(move.kind, 'addReplicas');
      assert.deepEqual(move.count, { property: 'replicas', from: 1, to: 28 });
      assert.deepEqual(move.set, { objectPath: ['components', 'db', 'replication'], key: 'replicas', value: 28 });
      assert.match(move.alternative!, /^a cache in front answering at least/);
      assertSmallest(components, workload, 'db', 2, 28, (c, n) => (c.replication.replicas = n));
    });

    it('puts a cache in front when its consistency cannot read from lagging replicas, with the hit ratio it needs', () => {
      const components: Components = { web, api: { kind: 'service', instances: 10, calls: ['db'] }, db: { kind: 'database', capacity: { rps: 1000 } } };
      // 100 writes/s and 900 reads/s on one box: 2 × (100 + 900 (1 - h)) < 800 from h = 2/3: 67% in whole percents.
      const move = moveOf(components, { peakRps: 1000, readFraction: 0.9 }, 'db', 2);
      assert.equal(move.kind, 'cache');
      assert.equal(move.hitRatio, 0.67);
      assert.equal(move.set, undefined);
      assert.equal(move.text, 'a cache in front answering at least 67% of the reads that reach it today (900 reads/s): 79.4% of its request rate at 2×');
      assert.match(move.alternative!, /replicas per primary \(from 0\) and serve reads from them \(readsFrom "replicas"\).*with synchronous replication \(its strong consistency cannot read from lagging replicas\)$/);
    });

    it('a cache gets replicas, never a cache in front of it', () => {
      const components: Components = {
        web,
        api: { kind: 'service', instances: 10, calls: ['kv'] },
        kv: { kind: 'cache', capacity: { rps: 1000 }, replication: { mode: 'async', replicas: 1, readsFrom: 'replicas' } },
      };
      const move = moveOf(components, { peakRps: 1000, readFraction: 0.9 }, 'kv', 2);
      assert.equal(move.kind, 'addReplicas');
      assert.equal(move.alternative, undefined);
    });

    it('a cache in front of skewed reads answers at least what the hottest key draws: it spreads them by holding the hot keys', () => {
      const components: Components = {
        web,
        api: { kind: 'service', instances: 10, calls: ['db'] },
        db: { kind: 'database', capacity: { rps: 1000 }, sharding: { strategy: 'consistentHash', shards: 4, vnodes: 160, key: { field: 'item', cardinality: 1000 } } },
      };
      // Under zipf(1.3) over 1,000 keys the top key draws 1 / H(1,000, 1.3) ≈ 28.5%: a cache holding it answers at least that,
      // though the load model, which spreads a fronted store's reads evenly, would be content with less.
      const move = moveOf(components, { peakRps: 2000, readFraction: 0.95, keys: { distribution: 'zipf', exponent: 1.3, cardinality: 1000 } }, 'db', 1.5);
      assert.equal(move.kind, 'cache');
      assert.ok(Math.abs(zipfTopShare(1000, 1.3) - 0.2847) < 1e-4);
      assert.equal(move.hitRatio, 0.29);
    });
  });

  describe('a write-bound store', () => {
    const queries = [{ name: 'day of a user', by: ['user_id', 'day'] }, { name: 'a user', by: ['user_id'] }];

    it('one box is sharded: shards for an even spread, the key every query filters on, and the bigger box it would otherwise take', () => {
      const components: Components = { web, api: { kind: 'service', instances: 10, calls: ['db'] }, db: { kind: 'database', capacity: { rps: 1000 }, queries } };
      // 800 writes/s alone are 160% at 2×: replicas and caches cannot help; 2 × 1,000 / s < 800 from s = 3.
      const move = moveOf(components, { peakRps: 1000, readFraction: 0.2 }, 'db', 2);
      assert.equal(move.kind, 'shard');
      assert.deepEqual(move.count, { property: 'shards', from: 1, to: 3 });
      assert.equal(move.set, undefined, 'choosing a key is a design decision');
      assert.equal(move.text, 'shard it: 3 shards if its keys spread evenly, by a key with many more distinct values than 3 shards that every query filters on: user_id, in every declared query');
      assert.equal(move.alternative, 'one box with 2.5× its request rate (capacity.rps 1,000 → 2,500)');
    });

    it('a sharded store gets more shards, its hottest shard measured at each count as the load model measures it', () => {
      const components: Components = {
        web,
        api: { kind: 'service', instances: 10, calls: ['db'] },
        db: { kind: 'database', capacity: { rps: 1000 }, queries, sharding: { strategy: 'consistentHash', shards: 4, vnodes: 160, key: { field: 'user_id', cardinality: 1_000_000 } } },
      };
      const workload = { peakRps: 3000, readFraction: 0.5 };
      const move = moveOf(components, workload, 'db', 3);
      assert.equal(move.kind, 'shard');
      assert.equal(move.count!.from, 4);
      assert.deepEqual(move.set, { objectPath: ['components', 'db', 'sharding'], key: 'shards', value: move.count!.to });
      // An even spread would need 9,000 / s < 800: 12; the hottest shard of a ring takes more than the mean.
      assert.ok(move.count!.to >= 12, `${move.count!.to}`);
      assert.match(move.text, /keeping its key user_id \(1,000,000 values\)$/);
      assertSmallest(components, workload, 'db', 3, move.count!.to, (c, n) => (c.sharding.shards = n));
    });

    it('a store already split over instances (a queue\'s partitions, a cache cluster) gets more of them', () => {
      const components: Components = {
        web: { kind: 'client', calls: [{ to: 'events', op: 'write' }] },
        events: { kind: 'queue', instances: 3, capacity: { rps: 500 } },
      };
      const workload = { peakRps: 1000, readFraction: 0 };
      const move = moveOf(components, workload, 'events', 2);
      assert.equal(move.kind, 'scaleOut');
      assert.deepEqual(move.set, { objectPath: ['components', 'events'], key: 'instances', value: 6 });
      assertSmallest(components, workload, 'events', 2, 6, (c, n) => (c.instances = n));
    });

    it('a hottest key that alone fills a node takes a bigger box: no shard count spreads one key', () => {
      const components: Components = {
        web,
        api: { kind: 'service', instances: 10, calls: [{ to: 'db', op: 'write' }] },
        db: { kind: 'database', capacity: { rps: 1000, cpuCores: 4, cpuMsPerRequest: 1 }, sharding: { strategy: 'consistentHash', shards: 8, vnodes: 160, key: { field: 'item', cardinality: 10_000, distribution: 'zipf', exponent: 2 } } },
      };
      // Under zipf(2) the top item draws 1 / H(10,000, 2) ≈ 61% of the writes: 610 of 1,000 writes/s today, 3,040 at 5×.
      const move = moveOf(components, { peakRps: 1000, readFraction: 0 }, 'db', 5);
      assert.equal(move.kind, 'vertical');
      assert.match(move.text, /^its hottest key alone draws 60\.8% of its requests, and no shard count spreads one key: a bigger box: each node needs [\d.]+× its request rate \(capacity\.rps 1,000 → [\d,]+\)$/);
      assert.ok(move.factor! > 3);
    });
  });
});
