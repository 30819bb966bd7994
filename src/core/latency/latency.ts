/**
 * Latency along each request path: the distribution of the time a request
 * entering at a component takes, over the calls it makes (the availability
 * model's request graph, with the calls to cache-aside caches, which take
 * time though they are not waited on for availability), and its p50 and p99.
 *
 * A step's time is its component's own (serviceTimes.ts: an exponential
 * service time of the declared mean, and the Erlang C wait of its busiest
 * node at the load model's utilization), plus, for a write, the round trip
 * to the replica(s) its acknowledgement waits for (network.ts), plus its
 * calls, made one after the other: every `ALWAYS` call; one call of a split,
 * by its shares; each independent call with its share (a cache-aside cache's
 * hits sparing the store); a balancer's pool by the load model's split; a
 * CDN's or read-through cache's misses only. A call that crosses regions adds
 * their round trip; a fan-out waits for the slowest of its copies, a
 * leaderless read for the r-th fastest of n nodes (order statistics). The
 * times of different steps are independent.
 *
 * The distribution is computed exactly on a grid (spectrum.ts) of 256 bins:
 * the first spans the path's mean and six times a spread estimated from its
 * steps (each call counted once), doubled until it holds the p99; figures are within a grid step of the exact ones
 * (`resolutionMs`, about 1/150 of the p99). A component at or past saturation has no
 * steady state: requests through it never finish in the model, and a path
 * that sends 1% or more of its requests through one has no p99.
 */
import { perLoadModel } from '../load/perLoadModel';
import type { TrafficModel } from '../load/traffic';
import { lagOf, replicationOf } from '../model/replicationLag';
import type { ComponentNode, Topology } from '../model/topology';
import { nodeCountsOf } from '../model/nodeCounts';
import { type Access, ALTERNATIVE, ALWAYS, END, EXCLUSIVE, INDEPENDENT, type RequestGraph, requestGraphOf, stepOf } from '../availability/requestGraph';
import { Network } from '../model/network';
import { erlangCOf, serviceTimeOf, type ServiceTime } from './serviceTimes';
import { Grid, quantile, Spectrum } from './spectrum';

/** Bins of the grid the distributions are computed on. */
export const GRID_BINS = 256;
/** Grids tried per path while widening one (×2) until it holds the p99. */
const MAX_EVALUATIONS = 16;
/** Components whose cost to a path's p99 is computed exactly, among those costing the most on average. */
export const LATENCY_COSTS_COMPUTED = 4;
/**
 * Step transforms (steps × bins) one grid of a path may take: a path of more
 * steps than fit with GRID_BINS bins is computed on fewer (a power of two,
 * MIN_GRID_BINS at least), its resolution coarser, so that a large design
 * answers in a few milliseconds.
 */
export const LATENCY_PATH_WORK = 300_000;
/** Fewest bins a grid is given, however many steps a path has. */
const MIN_GRID_BINS = 32;
/**
 * Step transforms what costs one path may take beyond the path's own: p99
 * costs are computed exactly, costliest on average first, while the work
 * each takes (about a path's) fits; the rest are first-order estimates
 * (`estimated`).
 */
export const LATENCY_COSTS_WORK = 300_000;

/** A latency distribution's figures, in milliseconds (Infinity: never reached, past saturation). */
export interface LatencyFigures {
  mean: number;
  p50: number;
  p99: number;
}

/** The latency of requests entering at one component. */
export interface PathLatency {
  start: string;
  /** The share of its requests that are reads (the load model's split at it). */
  readShare: number;
  /** Reads and writes together, and each. */
  all: LatencyFigures;
  read: LatencyFigures;
  write: LatencyFigures;
  /** Components the requests reach at or past saturation: no steady state, unbounded waits; and those the reads, and the writes, reach. */
  saturated: string[];
  saturatedBy: Record<Access, string[]>;
  /** Components the requests reach that declare no latency: counted as 0. */
  undeclared: string[];
  /** Pairs of regions a call or an acknowledgement crosses with no declared round trip: counted as 0. */
  undeclaredRtt: [string, string][];
  /** The grid step of the p99 (ms): the figures are within about it. */
  resolutionMs: number;
  /**
   * True when many steps take far less than the grid step each (a long chain
   * of fast services): splitting each between grid points widens the
   * distribution (its mean is kept), so the percentiles are approximate.
   */
  coarse: boolean;
}

/** What a component (or the network's round trips) costs a path. */
export interface LatencyCost {
  /** A component id, or "network" for the round trips between regions and zones. */
  id: string;
  kind: 'component' | 'network';
  /** Milliseconds it adds to the mean: its own time (service, queue, acknowledgement) times how often a request needs it. */
  meanMs: number;
  /** The p99 without it (its own time 0), and how much lower that is. */
  p99Without: number;
  p99Saved: number;
  /** The p99 saved is a first-order estimate, its mean cost (a constant's exact saving), not computed: the exact ones took the work allowed. */
  estimated: boolean;
}

/** A consistency choice of a store, its latency cost, and the staleness or loss it avoids. */
export interface ConsistencyChoice {
  store: string;
  aspect: 'write acknowledgement' | 'read source' | 'quorum';
  /** What the file chose, in words. */
  choice: string;
  /** Milliseconds the choice adds per request over the alternative (a mean for round trips, the p99 for quorums). */
  costMs: number;
  /** The alternative it is compared with. */
  alternative: string;
  /** What the choice buys, in words. */
  avoids: string;
}

