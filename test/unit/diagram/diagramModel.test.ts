import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../../src/core/check';
import { buildDiagram, mapDiagramRanges, MAX_NODE_FINDINGS } from '../../../src/core/diagram/diagramModel';
import { MAX_LAYOUT_NODES } from '../../../src/core/diagram/elkOptions';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

function doc(components: string, workload = '"peakRps":1000'): string {
  return `{"version":1,"name":"sys","workload":{${workload}},"components":{${components}}}`;
}

const slice = (text: string, r: { offset: number; length: number }) => text.slice(r.offset, r.offset + r.length);

describe('diagram: the model the webview draws', () => {
  it('carries the same findings as the check, each on the component whose declaration holds it, the rest on the file', () => {
    for (const f of fs.readdirSync(EXAMPLES).filter((n) => n.endsWith('.scale.json'))) {
      const text = fs.readFileSync(path.join(EXAMPLES, f), 'utf8');
      const result = checkText(text);
      const m = buildDiagram(result);
      const sum = (k: 'error' | 'warning' | 'info') => m.nodes.reduce((n, node) => n + node.findings.counts[k], m.fileFindings.counts[k]);
      for (const k of ['error', 'warning', 'info'] as const) {
        assert.equal(sum(k), result.findings.filter((x) => x.severity === k).length, `${f}: ${k}`);
        assert.equal(m.totals[k], sum(k), f);
      }
      for (const node of m.nodes) {
        for (const item of node.findings.items) {
          assert.ok(item.range.offset >= node.range.offset && item.range.offset < node.range.offset + node.range.length, `${f}: ${item.ruleId} lies in ${node.id}`);
          // The very finding objects of the squiggles: same rule, message and range.
          assert.ok(result.findings.some((x) => x.ruleId === item.ruleId && x.message === item.message && x.range.offset === item.range.offset), f);
        }
        assert.equal(slice(text, node.keyRange), JSON.stringify(node.id), `${f}: the key range is the id's key`);
        assert.ok(slice(text, node.range).startsWith(JSON.stringify(node.id)), f);
        assert.ok(node.valid && !node.duplicate, f);
        assert.ok(node.kind === 'client' || node.load, `${f}: ${node.id} has a load`);
      }
      assert.ok(m.analysed && m.graph && m.layoutKey, f);
    }
  });

  it('a component that does not validate keeps its box and its error badge, without edges', () => {
    const text = doc('"web":{"kind":"client","calls":["api","bad"]},"api":{"kind":"service","instances":2},"bad":{"kind":"service","instances":-3}');
    const m = buildDiagram(checkText(text));
    const bad = m.nodes.find((n) => n.id === 'bad')!;
    assert.equal(bad.valid, false);
    assert.ok(bad.findings.counts.error >= 1);
    assert.equal(bad.instances, 1, 'an invalid count reads as the default, like the topology');
    assert.deepEqual(m.edges.map((e) => `${e.from}->${e.to}`), ['c:web->c:api']);
    assert.ok(m.analysed);
  });

  it('while the file does not validate as a whole, shows its declared calls and keeps the layout key', () => {
    const components = '"web":{"kind":"client","calls":["api"]},"api":{"kind":"service","instances":3,"calls":["db","nowhere"]},"db":{"kind":"database"}';
    const valid = buildDiagram(checkText(doc(components)));
    const broken = buildDiagram(checkText(doc(components, '"peakRps":-5')));
    assert.equal(broken.analysed, false);
    assert.deepEqual(broken.edges.map((e) => `${e.from}->${e.to}`), ['c:web->c:api', 'c:api->c:db']);
    assert.ok(broken.edges.every((e) => e.rps === undefined));
    assert.ok(broken.graph!.edges!.every((e) => e.labels![0]!.text === '– rps'));
    assert.equal(broken.layoutKey, valid.layoutKey, 'a moment of invalidity does not re-lay out');
  });

  it('duplicate ids: both declarations get a box; the later one counts and carries the edges', () => {
    const text = '{"version":1,"name":"x","workload":{"peakRps":10},"components":{"web":{"kind":"client","calls":["api"]},"api":{"kind":"service"},"api":{"kind":"service","instances":2}}}';
    const m = buildDiagram(checkText(text));
    const apis = m.nodes.filter((n) => n.id === 'api');
    assert.equal(apis.length, 2);
    assert.notEqual(apis[0]!.elkId, apis[1]!.elkId);
    assert.deepEqual(apis.map((n) => n.duplicate), [true, false]);
    assert.deepEqual(m.edges.map((e) => e.to), [apis[1]!.elkId]);
    assert.ok(apis[0]!.findings.counts.error + apis[1]!.findings.counts.error >= 1, 'the duplicate key is reported on a box');
  });

  it('hostile ids and texts pass through as data (the webview draws them as text)', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const text = `{"version":1,"name":"</script><script>alert(2)</script>","workload":{"peakRps":1},"components":{"web":{"kind":"client","description":"javascript:alert(3)","calls":["api"]},"api":{"kind":"service"},${JSON.stringify(evil)}:{"kind":"service"},"__proto__":{"kind":"cache"}}}`;
    const m = buildDiagram(checkText(text));
    assert.deepEqual(m.nodes.map((n) => n.id), ['web', 'api', evil, '__proto__']);
    assert.equal(m.name, '</script><script>alert(2)</script>');
    assert.equal(m.nodes[0]!.description, 'javascript:alert(3)');
    assert.ok(m.nodes.slice(2).every((n) => !n.valid && n.findings.counts.error >= 1));
    assert.ok(m.nodes.every((n) => /^c:[A-Za-z0-9_.%~-]+$/.test(n.elkId)));
  });

  it('caps findings per node and says how many there are', () => {
    const calls = Array.from({ length: 40 }, (_, i) => `"missing-${i}"`).join(',');
    const m = buildDiagram(checkText(doc(`"web":{"kind":"client","calls":[${calls}]}`)));
    const web = m.nodes[0]!;
    assert.equal(web.findings.counts.error, 40);
    assert.equal(web.findings.items.length, MAX_NODE_FINDINGS);
  });

  it('a file with more components than are laid out gets the list: no graph, the reason, the first components', () => {
    const components = Array.from({ length: MAX_LAYOUT_NODES + 5 }, (_, i) => `"s${i}":{"kind":"service"}`).join(',');
    const m = buildDiagram(checkText(doc(components)));
    assert.equal(m.graph, undefined);
    assert.match(m.notLaidOut!, /2,005 components/);
    assert.equal(m.nodes.length, MAX_LAYOUT_NODES);
    assert.equal(m.omittedNodes, 5);
  });

  it('a lower layout bound (scale report --max-diagram-nodes) gives the list above it, every component listed; the bound tops out at the largest layout', () => {
    const components = '"web":{"kind":"client","calls":["api"]},"api":{"kind":"service","instances":2,"calls":["db"]},"db":{"kind":"database"}';
    const listed = buildDiagram(checkText(doc(components)), undefined, 2);
    assert.equal(listed.graph, undefined);
    assert.equal(listed.notLaidOut, '3 components: the diagram lays out at most 2');
    assert.deepEqual(listed.nodes.map((n) => n.id), ['web', 'api', 'db']);
    assert.equal(listed.omittedNodes, 0);
    assert.ok(buildDiagram(checkText(doc(components)), undefined, 3).graph);
    const many = Array.from({ length: MAX_LAYOUT_NODES + 1 }, (_, i) => `"s${i}":{"kind":"service"}`).join(',');
    assert.match(buildDiagram(checkText(doc(many)), undefined, MAX_LAYOUT_NODES * 2).notLaidOut!, /at most 2,000$/);
  });

  it('an unreadable file gives an empty diagram with its finding on the file', () => {
    for (const text of ['', '{', '[[[[', 'x'.repeat(10)]) {
      const m = buildDiagram(checkText(text));
      assert.equal(m.nodes.length, 0);
      assert.ok(m.fileFindings.counts.error >= 1, JSON.stringify(text));
    }
  });

  it('converts every range for the wire', () => {
    const m = buildDiagram(checkText(doc('"web":{"kind":"client","calls":["nope"]}')));
    const wire = mapDiagramRanges(m, (r) => ({ start: r.offset, end: r.offset + r.length }));
    const n = wire.nodes[0]!;
    assert.deepEqual(n.keyRange, { start: m.nodes[0]!.keyRange.offset, end: m.nodes[0]!.keyRange.offset + 5 });
    assert.equal(typeof n.findings.items[0]!.range.start, 'number');
    assert.equal(wire.layoutKey, m.layoutKey);
  });
});
