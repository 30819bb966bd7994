/**
 * monotonic-range-shard-key: range sharding keeps keys in order, so a key that
 * only grows (a timestamp, an auto-increment id) sends every new write to the
 * shard holding the highest range.
 */
import { SequentialKeys } from '../../sim/keys';
import { evenRangeBoundaries, measureLoad, RangeSharder } from '../../sim/sharding';
import { num, pct } from '../../text/format';
import type { Rule, RuleContext, RuleFinding } from '../rule';
import { budgetFinding, consistentHashFix } from '../shardFindings';
import { afford, keyCardinality, type ShardedStore, shardedStores } from '../../load/shardLoad';
import { KeptWith } from '../../model/keptWith';

/** New keys simulated past the existing ones. */
const NEW_KEYS = 1024;

/** Existing keys assumed when neither the key nor the workload declares a cardinality (only the range boundaries depend on it). */
const DEFAULT_EXISTING_KEYS = 1_000_000;

/** Estimated nanoseconds of one simulation: the sharder's boundaries and ids, then the keys. */
const simulationCost = (shards: number) => shards * 100 + NEW_KEYS * 60;

/**
 * The next writes simulated: sequential keys past the existing ones, through
 * ranges split evenly over them; once per check per shape, within the
 * check's work budget (undefined past it).
 */
function lastWrites(ctx: RuleContext, existing: number, shards: number): ReturnType<typeof measureLoad> | undefined {
  let byShape = simulated.get(ctx.topology);
  if (!byShape) simulated.set(ctx.topology, (byShape = new Map()));
  const key = `${existing}|${shards}`;
  if (byShape.has(key)) return byShape.get(key);
  const result = afford(ctx.topology, simulationCost(shards))
    ? measureLoad(new RangeSharder(evenRangeBoundaries(existing, shards)), new SequentialKeys(existing + NEW_KEYS, existing), NEW_KEYS)
    : undefined;
  byShape.set(key, result);
  return result;
}

const simulated = new KeptWith<RuleContext['topology'], Map<string, ReturnType<typeof measureLoad> | undefined>>();

/** The rule. */
export const monotonic_range_shard_key: Rule = {
  id: 'monotonic-range-shard-key',
  run(ctx) {
    const out: RuleFinding[] = [];
    const skipped: ShardedStore[] = [];
    const sequentialWorkload = ctx.topology.file.workload.keys?.distribution === 'sequential';
    for (const store of shardedStores(ctx.topology)) {
      const { sharding, node } = store;
      if (sharding.strategy !== 'range' || sharding.shards < 2) continue;
      const monotonicPath = [...store.path, 'key', 'monotonic'];
      const declared = ctx.locator.value(monotonicPath);
      // An explicit "monotonic": false overrides a sequential workload: this key is not the sequential one.
      const monotonic = sharding.key?.monotonic === true || (sequentialWorkload && declared === undefined);
      if (!monotonic) continue;
      const shards = sharding.shards;
      // Only the boundaries depend on the existing keys; keep room for the new ones below 2^53.
      const existing = Math.min(keyCardinality(ctx.topology, sharding) ?? DEFAULT_EXISTING_KEYS, 2 ** 52);
      const simulation = lastWrites(ctx, existing, shards);
      if (!simulation) {
        skipped.push(store);
        continue;
      }
      const { stats } = simulation;
      const share = stats.max / stats.total;
      const idle = shards - 1;
      const writes = ctx.load.loads.get(node.id)!.writes;
      const last = stats.hottest === shards - 1 ? `the last of ${num(shards)} shards` : `shard ${stats.hottest} of ${num(shards)}`;
      const what = share >= 1 ? `every new write lands on ${last}` : `${pct(share)} of new writes land on ${last}`;
      const rate = writes > 0 ? ` (${share >= 1 ? 'all ' : ''}${num(writes * share)} writes/s)` : '';
      const field = sharding.key?.field;
      const path = sharding.key?.monotonic === true ? monotonicPath : [...store.path, 'strategy'];
      const reason = sharding.key?.monotonic === true ? 'which only grows' : 'and the workload\'s keys are sequential';
      out.push({
        message: `range sharding on ${field ?? 'the shard key'}, ${reason}: ${what}${rate}, ${idle === 1 ? 'the other one takes' : `the other ${num(idle)} take`} none`,
        path,
        range: ctx.locator.valueRange(path)!,
        ...(path === monotonicPath ? { related: [{ message: 'range sharding', path: [...store.path, 'strategy'], range: ctx.locator.valueRange([...store.path, 'strategy'])! }] } : {}),
        fixes: consistentHashFix(ctx, store),
        data: { shards, hottestShare: share, writesPerSecond: writes },
      });
    }
    const budget = budgetFinding(ctx, skipped);
    if (budget) out.push(budget);
    return out;
  },
};

