/**
 * A balanced pool under faults, event by event: requests arrive as a Poisson
 * process, the declared algorithm picks a server among those in rotation
 * (balancing.ts), each request holds its server for an exponential service
 * time (a slow server: its declared latency). A dead server stops answering:
 * the requests it holds and the ones sent to it fail, each after the usual
 * service time (so the balancer sees them in flight, as it would). Health
 * checks run every interval from a random phase: a dead server fails them
 * (after the timeout, or at once without one); a slow server fails them only
 * when the timeout is shorter than its latency. Consecutive failures reaching
 * unhealthyThreshold take a server out; healthyThreshold passes after a
 * restore put it back. Without health checks nothing is ever taken out.
 *
 * Only the window where something happens is simulated: from just before the
 * first fault to when the last one has played out (its end, plus the checks
 * that take a server out and put it back). Before the window every server is
 * healthy; after it the pool stays as the window left it; both stretches are
 * counted in expectation, so a fault at 10 s of an hour-long run gets the
 * whole event budget. Expectation still follows the declared algorithm: each
 * server gets the share the algorithm gives it with the pool as it stands
 * (balancingShares.ts), so a slow server left in rotation gets from least
 * connections or two choices what it would in a simulated stretch, however
 * long the run; that share is measured from part of the budget, and when the
 * whole rest of the run fits in the budget it is simulated instead. Health
 * checks that cannot change anything (a dead server already out, a healthy
 * one in rotation) are skipped up to the server's next change. At twice its budget a run is cut short: what is in
 * flight is answered, the rest is counted as the pool then stood, and the
 * result says so.
 */
import { createBalancer, type Balancer, type BalancingAlgorithm, ServerPool } from '../sim/balancing';
import { EventQueue } from '../sim/eventQueue';
import { murmur3KeyId } from '../sim/murmur3';
import { streamFor, type Random } from '../sim/random';
import { buildRing, type HashRing } from '../sim/ring';
import { isLoadAware, stillShares, type StillShares } from '../sim/balancingShares';
import { largestRemainder, msRound, sig } from './numbers';
import type { NodeEffect } from './outcomes';
import type { PoolFaultResult, PoolResult, Sampled } from './types';
import { num } from './figures';

/** Most servers simulated one by one; a bigger pool is simulated as the faulted servers plus others up to this many. */
export const MAX_SIMULATED_SERVERS = 64;

const ARRIVE = 0;
const DEPART_OK = 1;
const DEPART_SLOW = 2;
const DEPART_FAIL = 3;
const FAULT = 4;
const FAULT_END = 5;
const CHECK = 6;
const CHECK_PASS = 7;
const CHECK_FAIL = 8;

/** A run is cut short past this many times its event budget (thinning aims at the budget itself). */
const HARD_LIMIT_FACTOR = 2;

/** Share of the event budget kept for measuring a load-aware algorithm's shares (balancingShares.ts): half of it per pool state measured. */
const MEASURE_BUDGET_SHARE = 0.25;

/** A fault on one server of the pool. */
export interface PoolFault {
  instance: number;
  kind: 'kill' | 'slow' | 'restore';
  atMs: number;
  /** Slow: per-request time. */
  latencyMs?: number;
  /** Slow: how long it lasts. */
  durationMs?: number;
}

/** What one pool simulation needs. */
export interface PoolInput {
  component: string;
  balancer: string | null;
  algorithm: BalancingAlgorithm | 'consistentHash';
  servers: number;
  weights?: readonly number[];
  healthCheck: { intervalMs: number; unhealthyThreshold: number; healthyThreshold: number; timeoutMs?: number } | null;
  latencyMs: number;
  /** Requests per second reaching the pool. */
  arrivalRate: number;
  durationMs: number;
  bucketMs: number;
  seed: number;
  eventBudget: number;
  faults: PoolFault[];
}

/** What the request accounting takes from a pool run: per bucket, the shares failed and the capacity lost. */
export interface PoolEffects {
  bucketMs: number;
  effects: NodeEffect[];
  /** Per bucket: share of the pool's requests sent to a slow server, and the slow latency (for callers' held connections). */
  slowShare: number[];
  slowLatencyMs: number[];
}

