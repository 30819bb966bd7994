/**
 * unreachable-component: a component that no request from an entry point can
 * reach. A session store, the store a cache fronts and a shard directory are
 * reached through those references, so they count as reached when the
 * component naming them is. While a reference names nothing or a component
 * is invalid, the graph is incomplete and the rule reports nothing.
 */
import type { ComponentNode } from '../../model/topology';
import { num } from '../../text/format';
import type { Rule, RuleFinding } from '../rule';
import { nodeIndex } from '../../load/traffic';

/** Entry points named in a message before "and N more". */
const NAMED_ENTRIES = 3;

/** The rule. */
export const unreachable_component: Rule = {
  id: 'unreachable-component',
  run(ctx) {
    const { components, entryPoints, invalidComponents } = ctx.topology;
    // A reference to nothing (being typed, or a typo) or an invalid component
    // leaves the call graph incomplete: unknown-reference and schema speak first.
    if (invalidComponents.size > 0) return [];
    for (const c of components.values()) {
      const calls = c.data.calls;
      if (calls) for (const call of calls) if (!components.has(typeof call === 'string' ? call : call.to)) return [];
      for (let k = 0; k < REFERENCE_SLOTS; k++) {
        const id = reference(c, k);
        if (id !== undefined && !components.has(id)) return [];
      }
    }
    const { nodes, indexOf } = nodeIndex(ctx.topology);
    const reached = new Uint8Array(nodes.length);
    const stack: number[] = [];
    const visit = (id: string | undefined) => {
      const i = id === undefined ? undefined : indexOf.get(id);
      if (i !== undefined && reached[i] === 0) {
        reached[i] = 1;
        stack.push(i);
      }
    };
    for (const id of entryPoints) visit(id);
    while (stack.length > 0) {
      const c = nodes[stack.pop()!]!;
      for (const e of c.calls) visit(e.to);
      for (let k = 0; k < REFERENCE_SLOTS; k++) visit(reference(c, k));
    }
    const from = entryPoints.length === 0
      ? 'an entry point (the file has none: add a client)'
      : `the entry points (${listIds(entryPoints)})`;
    const out: RuleFinding[] = [];
    for (let i = 0; i < nodes.length; i++) {
      if (reached[i] === 1) continue;
      const c = nodes[i]!;
      out.push({
        message: `${c.id} is not called by anything reachable from ${from}: it receives no load`,
        path: c.path,
        range: ctx.locator.keyRange(c.path)!,
      });
    }
    return out;
  },
};

/** How many components a component may use by reference. */
const REFERENCE_SLOTS = 2;

/** The `k`-th component a component uses by reference rather than by a call (a session store, a fronted store, a shard directory), if any. */
function reference(c: ComponentNode, k: number): string | undefined {
  const d = c.data;
  switch (d.kind) {
    case 'service':
      return k === 0 ? d.sessionStore : undefined;
    case 'cache':
      return k === 0 ? d.fronts : d.sharding?.directory;
    case 'database':
      return k === 0 ? d.sharding?.directory : undefined;
    default:
      return undefined;
  }
}

/** "web", "web and mobile", "a, b, c and 4 more". */
function listIds(ids: readonly string[]): string {
  if (ids.length === 1) return ids[0]!;
  if (ids.length <= NAMED_ENTRIES) return `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
  return `${ids.slice(0, NAMED_ENTRIES).join(', ')} and ${num(ids.length - NAMED_ENTRIES)} more`;
}
