/**
 * Simulations off the server's request and validation paths, in worker
 * threads started from this same bundle, so typing stays responsive while
 * they run: one scenario on request (scale/runScenario), and the scenario
 * budgets of each validated text. A run that takes too long is stopped and
 * reported.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { describeBudget, runScenario } from '../core/scenario/index';
import { checkText, scenarioBudgetFindings } from '../core/check';
import type { Finding } from '../core/findings';
import { type ImportSnapshot, replayedImports } from '../core/model/imports';
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
  /** The imports as the server read them: the worker has no files (and must not read others). */
  imports?: ImportSnapshot;
}

/** Runs one scenario of a document's text; the same result as `scale simulate --seed`. */
export function runScenarioInProcess(req: RunRequest): ScenarioRunResult {
  // Only the topology is wanted: the check's own scenario budgets would simulate every scenario first.
  const { topology, findings } = checkText(req.text, { scenarioBudgets: false, imports: replayedImports(req.imports) });
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

/** Runs a scenario in a worker thread, with the imports the server read for the text. */
export function runScenarioOffThread(text: string, index: number, seed: number, file: string, imports?: ImportSnapshot): Promise<ScenarioRunResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { scaleScenario: { text, index, seed, file, ...(imports ? { imports } : {}) } satisfies RunRequest } });
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

/** Longest the scenario budgets of one text may run in the worker; past it the run is stopped and reported. */
const BUDGET_RUN_TIMEOUT_MS = 10_000;

interface BudgetJob {
  id: number;
  key: string;
  text: string;
  seed: number | undefined;
  imports: ImportSnapshot | undefined;
  resolve: (findings: Finding[] | undefined) => void;
}

/**
 * Runs the scenario budgets of documents in a worker thread, off the server's
 * validation path: one run at a time, in the order asked; a newer text of the
 * same document supersedes its older one (a run in progress is stopped, the
 * worker restarted); a run past BUDGET_RUN_TIMEOUT_MS is stopped and gives an
 * internal-error finding instead.
 */
export class ScenarioBudgetRunner {
  private worker: Worker | undefined;
  private running: (BudgetJob & { timer: ReturnType<typeof setTimeout> }) | undefined;
  private readonly queue = new Map<string, BudgetJob>();
  private nextId = 0;

  /**
   * The scenario-budget findings of `text` (before severity settings; `seed`:
   * the project's, as a check takes it; `imports`: the files its check
   * read), or undefined when a newer text of `key` superseded it.
   */
  run(key: string, text: string, seed?: number, imports?: ImportSnapshot): Promise<Finding[] | undefined> {
    this.cancel(key);
    return new Promise((resolve) => {
      this.queue.set(key, { id: ++this.nextId, key, text, seed, imports, resolve });
      this.next();
    });
  }

  /** Drops the run of `key`, queued or in progress. */
  cancel(key: string): void {
    const queued = this.queue.get(key);
    if (queued) {
      this.queue.delete(key);
      queued.resolve(undefined);
    }
    if (this.running?.key === key) this.stop(undefined);
  }

  private next(): void {
    if (this.running) return;
    const job = this.queue.values().next().value;
    if (!job) return;
    this.queue.delete(job.key);
    const worker = (this.worker ??= this.start());
    const timer = setTimeout(() => this.stop([timedOut()]), BUDGET_RUN_TIMEOUT_MS);
    this.running = { ...job, timer };
    worker.postMessage({ id: job.id, text: job.text, seed: job.seed, imports: job.imports } satisfies BudgetRequest);
  }

  private start(): Worker {
    const worker = new Worker(__filename, { workerData: { scaleBudgets: true } });
    worker.on('message', (m: BudgetReply) => {
      if (m.id !== this.running?.id) return;
      this.finish(m.findings);
    });
    worker.on('error', (e) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.finish([failed(e instanceof Error ? e.message : String(e))]);
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
    });
    // The server may exit while a run is on: the worker does not keep it alive.
    worker.unref();
    return worker;
  }

  private finish(findings: Finding[] | undefined): void {
    const job = this.running;
    if (!job) return;
    clearTimeout(job.timer);
    this.running = undefined;
    job.resolve(findings);
    this.next();
  }

  /** Stops the run in progress (terminating the worker) and answers it with `findings`. */
  private stop(findings: Finding[] | undefined): void {
    if (!this.running) return;
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    this.finish(findings);
  }
}

interface BudgetRequest {
  id: number;
  text: string;
  seed: number | undefined;
  imports: ImportSnapshot | undefined;
}

interface BudgetReply {
  id: number;
  findings: Finding[];
}

function timedOut(): Finding {
  return failed(`its scenarios took longer than ${BUDGET_RUN_TIMEOUT_MS / 1000} s to simulate and were stopped`);
}

/** The finding of a run that did not give its own, as a check reports a rule that failed. */
function failed(why: string): Finding {
  return { ruleId: 'internal-error', severity: 'error', message: `Rule scenario-budget failed on this file (${why}); the other rules still ran`, path: [], range: { offset: 0, length: 0 }, data: { rule: 'scenario-budget' } };
}

/** In a worker started here: run a scenario, answer, and let the thread end; or run scenario budgets as long as asked. */
export function serveWorker(): boolean {
  if (isMainThread || !parentPort) return false;
  const port = parentPort;
  if ((workerData as { scaleBudgets?: boolean } | null)?.scaleBudgets) {
    port.on('message', (m: BudgetRequest) => {
      let findings: Finding[];
      try {
        findings = scenarioBudgetFindings(m.text, m.seed, replayedImports(m.imports));
      } catch (e) {
        findings = [failed(e instanceof Error ? e.message : String(e))];
      }
      port.postMessage({ id: m.id, findings } satisfies BudgetReply);
    });
    return true;
  }
  const req = (workerData as { scaleScenario?: RunRequest } | null)?.scaleScenario;
  if (!req) return false;
  try {
    port.postMessage({ ok: true, result: runScenarioInProcess(req) });
  } catch (e) {
    port.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
  }
  return true;
}
