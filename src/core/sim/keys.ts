/**
 * Key generators: which key each simulated request touches. Keys are integer
 * ids in [0, cardinality); under zipf, id 0 is the most popular key and id k
 * the (k+1)-th. Stores hash ids (murmur3KeyId) before placing them, so the
 * popularity order never lines up with the placement.
 */

import type { Random } from './random';

/** Largest key count for which zipf keeps an exact cumulative table (8 bytes per key: 8 MB here). */
export const ZIPF_TABLE_LIMIT = 1_000_000;

/** Below this many keys the harmonic number is summed term by term; above, Euler–Maclaurin. */
const HARMONIC_EXACT_LIMIT = 1000;

/** A source of key ids in [0, cardinality). */
export interface KeyGenerator {
  /** How many distinct keys the generator can return. */
  readonly cardinality: number;
  /** The next key id. */
  next(): number;
}

/** How a workload's keys are distributed, as the file declares it. */
export interface KeyDistribution {
  distribution: 'uniform' | 'zipf' | 'sequential';
  cardinality: number;
  /** The zipf exponent s (ignored by the other distributions); 1 when omitted. */
  exponent?: number;
}

/** Every key equally likely. */
export class UniformKeys implements KeyGenerator {
  /** Uniform keys over `cardinality` ids drawn from `rng`. */
  constructor(
    private readonly rng: Random,
    readonly cardinality: number,
  ) {
    checkCardinality(cardinality);
  }

  /** The next key id. */
  next(): number {
    return this.rng.intBelow(this.cardinality);
  }
}

/** Keys in increasing order (auto-increment ids, timestamps), wrapping after the last. */
export class SequentialKeys implements KeyGenerator {
  private current: number;

  /** Sequential keys over `cardinality` ids starting at `start`. */
  constructor(
    readonly cardinality: number,
    start = 0,
  ) {
    checkCardinality(cardinality);
    this.current = start % cardinality;
  }

  /** The next key id. */
  next(): number {
    const key = this.current;
    this.current = key + 1 === this.cardinality ? 0 : key + 1;
    return key;
  }
}

/**
 * Zipf-distributed keys: P(id = k) = (k+1)^-s / H(n, s). Exact inverse-CDF
 * sampling from a cumulative table up to ZIPF_TABLE_LIMIT keys; beyond that,
 * rejection-inversion (Hörmann & Derflinger 1996, "Rejection-inversion to
 * generate variates from monotone discrete distributions", as in Apache
 * Commons RNG), which is exact in distribution and needs O(1) memory.
 */
export class ZipfKeys implements KeyGenerator {
  /** Which sampler runs: the exact table or rejection-inversion. */
  readonly method: 'table' | 'rejection';
  /** The exact sampler's cumulative weights, or undefined when sampling by rejection-inversion. */
  private readonly cumulative: Float64Array | undefined;
  private readonly total: number;
  private readonly hIntegralX1: number;
  private readonly hIntegralN: number;
  private readonly squeeze: number;

  /** Zipf(s) keys over `cardinality` ids; `method` forces a sampler (tests compare the two). */
  constructor(
    private readonly rng: Random,
    readonly cardinality: number,
    readonly exponent: number,
    method: 'auto' | 'table' | 'rejection' = 'auto',
  ) {
    checkCardinality(cardinality);
    if (!(exponent >= 0) || !Number.isFinite(exponent)) throw new RangeError(`zipf exponent must be finite and >= 0, got ${exponent}`);
    this.method = method === 'table' || (method === 'auto' && cardinality <= ZIPF_TABLE_LIMIT) ? 'table' : 'rejection';
    if (this.method === 'table') {
      const cum = new Float64Array(cardinality);
      let sum = 0;
      for (let k = 0; k < cardinality; k++) {
        sum += Math.pow(k + 1, -exponent);
        cum[k] = sum;
      }
      this.cumulative = cum;
      this.total = sum;
    } else {
      this.cumulative = undefined;
      this.total = 0;
    }
    this.hIntegralX1 = this.hIntegral(1.5) - 1;
    this.hIntegralN = this.hIntegral(cardinality + 0.5);
    this.squeeze = 2 - this.hIntegralInverse(this.hIntegral(2.5) - this.h(2));
  }

