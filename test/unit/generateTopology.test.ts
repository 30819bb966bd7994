/**
 * The benchmarks' generated topologies: the base wiring and the denser one
 * (1.5 calls per component, as designs met in practice make, placed in
 * regions and zones) are valid designs with every call resolved, so the
 * benches time a clean check.
 */
import assert from 'node:assert/strict';
import { checkText } from '../../src/core/check';
import { buildDiagram } from '../../src/core/diagram/diagramModel';
import { DENSE, DENSE_IN_REGIONS, generateTopology } from '../bench/generateTopology';

type Generated = { region?: string; zones?: string[]; calls?: (string | { to: string })[] };

function componentsOf(text: string): Record<string, Generated> {
  return JSON.parse(text).components;
}

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

  it('places the dense wiring in regions, each over its two zones, with workers and archives in one, and no call across regions', () => {
    const components = componentsOf(generateTopology(1000, DENSE));
    const regions = new Set<string>();
    for (const [id, c] of Object.entries(components)) {
      if (id === 'web') {
        assert.equal(c.region, undefined);
        continue;
      }
      assert.ok(c.region, id);
      regions.add(c.region);
      const zones = /^(worker|archive)-/.test(id) ? 1 : 2;
      assert.equal(c.zones?.length, zones, id);
      for (const z of c.zones!) assert.match(z, new RegExp(`^${c.region}[ab]$`), id);
      for (const call of c.calls ?? []) {
        const to = typeof call === 'string' ? call : call.to;
        assert.equal(components[to]!.region, c.region, `${id} -> ${to}`);
      }
    }
    assert.deepEqual([...regions], ['region-1', 'region-2', 'region-3']);
  });

  it('names no region in the base wiring', () => {
    assert.ok(Object.values(componentsOf(generateTopology(1000))).every((c) => c.region === undefined));
  });

  it('in regions: the same components and calls, boxed by three regions of three zones (the base wiring draws no box)', () => {
    const base = generateTopology(1000, { callsPerComponent: DENSE.callsPerComponent });
    const placed = generateTopology(1000, DENSE_IN_REGIONS);
    const idsOf = (text: string) => Object.keys(JSON.parse(text).components);
    assert.deepEqual(idsOf(placed), idsOf(base));
    assert.equal(callsPerComponent(placed), callsPerComponent(base));
    const groups = buildDiagram(checkText(placed), undefined, { maxNodes: 2000 }).groups;
    assert.deepEqual(groups.filter((g) => g.kind === 'region').map((g) => g.name), ['region-0', 'region-1', 'region-2']);
    assert.equal(groups.filter((g) => g.kind === 'zone').length, 9);
    assert.deepEqual(buildDiagram(checkText(base)).groups, []);
    // Only zone outages are found: the rest of the design is as healthy as the base wiring's.
    assert.deepEqual([...new Set(checkText(placed).findings.map((f) => f.ruleId))], ['single-point-of-failure']);
  });
});
