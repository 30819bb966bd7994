/**
 * Where every request of the workload ends: served, failed or rejected. The
 * run is cut into segments at every time anything changes (a fault, a
 * detection, a promotion, a partition healing, a bucket of a simulated pool),
 * and in each segment two passes over the call graph give each entry point's
 * outcome:
 *
 * - forward (callers first), capacity: the load a tier carries is what its
 *   callers accepted; a tier past 100% of its first-saturating resource
 *   accepts 1/utilization of it (instances out of rotation raise the
 *   utilization of the rest; a slow dependency holds connections longer);
 * - backward (callees first), outcomes: a request at a component is first
 *   accepted or rejected, then fails with the component's own failure share,
 *   then makes its synchronous calls in order; a call made with probability q
 *   and fan-out k succeeds with 1 - q + q·S^k, where S is the callee's success
 *   share, and a failing call fails or rejects the request in the callee's
 *   proportions. Async calls and queue deliveries never fail their caller.
 *
 * At every component served + failed + rejected = 1 by construction; the
 * counts per bucket are rounded so that they add up too.
 */
import type { SimEdge, SimGraph, SimNode } from './graph';
import { assertOutcome, CumulativeRounder } from './numbers';
import type { Outcome, RequestSummary } from './types';
import { CAPACITY_ERROR, exceeds } from '../model/loadThresholds';

/** A component's own trouble during a window: shares of its reads and writes that fail or are refused. */
export interface NodeEffect {
  readFail?: number;
  writeFail?: number;
  readReject?: number;
  writeReject?: number;
  /** Multiplies utilization (instances out of rotation: N / (N - out)). */
  capacityFactor?: number;
  /** Multiplies the utilization of latency-bound resources (connections, memory): requests held longer. */
  latencyFactor?: number;
}

/** A call's trouble during a window: a share of the calls cut, failing or refused. */
export interface EdgeEffect {
  cut: number;
  kind: 'failed' | 'rejected';
  reads: boolean;
  writes: boolean;
}

interface Windowed<T> {
  from: number;
  to: number;
  effect: T;
}

/** Per-bucket effects measured by a simulation (a pool). */
interface Series {
  bucketMs: number;
  effects: NodeEffect[];
}

/** Everything that changes the outcome of requests over the run. */
export class Impairments {
  private readonly nodes = new Map<string, Windowed<NodeEffect>[]>();
  private readonly series = new Map<string, Series[]>();
  private readonly edges = new Map<number, Windowed<EdgeEffect>[]>();
  private readonly times = new Set<number>();

  /** A component's effect over [from, to). */
  addNode(id: string, from: number, to: number, effect: NodeEffect): void {
    if (!(to > from)) return;
    push(this.nodes, id, { from, to, effect });
    this.times.add(from).add(to);
  }

  /** A component's effect per bucket of `bucketMs`, from time 0. */
  addNodeSeries(id: string, bucketMs: number, effects: NodeEffect[]): void {
    push(this.series, id, { bucketMs, effects });
    for (let i = 0; i <= effects.length; i++) this.times.add(i * bucketMs);
  }

  /** A call's effect over [from, to). */
  addEdge(edge: number, from: number, to: number, effect: EdgeEffect): void {
    if (!(to > from) || !(effect.cut > 0)) return;
    push(this.edges, edge, { from, to, effect });
    this.times.add(from).add(to);
  }

  /** True when nothing is impaired. */
  get empty(): boolean {
    return this.nodes.size === 0 && this.series.size === 0 && this.edges.size === 0;
  }

  /** Every time at which some effect starts or ends. */
  changeTimes(): number[] {
    return [...this.times].sort((a, b) => a - b);
  }

  /** The combined effect on each component at time t (fail and reject shares add up, capped at 1; factors multiply). */
  nodeStateAt(t: number): Map<string, Required<NodeEffect>> {
    const out = new Map<string, Required<NodeEffect>>();
    const get = (id: string) => {
      let s = out.get(id);
      if (!s) {
        s = { readFail: 0, writeFail: 0, readReject: 0, writeReject: 0, capacityFactor: 1, latencyFactor: 1 };
        out.set(id, s);
      }
      return s;
    };
    const apply = (id: string, e: NodeEffect) => {
      const s = get(id);
      s.readFail = Math.min(1, s.readFail + (e.readFail ?? 0));
      s.writeFail = Math.min(1, s.writeFail + (e.writeFail ?? 0));
      s.readReject = Math.min(1, s.readReject + (e.readReject ?? 0));
      s.writeReject = Math.min(1, s.writeReject + (e.writeReject ?? 0));
      s.capacityFactor *= e.capacityFactor ?? 1;
      s.latencyFactor *= e.latencyFactor ?? 1;
    };
    for (const [id, ws] of this.nodes) for (const w of ws) if (w.from <= t && t < w.to) apply(id, w.effect);
    for (const [id, ss] of this.series) {
      for (const s of ss) {
        const e = s.effects[Math.floor(t / s.bucketMs)];
        if (e) apply(id, e);
      }
    }
    return out;
  }

