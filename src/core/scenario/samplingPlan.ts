/**
 * Where a failover simulation spends its event budget. What a kill costs is
 * decided in two windows: the replication-lag window before it (which
 * acknowledged writes no replica has yet, which writes are still waiting for
 * their acknowledgement) and the outage after it (detection and promotion).
 * Thinning the whole run evenly would thin those few writes away as the run
 * gets longer; the plan simulates the windows in full when the budget allows
 * and thins the rest of the run with what is left, so a longer run only thins
 * its quiet hours.
 *
 * Arrivals are a Poisson process at the declared rate times the sampling rate
 * of the stretch they fall in; each simulated arrival stands for 1 / rate of
 * them (its weight), so weighted counts stay unbiased, and a stretch simulated
 * in full is counted exactly.
 */

/** A stretch of the run sampled at one rate. */
export interface Stretch {
  startMs: number;
  endMs: number;
  /** Share of the arrivals simulated, in (0, 1]. */
  rate: number;
}

/** What the plan is made from: the run, the kill's windows, and the events one millisecond of full-rate arrivals costs. */
export interface SamplingInput {
  durationMs: number;
  killAtMs: number;
  /** How far before the kill a write can still be missing from every replica (0: nothing can be lost). */
  lagWindowMs: number;
  /** When writes come back (or the end of the run). */
  outageEndMs: number;
  eventsPerMs: number;
  /** Events available for arrivals. */
  budget: number;
}

/** Share of the budget the lag window may take; the outage then takes up to half of what is left, the rest of the run the remainder. */
const LAG_WINDOW_SHARE = 0.75;
const OUTAGE_SHARE = 0.5;

/** Sampling rates over the run: the lag window before the kill first, the outage second, the rest of the run last. */
export class SamplingPlan {
  /** Stretches in time order, covering [0, durationMs]; neighbours with the same rate are merged. */
  readonly stretches: readonly Stretch[];
  /** The lag window's and the outage's rates, and the rest's (1 where a window is empty). */
  readonly lagWindowRate: number;
  readonly outageRate: number;
  readonly restRate: number;
  /** Share of all arrivals simulated. */
  readonly overallRate: number;

  constructor(input: SamplingInput) {
    const T = Math.max(0, input.durationMs);
    const kill = Math.min(Math.max(0, input.killAtMs), T);
    const lagStart = Math.max(0, kill - Math.max(0, input.lagWindowMs));
    const outageEnd = Math.min(Math.max(kill, input.outageEndMs), T);
    const c = Math.max(0, input.eventsPerMs);
    const costLag = c * (kill - lagStart);
    const costOutage = c * (outageEnd - kill);
    const costRest = c * T - costLag - costOutage;
    // At least one event: every stretch keeps a rate above 0 (each window leaves a share of what it is offered).
    let left = Math.max(1, input.budget);
    const fits = c * T <= left;
    let lag = costLag > 0 && !fits ? Math.min(1, (LAG_WINDOW_SHARE * left) / costLag) : 1;
    left -= lag * costLag;
    let outage = costOutage > 0 && !fits ? Math.min(1, (OUTAGE_SHARE * left) / costOutage) : 1;
    left -= outage * costOutage;
    const rest = costRest > 0 && !fits ? Math.min(1, left / costRest) : 1;
    left -= rest * costRest;
    // What the rest of the run did not need goes back to the outage, then to the lag window.
    if (left > 0 && outage < 1) {
      const more = Math.min(left, (1 - outage) * costOutage);
      outage += more / costOutage;
      left -= more;
    }
    if (left > 0 && lag < 1) lag += Math.min(left, (1 - lag) * costLag) / costLag;
    this.lagWindowRate = lag;
    this.outageRate = outage;
    this.restRate = rest;
    const total = costLag + costOutage + costRest;
    this.overallRate = total > 0 ? (this.lagWindowRate * costLag + this.outageRate * costOutage + this.restRate * costRest) / total : 1;
    const stretches: Stretch[] = [];
    const add = (startMs: number, endMs: number, rate: number): void => {
      if (endMs <= startMs) return;
      const last = stretches[stretches.length - 1];
      if (last && last.rate === rate) last.endMs = endMs;
      else stretches.push({ startMs, endMs, rate });
    };
    add(0, lagStart, this.restRate);
    add(lagStart, kill, this.lagWindowRate);
    add(kill, outageEnd, this.outageRate);
    add(outageEnd, T, this.restRate);
    if (stretches.length === 0) stretches.push({ startMs: 0, endMs: T, rate: 1 });
    this.stretches = stretches;
  }

  /** Whether every arrival is simulated. */
  get full(): boolean {
    return this.stretches.every((s) => s.rate === 1);
  }

  /** The sampling rate at time `t` (the last stretch's past the end of the run). */
  rateAt(t: number): number {
    return this.stretches[this.indexAt(t)]!.rate;
  }

  /**
   * The next simulated arrival after `t` of a process at `perMs` arrivals per
   * millisecond, from a unit exponential draw `e`: the time at which the
   * sampled rate, integrated from `t`, reaches `e` (exact for a Poisson
   * process, which has no memory at a stretch's boundary).
   */
  next(t: number, perMs: number, e: number): number {
    let k = this.indexAt(t);
    let now = t;
    let rest = e;
    for (;;) {
      const s = this.stretches[k]!;
      const r = perMs * s.rate;
      const last = k === this.stretches.length - 1;
      if (last || now + rest / r < s.endMs) return now + rest / r;
      rest = Math.max(0, rest - (s.endMs - now) * r);
      now = s.endMs;
      k++;
    }
  }

  private indexAt(t: number): number {
    let k = 0;
    while (k < this.stretches.length - 1 && t >= this.stretches[k]!.endMs) k++;
    return k;
  }
}
