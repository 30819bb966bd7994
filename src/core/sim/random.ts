/**
 * Seeded pseudo-random numbers for the simulation: sfc32 (Chris Doty-Humphrey's
 * small fast chaotic generator, PractRand-clean, four 32-bit words of state and
 * only 32-bit integer operations, so it is fast and identical in every
 * JavaScript engine). Each concern draws from its own named stream, so a new
 * feature that draws numbers never shifts the results of the others.
 */

import { fmix, murmur3String } from './murmur3';

/** 2^-32: turns a uint32 into a float in [0, 1). */
const INV_2_32 = 1 / 4294967296;
/** 2^-53: turns 53 random bits into a double in [0, 1). */
const INV_2_53 = 1 / 9007199254740992;
/** z-score of the 99th percentile of the standard normal distribution. */
const Z_99 = 2.3263478740408408;

/** A seeded generator of uniform, exponential, normal and lognormal variates. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  // Box–Muller yields two normals per draw; the second is kept for the next call.
  private spare = 0;
  private hasSpare = false;

  /** A generator whose whole state comes from a 32-bit seed through splitmix32. */
  constructor(seed: number) {
    let s = seed >>> 0;
    s = (s + 0x9e3779b9) | 0;
    this.a = splitmix32Mix(s);
    s = (s + 0x9e3779b9) | 0;
    this.b = splitmix32Mix(s);
    s = (s + 0x9e3779b9) | 0;
    this.c = splitmix32Mix(s);
    // sfc32's d is a counter; starting it at 1 is the author's recommendation.
    this.d = 1;
    // The author's seeding discards the first outputs so the state is well mixed.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** The next uniform unsigned 32-bit integer. */
  nextUint32(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1) with 32 random bits: fast, for decisions and variates. */
  nextFloat(): number {
    return this.nextUint32() * INV_2_32;
  }

  /** A uniform double in [0, 1) with 53 random bits, for inverse-CDF lookups in long tables. */
  nextDouble(): number {
    const hi = this.nextUint32() >>> 11;
    const lo = this.nextUint32();
    return (hi * 4294967296 + lo) * INV_2_53;
  }

  /** A uniform integer in [0, n) without modulo bias, for 1 <= n <= 2^53. */
  intBelow(n: number): number {
    if (!(n >= 1 && n <= 9007199254740992) || Math.floor(n) !== n) throw new RangeError(`intBelow: n must be an integer in [1, 2^53], got ${n}`);
    if (n <= 4294967296) {
      // Reject the lowest 2^32 mod n values so every residue is equally likely (OpenBSD arc4random_uniform).
      const threshold = (4294967296 - n) % n;
      let x = this.nextUint32();
      while (x < threshold) x = this.nextUint32();
      return x % n;
    }
    const limit = 9007199254740992 - (9007199254740992 % n);
    for (;;) {
      const x = (this.nextUint32() >>> 11) * 4294967296 + this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** An exponential variate with the given rate (mean 1/rate). */
  exponential(rate: number): number {
    // 1 - u lies in (0, 1], so the logarithm is finite.
    return -Math.log(1 - this.nextFloat()) / rate;
  }

  /** A normal variate (Box–Muller). */
  normal(mean = 0, sd = 1): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return mean + sd * this.spare;
    }
    const u = 1 - this.nextFloat();
    const v = this.nextFloat();
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * v;
    this.spare = r * Math.sin(theta);
    this.hasSpare = true;
    return mean + sd * r * Math.cos(theta);
  }

  /** A lognormal variate: exp of a normal with parameters mu and sigma. */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }
}

/** Parameters of a lognormal distribution, as `Random.lognormal` takes them. */
export interface LognormalParams {
  mu: number;
  sigma: number;
}

/**
 * The lognormal with the given median and 99th percentile, as latencies and
 * replication lag are declared (`{ "p50": 5, "p99": 120 }`); a p99 at or below
 * the p50 gives sigma 0 (a constant).
 */
export function lognormalFromPercentiles(p50: number, p99: number): LognormalParams {
  if (!(p50 > 0) || !Number.isFinite(p50)) throw new RangeError(`lognormalFromPercentiles: p50 must be positive and finite, got ${p50}`);
  const mu = Math.log(p50);
  const sigma = p99 > p50 && Number.isFinite(p99) ? (Math.log(p99) - mu) / Z_99 : 0;
  return { mu, sigma };
}

/** A generator seeded directly from a 32-bit seed. */
export function createRandom(seed: number): Random {
  return new Random(seed);
}

/**
 * The named stream of a simulation seed: its seed mixes the simulation seed
 * with a hash of the name, so streams are independent of one another and of
 * the order in which they are created.
 */
export function streamFor(seed: number, name: string): Random {
  return new Random(streamSeed(seed, name));
}

/** The 32-bit seed of a named stream. */
export function streamSeed(seed: number, name: string): number {
  return fmix((splitmix32Mix(seed >>> 0) ^ murmur3String(name, 0x5eed)) >>> 0);
}

/** splitmix32's output mix (the 32-bit splitmix with Hash Prospector constants): turns counters into well-spread seeds. */
export function splitmix32Mix(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}
