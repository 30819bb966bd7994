/**
 * Load at peak, propagated from the workload through the call graph: entry
 * points split the peak rps; CDNs and caches absorb the hit share of reads
 * (a cache-aside cache reduces its caller's reads of the store it `fronts`; a
 * read-through cache forwards only its misses); calls carry a share of the
 * caller's requests, a fan-out, and an operation filter; a service's external
 * session store reads one session per request it handles; stores spread reads
 * over the nodes allowed to serve them and apply every write on each replica.
 * From the busiest node's load and the per-instance capacity follow each
 * resource's utilization and the ceiling: the peak rps at which the first
 * resource saturates.
 *
 * Calls that close a cycle carry no load (a request cannot recurse forever);
 * they are listed so that rules can say so. Propagation is iterative and
 * linear in the size of the graph.
 */
import { perLoadModel } from './perLoadModel';
import { nodeCountsOf } from '../model/nodeCounts';
import { type BusiestShard, busiestShard } from './shardLoad';
import type { CapacityData, ComponentData } from '../model/schema';
import type { ComponentNode, Edge, Topology } from '../model/topology';
import { KeptWith } from '../model/keptWith';

/** The largest rate the model carries (requests per second); higher figures are capped to it. */
export const MAX_RATE = 1e15;

/** A resource that can saturate. */
export type Resource = 'rps' | 'cpu' | 'memory' | 'connections' | 'diskIops';

/** Human names of resources, for messages. */
export const RESOURCE_NAMES: Readonly<Record<Resource, string>> = {
  rps: 'request rate',
  cpu: 'CPU',
  memory: 'memory',
  connections: 'connection pool',
  diskIops: 'disk IOPS',
};

/** The `capacity` property that sets each resource's size on one node: what a bigger box raises. */
export const RESOURCE_PROPERTY: Readonly<Record<Resource, string>> = {
  rps: 'rps',
  cpu: 'cpuCores',
  memory: 'memoryGb',
  connections: 'connectionPool',
  diskIops: 'diskIops',
};

/** Utilization of one resource of the busiest node. */
export interface Utilization {
  resource: Resource;
  /** Fraction of the resource in use at peak (1 = saturated). */
  value: number;
}

/** A sharded store's busiest shard, when its load is not the mean. */
export interface ShardSkew extends BusiestShard {
  /** Whether reads are skewed too: the reads of a store a cache sits in front of are its misses, spread as the mean. */
  reads: boolean;
}

/** The load on one component at peak. */
export interface ComponentLoad {
  id: string;
  /** Read and write requests per second arriving at the component. */
  reads: number;
  writes: number;
  /** Nodes serving the load: `nodeCountsOf(component).nodes`. */
  nodes: number;
  /** Requests per second on the busiest node. */
  busiestNodeRps: number;
  /** Which node is busiest: "instance", "primary" or "replica". */
  busiestNode: 'instance' | 'primary' | 'replica';
  /** For a sharded store whose keys do not spread evenly: the shard whose nodes are the busiest. */
  busiestShard?: ShardSkew;
  /** For a pool a balancer weighs: that balancer, and the part of the requests the heaviest instance takes. */
  busiestWeight?: { balancer: string; share: number };
  /** Utilization per declared resource, busiest first; empty without a capacity. */
  utilization: Utilization[];
  /** Peak workload rps at which the first resource saturates, if any capacity is declared. */
  ceilingRps: number | undefined;
}

/** Load on every component at one peak rate. */
export interface TrafficModel {
  peakRps: number;
  loads: Map<string, ComponentLoad>;
  /** Calls that close a cycle and carry no load. */
  cycleEdges: Edge[];
  /**
   * Reads per second that arrive at a session store as session lookups: load
   * no `calls` entry carries (the scenario engine's call graph does not route
   * them yet; its capacity figures include them, as every figure here does).
   */
  sessionReads: ReadonlyMap<string, number>;
}

