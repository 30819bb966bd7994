/**
 * Availability per entry point: the share of its requests answered, over the
 * calls each request waits on (pathPlan.ts), from each component's chance of
 * answering (componentStates.ts) and the failure figures of the file
 * (failureFigures.ts). Zones fail together: every node placed in a zone that
 * is down is down, so the answer is summed over the states of the zones the
 * requests touch (each zone down with its own probability, independently of
 * the others), exactly up to MAX_ZONE_STATES states; past that, states with
 * more zones down than fit are left out and their probability is given as
 * the bound of the error (`unexplored`). A component a request reads and
 * writes (a write that looks its session up) answers both from one state
 * of its nodes: its four joint outcomes are conditioned on, up to
 * MAX_JOINT components.
 *
 * A request's availability is the chance that every call it waits on is
 * answered; an entry point's mixes its reads and writes by the load model's
 * split at it. What the model leaves out is listed in docs/availability.md.
 */
import { perLoadModel } from '../load/perLoadModel';
import { type TrafficModel } from '../load/traffic';
import type { Topology } from '../model/topology';
import { type Answers, answersOf, type ComponentModel, componentModel, zoned } from './componentStates';
import { detectionMs, fileFigures, type FileFigures } from './failureFigures';
import { PathPlan, type StepInputs } from './pathPlan';
import { recoveryOf, type StoreRecovery } from './recovery';
import { type Access, ALTERNATIVE, ALWAYS, END, type RequestGraph, requestGraphOf, stepOf } from './requestGraph';

/** Zone states summed over at most (all of them for up to 8 zones; fewer zones down at once past that). */
export const MAX_ZONE_STATES = 256;
/**
 * Step computations one path's availability may make over its zone states,
 * joint outcomes and pivots (a few milliseconds): a large design conditions on
 * fewer of them and sums over fewer zone states (and says what it left out).
 */
export const PATH_WORK = 100_000;
/**
 * Step computations what costs one path may make, beyond the path's own:
 * costs are computed exactly, ranked as the first-order estimate ranks them,
 * while the work each takes (about a path's) fits; the rest are given by
 * that estimate (`estimated`).
 */
export const COSTS_WORK = 200_000;
/** Components read and written by one request whose joint outcome is conditioned on; past it they are taken as independent. */
export const MAX_JOINT = 3;
/** Components (beyond the zones) whose cost is computed exactly, among those a first-order estimate ranks highest. */
export const COSTS_COMPUTED = 6;

/** The expected time a share of downtime amounts to per month: 30 days, as SLAs count a month. */
export const MONTH_MS = 30 * 24 * 3_600_000;

/** What a component, or a zone, costs an entry point's availability. */
export interface AvailabilityCost {
  /** A component id, or a zone name. */
  id: string;
  kind: 'component' | 'zone';
  /** The availability if it never failed. */
  without: number;
  /** Its share of the expected downtime: (without - availability) / (1 - availability). */
  downtimeShare: number;
  /** Nines it costs: log10 of the unavailability with it over that without it (Infinity when it is all of it). */
  nines: number;
  /** A first-order estimate (the chance a request needs it times its chance of failing it), not computed exactly: the exact ones took the work allowed. */
  estimated: boolean;
}

/** The availability of requests entering at one component. */
export interface PathAvailability {
  start: string;
  /** The share of its requests that are reads (the load model's split at it). */
  readShare: number;
  availability: number;
  /** Of its reads and of its writes, when it has both. */
  read: number;
  write: number;
  /** Expected downtime per 30-day month: (1 - availability) × 30 days, in milliseconds. */
  downtimePerMonthMs: number;
  /** Nines: -log10(1 - availability). */
  nines: number;
  /** Probability of the zone states left out (at most this much more availability); 0 when every state was summed. */
  unexplored: number;
  /** Components whose sharing was approximated (more shared steps, or read-and-written components, than are conditioned on). */
  approximated: string[];
  /** Components reached (the start included). */
  components: number;
}

/** The availability model of a check's topology (its load model gives each entry point's read/write split), its figures computed on first use and kept with the load model. */
export const availabilityOf: (topology: Topology, load: TrafficModel) => AvailabilityModel = perLoadModel((topology, load) => new AvailabilityModel(topology, load));

