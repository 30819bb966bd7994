/**
 * What a store's replication declares of its lag and of a failover's loss:
 * the figures the rules, the availability model and the recovery objectives
 * read alike.
 */
import type { ComponentData, ReplicationData } from './schema';
import { lognormalFromPercentiles } from '../sim/random';

/** The lag assumed when a store declares none: typical of a healthy asynchronous replica on a LAN. */
export const ASSUMED_LAG_MS = { p50: 10, p99: 100 } as const;

/** The replication block of a store, if it has one. */
export function replicationOf(c: ComponentData): ReplicationData | undefined {
  return c.kind === 'database' || c.kind === 'cache' || c.kind === 'queue' || c.kind === 'directory' ? c.replication : undefined;
}

/** Replication lag as the rules use it: the declared (or assumed) percentiles and the mean of the lognormal fitted to them. */
export interface LagEstimate {
  p50: number;
  p99: number;
  /** Mean lag in ms: exp(mu + sigma^2 / 2) of the fitted lognormal, never above p99. */
  mean: number;
  /** True when the store declares no lag and ASSUMED_LAG_MS stands in. */
  assumed: boolean;
}

/** The lag of a replication block, declared or assumed. */
export function lagOf(rep: ReplicationData): LagEstimate {
  const { p50, p99 } = rep.lag ?? ASSUMED_LAG_MS;
  const assumed = rep.lag === undefined;
  // A median of 0 cannot be fitted (the lognormal lives above 0): take the p99 as the window.
  if (!(p50 > 0)) return { p50, p99, mean: Math.max(0, p99), assumed };
  const { sigma } = lognormalFromPercentiles(p50, p99);
  // exp(mu + sigma^2 / 2) with exp(mu) = p50, written so that sigma 0 gives the p50 exactly.
  // With p99/p50 beyond ~50,000 the fitted mean exceeds the p99, dominated by a tail nobody declared.
  const mean = Math.min(p50 * Math.exp((sigma * sigma) / 2), Math.max(p50, p99));
  return { p50, p99, mean, assumed };
}

/** True when automatic failover of this replication can lose acknowledged writes: async, or semi-sync allowed to fall back to async. */
export function losesWritesOnFailover(rep: ReplicationData): boolean {
  return rep.mode === 'async' || (rep.mode === 'semiSync' && rep.semiSyncTimeout !== undefined);
}
