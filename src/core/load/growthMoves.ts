/**
 * The move that lets a component carry a growth target, in the scaling
 * literature's order and following the design's own state:
 *
 * - a stateless pool (service, balancer, CDN) scales out: how many instances;
 * - a pool that keeps sessions in server memory moves them to a shared store
 *   first (every instance must be able to serve every user), then scales out;
 * - a store whose writes alone fit at the target is read-bound: read replicas
 *   (how many), or a cache in front (what share of its reads it must answer)
 *   where reading from replicas would break the consistency it declares;
 * - a store whose writes alone do not fit is write-bound: more shards (its
 *   hottest shard measured at each candidate count, as the load model
 *   measures it), more instances for a store already split over them, or a
 *   sharding to introduce, with what its key must be;
 * - what no count can fix (a hottest key that alone fills a node, counts past
 *   the format's bounds) needs a bigger box: how many times the binding
 *   resource of one node.
 *
 * Sizes are the smallest counts at which the busiest node at the target stays
 * below the capacity rule's warning threshold, judged by the load model's own
 * arithmetic (`topUtilization`, `shardSkew`) on the changed declaration, so
 * that applying the count and growing to the target leaves the capacity rule
 * quiet. A count changes a component's own load only when a balancer splits
 * its requests over pools by their instances: then the whole model is
 * recomputed with the change. Both that and the shard measurements have a
 * bounded amount of work; a size that could not be judged within it is given
 * as an estimate, with no Quick Fix.
 */
import type { JsonPath } from '../findings';
import { CAPACITY_ERROR, CAPACITY_WARNING, reaches } from '../model/loadThresholds';
import { nodeCountsOf } from '../model/nodeCounts';
import { type ComponentData, MAX_COUNT, MAX_REPLICAS, type ReplicationData, type ShardingData } from '../model/schema';
import type { ComponentNode, Topology } from '../model/topology';
import { num, pct, plural } from '../text/format';
import { quoted } from '../text/invisible';
import type { Saturation } from './headroom';
import { keyCardinality, topShare, VALUES_PER_SHARD_MEASURED, workloadPopularity, workSpent } from './shardLoad';
import { computeTraffic, topUtilization, RESOURCE_NAMES, RESOURCE_PROPERTY, type ShardSkew, shardSkew, type TrafficModel, weighingBalancer } from './traffic';

/** How a component stands at a growth target: saturated by it, past the capacity warning threshold, or under it. */
export type Verdict = 'short' | 'tight' | 'carries';

/** The verdict of a utilization today at a growth target: the capacity rule's thresholds, applied at the target. */
export function verdictAt(utilization: number, target: number): Verdict {
  const at = target * utilization;
  return reaches(at, CAPACITY_ERROR) ? 'short' : reaches(at, CAPACITY_WARNING) ? 'tight' : 'carries';
}

/** The kinds of move, in the literature's words. */
export type MoveKind = 'scaleOut' | 'externalizeSessions' | 'addReplicas' | 'cache' | 'shard' | 'vertical';

/** What to change so that a component carries the target. */
export interface GrowthMove {
  kind: MoveKind;
  /** The growth it is sized for. */
  target: number;
  /** What to do, with its figures: one clause, no final period. */
  text: string;
  /** The count it sets, and the declared one. */
  count?: { property: 'instances' | 'replicas' | 'shards'; from: number; to: number };
  /** The share of the reads reaching the component today that a cache in front must answer. */
  hitRatio?: number;
  /** How many times one node's binding resource a bigger box needs. */
  factor?: number;
  /** The busiest node's utilization of the binding resource at the target once moved. */
  utilizationAtTarget?: number;
  /** The change is mechanical: set `key` of the object at `objectPath` to `value` (a Quick Fix). */
  set?: { objectPath: JsonPath; key: string; value: number };
  /** Another move that fits, in words. */
  alternative?: string;
  /** The import's `from` when the component is declared in an imported file: the move is that file's, and nothing here sets it. */
  declaredIn?: string;
}

/** Node visits the recomputed models of one planner may spend (one visit: one component of one model). */
const MOVE_WORK = 2_000_000;

/** The highest share of its reads a cache can be expected to answer; a move needing more is not offered. */
const MAX_HIT_RATIO = 0.99;

/** Sizes moves for one topology and target; the work it spends is shared by every move it sizes. */
export class MovePlanner {
  /** A view of the topology whose shard measurements have their own work budget (the check's is left alone). */
  private readonly work: Topology;
  private visits = 0;
  private readonly split = new Map<string, boolean>();

