/**
 * The replica set a store's glyph expands to (see replicaSet.ts), made from
 * the validated component and its load at peak: the counts are
 * `nodeCountsOf`'s and the figures the load model's (the component's reads
 * and writes, its busiest shard, each node's share of a unit: `busiestUnit`
 * and `unitNodeRps`), so that the rows say what the hover, the heat and the
 * rules say.
 */
import type { ComponentLoad } from '../load/traffic';
import { busiestUnit, unitNodeRps } from '../load/traffic';
import { nodeCountsOf } from '../model/nodeCounts';
import type { ComponentData } from '../model/schema';
import { MODE_WORDS } from './nodeGlyph';
import { MAX_EXPANDED_COPIES, MAX_EXPANDED_UNITS, type ReplicaCopy, type ReplicaSet, type UnitLoad } from './replicaSet';

/**
 * The replica set of a validated store that is sharded or replicated (what
 * the glyph says "N shards · primary + R mode" of); undefined for anything
 * else. `load`: the component's load at peak, when the file was analysed.
 */
export function replicaSetOf(data: ComponentData, load: ComponentLoad | undefined): ReplicaSet | undefined {
  const counts = nodeCountsOf(data);
  if (!counts.store || (counts.shards === undefined && counts.shape === 'single')) return undefined;
  const copiesPerUnit = counts.nodes / counts.units;
  const set: ReplicaSet = { sharded: counts.shards !== undefined, units: counts.units, copiesPerUnit };
  if (counts.units > MAX_EXPANDED_UNITS || copiesPerUnit > MAX_EXPANDED_COPIES) return set;
  const rep = 'replication' in data ? data.replication : undefined;
  const mode = MODE_WORDS[rep?.mode ?? 'async'] ?? 'async';
  const lead: ReplicaCopy['role'] = counts.shape === 'leaderless' ? 'node' : counts.shape === 'multiLeader' ? 'leader' : 'primary';
  const copies: ReplicaCopy[] = [];
  for (let l = 0; l < counts.primariesPerUnit; l++) {
    copies.push({ role: lead });
    for (let r = 0; r < counts.replicasPerPrimary; r++) copies.push({ role: 'replica', mode });
  }
  set.copies = copies;
  if (load) {
    const unitLoad = (skew: ComponentLoad['busiestShard']): UnitLoad => {
      const { unitReads, unitWrites } = busiestUnit(load.reads, load.writes, counts.units, skew);
      const { primary, replica } = unitNodeRps(data, unitReads, unitWrites, counts);
      return { rps: unitReads + unitWrites, copyRps: copies.map((c) => (c.role === 'replica' ? replica : primary)) };
    };
    const skew = load.busiestShard;
    set.load = { unit: unitLoad(undefined), ...(skew ? { hottest: { ...unitLoad(skew), unit: skew.shard, share: skew.share } } : {}) };
  }
  return set;
}