/** Requests per second entering through each entry point. */
export function entryRates(topology: Topology, peakRps: number): Map<string, number> {
  const rates = new Map<string, number>();
  const entries = topology.entryPoints.map((id) => topology.components.get(id)!);
  let declared = 0;
  let undeclared = 0;
  for (const e of entries) {
    const share = e.data.kind === 'client' ? e.data.share : undefined;
    if (share !== undefined) declared += share;
    else undeclared++;
  }
  const rest = Math.max(0, 1 - declared);
  for (const e of entries) {
    const share = e.data.kind === 'client' ? e.data.share : undefined;
    rates.set(e.id, peakRps * (share ?? (undeclared > 0 ? rest / undeclared : 0)));
  }
  return rates;
}

/** The components of a topology in declaration order, the position of each id, and of each call's callee: built once per topology. */
export interface NodeIndex {
  nodes: ComponentNode[];
  indexOf: Map<string, number>;
  /**
   * The position of each call's callee, every component's calls in a row:
   * component i's are `callees[calleeStart[i] + k]`, aligned with its
   * `calls`. One array for all (a typed array per component cost as much to
   * make as the rest of the index, and the collector copied each).
   */
  callees: Int32Array;
  /** Where each component's calls start in `callees` (and, at `nodes.length`, where they end). */
  calleeStart: Int32Array;
}

const nodeIndexes = new KeptWith<Topology, NodeIndex>();

/** The components of a topology by position, shared by the load model and the rules that walk the graph. */
export function nodeIndex(topology: Topology): NodeIndex {
  let ix = nodeIndexes.get(topology);
  if (!ix) {
    const nodes = [...topology.components.values()];
    const indexOf = new Map<string, number>();
    for (let i = 0; i < nodes.length; i++) indexOf.set(nodes[i]!.id, i);
    const calleeStart = new Int32Array(nodes.length + 1);
    for (let i = 0; i < nodes.length; i++) calleeStart[i + 1] = calleeStart[i]! + nodes[i]!.calls.length;
    const callees = new Int32Array(calleeStart[nodes.length]!);
    for (let i = 0, at = 0; i < nodes.length; i++) {
      const calls = nodes[i]!.calls;
      for (let k = 0; k < calls.length; k++) callees[at++] = indexOf.get(calls[k]!.to)!;
    }
    ix = { nodes, indexOf, callees, calleeStart };
    nodeIndexes.set(topology, ix);
  }
  return ix;
}

/** Order of components for propagation (callers before callees) and the calls that close cycles. */
export function callOrder(topology: Topology): { order: ComponentNode[]; cycleEdges: Edge[] } {
  const { nodes, indexOf, callees, calleeStart } = nodeIndex(topology);
  const n = nodes.length;
  const state = new Uint8Array(n); // 0 unseen, 1 on the stack, 2 done
  const post: ComponentNode[] = [];
  const cycleEdges: Edge[] = [];
  // The depth-first stack: each node's position, and the next of its calls to follow.
  const stackNode = new Int32Array(n);
  const stackNext = new Int32Array(n);
  // Sorted roots: which call of a cycle carries no load must not depend on the order of the file.
  const visit = (rootId: string) => {
    const root = indexOf.get(rootId)!;
    if (state[root] !== 0) return;
    let depth = 0;
    stackNode[0] = root;
    stackNext[0] = 0;
    state[root] = 1;
    while (depth >= 0) {
      const node = nodes[stackNode[depth]!]!;
      const k = stackNext[depth]!++;
      const edge = node.calls[k];
      if (edge) {
        const to = callees[calleeStart[stackNode[depth]!]! + k]!;
        const s = state[to];
        if (s === 1) cycleEdges.push(edge);
        else if (s === 0) {
          state[to] = 1;
          depth++;
          stackNode[depth] = to;
          stackNext[depth] = 0;
        }
      } else {
        state[stackNode[depth]!] = 2;
        post.push(node);
        depth--;
      }
    }
  };
  for (const id of [...topology.entryPoints].sort()) visit(id);
  for (const id of sortedIds(topology)) visit(id);
  return { order: post.reverse(), cycleEdges };
}

const sortedIdLists = new KeptWith<Topology, string[]>();

/** The component ids in code-unit order, once per topology. */
function sortedIds(topology: Topology): string[] {
  let ids = sortedIdLists.get(topology);
  if (!ids) {
    ids = [...topology.components.keys()].sort();
    sortedIdLists.set(topology, ids);
  }
  return ids;
}

