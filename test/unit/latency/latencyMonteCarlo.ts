/**
 * A Monte Carlo of the latency model, written apart from it: each sampled
 * request draws every step's own time (an exponential service time of the
 * component's declared mean; with the Erlang C probability, an exponential
 * wait), which calls it makes (the split by shares, independent calls by
 * their shares less cache-aside hits, a balancer's pool by its weight, a
 * CDN's or cache's misses), the slowest of a fan-out's copies and the k-th
 * fastest of a quorum's nodes, and adds the declared round trips.
 */
import { type Access, ALTERNATIVE, ALWAYS, END, EXCLUSIVE, INDEPENDENT, stepOf } from '../../../src/core/availability/requestGraph';
import type { LatencyModel } from '../../../src/core/latency/latency';
import type { ServiceTime } from '../../../src/core/latency/serviceTimes';
import { replicationOf } from '../../../src/core/model/replicationLag';
import { createRandom } from '../../../src/core/sim/random';

/** `samples` sampled times (ms) of requests entering at `entry` with `access`, sorted. */
export function monteCarloLatency(model: LatencyModel, entry: string, access: Access, samples: number, seed: number): Float64Array {
  const rnd = createRandom(seed);
  const u = () => rnd.nextFloat();
  const exp = (mean: number) => (mean > 0 ? -mean * Math.log(1 - u()) : 0);
  const g = model.graph;
  const out = new Float64Array(samples);
  // Each component's own time, asked of the model once (it makes a new object each time).
  const times: ServiceTime[] = [];
  /** The calls (by number) of a step's group. */
  const group = (step: number, k: number): number[] => {
    const calls: number[] = [];
    for (let c = g.first(step, k); c < g.first(step, k + 1); c++) calls.push(c);
    return calls;
  };

  const own = (step: number): number => {
    const node = g.nodes[step >> 1]!;
    const write = (step & 1) === 1;
    const t = (times[step >> 1] ??= model.serviceTime(step >> 1));
    if (t.saturated) return Infinity;
    const once = () => exp(t.serviceMs) + (u() < t.waitProbability ? exp(t.waitMeanMs) : 0);
    const ack = write ? model.network.ack(node) : 0;
    const rep = replicationOf(node.data);
    if (rep?.topology === 'leaderless' && rep.quorum) {
      const k = write ? rep.quorum.w : rep.quorum.r;
      const times = Array.from({ length: rep.quorum.n }, once).sort((a, b) => a - b);
      return times[k - 1]! + (model.network.quorumTrips(node)[k - 1] ?? 0) + ack;
    }
    return once() + ack;
  };

  const call = (from: number, c: number): number => {
    const target = g.nodes[g.callee(c) >> 1]!;
    const rtt = model.network.call(g.nodes[from >> 1]!, target, from & 1 && g.reason(c) === 'call' ? 'write' : 'read');
    const copies = Math.max(1, Math.round(g.fanout(c)));
    let slowest = 0;
    for (let i = 0; i < copies; i++) slowest = Math.max(slowest, rtt + time(g.callee(c)));
    return slowest;
  };

  const made = (c: number): boolean => {
    if (u() >= g.share(c)) return false;
    for (const cache of g.missOf(c)) {
      const d = g.nodes[cache]!.data;
      if (d.kind === 'cache' && u() < d.hitRatio) return false;
    }
    return true;
  };

  const time = (step: number): number => {
    let t = own(step);
    if (!(g.first(step, END) > g.first(step, ALWAYS)) || u() >= g.pass(step)) return t;
    for (const c of group(step, ALWAYS)) t += call(step, c);
    const x = u();
    let acc = 0;
    for (const c of group(step, EXCLUSIVE)) {
      acc += g.share(c);
      if (x < acc) {
        t += call(step, c);
        break;
      }
    }
    for (const c of group(step, INDEPENDENT)) if (made(c)) t += call(step, c);
    const alternatives = group(step, ALTERNATIVE);
    if (alternatives.length > 0) {
      const y = u();
      let w = 0;
      let chosen = alternatives[alternatives.length - 1]!;
      for (const c of alternatives) {
        w += g.share(c);
        if (y < w) {
          chosen = c;
          break;
        }
      }
      t += call(step, chosen);
    }
    return t;
  };

  const start = stepOf(g.indexOf.get(entry)!, access);
  for (let i = 0; i < samples; i++) out[i] = time(start);
  return out.sort();
}

/** The p-quantile of sorted samples (the value at rank ceil(p n)). */
export function sampleQuantile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