  /** The next key id (0 is the most popular). */
  next(): number {
    const cum = this.cumulative;
    if (cum !== undefined) {
      // 53-bit uniforms so the tail of a million-key table is still reachable.
      const u = this.rng.nextDouble() * this.total;
      let lo = 0;
      let hi = this.cardinality - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cum[mid]! > u) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    }
    return this.nextByRejection() - 1;
  }

  /** One rank in [1, n] by rejection-inversion. */
  private nextByRejection(): number {
    const n = this.cardinality;
    for (;;) {
      const u = this.hIntegralN + this.rng.nextDouble() * (this.hIntegralX1 - this.hIntegralN);
      const x = this.hIntegralInverse(u);
      let k = Math.floor(x + 0.5);
      if (k < 1) k = 1;
      else if (k > n) k = n;
      if (k - x <= this.squeeze || u >= this.hIntegral(k + 0.5) - this.h(k)) return k;
    }
  }

  private h(x: number): number {
    return Math.exp(-this.exponent * Math.log(x));
  }

  /** The integral of h from 1 to x, written so it stays accurate as s approaches 1. */
  private hIntegral(x: number): number {
    const logX = Math.log(x);
    return expm1OverX((1 - this.exponent) * logX) * logX;
  }

  private hIntegralInverse(x: number): number {
    let t = x * (1 - this.exponent);
    if (t < -1) t = -1;
    return Math.exp(log1pOverX(t) * x);
  }
}

/** A key generator for a declared distribution, drawing from `rng`. */
export function createKeyGenerator(spec: KeyDistribution, rng: Random): KeyGenerator {
  switch (spec.distribution) {
    case 'uniform':
      return new UniformKeys(rng, spec.cardinality);
    case 'sequential':
      return new SequentialKeys(spec.cardinality);
    case 'zipf':
      return new ZipfKeys(rng, spec.cardinality, spec.exponent ?? 1);
  }
}

/**
 * The generalized harmonic number H(n, s) = sum over k = 1..n of k^-s: summed
 * exactly (smallest terms first) up to 1,000 terms; beyond, the first 999
 * terms exactly plus an Euler–Maclaurin tail to the f''' term, whose error
 * is below 1e-18 at that cut-off, so any n up to 2^53 costs the same.
 */
export function harmonic(n: number, s: number): number {
  if (!(n >= 1) || Math.floor(n) !== n || !Number.isFinite(n)) throw new RangeError(`harmonic: n must be a finite integer >= 1, got ${n}`);
  if (!Number.isFinite(s)) throw new RangeError(`harmonic: s must be finite, got ${s}`);
  if (n <= HARMONIC_EXACT_LIMIT) return partialSum(n, s);
  const m = HARMONIC_EXACT_LIMIT;
  const head = partialSum(m - 1, s);
  // sum_{k=m}^{n} f(k) = ∫_m^n f + (f(m) + f(n))/2 + B2/2! (f'(n) - f'(m)) + B4/4! (f'''(n) - f'''(m)) + R.
  const logRatio = Math.log(n / m);
  const integral = Math.pow(m, 1 - s) * logRatio * expm1OverX((1 - s) * logRatio);
  const fm = Math.pow(m, -s);
  const fn = Math.pow(n, -s);
  const d1 = (x: number, fx: number): number => (-s * fx) / x;
  const d3 = (x: number, fx: number): number => (-s * (s + 1) * (s + 2) * fx) / (x * x * x);
  const tail = integral + (fm + fn) / 2 + (d1(n, fn) - d1(m, fm)) / 12 - (d3(n, fn) - d3(m, fm)) / 720;
  return head + tail;
}

/** The share of requests that hit the most popular of n zipf(s) keys: 1 / H(n, s). */
export function zipfTopShare(n: number, s: number): number {
  return 1 / harmonic(n, s);
}

/** The share of requests that hit the key of 0-based popularity rank `rank` among n zipf(s) keys. */
export function zipfShare(rank: number, n: number, s: number): number {
  return Math.pow(rank + 1, -s) / harmonic(n, s);
}

function partialSum(n: number, s: number): number {
  let sum = 0;
  for (let k = n; k >= 1; k--) sum += Math.pow(k, -s);
  return sum;
}

function checkCardinality(n: number): void {
  if (!(n >= 1) || Math.floor(n) !== n || n > 9007199254740992) throw new RangeError(`key cardinality must be an integer in [1, 2^53], got ${n}`);
}

/** log1p(x)/x, continuous at 0. */
function log1pOverX(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}

/** expm1(x)/x, continuous at 0. */
function expm1OverX(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + (x / 3) * (1 + 0.25 * x));
}
