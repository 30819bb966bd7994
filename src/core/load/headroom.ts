/**
 * Headroom: the growth multiple of the whole workload at which each
 * component's busiest node (a store's hottest shard, its primary or a
 * replica, as the load model spreads it) runs out of its binding resource,
 * in the order components saturate as the workload grows.
 *
 * It reads the one load model (traffic.ts), the figures the capacity rule,
 * the hover and the diagram show. That model is linear in the peak rate up to
 * its cap: entry rates are shares of the peak, call factors, hit ratios and
 * fan-outs are constants, a session store reads one session per request its
 * services handle, and a hot shard's share of its store does not depend on
 * the rate. So a component at utilization u today saturates at 1 / u times
 * today's peak, exactly, as long as no load on the way there reaches
 * MAX_RATE, where the model caps it. Past that (10^15 rps somewhere: only a
 * file built to reach it) the multiple is found by bisection on the load
 * model itself, recomputed at trial multiples, within a bounded amount of
 * work; when that runs out, or the capped model never saturates the
 * component, the multiple is given as a lower bound.
 */
import { CAPACITY_ERROR, reaches } from '../model/loadThresholds';
import type { NodeCounts } from '../model/nodeCounts';
import type { Topology } from '../model/topology';
import { pct } from '../text/format';
import { possessive } from '../text/possessive';
import { type ComponentLoad, computeTraffic, MAX_RATE, nodeIndex, type Resource, type ShardSkew, type TrafficModel } from './traffic';
import { perLoadModel } from './perLoadModel';

/** Where one component saturates as the workload grows. */
export interface Saturation {
  id: string;
  /** The resource that gives first. */
  resource: Resource;
  /** Its utilization on the busiest node at today's peak. */
  utilization: number;
  /** The multiple of today's peak at which the busiest node reaches 100% of that resource. */
  multiple: number;
  /** "linear": 1 / utilization, exact; "bisection": found on the load model recomputed past its cap. */
  method: 'linear' | 'bisection';
  busiestNode: ComponentLoad['busiestNode'];
  /** Requests per second on the busiest node today. */
  busiestNodeRps: number;
  busiestShard?: ShardSkew;
  busiestWeight?: ComponentLoad['busiestWeight'];
}

/** A component whose saturation lies past what the load model could judge: it saturates, if ever, beyond `atLeast`. */
export interface SaturationBeyond {
  id: string;
  resource: Resource;
  utilization: number;
  /** A multiple it is known not to saturate at. */
  atLeast: number;
}

/** What saturates as the workload grows, first first. */
export interface Headroom {
  peakRps: number;
  /** Components with a declared capacity, lowest multiple first (ties in declaration order, as firstToSaturate breaks them). */
  order: Saturation[];
  /** Components judged only as far as the model's range: see SaturationBeyond. */
  beyond: SaturationBeyond[];
  /** Components with a declared capacity that no load reaches: growth never saturates them. */
  unloaded: string[];
}

/**
 * Node visits the bisection may spend per headroom computation (one visit:
 * one component of one recomputed load model), so a file built to reach the
 * cap costs a bounded few milliseconds more, never a hang.
 */
const BISECTION_WORK = 2_000_000;

/** Relative width at which a bisection stops: far below the three digits any message shows. */
const BISECTION_TOLERANCE = 1e-9;

/** The headroom of every component with a declared capacity, from the check's load model (of `topology`); kept with the load model, which the rule, the hover and the CLI read it from again. */
export const headroomOf: (topology: Topology, load: TrafficModel) => Headroom = perLoadModel(computeHeadroom);

function computeHeadroom(topology: Topology, load: TrafficModel): Headroom {
  const order: Saturation[] = [];
  const beyond: SaturationBeyond[] = [];
  const unloaded: string[] = [];
  const linearUpTo = linearRange(load);
  const bisection = new Bisection(topology, load.peakRps);
  for (const l of load.loads.values()) {
    const top = l.utilization[0];
    if (!top) continue;
    if (!(top.value > 0)) {
      unloaded.push(l.id);
      continue;
    }
    const linear = CAPACITY_ERROR / top.value;
    if (Number.isFinite(linear) && linear <= linearUpTo) {
      order.push(saturation(l, top.value, linear, 'linear'));
      continue;
    }
    const found = bisection.multiple(l.id, Number.isFinite(linear) ? linear : Number.MAX_VALUE);
    if ('multiple' in found) order.push(saturation(l, top.value, found.multiple, 'bisection'));
    else beyond.push({ id: l.id, resource: top.resource, utilization: top.value, atLeast: found.atLeast });
  }
  // A stable sort: equal multiples keep declaration order.
  order.sort((a, b) => a.multiple - b.multiple);
  return { peakRps: load.peakRps, order, beyond, unloaded };
}

/**
 * The utilization of each component's binding resource on its busiest node
 * at each multiple of today's peak (one row per id, one value per multiple),
 * as the headroom reads it: today's utilization times the multiple while the
 * model is linear; past that, the load model recomputed at the multiple, as
 * the bisection does, within the same bounded work (null once it is spent).
 */
