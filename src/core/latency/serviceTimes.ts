/**
 * A component's own time per request: its declared `capacity.latency` as the
 * mean of an exponential service time, and the wait in its queue at peak,
 * from the one load model (load/traffic.ts). The busiest node is an M/M/c
 * queue whose capacity is the load model's: it serves `busiestNodeRps /
 * utilization` requests per second (the rate at which its binding resource
 * saturates), so c = that rate × latency servers of rate 1 / latency each,
 * at the load model's utilization ρ. A request waits with the Erlang C
 * probability C(c, cρ), then an exponential time of rate cμ - λ (FIFO):
 * P(W > t) = C e^(-(cμ - λ) t). Past MAX_EXACT_SERVERS servers Erlang C is
 * taken from the Halfin–Whitt approximation, exact as c grows at fixed
 * (1 - ρ)√c. At or past saturation there is no steady state: the wait grows
 * without bound (`saturated`).
 */
import type { TrafficModel } from '../load/traffic';
import type { CapacityData } from '../model/schema';
import type { ComponentNode } from '../model/topology';
import { normalTail } from '../scenario/staleReads';
import { erlangC } from '../sim/queueing';

/** Servers up to which Erlang C is computed exactly (its recursion costs one step per server). */
export const MAX_EXACT_SERVERS = 5_000;

/** The probability of a wait below which it is left out. */
export const NEGLIGIBLE_WAIT = 1e-9;

/** One component's own time per request. */
export interface ServiceTime {
  /** Mean service time (ms): the declared latency, 0 when none is declared. */
  serviceMs: number;
  /** Whether a latency is declared. */
  declared: boolean;
  /** The probability that a request waits in the queue (Erlang C), 0 without a capacity. */
  waitProbability: number;
  /** The mean of a wait, given that the request waits (ms): 1 / (cμ - λ). */
  waitMeanMs: number;
  /** The busiest node's utilization at peak. */
  utilization: number;
  /** Servers of the queue (c). */
  servers: number;
  /** At or past saturation: no steady state, unbounded waits. */
  saturated: boolean;
}

/** The own time per request of a component at the load model's peak; `waitChance` gives Erlang C (a model memoizes it: many components are alike); in `out` when given, else in a new object. */
export function serviceTimeOf(node: ComponentNode, load: TrafficModel, waitChance: (servers: number, offered: number) => number = erlangCOf, out?: ServiceTime): ServiceTime {
  // One property read (undefined for a kind that has no capacity) rather than an `in` test and a read: the data has a
  // shape per kind, so each is a slow, megamorphic lookup, and a path reads every component's.
  const cap = (node.data as { capacity?: CapacityData }).capacity;
  const latency = cap?.latency;
  const l = load.loads.get(node.id);
  const u = l?.utilization[0]?.value ?? 0;
  if (!l || !(latency !== undefined && latency > 0) || !(u > 0)) return noWait(latency, u, 0, false, out);
  if (u >= 1) return noWait(latency, u, 0, true, out);
  const rate = l.busiestNodeRps / u; // requests/s the busiest node serves at saturation
  const servers = Math.max(1, Math.floor((rate * latency) / 1000));
  // A wait less likely than NEGLIGIBLE_WAIT moves no figure the model gives: left out, as is its cost.
  const c = waitChance(servers, servers * u);
  if (c < NEGLIGIBLE_WAIT) return noWait(latency, u, servers, false, out);
  // cμ - λ, per ms: c / latency × (1 - ρ).
  const drain = (servers / latency) * (1 - u);
  return timeIn(out, latency, true, c, 1 / drain, u, servers, false);
}

/** A time without a wait. */
function noWait(latency: number | undefined, utilization: number, servers: number, saturated: boolean, out: ServiceTime | undefined): ServiceTime {
  return timeIn(out, latency ?? 0, latency !== undefined, 0, 0, utilization, servers, saturated);
}

/** A time in `out` when given, else in a new object (every component a path reaches makes one: not a default copied). */
function timeIn(out: ServiceTime | undefined, serviceMs: number, declared: boolean, waitProbability: number, waitMeanMs: number, utilization: number, servers: number, saturated: boolean): ServiceTime {
  if (!out) return { serviceMs, declared, waitProbability, waitMeanMs, utilization, servers, saturated };
  out.serviceMs = serviceMs;
  out.declared = declared;
  out.waitProbability = waitProbability;
  out.waitMeanMs = waitMeanMs;
  out.utilization = utilization;
  out.servers = servers;
  out.saturated = saturated;
  return out;
}
/** Erlang C: exact up to MAX_EXACT_SERVERS servers, Halfin–Whitt past them. */
export function erlangCOf(servers: number, offered: number): number {
  if (servers <= MAX_EXACT_SERVERS) return erlangC(servers, offered);
  const beta = (1 - offered / servers) * Math.sqrt(servers);
  const phi = Math.exp((-beta * beta) / 2) / Math.sqrt(2 * Math.PI);
  const Phi = 1 - normalTail(beta);
  return 1 / (1 + (beta * Phi) / phi);
}
