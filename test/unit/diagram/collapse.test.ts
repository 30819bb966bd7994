/**
 * Large topologies drawn collapsed (src/core/diagram/collapse.ts, through the
 * diagram model the webview draws): which groups collapse past the bound,
 * their counts, the calls to and from them summed from the one load model,
 * the reader's openings, and that the drawing is the same for the same input.
 */
import assert from 'node:assert/strict';
import ELK from 'elkjs/lib/elk.bundled.js';
import { checkText } from '../../../src/core/check';
import { buildDiagram, type DiagramModel, type DiagramView, mapDiagramRanges } from '../../../src/core/diagram/diagramModel';
import { edgeRates } from '../../../src/core/diagram/elkGraph';
import { DIAGRAM_NODE_BOUND } from '../../../src/core/diagram/elkOptions';
import { DiagramData } from '../../../src/core/webviewProtocol';
import { DENSE_IN_REGIONS, generateTopology } from '../../bench/generateTopology';

const svc = (zone: string, region: string, calls: string[] = []) => ({ kind: 'service', instances: 2, region, zones: [zone], calls });
/** Two regions: east with zones east-a (3 components) and east-b (2), west with west-a (4); balancers spread over two zones sit in their region's box. */
const components: Record<string, unknown> = {
  web: { kind: 'client', calls: [{ to: 'lb-east', share: 0.3 }, { to: 'lb-east-2', share: 0.3 }, { to: 'lb-west', share: 0.4 }] },
  'lb-east': { kind: 'loadBalancer', instances: 2, region: 'east', zones: ['east-a', 'east-b'], calls: ['svc-1'] },
  'lb-east-2': { kind: 'loadBalancer', instances: 2, region: 'east', zones: ['east-a', 'east-b'], calls: ['svc-3'] },
  'svc-1': svc('east-a', 'east', ['svc-2', 'cache-1']),
  'svc-2': svc('east-a', 'east', ['db-1', 'svc-3']),
  'db-1': { kind: 'database', region: 'east', zones: ['east-a'] },
  'svc-3': svc('east-b', 'east', ['cache-1']),
  'cache-1': { kind: 'cache', instances: 2, region: 'east', zones: ['east-b'] },
  'lb-west': { kind: 'loadBalancer', instances: 2, region: 'west', zones: ['west-a', 'west-b'], calls: ['svc-4'] },
  'svc-4': svc('west-a', 'west', ['svc-5', 'db-2']),
  'svc-5': svc('west-a', 'west', ['svc-6', 'db-2']),
  'svc-6': svc('west-a', 'west', ['db-2', 'audit']),
  'db-2': { kind: 'database', region: 'west', zones: ['west-a'] },
  audit: { kind: 'queue', instances: 3 },
};
const design = (extra: Record<string, unknown> = {}, peakRps = 1000) =>
  JSON.stringify({ version: 1, name: 'regions', workload: { peakRps, readFraction: 0.9 }, components: { ...components, ...extra } }, null, 2);

const draw = (text: string, view: DiagramView) => buildDiagram(checkText(text), undefined, view);
const titles = (m: DiagramModel) => m.collapsed?.clusters.map((c) => `${c.title}: ${c.components}`);
/** Every component is drawn or counted in a group, once. */
function assertAccounted(m: DiagramModel, total: number): void {
  assert.equal(m.nodes.length + (m.collapsed?.clusters.reduce((n, c) => n + c.components, 0) ?? 0), total);
  assert.equal(m.collapsed?.components ?? m.nodes.length, total);
}

