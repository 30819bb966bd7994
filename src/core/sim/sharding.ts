/**
 * Shard assignment strategies and what they do to load: per-shard load from a
 * key stream, the hottest shard, max/mean, coefficient of variation, and the
 * share of keys that move when shards are added or removed. Every sampled
 * figure takes an explicit sample count, so a declared 10^9 keys costs what
 * the caller budgets.
 */

import type { KeyGenerator } from './keys';
import { murmur3KeyId } from './murmur3';
import { type HashRing, ringMovedFraction } from './ring';

/** The sharding strategies the file format declares, plus the bounded-load variant of the ring. */
export type ShardingStrategy = 'modulo' | 'range' | 'consistentHash' | 'boundedLoad' | 'directory' | 'geographic';

/** Places keys on shards. */
export interface Sharder {
  /** Which strategy this is. */
  readonly strategy: ShardingStrategy;
  /** The shard ids in use. */
  readonly shardIds: readonly number[];
  /** One more than the largest shard id: the length of per-shard arrays. */
  readonly idSpace: number;
  /** The shard of a key, given its id and its murmur3 hash (range sharding reads the id, the others the hash). */
  shardOf(key: number, hash: number): number;
}

/** hash mod N: even, but changing N moves almost every key. */
export class ModuloSharder implements Sharder {
  /** Always "modulo". */
  readonly strategy = 'modulo';
  /** Shards 0..n-1. */
  readonly shardIds: readonly number[];
  /** The shard count. */
  readonly idSpace: number;

  /** Modulo placement over `shards` shards. */
  constructor(shards: number) {
    checkCount(shards, 'shard count');
    this.idSpace = shards;
    this.shardIds = rangeIds(shards);
  }

  /** The shard of a key. */
  shardOf(_key: number, hash: number): number {
    return hash % this.idSpace;
  }
}

/** Ranges of the key itself: shard i holds keys in [boundaries[i-1], boundaries[i]). Sequential keys all land on the last. */
export class RangeSharder implements Sharder {
  /** Always "range". */
  readonly strategy = 'range';
  /** Shards 0..boundaries.length. */
  readonly shardIds: readonly number[];
  /** One more than the number of boundaries. */
  readonly idSpace: number;
  private readonly bounds: Float64Array;
  private readonly nb: number;

  /** Range placement split at the given ascending boundaries. */
  constructor(boundaries: ArrayLike<number>) {
    this.bounds = Float64Array.from(boundaries);
    this.nb = this.bounds.length;
    for (let i = 1; i < this.nb; i++) if (!(this.bounds[i - 1]! <= this.bounds[i]!)) throw new RangeError('range boundaries must be ascending numbers');
    this.idSpace = this.nb + 1;
    this.shardIds = rangeIds(this.idSpace);
  }

