/**
 * The calls one request makes, as the availability and latency models walk
 * them: a graph of steps, each a component reached with an access ("read"
 * or "write"). A request keeps its kind along its calls (a call's `op`
 * selects which requests make it), except the lookups every request makes
 * of a service's session store and of a store's shard directory, which are
 * reads. What a request does not wait on is not a call here: async calls and
 * a queue's deliveries to its consumers. A call to a cache-aside cache is
 * kept but marked `soft` (a request goes on without it: the availability
 * model skips it, the latency model counts its time).
 *
 * Each step's calls are sorted into the groups that say which of them one
 * request makes:
 * - `always`: calls every request passing the step makes (share 1);
 * - `exclusive`: calls with shares below 1 that add up to at most 1, read as
 *   a split of the requests (70% browse the catalogue, 25% open the cart):
 *   a request makes at most one of them;
 * - `independent`: the other partial calls (shares that add up to more than
 *   1, and calls a cache-aside cache's hits spare), each made or not on its
 *   own.
 * A CDN and a read-through cache pass on only their misses of reads: a step's
 * `pass`. A balancer with two or more pools routes each request to one of
 * them and around one that is down: its calls are `alternatives`, weighted by
 * the load model's split. Calls that close a cycle carry no load in the load
 * model and are left out here too.
 */
import { perLoadModel } from '../load/perLoadModel';
import { callFactors, nodeIndex, type TrafficModel } from '../load/traffic';
import type { Access } from '../model/network';
import { isSoftEdge, syncCallsOf } from '../model/syncCalls';
import type { ComponentNode, Edge, Topology } from '../model/topology';

export type { Access } from '../model/network';

/** Why a request calls a component: a `calls` entry, its service's session store, its store's shard directory. */
export type CallReason = 'call' | 'session' | 'directory';

/** One call a step makes. */
export interface RequestCall {
  /** Its number in the graph (0, 1, …), for per-call figures kept in arrays. */
  id: number;
  /** The step called (see `stepOf`). */
  to: number;
  /** The share of requests passing the caller that make it (before cache-aside hits, see `missOf`). */
  share: number;
  /** Copies sent per request that makes it, answered in parallel (a scatter-gather waits for the slowest). */
  fanout: number;
  /** A call to a cache-aside cache: a request goes on without it. */
  soft: boolean;
  /** Components (by position) of the cache-aside caches in front of the callee whose hits spare this call. */
  missOf: readonly number[];
  reason: CallReason;
  /** The call's entry in the file; undefined for a session or directory lookup. */
  edge: Edge | undefined;
}

/** A component reached with one kind of access. */
export interface RequestStep {
  /** Position of the component in the topology's node index. */
  component: number;
  node: ComponentNode;
  access: Access;
  /** The share of requests passed on to the calls: 1 less a CDN's or read-through cache's hit ratio for reads, else 1. */
  pass: number;
  always: readonly RequestCall[];
  exclusive: readonly RequestCall[];
  independent: readonly RequestCall[];
  /** A balancer's pools, two or more: a request needs one; `weight` is the share the load model sends each. */
  alternatives: readonly (RequestCall & { weight: number })[];
  /** Every call of the step, whatever its group. */
  calls: readonly RequestCall[];
}

/** The arrays of a depth-first walk over a request graph's steps (see `RequestGraph.walk`). */
interface WalkScratch {
  state: Uint8Array;
  stackStep: Int32Array;
  stackNext: Int32Array;
  done: Int32Array;
}

/** The steps a request reaches, callers first, and the calls left out because they lead back to a step being walked. */
export interface Reach {
  order: Int32Array;
  back: RequestCall[];
}

/** The step of a component (by position) with an access. */
export function stepOf(component: number, access: Access): number {
  return component * 2 + (access === 'write' ? 1 : 0);
}

/** Every call of a step, whatever its group. */
export function callsOf(s: RequestStep): readonly RequestCall[] {
  return s.calls;
}

/** No caches in front of a call: one empty list for all of them. */
const NO_CACHES: readonly number[] = [];
/** No calls in a group: one empty list for every step's empty groups (most steps have one group or none). */
const NO_CALLS: readonly never[] = [];

/** The request graph of a check's topology (its load model gives the calls that close cycles and the balancers' splits), shared by the availability and latency models. */
export const requestGraphOf: (topology: Topology, load: TrafficModel) => RequestGraph = perLoadModel((topology, load) => new RequestGraph(topology, load.cycleEdges));

