/**
 * unreachable-component: a component that no request from an entry point can
 * reach. A session store, the store a cache fronts and a shard directory are
 * reached through those references, so they count as reached when the
 * component naming them is. While a reference names nothing or a component
 * is invalid, the graph is incomplete and the rule reports nothing.
 */
import type { ComponentNode } from '../../model/topology';
import { num } from '../format';
import type { Rule, RuleFinding } from '../rule';

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
      for (const call of c.data.calls ?? []) if (!components.has(typeof call === 'string' ? call : call.to)) return [];
      for (const id of references(c)) if (id !== undefined && !components.has(id)) return [];
    }
    const reached = new Set<string>();
    const stack: string[] = [];
    const visit = (id: string | undefined) => {
      if (id !== undefined && !reached.has(id) && components.has(id)) {
        reached.add(id);
        stack.push(id);
      }
    };
    for (const id of entryPoints) visit(id);
    while (stack.length > 0) {
      const c = components.get(stack.pop()!)!;
      for (const e of c.calls) visit(e.to);
      for (const id of references(c)) visit(id);
    }
    const from = entryPoints.length === 0
      ? 'an entry point (the file has none: add a client)'
      : `the entry points (${listIds(entryPoints)})`;
    const out: RuleFinding[] = [];
    for (const c of components.values()) {
      if (reached.has(c.id)) continue;
      out.push({
        message: `${c.id} is not called by anything reachable from ${from}: it receives no load`,
        path: c.path,
        range: ctx.locator.keyRange(c.path)!,
      });
    }
    return out;
  },
};

/** Components a component uses by reference rather than by a call. */
function references(c: ComponentNode): (string | undefined)[] {
  const d = c.data;
  switch (d.kind) {
    case 'service':
      return [d.sessionStore];
    case 'cache':
      return [d.fronts, d.sharding?.directory];
    case 'database':
      return [d.sharding?.directory];
    default:
      return [];
  }
}

/** "web", "web and mobile", "a, b, c and 4 more". */
function listIds(ids: readonly string[]): string {
  if (ids.length === 1) return ids[0]!;
  if (ids.length <= NAMED_ENTRIES) return `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
  return `${ids.slice(0, NAMED_ENTRIES).join(', ')} and ${num(ids.length - NAMED_ENTRIES)} more`;
}
