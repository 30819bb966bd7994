/**
 * The bounds on a file's scenarios and faults: every scenario costs a
 * simulation in each check, so a file may declare only so many. Scenarios and
 * faults past a bound are left out of the topology (nothing simulates them),
 * and the first one past each bound gets a `schema` finding saying so, with
 * the numbers.
 */
import type { FindingCap } from '../findingCap';
import { count } from '../text/format';
import type { JsonPath } from '../findings';
import type { NodeLocator } from './locate';
import { MAX_FAULTS, MAX_FAULTS_PER_SCENARIO, MAX_SCENARIOS, type ScenarioData } from './schema';

/** Valid scenarios with their indices in the file's `scenarios` array. */
export interface IndexedScenarios {
  scenarios: ScenarioData[];
  indices: number[];
}

/** The scenarios within the file's bounds; a finding at the first scenario or fault past each bound. */
export function boundScenarios(valid: IndexedScenarios, loc: NodeLocator, findings: FindingCap): IndexedScenarios {
  const out: IndexedScenarios = { scenarios: [], indices: [] };
  const report = (path: JsonPath, message: string) => {
    const range = loc.valueRange(path) ?? loc.nearestRange(path).range;
    if (findings.admits('schema', range.offset)) findings.add({ ruleId: 'schema', severity: 'error', message, path, range });
  };
  const declared = loc.value(['scenarios'])?.children?.length ?? valid.scenarios.length;
  if (declared > MAX_SCENARIOS) {
    report(['scenarios', MAX_SCENARIOS], `The file declares ${count(declared)} scenarios; at most ${MAX_SCENARIOS} are checked and simulated: ${thisAndAfter(declared - MAX_SCENARIOS)}`);
  }
  let faults = 0;
  for (let k = 0; k < valid.scenarios.length; k++) {
    const index = valid.indices[k]!;
    if (index >= MAX_SCENARIOS) break;
    let scenario = valid.scenarios[k]!;
    const path: JsonPath = ['scenarios', index, 'faults'];
    if (scenario.faults.length > MAX_FAULTS_PER_SCENARIO) {
      const over = scenario.faults.length - MAX_FAULTS_PER_SCENARIO;
      report([...path, MAX_FAULTS_PER_SCENARIO], `Scenario "${scenario.name}" has ${count(scenario.faults.length)} faults; at most ${MAX_FAULTS_PER_SCENARIO} per scenario are simulated: ${thisAndAfter(over)}`);
      scenario = { ...scenario, faults: scenario.faults.slice(0, MAX_FAULTS_PER_SCENARIO) };
    }
    if (faults + scenario.faults.length > MAX_FAULTS) {
      const left = valid.scenarios.length - k - 1;
      report([...path, MAX_FAULTS - faults], `The scenarios' faults pass ${MAX_FAULTS} per file here: this scenario${left > 0 ? ` and the ${count(left)} after it are` : ' is'} not simulated`);
      break;
    }
    faults += scenario.faults.length;
    out.scenarios.push(scenario);
    out.indices.push(index);
  }
  return out;
}

/** "this one is not", "this one and the 4 after it are not". */
function thisAndAfter(n: number): string {
  return n === 1 ? 'this one is not' : `this one and the ${count(n - 1)} after it are not`;
}
