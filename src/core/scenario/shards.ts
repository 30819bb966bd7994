/**
 * Per-shard load and what a shard change moves, without sampling noise: the
 * most popular keys are placed one by one (murmur3 of the key id, as every
 * sharder in sharding.ts reads it), the rest of the probability mass is
 * spread by each shard's share of the hash space (ring arcs, 1/N for modulo,
 * the key ranges for range sharding). Keys moved come from the exact closed
 * forms: hash mod N from moduloMovedFraction, a ring from ringMovedFraction
 * over the two rings' points, even ranges from the overlap of old and new
 * ranges; directory and geographic sharding move at least |m - n| / max(n, m).
 */
import type { ShardingData } from '../model/schema';
import { murmur3KeyId } from '../sim/murmur3';
import { buildRing, type HashRing, ringMovedFraction } from '../sim/ring';
import { DirectorySharder, evenRangeBoundaries, loadStats, moduloMovedFraction, ModuloSharder, RangeSharder, RingSharder, ringExpectedMovedFraction, type Sharder } from '../sim/sharding';
import { HEAD_KEYS, type KeySpec, keyBlocks } from './keyModel';
import { sig } from './numbers';
import type { ShardLoad } from './types';

/** Most ring points built for a scenario; a bigger declared ring keeps fewer vnodes per shard and says so. */
export const SCENARIO_RING_POINTS = 262_144;
/** Key values placed one by one when the key space is small (every value counts). */
const EXACT_KEYS = 65_536;
/** Buckets of the directory table (strategy "directory"): keys hash to buckets, buckets map to shards in turn. */
const DIRECTORY_BUCKETS = 4096;

/**
 * The rings of one run, by shard count and vnodes (a shard change builds each
 * ring once), within a budget of points: a run with many shard changes gets
 * fewer vnodes per ring, then none, rather than unbounded work. Runs may share
 * the rings they build (`store`); each run is charged for every ring it uses,
 * built or found, so its result does not depend on the runs before it.
 */
export class RingCache {
  private readonly used = new Set<string>();
  /** Ring points this run has used. */
  usedPoints = 0;

  /** `points`: ring points this run may use in all; `store`: rings already built, shared with other runs. */
  constructor(private readonly points = Infinity, private readonly store = new Map<string, HashRing>()) {}

  /** Ring points this run may still use. */
  private get left(): number {
    return this.points - this.usedPoints;
  }

  /** The ring of shards 0..n-1 with v vnodes each. */
  get(n: number, v: number): HashRing {
    const k = `${n}x${v}`;
    if (!this.used.has(k)) {
      this.used.add(k);
      this.usedPoints += n * v;
    }
    let r = this.store.get(k);
    if (!r) {
      r = buildRing(n, v);
      this.store.set(k, r);
    }
    return r;
  }

  /** Vnodes per shard for rings of these shard counts (built together), within SCENARIO_RING_POINTS each and the points left; 0 when none fit. */
  vnodes(shardCounts: readonly number[], declared: number): number {
    let v = declared;
    for (const n of shardCounts) v = Math.min(v, ringVnodes(n, declared));
    let missing = 0;
    for (const n of shardCounts) if (!this.used.has(`${n}x${v}`)) missing += n;
    if (v === 0 || missing === 0) return v;
    const fit = Math.floor(this.left / missing);
    if (fit >= v) return v;
    // Cut to a power of two, so that runs with about the same points left share their rings.
    return fit < 1 ? 0 : 2 ** Math.floor(Math.log2(fit));
  }
}

/** A placement of keys on shards, with each shard's share of the hash space. */
interface Placement {
  sharder: Sharder;
  /** Share of uniformly hashed keys per shard id. */
  hashShare: Float64Array;
  /** Vnodes actually used (rings). */
  vnodes?: number;
}

/** Vnodes per shard a ring of `shards` gets within SCENARIO_RING_POINTS, or 0 when even one point each is too many. */
export function ringVnodes(shards: number, declared: number): number {
  if (shards > SCENARIO_RING_POINTS) return 0;
  return Math.max(1, Math.min(declared, Math.floor(SCENARIO_RING_POINTS / shards)));
}

function placement(strategy: ShardingData['strategy'], shards: number, vnodes: number, cardinality: number, rings: RingCache): Placement | undefined {
  switch (strategy) {
    case 'consistentHash': {
      const v = rings.vnodes([shards], vnodes);
      if (v === 0) return undefined;
      const ring = rings.get(shards, v);
      return { sharder: new RingSharder(ring), hashShare: ring.ownedFractions(), vnodes: v };
    }
    case 'range': {
      const sharder = new RangeSharder(evenRangeBoundaries(cardinality, shards));
      return { sharder, hashShare: new Float64Array(shards).fill(1 / shards) };
    }
    case 'directory': {
      const buckets = Math.max(DIRECTORY_BUCKETS, shards);
      const table = Array.from({ length: buckets }, (_, b) => b % shards);
      const share = new Float64Array(shards);
      for (const s of table) share[s]! += 1 / buckets;
      return { sharder: new DirectorySharder(table), hashShare: share };
    }
    case 'modulo':
    case 'geographic':
      return { sharder: new ModuloSharder(shards), hashShare: new Float64Array(shards).fill(1 / shards) };
  }
}

