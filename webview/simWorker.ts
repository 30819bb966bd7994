/**
 * The simulation worker: runs the core's scenario engine off the webview's
 * main thread, inlined like the layout worker and started from a Blob URL.
 * It runs the same functions as `scale simulate`, so the same text and seed
 * give the same results.
 *
 * Protocol (workerRunner.ts): { id, job: SimJob } in; { id, ok: true, value: SimAnswer, ms } or { id, ok: false, error } out.
 */
// First: zod must be jitless before any schema is created (the worker has the page's CSP).
import './zodJitless';
import { NotSimulated, runFileScenarios, runSaturation, runWhatIf, type SaturationRun, type ScenarioRuns, type WhatIfInput, type WhatIfResult } from '../src/core/whatIf/whatIf';
import type { ImportSnapshot } from '../src/core/model/imports';

/** A job for the worker; `imports`: the files the text's imports read where it was checked (the worker reads none). */
export type SimJob =
  | { kind: 'scenarios'; text: string; seed: number; indices?: number[]; imports?: ImportSnapshot }
  | { kind: 'whatIf'; text: string; input: WhatIfInput; imports?: ImportSnapshot }
  | { kind: 'saturation'; text: string; seed: number; imports?: ImportSnapshot };

/** The worker's answer: the run, or why the file cannot be simulated. */
export type SimAnswer =
  | ({ kind: 'scenarios' } & ScenarioRuns)
  | ({ kind: 'whatIf' } & WhatIfResult)
  | ({ kind: 'saturation' } & SaturationRun)
  | { kind: 'notSimulated'; reason: string };

interface WorkerScope {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event: MessageEvent) => {
  const data = event.data as { id?: unknown; job?: SimJob } | null;
  const id = typeof data?.id === 'number' ? data.id : -1;
  const started = performance.now();
  try {
    const job = data?.job;
    if (!job || typeof job.text !== 'string') throw new Error('no simulation job');
    const value: SimAnswer = job.kind === 'scenarios'
      ? { kind: 'scenarios', ...runFileScenarios(job.text, job.seed, job.indices, job.imports) }
      : job.kind === 'saturation'
        ? { kind: 'saturation', ...runSaturation(job.text, job.seed, job.imports) }
        : { kind: 'whatIf', ...runWhatIf(job.text, job.input, job.imports) };
    scope.postMessage({ id, ok: true, value, ms: performance.now() - started });
  } catch (e) {
    if (e instanceof NotSimulated) scope.postMessage({ id, ok: true, value: { kind: 'notSimulated', reason: e.message } satisfies SimAnswer, ms: performance.now() - started });
    else scope.postMessage({ id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
};
