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
 * - `ALWAYS`: calls every request passing the step makes (share 1);
 * - `EXCLUSIVE`: calls with shares below 1 that add up to at most 1, read as
 *   a split of the requests (70% browse the catalogue, 25% open the cart):
 *   a request makes at most one of them;
 * - `INDEPENDENT`: the other partial calls (shares that add up to more than
 *   1, and calls a cache-aside cache's hits spare), each made or not on its
 *   own.
 * A CDN and a read-through cache pass on only their misses of reads: a step's
 * `pass`. A balancer with two or more pools routes each request to one of
 * them and around one that is down: its calls are `ALTERNATIVE`, weighted by
 * the load model's split. Calls that close a cycle carry no load in the load
 * model and are left out here too.
 */
import { perLoadModel } from '../load/perLoadModel';
import { callFactors, nodeIndex, type TrafficModel } from '../load/traffic';
import type { Access } from '../model/network';
import { isSoftCall, syncCallsOf } from '../model/syncCalls';
import type { ComponentData } from '../model/schema';
import type { ComponentNode, Edge, Topology } from '../model/topology';

export type { Access } from '../model/network';

/** Why a request calls a component: a `calls` entry, its service's session store, its store's shard directory. */
export type CallReason = 'call' | 'session' | 'directory';

/** The groups of a step's calls (see above), in the order their calls are numbered. */
export const ALWAYS = 0;
export const EXCLUSIVE = 1;
export const INDEPENDENT = 2;
export const ALTERNATIVE = 3;
/** Where the calls after the last group would start: `first(step, END)` is one past a step's last call. */
export const END = 4;

/** Per-call flags: a call to a cache-aside cache; a session or directory lookup rather than a `calls` entry. */
const SOFT = 1;
const SESSION = 2;
const DIRECTORY = 4;

/** The arrays of a depth-first walk over a request graph's steps (see `RequestGraph.reach`). */
interface WalkScratch {
  state: Uint8Array;
  stackStep: Int32Array;
  stackNext: Int32Array;
  done: Int32Array;
}

/** The steps a request reaches, callers first, and the calls (by number) left out because they lead back to a step being walked. */
export interface Reach {
  order: number[];
  back: number[];
}

/** The step of a component (by position) with an access. */
export function stepOf(component: number, access: Access): number {
  return component * 2 + (access === 'write' ? 1 : 0);
}

/** The access of a step. */
function accessOf(step: number): Access {
  return step & 1 ? 'write' : 'read';
}

/** No caches in front of a call: one empty list for all of them. */
const NO_CACHES: readonly number[] = [];

/** The request graph of a check's topology (its load model gives the calls that close cycles and the balancers' splits), shared by the availability and latency models. */
export const requestGraphOf: (topology: Topology, load: TrafficModel) => RequestGraph = perLoadModel((topology, load) => new RequestGraph(topology, load.cycleEdges));

/**
 * The request graph of a topology, its steps built on first use. It is kept
 * flat, for a check builds it afresh: a step is a number (`stepOf`), a call
 * too (0, 1, … as the steps are built), and what the models read of them is
 * held in arrays indexed by those numbers rather than in an object each. A
 * step's calls are numbered one after the other in group order, so that a
 * group is a range of numbers: from `first(step, group)` to
 * `first(step, group + 1)`.
 */
export class RequestGraph {
  private readonly cycleEdges: ReadonlySet<Edge>;
  private readonly callsSync = syncCallsOf();
  /** Calls built so far: the next call's number. */
  callCount = 0;
  readonly nodes: readonly ComponentNode[];
  readonly indexOf: ReadonlyMap<string, number>;
  /** The position of each call's callee, as nodeIndex gives them (component i's calls from `calleeStart[i]` on), -1 for a call closing a cycle. */
  private readonly calleeIndex: Int32Array;
  private readonly calleeStart: Int32Array;

  /** Per step: 1 once built; the share it passes on to its calls. */
  private readonly built: Uint8Array;
  private readonly passes: Float64Array;
  /**
   * Per step, where each group's calls start and where the last ends: END +
   * 1 entries a step, from `boundsAt(step)` on (read only: for loops over
   * many steps, which read a step's bounds with one call; `first` reads one).
   */
  readonly bounds: Int32Array;

  /**
   * Per call, by number: the step it calls and the step making it, its
   * source (its position in the caller's `calls`; -1 for a lookup), share
   * (see `share`), fan-out, flags, and its list of cache-aside caches in
   * `missLists` (0: none). Made for half the calls a topology can have (each
   * of its calls made by reads and by writes, a lookup per component), so
   * that they are grown (×2) once at most.
   */
  private callees: Int32Array;
  private callers: Int32Array;
  private sources: Int32Array;
  private shares: Float64Array;
  private fanouts: Float64Array;
  private flags: Uint8Array;
  private missAt: Int32Array;
  /** The lists of cache-aside caches that calls have (few do); the first, empty, for every call that has none. */
  private readonly missLists: (readonly number[])[] = [NO_CACHES];

  constructor(readonly topology: Topology, cycleEdges: readonly Edge[]) {
    const ix = nodeIndex(topology);
    this.nodes = ix.nodes;
    this.indexOf = ix.indexOf;
    this.cycleEdges = new Set(cycleEdges);
    this.calleeStart = ix.calleeStart;
    // The index's own array, or a copy with the calls closing a cycle marked (few: each found in its caller's calls).
    this.calleeIndex = this.cycleEdges.size === 0 ? ix.callees : ix.callees.slice();
    for (const e of this.cycleEdges) {
      const from = ix.indexOf.get(e.from)!;
      const k = ix.nodes[from]!.calls.indexOf(e);
      if (k >= 0) this.calleeIndex[ix.calleeStart[from]! + k] = -1;
    }
    const size = ix.nodes.length * 2;
    this.built = new Uint8Array(size);
    this.passes = new Float64Array(size);
    this.bounds = new Int32Array(size * (END + 1));
    let calls = ix.nodes.length;
    for (const node of ix.nodes) calls += node.calls.length;
    this.callees = new Int32Array(calls);
    this.callers = new Int32Array(calls);
    this.sources = new Int32Array(calls);
    this.shares = new Float64Array(calls);
    this.fanouts = new Float64Array(calls);
    this.flags = new Uint8Array(calls);
    this.missAt = new Int32Array(calls);
  }

  /** Where a group's calls of a step start (END: one past its last call), the step built if it was not. */
  first(step: number, group: number): number {
    return this.bounds[this.boundsAt(step) + group]!;
  }

  /** Where a step's entries are in `bounds` (`bounds[at + group]` is `first(step, group)`), the step built if it was not. */
  boundsAt(step: number): number {
    if (this.built[step] === 0) this.build(step);
    return step * (END + 1);
  }

  /** The share of a step's requests passed on to its calls: 1 less a CDN's or read-through cache's hit ratio for reads, else 1. */
  pass(step: number): number {
    if (this.built[step] === 0) this.build(step);
    return this.passes[step]!;
  }

  /** The step a call calls. */
  callee(call: number): number {
    return this.callees[call]!;
  }

  /** The step that makes a call. */
  caller(call: number): number {
    return this.callers[call]!;
  }

  /**
   * The share of requests passing the caller that make a call (before
   * cache-aside hits, see `missOf`); of a balancer's pools (`ALTERNATIVE`),
   * the share of its requests the load model sends each.
   */
  share(call: number): number {
    return this.shares[call]!;
  }

  /** Copies sent per request that makes a call, answered in parallel (a scatter-gather waits for the slowest). */
  fanout(call: number): number {
    return this.fanouts[call]!;
  }

  /** Whether a call is to a cache-aside cache: a request goes on without it. */
  soft(call: number): boolean {
    return (this.flags[call]! & SOFT) !== 0;
  }

  /** Why a request makes a call. */
  reason(call: number): CallReason {
    const f = this.flags[call]!;
    return f & SESSION ? 'session' : f & DIRECTORY ? 'directory' : 'call';
  }

  /** A call's entry in the file; undefined for a session or directory lookup. */
  edge(call: number): Edge | undefined {
    const source = this.sources[call]!;
    return source >= 0 ? this.nodes[this.callers[call]! >> 1]!.calls[source] : undefined;
  }

  /** Components (by position) of the cache-aside caches in front of a call's callee whose hits spare it. */
  missOf(call: number): readonly number[] {
    return this.missLists[this.missAt[call]!]!;
  }

  /**
   * The steps a request entering at step `start` reaches, callers first (a
   * depth-first post-order, reversed), over every call or, with `hardOnly`,
   * over those it waits on for its answer (not a cache-aside cache's); the
   * calls back to a step on the walk's stack are left out (`back`: a session
   * or directory lookup closing a cycle up the path). Every step it reaches
   * is built.
   */
  reach(start: number, hardOnly: boolean): Reach {
    // States: 0 unseen, 1 on the stack, 2 done; the depth-first stack: each step, and the number of its next call to follow.
    // The arrays are the graph's, shared by its walks: each runs to its end and copies out what it keeps.
    const size = this.nodes.length * 2;
    const { state, stackStep, stackNext, done } = (this.walkArrays ??= { state: new Uint8Array(size), stackStep: new Int32Array(size), stackNext: new Int32Array(size), done: new Int32Array(size) });
    state.fill(0);
    const back: number[] = [];
    let count = 0;
    let depth = 0;
    stackStep[0] = start;
    stackNext[0] = this.first(start, ALWAYS);
    state[start] = 1;
    while (depth >= 0) {
      const top = stackStep[depth]!;
      const k = stackNext[depth]!;
      if (k === this.bounds[top * (END + 1) + END]) {
        state[top] = 2;
        done[count++] = top;
        depth--;
        continue;
      }
      stackNext[depth] = k + 1;
      if (hardOnly && (this.flags[k]! & SOFT) !== 0) continue;
      const to = this.callees[k]!;
      const s = state[to];
      if (s === 1) back.push(k);
      else if (s === 0) {
        state[to] = 1;
        depth++;
        stackStep[depth] = to;
        stackNext[depth] = this.first(to, ALWAYS);
      }
    }
    // The post-order reversed, in an array of its own size.
    const order: number[] = new Array(count);
    for (let i = 0; i < count; i++) order[i] = done[count - 1 - i]!;
    return { order, back };
  }

  private walkArrays: WalkScratch | undefined;

  /**
   * Builds a step: numbers its calls in the order found (the file's, then
   * the lookups), then, unless every one is made by every request (most
   * steps), puts them in group order.
   */
  private build(step: number): void {
    const component = step >> 1;
    const access = accessOf(step);
    const node = this.nodes[component]!;
    const first = this.callCount;
    this.built[step] = 1;
    this.passes[step] = access === 'read' ? readPass(node) : 1;
    this.addCalls(step, node, access);
    const end = this.callCount;
    const at = step * (END + 1);
    if (node.kind === 'loadBalancer' && end - first >= 2 && this.twoHardCallees(first, end)) {
      this.setBounds(at, first, first, first, first, end);
      this.weigh(node, access, first, end);
      return;
    }
    this.setBounds(at, first, end, end, end, end);
    let missCount = 0;
    let partialCount = 0;
    let sum = 0;
    for (let k = first; k < end; k++) {
      if (this.missAt[k] !== 0) missCount++;
      else if (!(this.shares[k]! >= 1)) {
        partialCount++;
        sum += this.shares[k]!;
      }
    }
    if (missCount > 0 || partialCount > 0) this.group(at, first, end, missCount, partialCount, sum);
  }

  /** Where a step's groups start, and its calls end. */
  private setBounds(at: number, always: number, exclusive: number, independent: number, alternatives: number, end: number): void {
    const b = this.bounds;
    b[at + ALWAYS] = always;
    b[at + EXCLUSIVE] = exclusive;
    b[at + INDEPENDENT] = independent;
    b[at + ALTERNATIVE] = alternatives;
    b[at + END] = end;
  }

  /** Numbers the calls a component's requests with an access make, from `callCount` on. */
  private addCalls(step: number, node: ComponentNode, access: Access): void {
    if (node.kind !== 'queue') {
      const start = this.calleeStart[step >> 1]!;
      const callees = this.calleeIndex;
      // Cache-aside caches the caller reads first, by position, in `caches` (shared from step to step; a caller calls few).
      let caches = 0;
      if (access === 'read') {
        for (let i = 0; i < node.calls.length; i++) {
          const e = node.calls[i]!;
          const to = callees[start + i]!;
          // The kind read from the node first (one shape for all) and the data's fields only then (a shape per kind).
          if (to < 0 || this.nodes[to]!.kind !== 'cache') continue;
          const c = this.nodes[to]!.data;
          if (c.kind === 'cache' && c.fronts !== undefined && e.op !== 'write' && !e.async) this.caches[caches++] = to;
        }
      }
      for (let i = 0; i < node.calls.length; i++) {
        const e = node.calls[i]!;
        const to = callees[start + i]!;
        if (to < 0 || e.async || !(e.share > 0) || (e.op !== 'mixed' && e.op !== access)) continue;
        // Async calls and a queue's deliveries are left out above: only a cache-aside cache is left to be soft.
        const callee = this.nodes[to]!;
        const soft = callee.kind === 'cache' && isSoftCall(node, callee, e, this.callsSync);
        this.add(step, stepOf(to, access), i, e.share, e.fanout, soft ? SOFT : 0, caches > 0 ? this.fronting(caches, e.to) : NO_CACHES);
      }
    }
    if (node.kind === 'service' || node.kind === 'database' || node.kind === 'cache') this.lookups(step, node.data);
  }

  /** Adds the lookups a service's or a store's requests make: of its session store, of its shard directory. */
  private lookups(step: number, d: ComponentData): void {
    if (d.kind === 'service' && d.state === 'external') this.lookup(step, d.sessionStore, SESSION);
    if ((d.kind === 'database' || d.kind === 'cache') && d.sharding?.strategy === 'directory') this.lookup(step, d.sharding.directory, DIRECTORY);
  }

  /** Adds a lookup every request makes of `id` (a session store, a shard directory), as a read. */
  private lookup(step: number, id: string | undefined, reason: typeof SESSION | typeof DIRECTORY): void {
    const target = id === undefined ? undefined : this.indexOf.get(id);
    if (target !== undefined) this.add(step, stepOf(target, 'read'), -1, 1, 1, reason, NO_CACHES);
  }

  /** Numbers a call `callCount`. */
  private add(from: number, to: number, source: number, share: number, fanout: number, flags: number, miss: readonly number[]): void {
    if (this.callCount === this.callees.length) this.grow();
    const k = this.callCount++;
    this.callees[k] = to;
    this.callers[k] = from;
    this.sources[k] = source;
    this.shares[k] = share;
    this.fanouts[k] = fanout;
    this.flags[k] = flags;
    if (miss.length > 0) {
      this.missAt[k] = this.missLists.length;
      this.missLists.push(miss);
    }
  }

  /** The per-call arrays, twice as long. */
  private grow(): void {
    const size = Math.max(16, 2 * this.callees.length);
    this.callees = grown(this.callees, new Int32Array(size));
    this.callers = grown(this.callers, new Int32Array(size));
    this.sources = grown(this.sources, new Int32Array(size));
    this.shares = grown(this.shares, new Float64Array(size));
    this.fanouts = grown(this.fanouts, new Float64Array(size));
    this.flags = grown(this.flags, new Uint8Array(size));
    this.missAt = grown(this.missAt, new Int32Array(size));
  }

  /**
   * Puts a step's calls (`first` to `end`, bounds at `at`) in group order:
   * those every request makes, a split (partial calls whose shares add up to
   * at most 1), then those made each on its own (the ones cache-aside caches
   * spare, then the other partial calls when they are no split).
   */
  private group(at: number, first: number, end: number, missCount: number, partialCount: number, sum: number): void {
    const split = partialCount > 0 && sum <= 1 + 1e-9;
    const alwaysCount = end - first - missCount - partialCount;
    let always = first;
    let exclusive = first + alwaysCount;
    let spared = exclusive + (split ? partialCount : 0);
    let independent = spared + missCount;
    this.bounds[at + EXCLUSIVE] = exclusive;
    this.bounds[at + INDEPENDENT] = spared;
    // Each call's new number, then every per-call array's entries moved to it.
    const n = end - first;
    if (!this.moves || this.moves.length < n) {
      this.moves = new Int32Array(2 * n);
      this.moving = new Float64Array(2 * n);
    }
    const moves = this.moves;
    for (let k = first; k < end; k++) moves[k - first] = this.missAt[k] !== 0 ? spared++ : this.shares[k]! >= 1 ? always++ : split ? exclusive++ : independent++;
    this.move(this.callees, first, n);
    this.move(this.callers, first, n);
    this.move(this.sources, first, n);
    this.move(this.shares, first, n);
    this.move(this.fanouts, first, n);
    this.move(this.flags, first, n);
    this.move(this.missAt, first, n);
  }

  /** While a step's calls are put in group order: each one's new number (by its old one less the step's first), and a copy of the entries being moved. */
  private moves: Int32Array | undefined;
  private moving: Float64Array | undefined;

  /** Moves the `n` entries of a per-call array from `first` on to their new numbers (`moves`). */
  private move(a: Int32Array | Float64Array | Uint8Array, first: number, n: number): void {
    const moving = this.moving!;
    const moves = this.moves!;
    for (let i = 0; i < n; i++) moving[i] = a[first + i]!;
    for (let i = 0; i < n; i++) a[moves[i]!] = moving[i]!;
  }

  /** A balancer's pools, calls `first` to `end`: their shares become those the load model sends each. */
  private weigh(node: ComponentNode, access: Access, first: number, end: number): void {
    const factors = callFactors(this.topology, node, this.cycleEdges);
    let total = 0;
    for (let k = first; k < end; k++) {
      const e = this.edge(k);
      this.shares[k] = e ? factors.get(e)![access] * this.fanouts[k]! : 0;
      total += this.shares[k]!;
    }
    for (let k = first; k < end; k++) this.shares[k] = total > 0 ? this.shares[k]! / total : 1 / (end - first);
  }

  /** Whether calls `first` to `end` that are not soft reach two steps or more. */
  private twoHardCallees(first: number, end: number): boolean {
    let one = -1;
    for (let k = first; k < end; k++) {
      if (this.flags[k]! & SOFT) continue;
      const to = this.callees[k]!;
      if (one < 0) one = to;
      else if (to !== one) return true;
    }
    return false;
  }

  /** Cache-aside caches the caller of the step being built reads first (see `addCalls`): their length is never set back. */
  private readonly caches: number[] = [];

  /** The first `count` of `caches` that front `store`: those whose hits spare a call to it (a list at its size). */
  private fronting(count: number, store: string): readonly number[] {
    let n = 0;
    for (let i = 0; i < count; i++) if (this.fronts(this.caches[i]!, store)) n++;
    if (n === 0) return NO_CACHES;
    const out: number[] = new Array(n);
    n = 0;
    for (let i = 0; i < count; i++) if (this.fronts(this.caches[i]!, store)) out[n++] = this.caches[i]!;
    return out;
  }

  /** Whether a component (by position) is a cache that fronts `store`. */
  private fronts(component: number, store: string): boolean {
    const d = this.nodes[component]!.data;
    return d.kind === 'cache' && d.fronts === store;
  }
}

/** The share of a component's reads passed on to its calls: a CDN's or cache's misses, else all of them. */
function readPass(node: ComponentNode): number {
  if (node.kind !== 'cdn' && node.kind !== 'cache') return 1;
  const d = node.data;
  return d.kind === 'cdn' || d.kind === 'cache' ? 1 - d.hitRatio : 1;
}

/** `to` with `from` copied into its start. */
function grown<T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}
