/**
 * What a store's sharding does to its load, measured with the simulation core
 * (`sim/ring.ts`, `sim/sharding.ts`, `sim/keys.ts`) and shared by the sharding
 * rules: the declared consistent-hash ring and its arc imbalance, the sharder
 * of each strategy, and each shard's share of requests under the workload's
 * key popularity.
 *
 * Work is bounded and memoized, because a check runs over files with
 * thousands of sharded stores on every keystroke:
 * - rings hold at most RING_POINT_CAP points; a larger declared ring is
 *   measured on a sample (fewer shards, or fewer vnodes) and says so;
 * - every ring of one vnode count is cut out of a "master" ring of that
 *   vnode count (the ring of shards 0..n-1 is exactly the master's points
 *   owned by shards below n), so a file with stores of 4, 8 and 64 shards
 *   hashes and sorts ring points about once; masters live in a small LRU map,
 *   and each ring's arc imbalance (a number) in a larger one;
 * - the work a check may spend is bounded by WORK_BUDGET, charged as
 *   estimated for a cold run so answers never depend on what is cached;
 * - key placement visits at most a fixed number of keys (HEAD_KEYS or
 *   EXACT_KEY_LIMIT) and draws no random numbers: results are exact for the
 *   keys visited, deterministic, and identical in the CLI, server and
 *   webview; the shard of each key under a placement is kept between checks
 *   in an LRU map bounded by the number of key ids it holds;
 * - each placement's shard loads under each key popularity are kept between
 *   checks in an LRU map: a store whose sharding did not change is not
 *   measured again on the next keystroke;
 * - everything else is memoized per topology (one check), kept on the topology
 *   (model/keptWith.ts).
 */
import type { JsonPath } from '../findings';
import { type ComponentNode, type Topology, under } from '../model/topology';
import { KeptWith } from '../model/keptWith';
import type { ShardingData } from '../model/schema';
import { zipfTopShare } from '../sim/keys';
import { murmur3KeyId } from '../sim/murmur3';
import { buildRing, HashRing } from '../sim/ring';
import {
  DirectorySharder,
  evenRangeBoundaries,
  GeographicSharder,
  loadStats,
  ModuloSharder,
  RangeSharder,
  ringArcStats,
  RingSharder,
  type Sharder,
} from '../sim/sharding';
import { count } from '../text/format';

/** The most points a ring built for analysis may have (the simulation allows more; a check must stay fast). */
export const RING_POINT_CAP = 65_536;

/** The ring imbalance (busiest shard's owned arc over the mean) a ring should stay within. */
export const VNODE_BOUND = 1.25;

/** Vnode counts a fix may propose, smallest first: 160 is the usual figure; larger rings need more. */
export const VNODE_CANDIDATES: readonly number[] = [160, 256, 512, 1024, 2048, 4096, 8192, 10_000];

/** Values per shard up to which a key's few values make shards uneven (low-cardinality-shard-key measures them); with more, they average out. */
export const VALUES_PER_SHARD_MEASURED = 100;

/** Most popular keys placed one by one when the key space is large; the rest are spread by each shard's share of the hash space. */
export const HEAD_KEYS = 2048;

/** Most key values placed one by one when every value counts (a low-cardinality key); beyond, a sample of the shards is measured. */
export const EXACT_KEY_LIMIT = 65_536;

/** Seed of the hash that assigns keys to regions under geographic sharding (independent of the placement hash, seed 0). */
const REGION_SEED = 0x9e0;

/** How many vnode counts keep their master rings between checks. */
const MASTER_RINGS = 12;

/** A sharded database or cache. */
export interface ShardedStore {
  node: ComponentNode;
  sharding: ShardingData;
  /** Path of the `sharding` object. */
  path: JsonPath;
}