  constructor(private readonly topology: Topology, private readonly load: TrafficModel, readonly target: number) {
    this.work = { ...topology };
  }

  /** Whether a utilization today stays below the warning threshold at the target. */
  fits(utilization: number): boolean {
    return verdictAt(utilization, this.target) === 'carries';
  }

  /** The move for a component that does not fit at the target. */
  moveFor(s: Saturation): GrowthMove {
    const node = this.topology.components.get(s.id)!;
    const kind = node.data.kind;
    const move = kind === 'service' || kind === 'loadBalancer' || kind === 'cdn' ? this.poolMove(node, s) : this.storeMove(node, s);
    return node.origin ? elsewhere(node.id, node.origin.from, move) : move;
  }

  // -------------------------------------------------------------------------
  // Pools

  private poolMove(node: ComponentNode, s: Saturation): GrowthMove {
    const d = node.data;
    const from = node.instances;
    const sized = this.moreInstances(node, s, from);
    if (!sized) return this.vertical(node, s, `no instance count up to ${num(MAX_COUNT)} is enough`);
    const { to, at } = sized;
    const count = { property: 'instances' as const, from, to };
    const figures = `${pct(this.target * at)} of its ${RESOURCE_NAMES[s.resource]} at ${num(this.target)}×`;
    if (d.kind === 'service' && d.state === 'local') {
      const perRequest = this.load.loads.get(node.id)!;
      return {
        kind: 'externalizeSessions',
        target: this.target,
        count,
        utilizationAtTarget: at,
        text: `move its sessions out of server memory first (state "external" with a sessionStore: any instance can then serve any user), then scale out to ${num(to)} instances (from ${num(from)}; ${figures}); the session store takes one read per request, ${num((perRequest.reads + perRequest.writes) * this.target)} reads/s at ${num(this.target)}×`,
      };
    }
    const weighted = weighingBalancer(this.topology, node);
    return {
      kind: 'scaleOut',
      target: this.target,
      count,
      utilizationAtTarget: at,
      text: `scale out to ${num(to)} instances (from ${num(from)}; ${figures})${weighted ? `, with one weight per instance in ${weighted}'s weights (sized for equal weights)` : ''}`,
      // Weights are one per instance: a count changed alone would leave the balancer's list the wrong length.
      ...(weighted ? {} : { set: { objectPath: node.path, key: 'instances', value: to } }),
    };
  }

  // -------------------------------------------------------------------------
  // Stores

  private storeMove(node: ComponentNode, s: Saturation): GrowthMove {
    const l = this.load.loads.get(node.id)!;
    const writesAlone = topUtilization(node.data, 0, l.writes, l.busiestShard);
    const writeBound = !this.fits(writesAlone);
    const readMove = writeBound || !(l.reads > 0) ? undefined : this.readMove(node, s);
    return readMove ?? this.writeMove(node, s);
  }

  /** Replicas or a cache, for a store whose writes alone fit; undefined when neither can. */
  private readMove(node: ComponentNode, s: Saturation): GrowthMove | undefined {
    const d = node.data;
    if (d.kind !== 'database' && d.kind !== 'cache' && d.kind !== 'directory') return undefined;
    const rep = d.replication;
    // A cache in front of a cache is not a move: it scales by its own replicas and shards.
    const cache = d.kind === 'cache' ? undefined : this.cacheMove(node, s);
    if (rep?.topology === 'leaderless') return cache;
    const readsFrom = rep?.readsFrom === 'any' ? 'any' : 'replicas';
    const from = rep?.replicas ?? 0;
    const withReplicas = withReplicaCount(d, rep ?? {}, readsFrom);
    const sized = this.smallestCount(from, MAX_REPLICAS, (r) => this.utilization(node, withReplicas(r)));
    const consistency = d.kind === 'database' ? d.consistency : 'eventual';
    // Replicas fed asynchronously (or semi-synchronously) lag: a store promising more than eventual reads cannot read there.
    const stale = (consistency === 'strong' || consistency === 'readYourWrites') && rep?.mode !== 'sync';
    if (sized) {
      const { to, at } = sized;
      const reading = rep?.readsFrom === 'replicas' || rep?.readsFrom === 'any' ? '' : ` and serve reads from them (readsFrom "${readsFrom}")`;
      const replicasText = `${num(to)} replicas per primary (from ${num(from)})${reading}: ${pct(this.target * at)} of its ${RESOURCE_NAMES[s.resource]} at ${num(this.target)}×`;
      if (!stale) {
        // Mechanical only when the replicas already take reads: otherwise where reads go changes too.
        const mechanical = rep !== undefined && reading === '';
        return {
          kind: 'addReplicas',
          target: this.target,
          count: { property: 'replicas', from, to },
          utilizationAtTarget: at,
          text: `add read replicas: ${replicasText}`,
          ...(mechanical ? { set: { objectPath: [...node.path, 'replication'], key: 'replicas', value: to } } : {}),
          ...(cache ? { alternative: cache.text } : {}),
        };
      }
      if (cache) return { ...cache, alternative: `${replicasText}, with synchronous replication (its ${consistency} consistency cannot read from lagging replicas)` };
    }
    return cache;
  }

