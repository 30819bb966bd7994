/**
 * quorum-consistency: a leaderless store promises strong or read-your-writes
 * reads, but its read and write quorums need not overlap (R + W <= N), so a
 * read can ask only replicas that have not yet received the latest
 * acknowledged write.
 */
import type { Fix, JsonPath, RelatedLocation } from '../../findings';
import { replaceValueFix } from '../edits';
import { pct } from '../format';
import type { Rule, RuleFinding } from '../rule';

/** How each promise reads in a message. */
const PROMISE: Readonly<Record<string, string>> = { strong: 'strong', readYourWrites: 'read-your-writes' };

/**
 * The chance that R replicas picked at random out of N all miss a write that
 * only W of them hold yet: C(N - W, R) / C(N, R). It is the exposure right
 * after the acknowledgement, before the other replicas catch up.
 */
export function missProbability(n: number, r: number, w: number): number {
  let p = 1;
  for (let i = 0; i < r; i++) p *= Math.max(0, n - w - i) / (n - i);
  return p;
}

/** The rule. */
export const quorum_consistency: Rule = {
  id: 'quorum-consistency',
  run(ctx) {
    const out: RuleFinding[] = [];
    for (const node of ctx.topology.components.values()) {
      const c = node.data;
      // Databases are the stores that declare a consistency (default strong).
      if (c.kind !== 'database' || c.replication?.topology !== 'leaderless' || !c.replication.quorum) continue;
      if (c.consistency !== 'strong' && c.consistency !== 'readYourWrites') continue;
      const { n, r, w } = c.replication.quorum;
      if (r + w > n) continue;
      const miss = missProbability(n, r, w);

      const qp: JsonPath = [...node.path, 'replication', 'quorum'];
      const path: JsonPath = [...qp, 'r'];
      const consistencyPath: JsonPath = [...node.path, 'consistency'];
      const declared = ctx.locator.value(consistencyPath) !== undefined;
      const promise = declared ? `is declared ${PROMISE[c.consistency]}` : 'is strong by default (no consistency declared)';
      const related: RelatedLocation[] = [
        declared
          ? { message: `declared ${PROMISE[c.consistency]}`, path: consistencyPath, range: ctx.locator.valueRange(consistencyPath)! }
          : { message: 'no consistency declared: databases default to strong', path: node.path, range: ctx.locator.keyRange(node.path)! },
        { message: `a write is acknowledged once W = ${w} of the N = ${n} replicas have it`, path: [...qp, 'w'], range: ctx.locator.valueRange([...qp, 'w'])! },
        { message: `each key is stored on N = ${n} replicas`, path: [...qp, 'n'], range: ctx.locator.valueRange([...qp, 'n'])! },
      ];

      const raisedR = n - w + 1;
      const raisedW = n - r + 1;
      const fixes: Fix[] = [
        ...replaceValueFix(`Raise R to ${raisedR} (R + W = ${raisedR + w} > N = ${n}; reads wait for ${raisedR} of ${n} replicas)`, ctx.locator, path, raisedR),
        ...replaceValueFix(`Raise W to ${raisedW} (R + W = ${r + raisedW} > N = ${n}; writes wait for ${raisedW} of ${n} replicas)`, ctx.locator, [...qp, 'w'], raisedW).map((f) => ({ ...f, preferred: false })),
      ];

      out.push({
        message: `${node.id} ${promise} but R + W = ${r} + ${w} = ${r + w} is not more than N = ${n}: a read can miss the latest acknowledged write (right after a write, up to ${pct(miss)} of reads miss it)`,
        path,
        range: ctx.locator.valueRange(path)!,
        related,
        fixes,
        data: { n, r, w, consistency: c.consistency, missProbability: miss },
      });
    }
    return out;
  },
};
