/**
 * The probability that a request entering at one step is answered, exactly,
 * over the calls it waits on (requestGraph.ts), given each step's chance of
 * answering on its own and each call's chance of reaching a live instance.
 *
 * A step answers when its component does and, for the share of its requests
 * it passes on (a CDN's or cache's misses), the calls made answer:
 * - every `ALWAYS` call (series: a product);
 * - the one `EXCLUSIVE` call a request makes, if any (a weighted sum);
 * - each `INDEPENDENT` call it makes (a product of 1 - share × failure);
 * - for a balancer, one of its pools (parallel: 1 - the product of their
 *   failures).
 * That recursion is exact where no step is reached twice. A step reached
 * by two calls (a shared store; the same component called twice) makes the
 * outcomes of its callers depend on each other; counting it once per call
 * would count it twice. So the outcome of each such step ("pivot") is
 * conditioned on, the lowest first: given the outcomes of the pivots below
 * it, a pivot's outcome depends only on the steps only it reaches (its
 * region), whose outcomes are independent of every other region's. The
 * answer is the sum over the 2^k outcomes of the k pivots, each weighted by
 * the product of the conditional probabilities; a pivot whose probability is
 * 0 or 1 in a state has one branch. Past MAX_PIVOTS the remaining shared
 * steps are taken as independent in each call (said in `approximated`).
 *
 * Each call's outcome already includes the chance that it reaches a dead
 * instance not yet out of rotation (health-check detection): independent per
 * call, a factor of the call.
 */
import { ALTERNATIVE, ALWAYS, END, EXCLUSIVE, INDEPENDENT, type RequestGraph } from './requestGraph';

/** Shared steps whose outcomes are conditioned on exactly; past it, the rest are approximated (2^MAX_PIVOTS evaluations at worst). */
export const MAX_PIVOTS = 12;
/** Step computations one evaluation may make: a plan of n steps conditions on at most log2(PLAN_WORK / n) shared steps, so that a large design answers in bounded time. */
export const PLAN_WORK = 100_000;

/** What an evaluation reads, per component and per call (calls by their number in the request graph). */
export interface StepInputs {
  /** The probability that each component (by position) answers a read, and a write, on its own. */
  read: Float64Array;
  write: Float64Array;
  /**
   * The probability that a request made of this call reaches a live instance
   * (detection windows); 1 for most calls. Read at the first evaluation with
   * these inputs only: it must not change between evaluations with them.
   */
  reach(call: number): number;
  /** The probability that a request passing the caller makes a call that cache-aside caches' hits spare (its share, less their hits); the others are made by their share. */
  made(call: number): number;
}

/** An evaluation's figures, per local step (its own chance, the chance computed, its outcome once conditioned on, NaN before) and per call; and the inputs `reach` was read from. */
interface Scratch {
  own: Float64Array;
  value: Float64Array;
  fixed: Float64Array;
  reach: Float64Array;
  made: Float64Array;
  inputs: StepInputs | undefined;
}

/** The calls a request from one step waits on, prepared once for any number of evaluations. */
export class PathPlan {
  /** The steps reached (by number), by local position in topological order (callers first); 0 is the start. */
  readonly steps: readonly number[];
  /** Local position of each step number (-1: not reached). */
  private readonly localOf: Int32Array;
  /** The share each local step passes on to its calls. */
  private readonly passes: Float64Array;
  /**
   * The hard calls of every local step, one after the other (step i's from
   * `callStart[i]` to `callStart[i + 1]`), in group order: each call's number
   * in the graph, the local position it leads to, and its group.
   */
  private calls = new Int32Array(0);
  private callTargets = new Int32Array(0);
  private callGroups = new Uint8Array(0);
  /** Pivots (local positions), lowest first. */
  private pivots: number[] = [];
  /** Shared steps beyond MAX_PIVOTS: evaluated once per state and used in every call as if independent. */
  private loose: number[] = [];
  /**
   * The steps of every region one after the other, children first within
   * each: pivot k's region is number k, loose step l's the pivots' count
   * plus l, the top's the last; region r's steps are from `regionStart[r]`
   * to `regionStart[r + 1]`.
   */
  private regionSteps = new Int32Array(0);
  private regionStart = new Int32Array(0);
  /** Where each local step's calls start in the flat per-call arrays (one more entry than steps: where the last one's end). */
  private callStart = new Int32Array(1);
  /** The hard calls (by position in the flat arrays) that cache-aside caches' hits spare. */
  private readonly spared: number[] = [];
  private scratch: Scratch | undefined;
  /** Calls (by number) left out because they close a cycle of the request graph (a session or directory lookup back up the path). */
  readonly cyclic: readonly number[];

