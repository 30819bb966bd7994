/**
 * Scenario budgets (the issue's "default scenarios of every example under
 * 200 ms each"): the median time of one run of each example scenario with the
 * default event budget, after warm-up, on the 2-core reference machine. The
 * detail gives the events simulated and whether the run sampled.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../src/core/check';
import { runScenario } from '../../src/core/scenario/runScenario';
import { type BenchSuite, type Figure, msPerCall } from './harness';

const EXAMPLES = path.resolve(__dirname, '../../examples');

/** The scenario suite. */
export const scenarioSuite: BenchSuite = {
  name: 'scen',
  run(): Figure[] {
    const figures: Figure[] = [];
    for (const name of fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.scale.json')).sort()) {
      const topology = checkText(fs.readFileSync(path.join(EXAMPLES, name), 'utf8')).topology;
      if (!topology) throw new Error(`${name} does not validate`);
      for (const s of topology.scenarios) {
        const result = runScenario(topology, s.index);
        const ms = msPerCall(() => runScenario(topology, s.index));
        figures.push({
          name: `${name.replace('.scale.json', '')}: ${s.data.name}`.slice(0, 62),
          value: ms,
          unit: 'ms',
          detail: `${result.events.toLocaleString('en')} events${result.sampled ? `, sampled at ${(result.sampled.rate * 100).toPrecision(3)}%` : ''}`,
          budget: { max: 200 },
        });
      }
    }
    return figures;
  },
};
