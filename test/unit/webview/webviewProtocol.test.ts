import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { MAX_FILE_CHARS } from '../../../src/core/model/parse';
import { HostMessage, MAX_EXPORT_BYTES, MAX_IMPORT_RECORDS, MAX_IMPORTED_CHARS, PanelState, WebviewMessage } from '../../../src/core/webviewProtocol';
import { importSnapshotOf } from '../../support/exampleImports';
import { DENSE_IN_REGIONS, generateTopology } from '../../bench/generateTopology';
import { importsOf } from '../../support/exampleImports';
import { diagramOf } from './chromiumPage';

const EXAMPLES = path.resolve(__dirname, '../../../examples');
/** An example's diagram, with what it imports. */
const example = (name: string) => {
  const file = path.join(EXAMPLES, `${name}.scale.json`);
  return diagramOf(fs.readFileSync(file, 'utf8'), undefined, undefined, undefined, importsOf(file));
};
const show = (diagram: unknown) => ({ type: 'diagram', file: 'a.scale.json', diagram });
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
/** The start of an exported SVG file, and a PNG's signature with the start of its header, as base64. */
const SVG = '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>\n';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).toString('base64');
const source = { type: 'source', uri: 'file:///w/a.scale.json', file: 'a.scale.json', version: 3, text: '{ "version": 1 }', seed: 7 };