  /** A cache in front answering a share of the reads that reach the store today; undefined when no plausible share is enough. */
  private cacheMove(node: ComponentNode, s: Saturation): GrowthMove | undefined {
    const l = this.load.loads.get(node.id)!;
    // A cache in front takes the hot reads: only writes stay skewed, as the load model has it for a fronted store.
    const skew = l.busiestShard ? { ...l.busiestShard, reads: false } : undefined;
    const at = (h: number) => topUtilization(node.data, l.reads * (1 - h), l.writes, skew);
    if (!this.fits(at(MAX_HIT_RATIO))) return undefined;
    // The smallest sufficient share, searched to a thousandth and rounded up to a whole percent where that still counts.
    // Where the reads are skewed today, the cache spreads them only by holding the hot keys: it answers at least the hottest's share.
    let lo = l.busiestShard?.reads ? this.hottestKeyShare(node) : 0;
    let hi = MAX_HIT_RATIO;
    while (hi - lo > 1e-4) {
      const mid = (lo + hi) / 2;
      if (this.fits(at(mid))) hi = mid;
      else lo = mid;
    }
    const percent = Math.ceil(hi * 100 - 1e-9) / 100;
    const hit = percent <= MAX_HIT_RATIO ? percent : Math.ceil(hi * 1000 - 1e-9) / 1000;
    const u = at(hit);
    const fronting = [...this.topology.components.values()].find((c) => c.data.kind === 'cache' && c.data.fronts === node.id);
    const where = fronting && fronting.data.kind === 'cache'
      ? `${fronting.id} (or another cache in front) must answer ${pct(hit)} more of the reads that reach ${node.id} today (${num(l.reads)} reads/s): about ${pct(1 - (1 - fronting.data.hitRatio) * (1 - hit))} of what it is asked, against ${pct(fronting.data.hitRatio)} declared`
      : `a cache in front answering at least ${pct(hit)} of the reads that reach it today (${num(l.reads)} reads/s)`;
    return { kind: 'cache', target: this.target, hitRatio: hit, utilizationAtTarget: u, text: `${where}: ${pct(this.target * u)} of its ${RESOURCE_NAMES[s.resource]} at ${num(this.target)}×` };
  }

  /** More shards, more instances, a sharding to introduce, or a bigger box. */
  private writeMove(node: ComponentNode, s: Saturation): GrowthMove {
    const d = node.data;
    const counts = nodeCountsOf(d);
    if ('sharding' in d && d.sharding && counts.shards !== undefined) return this.moreShards(node, s);
    if (counts.units > 1 || d.kind === 'queue' || d.kind === 'directory') {
      // The design already splits its data (or messages) over its instances: more of them split it further.
      const from = counts.declaredInstances;
      const sized = this.moreInstances(node, s, from);
      if (!sized) return this.vertical(node, s, `no instance count up to ${num(MAX_COUNT)} is enough`);
      const { to, at } = sized;
      return {
        kind: 'scaleOut',
        target: this.target,
        count: { property: 'instances', from, to },
        utilizationAtTarget: at,
        text: `split it over ${num(to)} instances (from ${num(from)}; ${pct(this.target * at)} of its ${RESOURCE_NAMES[s.resource]} at ${num(this.target)}×)`,
        set: { objectPath: node.path, key: 'instances', value: to },
      };
    }
    // One box takes every write: shard it. Nothing says how its future key spreads, so shards are taken as even.
    const sharded = withShardCount(d, { strategy: 'consistentHash', shards: 1, vnodes: 160 });
    const l = this.load.loads.get(node.id)!;
    const to = this.smallestCount(1, MAX_COUNT, (n) => topUtilization(sharded(n), l.reads, l.writes, undefined), this.evenEstimate(1, s.utilization))?.to;
    if (to === undefined) return this.vertical(node, s, `no shard count up to ${num(MAX_COUNT)} is enough`);
    const box = this.boxFactor(s);
    return {
      kind: 'shard',
      target: this.target,
      count: { property: 'shards', from: 1, to },
      text: `shard it: ${num(to)} shards if its keys spread evenly, ${keyAdvice(this.topology, node, to)}`,
      ...(box ? { alternative: `one box with ${box.text}` } : {}),
    };
  }