/** The zones of a component no zone's outage touches: one empty list for all of them. */
const NO_ZONES: readonly number[] = [];

/** A component made perfect, for its cost: it always answers. */
const PERFECT: Answers = { read: 1, write: 1, both: 1 };

/** The components a plan reads the answers of: all, those whose answers the zones' states change, and those it both reads and writes. */
interface PlanComponents {
  all: number[];
  zoned: number[];
  both: number[];
}

/** nines(0.999) = 3; Infinity for 1. */
export function ninesOf(availability: number): number {
  return availability >= 1 ? Infinity : -Math.log10(1 - availability);
}

/** The availability figures of one topology. */
export class AvailabilityModel {
  readonly graph: RequestGraph;
  readonly figures: FileFigures;
  private readonly zoneIndex = new Map<string, number>();
  private readonly zoneNames: string[];
  private readonly models: (ComponentModel | undefined)[];
  private readonly zonesOfComponent: (readonly number[] | undefined)[];
  private readonly paths = new Map<string, PathAvailability>();
  private readonly plans = new Map<number, PathPlan>();
  private spent = 0;

  /** Step computations made so far (each evaluation counted at its bound, 2^pivots × steps): what PATH_WORK and COSTS_WORK bound. */
  get work(): number {
    return this.spent;
  }

  constructor(readonly topology: Topology, readonly load: TrafficModel) {
    this.graph = requestGraphOf(topology, load);
    this.figures = fileFigures(topology);
    // Numbered in the order declared.
    for (const node of this.graph.nodes) {
      const zones = node.data.zones;
      if (zones === undefined) continue;
      for (let i = 0; i < zones.length; i++) if (this.zoneIndex.get(zones[i]!) === undefined) this.zoneIndex.set(zones[i]!, this.zoneIndex.size);
    }
    this.zoneNames = [...this.zoneIndex.keys()];
    this.models = new Array(this.graph.nodes.length);
    this.zonesOfComponent = new Array(this.graph.nodes.length);
  }

  /** A component's model (by position), worked out on first use. */
  private model(c: number): ComponentModel {
    return (this.models[c] ??= componentModel(this.graph.nodes[c]!, this.figures, this.zoneIndex));
  }

  /** The zones (by number) whose outage changes a component's answers. */
  private componentZones(c: number): readonly number[] {
    let zones = this.zonesOfComponent[c];
    if (!zones) {
      zones = NO_ZONES;
      const names = this.graph.nodes[c]!.data.zones ?? [];
      if (names.length > 0 && zoned(this.model(c))) {
        // Each zone once, in the order named (a list at its size: a zone is rarely named twice).
        let distinct = 0;
        const all: number[] = new Array(names.length);
        for (const name of names) {
          const z = this.zoneIndex.get(name)!;
          if (all.indexOf(z) < 0) all[distinct++] = z;
        }
        if (distinct < all.length) all.length = distinct;
        zones = all;
      }
      this.zonesOfComponent[c] = zones;
    }
    return zones;
  }

  /** Recovery objectives of every store, in declaration order. */
  stores(): StoreRecovery[] {
    return (this.recovery ??= recoveryOf(this.topology, this.load, this.figures));
  }

  private recovery: StoreRecovery[] | undefined;

  /** The availability of the topology's entry points, in their order. */
  entries(): PathAvailability[] {
    return this.topology.entryPoints.map((id) => this.path(id));
  }

  /** The availability of requests entering at a component (an entry point, or any component, as an SLO names it). */
  path(id: string): PathAvailability {
    let p = this.paths.get(id);
    if (!p) {
      const before = this.spent;
      p = this.compute(id);
      this.paths.set(id, p);
      this.pathSpent.set(id, this.spent - before);
    }
    return p;
  }

  /** The components and zones that cost the most of `id`'s availability, costliest first (worked out once per id). */
  costs(id: string): AvailabilityCost[] {
    let c = this.costsOf.get(id);
    if (!c) this.costsOf.set(id, (c = this.computeCosts(id)));
    return c;
  }

