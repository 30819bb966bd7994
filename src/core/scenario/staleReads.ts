/**
 * Steady-state stale reads of a store that reads from replicas, in closed
 * form. Writes to key k arrive as a Poisson process at λ p_k (λ the store's
 * write rate, p_k the key's popularity); a read of k at a replica is stale
 * when some write to k acknowledged before it has not reached that replica
 * yet. The number of such writes is Poisson with mean λ p_k W, where W is the
 * mean time a write spends acknowledged but not on the replica read: the
 * mean lag E[L] for async, E[L] - E[min of the replicas' lags] for semi-sync
 * (acknowledged on the first receipt), 0 for sync. So
 *
 *   stale fraction = (share of reads at replicas) x Σ_k p_k (1 - e^(-λ p_k W)).
 *
 * Replicas applying in log order can only lag more than independent draws, so
 * with a spread-out lag this is a slight underestimate; with a constant lag it
 * is exact (the failover simulation is held to it in tests).
 */
import type { ReplicationData } from '../model/schema';
import { lognormalFromPercentiles } from '../sim/random';
import { type KeySpec, sumOverKeys } from './keyModel';
import { sig } from './numbers';
import type { StaleReadResult } from './types';

/** The lag assumed when a store declares none. */
export const ASSUMED_LAG = { p50: 10, p99: 100 } as const;

/** Lognormal parameters of a replication block's lag (declared or assumed), guarding a zero median. */
export function lagParams(rep: ReplicationData): { mu: number; sigma: number; p50: number; p99: number; assumed: boolean } {
  const { p50, p99 } = rep.lag ?? ASSUMED_LAG;
  const assumed = rep.lag === undefined;
  // A median of 0 cannot be fitted: a tiny median keeps the shape finite (a lag of ~0).
  const median = p50 > 0 ? p50 : Math.max(1e-3, p99 / 1e3);
  const { mu, sigma } = lognormalFromPercentiles(median, Math.max(p99, median));
  return { mu, sigma, p50, p99, assumed };
}

/** Mean of a lognormal. */
export function lognormalMean(mu: number, sigma: number): number {
  return Math.exp(mu + (sigma * sigma) / 2);
}

/** E[min of r i.i.d. lognormals], by integrating P(min > x) over log x (Simpson's rule, 2,000 steps over ±10 sigma). */
export function expectedMinLognormal(mu: number, sigma: number, r: number): number {
  if (sigma === 0 || r <= 1) return r <= 1 ? lognormalMean(mu, sigma) : Math.exp(mu);
  const steps = 2000;
  const lo = -10;
  const hi = 10;
  const h = (hi - lo) / steps;
  let sum = 0;
  for (let i = 0; i <= steps; i++) {
    const z = lo + i * h;
    const f = Math.pow(normalTail(z), r) * Math.exp(mu + sigma * z) * sigma;
    sum += f * (i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2);
  }
  return (sum * h) / 3;
}

/** P(Z > z) for a standard normal, from the complementary error function. */
export function normalTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

function erfc(x: number): number {
  // Numerical Recipes' erfcc (Chebyshev fit): fractional error below 1.2e-7 everywhere.
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** The mean time (ms) a write is acknowledged but not yet on the replica a read goes to. */
export function staleWindowMs(rep: ReplicationData): number {
  const { mu, sigma } = lagParams(rep);
  const replicas = rep.replicas;
  if (replicas === 0 || rep.mode === 'sync') return 0;
  const mean = lognormalMean(mu, sigma);
  if (rep.mode === 'semiSync') return Math.max(0, mean - expectedMinLognormal(mu, sigma, replicas));
  return mean;
}

/** Stale reads of a store, or undefined when it serves no reads from replicas. */
export function staleReadsOf(component: string, rep: ReplicationData, writesRps: number, keys: KeySpec): StaleReadResult | undefined {
  if (rep.topology !== 'singleLeader' || rep.replicas === 0 || rep.readsFrom === 'primary') return undefined;
  const lag = lagParams(rep);
  const windowS = staleWindowMs(rep) / 1000;
  const replicaShare = rep.readsFrom === 'replicas' ? 1 : rep.replicas / (rep.replicas + 1);
  const c = writesRps * windowS;
  const fraction = c > 0 ? replicaShare * sumOverKeys(keys, (p) => p * -Math.expm1(-c * p)) : 0;
  return {
    component,
    mode: rep.mode,
    readsFrom: rep.readsFrom,
    replicas: rep.replicas,
    lagP50Ms: sig(lag.p50),
    lagP99Ms: sig(lag.p99),
    lagAssumed: lag.assumed,
    staleReadFraction: sig(Math.min(1, Math.max(0, fraction))),
  };
}
