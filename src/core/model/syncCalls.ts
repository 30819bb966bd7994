/**
 * Which calls a request waits on: the failure semantics the
 * single-point-of-failure rule and the availability model share. A request
 * fails with a component it calls synchronously ("hard"); it goes on without
 * one it calls asynchronously, through a queue, or as a cache-aside cache
 * (a cache that `fronts` a store the caller also calls: a cache outage turns
 * into store reads). A read-through cache (one with calls of its own) is a
 * hard dependency.
 */
import type { ComponentNode, Edge, Topology } from './topology';

/** Calls a component makes past which the ids it calls synchronously are kept in a set; up to it, they are scanned. */
const SCANNED_CALLS = 8;

/**
 * Whether a component calls a component (by id) synchronously: what
 * `isSoftEdge` asks of cache-aside callers. Most components make a few calls,
 * scanned (cheaper than a set made of them, once per check); a component
 * making many has the set made once.
 */
export function syncCallsOf(): (c: ComponentNode, id: string) => boolean {
  const many = new Map<string, Set<string>>();
  return (c, id) => {
    if (c.calls.length <= SCANNED_CALLS) {
      for (const e of c.calls) if (!e.async && e.to === id) return true;
      return false;
    }
    let s = many.get(c.id);
    if (!s) {
      s = new Set(c.calls.filter((e) => !e.async).map((e) => e.to));
      many.set(c.id, s);
    }
    return s.has(id);
  };
}

/** True when the caller does not fail with the callee: async, from a queue, or cache-aside with the store called directly. */
export function isSoftEdge(topology: Topology, e: Edge, callsSync: (c: ComponentNode, id: string) => boolean): boolean {
  return e.async || isSoftCall(topology.components.get(e.from)!, topology.components.get(e.to)!, e, callsSync);
}

/** `isSoftEdge` of a call whose caller and callee are at hand. */
export function isSoftCall(from: ComponentNode, to: ComponentNode, e: Edge, callsSync: (c: ComponentNode, id: string) => boolean): boolean {
  if (e.async || from.kind === 'queue') return true;
  const d = to.data;
  if (d.kind === 'cache' && d.fronts !== undefined && (d.calls?.length ?? 0) === 0) return callsSync(from, d.fronts);
  return false;
}