export function utilizationsAt(topology: Topology, load: TrafficModel, ids: readonly string[], multiples: readonly number[]): (number | null)[][] {
  const linearUpTo = linearRange(load);
  const today = ids.map((id) => load.loads.get(id)?.utilization[0]?.value ?? 0);
  const bisection = new Bisection(topology, load.peakRps);
  return ids.map((id, i) => multiples.map((m) => (m <= linearUpTo ? today[i]! * m : bisection.utilizationAt(id, m) ?? null)));
}

/** Where the saturating load lands: "its one node", "its primary", "each replica", "the primary of its hottest shard (shard 3, 27% of its requests)". */
export function saturatingNode(s: Saturation, counts: NodeCounts): string {
  if (counts.nodes === 1) return 'its one node';
  if (s.busiestWeight) return `its heaviest instance by ${possessive(s.busiestWeight.balancer)} weights (${pct(s.busiestWeight.share)} of its requests)`;
  const hot = s.busiestShard;
  // One primary in the unit that saturates: "the primary"; otherwise every node of its kind there is as busy.
  const one = s.busiestNode === 'primary' && counts.primariesPerUnit === 1 && (hot !== undefined || counts.units === 1);
  if (!hot) return one ? 'its primary' : `each ${s.busiestNode}`;
  return `${one ? 'the primary' : `each ${s.busiestNode}`} of its hottest shard (shard ${hot.shard}, ${pct(hot.share)} of its ${hot.reads ? 'requests' : 'writes'})`;
}

/** One component's saturation at a multiple. */
function saturation(l: ComponentLoad, utilization: number, multiple: number, method: Saturation['method']): Saturation {
  const s: Saturation = { id: l.id, resource: l.utilization[0]!.resource, utilization, multiple, method, busiestNode: l.busiestNode, busiestNodeRps: l.busiestNodeRps };
  if (l.busiestShard) s.busiestShard = l.busiestShard;
  if (l.busiestWeight) s.busiestWeight = l.busiestWeight;
  return s;
}

/**
 * The largest multiple up to which the model is linear: every rate it
 * carries is a sum of non-negative flows, so while the largest rate today,
 * times the multiple, stays under MAX_RATE no flow on the way was capped.
 * 0 when some rate is capped already today.
 */
export function linearRange(load: TrafficModel): number {
  let most = 0;
  for (const l of load.loads.values()) most = Math.max(most, l.reads, l.writes);
  if (!(most > 0)) return Infinity;
  return most < MAX_RATE ? MAX_RATE / most : 0;
}

/**
 * Bisection on the load model recomputed at trial multiples: a component's
 * utilization never falls as the workload grows (sums and caps of
 * non-decreasing flows), so the first multiple at which it saturates is
 * bracketed by doubling and then halved down. Each trial keeps every
 * component's utilization (one number each: components share trial points);
 * the work is bounded by BISECTION_WORK.
 */
class Bisection {
  private readonly trials = new Map<number, Float64Array>();
  private visits = 0;

  constructor(private readonly topology: Topology, private readonly peakRps: number) {}

  /** Where `id` saturates, searched from `start`; a lower bound when the model's range or the work runs out. */
  multiple(id: string, start: number): { multiple: number } | { atLeast: number } {
    // Past this the entry rates exceed the cap too: no flow the cap holds grows any more.
    const limit = (2 * MAX_RATE) / this.peakRps;
    const saturated = (m: number) => {
      const u = this.utilizationAt(id, m);
      return u === undefined ? undefined : reaches(u, CAPACITY_ERROR);
    };
    let lo = 0;
    let hi = Math.min(start, limit);
    let at = saturated(hi);
    if (at === undefined) return { atLeast: lo };
    if (at) {
      // Saturated already at the start (a model capped today): halve down to a multiple that is not.
      let down = hi / 2;
      for (let i = 0; i < 64; i++, down /= 2) {
        const d = saturated(down);
        if (d === undefined) return { multiple: hi };
        if (!d) {
          lo = down;
          break;
        }
        hi = down;
      }
    } else {
      lo = hi;
      while (true) {
        if (lo >= limit) return { atLeast: lo };
        hi = Math.min(limit, lo * 2);
        at = saturated(hi);
        if (at === undefined) return { atLeast: lo };
        if (at) break;
        lo = hi;
      }
    }
    while (hi - lo > hi * BISECTION_TOLERANCE) {
      const mid = lo + (hi - lo) / 2;
      const s = saturated(mid);
      if (s === undefined) break;
      if (s) hi = mid;
      else lo = mid;
    }
    return { multiple: hi };
  }

  /** The utilization of `id`'s binding resource at a multiple of today's peak; undefined when the work is spent. */
  utilizationAt(id: string, multiple: number): number | undefined {
    const { nodes, indexOf } = nodeIndex(this.topology);
    let trial = this.trials.get(multiple);
    if (!trial) {
      if (this.visits + nodes.length > BISECTION_WORK) return undefined;
      this.visits += nodes.length;
      const model = computeTraffic(this.topology, this.peakRps * multiple);
      trial = new Float64Array(nodes.length);
      for (let i = 0; i < nodes.length; i++) trial[i] = model.loads.get(nodes[i]!.id)!.utilization[0]?.value ?? 0;
      this.trials.set(multiple, trial);
    }
    return trial[indexOf.get(id)!]!;
  }
}
