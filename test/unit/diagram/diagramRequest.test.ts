/**
 * scale/diagram through a real JSON-RPC connection to the built server: the
 * answer the diagram panel relays to the webview.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Range } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DIAGRAM_METHOD, type DiagramResult } from '../../../src/core/protocol';
import { DiagramData } from '../../../src/core/webviewProtocol';
import { DIAGRAM_NODE_BOUND } from '../../../src/core/diagram/elkOptions';
import { DENSE_IN_REGIONS, generateTopology } from '../../bench/generateTopology';
import { writeUnder } from '../../support/linkedFolders';
import { LspClient } from '../../server/lspClient';

const TEXT = `{
  "version": 1,
  "name": "shop",
  "workload": { "peakRps": 2000, "readFraction": 0.9 },
  "components": {
    "web": { "kind": "client", "calls": ["lb"] },
    "lb": { "kind": "loadBalancer", "instances": 2, "calls": ["api"] },
    "api": { "kind": "service", "instances": 4, "region": "eu", "capacity": { "rps": 1000 }, "calls": ["db", "nowhere"] },
    "db": { "kind": "database", "instances": 2 }
  }
}
`;

function rangeText(text: string, range: Range): string {
  const doc = TextDocument.create('x', 'jsonc', 1, text);
  return text.slice(doc.offsetAt(range.start), doc.offsetAt(range.end));
}

describe('scale/diagram over JSON-RPC', function () {
  this.timeout(30_000);
  let client: LspClient;
  const uri = 'file:///virtual/shop.scale.json';

  beforeEach(() => {
    client = new LspClient();
  });
  afterEach(async () => {
    await client.stop();
  });

  it('answers with the ELK graph, the layout key, and per node LSP ranges and the findings of the squiggles', async () => {
    await client.initialize();
    await client.open(uri, TEXT);
    const diags: Diagnostic[] = await client.diagnostics(uri, (d) => d.length > 0);
    const r = (await client.request<DiagramResult | null>(DIAGRAM_METHOD, { uri }))!;
    assert.equal(r.uri, uri);
    assert.equal(r.version, 1);
    assert.ok(r.graph && r.layoutKey);
    assert.ok(DiagramData.safeParse(r).success, 'the webview accepts it');
    assert.deepEqual(r.nodes.map((n) => n.id), ['web', 'lb', 'api', 'db']);
    for (const n of r.nodes) {
      assert.equal(rangeText(TEXT, n.keyRange), JSON.stringify(n.id));
      assert.ok(rangeText(TEXT, n.range).startsWith(`${JSON.stringify(n.id)}: {`));
    }
    assert.deepEqual(r.groups.map((g) => g.name), ['eu']);
    // The dangling call to "nowhere" is a finding on api, never an edge.
    assert.deepEqual(r.edges.map((e) => `${e.from}>${e.to}`), ['c:web>c:lb', 'c:lb>c:api', 'c:api>c:db']);
    const api = r.nodes.find((n) => n.id === 'api')!;
    const unknown = api.findings.items.find((f) => f.ruleId === 'unknown-reference')!;
    const published = diags.find((d) => d.code === 'unknown-reference')!;
    assert.deepEqual(unknown.range, published.range);
    assert.equal(unknown.message, published.message);
    const total = r.nodes.reduce((s, n) => s + n.findings.counts.error + n.findings.counts.warning + n.findings.counts.info, 0)
      + r.fileFindings.counts.error + r.fileFindings.counts.warning + r.fileFindings.counts.info;
    assert.equal(total, diags.length);
  });

  it('keeps the layout key across a numbers-only edit and changes it with the structure', async () => {
    await client.initialize();
    await client.open(uri, TEXT);
    const first = (await client.request<DiagramResult>(DIAGRAM_METHOD, { uri }));
    await client.change(uri, TEXT.replace('"peakRps": 2000', '"peakRps": 9000').replace('"instances": 4', '"instances": 40'));
    const numbers = (await client.request<DiagramResult>(DIAGRAM_METHOD, { uri }));
    assert.equal(numbers.version, 2);
    assert.equal(numbers.layoutKey, first.layoutKey);
    assert.notDeepEqual(numbers.edges.map((e) => e.rps), first.edges.map((e) => e.rps));
    await client.change(uri, TEXT.replace('"calls": ["db", "nowhere"]', '"calls": ["db"]').replace('"db": {', '"cache": { "kind": "cache" },\n    "db": {'));
    const structure = (await client.request<DiagramResult>(DIAGRAM_METHOD, { uri }));
    assert.notEqual(structure.layoutKey, first.layoutKey);
  });

  it('while the text does not parse, answers with the diagram of the last text that did, saying which version is current and what is wrong', async () => {
    await client.initialize();
    await client.open(uri, TEXT);
    const first = (await client.request<DiagramResult>(DIAGRAM_METHOD, { uri }));
    // Half typed: a new component's key and no value yet. Read as it stands, keys of "db" would become components.
    const halfTyped = TEXT.replace('"db": {', '"cache": { "ki\n    "db": {');
    await client.change(uri, halfTyped);
    const held = (await client.request<DiagramResult>(DIAGRAM_METHOD, { uri }));
    assert.ok(DiagramData.safeParse(held).success, 'the webview accepts it');
    assert.equal(held.version, 2);
    assert.deepEqual(held.nodes.map((n) => n.id), first.nodes.map((n) => n.id));
    assert.equal(held.layoutKey, first.layoutKey);
    assert.equal(held.lastParsed?.version, 1);
    assert.match(held.lastParsed!.problem, /^line 9: \S/);
    // Its ranges are where those declarations are in the text as it is now (a click reveals them, the cursor finds them).
    for (const n of held.nodes) assert.equal(rangeText(halfTyped, n.keyRange), JSON.stringify(n.id));
    // Typed to the end: its own diagram again.
    const withCache = TEXT.replace('"db": {', '"cache": { "kind": "cache" },\n    "db": {');
    await client.change(uri, withCache);
    const done = (await client.request<DiagramResult>(DIAGRAM_METHOD, { uri }));
    assert.equal(done.version, 3);
    assert.equal(done.lastParsed, undefined);
    assert.ok(done.nodes.some((n) => n.id === 'cache'));
    // A text that parsed and was validated, but not drawn (no panel asked): still the one shown while the next is half typed.
    await client.change(uri, withCache.replace('"instances": 4', '"instances": 5'));
    await client.validatedVersion(uri, 4);
    const typing = withCache.replace('"instances": 4', '"instances": 5').replace('"web": {', '"web": { "ki');
    await client.change(uri, typing);
    const later = (await client.request<DiagramResult>(DIAGRAM_METHOD, { uri }));
    assert.equal(later.version, 5);
    assert.equal(later.lastParsed?.version, 4);
    assert.ok(later.nodes.some((n) => n.id === 'cache'));
    for (const n of later.nodes) assert.equal(rangeText(typing, n.keyRange), JSON.stringify(n.id));
  });

  it('draws a document opened with a syntax error as well as it reads (there is no earlier text)', async () => {
    await client.initialize();
    await client.open(uri, TEXT.replace('"db": {', '"cache": { "ki\n    "db": {'));
    const r = (await client.request<DiagramResult>(DIAGRAM_METHOD, { uri }));
    assert.equal(r.version, 1);
    assert.equal(r.lastParsed, undefined);
    assert.ok(r.nodes.length > 0);
  });

  it('draws a topology past the bound collapsed, opens the groups asked for, and keeps them open while the text is half typed', async () => {
    await client.initialize();
    const text = generateTopology(200, DENSE_IN_REGIONS);
    await client.open(uri, text);
    const r = (await client.request<DiagramResult>(DIAGRAM_METHOD, { uri }))!;
    assert.ok(DiagramData.safeParse(r).success, 'the webview accepts it');
    assert.ok(r.graph && r.collapsed);
    assert.match(r.collapsed.note, new RegExp(`^${Object.keys(JSON.parse(text).components).length} components, more than the ${DIAGRAM_NODE_BOUND} the diagram draws at once`));
    assert.ok(r.nodes.length + r.collapsed.clusters.length <= DIAGRAM_NODE_BOUND);
    const zone = r.collapsed.clusters.find((c) => c.kind === 'zone')!;
    assert.ok(!r.nodes.some((n) => n.zones?.length === 1 && n.zones[0] === zone.name));
    const inZone = (d: DiagramResult) => d.nodes.filter((n) => n.zones?.length === 1 && n.zones[0] === zone.name).length;
    // Malformed keys are ignored, the rest honoured.
    const opened = (await client.request<DiagramResult>(DIAGRAM_METHOD, { uri, opened: [42, null, zone.key] }))!;
    assert.deepEqual(opened.collapsed!.opened, [{ key: zone.key, title: zone.title }]);
    assert.equal(inZone(opened), zone.components);
    assert.notEqual(opened.layoutKey, r.layoutKey);
    // Half typed: the last text that parsed, with the groups asked for open (and closed again when no longer asked for).
    await client.change(uri, text.replace('"components": {', '"components": {\n    "new": { "ki'));
    const held = (await client.request<DiagramResult>(DIAGRAM_METHOD, { uri, opened: [zone.key] }))!;
    assert.equal(held.lastParsed?.version, 1);
    assert.equal(inZone(held), zone.components);
    const closed = (await client.request<DiagramResult>(DIAGRAM_METHOD, { uri }))!;
    assert.equal(inZone(closed), 0);
    assert.equal(closed.layoutKey, r.layoutKey);
  });

  it('answers null for documents it does not serve and for malformed parameters, and keeps serving', async () => {
    await client.initialize();
    await client.open(uri, TEXT);
    assert.equal(await client.request(DIAGRAM_METHOD, { uri: 'file:///virtual/closed.scale.json' }), null);
    assert.equal(await client.request(DIAGRAM_METHOD, { uri: 'file:///virtual/package.json' }), null);
    assert.equal(await client.request(DIAGRAM_METHOD, { uri: 42 }), null);
    assert.equal(await client.request(DIAGRAM_METHOD, null), null);
    const r = await client.request<DiagramResult | null>(DIAGRAM_METHOD, { uri });
    assert.ok(r?.graph);
    assert.equal(client.exitCode, null);
  });

  it('compared with a base, answers with the change: added and changed marked, the removed laid out, as the text is edited', async () => {
    await client.initialize();
    const head = TEXT.replace('"instances": 4', '"instances": 8').replace('"db": {', '"cache": { "kind": "cache" },\n    "db": {');
    const base = { text: TEXT.replace('"web": {', '"old": { "kind": "service", "calls": ["db"] },\n    "web": {'), label: 'HEAD' };
    await client.open(uri, head);
    const r = (await client.request<DiagramResult>(DIAGRAM_METHOD, { uri, base }));
    assert.ok(DiagramData.safeParse(r).success, 'the webview accepts it');
    const status = Object.fromEntries(r.nodes.map((n) => [n.id, n.change?.status ?? '-']));
    assert.deepEqual(status, { web: '-', lb: '-', api: 'changed', cache: 'added', db: '-' });
    assert.ok(r.nodes.find((n) => n.id === 'api')!.change!.lines.includes('instances 4 → 8'));
    assert.deepEqual(r.change?.removedNodes.map((n) => n.id), ['old']);
    assert.deepEqual(r.change?.removedEdges.map((e) => `${e.from}>${e.to}`), ['c:old>c:db']);
    assert.equal(r.change?.base, 'HEAD');
    assert.match(r.change!.summary, /^1 component added, 1 removed, 1 changed · 1 call removed$/);
    const plain = (await client.request<DiagramResult>(DIAGRAM_METHOD, { uri }));
    assert.equal(plain.change, undefined, 'without a base, no comparison');
    assert.notEqual(plain.layoutKey, r.layoutKey, 'the removed component is laid out only in the comparison');

    // Half typed: the comparison of the last text that parsed, as the plain diagram is.
    await client.change(uri, head.replace('"web": {', '"new": { "ki\n    "web": {'));
    const held = (await client.request<DiagramResult>(DIAGRAM_METHOD, { uri, base }));
    assert.equal(held.lastParsed?.version, 1);
    assert.deepEqual(held.nodes.map((n) => n.change?.status ?? '-'), r.nodes.map((n) => n.change?.status ?? '-'));
    assert.equal(held.layoutKey, r.layoutKey);
    // Typed to the end: the new component is added too.
    await client.change(uri, head.replace('"web": {', '"new": { "kind": "service" },\n    "web": {'));
    const typed = (await client.request<DiagramResult>(DIAGRAM_METHOD, { uri, base }));
    assert.equal(typed.nodes.find((n) => n.id === 'new')?.change?.status, 'added');
    // A malformed base is no base.
    const odd = (await client.request<DiagramResult>(DIAGRAM_METHOD, { uri, base: { text: 42, label: 'HEAD' } }));
    assert.equal(odd.change, undefined);
    assert.ok(odd.graph);
  });

  describe('a design that imports', () => {
    let ws: string;
    const fileUri = (rel: string) => pathToFileURL(path.join(ws, rel)).href;
    const examples = path.resolve(__dirname, '../../../examples');
    const feed = fs.readFileSync(path.join(examples, 'social-feed.scale.json'), 'utf8');
    const platform = fs.readFileSync(path.join(examples, 'platform', 'platform.scale.json'), 'utf8');

    beforeEach(() => {
      ws = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'scale-diagram-imports-')));
      writeUnder(ws, 'social-feed.scale.json', feed);
      writeUnder(ws, 'platform/platform.scale.json', platform);
    });
    afterEach(() => fs.rmSync(ws, { recursive: true, force: true }));

    it('answers with the imported components in their file\'s box, each with its declaration\'s range in that file and the file\'s URI; kept while the text is half typed', async () => {
      const uri = fileUri('social-feed.scale.json');
      await client.initialize([ws]);
      await client.open(uri, feed);
      await client.diagnostics(uri, (d) => d.some((x) => x.code === 'single-point-of-failure'));
      const r = (await client.request<DiagramResult>(DIAGRAM_METHOD, { uri }))!;
      assert.ok(DiagramData.safeParse(r).success, 'the webview accepts it');
      assert.deepEqual(r.groups.map((g) => `${g.kind} ${g.name}`), ['file ./platform/platform.scale.json', 'zone us-east-1a']);
      const imported = r.nodes.filter((n) => n.imported);
      assert.deepEqual(imported.map((n) => n.id), ['auth', 'auth-db', 'events', 'event-archive']);
      for (const n of imported) {
        assert.equal(n.imported!.file, fileUri('platform/platform.scale.json'));
        assert.equal(rangeText(platform, n.keyRange), JSON.stringify(n.id), `${n.id} in the platform's text`);
      }
      const spof = imported.find((n) => n.id === 'auth-db')!.findings.items.find((f) => f.ruleId === 'single-point-of-failure')!;
      assert.equal(rangeText(feed, spof.range), '"./platform/platform.scale.json"', 'the finding on the import, in the document');
      // Half typed: the last text that parsed is drawn, the document's ranges moved, the platform's left where they are.
      const halfTyped = feed.replace('"apps": {', '"x": { "ki\n    "apps": {');
      await client.change(uri, halfTyped);
      const held = (await client.request<DiagramResult>(DIAGRAM_METHOD, { uri }))!;
      assert.equal(held.lastParsed?.version, 1);
      assert.deepEqual(held.nodes.filter((n) => n.imported).map((n) => n.keyRange), imported.map((n) => n.keyRange));
      assert.equal(rangeText(halfTyped, held.nodes.find((n) => n.id === 'apps')!.keyRange), '"apps"');
    });
  });
});
