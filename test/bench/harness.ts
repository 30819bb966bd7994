/**
 * The bench harness: timing by median of several runs after warm-up, ratios
 * against a baseline timed in the same run (interleaved, so clock-speed drift
 * hits both), heap figures with --expose-gc, and the figure/suite shapes that
 * run.ts prints. Budgets live with the figures, in the suites.
 */
import { spawnSync } from 'node:child_process';
import { checkText } from '../../src/core/check';

/** A bound a figure must meet; a figure without one is printed for information. */
export interface Budget {
  /** The figure must be at most this. */
  max?: number;
  /** The figure must be at least this. */
  min?: number;
}

/** One printed figure. */
export interface Figure {
  /** What was measured. */
  name: string;
  /** The figure the budget applies to. */
  value: number;
  /** Unit of `value` ("x" for a ratio to the baseline). */
  unit: string;
  /** The raw measurements behind a ratio, or other context. */
  detail?: string;
  /** The budget, when the figure has one. */
  budget?: Budget;
}

/** A group of benchmarks; run.ts runs every registered suite. */
export interface BenchSuite {
  /** Short name, printed before each figure and accepted as a filter on the command line. */
  name: string;
  /** Run only when named on the command line, never in the full run (it needs something the repository does not install). */
  optional?: boolean;
  /** Measures and returns the suite's figures. */
  run(): Figure[] | Promise<Figure[]>;
}

/** The environment variable naming the Node.js binary whole-process figures are timed with (this process's own when unset). */
export const BENCH_NODE_ENV = 'SCALE_BENCH_NODE';

/**
 * The Node.js that whole-process figures spawn: the binary SCALE_BENCH_NODE
 * names, so a start can be timed on the Node.js users run (a bare start of
 * Node 20.20 here takes ~130 ms, of Node 22 ~35 ms), and its version.
 */
export function benchNode(): { path: string; version: string } {
  const given = process.env[BENCH_NODE_ENV];
  if (!given) return { path: process.execPath, version: process.version };
  const r = spawnSync(given, ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${BENCH_NODE_ENV}=${given} does not run: ${r.error?.message ?? r.stderr}`);
  return { path: given, version: r.stdout.trim() };
}

/** A timed batch: performs `ops` operations and returns a checksum (kept, so the work is not optimized away). */
export type Batch = (ops: number) => number;

/** A batch of whole validations of a text: the pipeline the budgets of the analysis suites are ratios of. */
export function pipeline(text: string): Batch {
  return (ops) => {
    let n = 0;
    for (let i = 0; i < ops; i++) n += checkText(text).findings.length + 1;
    return n;
  };
}

/** How many timed runs give each median. */
export const RUNS = 7;
/** How many untimed runs warm the JIT up first. */
export const WARMUPS = 3;
/** How many interleaved candidate/baseline pairs give a ratio. */
export const PAIRS = 21;

let blackhole = 0;

/** The accumulated checksums; reading it keeps every batch's result live. */
export function checksum(): number {
  return blackhole;
}

/** Median nanoseconds per operation of `batch` over RUNS runs of `ops` operations, after WARMUPS warm-up runs. */
export function nsPerOp(batch: Batch, ops: number): number {
  for (let i = 0; i < WARMUPS; i++) blackhole ^= batch(ops);
  const samples: number[] = [];
  for (let r = 0; r < RUNS; r++) samples.push(timeOnce(batch, ops));
  return (median(samples) * 1e6) / ops;
}

/**
 * A candidate against its baseline: `pairs` (default PAIRS) back-to-back pairs of short runs
 * (so both halves of a pair see the same machine load; the other engineer's
 * test run on a 2-core box moved ratios of long separate runs by ±30%), the
 * ratio being the median of the per-pair ratios, and each side's median ns/op.
 */
export function compare(baseline: Batch, candidate: Batch, ops: number, pairs = PAIRS): { baselineNs: number; candidateNs: number; ratio: number } {
  for (let i = 0; i < WARMUPS; i++) {
    blackhole ^= baseline(ops);
    blackhole ^= candidate(ops);
  }
  const b: number[] = [];
  const c: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < pairs; r++) {
    // Alternate which side goes first so neither always inherits the other's cache state.
    const first = r % 2 === 0;
    const tc0 = first ? timeOnce(candidate, ops) : 0;
    const tb = timeOnce(baseline, ops);
    const tc = first ? tc0 : timeOnce(candidate, ops);
    b.push(tb);
    c.push(tc);
    ratios.push(tc / tb);
  }
  return { baselineNs: (median(b) * 1e6) / ops, candidateNs: (median(c) * 1e6) / ops, ratio: median(ratios) };
}

/** Median milliseconds of RUNS calls of `fn` after WARMUPS warm-up calls. */
export function msPerCall(fn: () => unknown): number {
  for (let i = 0; i < WARMUPS; i++) fn();
  const samples: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/**
 * Bytes allocated per operation: the growth of the used heap (and off-heap
 * buffers) across a batch run straight after a full GC. The batch must be small enough (well
 * under the ~1 MB young generation) that no scavenge runs inside it; the
 * median of RUNS runs is reported. Needs --expose-gc.
 */
export function bytesPerOp(batch: Batch, ops: number): number {
  const gc = requireGc();
  for (let i = 0; i < WARMUPS; i++) blackhole ^= batch(ops);
  const empty: number[] = [];
  const samples: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    // Reading the memory figures allocates a little itself: measure that with no batch between and subtract it.
    gc();
    let before = usedBytes();
    empty.push(usedBytes() - before);
    gc();
    before = usedBytes();
    blackhole ^= batch(ops);
    samples.push(usedBytes() - before);
  }
  return Math.max(0, median(samples) - median(empty)) / ops;
}

/** Heap and off-heap bytes still held after building `count` objects with `make` (kept alive until measured), per `unitsEach` units of each. */
export function retainedBytesPer(make: () => unknown, count: number, unitsEach: number): number {
  const gc = requireGc();
  make();
  gc();
  const before = usedBytes();
  const kept: unknown[] = [];
  for (let i = 0; i < count; i++) kept.push(make());
  gc();
  const after = usedBytes();
  blackhole ^= kept.length;
  return (after - before) / (count * unitsEach);
}

/** Whether a figure meets its budget (figures without one always do). */
export function withinBudget(figure: Figure): boolean {
  const { budget, value } = figure;
  if (!budget) return true;
  if (!Number.isFinite(value)) return false;
  if (budget.max !== undefined && value > budget.max) return false;
  if (budget.min !== undefined && value < budget.min) return false;
  return true;
}

/** The median of a non-empty list. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function timeOnce(batch: Batch, ops: number): number {
  const t0 = performance.now();
  blackhole ^= batch(ops);
  return performance.now() - t0;
}

/** JS heap plus off-heap memory: typed arrays above a few dozen bytes keep their storage outside the heap. */
function usedBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

function requireGc(): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('memory figures need node --expose-gc (npm run bench passes it)');
  return gc;
}