  /** A sharded store: more shards, each candidate's hottest shard measured; a hot key no count spreads needs a cache or a bigger box. */
  private moreShards(node: ComponentNode, s: Saturation): GrowthMove {
    const d = node.data as Extract<ComponentData, { kind: 'database' | 'cache' }>;
    const sharding = d.sharding!;
    const from = sharding.shards;
    const l = this.load.loads.get(node.id)!;
    const withShards = withShardCount(d, sharding);
    const floor = this.hotKeyFloor(node);
    if (floor !== undefined && !this.fits(floor.utilization)) {
      const cache = l.busiestShard?.reads ? this.cacheMove(node, s) : undefined;
      const why = `its hottest key alone draws ${pct(floor.share)} of its ${l.busiestShard?.reads ? 'requests' : 'writes'}, and no shard count spreads one key`;
      if (cache) return { ...cache, text: `${cache.text} (${why})` };
      return this.vertical(node, s, why);
    }
    // An even spread is the least any count can do (the hottest shard takes at least the mean): below its count nothing
    // fits, so the measured search starts there, and measures a store's hottest shard a few times rather than a few dozen.
    const evenNow = topUtilization(node.data, l.reads, l.writes, undefined);
    const even = this.smallestCount(from, MAX_COUNT, (n) => topUtilization(withShards(n), l.reads, l.writes, undefined), this.evenEstimate(from, evenNow))?.to;
    if (even === undefined) return this.vertical(node, s, `no shard count up to ${num(MAX_COUNT)} is enough`);
    const sized = this.smallestCount(Math.max(from, even - 1), MAX_COUNT, (n) => this.utilization(node, withShards(n)));
    if (!sized) {
      return {
        kind: 'shard',
        target: this.target,
        count: { property: 'shards', from, to: even },
        text: `shard it further: at least ${num(even)} shards (from ${num(from)}; the count if keys spread evenly, its hottest shard at that count not measured within the work bound), ${keyAdvice(this.topology, node, even)}`,
      };
    }
    const { to, at } = sized;
    return {
      kind: 'shard',
      target: this.target,
      count: { property: 'shards', from, to },
      utilizationAtTarget: at,
      text: `shard it further: ${num(to)} shards (from ${num(from)}; its hottest shard at ${pct(this.target * at)} of its ${RESOURCE_NAMES[s.resource]} at ${num(this.target)}×), ${keyAdvice(this.topology, node, to)}`,
      set: { objectPath: [...node.path, 'sharding'], key: 'shards', value: to },
    };
  }

  /** The share of a sharded store's requests its most popular key draws (1 / cardinality for a uniform key); 0 when nothing says. */
  private hottestKeyShare(node: ComponentNode): number {
    const d = node.data;
    const sharding = 'sharding' in d ? d.sharding : undefined;
    const cardinality = sharding && keyCardinality(this.topology, sharding);
    if (!sharding || cardinality === undefined) return 0;
    const popularity = workloadPopularity(this.topology, cardinality, sharding);
    return popularity.distribution === 'zipf' ? topShare(this.work, cardinality, popularity.exponent) : 1 / cardinality;
  }

  /** The utilization with as many shards as the format allows, the hottest key taking its share alone; undefined without a skew. */
  private hotKeyFloor(node: ComponentNode): { share: number; utilization: number } | undefined {
    const d = node.data;
    const l = this.load.loads.get(node.id)!;
    const share = this.hottestKeyShare(node);
    if (!l.busiestShard || !('sharding' in d) || !d.sharding || share === 0) return undefined;
    const skew: ShardSkew = { ...l.busiestShard, share };
    return { share, utilization: topUtilization(withShardCount(d, d.sharding)(MAX_COUNT), l.reads, l.writes, skew) };
  }

  /** No count reaches the target: each node must grow. */
  private vertical(node: ComponentNode, s: Saturation, why: string): GrowthMove {
    const box = this.boxFactor(s);
    const size = box ? `each node needs ${box.text}` : 'each node needs more of it';
    return { kind: 'vertical', target: this.target, ...(box ? { factor: box.factor } : {}), text: `${why}: a bigger box: ${size}` };
  }

