/**
 * Steady-state stale reads of a store that reads from replicas, in closed
 * form. Writes to key k arrive as a Poisson process at λ p_k (λ the store's
 * write rate, p_k the key's popularity); a read of k at a replica is stale
 * when some write to k acknowledged before it has not been applied there
 * yet. The number of such writes is Poisson with mean λ p_k W_j, where W_j is
 * the mean time a write spends acknowledged but not applied on replica j:
 * - async: the mean lag E[L] (acknowledged on the primary's commit);
 * - semi-sync: E[(max(L, c_j) - a)⁺], acknowledged at a, the round trip to
 *   the nearest replica (its receipt, said back), and applied on replica j
 *   after its lag L but not before its receipt at c_j, half its round trip:
 *   waiting for a receipt does not wait for the apply;
 * - sync: 0 (acknowledged once every replica has applied it).
 * Reads at replicas are spread evenly over them, so
 *
 *   stale fraction = (share of reads at replicas) x mean_j Σ_k p_k (1 - e^(-λ p_k W_j)).
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

/**
 * The mean time (ms) a write is acknowledged but not yet applied on each
 * replica, given the round trip from the primary to each (`trips`, ms; a
 * replica missing there is 0 away): what a read at that replica may miss.
 */
export function staleWindowsMs(rep: ReplicationData, trips: readonly number[] = []): number[] {
  const { mu, sigma } = lagParams(rep);
  const replicas = rep.replicas;
  if (replicas === 0) return [];
  if (rep.mode === 'sync') return new Array<number>(replicas).fill(0);
  if (rep.mode === 'async') return new Array<number>(replicas).fill(lognormalMean(mu, sigma));
  const trip = (j: number) => trips[j] ?? 0;
  let ack = Infinity;
  for (let j = 0; j < replicas; j++) ack = Math.min(ack, trip(j));
  return Array.from({ length: replicas }, (_, j) => appliedAfter(mu, sigma, trip(j) / 2, ack));
}

/** E[(max(L, c) - a)⁺] for a lognormal L: how long after `a` a write received at `c` and applied after L becomes visible. */
function appliedAfter(mu: number, sigma: number, c: number, a: number): number {
  if (sigma === 0) return Math.max(0, Math.max(Math.exp(mu), c) - a);
  // L above m = max(a, c) counts L - a; L at or below c counts (c - a)⁺.
  const m = Math.max(a, c);
  const above = m > 0 ? lognormalMean(mu, sigma) * normalTail((Math.log(m) - mu - sigma * sigma) / sigma) - a * normalTail((Math.log(m) - mu) / sigma) : lognormalMean(mu, sigma) - a;
  const below = c > a && c > 0 ? (c - a) * (1 - normalTail((Math.log(c) - mu) / sigma)) : 0;
  return Math.max(0, above + below);
}

/** Stale reads of a store, or undefined when it serves no reads from replicas; `trips` as `staleWindowsMs` takes them. */
export function staleReadsOf(component: string, rep: ReplicationData, writesRps: number, keys: KeySpec, trips: readonly number[] = []): StaleReadResult | undefined {
  if (rep.topology !== 'singleLeader' || rep.replicas === 0 || rep.readsFrom === 'primary') return undefined;
  const lag = lagParams(rep);
  const replicaShare = rep.readsFrom === 'replicas' ? 1 : rep.replicas / (rep.replicas + 1);
  let sum = 0;
  const windows = staleWindowsMs(rep, trips);
  for (const w of windows) {
    const c = (writesRps * w) / 1000;
    if (c > 0) sum += sumOverKeys(keys, (p) => p * -Math.expm1(-c * p));
  }
  const fraction = windows.length > 0 ? (replicaShare * sum) / windows.length : 0;
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