/** The request graph of a topology, its steps built on first use. */
export class RequestGraph {
  private readonly steps: (RequestStep | undefined)[];
  private readonly cycleEdges: ReadonlySet<Edge>;
  private readonly callsSync = syncCallsOf();
  /** Calls built so far: the next call's number. */
  callCount = 0;
  readonly nodes: readonly ComponentNode[];
  readonly indexOf: ReadonlyMap<string, number>;
  private readonly calleesAll: readonly Int32Array[];

  constructor(readonly topology: Topology, cycleEdges: readonly Edge[]) {
    const ix = nodeIndex(topology);
    this.nodes = ix.nodes;
    this.indexOf = ix.indexOf;
    this.calleesAll = ix.callees;
    this.steps = new Array(ix.nodes.length * 2);
    this.cycleEdges = new Set(cycleEdges);
  }

  /** The step with this number. */
  step(n: number): RequestStep {
    return (this.steps[n] ??= this.build(n >> 1, n & 1 ? 'write' : 'read'));
  }

  /** The position of each call's callee, aligned with the component's `calls`; -1 for a call closing a cycle (worked out once for both accesses). */
  private callees(component: number): Int32Array {
    const all = this.calleesAll[component]!;
    if (this.cycleEdges.size === 0) return all;
    let out = this.calleesOf[component];
    if (!out) {
      const calls = this.nodes[component]!.calls;
      out = this.calleesOf[component] = all.slice();
      for (let i = 0; i < calls.length; i++) if (this.cycleEdges.has(calls[i]!)) out[i] = -1;
    }
    return out;
  }

  private readonly calleesOf: (Int32Array | undefined)[] = [];

  /**
   * The steps a request entering at step `start` reaches, callers first (a
   * depth-first post-order, reversed), over every call or, with `hardOnly`,
   * over those it waits on for its answer (not a cache-aside cache's); the
   * calls back to a step on the walk's stack are left out (`back`: a session
   * or directory lookup closing a cycle up the path).
   */
  reach(start: number, hardOnly: boolean): Reach {
    // States: 0 unseen, 1 on the stack, 2 done; the depth-first stack: each step, and the next of its calls to follow.
    // The arrays are the graph's, shared by its walks: each runs to its end and copies out what it keeps.
    const size = this.nodes.length * 2;
    const { state, stackStep, stackNext, done } = (this.walkArrays ??= { state: new Uint8Array(size), stackStep: new Int32Array(size), stackNext: new Int32Array(size), done: new Int32Array(size) });
    state.fill(0);
    const back: RequestCall[] = [];
    let count = 0;
    let depth = 0;
    stackStep[0] = start;
    stackNext[0] = 0;
    state[start] = 1;
    while (depth >= 0) {
      const top = stackStep[depth]!;
      const c = this.step(top).calls[stackNext[depth]!++];
      if (!c) {
        state[top] = 2;
        done[count++] = top;
        depth--;
        continue;
      }
      if (hardOnly && c.soft) continue;
      const s = state[c.to];
      if (s === 1) back.push(c);
      else if (s === 0) {
        state[c.to] = 1;
        depth++;
        stackStep[depth] = c.to;
        stackNext[depth] = 0;
      }
    }
    // The post-order reversed, in an array of its own size.
    const order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[i] = done[count - 1 - i]!;
    return { order, back };
  }

  private walkArrays: WalkScratch | undefined;

  /**
   * The calls of the step being built, written here and copied out at their
   * number: an array grown by push from empty keeps room for 17, and most
   * steps make one call or two. Its length is never set back (that would
   * drop its room): `buildingCount` says how many entries are the step's.
   */
  private readonly building: RequestCall[] = [];
  private buildingCount = 0;