/** The hit ratio of a component that absorbs reads (CDN, cache), else 0. */
function hitRatioOf(c: ComponentNode): number {
  return c.data.kind === 'cdn' || c.data.kind === 'cache' ? c.data.hitRatio : 0;
}

/** Per call: the expected number of calls (before fan-out) that one read and one write of the caller make. */
export interface CallFactor {
  read: number;
  write: number;
}

/**
 * The call factors of a component's calls: what passes it (CDN and read-through
 * cache misses; a queue delivers its messages, not reads), cache-aside miss
 * ratios toward a fronted store, a balancer's split over its pools by
 * instances (unless shares are declared), shares and op filters. Calls that
 * close a cycle carry nothing. The load model and the simulation both use it.
 */
export function callFactors(topology: Topology, node: ComponentNode, cycleEdges: ReadonlySet<Edge>): Map<Edge, CallFactor> {
  const k = node.calls.length;
  const read = new Float64Array(k);
  const write = new Float64Array(k);
  writeCallFactors(topology, node, cycleEdges, read, write);
  const out = new Map<Edge, CallFactor>();
  for (let i = 0; i < k; i++) out.set(node.calls[i]!, { read: read[i]!, write: write[i]! });
  return out;
}

/** `callFactors` into arrays aligned with `node.calls` (at least that long), allocating nothing in the common case. */
function writeCallFactors(topology: Topology, node: ComponentNode, cycleEdges: ReadonlySet<Edge>, read: Float64Array, write: Float64Array): void {
  const calls = node.calls;
  const readPass = node.kind === 'queue' ? 0 : 1 - hitRatioOf(node);
  // Cache-aside: reads of a store through a cache that fronts it miss the cache first (built only when some call has one).
  let missFactor: Map<string, number> | undefined;
  for (const e of calls) {
    const target = topology.components.get(e.to)!;
    if (target.data.kind === 'cache' && target.data.fronts !== undefined && e.op !== 'write') {
      missFactor ??= new Map();
      missFactor.set(target.data.fronts, (missFactor.get(target.data.fronts) ?? 1) * (1 - target.data.hitRatio));
    }
  }
  // A balancer's callees are alternative pools: unless shares are declared, each takes its part by instances.
  let splitByPool = false;
  let poolInstances = 0;
  if (node.kind === 'loadBalancer') {
    let live = 0;
    let declaredShares = false;
    for (const e of calls) {
      if (cycleEdges.has(e)) continue;
      live++;
      if (e.share !== 1) declaredShares = true;
      poolInstances += topology.components.get(e.to)!.instances;
    }
    splitByPool = live > 1 && !declaredShares;
  }
  for (let i = 0; i < calls.length; i++) {
    const e = calls[i]!;
    if (cycleEdges.has(e)) {
      read[i] = 0;
      write[i] = 0;
      continue;
    }
    const pool = splitByPool ? topology.components.get(e.to)!.instances / poolInstances : 1;
    read[i] = e.op === 'write' ? 0 : readPass * e.share * pool * (missFactor?.get(e.to) ?? 1);
    write[i] = e.op === 'read' ? 0 : e.share * pool;
  }
}

/**
 * The requests per second each call carries under a model: its caller's
 * reads and writes times the call's factors, times its fan-out (not capped;
 * the caller's load is). Computed once per model, for every rule and the
 * diagram that ask.
 */
export const callRates: (topology: Topology, model: TrafficModel) => ReadonlyMap<Edge, number> = perLoadModel((topology, model) => {
  const rates = new Map<Edge, number>();
  const cycles = new Set(model.cycleEdges);
  let most = 0;
  for (const node of topology.components.values()) most = Math.max(most, node.calls.length);
  const read = new Float64Array(most);
  const write = new Float64Array(most);
  for (const node of topology.components.values()) {
    const calls = node.calls;
    if (calls.length === 0) continue;
    const load = model.loads.get(node.id);
    const r = load?.reads ?? 0;
    const w = load?.writes ?? 0;
    writeCallFactors(topology, node, cycles, read, write);
    for (let k = 0; k < calls.length; k++) rates.set(calls[k]!, (r * read[k]! + w * write[k]!) * calls[k]!.fanout);
  }
  return rates;
});

