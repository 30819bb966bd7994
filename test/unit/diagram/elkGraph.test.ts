import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ELK from 'elkjs/lib/elk.bundled.js';
import { computeTraffic } from '../../../src/core/load/traffic';
import { checkText } from '../../../src/core/check';
import { formatRps } from '../../../src/core/text/format';
import { edgeRates, elkGraphOfTopology, escapeId, toElkGraph, type DiagramSpec, type ElkNodeJson } from '../../../src/core/diagram/elkGraph';
import { DIAGRAM_NODE_BOUND, FLOW_TURN_RATIO, flowFor, flowOnResize, GROUPED_THOROUGH_MAX_NODES, LARGE_GRAPH_NODES, MODEL_ORDER_MAX_NODES, rootLayoutOptions, withFlow } from '../../../src/core/diagram/elkOptions';
import { DENSE_IN_REGIONS, generateTopology } from '../../bench/generateTopology';
import { importsOf } from '../../support/exampleImports';

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const examples = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.scale.json')).sort();
const elk = new ELK();

/** Every node and group of a graph, depth first. */
function allNodes(g: ElkNodeJson): ElkNodeJson[] {
  const out: ElkNodeJson[] = [];
  const walk = (n: ElkNodeJson) => n.children?.forEach((c) => (out.push(c), walk(c)));
  walk(g);
  return out;
}

/** A minimal valid document around the given components. */
function doc(components: string, workload = '"peakRps":1000'): string {
  return `{"version":1,"name":"x","workload":{${workload}},"components":{${components}}}`;
}

function graphOf(text: string) {
  const r = checkText(text);
  assert.ok(r.topology, `does not validate: ${r.findings.map((f) => f.message).join('; ')}`);
  return elkGraphOfTopology(r.topology);
}

