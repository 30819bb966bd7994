/**
 * Runs a scenario off the server's request path: in a worker thread started
 * from this same bundle, so typing stays responsive while a simulation runs.
 * A run that takes too long is stopped and reported.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { describeBudget, runScenario } from '../core/sim/scenario/index';
import { checkText } from '../core/check';
import { formatResults } from '../cli/simulate';

/** What a run gives the client: a one-line summary, the full report, and whether every budget held. */
export interface ScenarioRunResult {
  summary: string;
  text: string;
  held: boolean;
}

/** Longest a scenario may run in the worker. */
const RUN_TIMEOUT_MS = 30_000;

interface RunRequest {
  text: string;
  index: number;
  seed: number;
  file: string;
}

/** Runs one scenario of a document's text; the same result as `scale simulate --seed`. */
export function runScenarioInProcess(req: RunRequest): ScenarioRunResult {
  const { topology, findings } = checkText(req.text);
  if (!topology) {
    const first = findings.find((f) => f.severity === 'error');
    throw new Error(`the file does not validate${first ? `: ${first.message}` : ''}`);
  }
  const node = topology.scenarios.find((s) => s.index === req.index);
  if (!node) throw new Error(`scenario #${req.index + 1} is not valid: fix its findings first`);
  const result = runScenario(topology, req.index, { seed: req.seed });
  const violated = result.budgets.filter((b) => !b.held);
  const summary = result.budgets.length === 0
    ? `Scenario "${result.scenario}" ran (seed ${result.seed}); it declares no budgets.`
    : violated.length === 0
      ? `Scenario "${result.scenario}": all ${result.budgets.length} budgets held (seed ${result.seed}).`
      : `Scenario "${result.scenario}": ${violated.map((b) => describeBudget(b)).join('; ')}.`;
  return { summary, text: formatResults(req.file, [result], topology.file.scenarios.length), held: violated.length === 0 };
}

/** Runs a scenario in a worker thread. */
export function runScenarioOffThread(text: string, index: number, seed: number, file: string): Promise<ScenarioRunResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { scaleScenario: { text, index, seed, file } satisfies RunRequest } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`the scenario did not finish within ${RUN_TIMEOUT_MS / 1000} s`));
    }, RUN_TIMEOUT_MS);
    worker.once('message', (m: { ok: true; result: ScenarioRunResult } | { ok: false; error: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (m.ok) resolve(m.result);
      else reject(new Error(m.error));
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** In a worker started by runScenarioOffThread: run, answer, and let the thread end. */
export function serveWorker(): boolean {
  const req = (workerData as { scaleScenario?: RunRequest } | null)?.scaleScenario;
  if (isMainThread || !req || !parentPort) return false;
  try {
    parentPort.postMessage({ ok: true, result: runScenarioInProcess(req) });
  } catch (e) {
    parentPort.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
  }
  return true;
}