/** Each shard's share of requests for keys of popularity `keys` (index = shard id). */
function shardMass(p: Placement, keys: KeySpec, strategy: ShardingData['strategy'], shards: number): Float64Array {
  const mass = new Float64Array(p.sharder.idSpace);
  const n = keys.cardinality;
  if (strategy === 'range') {
    // Key ids are popularity ranks - 1; ranges split the ids evenly.
    const bounds = evenRangeBoundaries(n, shards);
    for (const b of keyBlocks(keys)) {
      let id = b.firstRank - 1;
      const end = id + b.count;
      const per = b.mass / b.count;
      let s = p.sharder.shardOf(id, 0);
      while (id < end) {
        const stop = s < bounds.length ? Math.min(end, bounds[s]!) : end;
        mass[s]! += (stop - id) * per;
        id = stop;
        s++;
      }
    }
    return mass;
  }
  if (n <= EXACT_KEYS) {
    // Every key placed: weights from the blocks (all single keys up to HEAD_KEYS, equal within a block beyond).
    for (const b of keyBlocks(keys)) {
      const per = b.mass / b.count;
      for (let k = b.firstRank; k < b.firstRank + b.count; k++) mass[p.sharder.shardOf(k - 1, murmur3KeyId(k - 1, 0))]! += per;
    }
    return mass;
  }
  let placed = 0;
  for (const b of keyBlocks(keys)) {
    if (b.firstRank > HEAD_KEYS || b.count > 1) break;
    mass[p.sharder.shardOf(b.firstRank - 1, murmur3KeyId(b.firstRank - 1, 0))]! += b.mass;
    placed += b.mass;
  }
  const rest = Math.max(0, 1 - placed);
  for (let s = 0; s < p.hashShare.length; s++) mass[s]! += rest * p.hashShare[s]!;
  return mass;
}

/** What a store's per-shard load is, and with how many vnodes it was measured. */
export interface ShardLoadResult {
  load: ShardLoad;
  /** Requests per second on each shard (index = shard id); shares of the requests when there is no load. */
  perShard: number[];
  vnodesUsed?: number;
}

/**
 * Per-shard load of `shards` shards under `keys`: reads by key popularity,
 * writes too, except that range sharding on a monotonic key sends every new
 * write to the last shard. Undefined when the ring would be too large to build.
 */
export function shardLoad(sharding: ShardingData, shards: number, keys: KeySpec, readsRps: number, writesRps: number, rings = new RingCache()): ShardLoadResult | undefined {
  const p = placement(sharding.strategy, shards, sharding.vnodes ?? 1, keys.cardinality, rings);
  if (!p) return undefined;
  const mass = shardMass(p, keys, sharding.strategy, shards);
  const loads = new Float64Array(mass.length);
  const monotonicRange = sharding.strategy === 'range' && (sharding.key?.monotonic === true || keys.distribution === 'sequential');
  for (let s = 0; s < mass.length; s++) loads[s] = readsRps * mass[s]! + (monotonicRange ? 0 : writesRps * mass[s]!);
  if (monotonicRange) loads[shards - 1]! += writesRps;
  const total = readsRps + writesRps;
  const stats = loadStats(total > 0 ? loads : mass, p.sharder.shardIds);
  const load: ShardLoad = {
    shards,
    maxOverMean: sig(stats.maxOverMean),
    hottestShard: stats.hottest,
    hottestShare: sig(stats.total > 0 ? stats.max / stats.total : 0),
    cv: sig(stats.cv),
    busiestShardRps: sig(total > 0 ? stats.max : 0),
  };
  const perShard = Array.from(total > 0 ? loads : mass, (x) => sig(x));
  return { load, perShard, ...(p.vnodes !== undefined ? { vnodesUsed: p.vnodes } : {}) };
}

/** The share of keys that move from n to m shards, and whether the figure is exact. */
export function keysMoved(sharding: ShardingData, n: number, m: number, rings = new RingCache()): { fraction: number; method: 'exact' | 'expected'; vnodesUsed?: number } {
  switch (sharding.strategy) {
    case 'modulo':
      return { fraction: moduloMovedFraction(n, m), method: 'exact' };
    case 'consistentHash': {
      const v = rings.vnodes([n, m], sharding.vnodes ?? 1);
      if (v === 0) return { fraction: ringExpectedMovedFraction(n, m), method: 'expected' };
      return { fraction: ringMovedFraction(rings.get(n, v), rings.get(m, v)), method: 'exact', vnodesUsed: v };
    }
    case 'range': {
      // Even ranges re-split: shard i keeps the overlap of [i/n, (i+1)/n) and [i/m, (i+1)/m).
      let kept = 0;
      for (let i = 0; i < Math.min(n, m); i++) kept += Math.max(0, Math.min((i + 1) / n, (i + 1) / m) - Math.max(i / n, i / m));
      return { fraction: Math.max(0, 1 - kept), method: 'exact' };
    }
    case 'directory':
    case 'geographic':
      return { fraction: ringExpectedMovedFraction(n, m), method: 'expected' };
  }
}
