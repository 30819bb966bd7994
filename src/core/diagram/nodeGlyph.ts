/**
 * What a component's box says of how it is built, in a few words: a store's
 * shards, replication and failover ("64 shards · primary + 2 async ·
 * automatic failover"), a multi-leader store's conflict policy, a leaderless
 * store's quorum, a queue's partitions, a cache's or CDN's hit ratio, a
 * balancer's sticky sessions, a service's sessions held in memory.
 *
 * The counts are `nodeCountsOf`'s, the one derivation the hover, the outline
 * and the load model read. The same words come from a validated component
 * and from a declaration that does not validate yet (read as written, with
 * the format's defaults), so that a file invalid for a moment keeps its boxes'
 * sizes and its layout.
 */
import { nodeCountsOf, type CountedShape, type NodeCounts } from '../model/nodeCounts';
import { num, pct, plural } from '../text/format';

/** How each replication mode reads on the glyph (and on an expanded glyph's replicas). */
export const MODE_WORDS: Readonly<Record<string, string>> = { async: 'async', semiSync: 'semi-sync', sync: 'sync' };
/** How each failover mode reads; a replicated store that declares none has none. */
const FAILOVER_WORDS: Readonly<Record<string, string>> = { automatic: 'automatic failover', manual: 'manual failover', none: 'no failover' };
/** How each conflict policy of a multi-leader store reads. */
const CONFLICT_WORDS: Readonly<Record<string, string>> = { lastWriteWins: 'last write wins', crdt: 'CRDT merge', applicationMerge: 'application merge', none: 'no conflict policy' };

/**
 * The glyph's parts of a component (a validated one's data, or a
 * declaration's value as written when `counted` is its `countedShapeOf`);
 * empty when there is nothing to say beyond the kind and instance count.
 */
export function glyphParts(value: unknown, counted?: CountedShape): string[] {
  if (!isObject(value) || typeof value.kind !== 'string') return [];
  const counts = nodeCountsOf(counted ?? (value as unknown as CountedShape));
  const parts: string[] = [];
  if (counts.store) parts.push(...storeParts(value, counts));
  if (value.kind === 'queue' && positiveInteger(value.partitions)) parts.push(plural(value.partitions, 'partition'));
  if ((value.kind === 'cache' || value.kind === 'cdn') && typeof value.hitRatio === 'number' && value.hitRatio > 0 && value.hitRatio <= 1) parts.push(`${pct(value.hitRatio)} hits`);
  if (value.kind === 'loadBalancer' && value.stickySessions === true) parts.push('sticky sessions');
  if (value.kind === 'service' && value.state === 'local') parts.push('sessions in memory');
  return parts;
}

/** A store's shards, replication and failover. */
function storeParts(value: Record<string, unknown>, c: NodeCounts): string[] {
  const parts: string[] = [];
  if (c.shards !== undefined) parts.push(plural(c.shards, 'shard'));
  const rep = isObject(value.replication) ? value.replication : undefined;
  const mode = MODE_WORDS[typeof rep?.mode === 'string' ? rep.mode : 'async'] ?? 'async';
  // Per unit when sharded (each shard has them), for all units together otherwise.
  const each = c.shards === undefined && c.units > 1;
  switch (c.shape) {
    case 'singleLeader': {
      parts.push(each ? `${num(c.units)} primaries + ${num(c.replicasPerPrimary)} ${mode} each` : `primary + ${num(c.replicasPerPrimary)} ${mode}`);
      const failover = isObject(rep?.failover) && typeof rep.failover.mode === 'string' ? rep.failover.mode : 'none';
      parts.push(FAILOVER_WORDS[failover] ?? 'no failover');
      break;
    }
    case 'multiLeader': {
      parts.push(`${plural(c.primariesPerUnit, 'leader')}${c.replicasPerPrimary > 0 ? ` + ${num(c.replicasPerPrimary)} ${mode} each` : ''}`);
      const policy = typeof rep?.conflictResolution === 'string' ? rep.conflictResolution : 'none';
      parts.push(CONFLICT_WORDS[policy] ?? 'no conflict policy');
      break;
    }
    case 'leaderless': {
      const q = isObject(rep?.quorum) ? rep.quorum : {};
      const n = (k: string) => (positiveInteger(q[k]) ? num(q[k]) : '?');
      parts.push(`quorum N=${n('n')} R=${n('r')} W=${n('w')}`);
      break;
    }
    case 'single':
      // Said when it is a choice worth seeing: replication declared with no replicas, or shards without copies.
      if (rep || c.shards !== undefined) parts.push('no replicas');
      break;
  }
  return parts;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function positiveInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}
