/**
 * Recovery objectives a store's design gives when a node that accepts writes
 * dies: how long its writes stop (RTO: the failover's detection and
 * promotion, a manual failover, or the node's repair when nothing takes
 * over) and how much acknowledged data can be lost (RPO: nothing when every
 * acknowledged write is on a replica that can be promoted, else the writes
 * of the replication lag window, up to its p99; unbounded by the design with
 * no replica at all: whatever the last backup holds).
 */
import type { TrafficModel } from '../load/traffic';
import { nodeCountsOf } from '../model/nodeCounts';
import { lagOf, losesWritesOnFailover, replicationOf } from '../model/replicationLag';
import type { Topology } from '../model/topology';
import { failoverOf, type FileFigures, nodeRateOf } from './failureFigures';

/** What losing a node that accepts writes costs one store. */
export interface StoreRecovery {
  id: string;
  kind: string;
  /** How long its writes (of the unit that lost the node) stop; undefined when it declares only its availability as a whole. */
  rtoMs: number | undefined;
  /** What the RTO is made of. */
  rto: 'failover' | 'manual failover' | 'repair' | 'other leaders' | 'quorum' | 'declared availability';
  /** The window of acknowledged writes that can be lost; 0 none; undefined: not bounded by the design (no replica). */
  rpoMs: number | undefined;
  /** What the RPO follows from. */
  rpo: 'sync' | 'semiSync' | 'quorum' | 'lag' | 'no replica';
  /** Expected acknowledged writes lost per failover at peak (write rate per primary × mean lag); 0 when none can be. */
  lostWritesPerFailover: number;
  /** Whether the lag behind the RPO is assumed (none declared). */
  lagAssumed: boolean;
}

/** The recovery objectives of every store of a topology, in declaration order. */
export function recoveryOf(topology: Topology, load: TrafficModel, file: FileFigures): StoreRecovery[] {
  const out: StoreRecovery[] = [];
  for (const node of topology.components.values()) {
    const d = node.data;
    if (d.kind !== 'database' && d.kind !== 'cache' && d.kind !== 'queue' && d.kind !== 'directory') continue;
    const rate = nodeRateOf(node, file);
    const c = nodeCountsOf(d);
    const rep = replicationOf(d);
    const base = { id: node.id, kind: d.kind, lostWritesPerFailover: 0, lagAssumed: false };
    if (!rep || c.shape === 'single') {
      out.push({ ...base, rtoMs: rate?.mttr, rto: rate ? 'repair' : 'declared availability', rpoMs: undefined, rpo: 'no replica' });
      continue;
    }
    const lag = lagOf(rep);
    const perPrimary = load.loads.get(node.id)!.writes / c.primaries;
    if (c.shape === 'leaderless') {
      const q = rep.quorum!;
      const lossless = q.w >= 2;
      out.push({
        ...base,
        rtoMs: q.n - q.w >= 1 ? 0 : rate?.mttr, rto: q.n - q.w >= 1 ? 'quorum' : 'repair',
        rpoMs: lossless ? 0 : lag.p99, rpo: lossless ? 'quorum' : 'lag', lagAssumed: !lossless && lag.assumed,
        lostWritesPerFailover: lossless ? 0 : (perPrimary * lag.mean) / 1000,
      });
      continue;
    }
    if (c.shape === 'multiLeader') {
      const lossless = rep.mode === 'sync';
      out.push({
        ...base, rtoMs: file.detectionMs, rto: 'other leaders',
        rpoMs: lossless ? 0 : lag.p99, rpo: lossless ? 'sync' : 'lag', lagAssumed: !lossless && lag.assumed,
        lostWritesPerFailover: lossless ? 0 : (perPrimary * lag.mean) / 1000,
      });
      continue;
    }
    const f = failoverOf(rep, file);
    const rto = f.mode === 'automatic' ? { rtoMs: f.ms, rto: 'failover' as const } : f.mode === 'manual' ? { rtoMs: f.ms, rto: 'manual failover' as const } : { rtoMs: rate?.mttr, rto: 'repair' as const };
    const lossy = losesWritesOnFailover(rep);
    out.push({
      ...base, ...rto,
      rpoMs: lossy ? lag.p99 : 0, rpo: lossy ? 'lag' : rep.mode === 'sync' ? 'sync' : 'semiSync', lagAssumed: lossy && lag.assumed,
      lostWritesPerFailover: lossy && f.mode !== 'none' ? (perPrimary * lag.mean) / 1000 : 0,
    });
  }
  return out;
}