/** The latency model of a check's topology, at its load model's peak (kept with the load model). */
export const latencyOf: (topology: Topology, load: TrafficModel) => LatencyModel = perLoadModel((topology, load) => new LatencyModel(topology, load));

/**
 * Flags of a component's own time: worked out; a latency declared; at or past
 * saturation; replicated (a write may wait for an acknowledgement); a
 * leaderless store's quorum (its requests wait for k of n nodes); its writes'
 * acknowledgement worked out.
 */
const TIME_KNOWN = 1;
const DECLARED = 2;
const SATURATED = 4;
const REPLICATED = 8;
const QUORUM = 16;
const ACK_KNOWN = 32;

/** How a step's own time is changed for a figure: nothing, a component's made 0, or every round trip made 0. */
type Without = { component?: number; network?: boolean };

/** The steps a request reaches, callers first, and per step (by its position in `order`) the calls per request into it and their round-trip time. */
interface Visits {
  order: readonly number[];
  probability: Float64Array;
  network: Float64Array;
}

/** What the requests entering at one component reach (see `reached`). */
interface Reached {
  readShare: number;
  parts: { access: Access; share: number; step: number }[];
  saturated: string[];
  saturatedBy: Record<Access, string[]>;
  undeclared: string[];
  refs: Int32Array;
}

/** One grid evaluation: its grid, what is made 0, each step's transform by step number once worked out (null: always 0), service times' transforms by mean. */
interface Evaluation {
  grid: Grid;
  without: Without;
  memo: (Spectrum | null | undefined)[];
  exponentials: Map<number, Spectrum>;
  /** The mean and transform `exponential` last gave: steps in a row mostly share one (a group's services), and a Map lookup by a number costs more. */
  lastMean: number;
  lastExponential: Spectrum | undefined;
  /** Products of two transforms nothing changes, by their factors (see `product`), and the first factor last looked up with its products. */
  products: Map<Spectrum, Map<Spectrum, Spectrum>>;
  lastFactor: Spectrum | undefined;
  lastProducts: Map<Spectrum, Spectrum> | undefined;
  /** The steps whose transforms are read once every step is worked out (the parts' starts): never reused, even once given away. */
  starts: readonly number[];
  /** Per step, the calls that reach it (from every part evaluated); a step one call reaches may give its transform away. */
  refs: Int32Array;
  /** Per step, 1 when its transform is a buffer nothing else holds (not a shared service time's): the one caller may multiply into it. */
  owned: Uint8Array;
  /**
   * Whether the transform callSpectrum (or ownOf) last gave is the caller's to change, and to give back to the grid
   * once used (no step's figure still to be read): set beside the result rather than returned with it, which would
   * take an object or an array per call.
   */
  lastOwned: boolean;
  lastFree: boolean;
}

/** Latency figures of one topology. */
export class LatencyModel {
  readonly graph: RequestGraph;
  readonly network: Network;
  /**
   * Erlang C by servers and offered load, worked out once each: the replicas of a design's groups share their
   * figures, and the recursion takes a step per server. The last one is kept beside the Maps: the components a path
   * reaches one after the other (a group's chain of services) mostly ask for the same, and two Map lookups cost more.
   */
  private readonly waitChances = new Map<number, Map<number, number>>();
  private readonly lastWait = { servers: NaN, offered: NaN, chance: NaN };
  private readonly waitChance = (servers: number, offered: number): number => {
    const last = this.lastWait;
    if (servers === last.servers && offered === last.offered) return last.chance;
    let byOffered = this.waitChances.get(servers);
    if (!byOffered) this.waitChances.set(servers, (byOffered = new Map()));
    let c = byOffered.get(offered);
    if (c === undefined) byOffered.set(offered, (c = erlangCOf(servers, offered)));
    last.servers = servers;
    last.offered = offered;
    last.chance = c;
    return c;
  };

  /**
   * Each component's own time (its mean service time, the chance of a wait
   * and the wait's mean, flags) and its writes' acknowledgement, by position
   * (worked out on first use, as the flags say), in typed arrays, which hold
   * the figures unboxed, rather than an object or a boxed number each.
   */
  private readonly serviceMs: Float64Array;
  private readonly waitProbability: Float64Array;
  private readonly waitMeanMs: Float64Array;
  private readonly timeFlags: Uint8Array;
  /** What serviceTimeOf writes each component's time in before it is copied to the arrays. */
  private readonly timeScratch: ServiceTime = { serviceMs: 0, declared: false, waitProbability: 0, waitMeanMs: 0, utilization: 0, servers: 0, saturated: false };
  private readonly acks: Float64Array;
  /** Each step's position in the order `visits` last walked (a scratch array, written before it is read). */
  private readonly positions: Int32Array;
  private readonly paths = new Map<string, PathLatency>();

  constructor(readonly topology: Topology, readonly load: TrafficModel) {
    this.graph = requestGraphOf(topology, load);
    this.network = new Network(topology);
    const n = this.graph.nodes.length;
    this.serviceMs = new Float64Array(n);
    this.waitProbability = new Float64Array(n);
    this.waitMeanMs = new Float64Array(n);
    this.timeFlags = new Uint8Array(n);
    this.acks = new Float64Array(n);
    this.positions = new Int32Array(n * 2);
  }

  /** The latency of the topology's entry points, in their order. */
  entries(): PathLatency[] {
    return this.topology.entryPoints.map((id) => this.path(id));
  }