/** When a fault ends by itself: a slow fault with a duration; undefined for the rest (they last until a restore). */
function endOf(f: PoolFault): number | undefined {
  return f.kind === 'slow' && f.durationMs !== undefined ? f.atMs + f.durationMs : undefined;
}

/** Runs the pool simulation. */
export function simulatePool(input: PoolInput): { result: PoolResult; effects: PoolEffects; events: number } {
  const T = input.durationMs;
  const buckets = Math.max(1, Math.ceil(T / input.bucketMs - 1e-9));
  // Which instances are simulated: the faulted ones, then the lowest others.
  const faulted = [...new Set(input.faults.map((f) => f.instance))].sort((a, b) => a - b);
  let instances: number[];
  if (input.servers <= MAX_SIMULATED_SERVERS) instances = Array.from({ length: input.servers }, (_, i) => i);
  else {
    const set = new Set(faulted.slice(0, MAX_SIMULATED_SERVERS));
    for (let i = 0; set.size < MAX_SIMULATED_SERVERS && i < input.servers; i++) set.add(i);
    instances = [...set].sort((a, b) => a - b);
  }
  const n = instances.length;
  const slotOf = new Map(instances.map((inst, s) => [inst, s]));
  const poolShare = n / input.servers;

  const checkedSlots = faulted.filter((i) => slotOf.has(i)).map((i) => slotOf.get(i)!);
  const hc = input.healthCheck;
  const faults = input.faults.filter((f) => slotOf.has(f.instance) && f.atMs < T).sort((a, b) => a.atMs - b.atMs || a.instance - b.instance);
  // The window: a warm-up before the first fault, and time after the last for checks to act.
  const warmup = 20 * input.latencyMs;
  const slowest = Math.max(0, ...faults.map((f) => f.latencyMs ?? 0));
  const settle = (hc ? (hc.unhealthyThreshold + hc.healthyThreshold + 1) * hc.intervalMs + (hc.timeoutMs ?? 0) : 0) + slowest + warmup;
  const lastChange = Math.max(0, ...faults.map((f) => endOf(f) ?? f.atMs));
  const t0 = faults.length > 0 ? Math.max(0, faults[0]!.atMs - warmup) : 0;
  let t1 = faults.length > 0 ? Math.min(T, lastChange + settle) : T;
  // The stretches that need simulating (the rest settles and is counted in expectation): around each change, long
  // enough for the checks to act; the whole time a faulty server stays in rotation when nothing will take it out.
  const active: [number, number][] = [];
  const restoreAfter = (f: PoolFault): number | undefined => faults.find((g) => g.kind === 'restore' && g.instance === f.instance && g.atMs > f.atMs)?.atMs;
  const detectable = (f: PoolFault): boolean => hc !== null && (f.kind === 'kill' || (hc.timeoutMs !== undefined && hc.timeoutMs < f.latencyMs!));
  // A load-aware algorithm's shares with a slow server in rotation are measured (balancingShares.ts). A slow server that
  // nothing takes out can stay in rotation past the window, so the window leaves part of the budget for measuring; and
  // when the rest of the run fits in what is left, it is simulated to the end instead.
  const measureEach = Math.floor((MEASURE_BUDGET_SHARE / 2) * input.eventBudget);
  const staysSlow = isLoadAware(input.algorithm) && faults.some((f) => f.kind === 'slow' && !detectable(f));
  const windowBudget = input.eventBudget - (staysSlow ? 2 * measureEach : 0);
  const checksToEnd = hc ? 2 * ((T - t0) / hc.intervalMs) * checkedSlots.length : 0;
  if (staysSlow && t1 < T && 2 * input.arrivalRate * poolShare * ((T - t0) / 1000) + checksToEnd + 2 * faults.length <= windowBudget) t1 = T;
  const out = hc ? (hc.unhealthyThreshold + 1) * hc.intervalMs + (hc.timeoutMs ?? 0) : 0;
  const back = hc ? (hc.healthyThreshold + 1) * hc.intervalMs : 0;
  for (const f of faults) {
    if (f.kind === 'restore') active.push([f.atMs - warmup, f.atMs + back + warmup]);
    else {
      const end = Math.min(restoreAfter(f) ?? T, endOf(f) ?? T);
      active.push([f.atMs - warmup, detectable(f) ? f.atMs + out + warmup : end + slowest + warmup]);
      if (end < T) active.push([end - warmup, end + back + slowest + warmup]);
    }
  }
  active.sort((x, y) => x[0] - y[0]);
  let activeMs = 0;
  let reach = t0;
  for (const [lo, hi] of active) {
    const a = Math.max(lo, reach, t0);
    const b = Math.min(hi, t1);
    if (b > a) activeMs += b - a;
    reach = Math.max(reach, Math.min(hi, t1));
  }
  const span = Math.max(activeMs, Math.min(t1 - t0, warmup)) / 1000;
  const checksPerServer = hc ? (t1 - t0) / hc.intervalMs : 0;
  const checkEvents = 2 * checksPerServer * checkedSlots.length + 2 * faults.length;
  const requestEvents = 2 * input.arrivalRate * poolShare * span;
  const thin = requestEvents + checkEvents > windowBudget ? Math.min(1, Math.max(1e-12, (windowBudget - checkEvents) / requestEvents)) : 1;
  const lambda = (input.arrivalRate * poolShare * thin) / 1000; // per ms
  /** Each simulated request stands for this many of the simulated servers' requests. */
  const w = 1 / thin;

  const weights = input.weights && input.weights.length === input.servers ? instances.map((i) => input.weights![i]!) : undefined;
  const pool = new ServerPool(n, weights);
  const rng = streamFor(input.seed, `pool:${input.component}:pick`);
  const arrivals = streamFor(input.seed, `pool:${input.component}:arrivals`);
  const service = streamFor(input.seed, `pool:${input.component}:service`);
  const phases = streamFor(input.seed, `pool:${input.component}:checks`);
  const keyRng = streamFor(input.seed, `pool:${input.component}:keys`);
  const ring = input.algorithm === 'consistentHash' ? buildRing(n, Math.max(1, Math.min(160, Math.floor(65_536 / n)))) : undefined;
  const pick = pickerFor(input.algorithm, pool, rng, keyRng, ring);

  const dead = new Uint8Array(n);
  const slow = new Float64Array(n);
  const inflightOk = new Uint32Array(n);
  const voided = new Uint32Array(n);
  const fails = new Uint32Array(n);
  const passes = new Uint32Array(n);
  /** Check results on their way, per slot. */
  const pendingChecks = new Uint32Array(n);
  const perServer = new Float64Array(n * buckets);
  // Arrivals per bucket at the faulted servers (real servers, counted as they are) and at the others (standing for all the others).
  const arrivalsFB = new Float64Array(buckets);
  const arrivalsOB = new Float64Array(buckets);
  const faultedSlot = new Uint8Array(n);
  for (const slot of checkedSlots) faultedSlot[slot] = 1;
  const failedB = new Float64Array(buckets);
  const slowB = new Float64Array(buckets);
  const slowLatB = new Float64Array(buckets);
  // Intervals out of rotation per slot, for capacity.
  const outSince = new Float64Array(n).fill(-1);
  const outTime = new Float64Array(buckets);
  const addOut = (from: number, to: number): void => {
    for (let b = Math.floor(from / input.bucketMs); b < buckets && b * input.bucketMs < to; b++) {
      const lo = Math.max(from, b * input.bucketMs);
      const hi = Math.min(to, (b + 1) * input.bucketMs);
      if (hi > lo) outTime[b]! += hi - lo;
    }
  };

  const q = new EventQueue(1024);
  if (lambda > 0 && t1 > t0) q.push(t0 + arrivals.exponential(lambda), ARRIVE, 0);
  faults.forEach((f, i) => {
    q.push(f.atMs, FAULT, i);
    const end = endOf(f);
    if (end !== undefined && end < T) q.push(end, FAULT_END, i);
  });
  if (hc) for (const s of checkedSlots) q.push(t0 + phases.nextFloat() * hc.intervalMs, CHECK, s);

  let served = 0;
  let servedO = 0;
  let failed = 0;
  let slowServed = 0;
  let failedDuringDetection = 0;
  let events = 0;
  const removedAt: number[][] = Array.from({ length: n }, () => []);
  const backAt: number[][] = Array.from({ length: n }, () => []);
  const meanService = input.latencyMs;
  const serviceRate = 1 / meanService;
  const perBucket = 1 / input.bucketMs;

  /** Counts requests over [from, to) in expectation, spread over the servers by `share`, a share failing and a share slow. */
  const lambdaSim = (input.arrivalRate * poolShare) / 1000;
  const spread = (from: number, to: number, share: (s: number) => number, failShare: number, slowShare: number, slowLatency: number): void => {
    for (let b = Math.floor(from * perBucket); b < buckets && b * input.bucketMs < to; b++) {
      const lo = Math.max(from, b * input.bucketMs);
      const hi = Math.min(to, (b + 1) * input.bucketMs);
      if (!(hi > lo)) continue;
      const a = lambdaSim * (hi - lo);
      let onFaulted = 0;
      for (let s = 0; s < n; s++) {
        perServer[s * buckets + b]! += a * share(s);
        if (faultedSlot[s] === 1) onFaulted += a * share(s);
      }
      // With no server in rotation every request fails, counted with the faulted servers.
      if (failShare >= 1) onFaulted = a;
      arrivalsFB[b]! += onFaulted;
      arrivalsOB[b]! += a - onFaulted;
      failed += a * failShare;
      failedB[b]! += a * failShare;
      served += onFaulted - a * failShare;
      servedO += a - onFaulted;
      slowServed += a * slowShare;
      slowB[b]! += a * slowShare;
      slowLatB[b]! += a * slowShare * slowLatency;
    }
  };
  /** The pool's long-run shares as it stands now, by state: what the declared algorithm gives each server (balancingShares.ts). */
  const sharesByState = new Map<string, StillShares>();
  let measureEvents = 0;
  /** Time counted with measured (not exact) shares, and the requests those shares were measured on. */
  let measuredMs = 0;
  let measuredRequests = 0;
  const holdMs = new Float64Array(n);
  const fixedHold = new Uint8Array(n);
  const sharesNow = (): StillShares => {
    let key = '';
    for (let s = 0; s < n; s++) {
      // A dead server in rotation holds its failing requests for the usual time: to the balancer it looks healthy.
      const slowNow = dead[s] === 0 && slow[s]! > 0;
      holdMs[s] = slowNow ? slow[s]! : meanService;
      fixedHold[s] = slowNow ? 1 : 0;
      key += pool.up[s] === 1 ? `${slowNow ? slow[s] : 'h'},` : '-,';
    }
    let r = sharesByState.get(key);
    if (!r) {
      if (ring) r = { shares: ringShares(ring, pool.up), measured: 0, events: 0 };
      else {
        const still = { algorithm: input.algorithm as BalancingAlgorithm, up: pool.up, holdMs, fixed: fixedHold, ...(weights ? { weights: pool.weights } : {}), ratePerMs: lambdaSim, healthyHoldMs: meanService };
        r = stillShares(still, streamFor(input.seed, `pool:${input.component}:shares:${key}`), measureEach);
      }
      measureEvents += r.events;
      sharesByState.set(key, r);
    }
    return r;
  };
  /** Counts [from, to) in expectation with the pool as it is now: requests spread over the servers in rotation as the algorithm spreads them. */
  const spreadState = (from: number, to: number): void => {
    const { shares, measured } = sharesNow();
    let total = 0;
    let deadShare = 0;
    let slowShare = 0;
    let slowLatency = 0;
    for (let s = 0; s < n; s++) {
      const share = shares[s]!;
      total += share;
      if (dead[s] === 1) deadShare += share;
      else if (slow[s]! > 0) {
        slowShare += share;
        slowLatency += share * slow[s]!;
      }
    }
    // Nobody to take them (no server in rotation, or only drained ones): every request fails.
    if (!(total > 0)) {
      spread(from, to, () => 0, 1, 0, 0);
      return;
    }
    spread(from, to, (s) => shares[s]!, deadShare, slowShare, slowShare > 0 ? slowLatency / slowShare : 0);
    // A dead server still in rotation fails its share: failure during (endless) detection.
    failedDuringDetection += lambdaSim * (to - from) * deadShare;
    if (measured > 0 && to > from) {
      measuredMs += to - from;
      measuredRequests = Math.max(measuredRequests, measured);
    }
  };
  /** Settled: every faulted server is either faulty and out of rotation, or healthy and in it. */
  const settled = (): boolean => {
    for (const s of checkedSlots) {
      const faulty = dead[s] === 1 || slow[s]! > 0;
      if (faulty === (pool.up[s] === 1)) return false;
    }
    return true;
  };
  let nextChange = 0;
  const quietGap = 2 * warmup + (hc ? hc.intervalMs * (hc.unhealthyThreshold + hc.healthyThreshold) : 0);
  /** Per slot, the times its own faults start or end, ascending. */
  const slotChanges: number[][] = Array.from({ length: n }, () => []);
  for (const f of faults) {
    const s = slotOf.get(f.instance)!;
    slotChanges[s]!.push(f.atMs);
    const end = endOf(f);
    if (end !== undefined) slotChanges[s]!.push(end);
  }
  for (const list of slotChanges) list.sort((x, y) => x - y);
  /** Times at which a fault starts or ends, ascending: every slot's. */
  const changes = slotChanges.flat().sort((x, y) => x - y);
  /**
   * When the next check of a slot may be, its check at `now` having the outcome `fail`: a check that changes nothing
   * (failing while out with no pass since, passing while in rotation with no failure since, no other result on its
   * way) would repeat until the slot's next change, so the checks are skipped to the last one whose result lands
   * a whole interval before it.
   */
  const nextCheck = (slot: number, now: number, fail: boolean): number => {
    const next = now + hc!.intervalMs;
    const idle = pendingChecks[slot] === 0 && (fail ? pool.up[slot] === 0 && passes[slot] === 0 : pool.up[slot] === 1 && fails[slot] === 0);
    if (!idle || !(hc!.intervalMs > 0)) return next;
    const change = slotChanges[slot]!.find((t) => t > now) ?? t1;
    const margin = hc!.intervalMs + Math.max(hc!.timeoutMs ?? 0, slow[slot]!, meanService);
    const skip = Math.floor((change - margin - now) / hc!.intervalMs);
    return skip > 1 ? now + skip * hc!.intervalMs : next;
  };
  // Before the window every server is healthy (counted now, while the pool still stands so).
  if (t0 > 0) spreadState(0, t0);
  const hardLimit = HARD_LIMIT_FACTOR * input.eventBudget;
  /** When the run was cut short, if it was. */
  let cutAt: number | undefined;

  while (q.pop()) {
    const now = q.time;
    if (events >= hardLimit) {
      cutAt = Math.min(now, t1);
      // What is in flight is answered, as it would have been.
      for (let s = 0; s < n; s++) {
        const k = w * inflightOk[s]!;
        if (faultedSlot[s] === 1) served += k;
        else servedO += k;
        if (slow[s]! > 0) slowServed += k;
      }
      break;
    }
    events++;
    const id = q.id;
    switch (q.kind) {
      case ARRIVE: {
        if (now >= t1) break;
        // Nothing in flux and the next change far off: count the quiet stretch in expectation and skip to just before the change.
        if (settled()) {
          while (nextChange < changes.length && changes[nextChange]! <= now) nextChange++;
          const next = nextChange < changes.length ? changes[nextChange]! : t1;
          if (next - now > quietGap) {
            const until = Math.min(t1, next - warmup);
            spreadState(now, until);
            q.push(until + arrivals.exponential(lambda), ARRIVE, 0);
            break;
          }
        }
        q.push(now + arrivals.exponential(lambda), ARRIVE, 0);
        const b = Math.min(buckets - 1, Math.floor(now * perBucket));
        const s = pick();
        if (s < 0) {
          arrivalsFB[b]! += w;
          failed += w;
          failedB[b]! += w;
          break;
        }
        if (faultedSlot[s] === 1) arrivalsFB[b]! += w;
        else arrivalsOB[b]! += w;
        perServer[s * buckets + b]! += w;
        pool.acquire(s);
        if (dead[s] === 1) {
          failed += w;
          failedDuringDetection += w;
          failedB[b]! += w;
          q.push(now + service.exponential(serviceRate), DEPART_FAIL, s);
        } else if (slow[s]! > 0) {
          slowB[b]! += w;
          slowLatB[b]! += w * slow[s]!;
          inflightOk[s]!++;
          q.push(now + slow[s]!, DEPART_SLOW, s);
        } else {
          inflightOk[s]!++;
          q.push(now + service.exponential(serviceRate), DEPART_OK, s);
        }
        break;
      }
      case DEPART_OK:
      case DEPART_SLOW: {
        pool.release(id);
        if (voided[id]! > 0) voided[id]!--;
        else {
          inflightOk[id]!--;
          if (faultedSlot[id] === 1) served += w;
          else servedO += w;
          if (q.kind === DEPART_SLOW) slowServed += w;
        }
        break;
      }
      case DEPART_FAIL:
        pool.release(id);
        break;
      case FAULT: {
        const f = faults[id]!;
        const s = slotOf.get(f.instance)!;
        if (f.kind === 'kill') {
          if (dead[s] === 0) {
            // Requests it was serving never get an answer.
            failed += w * inflightOk[s]!;
            failedDuringDetection += w * inflightOk[s]!;
            failedB[Math.min(buckets - 1, Math.floor(now / input.bucketMs))]! += w * inflightOk[s]!;
            voided[s]! += inflightOk[s]!;
            inflightOk[s] = 0;
          }
          dead[s] = 1;
        } else if (f.kind === 'slow') {
          slow[s] = Math.max(slow[s]!, f.latencyMs!);
        } else {
          dead[s] = 0;
          slow[s] = 0;
        }
        break;
      }
      case FAULT_END: {
        const f = faults[id]!;
        slow[slotOf.get(f.instance)!] = 0;
        break;
      }
      case CHECK: {
        if (now >= t1 || !hc) break;
        const fail = dead[id] === 1 || (slow[id]! > 0 && hc.timeoutMs !== undefined && hc.timeoutMs < slow[id]!);
        q.push(nextCheck(id, now, fail), CHECK, id);
        pendingChecks[id]!++;
        if (dead[id] === 1) q.push(now + (hc.timeoutMs ?? 0), CHECK_FAIL, id);
        else if (fail) q.push(now + hc.timeoutMs!, CHECK_FAIL, id);
        else q.push(now + (slow[id]! > 0 ? slow[id]! : Math.min(meanService, hc.timeoutMs ?? meanService)), CHECK_PASS, id);
        break;
      }
      case CHECK_FAIL: {
        pendingChecks[id]!--;
        passes[id] = 0;
        fails[id]!++;
        if (pool.up[id] === 1 && fails[id]! >= hc!.unhealthyThreshold) {
          pool.setUp(id, false);
          removedAt[id]!.push(now);
          outSince[id] = now;
        }
        break;
      }
      case CHECK_PASS: {
        pendingChecks[id]!--;
        fails[id] = 0;
        passes[id]!++;
        if (pool.up[id] === 0 && passes[id]! >= hc!.healthyThreshold) {
          pool.setUp(id, true);
          backAt[id]!.push(now);
          addOut(outSince[id]!, now);
          outSince[id] = -1;
        }
        break;
      }
    }
  }
  for (let s = 0; s < n; s++) if (outSince[s]! >= 0) addOut(outSince[s]!, T);
  let simulatedArrivals = 0;
  for (let b = 0; b < buckets; b++) simulatedArrivals += arrivalsFB[b]! + arrivalsOB[b]!;
  if (Math.abs(simulatedArrivals - served - servedO - failed) > 1e-6 * Math.max(1, simulatedArrivals)) {
    throw new RangeError(`pool ${input.component}: ${simulatedArrivals} requests, ${served + servedO} served + ${failed} failed`);
  }

  // After the window, as in settled stretches inside it, the pool stays as it is; so does the rest of a run cut short.
  if (cutAt !== undefined && cutAt < t1) spreadState(cutAt, t1);
  if (t1 < T) spreadState(t1, T);

  // Per-fault results: how long each faulty server stayed in rotation.
  const faultResults: PoolFaultResult[] = [];
  for (const f of input.faults) {
    if (f.kind === 'restore') continue;
    const s = slotOf.get(f.instance);
    if (s === undefined || f.atMs >= T) continue;
    const restore = input.faults.filter((g) => g.instance === f.instance && g.kind === 'restore' && g.atMs > f.atMs).map((g) => g.atMs).sort((a, b) => a - b)[0];
    let end = f.kind === 'slow' && f.durationMs !== undefined ? f.atMs + f.durationMs : undefined;
    if (restore !== undefined && (end === undefined || restore < end)) end = restore;
    if (end !== undefined && end >= T) end = undefined;
    const removal = removedAt[s]!.find((t) => t >= f.atMs && (end === undefined || t <= end));
    const stop = removal ?? end ?? T;
    const r: PoolFaultResult = {
      instance: f.instance,
      kind: f.kind,
      atMs: msRound(f.atMs),
      ...(end !== undefined ? { endMs: msRound(end) } : {}),
      ...(f.kind === 'slow' ? { latencyMs: msRound(f.latencyMs!) } : {}),
      ...(removal !== undefined ? { removedAtMs: msRound(removal) } : {}),
      detectionMs: msRound(stop - f.atMs),
      unbounded: removal === undefined && end === undefined,
    };
    if (removal === undefined) r.why = whyNotRemoved(f, hc, end !== undefined);
    const back = removal !== undefined ? backAt[s]!.find((t) => t > removal) : undefined;
    if (back !== undefined) r.backInRotationAtMs = msRound(back);
    faultResults.push(r);
  }

  // Scale back to the whole pool: the faulted servers are themselves; the other simulated servers stand for all
  // the others, whose total is the pool's rate (scaling the sample would also scale the load the faulted servers shed onto it).
  const subsampled = n < input.servers;
  const servedAll = subsampled ? Math.max(0, (input.arrivalRate * T) / 1000 - failed) : served + servedO;
  const [servedS, failedS] = largestRemainder([servedAll, failed], Math.round(servedAll + failed)) as [number, number];
  const slowS = Math.min(servedS, Math.round(slowServed));
  const failedDetS = Math.min(failedS, Math.round(failedDuringDetection));
  const series = {
    bucketMs: sig(input.bucketMs),
    servers: faulted.filter((i) => slotOf.has(i)).map((inst) => {
      const s = slotOf.get(inst)!;
      return { instance: inst, requests: Array.from(perServer.subarray(s * buckets, (s + 1) * buckets), (x) => Math.round(x)) };
    }),
    othersMean: Array.from({ length: buckets }, (_, b) => {
      let sum = 0;
      let count = 0;
      for (let s = 0; s < n; s++) {
        if (checkedSlots.includes(s) || faulted.includes(instances[s]!)) continue;
        sum += perServer[s * buckets + b]!;
        count++;
      }
      return count > 0 ? sig(sum / count, 4) : 0;
    }),
  };
  const sampledParts: string[] = [];
  // In the reader's words, not the engine's: what share was simulated and that the counts were scaled up from it.
  if (thin < 1) sampledParts.push(`simulated ${sig(thin * 100, 3)}% of the ${num(input.arrivalRate)} requests/s over the ${sig(span, 4)} s in which the faults play out, and scaled the counts up`);
  if (n < input.servers) sampledParts.push(`simulated ${n} of ${num(input.servers)} servers (the faulted ones and others) with their share of the load`);
  if (cutAt !== undefined) sampledParts.push(`stopped simulating request by request ${sig(cutAt / 1000, 4)} s into the run, after ${num(hardLimit)} steps: the rest counted as the pool then stood`);
  // Measured shares stand for every request of their stretches: the rate is what was simulated of all the pool's requests.
  let rate = thin;
  if (measuredMs > 0) {
    sampledParts.push(`${sig(measuredMs / 1000, 4)} s with a slow server in rotation counted with the shares ${input.algorithm} gave over ${num(measuredRequests)} requests to the pool as it then stood`);
    rate = Math.min(thin, (events + measureEvents) / 2 / Math.max(1, lambdaSim * T));
  }
  const sampled: Sampled | undefined = sampledParts.length > 0 ? { rate: sig(rate * poolShare), reason: `${input.component}: ${sampledParts.join('; ')}` } : undefined;

  const effects: NodeEffect[] = [];
  const slowShare: number[] = [];
  const slowLatencyMs: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const a = subsampled ? (input.arrivalRate * Math.min(input.bucketMs, T - b * input.bucketMs)) / 1000 : arrivalsFB[b]! + arrivalsOB[b]!;
    const fail = a > 0 ? failedB[b]! / a : 0;
    const width = Math.min(input.bucketMs, T - b * input.bucketMs);
    const outShare = width > 0 ? outTime[b]! / width / input.servers : 0;
    const e: NodeEffect = {};
    if (fail > 0) {
      e.readFail = fail;
      e.writeFail = fail;
    }
    if (outShare > 0) e.capacityFactor = 1 / Math.max(1e-9, 1 - Math.min(outShare, 1 - 1 / input.servers));
    effects.push(e);
    slowShare.push(a > 0 ? slowB[b]! / a : 0);
    slowLatencyMs.push(slowB[b]! > 0 ? slowLatB[b]! / slowB[b]! : 0);
  }

  const result: PoolResult = {
    component: input.component,
    balancer: input.balancer,
    algorithm: input.algorithm,
    servers: input.servers,
    simulatedServers: n,
    healthCheck: hc ? { ...hc } : null,
    latencyMs: sig(input.latencyMs),
    faults: faultResults,
    requests: { generated: servedS + failedS, served: servedS, failed: failedS, rejected: 0, slow: slowS },
    failedDuringDetection: failedDetS,
    perServer: instances.map((instance, s) => {
      let sum = 0;
      for (let b = 0; b < buckets; b++) sum += perServer[s * buckets + b]!;
      return { instance, requests: Math.round(sum) };
    }),
    series,
    ...(sampled ? { sampled } : {}),
  };
  return { result, effects: { bucketMs: input.bucketMs, effects, slowShare, slowLatencyMs }, events: events + measureEvents };
}