describe('webview protocol: every message validated, sizes capped', () => {
  describe('host → webview', () => {
    it('accepts the server\'s diagram of every example (with the boxes of what it imports), and of 1,000 components, as the webview receives it (JSON)', () => {
      for (const f of fs.readdirSync(EXAMPLES).filter((n) => n.endsWith('.scale.json'))) {
        const r = HostMessage.safeParse(clone(show(example(f.replace('.scale.json', '')))));
        assert.ok(r.success, `${f}: ${r.success ? '' : z.prettifyError(r.error)}`);
      }
      // The platform's box holds a zone's box: three levels of boxes.
      const feed = example('social-feed');
      assert.deepEqual(feed.groups.map((g) => g.kind), ['file', 'zone']);
      assert.ok(feed.nodes.some((n) => n.imported?.file.endsWith('/examples/platform/platform.scale.json')));
      // The largest drawing a message carries (--max-diagram-nodes at its top), and a large design drawn collapsed.
      const big = HostMessage.safeParse(clone(show(diagramOf(generateTopology(2000), undefined, 1, undefined, undefined, { maxNodes: 2000 }))));
      assert.ok(big.success, big.success ? '' : z.prettifyError(big.error).slice(0, 2000));
      const collapsed = HostMessage.safeParse(clone(show(diagramOf(generateTopology(5000, DENSE_IN_REGIONS)))));
      assert.ok(collapsed.success && collapsed.data.type === 'diagram' && collapsed.data.diagram.collapsed, collapsed.success ? '' : z.prettifyError(collapsed.error).slice(0, 2000));
      assert.ok(HostMessage.safeParse({ type: 'cursor', uri: 'file:///w/a.scale.json', line: 3, character: 0, version: 7 }).success);
      assert.ok(HostMessage.safeParse({ type: 'unavailable', file: 'a', reason: 'closed' }).success);
      assert.ok(HostMessage.safeParse({ type: 'export', id: 1, format: 'svg' }).success);
      assert.ok(HostMessage.safeParse({ type: 'export', id: 2, format: 'png' }).success);
      assert.ok(HostMessage.safeParse({ type: 'compareState', available: true, on: false }).success);
      assert.ok(HostMessage.safeParse({ type: 'compareState', available: false, on: false, reason: 'examples/a.scale.json is not in a git repository.' }).success);
    });

    it('accepts the document\'s text with the seed for the simulation panel, up to the largest file the core reads', () => {
      assert.ok(HostMessage.safeParse(source).success);
      assert.ok(HostMessage.safeParse({ ...source, text: ' '.repeat(MAX_FILE_CHARS), seed: 4_294_967_295 }).success);
    });

    it('accepts the reads of the document\'s imports with its text, as the server answers them, and refuses them past their bounds', () => {
      const payments = fs.readFileSync(path.join(EXAMPLES, 'payments.scale.json'), 'utf8');
      const imports = importSnapshotOf('examples/payments.scale.json', payments);
      assert.ok(imports.records.length > 0);
      assert.ok(HostMessage.safeParse({ ...source, text: payments, imports }).success);
      const refused = { importer: imports.file, from: './missing.scale.json', read: { refused: 'there is no such file' } };
      assert.ok(HostMessage.safeParse({ ...source, imports: { file: null, records: [{ ...refused, importer: null }] } }).success, 'a text with no file');
      const half = { importer: '/w/a.scale.json', from: './p.scale.json', read: { file: '/w/p.scale.json', text: ' '.repeat(MAX_IMPORTED_CHARS / 2) } };
      assert.ok(HostMessage.safeParse({ ...source, imports: { file: '/w/a.scale.json', records: [half, half] } }).success, 'imported texts up to the bound, all together');
      const bad: [string, unknown][] = [
        ['imported texts past the bound, all together', { file: '/w/a.scale.json', records: [half, half, { ...half, read: { ...half.read, text: ' ' } }] }],
        ['more reads than a check makes', { file: '/w/a.scale.json', records: Array.from({ length: MAX_IMPORT_RECORDS + 1 }, () => refused) }],
        ['a read that is both', { file: '/w/a.scale.json', records: [{ ...refused, read: { file: '/w/p.scale.json', text: '{}', refused: 'x' } }] }],
        ['an extra property', { file: '/w/a.scale.json', records: [], html: '<b>' }],
        ['a reason over 1,000 characters', { file: '/w/a.scale.json', records: [{ ...refused, read: { refused: 'x'.repeat(1001) } }] }],
      ];
      for (const [what, value] of bad) assert.ok(!HostMessage.safeParse({ ...source, imports: value }).success, what);
    });

    it('also under zod\'s jitless mode, which the webview uses', () => {
      const d = clone(show(example('url-shortener')));
      z.config({ jitless: true });
      try {
        assert.ok(HostMessage.safeParse(d).success);
        assert.ok(!HostMessage.safeParse({ ...d, extra: 1 }).success);
      } finally {
        z.config({ jitless: false });
      }
    });

    it('refuses malformed, oversized and unexpected data', () => {
      const good = clone(example('url-shortener'));
      const bad: [string, (d: any) => unknown][] = [
        ['an unknown message type', () => ({ type: 'eval', code: 'x' })],
        ['an extra property', (d) => ({ ...show(d), html: '<b>' })],
        ['an extra property deep inside', (d) => ((d.nodes[0].onclick = 'x'), show(d))],
        ['a missing property', (d) => (delete d.layoutKey, show(d))],
        ['an id over 1,000 characters', (d) => ((d.nodes[0].id = 'x'.repeat(1001)), show(d))],
        ['a message over 1,000 characters', (d) => ((d.fileFindings.items = [{ ruleId: 'r', severity: 'info', message: 'm'.repeat(1001), range: d.nodes[0].range }]), show(d))],
        ['a file name over 1,024 characters', (d) => ({ ...show(d), file: 'f'.repeat(1025) })],
        ['more than 2,000 nodes', (d) => ((d.nodes = Array.from({ length: 2001 }, () => d.nodes[0])), show(d))],
        ['more than 10,000 edges', (d) => ((d.edges = Array.from({ length: 10_001 }, () => d.edges[0])), show(d))],
        ['more than 20 findings listed on a node', (d) => ((d.nodes[0].findings.items = Array.from({ length: 21 }, () => ({ ruleId: 'r', severity: 'info', message: 'm', range: d.nodes[0].range }))), show(d))],
        ['an unknown severity', (d) => ((d.fileFindings.items = [{ ruleId: 'r', severity: 'fatal', message: 'm', range: d.nodes[0].range }]), show(d))],
        ['a negative line', (d) => ((d.nodes[0].range.start.line = -1), show(d))],
        ['a fractional character', (d) => ((d.nodes[0].range.start.character = 0.5), show(d))],
        ['a coordinate of Infinity', (d) => ((d.graph.children[0].width = Infinity), show(d))],
        ['a coordinate of NaN', (d) => ((d.graph.children[0].width = NaN), show(d))],
        ['a huge coordinate', (d) => ((d.graph.children[0].width = 1e9), show(d))],
        ['a node nested deeper than file › region › zone › component', (d) => ((d.graph.children = [{ id: 'f:a', children: [{ id: 'r:a', children: [{ id: 'z:b', children: [{ id: 'z:c', children: [{ id: 'c:x', width: 1, height: 1 }] }] }] }] }]), show(d))],
        ['an imported node without the file it is declared in', (d) => ((d.nodes[0].imported = { from: './p.scale.json' }), show(d))],
        ['a box of a kind there is none of', (d) => ((d.groups = [{ elkId: 'p:a', kind: 'package', name: 'a' }]), show(d))],
        ['an edge with two sources', (d) => ((d.graph.edges[0].sources = ['c:a', 'c:b']), show(d))],
        ['too many layout options', (d) => ((d.graph.layoutOptions = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`o${i}`, 'v']))), show(d))],
        ['a string where a number goes', (d) => ((d.totals.error = '1'), show(d))],
        ['not an object at all', () => 'diagram'],
        ['null', () => null],
        ['an array', () => [show(good)]],
        ['a cursor with a line past 10 million', () => ({ type: 'cursor', uri: 'file:///w/a.scale.json', line: 1e8, character: 0, version: 1 })],
        ['a cursor without the version of the text it is in', () => ({ type: 'cursor', uri: 'file:///w/a.scale.json', line: 3, character: 0 })],
        ['a cursor without its document', () => ({ type: 'cursor', line: 3, character: 0, version: 1 })],
        ['a cursor with a fractional version', () => ({ type: 'cursor', uri: 'file:///w/a.scale.json', line: 3, character: 0, version: 1.5 })],
        ['a source longer than the largest file the core reads', () => ({ ...source, text: ' '.repeat(MAX_FILE_CHARS + 1) })],
        ['a source with a negative seed', () => ({ ...source, seed: -1 })],
        ['a source with a seed past 32 bits', () => ({ ...source, seed: 2 ** 32 })],
        ['a source without its text', () => ({ type: 'source', uri: 'file:///a', file: 'a', version: 1, seed: 1 })],
        ['an export to a format there is none of', () => ({ type: 'export', id: 1, format: 'pdf' })],
        ['an export without an id', () => ({ type: 'export', format: 'svg' })],
        ['an export numbered 0', () => ({ type: 'export', id: 0, format: 'svg' })],
        ['a comparison state without whether it is on', () => ({ type: 'compareState', available: true })],
        ['a comparison state whose reason is over 1,000 characters', () => ({ type: 'compareState', available: false, on: false, reason: 'r'.repeat(1001) })],
        ['a change with a hover line over 400 characters', (d) => ((d.nodes[0].change = { status: 'added', lines: ['l'.repeat(401)] }), show(d))],
        ['a change with more than 16 hover lines', (d) => ((d.nodes[0].change = { status: 'changed', lines: Array.from({ length: 17 }, () => 'l') }), show(d))],
        ['a change status a node cannot have', (d) => ((d.nodes[0].change = { status: 'removed', lines: [] }), show(d))],
        ['an edge removed from the head', (d) => ((d.edges[0].change = 'removed'), show(d))],
        ['a change with markup where a line goes', (d) => ((d.change = { base: 'HEAD', summary: 's', details: [], removedNodes: [{ elkId: 'c:x', id: 'x', kind: 'service', lines: [{ html: '<b>' }] }], removedEdges: [] }), show(d))],
        ['a change without its summary', (d) => ((d.change = { base: 'HEAD', details: [], removedNodes: [], removedEdges: [] }), show(d))],
      ];
      for (const [what, make] of bad) assert.ok(!HostMessage.safeParse(make(clone(good))).success, `accepted ${what}`);
    });
  });

  describe('webview → host', () => {
    it('accepts the handshake, reveals, layout reports, exports and the simulation panel\'s messages', () => {
      for (const m of [
        { type: 'ready' },
        { type: 'reveal', line: 3, character: 4 },
        { type: 'reveal', line: 3, character: 4, endLine: 3, endCharacter: 9 },
        { type: 'reveal', line: 17, character: 4, endLine: 17, endCharacter: 10, uri: 'file:///w/platform/platform.scale.json' },
        { type: 'layoutReport', outcome: 'laidOut', ms: 12.5, drawMs: 3, nodes: 6, edges: 5 },
        { type: 'layoutReport', outcome: 'error', ms: 1, drawMs: 0, nodes: 6, edges: 5, detail: 'x' },
        { type: 'simulationPanel', open: true },
        { type: 'simulationReport', kind: 'scenarios', outcome: 'done', ms: 420.5, scenarios: 4, held: 5, violated: 0 },
        { type: 'simulationReport', kind: 'whatIf', outcome: 'notSimulated', ms: 3, scenarios: 0, held: 0, violated: 0, detail: 'the file does not validate' },
        { type: 'saveImage', format: 'png' },
        { type: 'exported', id: 1, format: 'svg', data: SVG },
        { type: 'exported', id: 2, format: 'png', data: PNG },
        { type: 'exported', id: 3, format: 'svg', data: SVG + ' '.repeat(MAX_EXPORT_BYTES - SVG.length) },
        { type: 'exportFailed', id: 4, reason: 'No PNG: the diagram is shown as a list, not drawn.' },
        { type: 'compare', on: true },
        { type: 'compare', on: false },
      ]) assert.ok(WebviewMessage.safeParse(m).success, JSON.stringify(m).slice(0, 200));
    });

    it('refuses anything else', () => {
      for (const m of [
        undefined, null, 'ready', 42, [], {},
        { type: 'ready', extra: true },
        { type: 'command', command: 'workbench.action.terminal.new' },
        { type: 'reveal', line: -1, character: 0 },
        { type: 'reveal', line: 1.5, character: 0 },
        { type: 'reveal', line: '1', character: 0 },
        { type: 'reveal', line: 1e12, character: 0 },
        { type: 'reveal', line: 1 },
        { type: 'layoutReport', outcome: 'hacked', ms: 1, drawMs: 1, nodes: 1, edges: 1 },
        { type: 'layoutReport', outcome: 'laidOut', ms: 1, nodes: 1, edges: 1 },
        { type: 'layoutReport', outcome: 'laidOut', ms: 1, drawMs: 1, nodes: 1, edges: 1, detail: 'd'.repeat(501) },
        { type: 'layoutReport', outcome: 'laidOut', ms: Infinity, drawMs: 1, nodes: 1, edges: 1 },
        JSON.parse('{"type":"ready","__proto__":{"polluted":true}}'),
        { type: 'simulationPanel', open: 'yes' },
        { type: 'simulationPanel' },
        { type: 'simulationReport', kind: 'scenarios', outcome: 'done', ms: 1, scenarios: 1, held: 1 },
        { type: 'simulationReport', kind: 'run', outcome: 'done', ms: 1, scenarios: 1, held: 1, violated: 0 },
        { type: 'simulationReport', kind: 'whatIf', outcome: 'done', ms: 1, scenarios: 1.5, held: 1, violated: 0 },
        { type: 'simulationReport', kind: 'whatIf', outcome: 'error', ms: 1, scenarios: 1, held: 0, violated: 0, detail: 'd'.repeat(501) },
        { type: 'saveImage', format: 'jpeg' },
        { type: 'exported', id: 1, format: 'svg', data: '<svg xmlns="http://www.w3.org/2000/svg"/>' },
        { type: 'exported', id: 1, format: 'svg', data: SVG + ' '.repeat(MAX_EXPORT_BYTES) },
        { type: 'exported', id: 1, format: 'png', data: SVG },
        { type: 'exported', id: 1, format: 'png', data: `${PNG}<script>` },
        { type: 'exported', id: 1, format: 'png', data: Buffer.from('GIF89a').toString('base64') },
        { type: 'exported', id: 1, format: 'png', data: PNG + 'A'.repeat(Math.ceil(MAX_EXPORT_BYTES / 3) * 4) },
        { type: 'exported', id: 1.5, format: 'svg', data: SVG },
        { type: 'exported', id: 1, format: 'svg' },
        { type: 'exportFailed', id: 1, reason: 'r'.repeat(1001) },
        { type: 'exportFailed', id: 1 },
        { type: 'compare', on: 'yes' },
        { type: 'compare' },
        { type: 'compare', on: true, ref: 'HEAD~3' },
      ]) assert.ok(!WebviewMessage.safeParse(m).success, (JSON.stringify(m) ?? String(m)).slice(0, 200));
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
  });

  describe('panel state (setState, and the serializer after a reload)', () => {
    it('keeps the document and the view, within bounds', () => {
      assert.ok(PanelState.safeParse({ uri: 'file:///a.scale.json' }).success);
      assert.ok(PanelState.safeParse({ uri: 'file:///a.scale.json', view: { x: -20, y: 10.5, k: 0.8 } }).success);
      assert.ok(PanelState.safeParse({ uri: 'file:///a.scale.json', compare: true }).success);
      for (const s of [
        { uri: 'u'.repeat(4097) },
        { uri: 'file:///a', view: { x: 0, y: 0, k: 0 } },
        { uri: 'file:///a', view: { x: 0, y: 0, k: 1000 } },
        { uri: 'file:///a', view: { x: NaN, y: 0, k: 1 } },
        { uri: 'file:///a', other: 1 },
        { uri: 'file:///a', compare: 'HEAD' },
        { view: { x: 0, y: 0, k: 1 } },
      ]) assert.ok(!PanelState.safeParse(s).success, JSON.stringify(s));
    });

    it('keeps the simulation panel and its what-if, within bounds', () => {
      const simulation = {
        open: true, tab: 'whatIf', selected: 'urls', scenario: 2,
        workload: { peakRps: 80_000, readFraction: 0.9, keys: { distribution: 'zipf', exponent: 1.2 } },
        algorithms: [{ balancer: 'edge-lb', algorithm: 'powerOfTwoChoices' }],
        faults: [{ component: 'urls', instance: 0, action: 'kill' }, { component: 'api', instance: 3, action: 'slow', latencyMs: 2000, restore: true }],
        outages: [{ kind: 'zone', name: 'us-east-1a' }, { kind: 'region', name: 'eu-west-1', restore: true }],
      };
      assert.ok(PanelState.safeParse({ uri: 'file:///a', simulation }).success);
      // A state kept before zone and region outages were offered has none.
      const { outages: _, ...before } = simulation;
      assert.deepEqual(PanelState.parse({ uri: 'file:///a', simulation: before }).simulation?.outages, []);
      assert.ok(PanelState.safeParse({ uri: 'file:///a', simulation: { open: false, tab: 'scenarios', workload: {}, algorithms: [], faults: [] } }).success);
      for (const bad of [
        { ...simulation, tab: 'shell' },
        { ...simulation, workload: { readFraction: 1.5 } },
        { ...simulation, workload: { keys: { distribution: 'pareto' } } },
        { ...simulation, algorithms: [{ balancer: 'edge-lb', algorithm: 'fastest' }] },
        { ...simulation, faults: [{ component: 'urls', instance: -1, action: 'kill' }] },
        { ...simulation, faults: [{ component: 'urls', instance: 0, action: 'explode' }] },
        { ...simulation, faults: Array.from({ length: 201 }, () => simulation.faults[0]) },
        { ...simulation, outages: [{ kind: 'planet', name: 'earth' }] },
        { ...simulation, outages: [{ kind: 'zone', name: 'z'.repeat(129) }] },
        { ...simulation, outages: [{ kind: 'zone', name: 'a', restore: 'yes' }] },
        { ...simulation, outages: Array.from({ length: 201 }, () => simulation.outages[0]) },
        { ...simulation, selected: 'x'.repeat(201) },
        { ...simulation, extra: 1 },
      ]) assert.ok(!PanelState.safeParse({ uri: 'file:///a', simulation: bad }).success, JSON.stringify(bad).slice(0, 200));
    });
  });
});
