/**
 * The benchmarks' generated topologies: the base wiring and the denser one
 * (1.5 calls per component, as designs met in practice make) are valid
 * designs with every call resolved, so the benches time a clean check.
 */
import assert from 'node:assert/strict';
import { checkText } from '../../src/core/check';
import { DENSE, generateTopology } from '../bench/generateTopology';

function callsPerComponent(text: string): number {
  const components = Object.values(JSON.parse(text).components) as { calls?: unknown[] }[];
  return components.reduce((n, c) => n + (c.calls?.length ?? 0), 0) / components.length;
}

describe('generated topologies', () => {
  for (const size of [200, 1000]) {
    it(`make about 1.1 calls per component, or 1.5 when dense, at ${size} components, with no findings`, () => {
      const base = generateTopology(size);
      const dense = generateTopology(size, DENSE);
      assert.ok(Math.abs(callsPerComponent(base) - 1.1) < 0.05, `${callsPerComponent(base)}`);
      assert.ok(callsPerComponent(dense) >= 1.5 && callsPerComponent(dense) < 1.52, `${callsPerComponent(dense)}`);
      assert.deepEqual(checkText(dense).findings.map((f) => `${f.ruleId}: ${f.message}`), []);
      assert.deepEqual(checkText(base).findings.map((f) => `${f.ruleId}: ${f.message}`), []);
    });
  }
});
