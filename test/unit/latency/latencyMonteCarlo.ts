/**
 * A Monte Carlo of the latency model, written apart from it: each sampled
 * request draws every step's own time (an exponential service time of the
 * component's declared mean; with the Erlang C probability, an exponential
 * wait), which calls it makes (the split by shares, independent calls by
 * their shares less cache-aside hits, a balancer's pool by its weight, a
 * CDN's or cache's misses), the slowest of a fan-out's copies and the k-th
 * fastest of a quorum's nodes, and adds the declared round trips.
 */
import { type Access, callsOf, type RequestCall, stepOf } from '../../../src/core/availability/requestGraph';
import type { LatencyModel } from '../../../src/core/latency/latency';
import { replicationOf } from '../../../src/core/model/replicationLag';
import { createRandom } from '../../../src/core/sim/random';

/** `samples` sampled times (ms) of requests entering at `entry` with `access`, sorted. */
export function monteCarloLatency(model: LatencyModel, entry: string, access: Access, samples: number, seed: number): Float64Array {
  const rnd = createRandom(seed);
  const u = () => rnd.nextFloat();
  const exp = (mean: number) => (mean > 0 ? -mean * Math.log(1 - u()) : 0);
  const g = model.graph;
  const out = new Float64Array(samples);

  const own = (step: number): number => {
    const s = g.step(step);
    const t = model.serviceTime(s.component);
    if (t.saturated) return Infinity;
    const once = () => exp(t.serviceMs) + (u() < t.waitProbability ? exp(t.waitMeanMs) : 0);
    const ack = s.access === 'write' ? model.network.ack(s.node) : 0;
    const rep = replicationOf(s.node.data);
    if (rep?.topology === 'leaderless' && rep.quorum) {
      const k = s.access === 'read' ? rep.quorum.r : rep.quorum.w;
      const times = Array.from({ length: rep.quorum.n }, once).sort((a, b) => a - b);
      return times[k - 1]! + (model.network.quorumTrips(s.node)[k - 1] ?? 0) + ack;
    }
    return once() + ack;
  };

  const call = (from: number, c: RequestCall): number => {
    const s = g.step(from);
    const target = g.nodes[c.to >> 1]!;
    const rtt = model.network.call(s.node, target, s.access === 'write' && c.reason === 'call' ? 'write' : 'read');
    const copies = Math.max(1, Math.round(c.fanout));
    let slowest = 0;
    for (let i = 0; i < copies; i++) slowest = Math.max(slowest, rtt + time(c.to));
    return slowest;
  };

  const made = (c: RequestCall): boolean => {
    if (u() >= c.share) return false;
    for (const cache of c.missOf) {
      const d = g.nodes[cache]!.data;
      if (d.kind === 'cache' && u() < d.hitRatio) return false;
    }
    return true;
  };

  const time = (step: number): number => {
    const s = g.step(step);
    let t = own(step);
    if (!(callsOf(s).length > 0) || u() >= s.pass) return t;
    for (const c of s.always) t += call(step, c);
    const x = u();
    let acc = 0;
    for (const c of s.exclusive) {
      acc += c.share;
      if (x < acc) {
        t += call(step, c);
        break;
      }
    }
    for (const c of s.independent) if (made(c)) t += call(step, c);
    if (s.alternatives.length > 0) {
      const y = u();
      let w = 0;
      let chosen = s.alternatives[s.alternatives.length - 1]!;
      for (const c of s.alternatives) {
        w += c.weight;
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