/** The sharded stores of a topology, in declaration order. */
export function shardedStores(topology: Topology): ShardedStore[] {
  return memo(topology, 'stores', () => {
    const out: ShardedStore[] = [];
    for (const node of topology.components.values()) {
      const d = node.data;
      if ((d.kind === 'database' || d.kind === 'cache') && d.sharding) out.push({ node, sharding: d.sharding, path: under(node.path, 'sharding') });
    }
    return out;
  });
}

/** Distinct values of a store's shard key: the key's own cardinality, else the workload's; undefined when neither is declared. */
export function keyCardinality(topology: Topology, sharding: ShardingData): number | undefined {
  return sharding.key?.cardinality ?? topology.file.workload.keys?.cardinality;
}

/** The popularity of keys, as the placement functions take it. */
export interface Popularity {
  distribution: 'uniform' | 'zipf';
  cardinality: number;
  /** The zipf exponent (1 when the file omits it, as the simulation's key generator assumes). */
  exponent: number;
}

/**
 * The popularity of a store's keys over `cardinality` values: the shard key's own distribution when it
 * declares one, else the workload's (sequential keys are equally popular: their order matters, not their weight).
 */
export function workloadPopularity(topology: Topology, cardinality: number, sharding?: ShardingData): Popularity {
  const own = sharding?.key?.distribution;
  const keys = own !== undefined ? { distribution: own, exponent: sharding!.key!.exponent } : topology.file.workload.keys;
  return keys?.distribution === 'zipf'
    ? { distribution: 'zipf', cardinality, exponent: keys.exponent ?? 1 }
    : { distribution: 'uniform', cardinality, exponent: 0 };
}

/** "zipf(1.1)", "uniform": how messages name a popularity. */
export function popularityName(p: Popularity): string {
  return p.distribution === 'zipf' ? `zipf(${p.exponent})` : 'uniform';
}

// ---------------------------------------------------------------------------
// Work budget

/**
 * Work one check may spend on the figures of this module, in nanoseconds as
 * estimated for a cold run (nothing cached). Charging the estimate rather
 * than the time taken keeps answers deterministic: the same file is
 * measured the same way whatever earlier checks left in the caches.
 */
export const WORK_BUDGET = 50_000_000;

/**
 * Estimated nanoseconds per unit of work on a cold run, measured (CPU time)
 * on the 2-core reference machine: a ring point built (label, hash, sort), a
 * ring point cut or scanned, a key placed on a ring or by another sharder, a
 * value sorted, a shard's part of one figure (arrays allocated, filled and
 * summarized), a shard indexed by the directory and geographic sharders (a
 * Set and a sort).
 */
const COST = { ringPoint: 150, ringScan: 5, ringKey: 60, key: 30, sortKey: 150, shard: 100, shardSet: 300 } as const;

/** What one check has spent, and the cold-run state the estimates follow. */
interface Work {
  spent: number;
  /** Shards of the master ring of each vnode count, as a cold run would have built it. */
  masterShards: Map<number, number>;
  /** Keys placed per placement, as a cold run would have placed them. */
  placed: Map<string, number>;
}

function workOf(topology: Topology): Work {
  return memo(topology, 'work', (): Work => ({ spent: 0, masterShards: new Map(), placed: new Map() }));
}

/**
 * Charges `ns` to the check's budget; false (and the budget spent for good,
 * so later requests fail too) when it does not fit.
 */
export function afford(topology: Topology, ns: number): boolean {
  const w = workOf(topology);
  if (w.spent + ns > WORK_BUDGET) {
    w.spent = Infinity;
    return false;
  }
  w.spent += ns;
  return true;
}

/** The estimated work this check has spent. */
export function workSpent(topology: Topology): number {
  return workOf(topology).spent;
}

/** Charges a ring of `shards` × `vnodes` (its master's growth, the cut, the arcs); false when over budget. */
function chargeRing(topology: Topology, shards: number, vnodes: number): boolean {
  const w = workOf(topology);
  const known = w.masterShards.get(vnodes) ?? 0;
  let ns = shards * vnodes * COST.ringScan;
  let size = known;
  if (shards > known) {
    size = Math.min(Math.floor(RING_POINT_CAP / vnodes), Math.max(shards, 2 * known));
    ns += size * vnodes * COST.ringPoint;
  }
  if (!afford(topology, ns)) return false;
  w.masterShards.set(vnodes, size);
  return true;
}

