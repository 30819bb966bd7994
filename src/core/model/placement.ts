/**
 * Where a component's nodes are: the one placement a zone or region outage,
 * and a partition, read. A component's instances are spread over its `zones`
 * in turn (instance i in zones[i mod Z]), so each zone holds 1/Z of them
 * when Z divides the count: the share a partition gives each zone. A
 * replicated store's replica r of primary i sits in the zones after its
 * primary's (zones[(i + 1 + r) mod Z]), so replicas are in other zones
 * whenever there are enough. A zone is in a region when its name is the
 * region's followed by one letter or digit ("us-east-1a" is in "us-east-1"),
 * as cloud providers name them; a component's own `region` puts all of it
 * there.
 */
import { nodeCountsOf } from './nodeCounts';
import type { ComponentData } from './schema';
import type { FaultPlace } from './topology';

/** What a component says of where it runs. */
type Placed = Pick<ComponentData, 'region' | 'zones'>;

/** The zone instance `i` of a component spread over `zones` is in. */
export function zoneOfInstance(zones: readonly string[], i: number): string {
  return zones[i % zones.length]!;
}

/** The zone replica `r` (0-based) of primary `i` is in: the zones after its primary's, in turn. */
export function zoneOfReplica(zones: readonly string[], i: number, r: number): string {
  return zones[(i + 1 + r) % zones.length]!;
}

/** Whether a zone belongs to a region by its name: the region's name and one more letter or digit, with or without a dash. */
export function zoneInRegion(zone: string, region: string): boolean {
  return zone.length > region.length && zone.startsWith(region) && /^-?[a-z0-9]$/i.test(zone.slice(region.length));
}

/** The region a zone is in by its name: its name less its last letter or digit (and a dash before it): "us-east-1a" is in "us-east-1". */
export function regionOfZone(zone: string): string | undefined {
  if (zone.length < 2) return undefined;
  const bare = zone.slice(0, -1);
  const region = bare.endsWith('-') ? bare.slice(0, -1) : bare;
  return region.length > 0 && zoneInRegion(zone, region) ? region : undefined;
}

/** Whether a node in `zone` (undefined: the component declares none) of a component in `region` is inside a failure domain. */
export function nodeInPlace(place: FaultPlace, region: string | undefined, zone: string | undefined): boolean {
  if (place.kind === 'zone') return zone === place.name;
  return region === place.name || (zone !== undefined && zoneInRegion(zone, place.name));
}

/**
 * The zones and regions the components name, each once in the order first
 * named: the failure domains a zone or region fault may name (a region by
 * some component's `region`, a zone by some component's `zones`).
 */
export function failureDomainsOf(components: Iterable<{ data: Placed }>): { zones: string[]; regions: string[] } {
  const zones = new Set<string>();
  const regions = new Set<string>();
  for (const c of components) {
    if (c.data.region !== undefined) regions.add(c.data.region);
    for (const z of c.data.zones ?? []) zones.add(z);
  }
  return { zones: [...zones], regions: [...regions] };
}

/**
 * The failure domains holding a node of a component, among the `regions`
 * named: the zones of its instances and, for a single-leader store, of its
 * replicas, as placed above, then the regions it or those zones are in. What
 * an outage of each of them acts on, found from the component's side (one
 * pass over its zones, not one per failure domain).
 */
export function domainsOfNodes(d: ComponentData, regions: ReadonlySet<string>): FaultPlace[] {
  const zones = d.zones ?? [];
  const Z = zones.length;
  const c = nodeCountsOf(d);
  const held = new Set<string>();
  // Instance i is in zones[i mod Z] and unit u's replicas follow zones[u mod Z]: the first Z of each cover every zone used.
  for (let i = 0; i < Math.min(c.instances, Z); i++) held.add(zoneOfInstance(zones, i));
  if (c.shape === 'singleLeader') {
    for (let u = 0; u < Math.min(c.units, Z); u++) for (let r = 0; r < Math.min(c.replicasPerPrimary, Z); r++) held.add(zoneOfReplica(zones, u, r));
  }
  const inRegions = new Set<string>();
  if (d.region !== undefined && regions.has(d.region)) inRegions.add(d.region);
  for (const z of held) {
    // The only names a zone can be in: itself less its last character, with or without a dash before it.
    for (const r of [z.slice(0, -1), z.slice(0, -2)]) if (regions.has(r) && zoneInRegion(z, r)) inRegions.add(r);
  }
  return [...[...held].map((name) => ({ kind: 'zone' as const, name })), ...[...inRegions].map((name) => ({ kind: 'region' as const, name }))];
}
