/**
 * Where components run, and the round trips between them: what the latency
 * model adds for a call that crosses regions and for a write that waits for
 * a replica in another zone. A component is in its `region`, else in the
 * regions its zones are in ("us-east-1a" is in "us-east-1"); a store's
 * primary in its first zone (unit 0's, by the placement every figure
 * reads), a replica r in the zone after it. A call crosses to the nearest
 * region the callee answers it from (a pool anywhere it runs; a store's
 * primary for writes and primary reads, a replica or any node as
 * `readsFrom` says). Two regions without a declared round trip are counted
 * as 0 and named (`undeclared`), as is a component that says nothing of
 * where it runs.
 */
import { nodeCountsOf } from './nodeCounts';
import { regionOfZone, zoneOfInstance, zoneOfReplica } from './placement';
import { replicationOf } from './replicationLag';
import type { ComponentNode, Topology } from './topology';

/** The kind of access a request makes of a component. */
export type Access = 'read' | 'write';

/** Round trip between two zones of one region when the file declares none. */
export const DEFAULT_ZONE_RTT_MS = 1;

/** The round trips of a topology's network. */
export class Network {
  private readonly rtt = new Map<string, number>();
  private readonly zoneRtt: number;
  /** Pairs of regions a call or an acknowledgement crossed with no round trip declared ("a|b", sorted). */
  readonly undeclared = new Set<string>();

  /** Whether the components run in two regions or more: else no call crosses one. */
  private readonly multiRegion: boolean;
  /** Each zone's region, read once (designs name a few zones many times over). */
  private readonly zoneRegions = new Map<string, string>();

  constructor(topology: Topology) {
    const seen = new Set<string>();
    for (const c of topology.components.values()) {
      if (c.data.region !== undefined) seen.add(c.data.region);
      for (const z of c.data.zones ?? []) seen.add(this.regionOf(z));
      if (seen.size > 1) break;
    }
    this.multiRegion = seen.size > 1;
    const n = topology.file.network;
    for (const e of n?.rtt ?? []) this.rtt.set(pairKey(e.between[0], e.between[1]), e.rtt);
    this.zoneRtt = n?.zoneRtt ?? DEFAULT_ZONE_RTT_MS;
  }

  /** The round trip between two regions (0 within one, and between undeclared pairs, which are noted). */
  between(a: string, b: string): number {
    if (a === b) return 0;
    const key = pairKey(a, b);
    const ms = this.rtt.get(key);
    if (ms === undefined) {
      this.undeclared.add(key);
      return 0;
    }
    return ms;
  }

  /** The round trip between two zones: 0 within one, the zone round trip within a region, the regions' otherwise. */
  zones(a: string, b: string): number {
    if (a === b) return 0;
    const ra = this.regionOf(a);
    const rb = this.regionOf(b);
    return ra === rb ? this.zoneRtt : this.between(ra, rb);
  }

  /** The region a zone is in by its name, else the zone itself. */
  private regionOf(zone: string): string {
    let r = this.zoneRegions.get(zone);
    if (r === undefined) this.zoneRegions.set(zone, (r = regionOfZone(zone) ?? zone));
    return r;
  }


  private readonly regions = new Map<ComponentNode, string[]>();
  private readonly serving: Record<Access, Map<ComponentNode, string[]>> = { read: new Map(), write: new Map() };

  /** The round trip of a call from `caller` to `callee` for an access: 0 when either says nothing of where it runs. */
  call(caller: ComponentNode, callee: ComponentNode, access: Access): number {
    if (!this.multiRegion) return 0;
    let from = this.regions.get(caller);
    if (!from) this.regions.set(caller, (from = regionsOf(caller)));
    if (from.length === 0) return 0;
    let to = this.serving[access].get(callee);
    if (!to) this.serving[access].set(callee, (to = servingRegions(callee, access)));
    if (from.length === 0 || to.length === 0) return 0;
    for (const a of from) for (const b of to) if (a === b) return 0;
    // The nearest declared pair; without one, the pairs are noted and the trip counted as 0.
    let best = Infinity;
    for (const a of from) for (const b of to) {
      const ms = this.rtt.get(pairKey(a, b));
      if (ms !== undefined) best = Math.min(best, ms);
    }
    if (Number.isFinite(best)) return best;
    for (const a of from) for (const b of to) this.between(a, b);
    return 0;
  }