/** What one propagation of load reads: the call order, the node index (positions and callees), the cycle edges left out, and scratch for the calls' factors. */
interface PropagationPass {
  topology: Topology;
  order: readonly ComponentNode[];
  index: NodeIndex;
  skip: ReadonlySet<Edge>;
  qRead: Float64Array;
  qWrite: Float64Array;
}

/**
 * Carries the load that has entered at some components along the calls,
 * callers before callees. A function of its own, not a closure over a
 * check's data: V8 may hold a hot closure's context (and through it the
 * topology) while it optimizes the closure on another thread, so a closure
 * here kept the previous check's topology alive while the next was made.
 */
function propagate(pass: PropagationPass, reads: Float64Array, writes: Float64Array): void {
  const { topology, order, skip, qRead, qWrite } = pass;
  const { indexOf, callees, calleeStart } = pass.index;
  for (const node of order) {
    const calls = node.calls;
    if (calls.length === 0) continue;
    const i = indexOf.get(node.id)!;
    const r = reads[i]!;
    const w = writes[i]!;
    if (r === 0 && w === 0) continue;
    writeCallFactors(topology, node, skip, qRead, qWrite);
    const base = calleeStart[i]!;
    for (let k = 0; k < calls.length; k++) {
      const e = calls[k]!;
      const t = callees[base + k]!;
      // Chains of large fan-outs could overflow: loads are capped far above any real system, never Infinity.
      reads[t] = Math.min(MAX_RATE, reads[t]! + r * qRead[k]! * e.fanout);
      writes[t] = Math.min(MAX_RATE, writes[t]! + w * qWrite[k]! * e.fanout);
    }
  }
}

/** Computes the load on every component at a peak rate (the workload's by default). */
export function computeTraffic(topology: Topology, peakRps = topology.file.workload.peakRps): TrafficModel {
  const index = nodeIndex(topology);
  const { nodes, indexOf } = index;
  const { order, cycleEdges } = callOrder(topology);
  const skip = new Set(cycleEdges);
  const reads = new Float64Array(nodes.length);
  const writes = new Float64Array(nodes.length);
  const readFraction = topology.file.workload.readFraction;
  for (const [id, rate] of entryRates(topology, peakRps)) {
    const i = indexOf.get(id)!;
    reads[i] = rate * readFraction;
    writes[i] = rate * (1 - readFraction);
  }

  let most = 0;
  for (const node of nodes) most = Math.max(most, node.calls.length);
  const qRead = new Float64Array(most);
  const qWrite = new Float64Array(most);
  const pass: PropagationPass = { topology, order, index, skip, qRead, qWrite };
  propagate(pass, reads, writes);

  // Sessions: every request a service with an external session store handles reads its session there. The reads
  // enter at the stores once the services' loads are known, and go on along the stores' own calls (load is linear:
  // a second pass of the session reads alone adds up to one pass of both). Logins, which write sessions, are not
  // modelled: nothing in the file says how often users log in.
  let sessionReads: Float64Array | undefined;
  for (let i = 0; i < nodes.length; i++) {
    const d = nodes[i]!.data;
    if (d.kind !== 'service' || d.state !== 'external' || d.sessionStore === undefined) continue;
    const store = indexOf.get(d.sessionStore);
    if (store === undefined) continue;
    sessionReads ??= new Float64Array(nodes.length);
    sessionReads[store] = Math.min(MAX_RATE, sessionReads[store]! + reads[i]! + writes[i]!);
  }
  const sessions = new Map<string, number>();
  if (sessionReads) {
    for (let i = 0; i < nodes.length; i++) if (sessionReads[i]! > 0) sessions.set(nodes[i]!.id, sessionReads[i]!);
    const sessionWrites = new Float64Array(nodes.length);
    propagate(pass, sessionReads, sessionWrites);
    for (let i = 0; i < nodes.length; i++) {
      reads[i] = Math.min(MAX_RATE, reads[i]! + sessionReads[i]!);
      writes[i] = Math.min(MAX_RATE, writes[i]! + sessionWrites[i]!);
    }
  }

  const loads = new Map<string, ComponentLoad>();
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    loads.set(node.id, componentLoad(node, reads[i]!, writes[i]!, peakRps, shardSkew(topology, node), busiestWeightOf(balancerWeights(topology, node, skip))));
  }
  return { peakRps, loads, cycleEdges, sessionReads: sessions };
}