// ---------------------------------------------------------------------------
// Rings

/** Master rings by vnode count: levels of at least doubling shard counts (at most twice the largest in all); a ring is cut from the smallest level that holds it. */
const masters = new Map<number, HashRing[]>();

/**
 * The ring of shards 0..shards-1 with `vnodes` points each, exactly as
 * `buildRing(shards, vnodes)` builds it (seed 0, default labels), cut out of
 * the cached master ring of that vnode count. shards × vnodes must be at most
 * RING_POINT_CAP.
 */
export function ringOf(shards: number, vnodes: number): HashRing {
  if (shards * vnodes > RING_POINT_CAP) throw new RangeError(`ringOf: ${shards} x ${vnodes} exceeds ${RING_POINT_CAP} points`);
  let levels = masters.get(vnodes);
  if (levels) masters.delete(vnodes); // re-inserted below: least recently used first out
  else levels = [];
  masters.set(vnodes, levels);
  while (masters.size > MASTER_RINGS) masters.delete(masters.keys().next().value!);
  let master = levels.find((r) => r.shardIds.length >= shards);
  if (!master) {
    // Grow by doubling, so stores of 4, 8, 16 ... shards build at most twice the points needed.
    const largest = levels.length > 0 ? levels[levels.length - 1]!.shardIds.length : 0;
    const size = Math.min(Math.floor(RING_POINT_CAP / vnodes), Math.max(shards, 2 * largest));
    master = buildRing(size, vnodes);
    levels.push(master);
  }
  if (master.shardIds.length === shards) return master;
  const n = shards * vnodes;
  const positions = new Uint32Array(n);
  const owners = new Uint16Array(n);
  const mp = master.positions;
  const mo = master.owners;
  let k = 0;
  for (let i = 0; i < mp.length && k < n; i++) {
    const o = mo[i]!;
    if (o < shards) {
      positions[k] = mp[i]!;
      owners[k++] = o;
    }
  }
  const ids = new Array<number>(shards);
  for (let i = 0; i < shards; i++) ids[i] = i;
  return new HashRing(positions, owners, ids);
}

/** A ring's imbalance as declared, or on the sample of shards that fits RING_POINT_CAP. */
export interface RingBalance {
  /** Busiest shard's owned share of the circle over the mean share. */
  maxOverMean: number;
  /** Shards on the measured ring (fewer than declared when sampled). */
  ringShards: number;
  sampled: boolean;
}

/**
 * The arc imbalance of the ring of `shards` × `vnodes`, measured on the ring
 * (the first shards when it exceeds RING_POINT_CAP); undefined when the
 * check's work budget is spent.
 */
export function ringBalance(topology: Topology, shards: number, vnodes: number): RingBalance | undefined {
  return memo(topology, `balance|${shards}|${vnodes}`, () => {
    const ringShards = Math.min(shards, Math.max(1, Math.floor(RING_POINT_CAP / vnodes)));
    if (!chargeRing(topology, ringShards, vnodes)) return undefined;
    return { maxOverMean: ringImbalance(ringShards, vnodes), ringShards, sampled: ringShards < shards };
  });
}

/** Arc imbalance of rings by `shards|vnodes`, kept between checks (a pure function of the two; least recently used first out). */
const imbalances = new Map<string, number>();
const IMBALANCES = 4096;

/** The busiest shard's owned arc over the mean on the ring of `shards` × `vnodes` (at most RING_POINT_CAP points). */
function ringImbalance(shards: number, vnodes: number): number {
  const key = `${shards}|${vnodes}`;
  let v = imbalances.get(key);
  if (v !== undefined) {
    imbalances.delete(key);
  } else {
    v = ringArcStats(ringOf(shards, vnodes)).maxOverMean;
    if (imbalances.size >= IMBALANCES) imbalances.delete(imbalances.keys().next().value!);
  }
  imbalances.set(key, v);
  return v;
}

