/**
 * Figures kept with a load model: worked out once per model, not shared with
 * a copy of it, and freed with it by a minor collection (in a WeakMap keyed
 * by the model they survived every minor collection, and every check's
 * figures were promoted to the old generation). The collections are measured
 * in a process of their own (test/support/loadModelSurvival.ts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { availabilityOf } from '../../../src/core/availability/availability';
import { requestGraphOf } from '../../../src/core/availability/requestGraph';
import { checkText } from '../../../src/core/check';
import { latencyOf } from '../../../src/core/latency/latency';
import { headroomOf } from '../../../src/core/load/headroom';
import { perLoadModel } from '../../../src/core/load/perLoadModel';
import { callRates } from '../../../src/core/load/traffic';
import { generateTopology } from '../../bench/generateTopology';

const ROOT = path.join(__dirname, '..', '..', '..');
const checked = checkText(generateTopology(50), { rules: [] });
const topology = checked.topology!;
const load = checked.load!;

describe('figures kept with a load model', () => {
  it('works each out once per model, and afresh for a copy of it', () => {
    let made = 0;
    const figure = perLoadModel(() => ({ n: ++made }));
    const copy = { ...load };
    assert.equal(figure(topology, load), figure(topology, load));
    assert.notEqual(figure(topology, copy), figure(topology, load));
    assert.equal(made, 2);
    for (const of of [requestGraphOf, availabilityOf, latencyOf, headroomOf, callRates] as ((t: typeof topology, l: typeof load) => unknown)[]) {
      assert.equal(of(topology, copy), of(topology, copy));
      assert.notEqual(of(topology, { ...copy }), of(topology, copy));
    }
  });

  it('frees them with the model in a minor collection', () => {
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/support/loadModelSurvival.ts'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const { dropped, kept, held } = JSON.parse(run.stdout) as { dropped: number; kept: number; held: number };
    assert.equal(held, 100);
    // In a WeakMap keyed by the model, the figures of models dropped survived as those of models held do.
    assert.ok(dropped < kept / 3, `${dropped} bytes survived of models dropped, ${kept} of models held`);
  });
});
