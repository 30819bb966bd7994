/**
 * Replication and failover of one primary, event by event on the EventQueue.
 * Writes arrive as a Poisson process. Each replica applies each write (reads
 * there see it) after its own lag, drawn from the lognormal fitted to the
 * declared p50/p99 (so a replica's lag is distributed exactly as declared).
 * When a replica receives it depends on the mode, as the primary's
 * acknowledgement does:
 * - async: the primary acknowledges on its own commit and waits for no
 *   replica; the lag is all the file says of the copies, so a replica
 *   receives a write when it applies it;
 * - semiSync: the primary acknowledges once one replica has received the
 *   write, the round trip to the nearest replica (`replicaRttMs`); each
 *   replica receives it after half its round trip and applies it after its
 *   lag, so a read at a replica can miss a write acknowledged before it.
 *   Past `semiSyncTimeout` without a receipt (a replica too far, or none
 *   reachable) the primary stops waiting and acknowledges alone, as MySQL
 *   does;
 * - sync: the primary acknowledges once every replica has applied the write
 *   and said so (its lag, and its round trip), so replicas hold every
 *   acknowledged write.
 *
 * When the primary is killed, writes still waiting for their acknowledgement
 * fail; the replica missing the fewest acknowledged writes (the most advanced)
 * is promoted after detection + promotion, and the acknowledged writes it
 * never received are lost. Writes fail until then, or until the old primary
 * is restored (nothing is lost: it comes back with its data), or to the end of
 * the run. Reads go where `readsFrom` sends them; a read is stale when it
 * misses a write to its key acknowledged before it (not yet received by that
 * replica, or lost in the failover).
 *
 * Past the event budget the run is not thinned evenly: the lag window before
 * the kill, where the lost writes are, is simulated in full when the budget
 * allows, then the outage, and the rest of the run is thinned with what is
 * left (samplingPlan.ts); each simulated arrival counts for the arrivals it
 * stands for, so the figures do not depend on the run's length.
 *
 * The keys of one primary are the workload's distribution over
 * cardinality / primaries keys (a shard holds its share of the keys, with the
 * same popularity shape).
 */
import { EventQueue } from '../sim/eventQueue';
import { createKeyGenerator, type KeyGenerator, ZipfKeys } from '../sim/keys';
import { streamFor } from '../sim/random';
import type { KeySpec } from './keyModel';
import { msRound, roundCounts, sig } from './numbers';
import { SamplingPlan } from './samplingPlan';
import type { FailoverResult, Sampled } from './types';
import { dur, num, pct } from './figures';

/** Replicas simulated one by one; a store with more is simulated with this many (the best of 8 independent replicas is already close to the best of many). */
export const MAX_SIMULATED_REPLICAS = 8;
/** Lag samples over a run. */
const LAG_SAMPLES = 60;
/**
 * The lag window before a kill is w = exp(μ + σ(σ + 4)): writes whose lag
 * outlasts it carry Φ(-4) ≈ 3·10⁻⁵ of the expected loss, as
 * E[L; L > w] / E[L] = Φ(σ - z) for w = exp(μ + zσ).
 */
const LAG_WINDOW_Z = 4;

const WRITE = 0;
const READ = 1;
const KILL = 2;
const RESUME = 3;
const SAMPLE = 4;

/** What one failover simulation needs. */
export interface FailoverInput {
  component: string;
  instance: number;
  unit: number;
  units: number;
  topology: 'singleLeader' | 'multiLeader' | 'unreplicated';
  mode: 'async' | 'semiSync' | 'sync' | 'none';
  replicas: number;
  /** Lognormal lag parameters (ms): when a replica applies a write, after the primary committed it. */
  lag: { mu: number; sigma: number };
  /** The round trip from the primary to each replica (ms), what a semi-sync or sync primary waits for a receipt; 0 for a replica missing here. */
  replicaRttMs?: readonly number[];
  semiSyncTimeoutMs?: number;
  readsFrom: 'primary' | 'replicas' | 'any';
  failover: 'automatic' | 'manual' | 'none';
  detectionMs: number;
  detectionSource: string;
  promotionMs: number;
  killAtMs: number;
  /** A restore of the killed instance, if the scenario has one after the kill. */
  restoreAtMs?: number;
  /** Writes and reads per second at this primary. */
  writeRate: number;
  readRate: number;
  durationMs: number;
  seed: number;
  eventBudget: number;
  keys: KeySpec;
}

