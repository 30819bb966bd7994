import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../../src/core/check';
import { buildDiagram, lineRanges, mapDiagramRanges, MAX_NODE_FINDINGS } from '../../../src/core/diagram/diagramModel';
import { DIAGRAM_NODE_BOUND, LARGE_GRAPH_NODES, MAX_LAYOUT_NODES } from '../../../src/core/diagram/elkOptions';
import type { ImportHost } from '../../../src/core/model/imports';
import { LineIndex } from '../../../src/core/text/lineIndex';
import { EXAMPLES_DIR, importsOf } from '../../support/exampleImports';

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

  describe('how components are built, and what they declare besides calls', () => {
    const components = [
      '"web":{"kind":"client","calls":["lb"]}',
      '"lb":{"kind":"loadBalancer","instances":2,"stickySessions":true,"calls":["api"]}',
      '"api":{"kind":"service","instances":3,"state":"external","sessionStore":"sessions","calls":["sessions","cache","db"]}',
      '"sessions":{"kind":"cache","instances":2}',
      '"cache":{"kind":"cache","instances":2,"hitRatio":0.9,"fronts":"db"}',
      '"db":{"kind":"database","replication":{"mode":"async","replicas":2,"failover":{"mode":"automatic"}},"sharding":{"strategy":"consistentHash","shards":64}}',
    ].join(',');

    it('each box carries its glyph as laid out: the store\'s shards, replication and failover, the balancer\'s sticky sessions', () => {
      const m = buildDiagram(checkText(doc(components)));
      const node = (id: string) => m.nodes.find((n) => n.id === id)!;
      assert.deepEqual(node('db').glyph, ['64 shards · primary + 2 async', 'automatic failover']);
      assert.deepEqual(node('lb').glyph, ['sticky sessions']);
      assert.deepEqual(node('cache').glyph, ['90% hits']);
      assert.equal(node('api').glyph, undefined);
      // Its lines are a label of the box, which is taller by them.
      const db = m.graph!.children!.find((c) => c.id === node('db').elkId)!;
      const api = m.graph!.children!.find((c) => c.id === node('api').elkId)!;
      assert.equal(db.labels!.find((l) => l.id?.endsWith('#glyph'))!.text, '64 shards · primary + 2 async\nautomatic failover');
      assert.ok(db.height! > api.height!);
    });

    it('a cache\'s fronts is an edge of its own (no call carries it); a session store the service calls marks that call', () => {
      const m = buildDiagram(checkText(doc(components)));
      const id = (x: string) => m.nodes.find((n) => n.id === x)!.elkId;
      assert.deepEqual(m.relations, [{ elkId: m.relations![0]!.elkId, from: id('cache'), to: id('db'), kind: 'fronts' }]);
      const edge = m.graph!.edges!.find((e) => e.id === m.relations![0]!.elkId)!;
      assert.deepEqual([edge.sources[0], edge.targets[0], edge.labels![0]!.text], [id('cache'), id('db'), 'fronts']);
      assert.deepEqual(m.edges.filter((e) => e.relation).map((e) => [e.from, e.to, e.relation]), [[id('api'), id('sessions'), 'sessionStore']]);
      assert.equal(m.edges.length, 5, 'the calls, as before');
    });

    it('a service that does not call its session store gets the relation as an edge', () => {
      const m = buildDiagram(checkText(doc(components.replace('"calls":["sessions","cache","db"]', '"calls":["cache","db"]'))));
      assert.deepEqual(m.relations!.map((r) => r.kind).sort(), ['fronts', 'sessionStore']);
      assert.ok(m.edges.every((e) => e.relation === undefined));
    });

    it('while the file does not validate as a whole, the relations and glyphs are read as written: the same layout key', () => {
      const valid = buildDiagram(checkText(doc(components)));
      const broken = buildDiagram(checkText(doc(components, '"peakRps":-5')));
      assert.equal(broken.analysed, false);
      assert.deepEqual(broken.relations!.map((r) => [r.from, r.to, r.kind]), valid.relations!.map((r) => [r.from, r.to, r.kind]));
      assert.deepEqual(broken.nodes.map((n) => n.glyph), valid.nodes.map((n) => n.glyph));
      assert.equal(broken.layoutKey, valid.layoutKey);
      // A new figure is not a new layout: the glyph's numbers sit in a fixed slot.
      assert.equal(buildDiagram(checkText(doc(components.replace('"shards":64', '"shards":128')))).layoutKey, valid.layoutKey);
    });

    it('past LARGE_GRAPH_NODES components the relations get no edges of their own (each edge costs layout time); a call still carries its mark', () => {
      const many = Array.from({ length: LARGE_GRAPH_NODES }, (_, i) => `"s${i}":{"kind":"service"}`).join(',');
      // Every component drawn as itself: below the bound the layout is spared by collapsing instead.
      const m = buildDiagram(checkText(doc(`${components},${many}`)), undefined, { maxNodes: MAX_LAYOUT_NODES });
      assert.equal(m.collapsed, undefined);
      assert.equal(m.relations, undefined);
      assert.equal(m.graph!.edges!.length, m.edges.length);
      assert.deepEqual(m.edges.filter((e) => e.relation).map((e) => e.relation), ['sessionStore']);
    });

    it('drawn collapsed, a relation keeps its edge between components drawn as themselves; one with an end in a group is left out, and a sum carries no relation mark', () => {
      const services = Array.from({ length: 5 }, (_, i) => `"s${i}":{"kind":"service"}`).join(',');
      // The six services (api among them) collapse into one node; the others are drawn as themselves.
      const calling = buildDiagram(checkText(doc(`${components},${services}`)), undefined, { maxNodes: 8 });
      assert.deepEqual(calling.collapsed!.clusters.map((c) => [c.title, c.components]), [['kind service', 6]]);
      const id = (m: typeof calling, x: string) => m.nodes.find((n) => n.id === x)!.elkId;
      assert.deepEqual(calling.relations!.map((r) => [r.from, r.to, r.kind]), [[id(calling, 'cache'), id(calling, 'db'), 'fronts']]);
      const group = calling.collapsed!.clusters[0]!.elkId;
      const toSessions = calling.edges.find((e) => e.from === group && e.to === id(calling, 'sessions'))!;
      assert.equal(toSessions.calls, 1);
      assert.equal(toSessions.relation, undefined, 'a sum is no relation of the group');
      assert.ok(calling.edges.every((e) => e.relation === undefined));
      const notCalling = buildDiagram(checkText(doc(`${components.replace('"calls":["sessions","cache","db"]', '"calls":["cache","db"]')},${services}`)), undefined, { maxNodes: 8 });
      assert.deepEqual(notCalling.relations!.map((r) => r.kind), ['fronts'], 'the session store relation from the group is left out');
      assert.equal(notCalling.graph!.edges!.length, notCalling.edges.length + 1);
    });

    it('carries the short title of each rule with a finding listed', () => {
      const m = buildDiagram(checkText(doc(components)));
      const listed = new Set([...m.fileFindings.items, ...m.nodes.flatMap((n) => n.findings.items)].map((f) => f.ruleId));
      assert.ok(listed.size > 0);
      assert.deepEqual(new Set(m.rules!.map((r) => r.id)), listed);
      assert.equal(m.rules!.find((r) => r.id === 'async-failover-data-loss')?.title, 'Asynchronous replication with automatic failover loses acknowledged writes.');
    });
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

  it('a file with more components than the bound is drawn collapsed; one whose kinds alone are too many gets the list: no graph, the reason, the first components', () => {
    const services = Array.from({ length: MAX_LAYOUT_NODES + 5 }, (_, i) => `"s${i}":{"kind":"service"}`).join(',');
    const collapsed = buildDiagram(checkText(doc(services)));
    assert.ok(collapsed.graph);
    assert.equal(collapsed.notLaidOut, undefined);
    assert.deepEqual(collapsed.collapsed!.clusters.map((c) => [c.title, c.components]), [['kind service', 2005]]);
    assert.equal(collapsed.nodes.length, 0);
    const kinds = Array.from({ length: MAX_LAYOUT_NODES + 5 }, (_, i) => `"s${i}":{"kind":"k${i}"}`).join(',');
    const m = buildDiagram(checkText(doc(kinds)));
    assert.equal(m.graph, undefined);
    assert.equal(m.collapsed, undefined);
    assert.equal(m.notLaidOut, `2,005 components: even grouped by kind, more than the ${DIAGRAM_NODE_BOUND} nodes the diagram draws at once`);
    assert.equal(m.nodes.length, MAX_LAYOUT_NODES);
    assert.equal(m.omittedNodes, 5);
  });

  it('a lower bound (scale report --max-diagram-nodes) collapses above it, and lists when even kinds are too many; the bound tops out at the largest layout', () => {
    const components = '"web":{"kind":"client","calls":["api"]},"api":{"kind":"service","instances":2,"calls":["db"]},"db":{"kind":"database"}';
    const listed = buildDiagram(checkText(doc(components)), undefined, { maxNodes: 2 });
    assert.equal(listed.graph, undefined);
    assert.equal(listed.notLaidOut, '3 components: even grouped by kind, more than the 2 nodes the diagram draws at once');
    assert.deepEqual(listed.nodes.map((n) => n.id), ['web', 'api', 'db']);
    assert.equal(listed.omittedNodes, 0);
    assert.ok(buildDiagram(checkText(doc(components)), undefined, { maxNodes: 3 }).graph);
    const many = Array.from({ length: MAX_LAYOUT_NODES + 1 }, (_, i) => `"s${i}":{"kind":"service"}`).join(',');
    assert.match(buildDiagram(checkText(doc(many)), undefined, { maxNodes: MAX_LAYOUT_NODES * 2 }).collapsed!.note, /more than the 2,000 the diagram draws at once/);
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

  describe('imported components', () => {
    const socialFeed = path.join(EXAMPLES_DIR, 'social-feed.scale.json');
    const platformFile = fs.realpathSync(path.join(EXAMPLES_DIR, 'platform', 'platform.scale.json'));
    const platform = fs.readFileSync(platformFile, 'utf8');
    const text = fs.readFileSync(socialFeed, 'utf8');
    const result = checkText(text, { imports: importsOf(socialFeed) });
    const m = buildDiagram(result);
    const node = (id: string) => m.nodes.find((n) => n.id === id)!;

    it('draws what social-feed imports in a box named after the import, with their load, findings and calls', () => {
      // Those it names (auth, events) and what they depend on in the platform (auth-db, event-archive), after its own.
      assert.deepEqual(m.nodes.filter((n) => n.imported).map((n) => `${n.id}${n.imported!.via ? ` via ${n.imported!.via}` : ''}`), ['auth', 'auth-db via auth', 'events', 'event-archive via events']);
      assert.ok(m.nodes.slice(0, -4).every((n) => !n.imported));
      const file = m.groups.find((g) => g.kind === 'file')!;
      assert.equal(file.name, './platform/platform.scale.json', 'named by the import\'s from, as written');
      for (const id of ['auth', 'auth-db', 'events', 'event-archive']) {
        assert.deepEqual(node(id).imported, { file: platformFile, from: './platform/platform.scale.json', ...(id === 'auth-db' ? { via: 'auth' } : id === 'event-archive' ? { via: 'events' } : {}) });
        assert.ok(node(id).valid && node(id).load, `${id} is analysed with the design's load`);
      }
      // All of feed-api's 100,000 requests validate their token: the design's load, not the platform's own workload.
      assert.equal(node('auth').load!.rps, 100_000);
      const edge = (from: string, to: string) => m.edges.find((e) => e.from === node(from).elkId && e.to === node(to).elkId);
      assert.ok(edge('feed-api', 'auth')?.rps, 'the design\'s call into the platform');
      assert.ok(edge('auth', 'auth-db')?.rps, 'the platform\'s own call, brought with auth');
      // The platform's single point of failure is auth-db's badge, its finding placed on the design's import.
      const spof = node('auth-db').findings.items.find((f) => f.ruleId === 'single-point-of-failure')!;
      assert.match(spof.message, /^In "\.\/platform\/platform\.scale\.json" \(auth depends on it\): auth-db/);
      assert.equal(slice(text, spof.range), '"./platform/platform.scale.json"');
      assert.equal(m.fileFindings.counts.warning, 0, 'no finding about the platform is left on the file');
    });

    it('gives each imported component the range of its declaration in the file that declares it', () => {
      for (const id of ['auth', 'auth-db', 'events', 'event-archive']) {
        assert.equal(slice(platform, node(id).keyRange), JSON.stringify(id), id);
        assert.ok(slice(platform, node(id).range).startsWith(`${JSON.stringify(id)}: {`), id);
      }
      // On the wire: converted in that file's lines, and the file named as the receiver opens it.
      const own = new LineIndex(text);
      const lines = new LineIndex(platform);
      const wire = mapDiagramRanges(m, lineRanges(result.imported, (r) => ({ start: own.positionAt(r.offset), end: own.positionAt(r.offset + r.length) })), (file) => `file://${file}`);
      const auth = wire.nodes.find((n) => n.id === 'auth')!;
      assert.deepEqual(auth.keyRange, { start: lines.positionAt(node('auth').keyRange.offset), end: lines.positionAt(node('auth').keyRange.offset + 6) });
      assert.equal(auth.imported!.file, `file://${platformFile}`);
      assert.equal(platform.split('\n')[auth.keyRange.start.line]!.trim(), '"auth": {');
      const feedApi = wire.nodes.find((n) => n.id === 'feed-api')!;
      assert.deepEqual(feedApi.keyRange.start, own.positionAt(node('feed-api').keyRange.offset));
      // The badge's finding stays in the document: on the import.
      const spof = wire.nodes.find((n) => n.id === 'auth-db')!.findings.items[0]!;
      assert.match(text.split('\n')[spof.range.start.line]!, /"imports": \[\{ "from": "\.\/platform\/platform\.scale\.json"/);
    });

    it('an imported component and a declaration of the design that shares its id (invalid, so not a clash) keep their own boxes', () => {
      const lib = JSON.stringify({ version: 1, name: 'lib', workload: { peakRps: 1 }, components: { store: { kind: 'database', zones: ['a'] } } });
      const host: ImportHost = { read: () => ({ file: '/lib.scale.json', text: lib }) };
      const design = JSON.stringify({ version: 1, name: 'app', imports: [{ from: './lib.scale.json', components: ['store'] }], workload: { peakRps: 100 }, components: { web: { kind: 'client', calls: ['store'] }, api: { kind: 'service', zones: ['a'] }, store: { kind: 'service', instances: -1 } } });
      const d = buildDiagram(checkText(design, { imports: { host, file: '/app.scale.json' } }));
      const stores = d.nodes.filter((n) => n.id === 'store');
      assert.deepEqual(stores.map((n) => [n.valid, n.imported?.from, n.kind]), [[false, undefined, 'service'], [true, './lib.scale.json', 'database']]);
      assert.equal(new Set(d.nodes.map((n) => n.elkId)).size, d.nodes.length);
      assert.deepEqual(d.edges.map((e) => `${e.from}->${e.to}`), [`c:web->${stores[1]!.elkId}`], 'the call goes to the component the topology resolved');
      // Zone "a" of the design and zone "a" of the library are two boxes: the library's inside its file's box.
      assert.deepEqual(d.groups.map((g) => [g.kind, g.name, g.file ?? null]), [['zone', 'a', null], ['file', './lib.scale.json', null], ['zone', 'a', './lib.scale.json']]);
    });
  });
});