  /** The effect on each impaired call at time t (cut shares add up, capped at 1; "rejected" wins over "failed"). */
  edgeStateAt(t: number): Map<number, EdgeEffect> {
    const out = new Map<number, EdgeEffect>();
    for (const [i, ws] of this.edges) {
      for (const w of ws) {
        if (!(w.from <= t && t < w.to)) continue;
        const prev = out.get(i);
        out.set(i, prev
          ? { cut: Math.min(1, prev.cut + w.effect.cut), kind: prev.kind === 'rejected' || w.effect.kind === 'rejected' ? 'rejected' : 'failed', reads: prev.reads || w.effect.reads, writes: prev.writes || w.effect.writes }
          : { ...w.effect });
      }
    }
    return out;
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Outcome shares of one request kind at a component. */
interface Triple {
  s: number;
  f: number;
  r: number;
}

/** The accepted share of each component's arriving load per segment state, and the outcome shares. */
export interface SegmentOutcome {
  /** Per entry point: reads and writes outcome shares. */
  reads: Triple;
  writes: Triple;
  /** Share of arriving requests each tier refuses for capacity. */
  refused: Map<string, number>;
  /** Share of each component's offered load that reaches it (what its callers carried and accepted). */
  carried: Map<string, number>;
}

/** Utilization of each component's resources, split by whether it grows with latency. */
interface CapacityProfile {
  /** Utilization of rps, CPU and disk (load only). */
  load: number;
  /** Utilization of connections and memory (load x latency). */
  held: number;
}

function capacityProfile(n: SimNode): CapacityProfile | undefined {
  if (n.load.utilization.length === 0) return undefined;
  let load = 0;
  let held = 0;
  for (const u of n.load.utilization) {
    if (!Number.isFinite(u.value)) continue;
    if (u.resource === 'connections' || u.resource === 'memory') held = Math.max(held, u.value);
    else load = Math.max(load, u.value);
  }
  return { load, held };
}

/** Computes the outcome shares for one segment state. */
export function segmentOutcome(graph: SimGraph, nodeState: Map<string, Required<NodeEffect>>, edgeState: Map<number, EdgeEffect>): SegmentOutcome {
  const order = graph.order;
  // Forward: carried share of offered load and the accepted share at each tier.
  const carried = new Map<string, number>();
  const accepted = new Map<string, number>();
  const refused = new Map<string, number>();
  for (const n of order) {
    let offered = 0;
    let carriedIn = 0;
    for (const e of n.in) {
      if (e.cycle) continue;
      const flow = e.readFlow + e.writeFlow;
      offered += flow;
      carriedIn += flow * (carried.get(e.from) ?? 1) * (accepted.get(e.from) ?? 1);
    }
    const cf = offered > 0 ? Math.min(1, carriedIn / offered) : 1;
    carried.set(n.id, cf);
    const profile = capacityProfile(n);
    let a = 1;
    if (profile) {
      const st = nodeState.get(n.id);
      const cap = st?.capacityFactor ?? 1;
      const lat = st?.latencyFactor ?? 1;
      const u = Math.max(profile.load * cf * cap, profile.held * cf * cap * lat);
      if (exceeds(u, CAPACITY_ERROR)) a = 1 / u; // past capacity, by more than float residue: it refuses the excess
    }
    accepted.set(n.id, a);
    if (a < 1) refused.set(n.id, 1 - a);
  }
  // Backward: outcome shares per kind.
  const readT = new Map<string, Triple>();
  const writeT = new Map<string, Triple>();
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i]!;
    const st = nodeState.get(n.id);
    const a = accepted.get(n.id)!;
    readT.set(n.id, nodeTriple(n, a, st?.readFail ?? 0, st?.readReject ?? 0, 'read', readT, edgeState));
    writeT.set(n.id, nodeTriple(n, a, st?.writeFail ?? 0, st?.writeReject ?? 0, 'write', writeT, edgeState));
  }
  // Entry points, weighted by their rates.
  let total = 0;
  const reads: Triple = { s: 0, f: 0, r: 0 };
  const writes: Triple = { s: 0, f: 0, r: 0 };
  for (const n of order) {
    if (!(n.entryRate > 0)) continue;
    total += n.entryRate;
    const rt = readT.get(n.id)!;
    const wt = writeT.get(n.id)!;
    reads.s += n.entryRate * rt.s;
    reads.f += n.entryRate * rt.f;
    reads.r += n.entryRate * rt.r;
    writes.s += n.entryRate * wt.s;
    writes.f += n.entryRate * wt.f;
    writes.r += n.entryRate * wt.r;
  }
  if (total > 0) {
    for (const t of [reads, writes]) {
      t.s /= total;
      t.f /= total;
      t.r /= total;
    }
  } else {
    reads.s = 1;
    writes.s = 1;
  }
  return { reads, writes, refused, carried };
}

