/**
 * Load at peak, propagated from the workload through the call graph: entry
 * points split the peak rps; CDNs and caches absorb the hit share of reads
 * (a cache-aside cache reduces its caller's reads of the store it `fronts`; a
 * read-through cache forwards only its misses); calls carry a share of the
 * caller's requests, a fan-out, and an operation filter; stores spread reads
 * over the nodes allowed to serve them and apply every write on each replica.
 * From the busiest node's load and the per-instance capacity follow each
 * resource's utilization and the ceiling: the peak rps at which the first
 * resource saturates.
 *
 * Calls that close a cycle carry no load (a request cannot recurse forever);
 * they are listed so that rules can say so. Propagation is iterative and
 * linear in the size of the graph.
 */
import type { ComponentNode, Edge, Topology } from '../model/topology';

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

/** Utilization of one resource of the busiest node. */
export interface Utilization {
  resource: Resource;
  /** Fraction of the resource in use at peak (1 = saturated). */
  value: number;
}

/** The load on one component at peak. */
export interface ComponentLoad {
  id: string;
  /** Read and write requests per second arriving at the component. */
  reads: number;
  writes: number;
  /** Nodes serving the load (instances, or shards times nodes per shard for stores). */
  nodes: number;
  /** Requests per second on the busiest node. */
  busiestNodeRps: number;
  /** Which node is busiest: "instance", "primary" or "replica". */
  busiestNode: 'instance' | 'primary' | 'replica';
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

/** Order of components for propagation (callers before callees) and the calls that close cycles. */
export function callOrder(topology: Topology): { order: ComponentNode[]; cycleEdges: Edge[] } {
  const state = new Map<string, 1 | 2>(); // 1 on the stack, 2 done
  const post: ComponentNode[] = [];
  const cycleEdges: Edge[] = [];
  // Sorted roots: which call of a cycle carries no load must not depend on the order of the file.
  const roots = [...[...topology.entryPoints].sort(), ...[...topology.components.keys()].sort()];
  for (const rootId of roots) {
    if (state.has(rootId)) continue;
    const stack: { node: ComponentNode; next: number }[] = [{ node: topology.components.get(rootId)!, next: 0 }];
    state.set(rootId, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const edge = top.node.calls[top.next++];
      if (edge) {
        const s = state.get(edge.to);
        if (s === 1) cycleEdges.push(edge);
        else if (s === undefined) {
          state.set(edge.to, 1);
          stack.push({ node: topology.components.get(edge.to)!, next: 0 });
        }
      } else {
        state.set(top.node.id, 2);
        post.push(top.node);
        stack.pop();
      }
    }
  }
  return { order: post.reverse(), cycleEdges };
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
  const readPass = node.kind === 'queue' ? 0 : 1 - hitRatioOf(node);
  const missFactor = new Map<string, number>();
  for (const e of node.calls) {
    const target = topology.components.get(e.to)!;
    if (target.data.kind === 'cache' && target.data.fronts !== undefined && e.op !== 'write') {
      missFactor.set(target.data.fronts, (missFactor.get(target.data.fronts) ?? 1) * (1 - target.data.hitRatio));
    }
  }
  // A balancer's callees are alternative pools: unless shares are declared, each takes its part by instances.
  const live = node.calls.filter((e) => !cycleEdges.has(e));
  const splitByPool = node.kind === 'loadBalancer' && live.length > 1 && live.every((e) => e.share === 1);
  const poolInstances = splitByPool ? live.reduce((n, e) => n + topology.components.get(e.to)!.instances, 0) : 0;
  const out = new Map<Edge, CallFactor>();
  for (const e of node.calls) {
    if (cycleEdges.has(e)) {
      out.set(e, { read: 0, write: 0 });
      continue;
    }
    const pool = splitByPool ? topology.components.get(e.to)!.instances / poolInstances : 1;
    out.set(e, {
      read: e.op === 'write' ? 0 : readPass * e.share * pool * (missFactor.get(e.to) ?? 1),
      write: e.op === 'read' ? 0 : e.share * pool,
    });
  }
  return out;
}

/** Computes the load on every component at a peak rate (the workload's by default). */
export function computeTraffic(topology: Topology, peakRps = topology.file.workload.peakRps): TrafficModel {
  const { order, cycleEdges } = callOrder(topology);
  const skip = new Set(cycleEdges);
  const reads = new Map<string, number>();
  const writes = new Map<string, number>();
  const readFraction = topology.file.workload.readFraction;
  for (const [id, rate] of entryRates(topology, peakRps)) {
    reads.set(id, rate * readFraction);
    writes.set(id, rate * (1 - readFraction));
  }

  for (const node of order) {
    const r = reads.get(node.id) ?? 0;
    const w = writes.get(node.id) ?? 0;
    for (const [e, q] of callFactors(topology, node, skip)) {
      // Chains of large fan-outs could overflow: loads are capped far above any real system, never Infinity.
      reads.set(e.to, Math.min(MAX_RATE, (reads.get(e.to) ?? 0) + r * q.read * e.fanout));
      writes.set(e.to, Math.min(MAX_RATE, (writes.get(e.to) ?? 0) + w * q.write * e.fanout));
    }
  }

  const loads = new Map<string, ComponentLoad>();
  for (const node of topology.components.values()) {
    loads.set(node.id, loadOf(node, reads.get(node.id) ?? 0, writes.get(node.id) ?? 0, peakRps));
  }
  return { peakRps, loads, cycleEdges };
}

/** Spreads a component's load over its nodes and compares the busiest with its capacity. */
function loadOf(node: ComponentNode, reads: number, writes: number, peakRps: number): ComponentLoad {
  const c = node.data;
  let nodes = node.instances;
  let busiest = (reads + writes) / Math.max(1, node.instances);
  let busiestNode: ComponentLoad['busiestNode'] = 'instance';
  if (c.kind === 'database' || c.kind === 'cache' || c.kind === 'queue' || c.kind === 'directory') {
    const units = 'sharding' in c && c.sharding ? c.sharding.shards : node.instances;
    const rep = c.replication;
    if (rep && rep.topology === 'leaderless' && rep.quorum) {
      // Each write lands on n replicas, each read asks r of them.
      const { n, r } = rep.quorum;
      nodes = units * n;
      busiest = (writes * n + reads * r) / nodes;
      busiestNode = 'replica';
    } else {
      const leaders = rep?.topology === 'multiLeader' ? (rep.leaders ?? 2) : 1;
      const replicas = rep?.replicas ?? 0;
      nodes = units * leaders * (1 + replicas);
      const readsFrom = replicas === 0 ? 'primary' : (rep?.readsFrom ?? 'primary');
      // Every node of a unit applies every write of that unit.
      const perUnitWrites = writes / units;
      const primaryReads = readsFrom === 'primary' ? reads / (units * leaders) : readsFrom === 'any' ? reads / (units * leaders * (1 + replicas)) : 0;
      const replicaReads = readsFrom === 'replicas' ? reads / (units * leaders * replicas) : readsFrom === 'any' ? reads / (units * leaders * (1 + replicas)) : 0;
      const primary = perUnitWrites + primaryReads;
      const replica = replicas > 0 ? perUnitWrites + replicaReads : 0;
      busiest = Math.max(primary, replica);
      busiestNode = replica > primary ? 'replica' : 'primary';
    }
  }
  const utilization: Utilization[] = [];
  const cap = 'capacity' in c ? c.capacity : undefined;
  if (cap) {
    const latencyS = cap.latency !== undefined ? cap.latency / 1000 : undefined;
    if (cap.rps !== undefined) utilization.push({ resource: 'rps', value: busiest / cap.rps });
    if (cap.cpuCores !== undefined && cap.cpuMsPerRequest !== undefined) utilization.push({ resource: 'cpu', value: (busiest * cap.cpuMsPerRequest) / (cap.cpuCores * 1000) });
    if (cap.connectionPool !== undefined && latencyS !== undefined) utilization.push({ resource: 'connections', value: (busiest * latencyS) / cap.connectionPool });
    if (cap.memoryGb !== undefined && cap.memoryMbPerRequest !== undefined && latencyS !== undefined) {
      utilization.push({ resource: 'memory', value: (busiest * latencyS * cap.memoryMbPerRequest) / (cap.memoryGb * 1024) });
    }
    if (cap.diskIops !== undefined) utilization.push({ resource: 'diskIops', value: (busiest * (cap.iopsPerRequest ?? 1)) / cap.diskIops });
    utilization.sort((a, b) => b.value - a.value);
  }
  const top = utilization[0];
  const ceilingRps = top && top.value > 0 ? peakRps / top.value : undefined;
  return { id: node.id, reads, writes, nodes, busiestNodeRps: busiest, busiestNode, utilization, ceilingRps };
}
