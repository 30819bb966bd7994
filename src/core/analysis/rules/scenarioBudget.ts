/**
 * scenario-budget: runs the file's scenarios through the simulation core
 * (deterministic: each scenario's own seed, else 1) and reports each `expect`
 * budget the outcome exceeds, at that budget's value.
 */
import { budgetViolations, runAllScenarios } from '../../sim/scenario/index';
import type { Rule, RuleFinding } from '../rule';

/** The rule. */
export const scenario_budget: Rule = {
  id: 'scenario-budget',
  run(ctx) {
    const withBudgets = ctx.topology.scenarios.some((s) => s.data.expect && Object.keys(s.data.expect).length > 0);
    if (!withBudgets) return [];
    const out: RuleFinding[] = [];
    for (const v of budgetViolations(runAllScenarios(ctx.topology))) {
      const range = ctx.locator.valueRange(v.path) ?? ctx.locator.nearestRange(v.path).range;
      const related = ctx.locator.valueRange([...v.path.slice(0, 2), 'name']);
      out.push({
        message: v.message,
        path: v.path,
        range,
        ...(related ? { related: [{ message: 'the scenario', path: [...v.path.slice(0, 2), 'name'], range: related }] } : {}),
        data: Object.fromEntries(Object.entries(v.data).filter((e): e is [string, number | string | boolean] => e[1] !== undefined)),
      });
    }
    return out;
  },
};