  /** The latency of requests entering at a component. */
  path(id: string): PathLatency {
    let p = this.paths.get(id);
    if (!p) {
      const before = this.spent;
      p = this.compute(id, {});
      this.paths.set(id, p);
      this.pathSpent.set(id, this.spent - before);
    }
    return p;
  }

  private spent = 0;
  /** The work each path's figures took. */
  private readonly pathSpent = new Map<string, number>();

  /** Step transforms made so far, each counted as its grid's bins: what LATENCY_PATH_WORK and LATENCY_COSTS_WORK bound. */
  get work(): number {
    return this.spent;
  }

  /** A component's own time per request (a new object: the model keeps its figures in arrays). */
  serviceTime(component: number): ServiceTime {
    return serviceTimeOf(this.graph.nodes[component]!, this.load, this.waitChance);
  }

  /**
   * A component's own-time flags (TIME_KNOWN, DECLARED, SATURATED,
   * REPLICATED, QUORUM, ACK_KNOWN), its figures worked out on first use. Its
   * replication is read here once rather than per step: the component's data
   * has a shape per kind, and reading it where every step passes is a slow,
   * megamorphic property load. (The work is a method of its own, so that
   * this one is small enough for V8 to inline where it is read.)
   */
  private timeOf(component: number): number {
    const flags = this.timeFlags[component]!;
    return flags === 0 ? this.workOutTime(component) : flags;
  }

  private workOutTime(component: number): number {
    const node = this.graph.nodes[component]!;
    const t = serviceTimeOf(node, this.load, this.waitChance, this.timeScratch);
    this.serviceMs[component] = t.serviceMs;
    this.waitProbability[component] = t.waitProbability;
    this.waitMeanMs[component] = t.waitMeanMs;
    const rep = replicationOf(node.data);
    const flags = TIME_KNOWN | (t.declared ? DECLARED : 0) | (t.saturated ? SATURATED : 0) | (rep ? REPLICATED : 0) | (rep?.topology === 'leaderless' && rep.quorum ? QUORUM : 0);
    this.timeFlags[component] = flags;
    return flags;
  }

  /** What costs `id`'s p99 the most: the components costing the most on average (their p99 cost computed exactly), and the network, costliest first (worked out once per id). */
  costs(id: string): LatencyCost[] {
    let c = this.costsOf.get(id);
    if (!c) this.costsOf.set(id, (c = this.computeCosts(id)));
    return c;
  }

  private readonly costsOf = new Map<string, LatencyCost[]>();