/** A balancer that weighs a component's instances, and its weights, one per instance. */
export interface BalancerWeights {
  balancer: string;
  weights: readonly number[];
}

/**
 * The weights a component's requests are spread by: those of the balancer in
 * front of it (its first loadBalancer caller in id order, as the simulation
 * takes it) when that balancer is weighted and lists one weight per
 * instance; undefined for an even spread.
 */
export function balancerWeights(topology: Topology, node: ComponentNode, cycleEdges?: ReadonlySet<Edge>): BalancerWeights | undefined {
  let lb: ComponentNode | undefined;
  for (const e of node.callers) {
    if (cycleEdges?.has(e)) continue;
    const from = topology.components.get(e.from)!;
    if (from.kind === 'loadBalancer' && (lb === undefined || from.id < lb.id)) lb = from;
  }
  const d = lb?.data;
  if (d?.kind !== 'loadBalancer' || d.algorithm !== 'weighted' || d.weights?.length !== node.instances) return undefined;
  return { balancer: lb!.id, weights: d.weights };
}

/**
 * A weighted balancer calling the component, whichever it is: its weights
 * list one entry per instance, so a changed instance count alone leaves them
 * the wrong length (a fix or a move that sets the count must not be offered).
 */
export function weighingBalancer(topology: Topology, node: ComponentNode): string | undefined {
  for (const e of node.callers) {
    const b = topology.components.get(e.from)?.data;
    if (b?.kind === 'loadBalancer' && b.algorithm === 'weighted') return e.from;
  }
  return undefined;
}

/** The balancer and the part of its requests the heaviest instance takes, when it weighs them. */
function busiestWeightOf(w: BalancerWeights | undefined): ComponentLoad['busiestWeight'] {
  const share = heaviestWeightShare(w);
  // Equal weights (within float residue) are an even spread: no instance to name.
  return share === undefined || !(share > (1 / w!.weights.length) * (1 + 1e-9)) ? undefined : { balancer: w!.balancer, share };
}

/** The part of a weighed pool's requests its heaviest instance takes (its weight over their sum); undefined for an even spread. */
export function heaviestWeightShare(w: BalancerWeights | undefined): number | undefined {
  if (!w) return undefined;
  let sum = 0;
  let max = 0;
  for (const x of w.weights) {
    sum += x;
    if (x > max) max = x;
  }
  return sum > 0 ? max / sum : undefined;
}

/**
 * The part of a weighted balancer's requests its heaviest backend instance
 * takes: the part its pool gets (the balancer's split) times its weight's
 * part of the weights, the largest over the pools; undefined when the
 * balancer does not weigh its backends (each takes an even part).
 */
export function heaviestBackendShare(topology: Topology, lb: ComponentNode, cycleEdges: ReadonlySet<Edge>): number | undefined {
  const d = lb.data;
  if (d.kind !== 'loadBalancer' || d.algorithm !== 'weighted' || !d.weights) return undefined;
  const w = heaviestWeightShare({ balancer: lb.id, weights: d.weights });
  if (w === undefined) return undefined;
  let heaviest = 0;
  for (const f of callFactors(topology, lb, cycleEdges).values()) heaviest = Math.max(heaviest, Math.max(f.read, f.write) * w);
  return heaviest;
}

const scratchUtilization: Utilization[] = [];

/**
 * Busiest first, in place; ties keep their order. An insertion sort: on five
 * finite values it orders exactly as a stable sort, and Array.prototype.sort
 * allocates several hundred bytes of work space per call.
 */
function sortByValueDescending(list: Utilization[]): void {
  for (let i = 1; i < list.length; i++) {
    const x = list[i]!;
    let j = i - 1;
    while (j >= 0 && list[j]!.value < x.value) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = x;
  }
}