function whyNotRemoved(f: PoolFault, hc: PoolInput['healthCheck'], ended: boolean): string {
  if (!hc) return 'no health check: nothing takes it out of rotation';
  if (f.kind === 'slow' && (hc.timeoutMs === undefined || hc.timeoutMs >= f.latencyMs!)) {
    return hc.timeoutMs === undefined
      ? `the health check has no timeout: a server answering in ${f.latencyMs} ms passes`
      : `the health check's timeout (${hc.timeoutMs} ms) is not shorter than the slowness (${f.latencyMs} ms): the server passes`;
  }
  return ended ? 'the fault ended before enough checks failed' : 'not enough checks failed before the run ended';
}

/** The pick function of an algorithm; consistent hashing walks `ring` from the request key's hash to the first server in rotation. */
function pickerFor(algorithm: PoolInput['algorithm'], pool: ServerPool, rng: Random, keyRng: Random, ring: HashRing | undefined): () => number {
  if (algorithm !== 'consistentHash' || !ring) {
    const b: Balancer = createBalancer(algorithm as BalancingAlgorithm, pool, rng);
    return () => b.pick();
  }
  return () => {
    if (pool.upCount === 0) return -1;
    const hash = murmur3KeyId(keyRng.intBelow(4294967296), 0);
    let i = ring.pointIndex(hash);
    for (let step = 0; step < ring.size; step++) {
      const s = ring.owners[i]!;
      if (pool.up[s] === 1) return s;
      i = i + 1 === ring.size ? 0 : i + 1;
    }
    return -1;
  };
}

/**
 * Consistent hashing's shares: keys hash uniformly over the circle, a point takes the arc up to it from the point
 * before, and a server out of rotation hands its arcs on to the next point whose server is in rotation.
 */
function ringShares(ring: HashRing, up: Uint8Array): Float64Array {
  const shares = new Float64Array(up.length);
  const m = ring.size;
  // Walking backwards twice round the circle, `owner` is the first server in rotation at or after each point.
  let owner = -1;
  for (let k = 2 * m - 1; k >= 0; k--) {
    const i = k % m;
    if (up[ring.owners[i]!] === 1) owner = ring.owners[i]!;
    if (k >= m || owner < 0) continue;
    const arc = i > 0 ? ring.positions[i]! - ring.positions[i - 1]! : ring.positions[0]! + 4294967296 - ring.positions[m - 1]!;
    shares[owner]! += arc / 4294967296;
  }
  return shares;
}
