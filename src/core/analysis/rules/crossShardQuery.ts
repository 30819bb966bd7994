/**
 * cross-shard-query: a query that does not filter on the shard key cannot be
 * routed to one shard; it asks every shard and waits for the slowest.
 */
import { num } from '../../text/format';
import type { Rule, RuleFinding } from '../rule';
import { shardedStores } from '../../load/shardLoad';

/** The rule. */
export const cross_shard_query: Rule = {
  id: 'cross-shard-query',
  run(ctx) {
    const out: RuleFinding[] = [];
    for (const store of shardedStores(ctx.topology)) {
      const { node, sharding } = store;
      if (node.data.kind !== 'database' || !node.data.queries || !sharding.key || sharding.shards < 2) continue;
      const field = sharding.key.field;
      const fieldPath = [...store.path, 'key', 'field'];
      const shards = sharding.shards;
      node.data.queries.forEach((q, i) => {
        if (q.by.includes(field)) return;
        const byPath = [...node.path, 'queries', i, 'by'];
        const load = q.share !== undefined ? ctx.load.loads.get(node.id)! : undefined;
        const rate = load ? (load.reads + load.writes) * q.share! : 0;
        const cost = rate > 0 ? ` (~${num(rate)} queries/s become ${num(rate * shards)} shard requests/s)` : '';
        out.push({
          message: `query ${q.name} does not filter on the shard key ${field}: it is sent to all ${num(shards)} shards and waits for the slowest${cost}`,
          path: byPath,
          range: ctx.locator.valueRange(byPath)!,
          related: [{ message: `${node.id} is sharded on ${field}`, path: fieldPath, range: ctx.locator.valueRange(fieldPath)! }],
          data: { shards, queriesPerSecond: rate, shardRequestsPerSecond: rate * shards, ...(q.share !== undefined ? { share: q.share } : {}) },
        });
      });
    }
    return out;
  },
};
