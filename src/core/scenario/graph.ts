/**
 * The call graph as the scenario engine walks it: components in sorted id
 * order (so the file's order never reaches a result), the load model at the
 * scenario's workload, and per call the expected number of calls one request
 * of the caller makes, for reads and for writes, with the same cache and CDN
 * hit ratios, cache-aside miss factors, balancer pool splits, shares,
 * fan-outs and op filters as the load model: both take them from
 * `callFactors` in `load/traffic.ts`.
 */
import { callFactors, callOrder, computeTraffic, entryRates, type ComponentLoad, type TrafficModel } from '../load/traffic';
import type { ComponentNode, Edge, Topology } from '../model/topology';

/** A call with its expected calls per caller request and its flows at peak. */
export interface SimEdge {
  /** Index in SimGraph.edges. */
  index: number;
  from: string;
  to: string;
  edge: Edge;
  /** Probability that one read (write) of the caller makes this call. */
  qRead: number;
  qWrite: number;
  fanout: number;
  /** True when the caller does not wait for the answer (async calls, queue deliveries): failures do not reach it. */
  async: boolean;
  /** True when the call closes a cycle and carries no load. */
  cycle: boolean;
  /** Reads and writes per second through the call at peak. */
  readFlow: number;
  writeFlow: number;
}

/** A component with its load and its calls. */
export interface SimNode {
  id: string;
  node: ComponentNode;
  load: ComponentLoad;
  out: SimEdge[];
  in: SimEdge[];
  /** Requests per second entering here (entry points only). */
  entryRate: number;
}

/** The graph of one scenario run. */
export interface SimGraph {
  /** Nodes callers-before-callees; ties and roots in sorted id order. */
  order: SimNode[];
  byId: Map<string, SimNode>;
  edges: SimEdge[];
  traffic: TrafficModel;
  peakRps: number;
  readFraction: number;
  /** The topology with components and entry points in sorted order and the scenario's workload. */
  topology: Topology;
}

/** A view of the topology in sorted id order, with the workload's peak and read share replaced. */
export function canonicalTopology(topology: Topology, peakRps: number, readFraction: number): Topology {
  const ids = [...topology.components.keys()].sort(compareIds);
  const components = new Map<string, ComponentNode>();
  for (const id of ids) components.set(id, topology.components.get(id)!);
  return {
    ...topology,
    file: { ...topology.file, workload: { ...topology.file.workload, peakRps, readFraction } },
    components,
    entryPoints: [...topology.entryPoints].sort(compareIds),
  };
}

/** Builds the graph at a workload. */
export function buildGraph(topology: Topology, peakRps: number, readFraction: number): SimGraph {
  const canon = canonicalTopology(topology, peakRps, readFraction);
  const traffic = computeTraffic(canon, peakRps);
  const { order, cycleEdges } = callOrder(canon);
  const cycles = new Set(cycleEdges);
  const byId = new Map<string, SimNode>();
  const rates = entryRates(canon, peakRps);
  for (const c of order) {
    byId.set(c.id, { id: c.id, node: c, load: traffic.loads.get(c.id)!, out: [], in: [], entryRate: rates.get(c.id) ?? 0 });
  }
  const edges: SimEdge[] = [];
  for (const cn of order) {
    const sn = byId.get(cn.id)!;
    const c = sn.node;
    const factors = callFactors(canon, c, cycles);
    for (const e of c.calls) {
      const cycle = cycles.has(e);
      const { read: qRead, write: qWrite } = factors.get(e)!;
      const se: SimEdge = {
        index: edges.length,
        from: c.id,
        to: e.to,
        edge: e,
        qRead,
        qWrite,
        fanout: e.fanout,
        async: e.async || c.kind === 'queue',
        cycle,
        readFlow: sn.load.reads * qRead * e.fanout,
        writeFlow: sn.load.writes * qWrite * e.fanout,
      };
      edges.push(se);
      sn.out.push(se);
      byId.get(e.to)!.in.push(se);
    }
  }
  return { order: order.map((c) => byId.get(c.id)!), byId, edges, traffic, peakRps, readFraction, topology: canon };
}

/** Code-unit order of ids: the same in every JavaScript engine and locale. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The load balancer in front of a component: its callers of kind loadBalancer, the first in id order. */
export function balancerOf(graph: SimGraph, id: string): SimNode | undefined {
  const lbs = graph.byId.get(id)!.in.filter((e) => !e.cycle && graph.byId.get(e.from)!.node.kind === 'loadBalancer').map((e) => e.from).sort(compareIds);
  return lbs.length > 0 ? graph.byId.get(lbs[0]!) : undefined;
}
