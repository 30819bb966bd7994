/**
 * The rate each call carries at peak: computed once per load model from the
 * caller's load and the call's factors, and read by the rules and the diagram
 * alike (the single-point-of-failure rule's region callers and the diagram's
 * edge labels each recomputed every caller's call factors).
 */
import assert from 'node:assert/strict';
import { checkText } from '../../../src/core/check';
import { edgeRates } from '../../../src/core/diagram/elkGraph';
import { callFactors, callRates, MAX_RATE } from '../../../src/core/load/traffic';
import { DENSE, generateTopology } from '../../bench/generateTopology';

describe('the rate of each call', () => {
  const checked = checkText(generateTopology(300, DENSE));
  const topology = checked.topology!;
  const model = checked.load!;

  it('is the caller\'s reads and writes through the call\'s factors, times its fan-out, for every call', () => {
    const rates = callRates(topology, model);
    const cycles = new Set(model.cycleEdges);
    assert.equal(rates.size, topology.edges.length);
    for (const node of topology.components.values()) {
      const load = model.loads.get(node.id)!;
      for (const [e, q] of callFactors(topology, node, cycles)) assert.equal(rates.get(e), (load.reads * q.read + load.writes * q.write) * e.fanout);
    }
  });

  it('is computed once per model, and the diagram labels it capped', () => {
    assert.equal(callRates(topology, model), callRates(topology, model));
    const labels = edgeRates(topology, model);
    for (const [e, rps] of callRates(topology, model)) assert.equal(labels.get(e), Math.min(MAX_RATE, rps));
  });
});
