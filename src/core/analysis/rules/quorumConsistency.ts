/**
 * quorum-consistency: a leaderless store promises strong or read-your-writes
 * reads, but its read and write quorums need not overlap (R + W <= N), so a
 * read can ask only replicas that have not yet received the latest
 * acknowledged write.
 */
import type { Fix, JsonPath, RelatedLocation, TextEdit } from '../../findings';
import { replaceValueFix, setPropertyEdit } from '../edits';
import { pct } from '../../text/format';
import type { Rule, RuleContext, RuleFinding } from '../rule';

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
      // Raising one of them to N makes every node a dependency of reads (or writes): one node down stops them.
      const stops = [...(raisedR === n ? ['R'] : []), ...(raisedW === n ? ['W'] : [])];
      const stopsText = (which: string[]) => which.map((q) => (q === 'R' ? 'reads' : 'writes')).join(' or ');
      const alone = (q: 'R' | 'W', to: number) => (to === n ? `a ${q === 'R' ? 'read' : 'write'} waits for all ${n} replicas: one node down stops ${stopsText([q])}` : `${q === 'R' ? 'reads' : 'writes'} wait for ${to} of ${n} replicas`);
      const balanced = balancedQuorum(n, r, w);
      const fixes: Fix[] = [
        ...balancedQuorumFix(ctx, qp, n, r, w, balanced),
        // Raising one alone, unless that is the balanced pair already offered.
        ...(balanced?.r === raisedR && balanced.w === w ? [] : replaceValueFix(`Raise R to ${raisedR} (R + W = ${raisedR + w} > N = ${n}; ${alone('R', raisedR)})`, ctx.locator, path, raisedR)),
        ...(balanced?.r === r && balanced.w === raisedW ? [] : replaceValueFix(`Raise W to ${raisedW} (R + W = ${r + raisedW} > N = ${n}; ${alone('W', raisedW)})`, ctx.locator, [...qp, 'w'], raisedW)),
      ];
      // One preferred fix: the one that keeps reads and writes going with a node down, else raising R.
      fixes.forEach((f, i) => { f.preferred = i === 0; });
      const tradeOff = stops.length > 0 ? `; raising ${stops.join(' or ')} alone to N = ${n} stops ${stopsText(stops)} when one node is down` : '';

      out.push({
        message: `${node.id} ${promise} but R + W = ${r} + ${w} = ${r + w} is not more than N = ${n}: a read can miss the latest acknowledged write (right after a write, up to ${pct(miss)} of reads miss it)${tradeOff}`,
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

/**
 * Quorums that overlap (R + W = N + 1) and still form with one node down (both
 * below N), lowering neither: R as close to a majority as W allows. None
 * exists with N below 3.
 */
function balancedQuorum(n: number, r: number, w: number): { r: number; w: number } | undefined {
  if (n < 3) return undefined;
  const r2 = Math.max(r, Math.min(Math.ceil((n + 1) / 2), n + 1 - w));
  return { r: r2, w: n + 1 - r2 };
}

/** The balanced quorums; with N below 3, each key on 3 nodes with R = W = 2. */
function balancedQuorumFix(ctx: RuleContext, qp: JsonPath, n: number, r: number, w: number, balanced: { r: number; w: number } | undefined): Fix[] {
  const keep = 'with one node down, reads and writes still find their quorums';
  if (!balanced) {
    const edits = [
      setPropertyEdit(ctx.locator, ctx.text, qp, 'n', 3),
      setPropertyEdit(ctx.locator, ctx.text, qp, 'r', 2),
      setPropertyEdit(ctx.locator, ctx.text, qp, 'w', 2),
      setPropertyEdit(ctx.locator, ctx.text, qp.slice(0, -1), 'replicas', 2),
    ];
    if (edits.some((e) => !e)) return [];
    return [{ title: `Store each key on N = 3 nodes with R = W = 2 (R + W = 4 > 3; ${keep})`, edits: edits as TextEdit[] }];
  }
  const edits = [
    ...(balanced.r !== r ? [setPropertyEdit(ctx.locator, ctx.text, qp, 'r', balanced.r)] : []),
    ...(balanced.w !== w ? [setPropertyEdit(ctx.locator, ctx.text, qp, 'w', balanced.w)] : []),
  ];
  if (edits.some((e) => !e)) return [];
  const what = edits.length === 2 ? `Use R = ${balanced.r} and W = ${balanced.w}` : balanced.r !== r ? `Raise R to ${balanced.r}` : `Raise W to ${balanced.w}`;
  return [{ title: `${what} (R + W = ${n + 1} > N = ${n}; ${keep})`, edits: edits as TextEdit[] }];
}
