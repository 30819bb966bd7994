/**
 * Runs jobs in an inline Web Worker (started from a Blob of its bundled
 * source), one at a time, latest wins: a request made while one runs waits,
 * and replaces any request already waiting (its promise settles with
 * `superseded`). A job that takes longer than its timeout ends the worker
 * (neither elkjs nor the simulation can be interrupted otherwise); the next
 * request starts a fresh one. The layout and the simulation use it.
 *
 * Protocol with the worker: { id, job } in; { id, ok: true, value, ms } or
 * { id, ok: false, error } out.
 */

/** How a job ended. */
export type WorkerOutcome<R> =
  | { kind: 'done'; value: R; ms: number }
  | { kind: 'timeout'; ms: number }
  | { kind: 'error'; message: string; ms: number }
  | { kind: 'superseded' };

/** The part of a Web Worker the runner uses (typed structurally, so that tests run it on Node with a stand-in). */
interface InlineWorker {
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string; preventDefault(): void }) => void) | null;
  postMessage(message: unknown): void;
  terminate(): void;
}
type WorkerConstructor = new (url: string, options?: { name?: string }) => InlineWorker;

interface Job<J, R> {
  job: J;
  timeoutMs: number;
  resolve(outcome: WorkerOutcome<R>): void;
}

/** A worker started from a Blob of its inlined source, running jobs of type J that answer R. */
export class WorkerRunner<J, R> {
  private worker: InlineWorker | undefined;
  private url: string | undefined;
  private running: { id: number; job: Job<J, R>; timer: ReturnType<typeof setTimeout>; started: number } | undefined;
  private waiting: Job<J, R> | undefined;
  private nextId = 1;

  /** `source`: the worker's script (an inlined bundle); `name`: the worker's name, also in messages. */
  constructor(private readonly source: string, private readonly timeoutMs: number, private readonly name: string) {}

  /** Runs a job; settles with the outcome, never rejects. */
  run(job: J, timeoutMs = this.timeoutMs): Promise<WorkerOutcome<R>> {
    return new Promise((resolve) => {
      const entry: Job<J, R> = { job, timeoutMs, resolve };
      if (this.running) {
        this.waiting?.resolve({ kind: 'superseded' });
        this.waiting = entry;
      } else this.start(entry);
    });
  }

  /** Starts the worker ahead of the first request, so that it initializes while the first job is on its way. */
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

  private start(entry: Job<J, R>): void {
    const id = this.nextId++;
    const started = performance.now();
    let worker: InlineWorker;
    try {
      worker = this.ensureWorker();
      worker.postMessage({ id, job: entry.job });
    } catch (e) {
      entry.resolve({ kind: 'error', message: `the ${this.name} worker did not start: ${e instanceof Error ? e.message : String(e)}`, ms: 0 });
      this.stopWorker();
      this.next();
      return;
    }
    const timer = setTimeout(() => {
      // The work cannot be stopped from outside: the worker goes, and with it the work.
      this.stopWorker();
      this.finish(id, { kind: 'timeout', ms: performance.now() - started });
    }, entry.timeoutMs);
    this.running = { id, job: entry, timer, started };
  }

  private ensureWorker(): InlineWorker {
    if (this.worker) return this.worker;
    this.url ??= URL.createObjectURL(new Blob([this.source], { type: 'text/javascript' }));
    const Worker = (globalThis as unknown as { Worker: WorkerConstructor }).Worker;
    const worker = new Worker(this.url, { name: `scale-${this.name}` });
    worker.onmessage = (event) => {
      const data = event.data as { id?: unknown; ok?: unknown; value?: unknown; ms?: unknown; error?: unknown } | null;
      if (!data || typeof data.id !== 'number') return;
      const ms = typeof data.ms === 'number' ? data.ms : performance.now() - (this.running?.started ?? performance.now());
      if (data.ok === true && data.value && typeof data.value === 'object') this.finish(data.id, { kind: 'done', value: data.value as R, ms });
      else this.finish(data.id, { kind: 'error', message: typeof data.error === 'string' ? data.error : `the ${this.name} failed`, ms });
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const running = this.running;
      this.stopWorker();
      if (running) this.finish(running.id, { kind: 'error', message: event.message || `the ${this.name} worker failed`, ms: performance.now() - running.started });
    };
    this.worker = worker;
    return worker;
  }

  private stopWorker(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }

  private finish(id: number, outcome: WorkerOutcome<R>): void {
    const running = this.running;
    if (!running || running.id !== id) return; // a late answer of a worker that timed out
    clearTimeout(running.timer);
    this.running = undefined;
    running.job.resolve(outcome);
    this.next();
  }

  private next(): void {
    const entry = this.waiting;
    this.waiting = undefined;
    if (entry) this.start(entry);
  }
}