/** A growable Float64Array. */
class Column {
  data: Float64Array;
  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(16, capacity));
  }
  set(i: number, x: number): void {
    if (i >= this.data.length) {
      const bigger = new Float64Array(Math.max(i + 1, this.data.length * 2));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[i] = x;
  }
}

/** Simulated events of one kind: how many, and how many arrivals they stand for. */
class Tally {
  n = 0;
  w = 0;
  add(weight: number): void {
    this.n++;
    this.w += weight;
  }
}

/** Runs the simulation of one killed primary. */
export function simulateFailover(input: FailoverInput): { result: FailoverResult; events: number } {
  const T = input.durationMs;
  const R = Math.min(input.replicas, MAX_SIMULATED_REPLICAS);
  const tk = input.killAtMs;
  // When writes come back: promotion, a restore of the old primary, or never within the run.
  let resumeAt: number | undefined;
  let restoredOld = false;
  if (input.failover === 'automatic' && R > 0) resumeAt = tk + input.detectionMs + input.promotionMs;
  if (input.restoreAtMs !== undefined && input.restoreAtMs > tk && (resumeAt === undefined || input.restoreAtMs < resumeAt)) {
    resumeAt = input.restoreAtMs;
    restoredOld = true;
  }
  if (resumeAt !== undefined && resumeAt >= T) resumeAt = undefined;
  const promotes = resumeAt !== undefined && !restoredOld;
  const downUntil = resumeAt ?? T;

  // Work bound: one event per arrival of either kind, a write weighing more with each replica it is shipped to.
  // The budget goes first to the writes that can be lost or caught in flight at the kill, then to the outage.
  // A write a semi-sync primary acknowledged alone (past its timeout) is lost when no replica received it: up to a round trip before the kill.
  const lagWindowMs = R > 0 ? Math.max(Math.exp(input.lag.mu + input.lag.sigma * (input.lag.sigma + LAG_WINDOW_Z)), ...(input.replicaRttMs ?? [])) : 0;
  const plan = new SamplingPlan({
    durationMs: T,
    killAtMs: tk,
    lagWindowMs,
    outageEndMs: downUntil,
    eventsPerMs: (input.writeRate * (1 + R / 4) + input.readRate) / 1000,
    budget: input.eventBudget - LAG_SAMPLES - 4,
  });
  const wRate = input.writeRate / 1000; // per ms
  const rRate = input.readRate / 1000;

  const name = `failover:${input.component}#${input.instance}`;
  const arrivals = streamFor(input.seed, `${name}:arrivals`);
  const reads = streamFor(input.seed, `${name}:reads`);
  const lagRng = streamFor(input.seed, `${name}:lag`);
  const keyRng = streamFor(input.seed, `${name}:keys`);
  const pickRng = streamFor(input.seed, `${name}:pick`);
  const unitKeys = Math.max(1, Math.floor(input.keys.cardinality / Math.max(1, input.units)));
  const keys: KeyGenerator =
    input.keys.distribution === 'zipf'
      ? new ZipfKeys(keyRng, unitKeys, input.keys.exponent, 'rejection')
      : createKeyGenerator({ distribution: 'uniform', cardinality: unitKeys }, keyRng);

  // Per write: arrival, acknowledgement (Infinity: failed), receipt and apply at each replica (one time for async: the lag is both).
  const sampledWrites = plan.stretches.reduce((n, s) => n + wRate * s.rate * (s.endMs - s.startMs), 0);
  const capacity = Math.min(1 << 20, Math.ceil(sampledWrites * 1.1) + 16);
  const arrivedAt = new Column(capacity);
  const ackAt = new Column(capacity);
  /** How many writes each simulated one stands for: 1 / the sampling rate where it arrived. */
  const weight = new Column(capacity);
  const receipt = Array.from({ length: R }, () => new Column(capacity));
  const waits = input.mode === 'semiSync' || input.mode === 'sync';
  const applied = waits ? Array.from({ length: R }, () => new Column(capacity)) : receipt;
  /** Half of each replica's round trip: when it receives a write a semi-sync or sync primary sends. */
  const half = Array.from({ length: R }, (_, j) => (input.replicaRttMs?.[j] ?? 0) / 2);
  /** Per replica, the oldest write it may not have received yet. */
  const oldest = new Array<number>(R).fill(0);
  let maxLag = 0;

  // Keys are tracked only when a read can be stale: replicas serve reads, or a promotion can lose writes.
  const trackKeys = rRate > 0 && R > 0 && ((input.readsFrom !== 'primary' && input.mode !== 'sync') || (promotes && input.mode !== 'sync'));
  const lastWrite = new Map<number, number>();

  const q = new EventQueue(64);
  if (wRate > 0) q.push(plan.next(0, wRate, arrivals.exponential(1)), WRITE, 0);
  if (rRate > 0) q.push(plan.next(0, rRate, reads.exponential(1)), READ, 0);
  if (tk < T) q.push(tk, KILL, 0);
  if (resumeAt !== undefined) q.push(resumeAt, RESUME, 0);
  const sampleMs = T / LAG_SAMPLES;
  for (let i = 0; i < LAG_SAMPLES; i++) q.push(i * sampleMs, SAMPLE, i);

  let primaryUp = true;
  let afterResume = false;
  let writes = 0;
  const generatedW = new Tally();
  const acked = new Tally();
  const failedW = new Tally();
  const timedOut = new Tally();
  /** Acknowledged writes lost with the promotion, or (without one) on no replica when the primary died, weighted. */
  let lost = 0;
  let atRisk = 0;
  let killIndex = Infinity;
  /** The promoted replica, by its index among the original replicas. */
  let promotedOriginal = -1;
  let promoted = -1;
  let promotedLag: number | undefined;
  let replicasAlive = R;
  const generatedR = new Tally();
  const servedR = new Tally();
  const failedR = new Tally();
  const staleR = new Tally();
  const outageR = new Tally();
  const most: number[] = [];
  const least: number[] = [];
  let events = 0;

  /** Whether replica j has not applied write i at time `now` (a write it never got before the primary died stays missing). */
  const missing = (j: number, i: number, now: number): boolean => applied[j]!.data[i]! > (i < killIndex ? Math.min(now, tk) : now);
  /** Acknowledged writes gone with the failover. */
  const lostSet = new Set<number>();
  const isLost = (i: number): boolean => lostSet.has(i);

  while (q.pop()) {
    events++;
    const now = q.time;
    switch (q.kind) {
      case WRITE: {
        if (now >= T) break;
        q.push(plan.next(now, wRate, arrivals.exponential(1)), WRITE, 0);
        const w = 1 / plan.rateAt(now);
        generatedW.add(w);
        if (!primaryUp) {
          failedW.add(w);
          break;
        }
        const i = writes++;
        arrivedAt.set(i, now);
        weight.set(i, w);
        // The first receipt acknowledged back to the primary (semi-sync), and the last apply (sync).
        let first = Infinity;
        let all = now;
        for (let j = 0; j < replicasAlive; j++) {
          const lag = input.lag.sigma > 0 ? lagRng.lognormal(input.lag.mu, input.lag.sigma) : Math.exp(input.lag.mu);
          if (!waits) {
            if (lag > maxLag) maxLag = lag;
            receipt[j]!.set(i, now + lag);
            continue;
          }
          const h = half[j]!;
          const seen = Math.max(h, lag);
          if (seen > maxLag) maxLag = seen;
          receipt[j]!.set(i, now + h);
          applied[j]!.set(i, now + seen);
          if (now + 2 * h < first) first = now + 2 * h;
          if (now + seen + h > all) all = now + seen + h;
        }
        let ack = now;
        if (replicasAlive > 0 && input.mode === 'semiSync') {
          ack = first;
          if (input.semiSyncTimeoutMs !== undefined && first - now > input.semiSyncTimeoutMs) {
            ack = now + input.semiSyncTimeoutMs;
            timedOut.add(w);
          }
        } else if (replicasAlive > 0 && input.mode === 'sync') {
          ack = all;
        }
        // The kill time is known: a write still waiting for its acknowledgement when the primary dies fails.
        const fails = tk < T && now < tk && ack > tk;
        if (fails) failedW.add(w);
        else acked.add(w);
        ackAt.set(i, fails ? Infinity : ack);
        if (trackKeys) {
          const key = keys.next();
          if (!fails) lastWrite.set(key, i);
        }
        break;
      }
      case READ: {
        if (now >= T) break;
        q.push(plan.next(now, rRate, reads.exponential(1)), READ, 0);
        const w = 1 / plan.rateAt(now);
        generatedR.add(w);
        // Where the read goes: -1 the primary, else a replica.
        let target = -1;
        const replicasReadable = input.readsFrom !== 'primary' && replicasAlive > 0;
        if (!primaryUp) {
          if (!replicasReadable) {
            failedR.add(w);
            break;
          }
          target = pickRng.intBelow(replicasAlive);
          outageR.add(w);
        } else if (input.readsFrom === 'replicas' && replicasAlive > 0) {
          target = pickRng.intBelow(replicasAlive);
        } else if (input.readsFrom === 'any' && replicasAlive > 0) {
          target = pickRng.intBelow(replicasAlive + 1) - 1;
        }
        servedR.add(w);
        if (!trackKeys) break;
        const last = lastWrite.get(keys.next());
        // A latest write not yet acknowledged is not one the reader was promised.
        if (last === undefined || ackAt.data[last]! > now) break;
        if (isLost(last)) staleR.add(w);
        else if (target >= 0 && !(afterResume && last < killIndex) && missing(target, last, now)) staleR.add(w);
        break;
      }
      case KILL: {
        primaryUp = false;
        killIndex = writes;
        if (replicasAlive > 0) {
          // Acknowledged writes each replica lacks; only writes younger than the longest lag can be missing.
          let best = -1;
          let bestMissing = Infinity;
          for (let j = 0; j < replicasAlive; j++) {
            let m = 0;
            for (let i = writes - 1; i >= 0 && arrivedAt.data[i]! >= now - maxLag; i--) if (ackAt.data[i]! <= now && receipt[j]!.data[i]! > now) m += weight.data[i]!;
            if (m < bestMissing) {
              best = j;
              bestMissing = m;
            }
          }
          // Semi-sync failover first copies to the promoted replica what another replica acknowledged
          // (lossless semi-sync): only writes no replica has are gone. Async promotion takes the replica as it is.
          for (let i = writes - 1; i >= 0 && arrivedAt.data[i]! >= now - maxLag; i--) {
            if (!(ackAt.data[i]! <= now && receipt[best]!.data[i]! > now)) continue;
            let elsewhere = false;
            if (input.mode === 'semiSync') for (let j = 0; j < replicasAlive && !elsewhere; j++) elsewhere = receipt[j]!.data[i]! <= now;
            if (!elsewhere) lostSet.add(i);
          }
          promotedLag = unreceived(best, now);
          let gone = 0;
          for (const i of lostSet) gone += weight.data[i]!;
          if (promotes) {
            lost = gone;
            promoted = best;
            promotedOriginal = best;
          } else {
            atRisk = gone;
            lostSet.clear();
          }
        }
        break;
      }
      case RESUME: {
        primaryUp = true;
        afterResume = true;
        // A promoted replica leads and the others follow it; a restored primary is followed again. Either way they start level.
        if (promoted >= 0) {
          // The followers are the other replicas, renumbered.
          for (const cols of applied === receipt ? [receipt] : [receipt, applied]) {
            const rest = cols.filter((_, j) => j !== promoted);
            cols.length = 0;
            cols.push(...rest);
          }
          half.splice(promoted, 1);
          replicasAlive = Math.max(0, R - 1);
        }
        for (let j = 0; j < replicasAlive; j++) oldest[j] = writes;
        break;
      }
      case SAMPLE: {
        let lo = Infinity;
        let hi = 0;
        for (let j = 0; j < replicasAlive; j++) {
          const l = primaryUp ? lagOf(j, now) : 0;
          if (l < lo) lo = l;
          if (l > hi) hi = l;
        }
        most.push(sig(lo === Infinity ? 0 : lo, 4));
        least.push(sig(hi, 4));
        break;
      }
    }
  }

  /** Age of the oldest write replica j has not applied at `now`, or 0. */
  function lagOf(j: number, now: number): number {
    let i = oldest[j]!;
    const col = applied[j]!.data;
    while (i < writes && col[i]! <= now) i++;
    oldest[j] = i;
    // Writes past `i` may have arrived out of order; the oldest missing one is `i` itself.
    return i < writes ? now - arrivedAt.data[i]! : 0;
  }

  /** Age of the oldest write replica j has not received at `now`, or 0 (only writes younger than the longest lag can be missing). */
  function unreceived(j: number, now: number): number {
    let age = 0;
    const col = receipt[j]!.data;
    for (let i = writes - 1; i >= 0 && arrivedAt.data[i]! >= now - maxLag; i--) if (col[i]! > now) age = now - arrivedAt.data[i]!;
    return age;
  }

  if (generatedW.n !== acked.n + failedW.n) throw new RangeError(`failover ${input.component}: ${generatedW.n} writes generated, ${acked.n} acknowledged + ${failedW.n} failed`);
  if (generatedR.n !== servedR.n + failedR.n) throw new RangeError(`failover ${input.component}: ${generatedR.n} reads generated, ${servedR.n} served + ${failedR.n} failed`);

  const [ackS, failS] = roundCounts([acked.w, failedW.w]) as [number, number];
  const lostS = Math.min(ackS, Math.round(lost));
  const atRiskS = Math.min(ackS, Math.round(atRisk));
  const timedOutS = Math.round(timedOut.w);
  const [servedS, failedRS] = roundCounts([servedR.w, failedR.w]) as [number, number];
  const staleS = Math.min(servedS, Math.round(staleR.w));
  const outageS = Math.min(servedS, Math.round(outageR.w));
  const sampled: Sampled | undefined = plan.full ? undefined : { rate: sig(plan.overallRate), reason: samplingReason(input, plan, lagWindowMs, tk, downUntil) };
  const promotedIndex = promotes && promotedOriginal >= 0 ? promotedOriginal : undefined;
  const result: FailoverResult = {
    component: input.component,
    instance: input.instance,
    unit: input.unit,
    units: input.units,
    topology: input.topology,
    mode: input.mode,
    replicas: input.replicas,
    failover: input.failover,
    killedAtMs: msRound(tk),
    detectionMs: msRound(input.detectionMs),
    detectionSource: input.detectionSource,
    promotionMs: msRound(input.promotionMs),
    writeDowntimeMs: msRound(Math.max(0, downUntil - tk)),
    unbounded: resumeAt === undefined,
    ...(resumeAt !== undefined ? { writesResumedAtMs: msRound(resumeAt) } : {}),
    writeRate: sig(input.writeRate),
    writes: { generated: ackS + failS, acknowledged: ackS, failed: failS, lost: lostS, unreplicatedAtKill: promotes ? lostS : atRiskS, timedOutToAsync: timedOutS },
    reads: { generated: servedS + failedRS, served: servedS, failed: failedRS, stale: staleS, servedByReplicasDuringOutage: outageS },
    staleReadFraction: servedS > 0 ? sig(staleS / servedS) : 0,
    ...(promotedIndex !== undefined ? { promotedReplica: promotedIndex, promotedLagMs: sig(promotedLag ?? 0, 4) } : {}),
    lagSeries: { sampleMs: sig(sampleMs), mostAdvancedMs: most, leastAdvancedMs: least },
    ...(sampled ? { sampled } : {}),
  };
  return { result, events };
}

