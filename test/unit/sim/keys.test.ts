import assert from 'node:assert/strict';
import { createKeyGenerator, harmonic, SequentialKeys, UniformKeys, ZIPF_TABLE_LIMIT, ZipfKeys, zipfShare, zipfTopShare } from '../../../src/core/sim/keys';
import { createRandom } from '../../../src/core/sim/random';

function bruteHarmonic(n: number, s: number): number {
  let sum = 0;
  for (let k = n; k >= 1; k--) sum += Math.pow(k, -s);
  return sum;
}

/** Chi-square of sampled ranks against zipf's shares: the first `cells - 1` ranks, then everything else. */
function zipfChiSquare(next: () => number, n: number, s: number, samples: number, cells: number): number {
  const counts = new Array<number>(cells).fill(0);
  for (let i = 0; i < samples; i++) {
    const k = next();
    assert.ok(k >= 0 && k < n);
    counts[Math.min(k, cells - 1)]!++;
  }
  let headShare = 0;
  let chi2 = 0;
  for (let k = 0; k < cells - 1; k++) {
    const p = zipfShare(k, n, s);
    headShare += p;
    chi2 += (counts[k]! - samples * p) ** 2 / (samples * p);
  }
  const pRest = 1 - headShare;
  return chi2 + (counts[cells - 1]! - samples * pRest) ** 2 / (samples * pRest);
}

describe('keys', () => {
  describe('harmonic numbers H(n, s) = sum k^-s', () => {
    it('is exact for small n: H(1, s) = 1, H(10, 1) = 7381/2520, H(n, 0) = n', () => {
      assert.equal(harmonic(1, 1.3), 1);
      assert.ok(Math.abs(harmonic(10, 1) - 7381 / 2520) < 1e-15);
      assert.equal(harmonic(500, 0), 500);
    });

    it('Euler–Maclaurin beyond 1,000 terms matches the brute-force sum to 1e-12 (relative)', () => {
      for (const n of [1001, 4096, 200_000]) {
        for (const s of [0, 0.5, 0.99, 1, 1.01, 1.1, 2, 3]) {
          const exact = bruteHarmonic(n, s);
          assert.ok(Math.abs(harmonic(n, s) / exact - 1) < 1e-12, `n ${n} s ${s}: ${harmonic(n, s)} vs ${exact}`);
        }
      }
    });

    it('matches the asymptotics for huge n: H(n, 1) = ln n + γ + 1/(2n) - ..., H(n, 2) → π²/6 - 1/n', () => {
      const gamma = 0.5772156649015329;
      assert.ok(Math.abs(harmonic(1e12, 1) - (Math.log(1e12) + gamma)) < 1e-11);
      assert.ok(Math.abs(harmonic(1e9, 2) - (Math.PI ** 2 / 6 - 1e-9)) < 1e-14);
      assert.ok(Math.abs(harmonic(2 ** 53, 1) - (53 * Math.LN2 + gamma)) < 1e-12);
    });

    it('rejects n that is not a positive integer', () => {
      assert.throws(() => harmonic(0, 1), RangeError);
      assert.throws(() => harmonic(2.5, 1), RangeError);
      assert.throws(() => harmonic(Infinity, 2), RangeError);
    });
  });

  describe('zipf', () => {
    it('gives the top key a share of 1/H(n, s): 13.4% of 1,000 keys at s = 1', () => {
      assert.ok(Math.abs(zipfTopShare(1000, 1) - 0.13359) < 1e-5);
      assert.ok(Math.abs(zipfShare(0, 1000, 1) - zipfTopShare(1000, 1)) < 1e-15);
    });

    // 200,000 samples of a share p = 0.1336 have a standard error of 0.00076: 0.003 is four of them.
    for (const method of ['table', 'rejection'] as const) {
      it(`samples the top key's share 1/H(n, s) within ±0.003 (${method}, 1,000 keys, s = 1, 200,000 samples)`, () => {
        const z = new ZipfKeys(createRandom(11), 1000, 1, method);
        let top = 0;
        for (let i = 0; i < 200_000; i++) if (z.next() === 0) top++;
        assert.ok(Math.abs(top / 200_000 - zipfTopShare(1000, 1)) < 0.003, `${top / 200_000}`);
      });

      it(`matches zipf's shares rank by rank (${method}): chi-square over 20 cells below the 0.999 quantile (43.8, 19 df)`, () => {
        for (const [n, s, seed] of [
          [1000, 1, 1],
          [50_000, 0.8, 2],
          [1000, 1.5, 3],
          [10, 0, 4],
        ] as const) {
          const z = new ZipfKeys(createRandom(seed), n, s, method);
          const chi2 = zipfChiSquare(() => z.next(), n, s, 100_000, Math.min(20, n));
          assert.ok(chi2 < 43.8, `n ${n} s ${s}: chi2 ${chi2}`);
        }
      });
    }

    it(`switches to bounded memory past ${ZIPF_TABLE_LIMIT.toLocaleString('en')} keys and still gives the top key 1/H(n, s) (10^9 keys, s = 1.1, ±0.003)`, () => {
      const n = 1e9;
      const z = new ZipfKeys(createRandom(12), n, 1.1);
      assert.equal(z.method, 'rejection');
      assert.equal(new ZipfKeys(createRandom(12), ZIPF_TABLE_LIMIT, 1.1).method, 'table');
      let top = 0;
      for (let i = 0; i < 200_000; i++) {
        const k = z.next();
        assert.ok(k >= 0 && k < n);
        if (k === 0) top++;
      }
      assert.ok(Math.abs(top / 200_000 - zipfTopShare(n, 1.1)) < 0.003, `${top / 200_000} vs ${zipfTopShare(n, 1.1)}`);
    });

    it('is deterministic for a seed', () => {
      const a = new ZipfKeys(createRandom(5), 5000, 1.2);
      const b = new ZipfKeys(createRandom(5), 5000, 1.2);
      for (let i = 0; i < 1000; i++) assert.equal(a.next(), b.next());
    });
  });

  describe('uniform and sequential', () => {
    it('uniform keys stay in [0, cardinality), including cardinalities above 2^32', () => {
      for (const n of [1, 7, 2 ** 40]) {
        const u = new UniformKeys(createRandom(1), n);
        for (let i = 0; i < 1000; i++) {
          const k = u.next();
          assert.ok(Number.isInteger(k) && k >= 0 && k < n);
        }
      }
    });

    it('sequential keys count up from the start and wrap after the last', () => {
      const s = new SequentialKeys(4, 2);
      assert.deepEqual([s.next(), s.next(), s.next(), s.next(), s.next()], [2, 3, 0, 1, 2]);
    });

    it('createKeyGenerator follows the declared distribution (zipf exponent defaults to 1)', () => {
      const rng = createRandom(1);
      assert.ok(createKeyGenerator({ distribution: 'uniform', cardinality: 10 }, rng) instanceof UniformKeys);
      assert.ok(createKeyGenerator({ distribution: 'sequential', cardinality: 10 }, rng) instanceof SequentialKeys);
      const z = createKeyGenerator({ distribution: 'zipf', cardinality: 10 }, rng);
      assert.ok(z instanceof ZipfKeys && z.exponent === 1);
      assert.throws(() => createKeyGenerator({ distribution: 'uniform', cardinality: 0 }, rng), RangeError);
    });
  });
});