/** The component with the lowest ceiling: what saturates first as the workload grows (the first in call order of equal ones). */
export function firstToSaturate(model: TrafficModel): (ComponentLoad & { ceilingRps: number }) | undefined {
  let first: (ComponentLoad & { ceilingRps: number }) | undefined;
  for (const load of model.loads.values()) {
    const c = load.ceilingRps;
    if (c !== undefined && Number.isFinite(c) && (first === undefined || c < first.ceilingRps)) first = { ...load, ceilingRps: c };
  }
  return first;
}

const frontedStores = new KeptWith<Topology, Set<string>>();

/** The stores a cache sits in front of: cache-aside (`fronts`) or read-through (a cache calls them for reads). */
export function cacheFronted(topology: Topology): ReadonlySet<string> {
  let out = frontedStores.get(topology);
  if (!out) {
    out = new Set<string>();
    for (const c of topology.components.values()) {
      if (c.data.kind !== 'cache') continue;
      if (c.data.fronts !== undefined) out.add(c.data.fronts);
      for (const e of c.calls) if (e.op !== 'write') out.add(e.to);
    }
    frontedStores.set(topology, out);
  }
  return out;
}

/** A sharded store's busiest shard, when one takes more than an even part (the load model's skew). */
export function shardSkew(topology: Topology, node: ComponentNode): ShardSkew | undefined {
  const d = node.data;
  if ((d.kind !== 'database' && d.kind !== 'cache') || !d.sharding || d.sharding.shards < 2) return undefined;
  const shards = d.sharding.shards;
  const busiest = busiestShard(topology, node);
  // An even spread (within float residue) is the mean: no shard to name.
  if (!busiest || !(busiest.share > (1 / shards) * (1 + 1e-9))) return undefined;
  return { ...busiest, reads: !cacheFronted(topology).has(node.id) };
}

/**
 * The busiest unit's part of a component's reads and writes (a unit: a
 * store's shard, else an instance): the hottest shard's share under skew (its
 * reads spread evenly when a cache in front takes the hot ones), else an even part.
 */
export function busiestUnit(reads: number, writes: number, units: number, skew: ShardSkew | undefined): { unitReads: number; unitWrites: number } {
  return {
    unitWrites: skew ? writes * skew.share : writes / units,
    unitReads: skew?.reads ? reads * skew.share : reads / units,
  };
}

/** Spreads a component's load over its nodes and compares the busiest with its capacity. */
function componentLoad(node: ComponentNode, reads: number, writes: number, peakRps: number, skew: ShardSkew | undefined, weight: ComponentLoad['busiestWeight']): ComponentLoad {
  const c = node.data;
  const { rps: busiest, node: busiestNode, nodes, weighted } = busiestNodeOf(c, reads, writes, skew, weight?.share);
  const cap = 'capacity' in c ? c.capacity : undefined;
  const utilization = cap ? utilizationsOf(cap, busiest).slice() : [];
  const top = utilization[0];
  const ceilingRps = top && top.value > 0 ? peakRps / top.value : undefined;
  // Two literals rather than a conditional spread: this runs for every component of every check.
  const load: ComponentLoad = skew
    ? { id: node.id, reads, writes, nodes, busiestNodeRps: busiest, busiestNode, busiestShard: skew, utilization, ceilingRps }
    : { id: node.id, reads, writes, nodes, busiestNodeRps: busiest, busiestNode, utilization, ceilingRps };
  if (weighted) load.busiestWeight = weight;
  return load;
}

/**
 * The highest utilization of a component's busiest node under a load (0
 * without a capacity): componentLoad's figure without the rest, so that a
 * changed declaration (more instances, replicas or shards) is judged by the
 * same arithmetic as the declared one, at little cost.
 */
export function topUtilization(data: ComponentData, reads: number, writes: number, skew: ShardSkew | undefined): number {
  const cap = 'capacity' in data ? data.capacity : undefined;
  if (!cap) return 0;
  return utilizationsOf(cap, busiestNodeOf(data, reads, writes, skew).rps)[0]?.value ?? 0;
}

