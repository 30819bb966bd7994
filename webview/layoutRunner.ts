/**
 * Runs layouts in the inline worker, one at a time, latest wins: a request
 * made while one runs waits, and replaces any request already waiting (its
 * promise settles with `superseded`). A layout that takes longer than the
 * timeout ends its worker (elkjs cannot be interrupted otherwise); the next
 * request starts a fresh one.
 */
import type { ElkNodeJson } from '../src/core/diagram/elkGraph';

/** How a layout request ended. */
export type LayoutOutcome =
  | { kind: 'laidOut'; graph: ElkNodeJson; ms: number }
  | { kind: 'timeout'; ms: number }
  | { kind: 'error'; message: string; ms: number }
  | { kind: 'superseded' };

/** The part of a Web Worker the runner uses (typed structurally, so that tests run it on Node with a stand-in). */
interface LayoutWorker {
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string; preventDefault(): void }) => void) | null;
  postMessage(message: unknown): void;
  terminate(): void;
}
type WorkerConstructor = new (url: string, options?: { name?: string }) => LayoutWorker;

interface Job {
  graph: ElkNodeJson;
  resolve(outcome: LayoutOutcome): void;
}

/** A layout worker started from a Blob of its inlined source. */
export class LayoutRunner {
  private worker: LayoutWorker | undefined;
  private url: string | undefined;
  private running: { id: number; job: Job; timer: ReturnType<typeof setTimeout>; started: number } | undefined;
  private waiting: Job | undefined;
  private nextId = 1;

  /** `source`: the worker's script (the inlined bundle of layoutWorker.ts). */
  constructor(private readonly source: string, private readonly timeoutMs: number) {}

  /** Lays a graph out; settles with the outcome, never rejects. */
  layout(graph: ElkNodeJson): Promise<LayoutOutcome> {
    return new Promise((resolve) => {
      const job: Job = { graph, resolve };
      if (this.running) {
        this.waiting?.resolve({ kind: 'superseded' });
        this.waiting = job;
      } else this.start(job);
    });
  }

  /**
   * Starts the worker ahead of the first request: elkjs initializes while the
   * first diagram is on its way. (Warm-up layouts were tried and dropped: the
   * first layout of a small file waited for them — measured 220 ms cold vs
   * 400-750 ms behind a warm-up.)
   */
  prestart(): void {
    try {
      this.ensureWorker();
    } catch {
      // The first request reports the failure.
    }
  }

  /** Ends the worker and settles every request. */
  dispose(): void {
    this.waiting?.resolve({ kind: 'superseded' });
    this.waiting = undefined;
    if (this.running) {
      clearTimeout(this.running.timer);
      this.running.job.resolve({ kind: 'superseded' });
      this.running = undefined;
    }
    this.stopWorker();
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = undefined;
  }

  private start(job: Job): void {
    const id = this.nextId++;
    const started = performance.now();
    let worker: LayoutWorker;
    try {
      worker = this.ensureWorker();
      worker.postMessage({ id, graph: job.graph });
    } catch (e) {
      job.resolve({ kind: 'error', message: `the layout worker did not start: ${e instanceof Error ? e.message : String(e)}`, ms: 0 });
      this.stopWorker();
      this.next();
      return;
    }
    const timer = setTimeout(() => {
      // elkjs has no way to stop a layout: the worker goes, and with it the work.
      this.stopWorker();
      this.finish(id, { kind: 'timeout', ms: performance.now() - started });
    }, this.timeoutMs);
    this.running = { id, job, timer, started };
  }

  private ensureWorker(): LayoutWorker {
    if (this.worker) return this.worker;
    this.url ??= URL.createObjectURL(new Blob([this.source], { type: 'text/javascript' }));
    const Worker = (globalThis as unknown as { Worker: WorkerConstructor }).Worker;
    const worker = new Worker(this.url, { name: 'scale-layout' });
    worker.onmessage = (event) => {
      const data = event.data as { id?: unknown; ok?: unknown; graph?: unknown; ms?: unknown; error?: unknown } | null;
      if (!data || typeof data.id !== 'number') return;
      const ms = typeof data.ms === 'number' ? data.ms : performance.now() - (this.running?.started ?? performance.now());
      if (data.ok === true && data.graph && typeof data.graph === 'object') this.finish(data.id, { kind: 'laidOut', graph: data.graph as ElkNodeJson, ms });
      else this.finish(data.id, { kind: 'error', message: typeof data.error === 'string' ? data.error : 'layout failed', ms });
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const running = this.running;
      this.stopWorker();
      if (running) this.finish(running.id, { kind: 'error', message: event.message || 'the layout worker failed', ms: performance.now() - running.started });
    };
    this.worker = worker;
    return worker;
  }

  private stopWorker(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }

  private finish(id: number, outcome: LayoutOutcome): void {
    const running = this.running;
    if (!running || running.id !== id) return; // a late answer of a worker that timed out
    clearTimeout(running.timer);
    this.running = undefined;
    running.job.resolve(outcome);
    this.next();
  }

  private next(): void {
    const job = this.waiting;
    this.waiting = undefined;
    if (job) this.start(job);
  }
}
