/**
 * The saturation chart's simulated points: the scenario engine run with no
 * fault at a few multiples of the file's peak (as a scenario's own
 * `workload.peakRps` would run it), each component's busiest node's
 * utilization read from the run's capacity figures. The same seed gives the
 * same points in the CLI's report and in the panel's worker.
 */
import { Scenario } from '../model/schema';
import type { ScenarioNode, Topology } from '../model/topology';
import { runScenario } from './runScenario';

/** What one run at a multiple measured. */
export interface SaturationPoint {
  multiple: number;
  /** Utilization of each asked component's binding resource on its busiest node (1 = saturated), in the order asked; null when the run has no figure for it. */
  utilization: (number | null)[];
  /** Share of all requests the run refused (past some capacity). */
  rejected: number;
}

/** Runs the simulation at each multiple (the caller bounds how many) and reads `ids`' utilizations; a multiple whose workload the format refuses is left out. */
export function saturationPoints(topology: Topology, ids: readonly string[], multiples: readonly number[], seed: number): SaturationPoint[] {
  const peak = topology.file.workload.peakRps;
  // The runs' scenarios are held apart from the file's: indices past any the file can have.
  const first = topology.scenarios.reduce((n, s) => Math.max(n, s.index + 1), 0);
  const scenarios: ScenarioNode[] = [];
  const at: number[] = [];
  for (const m of multiples) {
    const data = Scenario.safeParse({ name: `saturation at ${m}×`, seed, workload: { peakRps: peak * m } });
    if (!data.success) continue;
    const index = first + scenarios.length;
    scenarios.push({ index, data: data.data, path: ['scenarios', index], faults: [] });
    at.push(m);
  }
  const runs: Topology = { ...topology, scenarios };
  return scenarios.map((s, k) => {
    const r = runScenario(runs, s.index, { seed });
    const tiers = new Map(r.capacity.tiers.map((t) => [t.component, t.utilization]));
    const total = r.requests.total;
    return { multiple: at[k]!, utilization: ids.map((id) => tiers.get(id) ?? null), rejected: total.generated > 0 ? total.rejected / total.generated : 0 };
  });
}