/**
 * The rps on a component's busiest node, which node that is, and how many
 * nodes it has. `heaviestShare`: the part of an instance pool's requests its
 * heaviest instance takes when a balancer weighs them (else an even part).
 */
function busiestNodeOf(c: ComponentData, reads: number, writes: number, skew: ShardSkew | undefined, heaviestShare?: number): { rps: number; node: ComponentLoad['busiestNode']; nodes: number; weighted: boolean } {
  const counts = nodeCountsOf(c);
  const nodes = counts.nodes;
  const weighted = heaviestShare !== undefined && !counts.store && counts.shape !== 'leaderless';
  if (!counts.store) {
    return { rps: weighted ? (reads + writes) * heaviestShare : (reads + writes) / Math.max(1, nodes), node: 'instance', nodes, weighted };
  }
  const { unitReads, unitWrites } = busiestUnit(reads, writes, counts.units, skew);
  const { primary, replica } = unitNodeRps(c, unitReads, unitWrites, counts);
  if (counts.shape === 'leaderless') return { rps: primary, node: 'replica', nodes, weighted };
  return { rps: Math.max(primary, replica), node: replica > primary ? 'replica' : 'primary', nodes, weighted };
}

/**
 * The rps on each node of one unit of a store (a shard, or an instance of an
 * unsharded one) from the unit's reads and writes: on each of its primaries
 * (a multi-leader store's leaders; every node of a leaderless store, each
 * write landing on n of them and each read asking r) and on each of its
 * replicas (0 without any). Every node of a unit applies every write of
 * that unit; reads go where `readsFrom` sends them.
 */
export function unitNodeRps(c: ComponentData, unitReads: number, unitWrites: number, counts = nodeCountsOf(c)): { primary: number; replica: number } {
  const rep = 'replication' in c ? c.replication : undefined;
  const unitNodes = counts.nodes / counts.units;
  if (counts.shape === 'leaderless') return { primary: (unitWrites * counts.primariesPerUnit + unitReads * rep!.quorum!.r) / unitNodes, replica: 0 };
  const leaders = counts.primariesPerUnit;
  const replicas = counts.replicasPerPrimary;
  const readsFrom = replicas === 0 ? 'primary' : (rep?.readsFrom ?? 'primary');
  const primaryReads = readsFrom === 'primary' ? unitReads / leaders : readsFrom === 'any' ? unitReads / unitNodes : 0;
  const replicaReads = readsFrom === 'replicas' ? unitReads / (leaders * replicas) : readsFrom === 'any' ? unitReads / unitNodes : 0;
  return { primary: unitWrites + primaryReads, replica: replicas > 0 ? unitWrites + replicaReads : 0 };
}

/** Utilization per declared resource of a node carrying `busiest` rps, busiest first, in a scratch list (copy it to keep it). */
function utilizationsOf(cap: CapacityData, busiest: number): Utilization[] {
  // Collected in a scratch list and kept at its length (a list grown by push keeps room for 17).
  const utilization = scratchUtilization;
  utilization.length = 0;
  const latencyS = cap.latency !== undefined ? cap.latency / 1000 : undefined;
  if (cap.rps !== undefined) utilization.push({ resource: 'rps', value: busiest / cap.rps });
  if (cap.cpuCores !== undefined && cap.cpuMsPerRequest !== undefined) utilization.push({ resource: 'cpu', value: (busiest * cap.cpuMsPerRequest) / (cap.cpuCores * 1000) });
  if (cap.connectionPool !== undefined && latencyS !== undefined) utilization.push({ resource: 'connections', value: (busiest * latencyS) / cap.connectionPool });
  if (cap.memoryGb !== undefined && cap.memoryMbPerRequest !== undefined && latencyS !== undefined) {
    utilization.push({ resource: 'memory', value: (busiest * latencyS * cap.memoryMbPerRequest) / (cap.memoryGb * 1024) });
  }
  if (cap.diskIops !== undefined) utilization.push({ resource: 'diskIops', value: (busiest * (cap.iopsPerRequest ?? 1)) / cap.diskIops });
  sortByValueDescending(utilization);
  return utilization;
}
