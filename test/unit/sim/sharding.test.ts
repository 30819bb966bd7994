import assert from 'node:assert/strict';
import { SequentialKeys, UniformKeys, ZipfKeys, zipfTopShare } from '../../../src/core/sim/keys';
import { murmur3KeyId } from '../../../src/core/sim/murmur3';
import { createRandom } from '../../../src/core/sim/random';
import { buildRing } from '../../../src/core/sim/ring';
import {
  BoundedLoadSharder,
  DirectorySharder,
  evenRangeBoundaries,
  GeographicSharder,
  loadStats,
  measureLoad,
  ModuloSharder,
  moduloMovedFraction,
  movedFraction,
  RangeSharder,
  ringArcStats,
  ringExpectedMovedFraction,
  ringMovedFraction,
  RingSharder,
} from '../../../src/core/sim/sharding';

/** Distinct key ids 0, 1, 2, ...: every key counted once, as "what fraction of the data moves" asks. */
const distinctKeys = (): SequentialKeys => new SequentialKeys(2 ** 40);

describe('sharding', () => {
  describe('keys moved when shards change', () => {
    // 200,000 distinct keys: the standard error of a fraction near 0.985 is 0.00027.
    it('modulo, 64 -> 65 shards: within ±0.005 of N/(N+1) = 0.9846 (200,000 keys)', () => {
      const moved = movedFraction(new ModuloSharder(64), new ModuloSharder(65), distinctKeys(), 200_000);
      assert.ok(Math.abs(moved - 64 / 65) < 0.005, `${moved}`);
      assert.equal(moduloMovedFraction(64, 65), 1 - 1 / 65);
    });

    it('modulo, other changes: sampled within ±0.005 of 1 - min(n, m) / lcm(n, m) (10 -> 12, 64 -> 63, 8 -> 16)', () => {
      for (const [n, m] of [
        [10, 12],
        [64, 63],
        [8, 16],
      ] as const) {
        const moved = movedFraction(new ModuloSharder(n), new ModuloSharder(m), distinctKeys(), 200_000);
        assert.ok(Math.abs(moved - moduloMovedFraction(n, m)) < 0.005, `${n} -> ${m}: ${moved}`);
      }
      assert.equal(moduloMovedFraction(8, 16), 0.5);
    });

    // One ring's new shard owns a Gamma(V)-distributed arc (±7.9% at V = 160); the mean of 30 rings is within ±1.5%.
    it('ring, 64 -> 65 shards, V = 160, 30 seeds: mean moved within ±10% of 1/(N+1) = 0.0154, sampled and exact agree', () => {
      let sum = 0;
      for (let seed = 1; seed <= 30; seed++) sum += ringMovedFraction(buildRing(64, 160, { seed }), buildRing(65, 160, { seed }));
      const expected = ringExpectedMovedFraction(64, 65);
      assert.equal(expected, 1 / 65);
      assert.ok(Math.abs(sum / 30 / expected - 1) < 0.1, `${sum / 30}`);
      const before = buildRing(64, 160);
      const after = buildRing(65, 160);
      const sampled = movedFraction(new RingSharder(before), new RingSharder(after), distinctKeys(), 200_000);
      assert.ok(Math.abs(sampled - ringMovedFraction(before, after)) < 0.0015);
    });

    it('ring, removing one of 64 shards: only that shard\'s keys move (sampled = its arc ±0.0015)', () => {
      const before = buildRing(64, 160);
      const ids = before.shardIds.filter((id) => id !== 17);
      const after = buildRing(ids, 160);
      const keys = distinctKeys();
      let moved = 0;
      for (let i = 0; i < 200_000; i++) {
        const h = murmur3KeyId(keys.next());
        const a = before.lookup(h);
        if (a !== after.lookup(h)) {
          moved++;
          assert.equal(a, 17);
        }
      }
      assert.ok(Math.abs(moved / 200_000 - before.ownedFractions()[17]!) < 0.0015);
      assert.ok(Math.abs(ringExpectedMovedFraction(64, 63) - 1 / 64) < 1e-15);
    });
  });

  describe('load', () => {
    it('ring max/mean from arcs and from 1,000,000 sampled uniform keys agree within 0.03', () => {
      const ring = buildRing(64, 160);
      const arcs = ringArcStats(ring);
      const sampled = measureLoad(new RingSharder(ring), new UniformKeys(createRandom(1), 2 ** 40), 1_000_000).stats;
      assert.ok(Math.abs(arcs.maxOverMean - sampled.maxOverMean) < 0.03, `${arcs.maxOverMean} vs ${sampled.maxOverMean}`);
      assert.ok(Math.abs(arcs.cv - sampled.cv) < 0.01);
      assert.equal(sampled.total, 1_000_000);
    });

    // Mirrokni, Thorup & Zadimoghaddam 2018: no shard exceeds ceil((1+ε)·m/n) once m balls are placed.
    it('bounded loads, ε = 0.25: max/mean never above 1.25, even for zipf keys whose top key alone is 13% of traffic (5 rings, 64,000 requests)', () => {
      for (let seed = 1; seed <= 5; seed++) {
        const ring = buildRing(64, 160, { seed });
        for (const keys of [new UniformKeys(createRandom(seed), 2 ** 40), new ZipfKeys(createRandom(seed), 100_000, 1.1)]) {
          const { stats } = measureLoad(new BoundedLoadSharder(ring, 0.25), keys, 64_000);
          assert.ok(stats.maxOverMean <= 1.25, `seed ${seed}: ${stats.maxOverMean}`);
        }
      }
      assert.ok(zipfTopShare(100_000, 1.1) > 0.13);
      const plain = measureLoad(new RingSharder(buildRing(64, 160)), new ZipfKeys(createRandom(1), 100_000, 1.1), 64_000).stats;
      assert.ok(plain.maxOverMean > 3, `unbounded ring under zipf: ${plain.maxOverMean}`);
    });

    it('bounded loads keep the ring\'s placement while there is room, and release frees capacity', () => {
      const ring = buildRing(8, 40);
      const sharder = new BoundedLoadSharder(ring, 0.25);
      const h = murmur3KeyId(123);
      const first = sharder.shardOf(123, h);
      assert.equal(first, ring.lookup(h));
      assert.equal(sharder.capacity(), Math.ceil((1.25 * 2) / 8));
      sharder.release(first);
      assert.equal(sharder.loads[first], 0);
    });

    it('a low-cardinality key (10 values on 64 shards) leaves most shards idle: max/mean >= 6.4', () => {
      const { stats } = measureLoad(new ModuloSharder(64), new UniformKeys(createRandom(3), 10), 100_000);
      assert.ok(stats.maxOverMean >= 6.4, `${stats.maxOverMean}`);
    });

    it('range sharding on a sequential key sends every new write to the last shard', () => {
      const sharder = new RangeSharder(evenRangeBoundaries(1_000_000, 8));
      const { stats } = measureLoad(sharder, new SequentialKeys(1_000_000, 900_000), 50_000);
      assert.equal(stats.hottest, 7);
      assert.equal(stats.max, 50_000);
      assert.equal(sharder.shardOf(0, 0), 0);
      assert.equal(sharder.shardOf(124_999, 0), 0);
      assert.equal(sharder.shardOf(125_000, 0), 1);
      assert.throws(() => new RangeSharder([5, 3]), RangeError);
    });

    it('directory sharding follows its bucket table and pinned keys', () => {
      const sharder = new DirectorySharder([2, 0, 1, 2], new Map([[42, 5]]));
      assert.deepEqual(sharder.shardIds, [0, 1, 2, 5]);
      assert.equal(sharder.idSpace, 6);
      assert.equal(sharder.shardOf(1, 4 * 1000 + 2), 1);
      assert.equal(sharder.shardOf(42, 0), 5);
    });

    it('geographic sharding keeps a region\'s keys on that region\'s shards', () => {
      const regions = [[0, 1], [2, 3, 4]];
      const sharder = new GeographicSharder(regions, (key) => (key % 10 < 3 ? 1 : 0));
      const { loads } = measureLoad(sharder, new UniformKeys(createRandom(5), 1_000_000), 100_000);
      const euShare = (loads[2]! + loads[3]! + loads[4]!) / 100_000;
      assert.ok(Math.abs(euShare - 0.3) < 0.01);
      assert.throws(() => new GeographicSharder([[]], () => 0), RangeError);
    });

    it('loadStats: mean, max, hottest, max/mean and coefficient of variation; no NaN without load', () => {
      const s = loadStats([2, 6, 4, 0]);
      assert.deepEqual({ ...s }, { shards: 4, total: 12, mean: 3, max: 6, hottest: 1, maxOverMean: 2, cv: Math.sqrt(5) / 3 });
      assert.equal(loadStats([9, 1, 1], [1, 2]).hottest, 1);
      const empty = loadStats([0, 0]);
      assert.equal(empty.maxOverMean, 1);
      assert.equal(empty.cv, 0);
    });

    it('measured load is the same for the same seed', () => {
      const run = (): number[] => Array.from(measureLoad(new RingSharder(buildRing(16, 64)), new ZipfKeys(createRandom(8), 10_000, 1), 20_000).loads);
      assert.deepEqual(run(), run());
    });
  });
});