function nodeTriple(n: SimNode, accepted: number, fail: number, reject: number, kind: 'read' | 'write', done: Map<string, Triple>, edgeState: Map<number, EdgeEffect>): Triple {
  let s = accepted;
  let r = 1 - accepted;
  let f = 0;
  f += s * fail;
  s *= 1 - fail;
  r += s * reject;
  s *= 1 - reject;
  for (const e of n.out) {
    if (e.cycle || e.async) continue;
    const q = kind === 'read' ? e.qRead : e.qWrite;
    if (!(q > 0) || !(e.fanout > 0)) continue;
    const callee = done.get(e.to)!;
    let S = callee.s;
    let F = callee.f;
    let R = callee.r;
    const cut = edgeState.get(e.index);
    if (cut && (kind === 'read' ? cut.reads : cut.writes)) {
      S *= 1 - cut.cut;
      F = F * (1 - cut.cut) + (cut.kind === 'failed' ? cut.cut : 0);
      R = R * (1 - cut.cut) + (cut.kind === 'rejected' ? cut.cut : 0);
    }
    const ok = 1 - Math.min(1, q) + Math.min(1, q) * Math.pow(S, e.fanout);
    const bad = 1 - ok;
    if (bad > 0 && s > 0) {
      const fr = F + R > 0 ? F / (F + R) : 1;
      f += s * bad * fr;
      r += s * bad * (1 - fr);
      s *= ok;
    }
  }
  return { s, f, r };
}

/** What the accounting gives: the request summary and each tier's refused share in the unimpaired state. */
export interface Accounting {
  requests: RequestSummary;
  /** Refused share per tier with no fault active (capacity alone). */
  baselineRefused: Map<string, number>;
  /** Requests each tier refused for capacity over the run, faults included (instances out of rotation leave the rest more to carry). */
  refusedRequests: Map<string, number>;
  /** Requests are counted in multiples of this (1 unless the run has more than 2^50 of them). */
  unit: number;
}

/** Most requests counted one by one: past 2^53 a double no longer holds every whole number, and sums would drift. */
const EXACT_COUNT = 2 ** 50;