/** Why and where a failover simulation was thinned: "simulated 2.2% of its … and scaled the counts up: all of the 100 ms before the kill (…), all of the 6 s without a primary and 2.05% of the rest of the run". */
function samplingReason(input: FailoverInput, plan: SamplingPlan, lagWindowMs: number, tk: number, downUntil: number): string {
  const T = input.durationMs;
  const share = (rate: number): string => (rate >= 1 ? 'all' : pct(rate));
  const parts: string[] = [];
  const lagMs = Math.min(lagWindowMs, tk);
  if (lagMs > 0 && tk < T) parts.push(`${share(plan.lagWindowRate)} of the ${dur(sig(lagMs, 3))} before the kill (where acknowledged writes are lost)`);
  const outageMs = Math.min(downUntil, T) - tk;
  if (outageMs > 0) parts.push(`${share(plan.outageRate)} of the ${dur(sig(outageMs, 3))} without a primary`);
  if (T - Math.max(0, lagMs) - Math.max(0, outageMs) > 0) parts.push(`${share(plan.restRate)} of the rest of the run`);
  const where = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0] ?? 'evenly over the run';
  return `${input.component}#${input.instance}: simulated ${pct(plan.overallRate)} of its ${num(input.writeRate)} writes/s and ${num(input.readRate)} reads/s over ${dur(T)}, and scaled the counts up: ${where}`;
}
