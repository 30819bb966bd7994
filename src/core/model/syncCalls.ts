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

/** The ids each component calls synchronously, computed once per component: what `isSoftEdge` asks of cache-aside callers. */
export function syncTargetsOf(): (c: ComponentNode) => Set<string> {
  const cache = new Map<string, Set<string>>();
  return (c) => {
    let s = cache.get(c.id);
    if (!s) {
      s = new Set(c.calls.filter((e) => !e.async).map((e) => e.to));
      cache.set(c.id, s);
    }
    return s;
  };
}

/** True when the caller does not fail with the callee: async, from a queue, or cache-aside with the store called directly. */
export function isSoftEdge(topology: Topology, e: Edge, syncTargets: (c: ComponentNode) => Set<string>): boolean {
  if (e.async) return true;
  const from = topology.components.get(e.from)!;
  if (from.kind === 'queue') return true;
  const to = topology.components.get(e.to)!.data;
  if (to.kind === 'cache' && to.fronts !== undefined && (to.calls?.length ?? 0) === 0) return syncTargets(from).has(to.fronts);
  return false;
}