  /** How many times its binding resource one node needs at the target: "3.2× its CPU (cpuCores 8 → 26)". */
  private boxFactor(s: Saturation): { factor: number; text: string } | undefined {
    const node = this.topology.components.get(s.id)!;
    const cap = 'capacity' in node.data ? node.data.capacity : undefined;
    const property = RESOURCE_PROPERTY[s.resource];
    const declared = cap?.[property as keyof typeof cap];
    if (typeof declared !== 'number') return undefined;
    const factor = (this.target * s.utilization) / CAPACITY_WARNING;
    const raised = property === 'connectionPool' ? Math.ceil(declared * factor) : declared * factor;
    return { factor, text: `${num(factor)}× its ${RESOURCE_NAMES[s.resource]} (capacity.${property} ${num(declared)} → ${num(raised)})` };
  }

  // -------------------------------------------------------------------------
  // Judging a changed declaration

  /** The count at which a load spread evenly over `from` units at `utilization` would fit: where the searches start. */
  private evenEstimate(from: number, utilization: number): number {
    return Math.ceil((from * this.target * utilization) / CAPACITY_WARNING);
  }

  /**
   * The smallest count above `from` (up to `max`) whose utilization fits, for
   * `from` known not to, with that utilization (`at`): galloping up
   * (from + 1, + 2, + 4, …), so a count close to `from` (or to `estimate`)
   * costs a judgement or two, then halving the last step. A fitting count
   * that may not be the smallest when a judgement runs out of work.
   */
  private smallestCount(from: number, max: number, utilization: (n: number) => number | undefined, estimate?: number): { to: number; at: number } | undefined {
    // The utilization of the last count judged to fit: `hi`'s once the gallop has found one, as the halving moves `hi` only to a count that fits.
    let at = 0;
    const fits = (n: number) => {
      const u = utilization(n);
      if (u === undefined) return undefined;
      const f = this.fits(u);
      if (f) at = u;
      return f;
    };
    let lo = from;
    // An estimate from below (what an even spread would need) saves the gallop up to it, when the count just under it does not fit.
    if (estimate !== undefined && estimate - 1 > from && estimate - 1 < max) {
      const f = fits(estimate - 1);
      if (f === undefined) return undefined;
      if (!f) lo = estimate - 1;
    }
    let step = 1;
    let hi = Math.min(max, lo + step);
    while (true) {
      const f = fits(hi);
      if (f === undefined) return undefined;
      if (f) break;
      if (hi >= max) return undefined;
      lo = hi;
      step *= 2;
      hi = Math.min(max, lo + step);
    }
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      const f = fits(mid);
      if (f === undefined) break;
      if (f) hi = mid;
      else lo = mid;
    }
    return { to: hi, at };
  }

  /** The smallest instance count above `from` at which the component fits, with its utilization (see smallestCount). */
  private moreInstances(node: ComponentNode, s: Saturation, from: number): { to: number; at: number } | undefined {
    const instances = withInstances(node.data);
    return this.smallestCount(from, MAX_COUNT, (n) => this.utilization(node, instances(n)), this.evenEstimate(from, s.utilization));
  }

  /**
   * The busiest node's utilization today with a changed declaration;
   * undefined when it could not be judged within the work bound.
   */
  private utilization(node: ComponentNode, data: ComponentData): number | undefined {
    const arriving = this.arriving(node, data);
    if (!arriving) return undefined;
    const skew = this.skew(node, data);
    if (skew === null) return undefined;
    return topUtilization(data, arriving.reads, arriving.writes, skew);
  }

  /**
   * The reads and writes reaching the component with a changed declaration:
   * today's, unless a balancer splits requests over its pools by instances and
   * the change moves the count; then the model is recomputed with it.
   */
  private arriving(node: ComponentNode, data: ComponentData): { reads: number; writes: number } | undefined {
    const l = this.load.loads.get(node.id)!;
    const instances = nodeCountsOf(data).instances;
    if (instances === node.instances || !this.splitByPool(node)) return l;
    const size = this.topology.components.size;
    if (this.visits + size > MOVE_WORK) return undefined;
    this.visits += size;
    const components = new Map(this.topology.components).set(node.id, { ...node, data, instances });
    const changed = computeTraffic({ ...this.topology, components }, this.load.peakRps).loads.get(node.id)!;
    return { reads: changed.reads, writes: changed.writes };
  }

  /** Whether some balancer in front splits its requests over several pools by their instances (no shares declared); once per component. */
  private splitByPool(node: ComponentNode): boolean {
    let split = this.split.get(node.id);
    if (split === undefined) {
      split = node.callers.some((e) => {
        const b = this.topology.components.get(e.from);
        return b?.kind === 'loadBalancer' && b.calls.length > 1 && b.calls.every((c) => c.share === 1);
      });
      this.split.set(node.id, split);
    }
    return split;
  }

  /** The hottest shard of a changed declaration as the load model measures it; null when the work bound ran out. */
  private skew(node: ComponentNode, data: ComponentData): ShardSkew | undefined | null {
    const l = this.load.loads.get(node.id)!;
    const declared = 'sharding' in node.data ? node.data.sharding : undefined;
    const sharding = 'sharding' in data ? data.sharding : undefined;
    if (sharding === declared || (sharding && declared && sharding.shards === declared.shards && sharding.strategy === declared.strategy)) return l.busiestShard;
    if (!sharding) return undefined;
    const skew = shardSkew(this.work, { ...node, data, instances: nodeCountsOf(data).instances });
    // Undefined is an even spread, or the work bound reached: only the first is a judgement.
    return skew ?? (workSpent(this.work) === Infinity ? null : undefined);
  }
}

