import assert from 'node:assert/strict';
import { createRandom, lognormalFromPercentiles, Random, streamFor, streamSeed } from '../../../src/core/sim/random';

function take(rng: Random, n: number): number[] {
  return Array.from({ length: n }, () => rng.nextUint32());
}

describe('random', () => {
  describe('determinism', () => {
    it('gives the same sequence for the same seed', () => {
      for (const seed of [0, 1, 42, 0xffffffff, 123456789]) assert.deepEqual(take(createRandom(seed), 100), take(createRandom(seed), 100));
    });

    it('gives different sequences for different seeds, even adjacent ones', () => {
      const seen = new Set<string>();
      for (let seed = 0; seed < 1000; seed++) seen.add(take(createRandom(seed), 2).join());
      assert.equal(seen.size, 1000);
    });

    it('reproduces the pinned first outputs for seed 42 (no regression)', () => {
      assert.deepEqual(take(createRandom(42), 6), [1959603763, 2423114712, 2466933512, 4144396390, 3569536208, 2879541286]);
      assert.deepEqual(take(streamFor(42, 'keys'), 4), [2917342921, 1444668090, 343035385, 164258258]);
      assert.equal(streamSeed(42, 'keys'), 1631342926);
      const r = createRandom(42);
      assert.equal(r.nextFloat(), 0.456255805445835);
      assert.equal(r.nextDouble(), 0.5641754028214061);
      assert.equal(r.intBelow(1000), 390);
      assert.equal(r.exponential(2), 0.8892165688341833);
      assert.equal(r.normal(), -1.266531421872987);
      assert.equal(r.lognormal(1, 0.5), 4.024515076752886);
    });

    it('keeps named streams independent: creating or using one never shifts another', () => {
      const alone = take(streamFor(7, 'latency'), 50);
      const keys = streamFor(7, 'keys');
      take(keys, 1000);
      assert.deepEqual(take(streamFor(7, 'latency'), 50), alone);
      assert.notDeepEqual(take(streamFor(7, 'keys'), 50), alone);
      assert.notDeepEqual(take(streamFor(8, 'latency'), 50), alone);
    });
  });

  describe('distributions (tolerances are about 5 standard errors of the sample size used)', () => {
    const N = 200_000;

    it('nextFloat and nextDouble lie in [0, 1) with mean 1/2 (standard error 0.00065)', () => {
      const r = createRandom(1);
      let sf = 0;
      let sd = 0;
      for (let i = 0; i < N; i++) {
        const f = r.nextFloat();
        const d = r.nextDouble();
        assert.ok(f >= 0 && f < 1 && d >= 0 && d < 1);
        sf += f;
        sd += d;
      }
      assert.ok(Math.abs(sf / N - 0.5) < 0.0033);
      assert.ok(Math.abs(sd / N - 0.5) < 0.0033);
    });

    it('intBelow is uniform: chi-square over 10 cells below the 0.999 quantile (27.9, 9 df)', () => {
      const r = createRandom(2);
      const cells = new Array<number>(10).fill(0);
      for (let i = 0; i < N; i++) cells[r.intBelow(10)]!++;
      const expected = N / 10;
      const chi2 = cells.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
      assert.ok(chi2 < 27.9, `chi2 ${chi2}`);
    });

    it('intBelow is unbiased where modulo would not be: n = 3 * 2^30 splits 2^32 unevenly', () => {
      // With plain x % n, values below 2^30 would come up twice as often as the rest (probability 1/2 instead of 1/3).
      const r = createRandom(3);
      const n = 3 * 2 ** 30;
      let low = 0;
      for (let i = 0; i < N; i++) if (r.intBelow(n) < 2 ** 30) low++;
      assert.ok(Math.abs(low / N - 1 / 3) < 0.006, `${low / N}`);
    });

    it('intBelow handles n above 2^32 and n = 1, and rejects non-integers', () => {
      const r = createRandom(4);
      for (let i = 0; i < 1000; i++) {
        const x = r.intBelow(2 ** 40);
        assert.ok(Number.isInteger(x) && x >= 0 && x < 2 ** 40);
      }
      assert.equal(r.intBelow(1), 0);
      assert.throws(() => r.intBelow(0), RangeError);
      assert.throws(() => r.intBelow(2.5), RangeError);
      assert.throws(() => r.intBelow(NaN), RangeError);
    });

    it('exponential(rate) has mean 1/rate (relative standard error 0.0022)', () => {
      const r = createRandom(5);
      let sum = 0;
      for (let i = 0; i < N; i++) sum += r.exponential(4);
      assert.ok(Math.abs((sum / N) * 4 - 1) < 0.011);
    });

    it('normal(mean, sd) has that mean and standard deviation', () => {
      const r = createRandom(6);
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < N; i++) {
        const x = r.normal(10, 3);
        s += x;
        s2 += x * x;
      }
      const mean = s / N;
      const sd = Math.sqrt(s2 / N - mean * mean);
      assert.ok(Math.abs(mean - 10) < 0.035);
      assert.ok(Math.abs(sd / 3 - 1) < 0.008);
    });

    it('lognormalFromPercentiles reproduces the declared p50 and p99 (empirical p50 within 2%, p99 within 5%)', () => {
      const { mu, sigma } = lognormalFromPercentiles(5, 120);
      const r = createRandom(7);
      const xs = Float64Array.from({ length: N }, () => r.lognormal(mu, sigma)).sort();
      assert.ok(Math.abs(xs[Math.floor(N * 0.5)]! / 5 - 1) < 0.02);
      assert.ok(Math.abs(xs[Math.floor(N * 0.99)]! / 120 - 1) < 0.05);
      assert.deepEqual(lognormalFromPercentiles(5, 5), { mu: Math.log(5), sigma: 0 });
      assert.throws(() => lognormalFromPercentiles(0, 10), RangeError);
    });
  });
});
