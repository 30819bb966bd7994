import assert from 'node:assert/strict';
import { harmonic } from '../../../src/core/sim/keys';
import { murmur3String } from '../../../src/core/sim/murmur3';
import { createRandom } from '../../../src/core/sim/random';
import { buildRing, HashRing, MAX_RING_POINTS, ringMovedFraction } from '../../../src/core/sim/ring';
import { loadStats } from '../../../src/core/sim/sharding';

/** The owner by definition: the first point at or after the hash, else the first point. */
function linearLookup(ring: HashRing, hash: number): number {
  for (let i = 0; i < ring.size; i++) if (ring.positions[i]! >= hash) return ring.owners[i]!;
  return ring.owners[0]!;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

describe('ring', () => {
  describe('structure and lookup', () => {
    const ring = buildRing(64, 160);

    it('holds shards x vnodes sorted points in at most 8 bytes each (6: Uint32 positions + Uint16 owners)', () => {
      assert.equal(ring.size, 64 * 160);
      for (let i = 1; i < ring.size; i++) assert.ok(ring.positions[i - 1]! <= ring.positions[i]!);
      assert.ok(ring.bytesPerPoint <= 8);
      assert.equal(ring.bytesPerPoint, 6);
      assert.ok(ring.owners instanceof Uint16Array);
      assert.ok(buildRing([0, 70_000], 4).owners instanceof Uint32Array);
    });

    it('places vnode v of shard i at murmur3("shard-i#v")', () => {
      const own = new Set(Array.from({ length: 160 }, (_, v) => murmur3String(`shard-5#${v}`)));
      for (let i = 0; i < ring.size; i++) if (ring.owners[i] === 5) assert.ok(own.has(ring.positions[i]!));
    });

    it('finds the first point at or after the hash, wrapping past the last point', () => {
      const rng = createRandom(1);
      for (let i = 0; i < 2000; i++) {
        const h = rng.nextUint32();
        assert.equal(ring.lookup(h), linearLookup(ring, h));
      }
      const first = ring.positions[0]!;
      const last = ring.positions[ring.size - 1]!;
      for (const h of [0, 1, first - 1, first, first + 1, last - 1, last, last + 1, 0xffffffff]) assert.equal(ring.lookup(h >>> 0), linearLookup(ring, h >>> 0), `hash ${h}`);
      assert.equal(ring.lookup(0xffffffff), ring.owners[0]);
      assert.equal(ring.lookupString('user:42'), ring.lookup(murmur3String('user:42')));
    });

    it('gives owned arc fractions that sum to 1 and match where sampled hashes land (1,000,000 hashes, ±0.0015 each)', () => {
      const fractions = ring.ownedFractions();
      assert.ok(Math.abs(fractions.reduce((a, b) => a + b, 0) - 1) < 1e-12);
      const counts = new Float64Array(64);
      const rng = createRandom(2);
      const N = 1_000_000;
      for (let i = 0; i < N; i++) counts[ring.lookup(rng.nextUint32())]!++;
      // A share near 1/64 from 10^6 hashes has a standard error of 0.000124.
      for (let s = 0; s < 64; s++) assert.ok(Math.abs(counts[s]! / N - fractions[s]!) < 0.0015);
    });

    it('keeps the other shards\' points when a shard is removed, and honours per-shard vnode counts (weights)', () => {
      const without = buildRing([0, 1, 2, 4, 5], 50);
      const full = buildRing(6, 50);
      const kept = new Set<number>();
      for (let i = 0; i < full.size; i++) if (full.owners[i] !== 3) kept.add(full.positions[i]!);
      assert.deepEqual(new Set(without.positions), kept);
      assert.equal(without.idSpace, 6);
      const weighted = buildRing(2, [300, 100], { seed: 9 });
      const f = weighted.ownedFractions();
      assert.ok(Math.abs(f[0]! - 0.75) < 0.05, `${f[0]}`);
    });

    it('rejects rings it cannot hold', () => {
      assert.throws(() => buildRing(0, 10), RangeError);
      assert.throws(() => buildRing(10, 0), RangeError);
      assert.throws(() => buildRing(1, MAX_RING_POINTS + 1), RangeError);
      assert.throws(() => buildRing([-1], 1), RangeError);
      assert.throws(() => buildRing(2, [1]), RangeError);
    });
  });

  describe('balance against theory', () => {
    // Each shard's share is a sum of V spacings of N·V uniform points: about Gamma(V), so std/mean ≈ 1/√V
    // (Karger et al. 1997; exactly sqrt((N-1)/(N·V+1)) for Dirichlet spacings).
    it('N = 64, V = 160, 30 seeds: mean std/mean within ±15% of 1/√V (0.079); mean max/mean in [1.15, 1.30], every seed in [1.05, 1.45]', () => {
      const cvs: number[] = [];
      const maxes: number[] = [];
      for (let seed = 1; seed <= 30; seed++) {
        const stats = loadStats(buildRing(64, 160, { seed }).ownedFractions());
        cvs.push(stats.cv);
        maxes.push(stats.maxOverMean);
      }
      const theory = 1 / Math.sqrt(160);
      assert.ok(Math.abs(mean(cvs) / theory - 1) < 0.15, `mean cv ${mean(cvs)}`);
      assert.ok(mean(maxes) >= 1.15 && mean(maxes) <= 1.3, `mean max/mean ${mean(maxes)}`);
      for (const m of maxes) assert.ok(m >= 1.05 && m <= 1.45, `max/mean ${m}`);
    });

    // With one point per shard the arcs are the spacings of N uniform points, whose largest has expectation
    // H_N / N (the coupon-collector harmonic number): max/mean → H_N ≈ ln N + 0.58. One ring's figure has a
    // standard deviation near π/√6 ≈ 1.28; the mean of 2,000 rings has 0.029, so ±3% (0.14) is about 5 of them.
    it('N = 64, V = 1, 2,000 seeds: mean max/mean within ±3% of ln N + 0.58 (4.74; exactly H_64 = 4.744)', () => {
      const maxes: number[] = [];
      for (let seed = 1; seed <= 2000; seed++) maxes.push(loadStats(buildRing(64, 1, { seed }).ownedFractions()).maxOverMean);
      const theory = Math.log(64) + 0.5772;
      assert.ok(Math.abs(mean(maxes) / theory - 1) < 0.03, `mean ${mean(maxes)}`);
      assert.ok(Math.abs(harmonic(64, 1) / theory - 1) < 0.002);
    });

    it('shrinks imbalance with more vnodes as 1/√V (V = 10, 40, 160, 640; 10 seeds; each within ±20%)', () => {
      let previous = Infinity;
      for (const v of [10, 40, 160, 640]) {
        const cvs: number[] = [];
        for (let seed = 1; seed <= 10; seed++) cvs.push(loadStats(buildRing(64, v, { seed }).ownedFractions()).cv);
        const cv = mean(cvs);
        assert.ok(cv < previous);
        assert.ok(Math.abs(cv * Math.sqrt(v) - 1) < 0.2, `V ${v}: cv ${cv}`);
        previous = cv;
      }
    });
  });

  describe('ringMovedFraction (exact, by merging both rings)', () => {
    it('is 0 for the same ring and the removed shard\'s arc when one is removed', () => {
      const full = buildRing(16, 100, { seed: 3 });
      assert.equal(ringMovedFraction(full, buildRing(16, 100, { seed: 3 })), 0);
      const ids = Array.from({ length: 16 }, (_, i) => i).filter((i) => i !== 7);
      const moved = ringMovedFraction(full, buildRing(ids, 100, { seed: 3 }));
      assert.ok(Math.abs(moved - full.ownedFractions()[7]!) < 1e-12);
    });

    it('equals the new shard\'s arc when one is added, and agrees with sampled hashes (200,000, ±0.0015)', () => {
      const before = buildRing(64, 160);
      const after = buildRing(65, 160);
      const exact = ringMovedFraction(before, after);
      assert.ok(Math.abs(exact - after.ownedFractions()[64]!) < 1e-12);
      const rng = createRandom(4);
      let moved = 0;
      for (let i = 0; i < 200_000; i++) {
        const h = rng.nextUint32();
        const a = before.lookup(h);
        const b = after.lookup(h);
        if (a !== b) {
          moved++;
          assert.equal(b, 64, 'keys only move to the new shard');
        }
      }
      assert.ok(Math.abs(moved / 200_000 - exact) < 0.0015);
    });
  });
});