  private computeCosts(id: string): LatencyCost[] {
    const base = this.path(id);
    const start = this.graph.indexOf.get(id)!;
    const mean = new Map<number, number>();
    let networkMean = 0;
    for (const access of ['read', 'write'] as const) {
      const share = access === 'read' ? base.readShare : 1 - base.readShare;
      if (!(share > 0)) continue;
      const v = this.visits(stepOf(start, access));
      const order = v.order;
      for (let i = 0; i < order.length; i++) {
        const step = order[i]!;
        const own = this.ownMean(step);
        mean.set(step >> 1, (mean.get(step >> 1) ?? 0) + share * v.probability[i]! * own);
        networkMean += share * v.network[i]!;
      }
    }
    const out: LatencyCost[] = [];
    const ranked = [...mean.entries()].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]).slice(0, LATENCY_COSTS_COMPUTED);
    const each = Math.max(1, this.pathSpent.get(id)!);
    const spent = this.spent;
    const cost = (cid: string, kind: LatencyCost['kind'], m: number, without: Without) => {
      const exact = this.spent - spent + each <= LATENCY_COSTS_WORK;
      const p99 = exact ? this.compute(id, without).all.p99 : Math.max(0, base.all.p99 - m);
      out.push({ id: cid, kind, meanMs: m, p99Without: p99, p99Saved: saved(base.all.p99, p99), estimated: !exact });
    };
    for (const [component, m] of ranked) cost(this.graph.nodes[component]!.id, 'component', m, { component });
    if (networkMean > 0) cost('network', 'network', networkMean, { network: true });
    return out.sort((a, b) => b.p99Saved - a.p99Saved || b.meanMs - a.meanMs);
  }

  /** The latency cost of each store's consistency choices, and what each avoids, in declaration order. */
  consistency(): ConsistencyChoice[] {
    const out: ConsistencyChoice[] = [];
    for (const node of this.topology.components.values()) {
      const rep = replicationOf(node.data);
      const c = nodeCountsOf(node.data);
      if (!rep || c.shape === 'single') continue;
      const lag = lagOf(rep);
      const lagText = `${lag.assumed ? 'assumed ' : ''}replication lag (p99 ${round(lag.p99)} ms${lag.assumed ? ', none declared' : ''})`;
      if (c.shape === 'leaderless') {
        const q = rep.quorum!;
        const component = this.graph.indexOf.get(node.id)!;
        for (const [kind, k] of [['read', q.r], ['write', q.w]] as const) {
          if (k <= 1) continue;
          const cost = this.quorumP99(component, k) - this.quorumP99(component, 1);
          out.push({
            store: node.id, aspect: 'quorum', choice: `${kind}s wait for ${k} of n = ${q.n} nodes`, costMs: cost, alternative: `${kind}s answered by the fastest node`,
            avoids: q.r + q.w > q.n ? 'reads that miss the latest acknowledged write (R + W > N)' : `losing a write acknowledged by one node (w = ${q.w})`,
          });
        }
        continue;
      }
      const ack = this.network.ack(node);
      if (rep.mode !== 'async') {
        out.push({
          store: node.id, aspect: 'write acknowledgement',
          choice: rep.mode === 'sync' ? 'writes wait for every replica' : 'writes wait for the fastest replica',
          costMs: ack, alternative: 'async replication',
          avoids: rep.mode === 'semiSync' && rep.semiSyncTimeout !== undefined ? `losing the writes of the ${lagText} in a failover, until semiSyncTimeout falls back to async` : `losing the acknowledged writes of the ${lagText} in a failover`,
        });
      }
      if (c.shape === 'singleLeader' && node.kind !== 'queue') {
        const readers = node.callers.map((e) => this.topology.components.get(e.from)!);
        const fromPrimary = rep.readsFrom === 'primary';
        const cost = Math.max(0, ...readers.map((r) => this.readTrip(r, node, 'primary') - this.readTrip(r, node, 'replicas')));
        // Where the primary and the replicas are as near, reading either is no choice worth a line.
        if (!(cost > 0)) continue;
        out.push({
          store: node.id, aspect: 'read source',
          choice: fromPrimary ? 'reads from the primary' : rep.readsFrom === 'any' ? 'reads from any node' : 'reads from the replicas',
          costMs: fromPrimary ? cost : 0, alternative: fromPrimary ? 'reads from the nearest replica' : 'reads from the primary',
          avoids: fromPrimary ? `reads up to the ${lagText} stale` : `nothing: reads may be up to the ${lagText} stale, for ${round(cost)} ms less per read than the primary`,
        });
      }
    }
    return out;
  }

  /** The round trip of a read from `caller` to a store's primary, or to its nearest replica. */
  private readTrip(caller: ComponentNode, store: ComponentNode, from: 'primary' | 'replicas'): number {
    const rep = replicationOf(store.data)!;
    const data = { ...store.data, replication: { ...rep, readsFrom: from } } as ComponentNode['data'];
    return this.network.call(caller, { ...store, data }, 'read');
  }

  /** The p99 of a leaderless store's own time when a request waits for k of its n nodes. */
  private quorumP99(component: number, k: number): number {
    this.timeOf(component);
    const n = nodeCountsOf(this.graph.nodes[component]!.data).primariesPerUnit;
    const trips = this.network.quorumTrips(this.graph.nodes[component]!);
    const scale = Math.max(1e-3, (this.serviceMs[component]! + this.waitMeanMs[component]! * this.waitProbability[component]!) * 12 + (trips[k - 1] ?? 0) * 2);
    const grid = new Grid(GRID_BINS, scale / GRID_BINS);
    const s = grid.shift(grid.orderStatistic(this.own(grid, component, 0), k, n), trips[k - 1] ?? 0);
    return quantile(grid.histogram(s), grid.h, 0.99);
  }

  /** A step's own time on a grid: its component's service and queue (their figures worked out), and for a write its acknowledgement (a new transform). */
  private own(grid: Grid, component: number, ack: number, exponential: (mean: number) => Spectrum = (m) => grid.exponential(m)): Spectrum {
    if (this.timeFlags[component]! & SATURATED) return grid.spectrum();
    const serviceMs = this.serviceMs[component]!;
    const waitProbability = this.waitProbability[component]!;
    const s = serviceMs > 0 ? grid.copy(exponential(serviceMs)) : grid.one();
    if (waitProbability > 0) s.timesMix(exponential(this.waitMeanMs[component]!), waitProbability);
    return grid.shift(s, ack);
  }

  /** The mean own time of a step (ms), for ranking (from the component's figures: a sum cheaper than a lookup). */
  private ownMean(step: number): number {
    const c = step >> 1;
    return this.timeOf(c) & SATURATED ? Infinity : this.serviceMs[c]! + this.waitProbability[c]! * this.waitMeanMs[c]! + (step & 1 ? this.ack(c) : 0);
  }

  /** The acknowledgement a write of a component (by position) waits for (network.ts), once per component; none without replication. */
  private ack(component: number): number {
    const flags = this.timeOf(component);
    if (!(flags & REPLICATED)) return 0;
    if (!(flags & ACK_KNOWN)) {
      this.acks[component] = this.network.ack(this.graph.nodes[component]!);
      this.timeFlags[component] = flags | ACK_KNOWN;
    }
    return this.acks[component]!;
  }

  /** The latency of requests entering at `id`, with a component's own time, or the round trips, made 0. */
  private compute(id: string, without: Without): PathLatency {
    const start = this.graph.indexOf.get(id)!;
    const { readShare, parts, saturated, saturatedBy, undeclared, refs } = this.reached(start);
    let scale = 0;
    for (const p of parts) scale = Math.max(scale, this.scale(p.step, without));
    // Reads, writes and their mixture by the split, from the same grids (a mixture's histogram is the mixture of theirs).
    const found = percentiles((grid) => {
      const e = this.evaluation(grid, without, refs, parts.map((p) => p.step));
      // Callees before callers, so that no step waits on a deep recursion for its calls (a long chain of services);
      // each part's histogram taken before the next part may reuse a buffer it no longer needs.
      const hists = parts.map((p) => {
        const order = this.visits(p.step).order;
        for (let i = order.length - 1; i >= 0; i--) this.stepSpectrum(e, order[i]!);
        return grid.histogram(this.spectrum(e, p.step));
      });
      const mixed = new Float64Array(grid.n);
      parts.forEach((p, i) => {
        const h = hists[i]!;
        for (let j = 0; j < grid.n; j++) mixed[j]! += p.share * h[j]!;
      });
      return [...hists, mixed];
    }, scale, saturated.length > 0, binsFor(parts.reduce((n, p) => n + this.visits(p.step).order.length, 0)));
    const figures: Record<Access, LatencyFigures> = { read: ZERO, write: ZERO };
    parts.forEach((p, i) => (figures[p.access] = found.figures[i]!));
    // What splitting each step's time between grid points adds to the variance (an exponential of mean m split on a
    // grid of step h gains about m h - m², a constant up to h²/4), against the distribution's own variance.
    const h = found.resolution;
    let added = 0;
    for (const p of parts) {
      const { order, probability, network } = this.visits(p.step);
      for (let i = 0; i < order.length; i++) {
        const m = this.ownMean(order[i]!);
        if (Number.isFinite(m) && m > 0) added += p.share * probability[i]! * Math.max(0, m * h - m * m);
        if (network[i]! > 0) added += (p.share * h * h) / 4;
      }
    }
    const coarse = found.variance > 0 && added > 0.1 * found.variance;
    return {
      start: id, readShare, all: found.figures[parts.length]!, read: figures.read, write: figures.write,
      saturated: [...saturated], saturatedBy: { read: [...saturatedBy.read], write: [...saturatedBy.write] }, undeclared: [...undeclared],
      undeclaredRtt: [...this.network.undeclared].map((k) => k.split('|') as [string, string]),
      resolutionMs: found.resolution,
      coarse,
    };
  }

  /**
   * What the requests entering at a component reach, whatever is made 0 for a
   * figure (worked out once per start): its read/write split and the part of
   * each, the components reached at or past saturation and those declaring no
   * latency (in the order reached), and how many calls reach each step.
   */
  private reached(start: number): Reached {
    let r = this.reachedFrom.get(start);
    if (r) return r;
    const g = this.graph;
    const id = g.nodes[start]!.id;
    const load = this.load.loads.get(id)!;
    const total = load.reads + load.writes;
    const readShare = total > 0 ? load.reads / total : this.topology.file.workload.readFraction;
    const parts: Reached['parts'] = [];
    const saturated: string[] = [];
    const saturatedBy: Record<Access, string[]> = { read: [], write: [] };
    const undeclared: string[] = [];
    // 1 once a component is listed as saturated, 2 once as undeclared.
    const listed = new Uint8Array(g.nodes.length);
    // How many calls reach each step, from the reads and the writes together: a step one call reaches may give its buffer away.
    const refs = new Int32Array(g.nodes.length * 2);
    for (const access of ['read', 'write'] as const) {
      const share = access === 'read' ? readShare : 1 - readShare;
      if (!(share > 0)) continue;
      const step = stepOf(start, access);
      parts.push({ access, share, step });
      const order = this.visits(step).order;
      for (let i = 0; i < order.length; i++) {
        const visited = order[i]!;
        const at = g.boundsAt(visited);
        const end = g.bounds[at + END]!;
        for (let call = g.bounds[at + ALWAYS]!; call < end; call++) refs[g.callee(call)]!++;
        const c = visited >> 1;
        const time = this.timeOf(c);
        const node = g.nodes[c]!;
        if (time & SATURATED) {
          if (!(listed[c]! & 1)) saturated.push(node.id);
          listed[c]! |= 1;
          saturatedBy[access].push(node.id);
        }
        if (!(time & DECLARED) && node.kind !== 'client' && !(listed[c]! & 2)) {
          undeclared.push(node.id);
          listed[c]! |= 2;
        }
      }
    }
    r = { readShare, parts, saturated, saturatedBy, undeclared, refs };
    this.reachedFrom.set(start, r);
    return r;
  }

  private readonly reachedFrom = new Map<number, Reached>();

  /** A grid evaluation's state: the grid, what is made 0, each step's transform (read only; null: always 0), the service times' transforms by mean. */
  private evaluation(grid: Grid, without: Without, refs: Int32Array, starts: readonly number[]): Evaluation {
    const size = this.graph.nodes.length * 2;
    return { grid, without, memo: new Array(size), exponentials: new Map(), lastMean: NaN, lastExponential: undefined, products: new Map(), lastFactor: undefined, lastProducts: undefined, starts, refs, owned: new Uint8Array(size), lastOwned: false, lastFree: false };
  }

  /** The transform of a step's time on a grid (a new one, or the grid's "always 0"). */
  private spectrum(e: Evaluation, step: number): Spectrum {
    return this.stepSpectrum(e, step) ?? e.grid.one();
  }

  /**
   * A step's transform on an evaluation's grid, worked out once (undefined:
   * always 0). Buffers are reused where nothing else holds them: a service
   * time's transform is shared (read only), a product of calls is the step's
   * own, and a callee only one call reaches hands its buffer to its caller.
   */
  private stepSpectrum(e: Evaluation, n: number): Spectrum | undefined {
    const known = e.memo[n];
    if (known !== undefined) return known ?? undefined;
    this.spent += e.grid.n;
    // A call back to a step being worked out (a lookup closing a cycle) counts 0.
    e.memo[n] = null;
    const component = n >> 1;
    const ack = n & 1 && !e.without.network ? this.ack(component) : 0;
    const own = e.without.component === component ? undefined : this.ownOf(e, n, ack);
    const ownOwned = own !== undefined && e.lastOwned;
    let out = own;
    let outOwned = ownOwned;
    const pass = this.graph.pass(n);
    const at = this.graph.boundsAt(n);
    if (pass > 0 && this.graph.bounds[at + END]! > this.graph.bounds[at + ALWAYS]!) {
      let calls = this.timesCalls(e, n);
      let callsOwned = e.lastOwned;
      if (calls && pass < 1) {
        calls = callsOwned ? calls.mixOne(pass) : e.grid.one().mix(calls, pass);
        callsOwned = true;
      }
      if (calls) {
        if (!own) {
          out = calls;
          outOwned = callsOwned;
        } else if (callsOwned) {
          out = calls.times(own);
          outOwned = true;
          if (ownOwned) e.grid.release(own);
        } else if (ownOwned) {
          out = own.times(calls);
          outOwned = true;
        } else {
          out = this.product(e, own, calls);
          outOwned = false;
        }
      }
    }
    e.memo[n] = out ?? null;
    e.owned[n] = outOwned ? 1 : 0;
    return out;
  }

  /**
   * a × b for two transforms nothing changes (a shared service time, a step's
   * transform more than one call reads, a product of them), once per
   * evaluation (read only): the steps of a design's groups alike multiply
   * the same ones, a service time by the same callee's.
   */
  private product(e: Evaluation, a: Spectrum, b: Spectrum): Spectrum {
    let byB = a === e.lastFactor ? e.lastProducts : e.products.get(a);
    if (!byB) e.products.set(a, (byB = new Map()));
    e.lastFactor = a;
    e.lastProducts = byB;
    let x = byB.get(b);
    if (!x) byB.set(b, (x = e.grid.copy(a).times(b)));
    return x;
  }

  /** The transform of an exponential service time of a mean, once per evaluation (read only). */
  private exponential(e: Evaluation, mean: number): Spectrum {
    if (mean === e.lastMean) return e.lastExponential!;
    let x = e.exponentials.get(mean);
    if (!x) e.exponentials.set(mean, (x = e.grid.exponential(mean)));
    e.lastMean = mean;
    e.lastExponential = x;
    return x;
  }

  /**
   * A step's own time, a leaderless store's as the k-th fastest of its n nodes; undefined when it is always 0.
   * `e.lastOwned` says whether it is the caller's: a new buffer, not the evaluation's shared service time.
   */
  private ownOf(e: Evaluation, step: number, ack: number): Spectrum | undefined {
    const c = step >> 1;
    const flags = this.timeOf(c);
    const saturated = (flags & SATURATED) !== 0;
    const serviceMs = this.serviceMs[c]!;
    const waitProbability = this.waitProbability[c]!;
    const quorum = flags & QUORUM ? replicationOf(this.graph.nodes[c]!.data)!.quorum : undefined;
    if (!saturated && !(serviceMs > 0) && !(waitProbability > 0) && !(ack > 0) && !quorum) return undefined;
    // A service time alone: the evaluation's one transform of it, shared (read only).
    e.lastOwned = saturated || waitProbability > 0 || ack > 0 || quorum !== undefined;
    if (!e.lastOwned) return this.exponential(e, serviceMs);
    const own = this.own(e.grid, c, ack, (m) => this.exponential(e, m));
    if (!quorum) return own;
    const k = step & 1 ? quorum.w : quorum.r;
    const kth = e.grid.orderStatistic(own, k, quorum.n);
    if (kth !== own) e.grid.release(own);
    return e.grid.shift(kth, this.network.quorumTrips(this.graph.nodes[c]!)[k - 1] ?? 0);
  }

  /**
   * One call's time: its callee's, plus a round trip across regions, the
   * slowest of its copies for a fan-out (undefined: always 0). `e.lastOwned`
   * says whether the caller may change it: a new transform, or the buffer of
   * a callee no other call reaches.
   */
  private callSpectrum(e: Evaluation, step: number, call: number): Spectrum | undefined {
    const to = this.graph.callee(call);
    // Mostly worked out already (callees go first): read without a call.
    const known = e.memo[to];
    let t = known === undefined ? this.stepSpectrum(e, to) : (known ?? undefined);
    let owned = t !== undefined && e.owned[to] === 1 && e.refs[to] === 1;
    if (owned) e.owned[to] = 0; // given away
    let free = owned && !e.starts.includes(to);
    const rtt = e.without.network ? 0 : this.callRtt(step, call);
    if (rtt > 0) {
      if (t && !owned) {
        t = e.grid.copy(t);
        free = true;
      }
      t = t ? e.grid.shift(t, rtt) : e.grid.constant(rtt);
      if (!owned) free = true;
      owned = true;
    }
    const copies = Math.round(this.graph.fanout(call));
    if (t && copies >= 2) {
      const slowest = e.grid.orderStatistic(t, copies, copies);
      if (free) e.grid.release(t);
      t = slowest;
      owned = free = true;
    }
    e.lastOwned = owned;
    e.lastFree = free;
    return t;
  }

  /** The round trip of a call (0 within a region), worked out once per call (by a method of its own, so that this one is inlined). */
  private callRtt(step: number, call: number): number {
    const rtt = call < this.rtts.length ? this.rtts[call]! : NaN;
    return Number.isNaN(rtt) ? this.workOutRtt(step, call) : rtt;
  }

  private workOutRtt(step: number, call: number): number {
    if (call >= this.rtts.length) {
      // As many as the graph has calls so far (it numbers more as it builds steps), the ones known kept.
      const rtts = new Float64Array(Math.max(this.graph.callCount, 2 * this.rtts.length)).fill(NaN);
      rtts.set(this.rtts);
      this.rtts = rtts;
    }
    const g = this.graph;
    return (this.rtts[call] = this.network.call(g.nodes[step >> 1]!, g.nodes[g.callee(call) >> 1]!, step & 1 && g.reason(call) === 'call' ? 'write' : 'read'));
  }

  /** Each call's round trip, by number (NaN: not worked out yet). */
  private rtts = new Float64Array(0);

  /**
   * The time of a step's calls, made one after the other; undefined when it
   * always takes 0. `e.lastOwned` says whether the result is the caller's to
   * change (a callee's shared transform is copied only once a second factor
   * comes).
   */
  private timesCalls(e: Evaluation, step: number): Spectrum | undefined {
    const grid = e.grid;
    const g = this.graph;
    let acc: Spectrum | undefined;
    let owned = false;
    // Where each group's calls start, and the last ends.
    const at = g.boundsAt(step);
    const exclusive = g.bounds[at + EXCLUSIVE]!;
    const independent = g.bounds[at + INDEPENDENT]!;
    const alternatives = g.bounds[at + ALTERNATIVE]!;
    const end = g.bounds[at + END]!;
    for (let c = g.bounds[at + ALWAYS]!; c < exclusive; c++) {
      const x = this.callSpectrum(e, step, c);
      if (!x) continue;
      acc = this.into(e, acc, owned, x, e.lastOwned, e.lastFree);
      owned = e.lastOwned;
    }
    let split: Spectrum | undefined;
    let zero = 1;
    for (let c = exclusive; c < independent; c++) {
      const x = this.callSpectrum(e, step, c);
      if (!x) continue;
      // The requests making no call, or a call that takes 0, take 0 here.
      (split ??= grid.spectrum()).addScaled(x, g.share(c));
      if (e.lastFree) grid.release(x);
      zero -= g.share(c);
    }
    if (split) {
      acc = this.into(e, acc, owned, split.addOne(zero), true, true);
      owned = e.lastOwned;
    }
    for (let c = independent; c < alternatives; c++) {
      const x = this.callSpectrum(e, step, c);
      if (!x) continue;
      const free = e.lastFree;
      const made = this.made(c);
      if (acc && owned) acc.timesMix(x, made);
      else {
        acc = this.into(e, acc, owned, grid.one().mix(x, made), true, true);
        owned = e.lastOwned;
      }
      if (free) grid.release(x);
    }
    if (end > alternatives) {
      let pools: Spectrum | undefined;
      let zeroPools = 0;
      for (let c = alternatives; c < end; c++) {
        const x = this.callSpectrum(e, step, c);
        if (x) {
          (pools ??= grid.spectrum()).addScaled(x, g.share(c));
          if (e.lastFree) grid.release(x);
        } else zeroPools += g.share(c);
      }
      if (pools) {
        acc = this.into(e, acc, owned, pools.addOne(zeroPools), true, true);
        owned = e.lastOwned;
      }
    }
    e.lastOwned = owned;
    return acc;
  }

  /**
   * `acc` (the caller's when `owned`) times `x` (the caller's when `xOwned`, to give back once used when `xFree`),
   * changing what it may: `e.lastOwned` says whether the product is the caller's.
   */
  private into(e: Evaluation, acc: Spectrum | undefined, owned: boolean, x: Spectrum, xOwned: boolean, xFree: boolean): Spectrum {
    if (!acc) {
      e.lastOwned = xOwned;
      return x;
    }
    e.lastOwned = true;
    if (!owned) return xOwned ? x.times(acc) : e.grid.copy(acc).times(x);
    const out = acc.times(x);
    if (xFree) e.grid.release(x);
    return out;
  }

  /** The share of requests making a call with every component up: its share, less its cache-aside caches' hits. */
  private made(call: number): number {
    let m = this.graph.share(call);
    const caches = this.graph.missOf(call);
    // Most calls have none: no loop set up for them.
    if (caches.length === 0) return m;
    for (const cache of caches) {
      const d = this.graph.nodes[cache]!.data;
      if (d.kind === 'cache') m *= 1 - d.hitRatio;
    }
    return m;
  }

  /**
   * The scale of the first grid of a path: the mean time of its requests
   * (each call counted once: a fan-out's slowest copy and a quorum take
   * longer) plus six times a spread estimated from the steps' second
   * moments (2m² for an exponential of mean m, none for a constant). The grid is widened when its
   * p99 falls past it.
   */
  private scale(start: number, without: Without): number {
    let mean = 0;
    let second = 0;
    const { order, probability, network } = this.visits(start);
    // Each figure read once a step: every read of a typed array is checked.
    const skipped = without.component;
    const withNetwork = !without.network;
    for (let i = 0; i < order.length; i++) {
      const step = order[i]!;
      const c = step >> 1;
      if (skipped !== c) {
        const p = probability[i]!;
        mean += p * this.ownMean(step);
        // The service and queue times are exponential; a write's acknowledgement is a constant, which adds no spread.
        // (ownMean has worked the component's time out.)
        if (!(this.timeFlags[c]! & SATURATED)) second += p * 2 * (this.serviceMs[c]! ** 2 + this.waitProbability[c]! * this.waitMeanMs[c]! ** 2);
      }
      // A round trip is a constant: it moves the mean, not the spread.
      if (withNetwork) mean += network[i]!;
    }
    const out = mean + 6 * Math.sqrt(second);
    return Number.isFinite(out) ? out : 0;
  }

  /** Each step a request from `start` reaches, callers first: how often (calls per request) and the round-trip time of the calls into it, per request (worked out once per start). */
  private visits(start: number): Visits {
    const known = this.visited.get(start);
    if (known) return known;
    // Callers before callees, over every call (a cache-aside cache's take time too); calls closing a cycle are left out.
    const g = this.graph;
    const { order, back } = g.reach(start, false);
    // The figures are kept by position in the order, as the loops reading them walk it: arrays of the steps reached
    // rather than of every step. Every callee of a step reached is reached, so each call finds its callee's position.
    const positions = this.positions;
    for (let i = 0; i < order.length; i++) positions[order[i]!] = i;
    const probability = new Float64Array(order.length);
    const network = new Float64Array(order.length);
    probability[0] = 1; // the start, first in the order
    for (let i = 0; i < order.length; i++) {
      const n = order[i]!;
      const v = probability[i]! * g.pass(n);
      if (!(v > 0)) continue;
      const at = g.boundsAt(n);
      const end = g.bounds[at + END]!;
      for (let c = g.bounds[at + ALWAYS]!; c < end; c++) {
        if (back.length > 0 && back.includes(c)) continue;
        // The share making the call: its share (a pool's, the load model's split), less its cache-aside caches' hits (none but for independent calls).
        const calls = v * this.made(c) * Math.max(1, Math.round(g.fanout(c)));
        const to = positions[g.callee(c)]!;
        probability[to]! += calls;
        network[to]! += calls * this.callRtt(n, c);
      }
    }
    const out: Visits = { order, probability, network };
    this.visited.set(start, out);
    return out;
  }

  private readonly visited = new Map<number, Visits>();
}

