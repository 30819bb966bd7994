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
import type { FaultPlace } from './topology';

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

/** Whether a node in `zone` (undefined: the component declares none) of a component in `region` is inside a failure domain. */
export function nodeInPlace(place: FaultPlace, region: string | undefined, zone: string | undefined): boolean {
  if (place.kind === 'zone') return zone === place.name;
  return region === place.name || (zone !== undefined && zoneInRegion(zone, place.name));
}
