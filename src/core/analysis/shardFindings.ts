/**
 * The findings and fixes the sharding rules build from the shard load model
 * (load/shardLoad.ts): the note on stores a check could not afford to
 * measure, and the consistent-hash fix two rules share.
 */
import type { Fix } from '../findings';
import { setPropertyEdit } from './edits';
import { count } from '../text/format';
import type { RuleContext, RuleFinding } from './rule';
import { recommendedVnodes, type ShardedStore, WORK_BUDGET } from '../load/shardLoad';

/**
 * One info finding for the stores a rule could not measure within the
 * budget, at the first of them; undefined when there are none.
 */
export function budgetFinding(ctx: RuleContext, skipped: readonly ShardedStore[]): RuleFinding | undefined {
  const first = skipped[0];
  if (!first) return undefined;
  return {
    severity: 'info',
    message: `${skipped.length === 1 ? '1 sharded store was' : `${count(skipped.length)} sharded stores were`} not checked by this rule: the file's rings and key placements exceed the work one check may spend (about ${WORK_BUDGET / 1e6} ms)`,
    path: first.path,
    range: ctx.locator.keyRange(first.path)!,
    data: { skippedStores: skipped.length },
  };
}

/**
 * The fix modulo-sharding and monotonic-range-shard-key share: strategy
 * "consistentHash" with the smallest candidate vnode count whose ring stays
 * within VNODE_BOUND, so the fix raises no too-few-vnodes finding.
 */
export function consistentHashFix(ctx: RuleContext, store: ShardedStore): Fix[] {
  const strategy = ctx.locator.value([...store.path, 'strategy']);
  const rec = recommendedVnodes(ctx.topology, store.sharding.shards);
  if (!strategy || !rec) return [];
  const vnodes = setPropertyEdit(ctx.locator, ctx.text, store.path, 'vnodes', rec.vnodes);
  if (!vnodes) return [];
  return [{
    title: `Use a consistent-hash ring with ${rec.vnodes} vnodes per shard`,
    edits: [{ offset: strategy.offset, length: strategy.length, newText: JSON.stringify('consistentHash') }, vnodes],
    preferred: true,
  }];
}