/** True when a measured imbalance, as messages print it (two decimals), is above VNODE_BOUND. */
export function aboveVnodeBound(maxOverMean: number): boolean {
  return Math.round(maxOverMean * 100) / 100 > VNODE_BOUND;
}

/**
 * The smallest candidate vnode count above `current` whose ring stays within
 * VNODE_BOUND, with its measured imbalance; undefined when none does or the
 * work budget is spent.
 */
export function recommendedVnodes(topology: Topology, shards: number, current = 0): { vnodes: number; balance: RingBalance } | undefined {
  for (const vnodes of VNODE_CANDIDATES) {
    if (vnodes <= current) continue;
    const balance = ringBalance(topology, shards, vnodes);
    if (!balance) return undefined;
    if (!aboveVnodeBound(balance.maxOverMean)) return { vnodes, balance };
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Placement of keys

/** The placement a store declares, as the sharders need it. */
export interface Placement {
  strategy: ShardingData['strategy'];
  shards: number;
  /** Vnodes per shard (consistentHash; 1 when not declared). */
  vnodes: number;
  /** Regions (geographic). */
  regions: number;
}

/** The placement of a store's sharding block. */
export function placementOf(sharding: ShardingData): Placement {
  return { strategy: sharding.strategy, shards: sharding.shards, vnodes: sharding.vnodes ?? 1, regions: sharding.regions?.length ?? 1 };
}

/** Per-shard load of a key population under one placement. */
export interface ShardLoad {
  /** Shards counted (fewer than declared when measured on a sample of shards). */
  shards: number;
  /** Busiest shard's load over the mean. */
  maxOverMean: number;
  /** Busiest shard's share of all requests (of the shards counted). */
  busiestShare: number;
  /** The busiest shard's number (of the shards counted; the lowest of a tie). */
  busiest: number;
  /** Shards that receive no key at all. */
  empty: number;
  /** How the figure was bounded, for the message ("on a ring of 64 vnodes per shard"), when it was. */
  sampleNote: string | undefined;
}

/** The zipf top key's share 1 / H(n, s), once per check (the harmonic number costs up to a thousand powers). */
export function topShare(topology: Topology, cardinality: number, exponent: number): number {
  return memo(topology, `top|${cardinality}|${exponent}`, () => zipfTopShare(cardinality, exponent));
}

/** Murmur3 hashes of key ids 0..n-1 (seed 0), shared by every placement: a pure table, grown on demand up to EXACT_KEY_LIMIT. */
let keyHashes = new Uint32Array(0);
function hashesUpTo(n: number): Uint32Array {
  if (keyHashes.length < n) {
    const next = new Uint32Array(Math.max(n, Math.min(EXACT_KEY_LIMIT, keyHashes.length * 2)));
    next.set(keyHashes);
    for (let k = keyHashes.length; k < next.length; k++) next[k] = murmur3KeyId(k, 0);
    keyHashes = next;
  }
  return keyHashes;
}

/** A placement's sharder, each shard's share of the hash space, and how it was bounded. */
interface BuiltSharder {
  sharder: Sharder;
  fractions: () => ArrayLike<number>;
  note: string | undefined;
}

function placementKey(p: Placement): string {
  return `${p.strategy}|${p.shards}|${p.vnodes}|${p.regions}`;
}

/** The ring a consistent-hash placement is measured on: every shard (up to the cap), vnodes reduced to fit RING_POINT_CAP. */
function placementRing(p: Placement): { shards: number; vnodes: number } {
  const shards = Math.min(p.shards, RING_POINT_CAP);
  return { shards, vnodes: Math.max(1, Math.min(p.vnodes, Math.floor(RING_POINT_CAP / shards))) };
}

/**
 * Charges placing keys 0..count-1 (and, once per check, building the
 * placement's sharder) plus one pass over the shards; false when over budget.
 */
function chargePlacement(topology: Topology, p: Placement, count: number): boolean {
  const pk = placementKey(p);
  const built = memo(topology, `charged|${pk}`, () => {
    if (p.strategy === 'consistentHash') {
      const r = placementRing(p);
      return chargeRing(topology, r.shards, r.vnodes);
    }
    // The directory and geographic sharders index their shard ids with a Set and a sort.
    return afford(topology, p.shards * (p.strategy === 'directory' || p.strategy === 'geographic' ? COST.shardSet : COST.shard));
  });
  if (!built) return false;
  const w = workOf(topology);
  const known = w.placed.get(pk) ?? 0;
  const more = count > known ? Math.max(count, HEAD_KEYS) - known : 0;
  const perKey = p.strategy === 'consistentHash' ? COST.ringKey : COST.key;
  if (!afford(topology, more * perKey + p.shards * COST.shard)) return false;
  if (more > 0) w.placed.set(pk, known + more);
  return true;
}

/**
 * The sharder of a placement. Range sharding keeps keys in key order, which
 * says nothing about popularity, so keys are ordered by their hash: this
 * sharder splits the hash space into equal slices (`exactRangeShards` splits
 * a small key space into equal runs of values instead).
 */
function sharderFor(topology: Topology, p: Placement): BuiltSharder {
  return memo(topology, `sharder|${placementKey(p)}`, (): BuiltSharder => {
    const even = () => new Float64Array(p.shards).fill(1 / p.shards);
    switch (p.strategy) {
      case 'modulo':
        return { sharder: new ModuloSharder(p.shards), fractions: even, note: undefined };
      case 'directory': {
        // The directory's table is not declared: model it as hash buckets dealt to the shards in turn.
        const table = new Uint32Array(p.shards);
        for (let i = 0; i < p.shards; i++) table[i] = i;
        return { sharder: new DirectorySharder(table), fractions: even, note: undefined };
      }
      case 'range':
        return { sharder: new RangeSharder(evenRangeBoundaries(4294967296, p.shards)), fractions: even, note: undefined };
      case 'consistentHash': {
        // Keep every shard and reduce vnodes to fit the cap (the arcs then vary more than declared).
        const { shards, vnodes } = placementRing(p);
        const ring = memo(topology, `ring|${shards}|${vnodes}`, () => ringOf(shards, vnodes));
        const note = shards < p.shards
          ? `on a ring of the first ${count(shards)} shards`
          : vnodes < p.vnodes ? `on a ring of ${vnodes} vnodes per shard` : undefined;
        return { sharder: new RingSharder(ring), fractions: () => ring.ownedFractions(), note };
      }
      case 'geographic': {
        // Each key has a home region (its own hash, independent of placement); shards are dealt to regions in turn.
        const regions = Math.max(1, Math.min(p.regions, p.shards));
        const groups: number[][] = Array.from({ length: regions }, () => []);
        for (let i = 0; i < p.shards; i++) groups[i % regions]!.push(i);
        const sharder = new GeographicSharder(groups, (key) => murmur3KeyId(key, REGION_SEED) % regions);
        const fractions = () => {
          const f = new Float64Array(p.shards);
          for (const g of groups) for (const id of g) f[id] = 1 / regions / g.length;
          return f;
        };
        return { sharder, fractions, note: undefined };
      }
    }
  });
}

/**
 * Shard of each key id under a placement, kept between checks (a pure
 * function of the placement): least recently used first out, at most
 * PLACEMENT_CACHE_KEYS key ids in all.
 */
const placements = new Map<string, Uint32Array>();
let placementKeys = 0;
const PLACEMENT_CACHE_KEYS = 1 << 21;

function cachedPlacement(key: string): Uint32Array | undefined {
  const v = placements.get(key);
  if (v) {
    placements.delete(key);
    placements.set(key, v);
  }
  return v;
}

function cachePlacement(key: string, value: Uint32Array): Uint32Array {
  const old = placements.get(key);
  if (old) {
    placementKeys -= old.length;
    placements.delete(key);
  }
  placements.set(key, value);
  placementKeys += value.length;
  while (placementKeys > PLACEMENT_CACHE_KEYS && placements.size > 1) {
    const [oldest, arr] = placements.entries().next().value!;
    placements.delete(oldest);
    placementKeys -= arr.length;
  }
  return value;
}

/** The shard of each key id 0..count-1 through the placement's sharder (a prefix property: extended on demand). */
function keyShards(topology: Topology, p: Placement, count: number): Uint32Array {
  const key = `keys|${placementKey(p)}`;
  const known = cachedPlacement(key) ?? new Uint32Array(0);
  if (known.length >= count) return known;
  const { sharder } = sharderFor(topology, p);
  const out = new Uint32Array(Math.max(count, HEAD_KEYS));
  const hashes = hashesUpTo(out.length);
  out.set(known);
  const byHash = p.strategy === 'range';
  for (let k = known.length; k < out.length; k++) {
    const h = hashes[k]!;
    out[k] = sharder.shardOf(byHash ? h : k, h);
  }
  return cachePlacement(key, out);
}

/** Range sharding of `count` values: ordered by hash, shard i holds the i-th of `shards` equal runs of them. */
function exactRangeShards(shards: number, count: number): Uint32Array {
  const key = `rangeKeys|${shards}|${count}`;
  const known = cachedPlacement(key);
  if (known) return known;
  const hashes = hashesUpTo(count);
  const sharder = new RangeSharder(evenRangeBoundaries(count, shards));
  // 2^17 > EXACT_KEY_LIMIT: the id rides below the hash, breaking ties.
  const packed = new Float64Array(count);
  for (let k = 0; k < count; k++) packed[k] = hashes[k]! * 131072 + k;
  packed.sort();
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[packed[i]! % 131072] = sharder.shardOf(i, 0);
  return cachePlacement(key, out);
}

/** Unnormalized popularity of keys 0..count-1: 1 each (uniform), (k+1)^-s (zipf); a prefix table extended on demand. */
function rawWeights(topology: Topology, pop: Popularity, count: number): Float64Array {
  const key = `weights|${pop.distribution}|${pop.exponent}`;
  const known = memo(topology, key, () => new Float64Array(0));
  if (known.length >= count) return known;
  const w = new Float64Array(Math.max(count, HEAD_KEYS));
  for (let k = 0; k < w.length; k++) w[k] = pop.distribution === 'zipf' ? Math.pow(k + 1, -pop.exponent) : 1;
  return memoSet(topology, key, w);
}

/** The share of all requests one unit of raw weight stands for: 1/n (uniform) or 1/H(n, s) (zipf). */
function weightScale(topology: Topology, pop: Popularity): number {
  return pop.distribution === 'zipf' ? topShare(topology, pop.cardinality, pop.exponent) : 1 / pop.cardinality;
}

/**
 * Each shard's load under a large key population: the HEAD_KEYS most popular
 * keys are placed one by one through the store's sharder, and the remaining
 * keys (each a sliver of the load) are spread by each shard's share of the
 * hash space, their expected placement. Under zipf the head decides the
 * busiest shard. Under uniform popularity no key stands out: every key is
 * spread by the shares, each shard's expected load, which placing a sample
 * of them would only blur (and a consistent-hash store's busiest shard is
 * then its busiest arc, as too-few-vnodes measures it). Undefined when the
 * check's work budget is spent.
 */
export function headLoad(topology: Topology, p: Placement, pop: Popularity): ShardLoad | undefined {
  const key = `head|${placementKey(p)}|${pop.distribution}|${pop.cardinality}|${pop.exponent}`;
  return memo(topology, key, () => {
    const count = pop.distribution === 'uniform' ? 0 : Math.min(pop.cardinality, HEAD_KEYS);
    if (!chargePlacement(topology, p, count)) return undefined;
    return keptLoad(key, () => {
      const built = sharderFor(topology, p);
      // Raw head loads depend on the placement, the exponent and the head size, not on the cardinality.
      const raw = count === 0 ? { loads: new Float64Array(built.sharder.idSpace), sum: 0 } : memo(topology, `raw|${placementKey(p)}|${pop.distribution}|${pop.exponent}|${count}`, () => {
        const shardOfKey = keyShards(topology, p, count);
        const w = rawWeights(topology, pop, count);
        const loads = new Float64Array(built.sharder.idSpace);
        let sum = 0;
        for (let k = 0; k < count; k++) {
          loads[shardOfKey[k]!]! += w[k]!;
          sum += w[k]!;
        }
        return { loads, sum };
      });
      const scale = weightScale(topology, pop);
      const loads = new Float64Array(raw.loads.length);
      for (let i = 0; i < loads.length; i++) loads[i] = raw.loads[i]! * scale;
      const rest = 1 - raw.sum * scale;
      if (rest > 0 && count < pop.cardinality) {
        const f = memo(topology, `fractions|${placementKey(p)}`, built.fractions);
        for (const id of built.sharder.shardIds) loads[id]! += rest * f[id]!;
      }
      return summarize(loads, built.sharder.shardIds, built.note);
    });
  });
}

/**
 * Each shard's load when every one of the key's values is placed through the
 * store's sharder, weighted by its popularity: what a low-cardinality key
 * does. Up to EXACT_KEY_LIMIT values; beyond, a sample of the shards with
 * the same number of values per shard is measured (and said so). Undefined
 * when the check's work budget is spent.
 */
export function exactLoad(topology: Topology, p: Placement, pop: Popularity): ShardLoad | undefined {
  const key = `exact|${placementKey(p)}|${pop.distribution}|${pop.cardinality}|${pop.exponent}`;
  return memo(topology, key, () => {
    let placement = p;
    let popularity = pop;
    let sampleNote: string | undefined;
    if (pop.cardinality > EXACT_KEY_LIMIT) {
      const shards = Math.max(1, Math.floor((p.shards * EXACT_KEY_LIMIT) / pop.cardinality));
      placement = { ...p, shards, regions: Math.min(p.regions, shards) };
      popularity = { ...pop, cardinality: Math.max(1, Math.min(EXACT_KEY_LIMIT, Math.round((pop.cardinality * shards) / p.shards))) };
      sampleNote = `on a sample of ${count(shards)} of the ${count(p.shards)} shards`;
    }
    const n = popularity.cardinality;
    if (!chargePlacement(topology, placement, n)) return undefined;
    if (placement.strategy === 'range' && !memo(topology, `charged|rangeKeys|${placement.shards}|${n}`, () => afford(topology, n * COST.sortKey))) return undefined;
    return keptLoad(key, () => {
      const built = sharderFor(topology, placement);
      const shardOfKey = placement.strategy === 'range' ? exactRangeShards(placement.shards, n) : keyShards(topology, placement, n);
      const w = rawWeights(topology, popularity, n);
      const scale = weightScale(topology, popularity);
      const loads = new Float64Array(built.sharder.idSpace);
      for (let k = 0; k < n; k++) loads[shardOfKey[k]!]! += w[k]! * scale;
      return summarize(loads, built.sharder.shardIds, sampleNote ?? built.note);
    });
  });
}

/** The busiest shard of a store, as the load model spreads its requests. */
export interface BusiestShard {
  /** Its number. */
  shard: number;
  /** Its share of the store's requests. */
  share: number;
  /** How keys are popular: "zipf(1.1)", "uniform". */
  popularity: string;
  /** How the figure was bounded, when it was ("on a sample of 64 of the 4,096 shards"). */
  sampleNote: string | undefined;
}

/**
 * The busiest shard of a sharded store under the workload's key popularity
 * and the store's sharding strategy: every key placed (low cardinality) or
 * the most popular keys placed and the rest spread by hash space (large
 * cardinality). Undefined for a store that is not sharded, whose shard key
 * has no declared cardinality (nothing says how keys spread), or when the
 * check's work budget is spent.
 */
export function busiestShard(topology: Topology, node: ComponentNode): BusiestShard | undefined {
  const d = node.data;
  if ((d.kind !== 'database' && d.kind !== 'cache') || !d.sharding || d.sharding.shards < 2) return undefined;
  const sharding = d.sharding;
  const cardinality = keyCardinality(topology, sharding);
  if (cardinality === undefined) return undefined;
  const popularity = workloadPopularity(topology, cardinality, sharding);
  const placement = placementOf(sharding);
  const load = cardinality <= EXACT_KEY_LIMIT ? exactLoad(topology, placement, popularity) : headLoad(topology, placement, popularity);
  if (!load || load.busiest < 0) return undefined;
  // Measured on a sample of the shards: the busiest one's share of the whole store is its share of the sample's.
  return { shard: load.busiest, share: (load.busiestShare * load.shards) / sharding.shards, popularity: popularityName(popularity), sampleNote: load.sampleNote };
}

function summarize(loads: Float64Array, shardIds: readonly number[], sampleNote: string | undefined): ShardLoad {
  const stats = loadStats(loads, shardIds);
  let empty = 0;
  for (const id of shardIds) if (loads[id] === 0) empty++;
  return { shards: stats.shards, maxOverMean: stats.maxOverMean, busiestShare: stats.total > 0 ? stats.max / stats.total : 0, busiest: stats.hottest, empty, sampleNote };
}

/**
 * Shard loads by placement and key popularity (headLoad's and exactLoad's),
 * kept between checks: a pure function of the two, so a store whose sharding
 * did not change is not measured again on every keystroke (the sharder, ring
 * cut, key weights and hash-space shares behind each). Least recently used
 * first out. The work budget is charged before it is looked at, as for a
 * cold run.
 */
const shardLoads = new Map<string, ShardLoad>();
const SHARD_LOADS = 4096;
let shardLoadsMeasured = 0;

/** The shard load kept under `key`, or computed and kept. */
function keptLoad(key: string, compute: () => ShardLoad): ShardLoad {
  let v = shardLoads.get(key);
  if (v) {
    shardLoads.delete(key);
  } else {
    shardLoadsMeasured++;
    v = Object.freeze(compute());
    if (shardLoads.size >= SHARD_LOADS) shardLoads.delete(shardLoads.keys().next().value!);
  }
  shardLoads.set(key, v);
  return v;
}

/** How many shard loads were measured rather than found kept since the caches were last emptied (tests see the work a check redoes). */
export function measuredShardLoads(): number {
  return shardLoadsMeasured;
}

/** Empties the caches kept between checks (master rings, shard loads, key placements, key hashes), so benchmarks can time a cold start. */
export function clearShardLoadCaches(): void {
  masters.clear();
  imbalances.clear();
  shardLoads.clear();
  shardLoadsMeasured = 0;
  placements.clear();
  placementKeys = 0;
  keyHashes = new Uint32Array(0);
}

// ---------------------------------------------------------------------------
// Per-check memo

const memos = new KeptWith<Topology, Map<string, unknown>>();

/** The value of `compute` for `key`, computed once per topology. */
function memo<T>(topology: Topology, key: string, compute: () => T): T {
  let m = memos.get(topology);
  if (!m) {
    m = new Map();
    memos.set(topology, m);
  }
  if (m.has(key)) return m.get(key) as T;
  const v = compute();
  m.set(key, v);
  return v;
}

/** Replaces a memoized value (a table extended on demand); returns it. */
function memoSet<T>(topology: Topology, key: string, value: T): T {
  memos.get(topology)!.set(key, value);
  return value;
}
