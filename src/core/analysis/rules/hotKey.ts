/**
 * hot-key: under a skewed (zipf) key popularity the most popular keys
 * concentrate on a few shards whatever the sharding; only a cache in front
 * absorbs them. The busiest shard's share is computed by placing the most
 * popular keys through the store's own sharder.
 */
import { num, pct } from '../../text/format';
import type { Rule, RuleFinding } from '../rule';
import { budgetFinding } from '../shardFindings';
import { cacheFronted } from '../../load/traffic';
import { headLoad, keyCardinality, placementOf, popularityName, type ShardedStore, shardedStores, topShare, workloadPopularity } from '../../load/shardLoad';
import { reaches } from '../../model/loadThresholds';

/** The busiest shard's load over the mean from which a store is reported. */
export const HOT_KEY_BOUND = 2;

/** The rule. */
export const hot_key: Rule = {
  id: 'hot-key',
  run(ctx) {
    const out: RuleFinding[] = [];
    const cached = cacheFronted(ctx.topology);
    const traffic = ctx.load;
    const skipped: ShardedStore[] = [];
    for (const store of shardedStores(ctx.topology)) {
      const { node, sharding } = store;
      if (cached.has(node.id) || sharding.shards < 2) continue;
      const reads = traffic.loads.get(node.id)!.reads;
      if (!(reads > 0)) continue;
      const cardinality = keyCardinality(ctx.topology, sharding)!;
      const popularity = workloadPopularity(ctx.topology, cardinality, sharding);
      if (popularity.distribution !== 'zipf') continue;
      const load = headLoad(ctx.topology, placementOf(sharding), popularity);
      if (!load) {
        skipped.push(store);
        continue;
      }
      if (!reaches(load.maxOverMean, HOT_KEY_BOUND)) continue;
      const top = topShare(ctx.topology, cardinality, popularity.exponent);
      const shards = sharding.shards;
      const measured = load.sampleNote ? `, measured ${load.sampleNote}` : '';
      const absorber = node.kind === 'cache' ? `nothing in front of ${node.id} absorbs the hot keys` : 'no cache absorbs the hot keys';
      const path = store.path;
      const readers = node.callers.filter((e) => e.op !== 'write');
      out.push({
        message: `under ${popularityName(popularity)} keys, the busiest of ${num(shards)} shards takes ${pct(load.busiestShare)} of reads (about ${num(reads * load.busiestShare)} of ${num(reads)} reads/s, ${num(load.maxOverMean)}× the mean${measured}); the most popular key alone draws ${pct(top)}: ${absorber}`,
        path,
        range: ctx.locator.keyRange(path)!,
        related: readers.map((e) => ({
          message: `${e.from} reads ${node.id} here: a cache in front would absorb the hot keys`,
          path: e.path,
          range: ctx.locator.valueRange(e.path)!,
        })),
        data: { shards, busiestShare: load.busiestShare, maxOverMean: load.maxOverMean, topKeyShare: top, readsPerSecond: reads, exponent: popularity.exponent, cardinality },
      });
    }
    const budget = budgetFinding(ctx, skipped);
    if (budget) out.push(budget);
    return out;
  },
};