describe('diagram: topology → ELK graph', () => {
  it('every example (with what it imports): one node per component, one edge per resolved call, every edge between existing nodes, and ELK lays it out', async () => {
    for (const f of examples) {
      const file = path.join(EXAMPLES, f);
      const topology = checkText(fs.readFileSync(file, 'utf8'), { imports: importsOf(file) }).topology!;
      const { graph, nodeIds, edgeIds } = elkGraphOfTopology(topology);
      const nodes = allNodes(graph);
      const ids = new Set(nodes.map((n) => n.id));
      assert.equal(ids.size, nodes.length, `${f}: ELK ids are unique`);
      assert.equal(nodeIds.length, topology.components.size, f);
      assert.equal(graph.edges!.length, topology.edges.length, f);
      assert.ok(edgeIds.every((e) => e !== undefined), f);
      for (const e of graph.edges!) assert.ok(ids.has(e.sources[0]) && ids.has(e.targets[0]), `${f}: ${e.id} has both ends`);
      const laid = (await elk.layout(structuredClone(graph) as never)) as unknown as ElkNodeJson;
      for (const n of allNodes(laid)) assert.ok(Number.isFinite(n.x) && Number.isFinite(n.y), `${f}: ${n.id} placed`);
      for (const e of laid.edges!) assert.ok(e.sections?.length, `${f}: ${e.id} routed`);
    }
  });

  it('labels edges with their rps at peak from the load model', () => {
    const { graph } = graphOf(fs.readFileSync(path.join(EXAMPLES, 'url-shortener.scale.json'), 'utf8'));
    const label = (from: string, to: string) => graph.edges!.find((e) => e.id === `e:${from}>${to}#1`)!.labels![0]!.text;
    // 40,000 rps enter; the CDN keeps 60% of the 39,600 reads: 15,840 + 400 writes reach the balancer.
    assert.equal(label('clients', 'cdn'), '40k rps');
    assert.equal(label('cdn', 'edge-lb'), '16.2k rps');
    assert.equal(label('edge-lb', 'api'), '16.2k rps');
  });

  it('formats rates within the label slot', () => {
    assert.deepEqual([0, 0.25, 9.96, 12.4, 999.4, 1000, 16240, 999_499, 1.2e6, 3.4e9, 1e15].map(formatRps),
      ['0 rps', '0.3 rps', '10 rps', '12 rps', '999 rps', '1k rps', '16.2k rps', '999k rps', '1.2M rps', '3.4G rps', '1000T rps']);
    assert.equal(formatRps(Number.NaN), '– rps');
  });

  it('ids that repeat, look alike, are reserved or odd never collide; ELK lays them all out', async () => {
    const long = 'x'.repeat(300);
    const ids = ['a', 'a', '__proto__', 'constructor', 'toString', 'x y', 'x%0020y', 'c:a', 'a~2', 'e:a>b#1', '💥', '\ud800', `${long}1`, `${long}2`, ''];
    const spec: DiagramSpec = { nodes: ids.map((id) => ({ id, kind: 'service', instances: 1 })), edges: ids.map((_, i) => ({ from: i, to: (i + 1) % ids.length, label: '1 rps' })), edgeLabels: true };
    const { graph, nodeIds, edgeIds } = toElkGraph(spec);
    assert.equal(new Set(nodeIds).size, ids.length);
    assert.equal(new Set(edgeIds).size, ids.length);
    for (const id of nodeIds) assert.match(id, /^c:[A-Za-z0-9_.%~-]*$/);
    assert.ok(nodeIds.every((id) => id.length < 200), 'long ids are shortened with a hash');
    const laid = (await elk.layout(structuredClone(graph) as never)) as unknown as ElkNodeJson;
    assert.equal(allNodes(laid).length, ids.length);
  });

  it('the escape is injective and never yields the separators of ELK ids', () => {
    const texts = ['a b', 'a%0020b', 'a_b', 'a/b', 'a:b', 'a>b', 'a#b', 'a~b', '%', '%0025'];
    const escaped = texts.map(escapeId);
    assert.equal(new Set(escaped).size, texts.length);
    for (const e of escaped) assert.doesNotMatch(e, /[:/>#~]/);
  });

  it('never emits a dangling edge (ELK throws on one)', () => {
    const { graph, edgeIds } = toElkGraph({ nodes: [{ id: 'a', kind: 'client' }], edges: [{ from: 0, to: 1 }, { from: -1, to: 0 }, { from: 0, to: 0 }], edgeLabels: false });
    assert.deepEqual(edgeIds, [undefined, undefined, 'e:a>a#1']);
    assert.equal(graph.edges!.length, 1);
  });

  it('boxes components by region, and by zone when they live in exactly one', () => {
    const { graph, groups } = graphOf(doc(
      '"web":{"kind":"client","calls":["lb-e","lb-w"]},' +
      '"lb-e":{"kind":"loadBalancer","instances":2,"region":"east","zones":["e1","e2"],"calls":["api-e"]},' +
      '"api-e":{"kind":"service","region":"east","zones":["e1"]},' +
      '"lb-w":{"kind":"loadBalancer","instances":2,"region":"west","zones":["e1"],"calls":["api-w"]},' +
      '"api-w":{"kind":"service","zones":["solo"]}',
    ));
    const tree = (n: ElkNodeJson): unknown => (n.children ? { [n.id]: n.children.map(tree) } : n.id);
    assert.deepEqual(tree(graph), { root: ['c:web', { 'r:east': ['c:lb-e', { 'z:east/e1': ['c:api-e'] }] }, { 'r:west': [{ 'z:west/e1': ['c:lb-w'] }] }, { 'z:/solo': ['c:api-w'] }] });
    assert.deepEqual(groups.map((g) => `${g.kind} ${g.name}${g.region ? ` in ${g.region}` : ''}`), ['region east', 'zone e1 in east', 'region west', 'zone e1 in west', 'zone solo']);
    // Edges cross boxes: ELK lays the hierarchy out as a whole.
    assert.equal(graph.layoutOptions!['elk.hierarchyHandling'], 'INCLUDE_CHILDREN');
    assert.equal(graphOf(doc('"web":{"kind":"client"}')).graph.layoutOptions!['elk.hierarchyHandling'], undefined);
  });

  it('boxes imported components in their file\'s box, with their zone boxes inside it; ELK lays the nesting out with the calls across it', async () => {
    const file = path.join(EXAMPLES, 'social-feed.scale.json');
    const { graph, groups } = elkGraphOfTopology(checkText(fs.readFileSync(file, 'utf8'), { imports: importsOf(file) }).topology!);
    const tree = (n: ElkNodeJson): unknown => (n.children ? { [n.id]: n.children.map(tree) } : n.id);
    const platform = 'f:.%002fplatform%002fplatform.scale.json';
    assert.deepEqual((tree(graph) as { root: unknown[] }).root.at(-1), { [platform]: ['c:auth', { [`${platform}/z:/us-east-1a`]: ['c:auth-db'] }, 'c:events', 'c:event-archive'] });
    assert.deepEqual(groups, [
      { elkId: platform, kind: 'file', name: './platform/platform.scale.json' },
      { elkId: `${platform}/z:/us-east-1a`, kind: 'zone', name: 'us-east-1a', file: './platform/platform.scale.json' },
    ]);
    const box = allNodes(graph).find((n) => n.id === platform)!;
    assert.equal(box.labels![0]!.text, 'imported from ./platform/platform.scale.json');
    assert.equal(graph.layoutOptions!['elk.hierarchyHandling'], 'INCLUDE_CHILDREN', 'calls cross into the box');
    const laid = (await elk.layout(structuredClone(graph) as never)) as unknown as ElkNodeJson;
    const laidBox = allNodes(laid).find((n) => n.id === platform)!;
    assert.ok(laidBox.width! >= box.labels![0]!.width, 'the box is as wide as its title');
    for (const id of ['c:auth', 'c:events']) {
      const inner = laidBox.children!.find((c) => c.id === id)!;
      assert.ok(inner.x! >= 0 && inner.y! > 0 && inner.x! + inner.width! <= laidBox.width! && inner.y! + inner.height! <= laidBox.height!, `${id} inside the box`);
    }
    assert.ok(laid.edges!.find((e) => e.sources[0] === 'c:feed-api' && e.targets[0] === 'c:auth')!.sections?.length, 'the call into the platform is routed');
  });

  it('an import path long or odd is one box with a title that keeps the file name', () => {
    const from = `./${'very-long-folder-name/'.repeat(6)}platform%2f<b>.scale.json`;
    const { graph, groups } = toElkGraph({ nodes: [{ id: 'a', kind: 'service', importedFrom: from, zone: 'z' }, { id: 'b', kind: 'service', importedFrom: from }, { id: 'c', kind: 'service', zone: 'z' }], edges: [], edgeLabels: false });
    assert.deepEqual(groups.map((g) => g.kind), ['file', 'zone', 'zone']);
    assert.equal(groups[0]!.name, from, 'the whole path, as written');
    const title = allNodes(graph).find((n) => n.id === groups[0]!.elkId)!.labels![0]!.text;
    assert.ok(title.startsWith('imported from …') && title.endsWith('platform%2f<b>.scale.json'), title);
    assert.ok(allNodes(graph).every((n) => /^[cfrz]:[A-Za-z0-9_.%~/:-]*$/.test(n.id)));
    assert.equal(new Set(allNodes(graph).map((n) => n.id)).size, allNodes(graph).length);
  });

  describe('the layout key', () => {
    const base = '"web":{"kind":"client","calls":["lb"]},"lb":{"kind":"loadBalancer","instances":2,"calls":["api"]},"api":{"kind":"service","instances":4,"capacity":{"rps":500}}';
    const key = (text: string) => graphOf(text).layoutKey;

    it('stays when only numbers change: load, instances, capacity, ratios', () => {
      const k = key(doc(base));
      assert.equal(key(doc(base, '"peakRps":987654')), k);
      assert.equal(key(doc(base.replace('"instances":4', '"instances":4000'))), k);
      assert.equal(key(doc(base.replace('"rps":500', '"rps":7'), '"peakRps":3,"readFraction":0.5')), k);
    });

    it('changes with ids, calls, grouping, kinds (label sizes) and order', () => {
      const k = key(doc(base));
      const variants = [
        base.replace(/"api"/g, '"api2"'),
        base.replace('"calls":["api"]', '"calls":["api","api"]'),
        base.replace('"kind":"service","instances":4', '"kind":"service","region":"r","instances":4'),
        base.replace('"kind":"service"', '"kind":"cache"'),
        `${base},"db":{"kind":"database"}`,
        '"lb":{"kind":"loadBalancer","instances":2,"calls":["api"]},"web":{"kind":"client","calls":["lb"]},"api":{"kind":"service","instances":4,"capacity":{"rps":500}}',
      ];
      const keys = variants.map((v) => key(doc(v)));
      for (const [i, k2] of keys.entries()) assert.notEqual(k2, k, `variant ${i}`);
      assert.equal(new Set(keys).size, keys.length);
    });
  });

  describe('options', () => {
    it('layered, left to right, in one module; cheaper past ~500 components; model order only where it is cheap', () => {
      const small = rootLayoutOptions(10, false);
      assert.equal(small['elk.algorithm'], 'layered');
      assert.equal(small['elk.direction'], 'RIGHT');
      assert.equal(small['elk.layered.considerModelOrder.strategy'], 'NODES_AND_EDGES');
      assert.equal(rootLayoutOptions(MODEL_ORDER_MAX_NODES + 1, false)['elk.layered.considerModelOrder.strategy'], undefined);
      assert.equal(rootLayoutOptions(LARGE_GRAPH_NODES, false)['elk.layered.thoroughness'], '7');
      assert.equal(rootLayoutOptions(LARGE_GRAPH_NODES + 1, false)['elk.layered.thoroughness'], '1');
    });

    it('flows top to bottom only in a view taller than wide; the graph given is left as it was', async () => {
      assert.equal(flowFor(480, 900), 'DOWN');
      assert.equal(flowFor(900, 480), 'RIGHT');
      assert.equal(flowFor(600, 600), 'RIGHT');
      assert.equal(flowFor(0, 0), 'RIGHT', 'a hidden view');
      const { graph } = graphOf(fs.readFileSync(path.join(EXAMPLES, 'url-shortener.scale.json'), 'utf8'));
      const before = JSON.stringify(graph);
      const down = withFlow(graph, 'DOWN');
      assert.equal(down.layoutOptions!['elk.direction'], 'DOWN');
      assert.equal(withFlow(graph, 'RIGHT'), graph);
      assert.equal(JSON.stringify(graph), before);
      // Laid out, the chain runs down the page.
      const laid = await elk.layout(structuredClone(down) as never) as unknown as ElkNodeJson;
      const y = (id: string) => laid.children!.find((c) => c.id === id || c.id.endsWith(`:${id}`))?.y ?? NaN;
      const ids = laid.children!.map((c) => c.id);
      const chain = ['clients', 'cdn', 'edge-lb', 'api'].map((id) => ids.find((x) => x.includes(id))!);
      assert.ok(chain.every((id, i) => i === 0 || y(id) > y(chain[i - 1]!)), chain.map(y).join(', '));
    });

    it('turns a drawing when its view turns clearly (by FLOW_TURN_RATIO), not when it is resized a little', () => {
      assert.equal(flowOnResize('RIGHT', 480, 900), 'DOWN');
      assert.equal(flowOnResize('RIGHT', 700, 800), 'RIGHT', 'taller, but not clearly');
      assert.equal(flowOnResize('DOWN', 900, 800), 'DOWN', 'wider, but not clearly');
      assert.equal(flowOnResize('DOWN', 800 * FLOW_TURN_RATIO + 1, 800), 'RIGHT');
      assert.equal(flowOnResize('DOWN', 0, 0), 'DOWN', 'a hidden view keeps its flow');
    });

    it('a diagram with boxes past a few components takes the cheap crossing minimization: its sweeps go through every box', () => {
      const opts = (n: number, grouped: boolean) => rootLayoutOptions(n, grouped);
      assert.equal(opts(GROUPED_THOROUGH_MAX_NODES, true)['elk.layered.thoroughness'], '7');
      const cheap = opts(GROUPED_THOROUGH_MAX_NODES + 1, true);
      assert.equal(cheap['elk.layered.thoroughness'], '1');
      assert.equal(cheap['elk.layered.crossingMinimization.greedySwitch.type'], 'OFF');
      assert.equal(cheap['elk.layered.crossingMinimization.greedySwitchHierarchical.type'], 'OFF');
      assert.equal(cheap['elk.layered.considerModelOrder.strategy'], 'NODES_AND_EDGES', 'the file\'s order still guides it');
      // Without boxes the same size keeps the thorough options.
      assert.equal(opts(GROUPED_THOROUGH_MAX_NODES + 1, false)['elk.layered.thoroughness'], '7');
      // The generated design in regions and zones, at the bound, gets them.
      const { graph } = graphOf(generateTopology(DIAGRAM_NODE_BOUND, DENSE_IN_REGIONS));
      assert.equal(graph.layoutOptions!['elk.layered.thoroughness'], '1');
    });

    it('a generated topology of 1,000 components gets the large-graph options', () => {
      const { graph, nodeIds } = graphOf(generateTopology(1000));
      assert.ok(nodeIds.length >= 1000);
      assert.equal(graph.layoutOptions!['elk.layered.thoroughness'], '1');
    });
  });

  it('edge rates add up to the load the model puts on each called component (with a session store\'s session reads, which no call carries)', () => {
    for (const f of examples) {
      const topology = checkText(fs.readFileSync(path.join(EXAMPLES, f), 'utf8')).topology!;
      const traffic = computeTraffic(topology);
      const rates = edgeRates(topology, traffic);
      for (const c of topology.components.values()) {
        if ((c.callers.length === 0 && !traffic.sessionReads.has(c.id)) || topology.entryPoints.includes(c.id)) continue;
        const incoming = c.callers.reduce((sum, e) => sum + rates.get(e)!, 0) + (traffic.sessionReads.get(c.id) ?? 0);
        const load = traffic.loads.get(c.id)!;
        assert.ok(Math.abs(incoming - (load.reads + load.writes)) <= 1e-6 * Math.max(1, incoming), `${f}: ${c.id} gets ${incoming} by its calls, ${load.reads + load.writes} in the model`);
      }
    }
  });
});
