/**
 * Zone and region outages: which instances a failure domain holds, by the
 * placement every figure reads (model/placement.ts). The engine turns an
 * outage into a kill (or restore) of each of them, so a pool loses its
 * servers there behind its balancer and a store whose primary is there fails
 * over to what survives outside it: its replicas in other zones, the other
 * leaders of a multi-leader store, the nodes of a leaderless quorum.
 */
import { nodeCountsOf } from '../model/nodeCounts';
import { nodeInPlace, zoneOfInstance, zoneOfReplica } from '../model/placement';
import type { ComponentNode, FaultPlace } from '../model/topology';
import type { SimGraph, SimNode } from './graph';

/** Instances of one component a failure domain's fault acts on one by one; past it the rest are counted and said to be left out. */
export const MAX_PLACE_INSTANCES = 64;

/** One component's instances inside a failure domain. */
export interface PlaceHit {
  node: SimNode;
  /** The instances in it, ascending (a pool's servers, a store's primaries), at most MAX_PLACE_INSTANCES. */
  instances: number[];
  /** How many of its instances are in it. */
  total: number;
}

/** "zone us-east-1a", "region eu-west". */
export function placeText(place: FaultPlace): string {
  return `${place.kind} ${place.name}`;
}

/** Every component with instances in a failure domain, in the graph's order; clients, where requests come from, are not among them. */
export function placeHits(graph: SimGraph, place: FaultPlace): PlaceHit[] {
  const hits: PlaceHit[] = [];
  for (const n of graph.order) {
    if (n.node.kind === 'client') continue;
    const d = n.node.data;
    const count = nodeCountsOf(d).instances;
    const zones = d.zones;
    if (!zones || zones.length === 0) {
      if (nodeInPlace(place, d.region, undefined)) hits.push({ node: n, instances: Array.from({ length: Math.min(count, MAX_PLACE_INSTANCES) }, (_, i) => i), total: count });
      continue;
    }
    // Instance i is in zones[i mod Z]: which of the Z zones are in the place decides it, without visiting every instance.
    const inside = zones.map((z) => nodeInPlace(place, d.region, z));
    let total = 0;
    for (let z = 0; z < zones.length; z++) if (inside[z] && z < count) total += Math.floor((count - 1 - z) / zones.length) + 1;
    if (total === 0) continue;
    const instances: number[] = [];
    for (let i = 0; i < count && instances.length < MAX_PLACE_INSTANCES; i++) if (inside[i % zones.length]) instances.push(i);
    hits.push({ node: n, instances, total });
  }
  return hits;
}

/**
 * What is left of a store's unit when a failure domain takes its primary:
 * `survivors` are the replicas (single leader), the other leaders
 * (multi-leader) or the nodes (leaderless) outside it; `down` are the unit's
 * nodes that accept writes inside it.
 */
export function unitInPlace(node: ComponentNode, unit: number, place: FaultPlace): { down: number; survivors: number } {
  const d = node.data;
  const c = nodeCountsOf(d);
  const zoneOf = (i: number): string | undefined => (d.zones && d.zones.length > 0 ? zoneOfInstance(d.zones, i) : undefined);
  let down = 0;
  let outside = 0;
  // The unit's nodes that accept writes are instances unit, unit + units, … (see nodeCounts).
  for (let i = unit; i < c.primaries; i += c.units) {
    if (nodeInPlace(place, d.region, zoneOf(i))) down++;
    else outside++;
  }
  if (c.shape !== 'singleLeader') return { down, survivors: outside };
  let replicas = 0;
  for (let r = 0; r < c.replicasPerPrimary; r++) {
    if (!nodeInPlace(place, d.region, d.zones && d.zones.length > 0 ? zoneOfReplica(d.zones, unit, r) : undefined)) replicas++;
  }
  return { down, survivors: replicas };
}

/** A single-leader store's replicas a failure domain takes while their primaries stay outside it. */
export interface ReplicaLoss {
  /** Replicas taken, of `replicas` in all. */
  lost: number;
  replicas: number;
  /** Whether the domain also holds some of its primaries (those fail over on their own). */
  primariesHit: boolean;
  /** Units, of `units`, whose primary is outside and which lose some, or all, of their replicas. */
  unitsSomeLost: number;
  unitsAllLost: number;
  units: number;
}

/** The replicas of a single-leader store spread over zones that a failure domain takes from primaries outside it, or undefined when it takes none. */
export function replicasInPlace(node: ComponentNode, place: FaultPlace): ReplicaLoss | undefined {
  const d = node.data;
  const c = nodeCountsOf(d);
  const zones = d.zones;
  if (c.shape !== 'singleLeader' || !zones || zones.length === 0) return undefined;
  const Z = zones.length;
  let lost = 0;
  let some = 0;
  let all = 0;
  let primariesHit = false;
  // Unit u's primary and replicas sit by u mod Z: one pass over the Z classes counts every unit.
  for (let cls = 0; cls < Math.min(Z, c.units); cls++) {
    const units = Math.floor((c.units - 1 - cls) / Z) + 1;
    if (nodeInPlace(place, d.region, zoneOfInstance(zones, cls))) {
      primariesHit = true;
      continue;
    }
    let k = 0;
    for (let r = 0; r < c.replicasPerPrimary; r++) if (nodeInPlace(place, d.region, zoneOfReplica(zones, cls, r))) k++;
    if (k === 0) continue;
    lost += units * k;
    some += units;
    if (k === c.replicasPerPrimary) all += units;
  }
  return lost === 0 ? undefined : { lost, replicas: c.units * c.replicasPerPrimary, primariesHit, unitsSomeLost: some, unitsAllLost: all, units: c.units };
}