/**
 * The move of a component declared in an imported file: its owners' to make
 * in that file, so it says where, and sets nothing (a Quick Fix would edit a
 * file this one only reads).
 */
function elsewhere(id: string, from: string, move: GrowthMove): GrowthMove {
  const { set: _theirs, ...rest } = move;
  return { ...rest, declaredIn: from, text: `${id} is declared in ${quoted(from)}, so the move is made there, not in this file: ${move.text}` };
}

/** What the shard key of a store sharded over `shards` must be, from its declared key and queries. */
function keyAdvice(topology: Topology, node: ComponentNode, shards: number): string {
  const d = node.data;
  const sharding = 'sharding' in d ? d.sharding : undefined;
  const queries = d.kind === 'database' ? (d.queries ?? []) : [];
  const field = sharding?.key?.field;
  if (sharding && field !== undefined) {
    const cardinality = keyCardinality(topology, sharding);
    const parts = [cardinality !== undefined && cardinality < shards * VALUES_PER_SHARD_MEASURED
      ? `its key ${field} has ${plural(cardinality, 'value')}, too few to spread over ${num(shards)} shards: choose one with many more`
      : `keeping its key ${field}${cardinality !== undefined ? ` (${plural(cardinality, 'value')})` : ''}`];
    const missing = queries.filter((q) => !q.by.includes(field)).map((q) => q.name);
    if (missing.length > 0) parts.push(`${missing.join(', ')} ${missing.length === 1 ? 'does' : 'do'} not filter on it and will ask every shard`);
    return parts.join('; ');
  }
  const inEvery = queries.length > 0 ? queries[0]!.by.filter((f) => queries.every((q) => q.by.includes(f))) : [];
  const fields = inEvery.length > 0 ? `: ${inEvery.join(' or ')}, in every declared query` : queries.length > 0 ? '; no field is in every declared query, so some query will ask every shard' : '';
  return `by a key with many more distinct values than ${num(shards)} shards that every query filters on${fields}`;
}

/**
 * A copy of a declaration whose instance count is set in place for each
 * count tried: one copy per search, not one per count (an object spread per
 * judgement was most of a move's cost).
 */
function withInstances(data: ComponentData): (n: number) => ComponentData {
  const probe = { ...data } as ComponentData & { instances: number };
  return (n) => {
    probe.instances = n;
    return probe;
  };
}

/** A copy of a declaration with its own copy of `sharding` (`base`), whose shard count is set in place for each count tried. */
function withShardCount(data: ComponentData, base: ShardingData): (n: number) => ComponentData {
  const sharding = { ...base };
  const probe = { ...data, sharding } as ComponentData;
  return (n) => {
    sharding.shards = n;
    return probe;
  };
}

/** A copy of a declaration with its own replication block (`base` plus where reads go), whose replica count is set in place for each count tried. */
function withReplicaCount(data: ComponentData, base: Partial<ReplicationData>, readsFrom: ReplicationData['readsFrom']): (n: number) => ComponentData {
  const replication = { topology: 'singleLeader', mode: 'async', ...base, readsFrom } as ReplicationData;
  const probe = { ...data, replication } as ComponentData;
  return (n) => {
    replication.replicas = n;
    return probe;
  };
}