/** Counts the workload's requests over the run, bucket by bucket. */
export function accountRequests(graph: SimGraph, impairments: Impairments, durationMs: number, bucketMs: number, readFraction: number): Accounting {
  let entryTotal = 0;
  for (const n of graph.order) entryTotal += n.entryRate;
  const buckets = Math.max(1, Math.ceil(durationMs / bucketMs - 1e-9));
  const cuts = new Set<number>([0, durationMs]);
  for (let i = 1; i < buckets; i++) cuts.add(i * bucketMs);
  for (const t of impairments.changeTimes()) if (t > 0 && t < durationMs) cuts.add(t);
  const times = [...cuts].sort((a, b) => a - b);

  const empty = new Map();
  const baseline = segmentOutcome(graph, empty, empty);
  // Per bucket, expected reads/writes served, failed, rejected.
  const expR: [number, number, number][] = Array.from({ length: buckets }, () => [0, 0, 0]);
  const expW: [number, number, number][] = Array.from({ length: buckets }, () => [0, 0, 0]);
  let lastKey = '';
  let last = baseline;
  const refusedRequests = new Map<string, number>();
  for (let i = 0; i + 1 < times.length; i++) {
    const t0 = times[i]!;
    const t1 = times[i + 1]!;
    const mid = (t0 + t1) / 2;
    let seg = baseline;
    if (!impairments.empty) {
      const ns = impairments.nodeStateAt(mid);
      const es = impairments.edgeStateAt(mid);
      if (ns.size > 0 || es.size > 0) {
        const key = stateKey(ns, es);
        if (key === lastKey) seg = last;
        else {
          seg = segmentOutcome(graph, ns, es);
          lastKey = key;
          last = seg;
        }
      }
    }
    for (const [id, share] of seg.refused) {
      const load = graph.byId.get(id)!.load;
      const arrived = (load.reads + load.writes) * (seg.carried.get(id) ?? 1) * ((t1 - t0) / 1000);
      refusedRequests.set(id, (refusedRequests.get(id) ?? 0) + share * arrived);
    }
    const b = Math.min(buckets - 1, Math.floor(mid / bucketMs));
    const reqs = (entryTotal * (t1 - t0)) / 1000;
    const rd = reqs * readFraction;
    const wr = reqs * (1 - readFraction);
    expR[b]![0] += rd * seg.reads.s;
    expR[b]![1] += rd * seg.reads.f;
    expR[b]![2] += rd * seg.reads.r;
    expW[b]![0] += wr * seg.writes.s;
    expW[b]![1] += wr * seg.writes.f;
    expW[b]![2] += wr * seg.writes.r;
  }
  // A run with more requests than EXACT_COUNT is counted in a power of two of them: every count stays a whole
  // multiple of it, and sums stay exact.
  const expected = (entryTotal * durationMs) / 1000;
  const unit = expected > EXACT_COUNT ? 2 ** Math.ceil(Math.log2(expected / EXACT_COUNT)) : 1;
  if (unit > 1) {
    for (const row of [...expR, ...expW]) for (let i = 0; i < 3; i++) row[i]! /= unit;
  }
  const rr = new CumulativeRounder(3);
  const wr = new CumulativeRounder(3);
  const reads: Outcome = { generated: 0, served: 0, failed: 0, rejected: 0 };
  const writes: Outcome = { generated: 0, served: 0, failed: 0, rejected: 0 };
  const series = { bucketMs, generated: [] as number[], served: [] as number[], failed: [] as number[], rejected: [] as number[] };
  for (let b = 0; b < buckets; b++) {
    const [rs, rf, rj] = rr.add(expR[b]!).map((x) => x * unit) as [number, number, number];
    const [ws, wf, wj] = wr.add(expW[b]!).map((x) => x * unit) as [number, number, number];
    for (const [o, s, f, j] of [[reads, rs, rf, rj], [writes, ws, wf, wj]] as const) {
      o.served += s;
      o.failed += f;
      o.rejected += j;
      o.generated += s + f + j;
    }
    series.generated.push(rs + rf + rj + ws + wf + wj);
    series.served.push(rs + ws);
    series.failed.push(rf + wf);
    series.rejected.push(rj + wj);
    assertOutcome({ generated: series.generated[b]!, served: series.served[b]!, failed: series.failed[b]!, rejected: series.rejected[b]! }, `requests in bucket ${b}`);
  }
  const total: Outcome = {
    generated: reads.generated + writes.generated,
    served: reads.served + writes.served,
    failed: reads.failed + writes.failed,
    rejected: reads.rejected + writes.rejected,
  };
  assertOutcome(reads, 'reads');
  assertOutcome(writes, 'writes');
  assertOutcome(total, 'requests');
  const notServedFraction = total.generated > 0 ? (total.failed + total.rejected) / total.generated : 0;
  return { requests: { reads, writes, total, notServedFraction, series }, baselineRefused: baseline.refused, refusedRequests, unit };
}

function stateKey(ns: Map<string, Required<NodeEffect>>, es: Map<number, EdgeEffect>): string {
  const parts: string[] = [];
  for (const [id, s] of ns) parts.push(`${id}:${s.readFail},${s.writeFail},${s.readReject},${s.writeReject},${s.capacityFactor},${s.latencyFactor}`);
  for (const [i, e] of es) parts.push(`#${i}:${e.cut},${e.kind},${e.reads},${e.writes}`);
  return parts.join('|');
}

/** Per-edge expected calls per request of the caller, summed over reads and writes (for latency knock-on). */
export function callsPerRequest(e: SimEdge, caller: SimNode): number {
  const total = caller.load.reads + caller.load.writes;
  return total > 0 ? (e.readFlow + e.writeFlow) / total : 0;
}
