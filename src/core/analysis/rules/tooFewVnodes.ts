/**
 * too-few-vnodes: a consistent-hash ring with few points per shard has arcs of
 * very different lengths, so some shards own much more of the key space than
 * others. Measured on the ring the file declares (the same ring the
 * simulation builds).
 */
import { setPropertyFix } from '../edits';
import { num } from '../../text/format';
import type { Rule, RuleFinding } from '../rule';
import { budgetFinding } from '../shardFindings';
import { aboveVnodeBound, recommendedVnodes, ringBalance, type ShardedStore, shardedStores, VNODE_BOUND } from '../../load/shardLoad';

/** The rule. */
export const too_few_vnodes: Rule = {
  id: 'too-few-vnodes',
  run(ctx) {
    const out: RuleFinding[] = [];
    const skipped: ShardedStore[] = [];
    for (const store of shardedStores(ctx.topology)) {
      const { sharding } = store;
      if (sharding.strategy !== 'consistentHash' || sharding.shards < 2) continue;
      const shards = sharding.shards;
      const vnodes = sharding.vnodes ?? 1;
      const balance = ringBalance(ctx.topology, shards, vnodes);
      if (!balance) {
        skipped.push(store);
        continue;
      }
      if (!aboveVnodeBound(balance.maxOverMean)) continue;
      const declared = sharding.vnodes !== undefined;
      const path = declared ? [...store.path, 'vnodes'] : [...store.path, 'strategy'];
      const rec = recommendedVnodes(ctx.topology, shards, vnodes);
      const where = balance.sampled ? `measured on the ring of the first ${num(balance.ringShards)} shards` : 'measured on the ring';
      const ring = declared ? `${num(shards)} shards × ${num(vnodes)} vnodes` : `${num(shards)} shards with no vnodes (1 point each)`;
      const recWhere = rec?.balance.sampled ? ` (on the first ${num(rec.balance.ringShards)} shards)` : '';
      const better = rec ? `; ${num(rec.vnodes)} vnodes brings it to about ${num(rec.balance.maxOverMean)}×${recWhere}` : '';
      out.push({
        message: `${ring}: the busiest shard owns ${num(balance.maxOverMean)}× the mean share of keys (${where})${better}`,
        path,
        range: ctx.locator.valueRange(path)!,
        ...(rec ? { fixes: setPropertyFix(`Set vnodes to ${rec.vnodes}`, ctx.locator, ctx.text, store.path, 'vnodes', rec.vnodes) } : {}),
        data: { shards, vnodes, maxOverMean: balance.maxOverMean, bound: VNODE_BOUND, ...(rec ? { recommendedVnodes: rec.vnodes, recommendedMaxOverMean: rec.balance.maxOverMean } : {}) },
      });
    }
    const budget = budgetFinding(ctx, skipped);
    if (budget) out.push(budget);
    return out;
  },
};
