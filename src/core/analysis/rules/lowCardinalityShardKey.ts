/**
 * low-cardinality-shard-key: a shard key with fewer values than shards leaves
 * shards empty; with only a few values per shard, the busiest shard carries a
 * multiple of the mean. The imbalance is measured by placing every value of
 * the key through the store's sharder, weighted by the workload's popularity.
 */
import { num, plural } from '../../text/format';
import type { Rule, RuleFinding } from '../rule';
import { budgetFinding } from '../shardFindings';
import { exactLoad, keyCardinality, placementOf, popularityName, type ShardedStore, shardedStores, VALUES_PER_SHARD_MEASURED, workloadPopularity } from '../../load/shardLoad';

export { VALUES_PER_SHARD_MEASURED };
import { reaches } from '../../model/loadThresholds';

/** The busiest shard's load over the mean from which a key is reported. */
export const LOW_CARDINALITY_BOUND = 1.5;

/** The rule. */
export const low_cardinality_shard_key: Rule = {
  id: 'low-cardinality-shard-key',
  run(ctx) {
    const out: RuleFinding[] = [];
    const skipped: ShardedStore[] = [];
    for (const store of shardedStores(ctx.topology)) {
      const { sharding } = store;
      const cardinality = keyCardinality(ctx.topology, sharding);
      const shards = sharding.shards;
      if (cardinality === undefined || shards < 2 || cardinality > VALUES_PER_SHARD_MEASURED * shards) continue;
      const field = sharding.key?.field;
      const name = field !== undefined ? `shard key ${field}` : 'the shard key (the workload\'s keys)';
      const path = sharding.key?.cardinality !== undefined
        ? [...store.path, 'key', 'cardinality']
        : sharding.key ? [...store.path, 'key', 'field'] : store.path;
      const range = path === store.path ? ctx.locator.keyRange(path)! : ctx.locator.valueRange(path)!;
      const related = sharding.key?.cardinality === undefined && ctx.topology.file.workload.keys
        ? [{ message: 'the key cardinality, taken from the workload', path: ['workload', 'keys', 'cardinality'], range: ctx.locator.valueRange(['workload', 'keys', 'cardinality'])! }]
        : undefined;
      if (cardinality < shards) {
        const empty = shards - cardinality;
        out.push({
          severity: 'error',
          message: `${name} has ${plural(cardinality, 'value')} for ${num(shards)} shards: at least ${plural(empty, 'shard gets', 'shards get')} nothing`,
          path,
          range,
          ...(related ? { related } : {}),
          data: { cardinality, shards, emptyShards: empty },
        });
        continue;
      }
      const popularity = workloadPopularity(ctx.topology, cardinality, sharding);
      const load = exactLoad(ctx.topology, placementOf(sharding), popularity);
      if (!load) {
        skipped.push(store);
        continue;
      }
      if (!reaches(load.maxOverMean, LOW_CARDINALITY_BOUND)) continue;
      const perShard = cardinality / shards;
      let why = '';
      let uniformMax: number | undefined;
      if (popularity.distribution === 'zipf') {
        uniformMax = exactLoad(ctx.topology, placementOf(sharding), { distribution: 'uniform', cardinality, exponent: 0 })?.maxOverMean;
        why = ` under the workload's ${popularityName(popularity)} popularity${uniformMax !== undefined ? ` (${num(uniformMax)}× if every value were equally popular)` : ''}`;
      }
      const measured = load.sampleNote ? ` (measured ${load.sampleNote})` : '';
      out.push({
        message: `${name} has ~${num(cardinality)} values for ${num(shards)} shards (about ${num(Math.round(perShard * 10) / 10)} per shard): the busiest shard gets ${num(load.maxOverMean)}× the mean load${why}${measured}`,
        path,
        range,
        ...(related ? { related } : {}),
        data: {
          cardinality,
          shards,
          valuesPerShard: perShard,
          maxOverMean: load.maxOverMean,
          busiestShare: load.busiestShare,
          emptyShards: load.empty,
          ...(uniformMax !== undefined ? { uniformMaxOverMean: uniformMax } : {}),
        },
      });
    }
    const budget = budgetFinding(ctx, skipped);
    if (budget) out.push(budget);
    return out;
  },
};