describe('diagram: large topologies drawn collapsed', () => {
  it('within the bound nothing collapses; past it, level by level until it fits: every zone, the kinds in each box, every region', () => {
    const text = design();
    assert.equal(draw(text, { maxNodes: 14 }).collapsed, undefined);
    const cases: [number, string[], number][] = [
      [10, ['zone east-a: 3', 'zone east-b: 2', 'zone west-a: 4'], 8],
      // The zones leave 8 nodes: east's two balancers, loose in its box, are then one node of their kind.
      [7, ['kind loadBalancer: 2', 'zone east-a: 3', 'zone east-b: 2', 'zone west-a: 4'], 7],
      [5, ['region east: 7', 'region west: 5'], 4],
    ];
    for (const [bound, expected, drawn] of cases) {
      const m = draw(text, { maxNodes: bound });
      assert.deepEqual(titles(m), expected, `bound ${bound}`);
      assert.equal(m.nodes.length + m.collapsed!.clusters.length, drawn);
      assertAccounted(m, 14);
      assert.match(m.collapsed!.note, new RegExp(`^14 components, more than the ${bound} the diagram draws at once, drawn as ${drawn} nodes: `));
    }
    assert.equal(draw(text, { maxNodes: 10 }).collapsed!.note, '14 components, more than the 10 the diagram draws at once, drawn as 8 nodes: 3 zones collapsed, each drawn as one node with its counts');
    // A group's node sits in the box its members sat in: a zone, or a kind group, in its region's box.
    const m = draw(text, { maxNodes: 7 });
    const boxOf = (name: string) => m.graph!.children!.find((c) => c.id === m.groups.find((g) => g.kind === 'region' && g.name === name)!.elkId)!;
    const [lbs, , , westA] = m.collapsed!.clusters;
    assert.deepEqual({ kind: westA!.kind, name: westA!.name, region: westA!.region }, { kind: 'zone', name: 'west-a', region: 'west' });
    assert.deepEqual({ kind: lbs!.kind, name: lbs!.name, region: lbs!.region }, { kind: 'kind', name: 'loadBalancer', region: 'east' });
    assert.ok(boxOf('west').children!.some((c) => c.id === westA!.elkId));
    assert.ok(boxOf('east').children!.some((c) => c.id === lbs!.elkId));
    assert.ok(!m.groups.some((g) => g.kind === 'zone'), 'no box is drawn for a collapsed zone');
  });

  it('a group node carries its counts: components, and their findings by severity', () => {
    const text = design();
    const full = draw(text, { maxNodes: 100 });
    const m = draw(text, { maxNodes: 10 });
    const findingsOf = (ids: string[]) => {
      const sum = { error: 0, warning: 0, info: 0 };
      for (const n of full.nodes.filter((x) => ids.includes(x.id))) for (const s of ['error', 'warning', 'info'] as const) sum[s] += n.findings.counts[s];
      return sum;
    };
    const [eastA, , westA] = m.collapsed!.clusters;
    assert.deepEqual([eastA!.components, eastA!.findings], [3, findingsOf(['svc-1', 'svc-2', 'db-1'])]);
    assert.deepEqual([westA!.components, westA!.findings], [4, findingsOf(['svc-4', 'svc-5', 'svc-6', 'db-2'])]);
    assert.ok(westA!.findings.warning >= 4, 'each service in one zone is a zone outage away from failing');
    // The totals are the file's, whatever is collapsed.
    assert.deepEqual(m.totals, full.totals);
  });

  it('calls to and from a group are summed per pair of nodes, their rps added from the one load model; calls inside a group are left out', () => {
    const text = design();
    const checked = checkText(text);
    const m = buildDiagram(checked, undefined, { maxNodes: 5 });
    // What each component is drawn as: itself, or its group's node.
    const drawnAs = new Map<string, string>(m.nodes.map((n) => [n.id, n.elkId]));
    const members: Record<string, string[]> = { 'region east': ['lb-east', 'lb-east-2', 'svc-1', 'svc-2', 'db-1', 'svc-3', 'cache-1'], 'region west': ['lb-west', 'svc-4', 'svc-5', 'svc-6', 'db-2'] };
    for (const c of m.collapsed!.clusters) for (const id of members[c.title]!) drawnAs.set(id, c.elkId);
    // The expected sums, from the rates the load model gives each call.
    const rates = edgeRates(checked.topology!, checked.load!);
    const expected = new Map<string, { rps: number; calls: number }>();
    for (const e of checked.topology!.edges) {
      const from = drawnAs.get(e.from)!;
      const to = drawnAs.get(e.to)!;
      if (from === to) continue;
      const s = expected.get(`${from}>${to}`) ?? { rps: 0, calls: 0 };
      expected.set(`${from}>${to}`, { rps: s.rps + rates.get(e)!, calls: s.calls + 1 });
    }
    const actual = new Map(m.edges.map((e) => [`${e.from}>${e.to}`, { rps: e.rps!, calls: e.calls! }]));
    assert.deepEqual(actual, expected);
    assert.deepEqual([...actual.values()].map((e) => e.calls), [2, 1, 1], 'web → east (its two balancers), web → west, west → audit');
    // The edge label shows the sum, in the fixed slot of every edge label.
    const east = m.collapsed!.clusters.find((c) => c.title === 'region east')!.elkId;
    const webEast = m.edges.find((e) => e.from === drawnAs.get('web') && e.to === east)!;
    assert.equal(webEast.rps, 600);
    assert.equal(m.graph!.edges!.find((e) => e.id === webEast.elkId)!.labels![0]!.text, '600 rps');
    assert.ok(!m.edges.some((e) => e.from === e.to), 'no call drawn from a group to itself');
  });

  it('a design with no boxes collapses by kind, the largest kind first', () => {
    const flat: Record<string, unknown> = { web: { kind: 'client', calls: ['s0', 'c0'] } };
    for (let i = 0; i < 12; i++) flat[`s${i}`] = { kind: 'service', instances: 2, calls: i < 11 ? [`s${i + 1}`] : [] };
    for (let i = 0; i < 3; i++) flat[`c${i}`] = { kind: 'cache', instances: 2, calls: i < 2 ? [`c${i + 1}`] : [] };
    const text = JSON.stringify({ version: 1, workload: { peakRps: 100 }, components: flat });
    assert.deepEqual(titles(draw(text, { maxNodes: 6 })), ['kind service: 12']);
    assert.deepEqual(titles(draw(text, { maxNodes: 3 })), ['kind service: 12', 'kind cache: 3']);
    const m = draw(text, { maxNodes: 3 });
    assert.deepEqual(m.nodes.map((n) => n.id), ['web']);
    assert.deepEqual(m.edges.map((e) => e.calls), [1, 1]);
  });

  it('when even the boxes collapsed are too many, components are grouped by kind alone; the list is the last resort', () => {
    const spread: Record<string, unknown> = {};
    for (let i = 0; i < 12; i++) spread[`s${i}`] = { kind: 'service', region: `r${i}` };
    spread.q = { kind: 'queue', region: 'r0' };
    const text = JSON.stringify({ version: 1, workload: { peakRps: 100 }, components: spread });
    const m = draw(text, { maxNodes: 4 });
    assert.deepEqual(titles(m), ['kind service: 12', 'kind queue: 1']);
    assert.deepEqual(m.groups, [], 'no box is drawn');
    assert.equal(m.collapsed!.note, '13 components, more than the 4 the diagram draws at once, drawn as 2 nodes, grouped by kind alone: even collapsed, its boxes are more than 4');
    const listed = draw(text, { maxNodes: 1 });
    assert.equal(listed.graph, undefined);
    assert.equal(listed.notLaidOut, '13 components: even grouped by kind, more than the 1 nodes the diagram draws at once');
  });

  it('an opened group stays open, with the boxes it sits in, while the drawing stays within the bound; what is inside it collapses last', () => {
    const text = design();
    const base = draw(text, { maxNodes: 6 });
    assert.deepEqual(titles(base), ['region east: 7', 'region west: 5']);
    const east = base.collapsed!.clusters[0]!.key;
    const opened = draw(text, { maxNodes: 6, opened: [east] });
    // East is open, its zones collapsed, its balancers one node (to fit); west's box collapsed.
    assert.deepEqual(titles(opened), ['kind loadBalancer: 2', 'zone east-a: 3', 'zone east-b: 2', 'region west: 5']);
    assert.deepEqual(opened.collapsed!.opened, [{ key: east, title: 'region east' }]);
    // One level further down: the zone opens in its region's box, drawn whole.
    const eastA = opened.collapsed!.clusters[1]!.key;
    const deeper = draw(text, { maxNodes: 8, opened: [east, eastA] });
    assert.ok(['svc-1', 'svc-2', 'db-1'].every((id) => deeper.nodes.some((n) => n.id === id)));
    assert.deepEqual(deeper.collapsed!.opened.map((o) => o.title), ['region east', 'zone east-a']);
    assert.deepEqual(deeper.collapsed!.closed, []);
    assert.ok(deeper.nodes.length + deeper.collapsed!.clusters.length <= 8);
  });

  it('openings that cannot all stay open close the oldest first; keys the file does not have are ignored', () => {
    const text = design();
    const keyOf = (m: DiagramModel, title: string) => m.collapsed!.clusters.find((c) => c.title === title)!.key;
    const east = keyOf(draw(text, { maxNodes: 5 }), 'region east');
    const westA = keyOf(draw(text, { maxNodes: 10 }), 'zone west-a');
    // Each alone fits in 7 nodes; both together do not: the older opening is closed.
    assert.deepEqual(draw(text, { maxNodes: 7, opened: [east] }).collapsed!.closed, []);
    assert.deepEqual(draw(text, { maxNodes: 7, opened: [westA] }).collapsed!.closed, []);
    const both = draw(text, { maxNodes: 7, opened: [east, westA, 'no such group', '["zone","nowhere",null,null]'] });
    assert.deepEqual(both.collapsed!.opened.map((o) => o.title), ['zone west-a']);
    assert.deepEqual(both.collapsed!.closed, [{ key: east, title: 'region east' }]);
    // The zone is drawn open in its region's box; to fit, its services are one node of their kind, inside it.
    assert.ok(both.nodes.some((n) => n.id === 'db-2'));
    const services = both.collapsed!.clusters.find((c) => c.kind === 'kind' && c.zone === 'west-a')!;
    assert.deepEqual([services.title, services.region, services.components], ['kind service', 'west', 3]);
    // Opened again, the latest opening wins.
    const again = draw(text, { maxNodes: 7, opened: [east, westA, east] });
    assert.deepEqual(again.collapsed!.opened.map((o) => o.title), ['region east']);
  });

  it('the same file and openings give the same drawing; an edit inside a collapsed group, or of numbers, keeps the layout', () => {
    const view = { maxNodes: 10 };
    const a = draw(design(), view);
    assert.deepEqual(draw(design(), view), a);
    // A component added inside the collapsed zone, calling inside it: the group's count changes, its layout does not.
    const added = draw(design({ 'svc-7': svc('west-a', 'west', ['db-2']) }), view);
    assert.equal(added.layoutKey, a.layoutKey);
    const westA = (m: DiagramModel) => m.collapsed!.clusters.find((c) => c.title === 'zone west-a')!;
    assert.equal(westA(added).components, 5);
    assert.equal(westA(added).key, westA(a).key, 'the group keeps its key across the edit');
    assert.equal(draw(design({}, 3000), view).layoutKey, a.layoutKey);
  });

  it('a collapsed diagram lays out, with the same coordinates every time, and is what the webview accepts', async () => {
    const text = generateTopology(1000, DENSE_IN_REGIONS);
    const m = buildDiagram(checkText(text));
    assert.ok(m.collapsed && m.graph);
    assert.ok(m.nodes.length + m.collapsed.clusters.length <= DIAGRAM_NODE_BOUND);
    assertAccounted(m, Object.keys(JSON.parse(text).components).length);
    const elk = new ELK();
    // elkjs marks its objects with hash codes ($H) that count up from run to run: the coordinates are what must match.
    const laidOut = async () => JSON.stringify(await elk.layout(structuredClone(m.graph) as never), (k, v: unknown) => (k === '$H' ? undefined : v));
    assert.equal(await laidOut(), await laidOut());
    const wire = { ...mapDiagramRanges(m, (r) => ({ start: { line: 0, character: r.offset }, end: { line: 0, character: r.offset + r.length } })), uri: 'file:///w/g.scale.json', version: 1 };
    const parsed = DiagramData.safeParse(JSON.parse(JSON.stringify(wire)));
    assert.ok(parsed.success, parsed.success ? '' : parsed.error.message);
  });
});
