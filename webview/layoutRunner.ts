/**
 * Runs layouts in the inline layout worker (elkjs), through the shared
 * worker runner: one at a time, latest wins, a timeout that ends the worker.
 */
import type { ElkNodeJson } from '../src/core/diagram/elkGraph';
import { WorkerRunner } from './workerRunner';

/** How a layout request ended. */
export type LayoutOutcome =
  | { kind: 'laidOut'; graph: ElkNodeJson; ms: number }
  | { kind: 'timeout'; ms: number }
  | { kind: 'error'; message: string; ms: number }
  | { kind: 'superseded' };

/** A layout worker started from a Blob of its inlined source. */
export class LayoutRunner {
  private readonly runner: WorkerRunner<ElkNodeJson, ElkNodeJson>;

  /** `source`: the worker's script (the inlined bundle of layoutWorker.ts). */
  constructor(source: string, timeoutMs: number) {
    this.runner = new WorkerRunner(source, timeoutMs, 'layout');
  }

  /** Lays a graph out; settles with the outcome, never rejects. */
  async layout(graph: ElkNodeJson): Promise<LayoutOutcome> {
    const outcome = await this.runner.run(graph);
    return outcome.kind === 'done' ? { kind: 'laidOut', graph: outcome.value, ms: outcome.ms } : outcome;
  }

  /**
   * Starts the worker ahead of the first request: elkjs initializes while the
   * first diagram is on its way. (Warm-up layouts were tried and dropped: the
   * first layout of a small file waited for them — measured 220 ms cold vs
   * 400-750 ms behind a warm-up.)
   */
  prestart(): void {
    this.runner.prestart();
  }

  /** Ends the worker and settles every request. */
  dispose(): void {
    this.runner.dispose();
  }
}