  /** The shard of a key: how many boundaries are at or below it. */
  shardOf(key: number, _hash: number): number {
    const b = this.bounds;
    let lo = 0;
    let hi = this.nb;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (b[mid]! <= key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Consistent hashing on a ring of virtual nodes. */
export class RingSharder implements Sharder {
  /** Always "consistentHash". */
  readonly strategy = 'consistentHash';
  /** The ring's shard ids. */
  readonly shardIds: readonly number[];
  /** The ring's id space. */
  readonly idSpace: number;

  /** Placement by `ring`. */
  constructor(readonly ring: HashRing) {
    this.shardIds = ring.shardIds;
    this.idSpace = ring.idSpace;
  }

  /** The shard of a key. */
  shardOf(_key: number, hash: number): number {
    return this.ring.lookup(hash);
  }
}

/**
 * Directory-based sharding: an explicit table maps hash buckets to shards (as
 * lookup tables and bucket maps do), and individual keys may be pinned to a
 * shard (hot keys moved out of the way).
 */
export class DirectorySharder implements Sharder {
  /** Always "directory". */
  readonly strategy = 'directory';
  /** The shard ids the table names. */
  readonly shardIds: readonly number[];
  /** One more than the largest shard id the table names. */
  readonly idSpace: number;
  private readonly table: Uint32Array;

  /** Placement by `bucketToShard` (bucket = hash mod its length), with `pinned` keys overriding it. */
  constructor(
    bucketToShard: ArrayLike<number>,
    private readonly pinned: ReadonlyMap<number, number> = new Map(),
  ) {
    if (bucketToShard.length === 0) throw new RangeError('a directory needs at least one bucket');
    this.table = Uint32Array.from(bucketToShard);
    const ids = new Set<number>(this.table);
    for (const shard of pinned.values()) ids.add(shard);
    this.shardIds = [...ids].sort((a, b) => a - b);
    this.idSpace = this.shardIds[this.shardIds.length - 1]! + 1;
  }

  /** The shard of a key. */
  shardOf(key: number, hash: number): number {
    const pin = this.pinned.size === 0 ? undefined : this.pinned.get(key);
    return pin ?? this.table[hash % this.table.length]!;
  }
}

/** Geographic sharding: the key's home region picks a group of shards, the hash picks one within it. */
export class GeographicSharder implements Sharder {
  /** Always "geographic". */
  readonly strategy = 'geographic';
  /** Every region's shards. */
  readonly shardIds: readonly number[];
  /** One more than the largest shard id. */
  readonly idSpace: number;

  /** Placement by `regionOf` (region index of a key) over `regionShards[region]`. */
  constructor(
    private readonly regionShards: readonly (readonly number[])[],
    private readonly regionOf: (key: number, hash: number) => number,
  ) {
    const ids = new Set<number>();
    for (const group of regionShards) {
      if (group.length === 0) throw new RangeError('every region needs at least one shard');
      for (const id of group) ids.add(id);
    }
    if (ids.size === 0) throw new RangeError('geographic sharding needs at least one region');
    this.shardIds = [...ids].sort((a, b) => a - b);
    this.idSpace = this.shardIds[this.shardIds.length - 1]! + 1;
  }

  /** The shard of a key. */
  shardOf(key: number, hash: number): number {
    const group = this.regionShards[this.regionOf(key, hash)];
    if (group === undefined) throw new RangeError(`geographic sharding: no region for key ${key}`);
    return group[hash % group.length]!;
  }
}

/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup & Zadimoghaddam
 * 2018): a key goes to the first shard clockwise whose load is below
 * ceil((1+ε) · (load + 1) / shards), HAProxy's hash-balance-factor and
 * Envoy's hash_balance_factor. It keeps state: each `shardOf` places one unit
 * of load, `release` takes one away (a request or connection ending).
 */
export class BoundedLoadSharder implements Sharder {
  /** Always "boundedLoad". */
  readonly strategy = 'boundedLoad';
  /** The ring's shard ids. */
  readonly shardIds: readonly number[];
  /** The ring's id space. */
  readonly idSpace: number;
  /** Current load per shard id. */
  readonly loads: Float64Array;
  private totalLoad = 0;
  private readonly factor: number;
  private readonly shardCount: number;

  /** Bounded-load placement on `ring` with balance factor 1 + `epsilon`. */
  constructor(
    readonly ring: HashRing,
    readonly epsilon: number,
  ) {
    if (!(epsilon >= 0) || !Number.isFinite(epsilon)) throw new RangeError(`epsilon must be finite and >= 0, got ${epsilon}`);
    this.shardIds = ring.shardIds;
    this.idSpace = ring.idSpace;
    this.loads = new Float64Array(ring.idSpace);
    this.factor = 1 + epsilon;
    this.shardCount = ring.shardIds.length;
  }

  /** The most load any shard may hold once one more unit is placed. */
  capacity(): number {
    return Math.ceil((this.factor * (this.totalLoad + 1)) / this.shardCount);
  }

  /** Places one unit of load for the key and returns its shard. */
  shardOf(_key: number, hash: number): number {
    const cap = this.capacity();
    const owners = this.ring.owners;
    const n = this.ring.size;
    let i = this.ring.pointIndex(hash);
    // Total capacity is at least the load plus one, so some point has room within one lap.
    for (let step = 0; step < n; step++) {
      const shard = owners[i]!;
      if (this.loads[shard]! < cap) {
        this.loads[shard]!++;
        this.totalLoad++;
        return shard;
      }
      i = i + 1 === n ? 0 : i + 1;
    }
    const fallback = owners[this.ring.pointIndex(hash)]!;
    this.loads[fallback]!++;
    this.totalLoad++;
    return fallback;
  }

  /** Removes one unit of load from `shard`. */
  release(shard: number): void {
    if (this.loads[shard]! > 0) {
      this.loads[shard]!--;
      this.totalLoad--;
    }
  }
}

/** Summary of per-shard load. */
export interface LoadStats {
  /** Number of shards counted. */
  shards: number;
  /** Sum of all load. */
  total: number;
  /** Mean load per shard. */
  mean: number;
  /** Load of the busiest shard. */
  max: number;
  /** Id of the busiest shard (the lowest id on ties). */
  hottest: number;
  /** max / mean: 1 is perfectly even (also reported when there is no load at all). */
  maxOverMean: number;
  /** Coefficient of variation: population standard deviation / mean (0 with no load). */
  cv: number;
}

/** Statistics of per-shard loads indexed by shard id, over `shardIds` (default: every index). */
export function loadStats(loads: ArrayLike<number>, shardIds?: readonly number[]): LoadStats {
  const count = shardIds ? shardIds.length : loads.length;
  if (count === 0) return { shards: 0, total: 0, mean: 0, max: 0, hottest: -1, maxOverMean: 1, cv: 0 };
  let total = 0;
  let max = -Infinity;
  let hottest = -1;
  for (let i = 0; i < count; i++) {
    const id = shardIds ? shardIds[i]! : i;
    const x = loads[id] ?? 0;
    total += x;
    if (x > max || (x === max && id < hottest)) {
      max = x;
      hottest = id;
    }
  }
  const mean = total / count;
  let sq = 0;
  for (let i = 0; i < count; i++) {
    const d = (loads[shardIds ? shardIds[i]! : i] ?? 0) - mean;
    sq += d * d;
  }
  const std = Math.sqrt(sq / count);
  return { shards: count, total, mean, max, hottest, maxOverMean: mean > 0 ? max / mean : 1, cv: mean > 0 ? std / mean : 0 };
}

/** Per-shard load of `samples` keys from `keys`, each hashed with murmur3KeyId(key, hashSeed). */
export function measureLoad(sharder: Sharder, keys: KeyGenerator, samples: number, hashSeed = 0): { loads: Float64Array; stats: LoadStats } {
  checkCount(samples, 'samples');
  const loads = new Float64Array(sharder.idSpace);
  for (let i = 0; i < samples; i++) {
    const key = keys.next();
    loads[sharder.shardOf(key, murmur3KeyId(key, hashSeed))]!++;
  }
  return { loads, stats: loadStats(loads, sharder.shardIds) };
}

/** The share of `samples` keys from `keys` whose shard differs between two placements. */
export function movedFraction(before: Sharder, after: Sharder, keys: KeyGenerator, samples: number, hashSeed = 0): number {
  checkCount(samples, 'samples');
  let moved = 0;
  for (let i = 0; i < samples; i++) {
    const key = keys.next();
    const hash = murmur3KeyId(key, hashSeed);
    if (before.shardOf(key, hash) !== after.shardOf(key, hash)) moved++;
  }
  return moved / samples;
}

/**
 * The share of uniformly hashed keys that move when hash-mod-n becomes
 * hash-mod-m: a key stays only when h mod lcm(n, m) < min(n, m), so
 * 1 - min(n, m) / lcm(n, m); n/(n+1) when one shard is added.
 */
export function moduloMovedFraction(n: number, m: number): number {
  checkCount(n, 'shard count');
  checkCount(m, 'shard count');
  const lcm = (n / gcd(n, m)) * m;
  return 1 - Math.min(n, m) / lcm;
}

/** The expected share of keys a ring moves from n to m shards: only the added (or removed) shards' arcs, |m - n| / max(n, m). */
export function ringExpectedMovedFraction(n: number, m: number): number {
  checkCount(n, 'shard count');
  checkCount(m, 'shard count');
  return Math.abs(m - n) / Math.max(n, m);
}

/** The exact share of the hash space that moves between two rings (re-exported beside the sampled figures). */
export { ringMovedFraction };

/** Ring imbalance from the owned arcs (no sampling): the load uniformly hashed keys would see in the limit. */
export function ringArcStats(ring: HashRing): LoadStats {
  return loadStats(ring.ownedFractions(), ring.shardIds);
}

/** Even range boundaries splitting key ids [0, cardinality) into `shards` ranges. */
export function evenRangeBoundaries(cardinality: number, shards: number): Float64Array {
  checkCount(shards, 'shard count');
  const b = new Float64Array(shards - 1);
  for (let i = 1; i < shards; i++) b[i - 1] = Math.floor((cardinality * i) / shards);
  return b;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function checkCount(n: number, what: string): void {
  if (!(n >= 1) || Math.floor(n) !== n || !Number.isFinite(n)) throw new RangeError(`${what} must be a positive integer, got ${n}`);
}

function rangeIds(n: number): number[] {
  const ids = new Array<number>(n);
  for (let i = 0; i < n; i++) ids[i] = i;
  return ids;
}
