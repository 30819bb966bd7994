/**
 * Capacity under the scenario's workload, from the load model: every
 * component's load (what a diagram of the run draws), each tier's
 * utilization of its first-saturating resource, the tier with the lowest
 * ceiling (what breaks first as load grows: "what breaks at 10x"), and the
 * M/M/c queue at the busiest tier: c = its nodes, each served at the rate
 * that saturates one node (busiest node rps / utilization), arrivals at
 * c x the busiest node's rate. Past 100% there is no steady state: the wait
 * is unbounded and flagged so. Tiers of more than MAX_QUEUE_SERVERS nodes are
 * modelled with that many at the same utilization (Erlang C only falls with
 * more servers, so the wait is an upper bound), which keeps the cost bounded.
 */
import { RESOURCE_NAMES } from '../load/traffic';
import { mmc } from '../sim/queueing';
import { CAPACITY_ERROR, exceeds, reaches } from '../model/loadThresholds';
import type { SimGraph } from './graph';
import { sig } from './numbers';
import type { CapacityResult, ComponentLoad, TierLoad } from './types';

/** Most servers of the M/M/c model (Erlang B's recursion is linear in them). */
export const MAX_QUEUE_SERVERS = 10_000;

/** What the request accounting and the pool simulations tell of each tier, for its capacity figures. */
export interface TierAccounting {
  /** Refused share of arriving requests with no fault active. */
  refused: ReadonlyMap<string, number>;
  /** Requests refused for capacity over the run, faults included. */
  refusedRequests: ReadonlyMap<string, number>;
  /** The largest factor by which the run's faults raised a pool's utilization: N / (N − out of rotation). */
  outOfRotation: ReadonlyMap<string, number>;
}

/** Capacity of every tier at the graph's workload, with what the run's accounting measured of it. */
export function capacityOf(graph: SimGraph, accounting: TierAccounting): CapacityResult {
  const { refused, refusedRequests, outOfRotation } = accounting;
  const tiers: TierLoad[] = [];
  const loads: ComponentLoad[] = [];
  for (const n of graph.order) {
    const top = n.load.utilization[0];
    const finite = top !== undefined && Number.isFinite(top.value);
    const factor = outOfRotation.get(n.id);
    loads.push({
      component: n.id,
      rps: sig(n.load.reads + n.load.writes),
      ...(finite ? { utilization: sig(top.value), resource: top.resource } : {}),
      ...(finite && factor !== undefined && factor > 1 ? { survivorUtilization: sig(top.value * factor) } : {}),
    });
    if (!finite) continue;
    const t: TierLoad = {
      component: n.id,
      utilization: sig(top.value),
      resource: RESOURCE_NAMES[top.resource],
      busiestNodeRps: sig(n.load.busiestNodeRps),
      nodes: n.load.nodes,
      rejectedFraction: sig(refused.get(n.id) ?? 0),
      refusedRequests: Math.round(refusedRequests.get(n.id) ?? 0),
    };
    if (n.load.ceilingRps !== undefined && Number.isFinite(n.load.ceilingRps)) t.ceilingRps = sig(n.load.ceilingRps);
    tiers.push(t);
  }
  tiers.sort((a, b) => b.utilization - a.utilization || (a.component < b.component ? -1 : 1));
  const calls = graph.edges.map((e) => ({ from: e.from, to: e.to, rps: sig(e.readFlow + e.writeFlow) }));
  const result: CapacityResult = { peakRps: sig(graph.peakRps), readFraction: sig(graph.readFraction), loads, calls, tiers, overloaded: tiers.filter((t) => exceeds(t.utilization, CAPACITY_ERROR)).map((t) => t.component) };
  let first: TierLoad | undefined;
  for (const t of tiers) if (t.ceilingRps !== undefined && (!first || t.ceilingRps < first.ceilingRps!)) first = t;
  if (first) result.firstToSaturate = { component: first.component, resource: first.resource, ceilingRps: first.ceilingRps!, utilization: first.utilization };
  const busiest = tiers[0];
  if (busiest && busiest.busiestNodeRps > 0 && busiest.utilization > 0) {
    const n = graph.byId.get(busiest.component)!;
    const servers = Math.min(MAX_QUEUE_SERVERS, Math.max(1, n.load.nodes));
    const mu = n.load.busiestNodeRps / n.load.utilization[0]!.value;
    const lambda = n.load.busiestNodeRps * servers;
    // From 100% on there is no steady state, though residue may leave the computed load a hair below it.
    const m = mmc(lambda, mu, servers);
    const stable = m.stable && !reaches(busiest.utilization, CAPACITY_ERROR);
    result.busiest = {
      component: busiest.component,
      utilization: busiest.utilization,
      servers: Math.max(1, n.load.nodes),
      stable,
      probWait: stable ? sig(m.probWait) : 1,
      unbounded: !stable,
      ...(stable ? { meanWaitMs: sig(m.meanWait * 1000) } : {}),
    };
  }
  return result;
}
