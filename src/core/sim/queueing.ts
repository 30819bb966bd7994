/**
 * Queueing theory for capacity: M/M/1 and M/M/c (Erlang C) waiting times in
 * closed form, and a small discrete-event simulation of the same queues on
 * the event heap that the tests hold to the formulas.
 */

import { EventQueue } from './eventQueue';
import { streamFor } from './random';

/** Steady-state figures of a queue; times in the unit of 1/rate. */
export interface QueueMetrics {
  /** Whether the queue has a steady state (utilization below 1); when false, waits are Infinity. */
  stable: boolean;
  /** Offered load per server, ρ = λ / (c μ). */
  utilization: number;
  /** Probability an arrival waits (Erlang C; ρ for M/M/1). */
  probWait: number;
  /** Mean time waiting before service, Wq. */
  meanWait: number;
  /** Mean time in system, W = Wq + 1/μ. */
  meanTimeInSystem: number;
  /** Mean number waiting, Lq = λ Wq (Little's law). */
  meanQueueLength: number;
  /** Mean number in system, L = λ W. */
  meanInSystem: number;
}

/** Erlang B: the blocking probability of c servers offered a Erlangs with no queue, by the stable recursion B(k) = a B(k-1) / (k + a B(k-1)). */
export function erlangB(servers: number, offered: number): number {
  checkServers(servers);
  if (!(offered >= 0) || !Number.isFinite(offered)) throw new RangeError(`offered load must be finite and >= 0, got ${offered}`);
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (offered * b) / (k + offered * b);
  return b;
}

/** Erlang C: the probability an arrival waits at c servers offered a = λ/μ Erlangs; 1 when a >= c (no steady state). */
export function erlangC(servers: number, offered: number): number {
  const b = erlangB(servers, offered);
  if (offered >= servers) return 1;
  return (servers * b) / (servers - offered * (1 - b));
}

/** M/M/c: Poisson arrivals at rate λ, c servers with exponential service at rate μ each, FIFO, infinite queue. */
export function mmc(arrivalRate: number, serviceRate: number, servers: number): QueueMetrics {
  checkRate(arrivalRate, 'arrival rate', true);
  checkRate(serviceRate, 'service rate', false);
  const offered = arrivalRate / serviceRate;
  const utilization = offered / servers;
  if (utilization >= 1) {
    return { stable: false, utilization, probWait: 1, meanWait: Infinity, meanTimeInSystem: Infinity, meanQueueLength: Infinity, meanInSystem: Infinity };
  }
  const probWait = erlangC(servers, offered);
  const meanWait = probWait / (servers * serviceRate - arrivalRate);
  const meanTimeInSystem = meanWait + 1 / serviceRate;
  return { stable: true, utilization, probWait, meanWait, meanTimeInSystem, meanQueueLength: arrivalRate * meanWait, meanInSystem: arrivalRate * meanTimeInSystem };
}

/** M/M/1: W = 1 / (μ - λ), Wq = ρ / (μ - λ). */
export function mm1(arrivalRate: number, serviceRate: number): QueueMetrics {
  return mmc(arrivalRate, serviceRate, 1);
}

/** What to simulate: an M/M/c queue fed a fixed number of customers. */
export interface QueueSimOptions {
  /** λ: mean arrivals per unit time. */
  arrivalRate: number;
  /** μ: mean services per unit time per server. */
  serviceRate: number;
  /** c: the number of servers. */
  servers: number;
  /** Customers to generate (the work budget: two events each). */
  customers: number;
  /** Leading customers left out of the averages while the queue warms up from empty. */
  warmup?: number;
  /** Simulation seed; arrivals and services draw from their own streams of it. */
  seed: number;
}

/** Averages measured by the simulation. */
export interface QueueSimResult {
  /** Customers counted in the averages (all served, minus warm-up). */
  measured: number;
  /** Mean time waiting before service. */
  meanWait: number;
  /** Mean time in system (wait plus service). */
  meanTimeInSystem: number;
  /** Share of measured customers who had to wait. */
  probWait: number;
  /** Busy server time over servers x elapsed time. */
  utilization: number;
  /** Events processed. */
  events: number;
  /** Simulated time of the last event. */
  elapsed: number;
  /** Longest waiting line seen. */
  maxQueueLength: number;
}

const ARRIVAL = 0;
const DEPARTURE = 1;

/** Simulates an M/M/c FIFO queue event by event (deterministic for a seed). */
export function simulateMMc(options: QueueSimOptions): QueueSimResult {
  const { arrivalRate, serviceRate, servers, customers } = options;
  checkRate(arrivalRate, 'arrival rate', false);
  checkRate(serviceRate, 'service rate', false);
  checkServers(servers);
  if (!(customers >= 1) || Math.floor(customers) !== customers) throw new RangeError(`customers must be a positive integer, got ${customers}`);
  const warmup = Math.min(Math.max(0, Math.floor(options.warmup ?? 0)), customers - 1);
  const arrivals = streamFor(options.seed, 'queue.arrivals');
  const service = streamFor(options.seed, 'queue.service');
  const events = new EventQueue(Math.max(16, servers + 2));

  // FIFO line of arrival times, a growable ring buffer.
  let line = new Float64Array(1024);
  let head = 0;
  let length = 0;

  let generated = 1;
  let started = 0;
  let busy = 0;
  let waitSum = 0;
  let serviceSum = 0;
  let waited = 0;
  let busyTime = 0;
  let processed = 0;
  let maxQueueLength = 0;

  const startService = (now: number, arrivedAt: number): void => {
    const s = service.exponential(serviceRate);
    busyTime += s;
    if (started >= warmup) {
      const w = now - arrivedAt;
      waitSum += w;
      serviceSum += s;
      if (w > 0) waited++;
    }
    started++;
    events.push(now + s, DEPARTURE, 0);
  };

  events.push(arrivals.exponential(arrivalRate), ARRIVAL, 0);
  while (events.pop()) {
    processed++;
    const now = events.time;
    if (events.kind === ARRIVAL) {
      if (generated < customers) {
        generated++;
        events.push(now + arrivals.exponential(arrivalRate), ARRIVAL, 0);
      }
      if (busy < servers) {
        busy++;
        startService(now, now);
      } else {
        if (length === line.length) {
          const bigger = new Float64Array(line.length * 2);
          for (let i = 0; i < length; i++) bigger[i] = line[(head + i) % line.length]!;
          line = bigger;
          head = 0;
        }
        line[(head + length) % line.length] = now;
        length++;
        if (length > maxQueueLength) maxQueueLength = length;
      }
    } else if (length > 0) {
      const arrivedAt = line[head]!;
      head = head + 1 === line.length ? 0 : head + 1;
      length--;
      startService(now, arrivedAt);
    } else {
      busy--;
    }
  }
  const measured = customers - warmup;
  const elapsed = events.time;
  return {
    measured,
    meanWait: waitSum / measured,
    meanTimeInSystem: (waitSum + serviceSum) / measured,
    probWait: waited / measured,
    utilization: elapsed > 0 ? busyTime / (servers * elapsed) : 0,
    events: processed,
    elapsed,
    maxQueueLength,
  };
}

function checkServers(c: number): void {
  if (!(c >= 1) || Math.floor(c) !== c || !Number.isFinite(c)) throw new RangeError(`servers must be a positive integer, got ${c}`);
}

function checkRate(rate: number, what: string, zeroAllowed: boolean): void {
  if (!Number.isFinite(rate) || rate < 0 || (!zeroAllowed && rate === 0)) throw new RangeError(`${what} must be finite and ${zeroAllowed ? '>= 0' : '> 0'}, got ${rate}`);
}
