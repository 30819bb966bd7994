/**
 * scenario-budget: runs the file's scenarios through the simulation core
 * (deterministic: each scenario's own seed, else the project's, else 1) and reports each `expect`
 * budget the outcome exceeds, at that budget's value. The scenarios share one
 * event budget per check, so a check takes bounded time however many there are.
 */
import type { Topology } from '../../model/topology';
import { type BudgetViolation, budgetViolations, runAllScenarios, type ScenarioResult } from '../../scenario/index';
import type { Rule, RuleFinding } from '../rule';

/**
 * Events the scenarios of one check simulate together. The examples' scenarios
 * all run in full within it (the largest takes its own 100,000), so a check
 * and `scale simulate` agree on them; more scenarios share it, and those held
 * below their own budget say so when they sampled.
 */
export const CHECK_EVENT_BUDGET = 300_000;

/** Whether any scenario of a topology declares a budget: without one there is nothing to run. */
export function holdsBudgets(topology: Topology): boolean {
  return topology.scenarios.some((s) => s.data.expect && Object.keys(s.data.expect).length > 0);
}

/** The scenario runs of a check: every scenario, within the check's shared event budget. */
export function checkScenarioRuns(topology: Topology, seed?: number): ScenarioResult[] {
  return runAllScenarios(topology, { totalEventBudget: CHECK_EVENT_BUDGET, ...(seed !== undefined ? { seed } : {}) });
}

/**
 * The violations of the last few topologies, by everything a run reads. The
 * runs are this rule's whole cost (tens of milliseconds on the examples, the
 * rest of a check is a few), and most edits while typing (a description, a
 * rule's severity, spacing, a half-typed key that does not parse yet) leave
 * the topology as it was: a run is a pure function of it, so its outcome is
 * reused. A topology is keyed by its data, not by identity: each check builds
 * a new one.
 */
const MEMO_SIZE = 4;
const memo = new Map<string, readonly BudgetViolation[]>();

function violationsOf(topology: Topology, seed: number | undefined): readonly BudgetViolation[] {
  const key = `${seed ?? ''}\n${JSON.stringify(topology.file)}\n${[...topology.invalidComponents].join()}\n${topology.scenarios.map((s) => s.index).join()}`;
  const hit = memo.get(key);
  if (hit) {
    memo.delete(key);
    memo.set(key, hit);
    return hit;
  }
  const violations = budgetViolations(checkScenarioRuns(topology, seed));
  memo.set(key, violations);
  if (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value!);
  return violations;
}

/** The rule. */
export const scenario_budget: Rule = {
  id: 'scenario-budget',
  run(ctx) {
    if (!holdsBudgets(ctx.topology)) return [];
    const out: RuleFinding[] = [];
    for (const v of violationsOf(ctx.topology, ctx.seed)) {
      const range = ctx.locator.valueRange(v.path) ?? ctx.locator.nearestRange(v.path).range;
      const related = ctx.locator.valueRange([...v.path.slice(0, 2), 'name']);
      out.push({
        message: v.message,
        path: [...v.path],
        range,
        ...(related ? { related: [{ message: 'the scenario', path: [...v.path.slice(0, 2), 'name'], range: related }] } : {}),
        data: Object.fromEntries(Object.entries(v.data).filter((e): e is [string, number | string | boolean] => e[1] !== undefined)),
      });
    }
    return out;
  },
};
