/**
 * The scenario engine's public face: run a scenario (or all of a file's) to
 * plain data, and the types of what comes back.
 */
export { DEFAULT_EVENT_BUDGET, runAllScenarios, runScenario } from './runScenario';
export { DEFAULT_SEED, scenarioSeed } from './scenarioSeed';
export { BUDGET_METRICS, type BudgetViolation, budgetViolations, describeBudget } from './budgets';
export type * from './types';
