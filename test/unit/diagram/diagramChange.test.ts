/**
 * The diagram compared with a base (the file at git HEAD): each component's
 * and call's status and hover lines, the base's removed components and calls
 * laid out with the others, and what the webview receives of it.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../../src/core/check';
import { buildDiagram, type DiagramView, mapDiagramRanges } from '../../../src/core/diagram/diagramModel';
import { MAX_LAYOUT_NODES } from '../../../src/core/diagram/elkOptions';
import { MAX_CHANGE_LINES } from '../../../src/core/diagram/diagramOverlay';
import { changeOverlay } from '../../../src/core/diff/changeOverlay';
import { diffTopology } from '../../../src/core/diff/diff';
import { DiagramData } from '../../../src/core/webviewProtocol';

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const startup = fs.readFileSync(path.join(EXAMPLES, 'startup.scale.json'), 'utf8');

/** Replaces `from` (which must be there) with `to`. */
function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the text holds ${from}`);
  return text.replace(from, to);
}

/** The diagram of `head` compared with `base`, as the language server builds it. */
function compared(base: string, head: string, view: DiagramView = {}) {
  const diff = diffTopology({ label: 'HEAD', read: { text: base } }, { label: 'head', read: { text: head } }, { scenarios: false });
  return buildDiagram(checkText(head, { scenarioBudgets: false }), changeOverlay(diff), view);
}

/** startup without its search database and the call to it. */
const withoutSearch = edit(
  edit(startup, '{ "to": "search", "op": "read", "share": 0.2 },\n', ''),
  '    "search": {\n      "kind": "database", "engine": "elasticsearch", "instances": 4, "consistency": "eventual",\n      "sharding": { "strategy": "consistentHash", "shards": 4, "vnodes": 2, "key": { "field": "listing_id" } }\n    },\n',
  '',
);

const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id);

describe('diagram: compared with a base', () => {
  // One of each: a component added (called by app), one removed (search, with its call), one changed (app's instances).
  const head = edit(
    edit(
      edit(startup, '"kind": "service", "instances": 3, "zones": ["us-east-1a"]', '"kind": "service", "instances": 6, "zones": ["us-east-1a"]'),
      '"components": {',
      '"components": {\n    "audit": { "kind": "queue", "instances": 2 },',
    ),
    '"calls": [\n        "db",',
    '"calls": [\n        "audit",\n        "db",',
  );

  it('marks the added and changed components and calls, with what changed and what moved in their hover lines', () => {
    const m = compared(startup, head);
    const node = (id: string) => m.nodes.find((n) => n.id === id)!;
    assert.equal(node('audit').change?.status, 'added');
    assert.ok(node('audit').change!.lines.some((l) => /^load \(rps\) — → [\d,]+$/.test(l)), node('audit').change!.lines.join('\n'));
    const app = node('app').change!;
    assert.equal(app.status, 'changed');
    assert.ok(app.lines.includes('instances 3 → 6'), app.lines.join('\n'));
    assert.ok(app.lines.includes('call added: app → audit (mixed)'), app.lines.join('\n'));
    // app's ceiling doubles with its instances: the figure that moved, in scale diff's words.
    assert.ok(app.lines.some((l) => /^ceiling \(rps\) [\d,]+ → [\d,]+ \(\+100%\)$/.test(l)), app.lines.join('\n'));
    // A component nothing touched carries nothing.
    assert.equal(m.nodes.filter((n) => n.change?.status === 'unchanged' && n.change.lines.length === 0).length, 0);
    const byEnds = new Map(m.edges.map((e) => [`${e.from}>${e.to}`, e.change] as const));
    assert.equal(byEnds.get('c:app>c:audit'), 'added');
    assert.equal(byEnds.get('c:app>c:db'), undefined, 'an unchanged call has no change');
    assert.match(m.change!.summary, /^1 component added, 1 changed · 1 call added$/);
    assert.equal(m.change!.base, 'HEAD');
  });

  it('lays out the removed components and calls with the others, after them, outside any region box', () => {
    const base = head;
    const removedSearch = withoutSearch;
    assert.ok(!removedSearch.includes('"search"'), 'search is gone from the head');
    assert.equal(checkText(removedSearch).modelErrors, 0);
    const m = compared(base, removedSearch);
    assert.deepEqual(ids(m.change!.removedNodes).sort(), ['audit', 'search']);
    const ghosts = new Set(m.change!.removedNodes.map((n) => n.elkId));
    // In the ELK graph at the root, after every declared component, and never one of the head's nodes.
    const rootIds = m.graph!.children!.map((c) => c.id);
    for (const g of ghosts) assert.ok(rootIds.includes(g), `${g} is laid out at the root`);
    assert.ok(m.nodes.every((n) => !ghosts.has(n.elkId)));
    const edgeIds = new Set(m.graph!.edges!.map((e) => e.id));
    const removedEdges = m.change!.removedEdges.map((e) => `${e.from}>${e.to}`).sort();
    assert.deepEqual(removedEdges, [...[...ghosts].map((g) => `c:app>${g}`)].sort(), 'the calls from app to the removed components');
    for (const e of m.change!.removedEdges) assert.ok(edgeIds.has(e.elkId), 'each removed call is an edge of the graph');
    // Their figures on the base, in the hover.
    const search = m.change!.removedNodes.find((n) => n.id === 'search')!;
    assert.ok(search.lines.some((l) => /^load \(rps\) [\d,]+ → —$/.test(l)), search.lines.join('\n'));
    // The layout changes with them, and not without: the same text compared with itself keeps the plain diagram's key.
    const plain = buildDiagram(checkText(removedSearch));
    assert.notEqual(m.layoutKey, plain.layoutKey);
    assert.equal(compared(removedSearch, removedSearch).layoutKey, plain.layoutKey);
    assert.equal(compared(removedSearch, removedSearch).change!.summary, 'no change to components or calls');
  });

  it('draws a call to a removed component that the text still names as removed with it (a dangling call draws nothing)', () => {
    const dangling = edit(
      startup,
      '    "search": {\n      "kind": "database", "engine": "elasticsearch", "instances": 4, "consistency": "eventual",\n      "sharding": { "strategy": "consistentHash", "shards": 4, "vnodes": 2, "key": { "field": "listing_id" } }\n    },\n',
      '',
    );
    const m = compared(startup, dangling);
    const search = m.change!.removedNodes.find((n) => n.id === 'search')!;
    assert.deepEqual(m.change!.removedEdges.map((e) => `${e.from}>${e.to}`), [`c:app>${search.elkId}`]);
  });

  it('names a renamed component once, as changed, with its former id', () => {
    const renamed = startup.replaceAll('"orders"', '"orders-db"').replace('"kill": "orders"', '"kill": "orders-db"');
    const m = compared(startup, renamed);
    const node = m.nodes.find((n) => n.id === 'orders-db')!;
    assert.deepEqual([node.change?.status, node.change?.renamedFrom], ['changed', 'orders']);
    assert.ok(node.change!.lines.includes('renamed from orders'));
    assert.deepEqual(m.change!.removedNodes, [], 'not a removal and an addition');
  });

  it('lists the changes no component shows, and caps a hover\'s lines', () => {
    const workload = edit(startup, '"peakRps": ', '"peakRps": 1');
    const m = compared(startup, workload);
    assert.ok(m.change!.details.some((l) => l.startsWith('workload.peakRps ')), m.change!.details.join('\n'));
    assert.match(m.change!.summary, /^1 other change$/);
    // A workload change moves figures, not components: every node with a load says what moved, none is outlined.
    assert.ok(m.nodes.some((n) => n.change?.status === 'unchanged' && n.change.lines.length > 0));

    const tags = (k: number) => Array.from({ length: 30 }, (_, i) => `"f${i}": ${i + k}`).join(', ');
    const tagged = (k: number) => edit(startup, '"kind": "service", "instances": 3, "zones": ["us-east-1a"]', `"kind": "service", "instances": 3, "zones": ["us-east-1a"], "tags": { ${tags(k)} }`);
    const wide = compared(tagged(0), tagged(1));
    const lines = wide.nodes.find((n) => n.id === 'app')!.change!.lines;
    assert.equal(lines.length, MAX_CHANGE_LINES);
    assert.match(lines.at(-1)!, /^… and \d+ more$/);
  });

  it('says when the base does not parse, and compares what it can', () => {
    const m = compared('{ "version": 1, "components": ', startup);
    assert.match(m.change!.summary, /^HEAD's version does not parse: \d+ components added/);
  });

  it('draws no more removed components than the layout takes, and says so', () => {
    const comps = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `"${prefix}${i}": { "kind": "service" }`).join(',\n');
    const text = (body: string) => `{"version":1,"workload":{"peakRps":10},"components":{${body}}}`;
    const m = compared(text(`${comps(10, 'old')},\n${comps(MAX_LAYOUT_NODES - 5, 'c')}`), text(comps(MAX_LAYOUT_NODES - 5, 'c')), { maxNodes: MAX_LAYOUT_NODES });
    assert.equal(m.change!.removedNodes.length, 5);
    assert.match(m.change!.details[0]!, /^5 removed components are not drawn: the diagram lays out at most 2,000/);
    assert.ok(m.graph, 'still laid out');
    // Drawn collapsed, the removed components are not drawn at all: the change says so.
    const collapsed = compared(text(`${comps(10, 'old')},\n${comps(300, 'c')}`), text(comps(300, 'c')), { maxNodes: 100 });
    assert.ok(collapsed.collapsed && collapsed.graph);
    assert.deepEqual(collapsed.change!.removedNodes, []);
    assert.match(collapsed.change!.details[0]!, /^10 removed components are not drawn: the diagram is drawn collapsed/);
  });

  it('is what the webview accepts, ranges converted for the wire', () => {
    for (const [base, text] of [[startup, head], [head, withoutSearch]] as const) {
      const wire = { ...mapDiagramRanges(compared(base, text), (r) => ({ start: { line: 0, character: r.offset }, end: { line: 0, character: r.offset + r.length } })), uri: 'file:///w/startup.scale.json', version: 1 };
      const parsed = DiagramData.safeParse(JSON.parse(JSON.stringify(wire)));
      assert.ok(parsed.success, parsed.success ? '' : parsed.error.message);
      assert.ok(parsed.data.change && parsed.data.nodes.some((n) => n.change));
    }
  });
});
