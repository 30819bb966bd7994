/**
 * headroom: with a growth target declared (`workload.growth`), every
 * component that runs out of its binding resource before the workload has
 * grown that much, in the order they saturate, with the move that fits its
 * design and, where the move is a count, a Quick Fix that sets it. The
 * multiples come from the check's load model (load/headroom.ts), the moves
 * from load/growthMoves.ts; without a target the rule has nothing to judge.
 */
import type { JsonPath } from '../../findings';
import type { GrowthMove } from '../../load/growthMoves';
import { type Saturation, saturatingNode } from '../../load/headroom';
import { headroomPlan } from '../../load/headroomPlan';
import { MAX_RATE, RESOURCE_NAMES, RESOURCE_PROPERTY } from '../../load/traffic';
import { nodeCountsOf } from '../../model/nodeCounts';
import { num, ordinal, pct } from '../../text/format';
import { possessive } from '../../text/possessive';
import { setPropertyFix } from '../edits';
import type { Rule, RuleContext, RuleFinding } from '../rule';

/** The rule. */
export const headroom: Rule = {
  id: 'headroom',
  run(ctx) {
    const target = ctx.topology.file.workload.growth;
    if (target === undefined) return [];
    const h = headroomPlan(ctx.topology, ctx.load, target, ['short']);
    const short = h.order.filter((s) => s.verdict === 'short');
    const out: RuleFinding[] = [];
    short.forEach((s, i) => {
      const move = s.move!;
      const rank = i === 0 ? 'saturates first as the workload grows' : `is the ${ordinal(i + 1)} of ${short.length} to saturate before the target`;
      const message = `${s.id} ${rank}: ${saturatingNode(s, nodeCountsOf(ctx.topology.components.get(s.id)!.data))} runs out of ${RESOURCE_NAMES[s.resource]} at ${num(s.multiple)}× today's peak (${num(s.multiple * h.peakRps)} rps of workload), short of the ${num(target)}× growth target; the move: ${move.text}${move.alternative ? `; or ${move.alternative}` : ''}`;
      out.push(finding(ctx, s, move, message, { multiple: s.multiple, target, resource: s.resource, utilization: s.utilization, move: move.kind, ...(move.count ? { count: move.count.to } : {}) }));
    });
    for (const b of h.beyond) {
      if (b.atLeast >= target) continue;
      const message = `${b.id}'s headroom could not be judged past ${num(b.atLeast)}× today's peak: some load on the way reaches the model's cap of ${num(MAX_RATE)} rps first, so whether it carries the ${num(target)}× growth target is not known`;
      out.push({ ...finding(ctx, b, undefined, message, { atLeast: b.atLeast, target }), severity: 'info' });
    }
    return out;
  },
};

/**
 * The finding at the capacity that runs out (as the capacity rule places
 * its own, and where it stays whatever the move: a count changed by a fix
 * does not move it), with the growth target and the count the move changes.
 */
function finding(ctx: RuleContext, s: Pick<Saturation, 'id' | 'resource'>, move: GrowthMove | undefined, message: string, data: Record<string, number | string>): RuleFinding {
  const node = ctx.topology.components.get(s.id)!;
  const capPath = [...node.path, 'capacity'];
  const propPath = [...capPath, RESOURCE_PROPERTY[s.resource]];
  const related: NonNullable<RuleFinding['related']> = [{ message: 'the growth target', path: ['workload', 'growth'], range: ctx.locator.valueRange(['workload', 'growth'])! }];
  const set = move?.set;
  const changed: JsonPath | undefined = set ? [...set.objectPath, set.key] : undefined;
  const changedRange = changed && ctx.locator.valueRange(changed);
  if (changed && changedRange) related.push({ message: `${possessive(s.id)} ${set!.key}: ${num(set!.value)} carry the target`, path: changed, range: changedRange });
  return {
    message,
    path: ctx.locator.value(propPath) ? propPath : capPath,
    range: ctx.locator.valueRange(propPath) ?? ctx.locator.keyRange(capPath)!,
    related,
    data,
    ...(set ? { fixes: setPropertyFix(fixTitle(s.id, set.key, set.value, move!), ctx.locator, ctx.text, set.objectPath, set.key, set.value) } : {}),
  };
}

function fixTitle(id: string, key: string, value: number, move: GrowthMove): string {
  return `Set ${possessive(id)} ${key} to ${num(value)} (${pct(move.target * move.utilizationAtTarget!)} at ${num(move.target)}×)`;
}
