/**
 * The workload's key popularity as blocks of keys of (nearly) equal
 * probability, so that sums over every key (stale reads, partition conflicts,
 * per-shard load) cost the same for 10^3 and 10^15 keys: the most popular
 * HEAD_KEYS keys one by one, then geometric blocks of ranks whose mass comes
 * from the integral of k^-s (midpoint rule, relative error below 1e-6 past
 * rank 1,000), normalized so the masses sum to 1.
 */
import type { Topology } from '../model/topology';
import { harmonic } from '../sim/keys';

/** Keys taken one by one before ranks are grouped. */
export const HEAD_KEYS = 1000;
/** Each block past the head spans ranks [a, a x BLOCK_RATIO). */
const BLOCK_RATIO = 1.02;
/** Key count assumed when the workload declares no keys. */
export const ASSUMED_KEY_CARDINALITY = 1_000_000;

/** A key popularity: which distribution, over how many keys. */
export interface KeySpec {
  distribution: 'uniform' | 'zipf' | 'sequential';
  cardinality: number;
  /** zipf exponent (1 when undeclared); 0 for the others. */
  exponent: number;
  /** True when the workload declares no keys and a uniform million stands in. */
  assumed: boolean;
}

/** A run of consecutive popularity ranks (1-based) sharing one probability each. */
export interface KeyBlock {
  firstRank: number;
  count: number;
  /** Total probability of the block. */
  mass: number;
}

/** A store's shard key as the key model reads it. */
export interface ShardKeyData {
  cardinality?: number | undefined;
  distribution?: 'uniform' | 'zipf' | 'sequential' | undefined;
  exponent?: number | undefined;
}

/**
 * The keys of a store: its shard key's own popularity and cardinality where
 * declared (as the analysis rules read them), else the workload's.
 */
export function workloadKeys(topology: Topology, key?: ShardKeyData): KeySpec {
  const k = topology.file.workload.keys;
  const n = Math.max(1, Math.floor(key?.cardinality ?? k?.cardinality ?? ASSUMED_KEY_CARDINALITY));
  if (key?.distribution !== undefined) {
    return { distribution: key.distribution, cardinality: n, exponent: key.distribution === 'zipf' ? (key.exponent ?? 1) : 0, assumed: false };
  }
  if (!k) return { distribution: 'uniform', cardinality: n, exponent: 0, assumed: true };
  return { distribution: k.distribution, cardinality: n, exponent: k.distribution === 'zipf' ? (k.exponent ?? 1) : 0, assumed: false };
}

/** The blocks of a key popularity: at most ~2,500 for any cardinality up to 2^53. */
export function keyBlocks(spec: KeySpec): KeyBlock[] {
  const n = spec.cardinality;
  const s = spec.exponent;
  if (spec.distribution !== 'zipf' || s === 0 || n === 1) return [{ firstRank: 1, count: n, mass: 1 }];
  const raw: KeyBlock[] = [];
  const head = Math.min(n, HEAD_KEYS);
  for (let k = 1; k <= head; k++) raw.push({ firstRank: k, count: 1, mass: Math.pow(k, -s) });
  let a = head + 1;
  while (a <= n) {
    const b = Math.min(n + 1, Math.max(a + 1, Math.ceil(a * BLOCK_RATIO)));
    raw.push({ firstRank: a, count: b - a, mass: integralPow(a - 0.5, b - 0.5, s) });
    a = b;
  }
  // Normalize by the blocks' own sum so the masses add to 1 exactly enough; harmonic() confirms the scale in tests.
  let total = 0;
  for (const x of raw) total += x.mass;
  for (const x of raw) x.mass /= total;
  return raw;
}

/** ∫_lo^hi x^-s dx, written to stay accurate as s approaches 1. */
function integralPow(lo: number, hi: number, s: number): number {
  const logRatio = Math.log(hi / lo);
  const t = (1 - s) * logRatio;
  const expm1OverX = Math.abs(t) > 1e-8 ? Math.expm1(t) / t : 1 + t / 2;
  return Math.pow(lo, 1 - s) * logRatio * expm1OverX;
}

/** Σ over every key of f(probability of the key). */
export function sumOverKeys(spec: KeySpec, f: (p: number) => number): number {
  let sum = 0;
  for (const b of keyBlocks(spec)) sum += b.count * f(b.mass / b.count);
  return sum;
}

/** The exact normalizing constant of a zipf spec (for tests and messages): H(n, s). */
export function zipfNormalizer(spec: KeySpec): number {
  return spec.distribution === 'zipf' ? harmonic(spec.cardinality, spec.exponent) : spec.cardinality;
}
