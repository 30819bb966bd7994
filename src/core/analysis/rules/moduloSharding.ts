/**
 * modulo-sharding: with hash(key) mod N, changing N reassigns almost every
 * key, so adding a shard is a full migration; a consistent-hash ring moves
 * only the new shard's share.
 */
import { moduloMovedFraction, ringExpectedMovedFraction } from '../../sim/sharding';
import { num, pct } from '../../text/format';
import type { Rule, RuleFinding } from '../rule';
import { consistentHashFix } from '../shardFindings';
import { shardedStores } from '../../load/shardLoad';

/** The rule. */
export const modulo_sharding: Rule = {
  id: 'modulo-sharding',
  run(ctx) {
    const out: RuleFinding[] = [];
    for (const store of shardedStores(ctx.topology)) {
      const { sharding } = store;
      if (sharding.strategy !== 'modulo') continue;
      const n = sharding.shards;
      const modulo = moduloMovedFraction(n, n + 1);
      const ring = ringExpectedMovedFraction(n, n + 1);
      if (!(modulo > ring)) continue; // one shard: both move half
      const path = [...store.path, 'strategy'];
      out.push({
        message: `hash mod ${num(n)}: adding one shard moves ${pct(modulo)} of keys; a consistent-hash ring would move about ${pct(ring)}`,
        path,
        range: ctx.locator.valueRange(path)!,
        fixes: consistentHashFix(ctx, store),
        data: { shards: n, movedFraction: modulo, ringMovedFraction: ring },
      });
    }
    return out;
  },
};
