/**
 * Golden outputs: the JSON results of every example's scenarios, as
 * `scale simulate --format json` computes them (each scenario's own seed,
 * else seed 1), pinned in test/fixtures/golden/<example>.json. Any change to
 * the simulation, the load model or an example shows up here as a diff to
 * review. To accept an intended change, regenerate the files and commit them:
 *
 *   UPDATE_GOLDEN=1 npx mocha --no-config --node-option import=tsx --extension ts test/unit/sim/scenarioGolden.test.ts
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runAllScenarios } from '../../../src/core/scenario/runScenario';
import { EXAMPLES, exampleFiles, topologyOf } from './scenarioHelpers';

const GOLDEN = path.resolve(__dirname, '../../fixtures/golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

describe('scenario golden outputs', function () {
  this.timeout(60_000);
  for (const name of exampleFiles()) {
    const golden = path.join(GOLDEN, name.replace(/\.scale\.json$/, '.json'));
    it(`${name} matches ${path.relative(path.resolve(__dirname, '../../..'), golden)}`, () => {
      const results = runAllScenarios(topologyOf(fs.readFileSync(path.join(EXAMPLES, name), 'utf8'), path.join(EXAMPLES, name)));
      const actual = `${JSON.stringify(results, null, 2)}\n`;
      if (UPDATE) {
        fs.mkdirSync(GOLDEN, { recursive: true });
        fs.writeFileSync(golden, actual);
        return;
      }
      assert.ok(fs.existsSync(golden), `no golden file ${golden}: run with UPDATE_GOLDEN=1 to create it`);
      const expected = fs.readFileSync(golden, 'utf8');
      // Compare parsed first for a readable diff, then the bytes.
      assert.deepEqual(JSON.parse(actual), JSON.parse(expected), `${name} differs from its golden output (UPDATE_GOLDEN=1 to accept)`);
      assert.equal(actual, expected);
    });
  }
});