  constructor(readonly graph: RequestGraph, readonly start: number) {
    this.localOf = new Int32Array(graph.nodes.length * 2).fill(-1);
    // The steps reached over the calls a request waits on, callers first; those closing a cycle are left out.
    const { order, back } = graph.reach(start, true);
    this.cyclic = back;
    this.steps = order;
    this.passes = new Float64Array(order.length);
    for (let i = 0; i < order.length; i++) {
      this.localOf[order[i]!] = i;
      this.passes[i] = graph.pass(order[i]!);
    }
    this.collect();
    this.organize();
  }

  /** Components (by id) of shared steps taken as independent because there were more than the plan conditions on. */
  get approximated(): string[] {
    return [...new Set(this.loose.map((l) => this.graph.nodes[this.steps[l]! >> 1]!.id))];
  }

  /** The step computations of one evaluation at most: 2^pivots × steps. */
  get cost(): number {
    return Math.pow(2, this.pivots.length) * this.steps.length;
  }

  /** Number of steps reached (the start included). */
  get size(): number {
    return this.steps.length;
  }

  /** Local position of a step number, if the request reaches it. */
  local(step: number): number | undefined {
    const i = this.localOf[step]!;
    return i >= 0 ? i : undefined;
  }

  /** Whether a request waits on a call: not a cache-aside cache's, nor one closing a cycle. */
  private hard(call: number): boolean {
    return !this.graph.soft(call) && (this.cyclic.length === 0 || !this.cyclic.includes(call));
  }

  /** The hard calls of every step, in group order (the graph numbers them so), with their callees' local positions: counted first, so that each array is made at its size. */
  private collect(): void {
    const { graph, steps } = this;
    let count = 0;
    for (let i = 0; i < steps.length; i++) {
      const n = steps[i]!;
      const at = graph.boundsAt(n);
      for (let c = graph.bounds[at + ALWAYS]!, end = graph.bounds[at + END]!; c < end; c++) if (this.hard(c)) count++;
    }
    this.calls = new Int32Array(count);
    this.callTargets = new Int32Array(count);
    this.callGroups = new Uint8Array(count);
    this.callStart = new Int32Array(steps.length + 1);
    let k = 0;
    for (let i = 0; i < steps.length; i++) {
      const n = steps[i]!;
      this.callStart[i] = k;
      // One pass over the step's calls, the group moved on as each one's range ends (most steps have one group).
      const at = graph.boundsAt(n);
      const bounds = graph.bounds;
      let group = ALWAYS;
      let groupEnd = bounds[at + group + 1]!;
      for (let c = bounds[at + ALWAYS]!, end = bounds[at + END]!; c < end; c++) {
        while (c >= groupEnd) groupEnd = bounds[at + ++group + 1]!;
        if (!this.hard(c)) continue;
        this.calls[k] = c;
        this.callTargets[k] = this.localOf[graph.callee(c)]!;
        this.callGroups[k] = group;
        if (graph.missOf(c).length > 0) this.spared.push(k);
        k++;
      }
    }
    this.callStart[steps.length] = k;
  }