  private readonly costsOf = new Map<string, AvailabilityCost[]>();

  private computeCosts(id: string): AvailabilityCost[] {
    const base = this.path(id);
    // What one recomputation takes: about what the path took.
    const each = Math.max(1, this.pathSpent.get(id)!);
    const out: AvailabilityCost[] = [];
    const add = (cid: string, kind: AvailabilityCost['kind'], without: number, estimated: boolean) => {
      const lost = 1 - base.availability;
      const gained = without - base.availability;
      if (!(gained > 0) || !(lost > 0)) return;
      out.push({ id: cid, kind, without, downtimeShare: Math.min(1, gained / lost), nines: without >= 1 ? Infinity : Math.log10(lost / (1 - without)), estimated });
    };
    const start = this.graph.indexOf.get(id)!;
    const spent = this.spent;
    const fits = () => this.spent - spent + each <= COSTS_WORK;
    for (const [c, e] of this.estimate(start).slice(0, COSTS_COMPUTED)) {
      const exact = fits();
      add(this.graph.nodes[c]!.id, 'component', exact ? this.compute(id, { component: c }).availability : Math.min(1, base.availability + e), !exact);
    }
    // A zone's cost has no first-order estimate here: past the work allowed, zones are left out.
    for (const z of this.zonesOf(start)) if (fits()) add(this.zoneNames[z]!, 'zone', this.compute(id, { zone: z }).availability, false);
    return out.sort((a, b) => b.downtimeShare - a.downtimeShare);
  }

  /** The work each path's figures took. */
  private readonly pathSpent = new Map<string, number>();

  /** The components whose answers a plan reads (its steps', and its calls' cache-aside caches'), those of them the zones' states change, and those it both reads and writes: once per plan. */
  private componentsOf(plan: PathPlan): PlanComponents {
    let c = this.planComponents.get(plan);
    if (!c) {
      const g = this.graph;
      // 1 once listed as read, 2 once a step of it is met (a second step: both read and written).
      const seen = new Uint8Array(g.nodes.length);
      const found = (this.foundScratch ??= new Int32Array(g.nodes.length));
      let count = 0;
      const both: number[] = [];
      const steps = plan.steps;
      for (let i = 0; i < steps.length; i++) {
        const n = steps[i]!;
        const component = n >> 1;
        if (seen[component]! & 2) both.push(component);
        if (!(seen[component]! & 1)) found[count++] = component;
        seen[component]! |= 3;
        const at = g.boundsAt(n);
        for (let call = g.bounds[at + ALWAYS]!, end = g.bounds[at + END]!; call < end; call++) {
          for (const cache of g.missOf(call)) {
            if (!(seen[cache]! & 1)) found[count++] = cache;
            seen[cache]! |= 1;
          }
        }
      }
      // Copied out at their size; those the zones change counted first.
      let zonedCount = 0;
      for (let i = 0; i < count; i++) if (this.componentZones(found[i]!).length > 0) zonedCount++;
      const all: number[] = new Array(count);
      const zonedOnes: number[] = new Array(zonedCount);
      zonedCount = 0;
      for (let i = 0; i < count; i++) {
        all[i] = found[i]!;
        if (this.componentZones(found[i]!).length > 0) zonedOnes[zonedCount++] = found[i]!;
      }
      c = { all, zoned: zonedOnes, both };
      this.planComponents.set(plan, c);
    }
    return c;
  }

  private readonly planComponents = new Map<PathPlan, PlanComponents>();
  /** The components a plan reads, as `componentsOf` finds them (one plan at a time). */
  private foundScratch: Int32Array | undefined;
  private answerScratch: { read: Float64Array; write: Float64Array; both: Float64Array } | undefined;
  /** Each component's answers with no zone down (by position; `known` 1 once worked out), kept with the model. */
  private upAnswers: { known: Uint8Array; read: Float64Array; write: Float64Array; both: Float64Array } | undefined;

  /** The plan of one step, made once. */
  private plan(step: number): PathPlan {
    let p = this.plans.get(step);
    if (!p) {
      p = new PathPlan(this.graph, step);
      this.plans.set(step, p);
    }
    return p;
  }

