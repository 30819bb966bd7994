/**
 * The one rule for which seed a scenario runs with, wherever it runs (the
 * CLI's simulate and report, the language server, the diagram's simulation
 * panel): the scenario's own `seed` wins; the seed the run was given (the
 * editor's `scale.simulationSeed`, `--seed`) seeds only the scenarios that
 * name none; without either, DEFAULT_SEED.
 */

/** The seed when neither the scenario nor the run names one. */
export const DEFAULT_SEED = 1;

/** The seed a scenario runs with, as the engine reads it (an unsigned 32-bit whole number). */
export function scenarioSeed(scenario: { seed?: number }, given?: number): number {
  return (scenario.seed ?? given ?? DEFAULT_SEED) >>> 0;
}
