/**
 * Budgets: each `expect` entry of a scenario against the measured figure, in
 * the schema's order (never the file's), with the JSON path of the entry so
 * that a violation becomes a finding at its range.
 */
import type { ScenarioNode } from '../model/topology';
import { num } from './figures';
import type { BudgetMetric, BudgetResult, ScenarioMetrics, ScenarioResult } from './types';

/** Each budget: its metric, unit and measured figure. */
const METRICS: readonly { metric: BudgetMetric; unit: BudgetResult['unit']; measured: (m: ScenarioMetrics) => number; unbounded?: string }[] = [
  { metric: 'lostWrites', unit: 'count', measured: (m) => m.lostWrites },
  { metric: 'writeDowntime', unit: 'ms', measured: (m) => m.writeDowntimeMs, unbounded: 'writeDowntime' },
  { metric: 'failedRequests', unit: 'count', measured: (m) => m.failedRequests },
  { metric: 'failedRequestFraction', unit: 'fraction', measured: (m) => m.failedRequestFraction },
  { metric: 'staleReadFraction', unit: 'fraction', measured: (m) => m.staleReadFraction },
  { metric: 'keysMovedFraction', unit: 'fraction', measured: (m) => m.keysMovedFraction },
  { metric: 'maxShardLoad', unit: 'ratio', measured: (m) => m.maxShardLoad },
  { metric: 'rejectedWrites', unit: 'count', measured: (m) => m.rejectedWrites },
  { metric: 'conflictingWrites', unit: 'count', measured: (m) => m.conflictingWrites },
  { metric: 'detectionTime', unit: 'ms', measured: (m) => m.detectionTimeMs, unbounded: 'detectionTime' },
];

/** Every budget metric, in the order results list them. */
export const BUDGET_METRICS: readonly BudgetMetric[] = METRICS.map((m) => m.metric);

/** Compares each declared budget with its measured figure; `exercised` names the metrics the scenario's faults and workload produce. */
export function evaluateBudgets(scenario: ScenarioNode, metrics: ScenarioMetrics, exercised: ReadonlySet<BudgetMetric>): BudgetResult[] {
  const expect = scenario.data.expect;
  if (!expect) return [];
  const out: BudgetResult[] = [];
  for (const m of METRICS) {
    const budget = expect[m.metric];
    if (budget === undefined) continue;
    const measured = m.measured(metrics);
    const unbounded = m.unbounded !== undefined && metrics.unbounded.includes(m.unbounded);
    // A tiny tolerance for fractions computed in floating point.
    const held = !unbounded && measured <= budget + (m.unit === 'fraction' || m.unit === 'ratio' ? 1e-12 : 0);
    out.push({ metric: m.metric, budget, measured, held, path: [...scenario.path, 'expect', m.metric], unit: m.unit, unbounded, exercised: exercised.has(m.metric) });
  }
  return out;
}

/** A one-line account of a budget, for messages: "lostWrites: measured 57, budget 0". */
export function describeBudget(b: BudgetResult): string {
  const f = (x: number): string => (b.unit === 'ms' ? formatMs(x) : b.unit === 'fraction' ? formatFraction(x) : b.unit === 'ratio' ? `${round(x, 3)}x` : num(x));
  const measured = b.unbounded ? `${f(b.measured)} (still going when the run ended)` : f(b.measured);
  return `${b.metric}: measured ${measured}, budget ${f(b.budget)}${b.held ? '' : ' - violated'}`;
}

function formatMs(ms: number): string {
  if (ms < 1000) return `${round(ms, 0)} ms`;
  if (ms < 120_000) return `${round(ms / 1000, 1)} s`;
  return `${round(ms / 60_000, 1)} min`;
}

function formatFraction(x: number): string {
  const p = x * 100;
  if (p === 0) return '0%';
  if (p >= 10) return `${round(p, 1)}%`;
  if (p >= 0.1) return `${round(p, 2)}%`;
  return `${Number(p.toPrecision(2))}%`;
}

function round(x: number, digits: number): string {
  const k = Math.pow(10, digits);
  return String(Math.round(x * k) / k);
}

/** A violated budget as the scenario-budget rule reports it: the path of the `expect` entry, a message with both figures, and the figures as data. */
export interface BudgetViolation {
  path: BudgetResult['path'];
  message: string;
  data: Record<string, number | string | boolean>;
}

/**
 * The violated budgets of scenario results, ready to become scenario-budget
 * findings at each entry's range. A figure measured on a sample says so, and
 * why when the scenario ran on its share of a check's events.
 */
export function budgetViolations(results: readonly (Pick<ScenarioResult, 'scenario' | 'budgets'> & Partial<Pick<ScenarioResult, 'sampled' | 'budgetShare'>>)[]): BudgetViolation[] {
  const out: BudgetViolation[] = [];
  for (const r of results) {
    const share = r.sampled && r.budgetShare && r.budgetShare.events < r.budgetShare.own ? r.budgetShare : undefined;
    const sampled = !r.sampled ? ''
      : `; sampled, ${formatFraction(r.sampled.rate)} of the events simulated${share ? ` (a check simulates ${num(share.total)} events for its ${num(share.scenarios)} scenarios, ${num(share.events)} for this one; scale simulate runs it in full)` : ''}`;
    for (const b of r.budgets) {
      if (b.held) continue;
      out.push({
        path: b.path,
        message: `Scenario "${r.scenario}": ${describeBudget(b)}${sampled}`,
        data: {
          metric: b.metric, budget: b.budget, measured: b.measured, unbounded: b.unbounded,
          ...(r.sampled ? { sampleRate: r.sampled.rate } : {}),
          ...(share ? { eventBudget: share.events } : {}),
        },
      });
    }
  }
  return out;
}