  /** The zones (by number) the nodes of the components a start's requests reach are placed in (worked out once per start). */
  private zonesOf(start: number): number[] {
    let zones = this.startZones.get(start);
    if (zones) return zones;
    // Marked by number, then listed in increasing order; the components are those each plan's evaluations read.
    const found = new Uint8Array(this.zoneNames.length);
    for (const access of ['read', 'write'] as const) {
      for (const c of this.componentsOf(this.plan(stepOf(start, access))).all) for (const z of this.componentZones(c)) found[z] = 1;
    }
    zones = [];
    for (let z = 0; z < found.length; z++) if (found[z] === 1) zones.push(z);
    this.startZones.set(start, zones);
    return zones;
  }

  private readonly startZones = new Map<number, number[]>();

  /** Availability of requests entering at `id`, with a component or a zone made perfect (for its cost). */
  private compute(id: string, perfect: { component?: number; zone?: number } = {}): PathAvailability {
    const start = this.graph.indexOf.get(id)!;
    const load = this.load.loads.get(id)!;
    const total = load.reads + load.writes;
    const readShare = total > 0 ? load.reads / total : this.topology.file.workload.readFraction;
    const zones = this.zonesOf(start).filter((z) => z !== perfect.zone);
    const approximated = new Set<string>();
    let unexplored = 0;
    const results: Record<Access, number> = { read: 1, write: 1 };
    const accesses = (['read', 'write'] as const).filter((access) => (access === 'read' ? readShare : 1 - readShare) > 0);
    const plans = accesses.map((access) => this.plan(stepOf(start, access)));
    const sums = this.sumOverStates(plans, zones, perfect.component);
    accesses.forEach((access, i) => {
      for (const a of plans[i]!.approximated) approximated.add(a);
      const r = sums[i]!;
      for (const a of r.approximated) approximated.add(a);
      unexplored = Math.max(unexplored, r.unexplored);
      results[access] = r.availability;
    });
    const availability = readShare * results.read + (1 - readShare) * results.write;
    const components = this.reachedCount(start);
    return {
      start: id, readShare, availability, read: results.read, write: results.write,
      downtimePerMonthMs: (1 - availability) * MONTH_MS, nines: ninesOf(availability),
      unexplored, approximated: [...approximated], components,
    };
  }

  /** How many components the reads and writes entering at a component reach, the start included (once per start). */
  private reachedCount(start: number): number {
    let n = this.reached.get(start);
    if (n === undefined) {
      const seen = new Uint8Array(this.graph.nodes.length);
      n = 0;
      for (const access of ['read', 'write'] as const) {
        const steps = this.plan(stepOf(start, access)).steps;
        for (let i = 0; i < steps.length; i++) {
          const step = steps[i]!;
          if (seen[step >> 1] === 0) n++;
          seen[step >> 1] = 1;
        }
      }
      this.reached.set(start, n);
    }
    return n;
  }

  private readonly reached = new Map<number, number>();

  /**
   * Availability of each plan summed over the states of `zones` (at most
   * MAX_ZONE_STATES of them, fewest zones down first). Plans whose sums stop
   * at as many zones down (a path's reads and writes, mostly) share one walk
   * over the states: each state's answers are set once for all of them.
   */
  private sumOverStates(plans: readonly PathPlan[], zones: readonly number[], perfectComponent: number | undefined): { availability: number; unexplored: number; approximated: string[] }[] {
    const q = 1 - this.figures.zone.availability;
    const sums = plans.map((plan) => {
      const { all, zoned: zonedOnes, both } = this.componentsOf(plan);
      // Components whose read and write steps the plan both reaches answer both from one state: conditioned on, up to MAX_JOINT.
      const joint = both.filter((c) => c !== perfectComponent);
      // As many as fit in PATH_WORK with one zone state (4 evaluations each).
      let most4 = 0;
      while (most4 < Math.min(MAX_JOINT, joint.length) && plan.cost * Math.pow(4, most4 + 1) <= PATH_WORK) most4++;
      const conditioned = joint.slice(0, most4);
      const approximated = joint.slice(most4).map((c) => this.graph.nodes[c]!.id);
      // The most zones down at once whose states all fit, in number and in the work each state's evaluations take.
      const perState = plan.cost * Math.pow(4, conditioned.length);
      const allowed = Math.max(1, Math.min(MAX_ZONE_STATES, Math.floor(PATH_WORK / perState)));
      let most = 0;
      let states = 1;
      while (most < zones.length) {
        const next = states + choose(zones.length, most + 1);
        if (next > allowed) break;
        states = next;
        most++;
      }
      let unexplored = 0;
      for (let k = most + 1; k <= zones.length; k++) unexplored += choose(zones.length, k) * Math.pow(q, k) * Math.pow(1 - q, zones.length - k);
      return { plan, all, zonedOnes, conditioned, most, availability: 0, unexplored, approximated };
    });
    for (const most of new Set(sums.map((s) => s.most))) this.walkStates(sums.filter((s) => s.most === most), zones, most, q, perfectComponent);
    return sums.map(({ availability, unexplored, approximated }) => ({ availability, unexplored, approximated }));
  }