  private build(component: number, access: Access): RequestStep {
    const node = this.nodes[component]!;
    const d = node.data;
    this.buildingCount = 0;
    const read = access === 'read';
    if (node.kind !== 'queue') {
      const callees = this.callees(component);
      // Cache-aside caches the caller reads first, by position (listed only when it calls one; a caller calls few).
      let fronting: number[] | undefined;
      if (read) {
        for (let i = 0; i < node.calls.length; i++) {
          const e = node.calls[i]!;
          const to = callees[i]!;
          if (to < 0) continue;
          const c = this.nodes[to]!.data;
          if (c.kind === 'cache' && c.fronts !== undefined && e.op !== 'write' && !e.async) (fronting ??= []).push(to);
        }
      }
      for (let i = 0; i < node.calls.length; i++) {
        const e = node.calls[i]!;
        const to = callees[i]!;
        if (to < 0 || e.async || !(e.share > 0) || (e.op !== 'mixed' && e.op !== access)) continue;
        this.building[this.buildingCount++] = {
          id: this.callCount++,
          to: stepOf(to, access),
          share: e.share,
          fanout: e.fanout,
          // Async calls and a queue's deliveries are left out above: only a cache-aside cache is left to be soft.
          soft: this.nodes[to]!.kind === 'cache' && isSoftEdge(this.topology, e, this.callsSync),
          missOf: fronting ? this.fronting(fronting, e.to) : NO_CACHES,
          reason: 'call',
          edge: e,
        };
      }
    }
    if (d.kind === 'service' && d.state === 'external') this.lookup(d.sessionStore, 'session');
    if ((d.kind === 'database' || d.kind === 'cache') && d.sharding?.strategy === 'directory') this.lookup(d.sharding.directory, 'directory');
    const calls: readonly RequestCall[] = this.buildingCount === 0 ? NO_CALLS : this.building.slice(0, this.buildingCount);

    const pass = read && (d.kind === 'cdn' || d.kind === 'cache') ? 1 - d.hitRatio : 1;
    if (node.kind === 'loadBalancer' && calls.length >= 2 && twoHardCallees(calls)) {
      // The load model's split of the balancer's requests over its pools.
      const factors = callFactors(this.topology, node, this.cycleEdges);
      const weights = calls.map((c) => (c.edge ? factors.get(c.edge)![access] * c.fanout : 0));
      const total = weights.reduce((a, b) => a + b, 0);
      const alternatives = calls.map((c, i) => ({ ...c, weight: total > 0 ? weights[i]! / total : 1 / calls.length }));
      return { component, node, access, pass, always: NO_CALLS, exclusive: NO_CALLS, independent: NO_CALLS, alternatives, calls: alternatives };
    }
    // Each group's calls counted first, so that its list is made at its size.
    let alwaysCount = 0;
    let missCount = 0;
    let partialCount = 0;
    let sum = 0;
    for (const c of calls) {
      if (c.missOf.length > 0) missCount++;
      else if (c.share >= 1) alwaysCount++;
      else {
        partialCount++;
        sum += c.share;
      }
    }
    // Most steps make no call, or only calls every request makes: their lists are shared, not copied.
    if (missCount === 0 && partialCount === 0) return { component, node, access, pass, always: calls.length > 0 ? calls : NO_CALLS, exclusive: NO_CALLS, independent: NO_CALLS, alternatives: NO_CALLS, calls };
    // Partial calls whose shares add up to at most 1 are a split; else each is made on its own, after those cache-aside caches spare.
    const split = partialCount > 0 && sum <= 1 + 1e-9;
    const always = listOf(alwaysCount);
    const exclusive = listOf(split ? partialCount : 0);
    const independent = listOf(split ? missCount : missCount + partialCount);
    let a = 0;
    let x = 0;
    let i = 0;
    let p = missCount;
    for (const c of calls) {
      if (c.missOf.length > 0) independent[i++] = c;
      else if (c.share >= 1) always[a++] = c;
      else if (split) exclusive[x++] = c;
      else independent[p++] = c;
    }
    // The calls in group order: the list itself when one group holds them all.
    const all = always.length === calls.length ? always : exclusive.length === calls.length ? exclusive : independent.length === calls.length ? independent : [...always, ...exclusive, ...independent];
    return { component, node, access, pass, always, exclusive, independent, alternatives: NO_CALLS, calls: all };
  }

  /** The caches among `caches` (by position) that front `store`: those whose hits spare a call to it. */
  private fronting(caches: readonly number[], store: string): readonly number[] {
    let out: number[] | undefined;
    for (const c of caches) {
      const d = this.nodes[c]!.data;
      if (d.kind === 'cache' && d.fronts === store) (out ??= []).push(c);
    }
    return out ?? NO_CACHES;
  }

  /** Adds a lookup every request makes of `id` (a session store, a shard directory), as a read. */
  private lookup(id: string | undefined, reason: CallReason): void {
    const target = id === undefined ? undefined : this.indexOf.get(id);
    if (target !== undefined) this.building[this.buildingCount++] = { id: this.callCount++, to: stepOf(target, 'read'), share: 1, fanout: 1, soft: false, missOf: NO_CACHES, reason, edge: undefined };
  }
}

/** A group's list of `n` calls, to fill (the shared empty one for none). */
function listOf(n: number): RequestCall[] {
  return n > 0 ? new Array<RequestCall>(n) : (NO_CALLS as never[]);
}

/** Whether the calls that are not soft reach two steps or more. */
function twoHardCallees(calls: readonly RequestCall[]): boolean {
  let first = -1;
  for (const c of calls) {
    if (c.soft) continue;
    if (first < 0) first = c.to;
    else if (c.to !== first) return true;
  }
  return false;
}