  /** Finds the pivots (steps two or more calls reach) and the region of every other step. */
  private organize(): void {
    const n = this.steps.length;
    const refs = new Int32Array(n);
    const referrer = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      for (let k = this.callStart[i]!; k < this.callStart[i + 1]!; k++) {
        const t = this.callTargets[k]!;
        refs[t]!++;
        referrer[t] = i;
      }
    }
    // Lowest first: reverse topological order.
    const shared: number[] = [];
    for (let i = n - 1; i >= 1; i--) if (refs[i]! >= 2) shared.push(i);
    // 2^k evaluations of up to n steps each: k bounded by the plan's size too.
    const most = Math.max(0, Math.min(MAX_PIVOTS, Math.floor(Math.log2(PLAN_WORK / Math.max(1, n)))));
    this.pivots = shared.slice(0, most);
    this.loose = shared.slice(most);
    // Region of each step (numbered as `regionSteps` says): a shared step's own, the top's for the start; a step one call reaches shares its caller's.
    const regions = this.pivots.length + this.loose.length + 1;
    const region = new Int32Array(n).fill(-1);
    for (let k = 0; k < this.pivots.length; k++) region[this.pivots[k]!] = k;
    for (let l = 0; l < this.loose.length; l++) region[this.loose[l]!] = this.pivots.length + l;
    region[0] = regions - 1;
    for (let i = 1; i < n; i++) if (region[i]! < 0) region[i] = region[referrer[i]!]!;
    // Each region's steps counted, then placed children first.
    this.regionStart = new Int32Array(regions + 1);
    for (let i = 0; i < n; i++) this.regionStart[region[i]! + 1]!++;
    for (let r = 0; r < regions; r++) this.regionStart[r + 1]! += this.regionStart[r]!;
    const placed = this.regionStart.slice(0, regions);
    this.regionSteps = new Int32Array(n);
    for (let i = n - 1; i >= 0; i--) this.regionSteps[placed[region[i]!]!++] = i;
  }

  /**
   * The probability that a request entering at the start is answered.
   * `fixed` holds each step's outcome once conditioned on (NaN: not yet);
   * `value` the probabilities the recursion computes.
   */
  evaluate(inputs: StepInputs): number {
    const n = this.steps.length;
    const callCount = this.calls.length;
    // Scratch arrays kept with the plan: an evaluation runs to its end before the next starts.
    const sc = (this.scratch ??= { own: new Float64Array(n), value: new Float64Array(n), fixed: new Float64Array(n), reach: new Float64Array(callCount), made: new Float64Array(callCount), inputs: undefined });
    const { own, fixed, reach, made } = sc;
    const { calls, graph } = this;
    const { read, write } = inputs;
    fixed.fill(NaN);
    for (let i = 0; i < n; i++) {
      const step = this.steps[i]!;
      own[i] = step & 1 ? write[step >> 1]! : read[step >> 1]!;
    }
    // Per call, flat: the chance it reaches a live instance (per copy, so to the fan-out's power), once per inputs
    // (a sum over zone states evaluates the plan with the same inputs each time), and that it is made.
    if (sc.inputs !== inputs) {
      sc.inputs = inputs;
      for (let k = 0; k < callCount; k++) {
        const c = calls[k]!;
        const r = inputs.reach(c);
        reach[k] = r === 1 ? 1 : Math.pow(r, graph.fanout(c));
        made[k] = graph.share(c);
      }
    }
    // Only the calls cache-aside caches spare are made by a share that changes with the caches' answers.
    for (const k of this.spared) made[k] = inputs.made(calls[k]!);
    return this.branch(sc, 0);
  }

  /** The answer of the pivots from the k-th on, summed over their outcomes (the ones before fixed in `sc.fixed`). */
  private branch(sc: Scratch, k: number): number {
    if (k === this.pivots.length) {
      // Loose shared steps, lowest first: their probability, used in every call as if independent. They sit above
      // every pivot (pivots are the lowest shared steps), so they are computed once the pivots are conditioned on;
      // then the top region (numbered after theirs).
      for (let l = 0; l <= this.loose.length; l++) this.run(sc, this.pivots.length + l);
      return sc.value[0]!;
    }
    const p = this.pivots[k]!;
    this.run(sc, k);
    const q = sc.value[p]!;
    let sum = 0;
    if (q > 0) {
      sc.fixed[p] = 1;
      sum += q * this.branch(sc, k + 1);
    }
    if (q < 1) {
      sc.fixed[p] = 0;
      sum += (1 - q) * this.branch(sc, k + 1);
    }
    sc.fixed[p] = NaN;
    return sum;
  }

  /** Computes the steps of a region (by number), children first: each one's probability of answering, its callees' (or their fixed outcomes) known. */
  private run(sc: Scratch, region: number): void {
    const { own, value, fixed, reach, made } = sc;
    const { calls: callNumbers, callTargets, callGroups, callStart, passes, graph, regionSteps } = this;
    for (let j = this.regionStart[region]!, end = this.regionStart[region + 1]!; j < end; j++) {
      const i = regionSteps[j]!;
      let calls = 1;
      let exclusiveFail = 0;
      let anyAlternative = false;
      let allAlternativesFail = 1;
      let alternativeReach = 0;
      for (let k = callStart[i]!, end = callStart[i + 1]!; k < end; k++) {
        const t = callTargets[k]!;
        const f = fixed[t]!;
        const answer = Number.isNaN(f) ? value[t]! : f;
        const ok = reach[k]! * answer;
        switch (callGroups[k]) {
          case ALWAYS: calls *= ok; break;
          case EXCLUSIVE: exclusiveFail += made[k]! * (1 - ok); break;
          case INDEPENDENT: calls *= 1 - made[k]! * (1 - ok); break;
          case ALTERNATIVE:
            anyAlternative = true;
            allAlternativesFail *= 1 - answer;
            alternativeReach += graph.share(callNumbers[k]!) * reach[k]!;
            break;
        }
      }
      calls *= 1 - exclusiveFail;
      if (anyAlternative) calls *= alternativeReach * (1 - allAlternativesFail);
      const pass = passes[i]!;
      value[i] = own[i]! * (1 - pass + pass * calls);
    }
  }
}