  /** Sums each plan's availability over the zone states with at most `most` zones down, into its `availability`. */
  private walkStates(sums: { plan: PathPlan; all: readonly number[]; zonedOnes: readonly number[]; conditioned: readonly number[]; availability: number }[], zones: readonly number[], most: number, q: number, perfectComponent: number | undefined): void {
    const down = new Uint8Array(this.zoneNames.length);
    // Each component's answers in the state at hand, by position; those no zone touches once.
    const n = this.graph.nodes.length;
    // Kept with the model: one sum runs to its end before the next starts.
    const sc = (this.answerScratch ??= { read: new Float64Array(n), write: new Float64Array(n), both: new Float64Array(n) });
    const { read, write, both: bothA } = sc;
    // With no zone down (the state most sums stop at on a large design), each component's answers once per model.
    let downCount = 0;
    const up = (this.upAnswers ??= { known: new Uint8Array(n), read: new Float64Array(n), write: new Float64Array(n), both: new Float64Array(n) });
    const scratch: Answers = { read: 0, write: 0, both: 0 };
    const set = (c: number) => {
      if (c !== perfectComponent && downCount === 0 && up.known[c] === 1) {
        read[c] = up.read[c]!;
        write[c] = up.write[c]!;
        bothA[c] = up.both[c]!;
        return;
      }
      const a: Answers = c === perfectComponent ? PERFECT : answersOf(this.model(c), down, scratch);
      read[c] = a.read;
      write[c] = a.write;
      bothA[c] = a.both;
      if (c !== perfectComponent && downCount === 0) {
        up.known[c] = 1;
        up.read[c] = a.read;
        up.write[c] = a.write;
        up.both[c] = a.both;
      }
    };
    // The components the zones change, each once over the plans (a path's reads and writes reach mostly the same).
    let zonedOnes = sums[0]!.zonedOnes;
    for (const s of sums) for (const c of s.all) set(c);
    if (sums.length > 1) {
      const listed = new Uint8Array(n);
      const union: number[] = [];
      for (const s of sums) {
        for (const c of s.zonedOnes) {
          if (listed[c] === 0) union.push(c);
          listed[c] = 1;
        }
      }
      zonedOnes = union;
    }
    const inputs = sums.map((): StepInputs => ({
      read,
      write,
      // Read once per call by the plan's first evaluation with these inputs.
      reach: (call) => this.reach(call, perfectComponent),
      made: (call) => {
        let m = this.graph.share(call);
        for (const cache of this.graph.missOf(call)) {
          const d = this.graph.nodes[cache]!.data;
          if (d.kind === 'cache') m *= 1 - d.hitRatio * read[cache]!;
        }
        return m;
      },
    }));
    const visit = (from: number, left: number, p: number) => {
      // This state: the zones marked down (with none down, as every component was set above).
      if (downCount > 0) for (const c of zonedOnes) if (c !== perfectComponent) set(c);
      for (let k = 0; k < sums.length; k++) sums[k]!.availability += p * this.conditioned(sums[k]!.plan, sums[k]!.conditioned, inputs[k]!, read, write, bothA);
      if (left === 0) return;
      for (let i = from; i < zones.length; i++) {
        down[zones[i]!] = 1;
        downCount++;
        visit(i + 1, left - 1, (p * q) / (1 - q));
        down[zones[i]!] = 0;
        downCount--;
      }
    };
    visit(0, most, Math.pow(1 - q, zones.length));
  }

