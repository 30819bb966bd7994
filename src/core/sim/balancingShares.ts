/**
 * The share of requests each server of a pool gets, in the long run, while
 * the pool stands still (the same servers in rotation, each as fast, slow or
 * dead as it is). This is what a stretch of a run counted in expectation
 * needs: the declared algorithm, not an even split, decides who gets what.
 *
 * Algorithms that do not look at the servers' load give their shares by
 * arithmetic: round robin and random an equal share, weighted round robin the
 * weights. Least connections and power of two choices depend on the requests
 * in flight, so their shares are measured: a short simulation of the pool in
 * that state at the run's arrival rate (up to a cap on requests in flight,
 * past which the shares no longer change: they approach the fluid limit in
 * which the algorithm evens out what is in flight), a warm-up discarded, then
 * a fixed number of requests counted. The sample's size comes from the event
 * budget, not from the run's length, so a longer run is counted with the same
 * shares as a shorter one. While every server in rotation behaves alike the
 * shares are equal by symmetry and nothing is simulated.
 */
import { createBalancer, type BalancingAlgorithm, ServerPool } from './balancing';
import { EventQueue } from './eventQueue';
import type { Random } from './random';

/** Past this many requests in flight per server the measurement slows the arrivals down (see the file comment). */
export const MEASURE_MAX_IN_FLIGHT_PER_SERVER = 64;

const ARRIVE = 0;
const DEPART = 1;

/** A pool standing still, as the share computation sees it. */
export interface StillPool {
  algorithm: BalancingAlgorithm;
  /** 1 for the servers in rotation. */
  up: ArrayLike<number>;
  /** Per server, how long it holds a request, in ms (its mean when `fixed` is 0). */
  holdMs: ArrayLike<number>;
  /** Per server, 1 when every request is held exactly `holdMs` (a slow server), 0 for an exponential hold. */
  fixed: ArrayLike<number>;
  /** Relative weights (weighted round robin only). */
  weights?: ArrayLike<number>;
  /** Requests per ms reaching the servers. */
  ratePerMs: number;
  /** The mean hold of a healthy server, in ms: it sets the cap on the measured load. */
  healthyHoldMs: number;
}

/** Per server, the share of requests it gets (0 for servers out of rotation; they add up to 1 unless none is up), and the events a measurement used. */
export interface StillShares {
  shares: Float64Array;
  /** Requests counted in the measurement (0 when the shares come from arithmetic). */
  measured: number;
  events: number;
}

/** Whether an algorithm's choice depends on the requests in flight. */
export function isLoadAware(algorithm: string): boolean {
  return algorithm === 'leastConnections' || algorithm === 'powerOfTwoChoices';
}

/**
 * The long-run shares of `pool`. A measurement spends at most `eventBudget`
 * events (two per request), drawing from `rng`.
 */
export function stillShares(pool: StillPool, rng: Random, eventBudget: number): StillShares {
  const n = pool.up.length;
  const shares = new Float64Array(n);
  let alike = true;
  let first = -1;
  for (let s = 0; s < n; s++) {
    if (pool.up[s] !== 1) continue;
    if (first < 0) first = s;
    else if (pool.holdMs[s] !== pool.holdMs[first] || pool.fixed[s] !== pool.fixed[first]) alike = false;
  }
  if (first < 0) return { shares, measured: 0, events: 0 };
  if (!isLoadAware(pool.algorithm) || alike) {
    const weightOf = (s: number): number => (pool.algorithm === 'weighted' && pool.weights ? pool.weights[s]! : 1);
    let total = 0;
    for (let s = 0; s < n; s++) if (pool.up[s] === 1) total += weightOf(s);
    if (total > 0) for (let s = 0; s < n; s++) if (pool.up[s] === 1) shares[s] = weightOf(s) / total;
    return { shares, measured: 0, events: 0 };
  }
  return measure(pool, rng, eventBudget, shares);
}

function measure(pool: StillPool, rng: Random, eventBudget: number, counts: Float64Array): StillShares {
  const n = counts.length;
  const servers = new ServerPool(n);
  let upCount = 0;
  let longest = 0;
  for (let s = 0; s < n; s++) {
    if (pool.up[s] === 1) {
      upCount++;
      longest = Math.max(longest, pool.holdMs[s]!);
    } else servers.setUp(s, false);
  }
  const rate = Math.min(pool.ratePerMs, (MEASURE_MAX_IN_FLIGHT_PER_SERVER * upCount) / pool.healthyHoldMs);
  const requests = Math.max(1, Math.floor(eventBudget / 2));
  // The warm-up fills the pool to its stationary load: three of the longest holds, at most half the sample.
  const warmup = Math.min(Math.floor(requests / 2), Math.ceil(3 * longest * rate));
  const balancer = createBalancer(pool.algorithm, servers, rng);
  const q = new EventQueue(1024);
  q.push(rng.exponential(rate), ARRIVE, 0);
  let arrived = 0;
  let events = 0;
  while (q.pop()) {
    events++;
    if (q.kind === DEPART) {
      servers.release(q.id);
      continue;
    }
    arrived++;
    if (arrived < requests) q.push(q.time + rng.exponential(rate), ARRIVE, 0);
    const s = balancer.pick();
    servers.acquire(s);
    if (arrived > warmup) counts[s]!++;
    q.push(q.time + (pool.fixed[s] === 1 ? pool.holdMs[s]! : rng.exponential(1 / pool.holdMs[s]!)), DEPART, s);
  }
  const measured = arrived - warmup;
  for (let s = 0; s < n; s++) counts[s]! /= measured;
  return { shares: counts, measured, events };
}