const ZERO: LatencyFigures = { mean: 0, p50: 0, p99: 0 };

function saved(base: number, without: number): number {
  if (!Number.isFinite(base)) return Number.isFinite(without) ? Infinity : 0;
  return Math.max(0, base - without);
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

/**
 * The mean, p50 and p99 of the distributions a builder makes on any grid
 * (their histograms). The share of requests that ever finish comes from a
 * grid of two bins that holds every finite time in its first. Then a grid of
 * the path's scale (its mean and six spreads) is doubled until each p99
 * lies on it: the histogram below the grid's end is exact (up to splitting
 * each value between grid points), so the figures are within a grid step.
 */
function percentiles(build: (grid: Grid) => Float64Array[], scale: number, unbounded: boolean, bins: number): { figures: LatencyFigures[]; resolution: number; variance: number } {
  // Without a saturated component every request finishes: no grid needed to say so.
  const finite = unbounded ? build(new Grid(2, 1e15, 1)).map((h) => Math.min(1, h[0]! + h[1]!)) : undefined;
  // Every step takes exactly 0 ms: so does every request, which a grid would only blur with the transform's residue.
  if (!unbounded && scale === 0) {
    const zero: LatencyFigures = { mean: 0, p50: 0, p99: 0 };
    return { figures: build(new Grid(2, 1, 1)).map(() => zero), resolution: 0, variance: 0 };
  }
  let h = Math.max(scale, 1e-3) / bins;
  let hists: Float64Array[] = [];
  for (let evaluations = 0; evaluations < MAX_EVALUATIONS; evaluations++) {
    hists = build(new Grid(bins, h));
    // The histogram is exact below the grid's end (damping keeps what lies past it from folding back): a p99 short of it is found.
    const fits = hists.every((hist, i) => (finite?.[i] ?? 1) < 0.99 || quantile(hist, h, 0.99) <= (bins - 2) * h);
    if (fits) break;
    h *= 2;
  }
  const figures = hists.map((hist, i): LatencyFigures => {
    const f = finite?.[i] ?? 1;
    let mean = Infinity;
    if (f >= 1 - 1e-9) {
      let sum = 0;
      let mass = 0;
      for (let j = 0; j < hist.length; j++) {
        sum += hist[j]! * j * h;
        mass += hist[j]!;
      }
      mean = mass > 0 ? sum / mass : 0;
    }
    return { mean: toResolution(mean, h), p50: f < 0.5 ? Infinity : toResolution(quantile(hist, h, 0.5), h), p99: f < 0.99 ? Infinity : toResolution(quantile(hist, h, 0.99), h) };
  });
  // The variance of the last distribution (the mixture): what the grid's splitting is weighed against.
  const last = hists[hists.length - 1]!;
  let m1 = 0;
  let m2 = 0;
  let mass = 0;
  for (let j = 0; j < last.length; j++) {
    m1 += last[j]! * j * h;
    m2 += last[j]! * j * h * j * h;
    mass += last[j]!;
  }
  const variance = mass > 0 ? m2 / mass - (m1 / mass) ** 2 : 0;
  return { figures, resolution: h, variance };
}

/**
 * A figure read from a grid of step h, to h's leading digit: the grid knows
 * it only to within a step, so the digits past it (and a transform's
 * residue, about 1e-9 of a step) are noise every view would otherwise show.
 */
export function toResolution(x: number, h: number): number {
  if (!Number.isFinite(x) || !(h > 0)) return x;
  const unit = Math.pow(10, Math.floor(Math.log10(h)));
  // Divided rather than multiplied back by a fraction, so that 0.1-sized units give 0.3, not 0.30000000000000004.
  return unit >= 1 ? Math.round(x / unit) * unit : Math.round(x / unit) / Math.round(1 / unit);
}

/** The bins of a path's grids: GRID_BINS, or fewer (a power of two) when its steps would take more than LATENCY_PATH_WORK. */
function binsFor(steps: number): number {
  let bins = GRID_BINS;
  while (bins > MIN_GRID_BINS && steps * bins > LATENCY_PATH_WORK) bins /= 2;
  return bins;
}