  /** The plan's availability in one zone state, conditioned on the joint outcomes of `joint`'s components (their answers set in `read` and `write` case by case, then restored). */
  private conditioned(plan: PathPlan, joint: readonly number[], inputs: StepInputs, read: Float64Array, write: Float64Array, both: Float64Array): number {
    const branch = (k: number): number => {
      if (k === joint.length) {
        this.spent += plan.cost;
        return plan.evaluate(inputs);
      }
      const c = joint[k]!;
      const r = read[c]!;
      const w = write[c]!;
      const b = both[c]!;
      // The four joint outcomes: both, read only, write only, neither.
      const cases: [number, number, number][] = [[1, 1, b], [1, 0, r - b], [0, 1, w - b], [0, 0, 1 - r - w + b]];
      let sum = 0;
      for (const [rc, wc, p] of cases) {
        if (!(p > 0)) continue;
        read[c] = rc;
        write[c] = wc;
        sum += p * branch(k + 1);
      }
      read[c] = r;
      write[c] = w;
      return sum;
    };
    return branch(0);
  }

  /**
   * The chance a call reaches a live instance: a dead instance of a pool keeps
   * its share of requests until its caller takes it out. A CDN routes around
   * its dead edge servers itself: none is counted for it.
   */
  private reach(call: number, perfectComponent: number | undefined): number {
    const target = this.graph.callee(call) >> 1;
    if (target === perfectComponent) return 1;
    const m = this.model(target);
    if (m.kind !== 'pool' || m.instances < 2 || this.graph.nodes[target]!.kind === 'cdn') return 1;
    // A call of the file waits for its caller's detection (a balancer's health check); a lookup, for the file's detection figure.
    const caller = this.graph.reason(call) === 'call' ? this.graph.nodes[this.graph.caller(call) >> 1]! : undefined;
    const window = caller ? detectionMs(caller, this.figures) : this.figures.detectionMs;
    return 1 - m.rate.rate * Math.min(window, m.rate.mttr);
  }

  /**
   * A first-order estimate of what each component costs requests entering at
   * `start`: the chance a request needs it, times its chance of failing it,
   * ranked (components whose cost is then computed exactly come from it).
   */
  private estimate(start: number): [number, number][] {
    const g = this.graph;
    const cost = new Map<number, number>();
    const down = new Uint8Array(this.zoneNames.length);
    for (const access of ['read', 'write'] as const) {
      const plan = this.plan(stepOf(start, access));
      const visit = new Float64Array(plan.size);
      visit[0] = 1;
      plan.steps.forEach((n, i) => {
        const v = visit[i]! * g.pass(n);
        const a = answersOf(this.model(n >> 1), down);
        cost.set(n >> 1, (cost.get(n >> 1) ?? 0) + visit[i]! * (1 - (access === 'read' ? a.read : a.write)));
        const alternatives = g.first(n, ALTERNATIVE);
        const end = g.first(n, END);
        for (let c = g.first(n, ALWAYS); c < end; c++) {
          if (g.soft(c)) continue;
          const to = g.callee(c);
          const j = plan.local(to);
          if (j === undefined) continue;
          // An alternative pool matters only when the others are down too.
          let weight = g.share(c);
          if (c >= alternatives) {
            weight = 1;
            for (let o = alternatives; o < end; o++) if (o !== c && !g.soft(o)) weight *= 1 - answersOf(this.model(g.callee(o) >> 1), down).read;
          }
          visit[j] = Math.min(1, visit[j]! + v * weight * g.fanout(c));
          if (this.reach(c, undefined) < 1) cost.set(to >> 1, (cost.get(to >> 1) ?? 0) + v * weight * (1 - this.reach(c, undefined)));
        }
      });
    }
    return [...cost.entries()].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
  }
}

/** C(n, k). */
function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}