  /**
   * What a write waits for the replicas' acknowledgements beyond its leader's
   * own work: the fastest (semi-sync) or the slowest (sync) replica's round
   * trip. Worked out on each call: the latency model keeps each component's
   * by position, and most components return at once.
   */
  ack(store: ComponentNode): number {
    const d = store.data;
    const rep = replicationOf(d);
    const zones = d.zones ?? [];
    // Most components have no replication to wait for: their node counts are not needed.
    if (!rep || zones.length === 0 || rep.mode === 'async') return 0;
    const c = nodeCountsOf(d);
    if (c.replicasPerPrimary === 0) return 0;
    let trips: number[] = [];
    if (c.shape === 'singleLeader') trips = this.replicaTrips(store, 0, c);
    else if (c.shape === 'multiLeader' && rep.mode === 'sync') {
      const first = zoneOfInstance(zones, 0);
      for (let j = 1; j < c.primariesPerUnit; j++) trips.push(this.zones(first, zoneOfInstance(zones, j * c.units)));
    }
    if (trips.length === 0) return 0;
    return rep.mode === 'sync' ? Math.max(...trips) : Math.min(...trips);
  }

  /**
   * The round trip from a single-leader unit's primary to each of its
   * replicas, by where placement puts them (primary `unit` in its zone,
   * replica r in the zones after it): 0 for each when the store names no
   * zones. What a semi-sync or sync primary waits for a replica's receipt.
   */
  replicaTrips(store: ComponentNode, unit: number, c = nodeCountsOf(store.data)): number[] {
    const d = store.data;
    const zones = d.zones ?? [];
    const out: number[] = [];
    const primary = zones.length === 0 ? undefined : zoneOfInstance(zones, unit);
    for (let r = 0; r < c.replicasPerPrimary; r++) out.push(primary === undefined ? 0 : this.zones(primary, zoneOfReplica(zones, unit, r)));
    return out;
  }

  /** The round trips from a leaderless unit's coordinator (its first node) to each of its n nodes, fastest first. */
  quorumTrips(store: ComponentNode): number[] {
    const d = store.data;
    const c = nodeCountsOf(d);
    const zones = d.zones ?? [];
    const out: number[] = [];
    for (let j = 0; j < c.primariesPerUnit; j++) out.push(zones.length === 0 ? 0 : this.zones(zoneOfInstance(zones, 0), zoneOfInstance(zones, j * c.units)));
    return out.sort((a, b) => a - b);
  }
}

/** The regions a component runs in: its `region`, else the regions of its zones, in order; none when it says nothing. */
export function regionsOf(c: ComponentNode): string[] {
  if (c.data.region !== undefined) return [c.data.region];
  const out: string[] = [];
  for (const z of c.data.zones ?? []) {
    const r = regionOfZone(z);
    if (r !== undefined && !out.includes(r)) out.push(r);
  }
  return out;
}

/**
 * The regions a component answers an access from, by where its nodes are
 * placed: any of a pool's instances; a store's unit 0 (its primary for
 * writes and primary reads, its replicas or any node for reads as
 * `readsFrom` says; its leaders or quorum nodes).
 */
function servingRegions(c: ComponentNode, access: Access): string[] {
  const d = c.data;
  const counts = nodeCountsOf(d);
  const zones = d.zones ?? [];
  if (d.region !== undefined || zones.length === 0) return regionsOf(c);
  const regionOf = (z: string) => regionOfZone(z);
  const distinct = (zs: string[]) => [...new Set(zs.map(regionOf).filter((r): r is string => r !== undefined))];
  if (!counts.store) return distinct(Array.from({ length: Math.min(counts.instances, zones.length) }, (_, i) => zoneOfInstance(zones, i)));
  const rep = replicationOf(d);
  const primary = regionOf(zoneOfInstance(zones, 0));
  if (counts.shape !== 'singleLeader') return distinct(Array.from({ length: counts.primariesPerUnit }, (_, j) => zoneOfInstance(zones, j * counts.units)));
  const readsFrom = rep?.readsFrom ?? 'primary';
  if (access === 'write' || readsFrom === 'primary') return primary === undefined ? [] : [primary];
  const replicas = Array.from({ length: counts.replicasPerPrimary }, (_, r) => regionOf(zoneOfReplica(zones, 0, r))).filter((r): r is string => r !== undefined);
  return readsFrom === 'replicas' ? replicas : [...new Set([...(primary === undefined ? [] : [primary]), ...replicas])];
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
