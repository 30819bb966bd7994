/**
 * Figures kept with a load model: worked out once per model, not shared with
 * a copy of it, and freed with it by a minor collection (in a WeakMap keyed
 * by the model they survived every minor collection, and every check's
 * figures were promoted to the old generation).
 */
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { availabilityOf } from '../../../src/core/availability/availability';
import { requestGraphOf } from '../../../src/core/availability/requestGraph';
import { checkText } from '../../../src/core/check';
import { latencyOf } from '../../../src/core/latency/latency';
import { headroomOf } from '../../../src/core/load/headroom';
import { perLoadModel } from '../../../src/core/load/perLoadModel';
import { callRates } from '../../../src/core/load/traffic';
import { generateTopology } from '../../bench/generateTopology';

const checked = checkText(generateTopology(50), { rules: [] });
const topology = checked.topology!;
const load = checked.load!;

/** A minor (young-generation) collection. */
function minorGc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as (options: { type: string }) => void)({ type: 'minor' });
}

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
    const figures = () => {
      for (let i = 0; i < 20; i++) {
        const model = { ...load };
        availabilityOf(topology, model).entries();
        latencyOf(topology, model).entries();
      }
    };
    figures();
    minorGc();
    minorGc();
    const before = process.memoryUsage().heapUsed;
    figures();
    const made = process.memoryUsage().heapUsed - before;
    // Twice: what survives one minor collection is kept in the young generation until the next.
    minorGc();
    minorGc();
    const kept = process.memoryUsage().heapUsed - before;
    // Kept in a WeakMap keyed by the model, a quarter of it survived; kept with the model, a few percent.
    assert.ok(kept < made / 8, `${kept} of ${made} bytes kept`);
  });
});
