/**
 * The language server through a real JSON-RPC connection: the built server
 * spawned as a process, driven the way an editor drives it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CodeAction, type CodeLens, type CompletionItem, type Diagnostic, type DocumentSymbol, type Hover, type Location, type Range, SymbolKind, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkText } from '../../src/core/check';
import type { DiagramResult } from '../../src/core/protocol';
import { hostileText } from '../support/hostileText';
import { MARKDOWN_MARKUP, markdownHazards } from '../support/markdownHazards';
import { LspClient } from './lspClient';

const TEXT = `{
  "version": 1,
  "name": "shop",
  "workload": { "peakRps": 2000, "readFraction": 0.9 },
  "components": {
    "web": { "kind": "client", "calls": ["lb"] },
    "lb": { "kind": "loadBalancer", "instances": 2, "calls": ["api"] },
    "api": { "kind": "service", "instances": 4, "capacity": { "rps": 1000 }, "calls": ["db"] },
    "db": { "kind": "database", "instances": 2 }
  },
  "scenarios": [
    { "name": "api dies", "faults": [{ "at": "10s", "kill": "api#1" }] }
  ]
}
`;

/** Applies an LSP workspace edit's changes for one document. */
function applyWorkspaceEdit(text: string, uri: string, edit: WorkspaceEdit): string {
  const doc = TextDocument.create(uri, 'jsonc', 1, text);
  return TextDocument.applyEdits(doc, edit.changes![uri]!);
}

function positionOf(text: string, needle: string, delta = 1) {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, needle);
  return TextDocument.create('x', 'jsonc', 1, text).positionAt(offset + delta);
}

function rangeText(text: string, range: Range): string {
  const doc = TextDocument.create('x', 'jsonc', 1, text);
  return text.slice(doc.offsetAt(range.start), doc.offsetAt(range.end));
}

describe('language server over JSON-RPC', function () {
  this.timeout(30_000);
  let client: LspClient;
  let dir: string;
  const uri = 'file:///virtual/shop.scale.json';

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-lsp-'));
    client = new LspClient();
  });
  afterEach(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publishes diagnostics on open, with rule ids, exact ranges and docs links', async () => {
    const init = await client.initialize();
    assert.ok(init.capabilities.hoverProvider && init.capabilities.renameProvider);
    await client.open(uri, TEXT);
    const diags = await client.diagnostics(uri, (d) => d.length > 0);
    const mhc = diags.find((d) => d.code === 'missing-health-check')!;
    assert.equal(mhc.source, 'scale');
    assert.equal(mhc.severity, 2);
    assert.equal(rangeText(TEXT, mhc.range), '"lb"');
    assert.match(mhc.codeDescription!.href, /docs\/rules\/missing-health-check\.md$/);
  });

  it('serves documents by file pattern, whatever the language id, and ignores other files', async () => {
    await client.initialize();
    await client.open('file:///virtual/a.scale.json', TEXT, 'plaintext');
    await client.open('file:///virtual/package.json', '{ "name": 1 }', 'json');
    await client.diagnostics('file:///virtual/a.scale.json', (d) => d.length > 0);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: 'file:///virtual/package.json' }, position: { line: 0, character: 4 } });
    assert.equal(hover, null);
    assert.ok(!client.published.some((p) => p.uri.endsWith('package.json')));
  });

  it('offers each fix as a Quick Fix; applying it clears the finding', async () => {
    await client.initialize();
    await client.open(uri, TEXT);
    const diags = await client.diagnostics(uri, (d) => d.length > 0);
    const mhc = diags.find((d) => d.code === 'missing-health-check')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: mhc.range, context: { diagnostics: [mhc] } });
    const fix = actions.find((a) => a.isPreferred && a.title.startsWith('Add a health check'))!;
    assert.ok(fix, actions.map((a) => a.title).join(', '));
    assert.deepEqual(fix.diagnostics, [mhc]);
    assert.ok(actions.some((a) => a.title === 'Turn off missing-health-check for this file'));
    const fixed = applyWorkspaceEdit(TEXT, uri, fix.edit!);
    const from = client.published.length;
    await client.change(uri, fixed);
    const after = await client.diagnostics(uri, (_d, v) => v === 2, 15_000, from);
    assert.ok(!after.some((d) => d.code === 'missing-health-check'), JSON.stringify(after.map((d) => d.code)));
  });

  it('"turn off this rule" adds it to the file\'s rules section', async () => {
    await client.initialize();
    await client.open(uri, TEXT);
    const diags = await client.diagnostics(uri, (d) => d.length > 0);
    const mhc = diags.find((d) => d.code === 'missing-health-check')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: mhc.range, context: { diagnostics: [mhc] } });
    const off = actions.find((a) => a.title === 'Turn off missing-health-check for this file')!;
    const fixed = applyWorkspaceEdit(TEXT, uri, off.edit!);
    assert.deepEqual(JSON.parse(fixed).rules, { 'missing-health-check': 'off' });
    assert.ok(!checkText(fixed).findings.some((f) => f.ruleId === 'missing-health-check'));
  });

  it('hovers a component with its computed load, utilization and findings', async () => {
    await client.initialize();
    await client.open(uri, TEXT);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(TEXT, '"api": {') });
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /\*\*api\*\* — service · 4 instances/);
    assert.match(value, /Load at peak: \*\*2,000 rps\*\* \(1,800 reads\/s, 200 writes\/s\), 100% of the 2,000 rps workload/);
    assert.match(value, /Utilization: request rate 50%/);
    assert.match(value, /Ceiling: 4,000 rps of peak load/);
    // Its availability and latency from it on, and what it costs the entry point's.
    assert.match(value, /\n\nRequests from here on: \*\*99\.9\d+%\*\* available \([\d.]+ min of downtime a month\), p50 0 ms, p99 \*\*0 ms\*\*\n\nCosts web: [\d.]+% of its downtime\n/);
    const onEntry = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(TEXT, '"web": {') });
    assert.match((onEntry.contents as { value: string }).value, /\n\nRequests entering here: \*\*99\.\d+%\*\* available/);
    assert.match(value, /\n\nHeadroom: saturates at \*\*2×\*\* today's peak \(request rate runs out first\), the 1st of 1 component to saturate as the workload grows$/);
    // On a reference, the same component.
    const onRef = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(TEXT, '["api"]', 2) });
    assert.match((onRef.contents as { value: string }).value, /\*\*api\*\*/);
  });

  it('hovers a component with where it stands at the file\'s growth target', async () => {
    await client.initialize();
    const text = TEXT.replace('"readFraction": 0.9 }', '"readFraction": 0.9, "growth": 3 }').replace('"db": { "kind": "database", "instances": 2 }', '"db": { "kind": "database", "instances": 2, "capacity": { "rps": 2000 } }');
    await client.open(uri, text);
    const value = async (needle: string) => ((await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, needle) })).contents as { value: string }).value;
    assert.match(await value('"api": {'), /Headroom: saturates at \*\*2×\*\* today's peak \(request rate runs out first\), the 1st of 2 components to saturate as the workload grows; short of the 3× growth target \(150% at 3×\)/);
    // db: each of 2 instances takes 1,000 rps of 2,000: 2× as well, after api in declaration order.
    assert.match(await value('"db": {'), /the 2nd of 2 components to saturate as the workload grows; short of the 3× growth target/);
    assert.match(await value('"db": {'), /\*\*warning\*\* `headroom` db is the 2nd of 2 to saturate before the target/);
  });

  it('hovers a rule id in the rules section with its documentation', async () => {
    await client.initialize();
    const text = TEXT.replace('"scenarios"', '"rules": { "capacity": "off" },\n  "scenarios"');
    await client.open(uri, text);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '"capacity": "off"', 3) });
    assert.match((hover.contents as { value: string }).value, /\*\*capacity\*\* — warning by default/);
  });

  it('hovers file text as text: no link, image or HTML from ids, zones, regions or messages; completion docs are plain text', async () => {
    await client.initialize();
    const hostile = 'file:///virtual/hostile.scale.json';
    const id = MARKDOWN_MARKUP[0]!;
    const text = hostileText()
      .replace('"calls": ["store"]', `"calls": ["store", ${JSON.stringify(id)}]`)
      .replace('"store": {', `${JSON.stringify(id)}: { "kind": "cache", "zones": ${JSON.stringify(MARKDOWN_MARKUP)} },\n    "store": {`);
    await client.open(hostile, text);
    for (const [needle, mentions] of [['"web": {', 'javascript'], ['"store": {', 'command'], [`${JSON.stringify(id)}: {`, 'example']] as const) {
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: hostile }, position: positionOf(text, needle) });
      const contents = hover.contents as { kind: string; value: string };
      assert.equal(contents.kind, 'markdown');
      assert.match(contents.value, new RegExp(mentions));
      assert.deepEqual(markdownHazards(contents.value), [], contents.value);
    }
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: hostile }, position: positionOf(text, '["store"', 2) });
    assert.ok(items.some((i) => i.label === id), items.map((i) => i.label).join(', '));
    for (const item of items) {
      if (item.documentation !== undefined) assert.equal((item.documentation as { kind: string }).kind, 'plaintext', item.label);
      assert.ok(item.detail === undefined || typeof item.detail === 'string', item.label);
    }
  });

  it('completes component ids in calls and instance targets in faults', async () => {
    await client.initialize();
    const text = TEXT.replace('"calls": ["db"]', '"calls": ["db", ""]');
    await client.open(uri, text);
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, '"db", ""', 7) });
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('db') && labels.includes('lb') && !labels.includes('api'), labels.join(', '));
    const faults = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, '"api#1"', 2) });
    assert.ok(faults.some((i) => i.label === 'api#3'), faults.map((i) => i.label).join(', '));
  });

  it('completes enum values with their docs for editors without the JSON schema', async () => {
    await client.initialize();
    const text = TEXT.replace('"kind": "loadBalancer"', '"kind": "loadBalancer", "algorithm": ""');
    await client.open(uri, text);
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, '"algorithm": ""', 14) });
    const p2c = items.find((i) => i.label === 'powerOfTwoChoices');
    assert.ok(p2c, items.map((i) => i.label).join(', '));
    assert.match((p2c.documentation as { value: string }).value, /backend instance is chosen/);
  });

  it('completes the fields a component of its kind takes while the key is typed, quote and colon included', async () => {
    await client.initialize();
    // A half-typed key: the file does not read, the component's kind is still known from the tree.
    const text = TEXT.replace('"kind": "database", "instances": 2 }', '"kind": "database", "instances": 2, "repl }');
    await client.open(uri, text);
    const at = positionOf(text, '"repl }', 5);
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: at });
    const replication = items.find((i) => i.label === 'replication');
    assert.ok(replication, items.map((i) => i.label).join(', '));
    assert.ok(!items.some((i) => i.label === 'kind' || i.label === 'instances' || i.label === 'algorithm'), items.map((i) => i.label).join(', '));
    const edit = replication.textEdit as { range: Range; newText: string };
    assert.equal(rangeText(text, edit.range), '"repl');
    assert.equal(edit.newText, '"replication": ');
    // Within a whole key, only the key is replaced: its colon is there.
    const whole = TEXT.replace('"instances": 2 }', '"instances": 2, "re": 1 }');
    await client.open('file:///virtual/whole.scale.json', whole);
    const inKey = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: 'file:///virtual/whole.scale.json' }, position: positionOf(whole, '"re": 1', 2) });
    const r2 = inKey.find((i) => i.label === 'replication')!.textEdit as { range: Range; newText: string };
    assert.equal(rangeText(whole, r2.range), '"re"');
    assert.equal(r2.newText, '"replication"');
    // A kind is changed to any other kind, not only to itself (which its variant alone allows).
    const kinds = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, '"loadBalancer"', 1) });
    assert.deepEqual(kinds.map((i) => i.label).sort(), ['cache', 'cdn', 'client', 'database', 'directory', 'loadBalancer', 'queue', 'service']);
  });

  it('hovers a field or an enum value with what the schema says of it', async () => {
    await client.initialize();
    const text = TEXT.replace('"kind": "loadBalancer"', '"kind": "loadBalancer", "algorithm": "roundRobin"');
    await client.open(uri, text);
    const onKey = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '"readFraction"', 3) });
    const key = (onKey.contents as { value: string }).value;
    assert.match(key, /^\*\*readFraction\*\* — The share of requests that only read/);
    assert.equal(rangeText(text, onKey.range!), '"readFraction"');
    assert.doesNotMatch(key, /One of/);
    const onValue = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '"roundRobin"', 3) });
    const value = (onValue.contents as { value: string }).value;
    assert.match(value, /^\*\*algorithm\*\* — /);
    assert.match(value, /One of `roundRobin`, .*`powerOfTwoChoices`/);
    // A kind is described as that kind, not as a list of one.
    const kind = ((await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '"loadBalancer"', 3) })).contents as { value: string }).value;
    assert.match(kind, /^\*\*kind\*\* — Spreads requests over/);
    assert.doesNotMatch(kind, /One of/);
    // Component ids keep their own hover, and punctuation is no hover at all.
    assert.match(((await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '"api": {') })).contents as { value: string }).value, /Load at peak/);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '{ "peakRps"', 0) }), null);
    // A client with its own JSON service asks for none of this.
    await client.stop();
    client = new LspClient();
    await client.initialize([], { schemaCompletions: false });
    await client.open(uri, TEXT);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: positionOf(TEXT, '"readFraction"', 3) }), null);
  });

  it('folds objects, arrays and comments, expands a selection outwards, and formats keeping comments and order', async () => {
    await client.initialize();
    const text = `{\n  // the shop\n  "version": 1, "name": "shop",\n  /* workload\n     at peak */\n  "workload": {\n  "peakRps": 2000\n  },\n  "components": {\n    "web": { "kind": "client", "calls": [\n      "api"\n    ] },\n    "api": { "kind": "service" }\n  }\n}\n`;
    await client.open(uri, text);
    const folds = await client.request<{ startLine: number; endLine: number; kind?: string }[]>('textDocument/foldingRange', { textDocument: { uri } });
    const lines = text.split('\n');
    const spans = folds.map((f) => `${lines[f.startLine]!.trim()}…${lines[f.endLine]!.trim()}`);
    assert.ok(spans.includes('"workload": {…"peakRps": 2000'), spans.join(' | '));
    assert.ok(spans.includes('"components": {…"api": { "kind": "service" }'), spans.join(' | '));
    assert.ok(spans.includes('"web": { "kind": "client", "calls": […"api"'), spans.join(' | '));
    assert.ok(folds.some((f) => f.kind === 'comment' && lines[f.startLine]!.includes('/* workload')), JSON.stringify(folds));

    const [sel] = await client.request<{ range: Range; parent?: unknown }[]>('textDocument/selectionRange', { textDocument: { uri }, positions: [positionOf(text, '"api"\n', 2)] });
    const steps: string[] = [];
    for (let s: { range: Range; parent?: unknown } | undefined = sel; s; s = s.parent as typeof s) steps.push(rangeText(text, s.range));
    assert.equal(steps[0], 'api');
    assert.ok(steps.includes('"api"'), steps.join(' | '));
    assert.ok(steps.some((x) => x.startsWith('"calls": [')), steps.join(' | '));
    assert.ok(steps.some((x) => x.startsWith('"web": {')), steps.join(' | '));
    assert.equal(steps[steps.length - 1], text.trimEnd());

    const edits = await client.request<{ range: Range; newText: string }[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    const formatted = TextDocument.applyEdits(TextDocument.create(uri, 'scale-topology', 1, text), edits);
    assert.match(formatted, /\n  "workload": \{\n    "peakRps": 2000\n  \},/);
    assert.match(formatted, /\/\/ the shop/);
    assert.match(formatted, /\/\* workload\n     at peak \*\//);
    assert.equal(formatted.replace(/\s/g, ''), text.replace(/\s/g, ''), 'only white space changes');
    assert.deepEqual(checkText(formatted).findings.map((f) => f.ruleId), checkText(text).findings.map((f) => f.ruleId));
    // A range formats only what it covers.
    const part = await client.request<{ range: Range; newText: string }[]>('textDocument/rangeFormatting', { textDocument: { uri }, range: { start: { line: 5, character: 0 }, end: { line: 7, character: 3 } }, options: { tabSize: 2, insertSpaces: true } });
    const partly = TextDocument.applyEdits(TextDocument.create(uri, 'scale-topology', 1, text), part);
    assert.match(partly, /\n  "workload": \{\n {4}"peakRps": 2000\n {2}\},/);
    assert.match(partly, /"web": \{ "kind": "client", "calls": \[\n      "api"\n    \] \}/, 'the components are as written');
  });

  it('goes to the definition of a reference and finds every reference', async () => {
    await client.initialize();
    await client.open(uri, TEXT);
    const defs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: positionOf(TEXT, '["api"]', 2) });
    assert.equal(defs.length, 1);
    assert.equal(rangeText(TEXT, defs[0]!.range), '"api"');
    assert.equal(defs[0]!.range.start.line, 7);
    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position: positionOf(TEXT, '"api": {'), context: { includeDeclaration: true } });
    assert.deepEqual(refs.map((r) => rangeText(TEXT, r.range)), ['"api"', '"api"', '"api#1"']);
  });

  it('renames a component everywhere, keeping instance suffixes, and refuses a clash', async () => {
    await client.initialize();
    await client.open(uri, TEXT);
    const prep = await client.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri }, position: positionOf(TEXT, '"api": {') });
    assert.equal(prep.placeholder, 'api');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: positionOf(TEXT, '"api": {'), newName: 'backend' });
    const renamed = applyWorkspaceEdit(TEXT, uri, edit);
    assert.match(renamed, /"backend": \{ "kind": "service"/);
    assert.match(renamed, /"calls": \["backend"\]/);
    assert.match(renamed, /"kill": "backend#1"/);
    assert.deepEqual(checkText(renamed).findings.filter((f) => f.ruleId === 'unknown-reference'), []);
    await assert.rejects(client.request('textDocument/rename', { textDocument: { uri }, position: positionOf(TEXT, '"api": {'), newName: 'db' }), /already exists/);
    await assert.rejects(client.request('textDocument/rename', { textDocument: { uri }, position: positionOf(TEXT, '"api": {'), newName: 'a b' }), /not a valid id/);
  });

  it('gives an outline of components and scenarios, and code lenses over scenarios', async () => {
    const init = await client.initialize();
    // Editors that show several outlines of a file (VS Code: this one and its JSON service's) name this one so.
    assert.deepEqual(init.capabilities.documentSymbolProvider, { label: 'Scale' });
    await client.open(uri, TEXT);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    // One root, named after the topology, whose range is the whole object; the sections below it.
    assert.deepEqual(symbols.map((s) => [s.name, s.detail, s.kind]), [['shop', '4 components · 1 scenario', SymbolKind.Module]]);
    const root = symbols[0]!;
    assert.deepEqual([root.range.start, root.range.end], [{ line: 0, character: 0 }, { line: 13, character: 1 }]);
    assert.equal(rangeText(TEXT, root.selectionRange), '"shop"');
    assert.deepEqual(root.children!.map((s) => s.name), ['version', 'name', 'workload', 'components', 'scenarios']);
    const components = root.children!.find((s) => s.name === 'components')!;
    assert.deepEqual(components.children!.map((c) => `${c.name}: ${c.detail}`), ['web: client', 'lb: loadBalancer · 2 instances', 'api: service · 4 instances', 'db: database · 2 instances']);
    assert.deepEqual(root.children!.find((s) => s.name === 'scenarios')!.children!.map((c) => c.name), ['api dies']);
    // Children inside their parents, selection ranges inside ranges, as LSP requires.
    const lines = TextDocument.create(uri, 'jsonc', 1, TEXT);
    const within = (inner: Range, outer: Range) => lines.offsetAt(inner.start) >= lines.offsetAt(outer.start) && lines.offsetAt(inner.end) <= lines.offsetAt(outer.end);
    const nested = (s: DocumentSymbol): boolean => within(s.selectionRange, s.range) && (s.children ?? []).every((c) => within(c.range, s.range) && nested(c));
    assert.ok(nested(root));
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lenses.map((l) => l.command!.title), ['▶ Run scenario']);
    assert.equal(lenses[0]!.range.start.line, 11);
    // A client with its own commands (the VS Code extension) gets its diagram lens too.
    await client.stop();
    client = new LspClient();
    await client.initialize([], { commands: { runScenario: 'x.run', showInDiagram: 'x.diagram' } });
    await client.open(uri, TEXT);
    const own = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(own.map((l) => `${l.command!.title} ${l.command!.command}`), ['▶ Run scenario x.run', 'Show in diagram x.diagram']);
  });

  it('runs a scenario off the request path (scale/runScenario), with the same outcome as scale simulate', async () => {
    await client.initialize();
    const text = TEXT.replace('"kill": "api#1" }]', '"kill": "api#1" }], "expect": { "failedRequests": 0 }');
    await client.open(uri, text);
    const r = await client.request<{ summary: string; text: string; held: boolean }>('scale/runScenario', { uri, index: 0, seed: 3 });
    assert.equal(r.held, false);
    assert.match(r.summary, /^Scenario "api dies": /);
    assert.match(r.text, /api dies/);
    // Meanwhile the server answers other requests.
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(symbols.length > 0);
    await assert.rejects(client.request('scale/runScenario', { uri, index: 7 }), /scenario #8 is not valid/);
  });

  it('runs a scenario that names its seed with that seed, whatever the request and the setting say, as scale simulate does', async () => {
    await client.stop();
    client = new LspClient({ simulationSeed: 5 });
    await client.initialize();
    const example = path.resolve(__dirname, '../../examples/url-shortener.scale.json');
    const exampleUri = 'file:///virtual/url-shortener.scale.json';
    await client.open(exampleUri, fs.readFileSync(example, 'utf8'));
    // "primary dies under write load" declares seed 7; the CLI is given yet another seed.
    const cli = spawnSync(process.execPath, [path.resolve(__dirname, '../../bin/scale.js'), 'simulate', 'examples/url-shortener.scale.json', '--scenario', 'primary dies under write load', '--seed', '9'], { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8' });
    const body = (text: string) => text.slice(text.indexOf('\n'));
    for (const seed of [3, undefined]) {
      const r = await client.request<{ summary: string; text: string }>('scale/runScenario', { uri: exampleUri, index: 0, ...(seed !== undefined ? { seed } : {}) });
      assert.match(r.summary, /\(seed 7\)/);
      assert.equal(body(r.text), body(cli.stdout), `seed ${seed ?? 'from the setting'}`);
    }
    // A scenario that names none runs with the setting's.
    const other = await client.request<{ summary: string; text: string }>('scale/runScenario', { uri: exampleUri, index: 1 });
    assert.match(other.text, /\(\d+ \w+, seed 5\)/);
  });

  it('runs the scenario lens itself for editors without the extension\'s commands: a notification, never a prompt, and the result', async () => {
    const init = await client.initialize();
    assert.deepEqual(init.capabilities.executeCommandProvider!.commands, ['scale.server.runScenario']);
    await client.open(uri, TEXT);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    // Only lenses the client can run: the diagram is the VS Code extension's.
    assert.deepEqual(lenses.map((l) => l.command!.title), ['▶ Run scenario']);
    const run = lenses[0]!.command!;
    assert.equal(run.command, 'scale.server.runScenario');
    // A message request with no actions makes Neovim prompt and wait: the summary is a notification.
    const prompts: string[] = [];
    client.connection.onRequest('window/showMessageRequest', (p: { message: string }) => {
      prompts.push(p.message);
      return null;
    });
    const shown = new Promise<{ type: number; message: string }>((resolve) => client.connection.onNotification('window/showMessage', resolve));
    const result = await client.request<{ summary: string; text: string }>('workspace/executeCommand', { command: run.command, arguments: run.arguments });
    assert.match(result.summary, /^Scenario "api dies"/);
    assert.match(result.text, /api dies/);
    const message = await shown;
    assert.equal(message.message, result.summary);
    assert.equal(message.type, 3, 'information');
    // A failed run is reported the same way, as an error notification, and answered as an error.
    const failed = new Promise<{ type: number; message: string }>((resolve) => client.connection.onNotification('window/showMessage', resolve));
    await assert.rejects(client.request('workspace/executeCommand', { command: run.command, arguments: [uri, 99] }));
    assert.equal((await failed).type, 1, 'error');
    assert.deepEqual(prompts, []);
  });

  it('validates *.scale.json files on disk in the workspace without opening them, and nothing outside it', async () => {
    fs.mkdirSync(path.join(dir, 'ws', 'nested'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'ws', 'node_modules', 'x'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'ws', 'nested', 'disk.scale.json'), TEXT);
    fs.writeFileSync(path.join(dir, 'ws', 'node_modules', 'x', 'dep.scale.json'), TEXT);
    fs.writeFileSync(path.join(dir, 'outside.scale.json'), TEXT);
    await client.initialize([path.join(dir, 'ws')]);
    const diskUri = pathToFileURL(path.join(dir, 'ws', 'nested', 'disk.scale.json')).href;
    const diags = await client.diagnostics(diskUri, (d) => d.length > 0);
    assert.ok(diags.some((d) => d.code === 'missing-health-check'));
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(!client.published.some((p) => p.uri.includes('node_modules') || p.uri.endsWith('outside.scale.json')));
  });

  it('clears the findings of a deleted file, open or not; a rename clears the old name and checks the new one', async () => {
    const ws = path.join(dir, 'ws');
    fs.mkdirSync(ws);
    const onDisk = path.join(ws, 'disk.scale.json');
    const open = path.join(ws, 'open.scale.json');
    fs.writeFileSync(onDisk, TEXT);
    await client.initialize([ws]);
    const [diskUri, openUri] = [onDisk, open].map((f) => pathToFileURL(f).href) as [string, string];
    await client.diagnostics(diskUri, (d) => d.length > 0);
    // Created after the workspace was read, and opened: only the editor's text has findings.
    fs.writeFileSync(open, TEXT);
    await client.open(openUri, TEXT);
    await client.diagnostics(openUri, (d) => d.length > 0);
    const watched = (changes: { uri: string; type: 1 | 2 | 3 }[]) => client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });

    // Deleted (from the Explorer or the shell) while one of them is open in an editor.
    let from = client.published.length;
    for (const f of [onDisk, open]) fs.rmSync(f);
    await watched([{ uri: diskUri, type: 3 }, { uri: openUri, type: 3 }]);
    for (const u of [diskUri, openUri]) await client.diagnostics(u, (d) => d.length === 0, 15_000, from);

    // Renamed: the watcher reports the old name deleted and the new one created.
    fs.writeFileSync(onDisk, TEXT);
    await watched([{ uri: diskUri, type: 1 }]);
    await client.diagnostics(diskUri, (d) => d.length > 0);
    const renamed = path.join(ws, 'renamed.scale.json');
    fs.renameSync(onDisk, renamed);
    from = client.published.length;
    await watched([{ uri: diskUri, type: 3 }, { uri: pathToFileURL(renamed).href, type: 1 }]);
    await client.diagnostics(diskUri, (d) => d.length === 0, 15_000, from);
    await client.diagnostics(pathToFileURL(renamed).href, (d) => d.some((x) => x.code === 'missing-health-check'), 15_000, from);

    // Deleted while a validation of its last edit was on its way: nothing comes back.
    await client.change(openUri, TEXT.replace('"instances": 4', '"instances": 5'));
    from = client.published.length;
    await watched([{ uri: openUri, type: 3 }]);
    await client.diagnostics(openUri, (d) => d.length === 0, 15_000, from);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(client.published.slice(from).filter((p) => p.uri === openUri).map((p) => p.diagnostics.length).at(-1), 0);

    // Back on disk (a checkout, an undone delete) while still open: the editor's text is checked again.
    fs.writeFileSync(open, TEXT);
    from = client.published.length;
    await watched([{ uri: openUri, type: 1 }]);
    await client.diagnostics(openUri, (d) => d.length > 0, 15_000, from);
  });

  it('survives hostile files — a nesting bomb, 5 MB of components, __proto__ ids — and keeps answering', async () => {
    await client.initialize();
    const bomb = 'file:///virtual/bomb.scale.json';
    await client.open(bomb, '['.repeat(100_000));
    let d = await client.diagnostics(bomb, (x) => x.length > 0);
    assert.match(String(d[0]!.message), /Nesting is deeper than 64 levels/);

    const huge = 'file:///virtual/huge.scale.json';
    const comps = Array.from({ length: 60_000 }, (_, i) => `"c${i}": { "kind": "service", "description": "${'x'.repeat(60)}" }`).join(',\n');
    await client.open(huge, `{ "version": 1, "name": "h", "workload": { "peakRps": 1 }, "components": {\n${comps}\n} }`);
    d = await client.diagnostics(huge, (x) => x.length > 0);
    assert.equal(d.length, 1);
    assert.match(String(d[0]!.message), /too large to check/);

    const proto = 'file:///virtual/proto.scale.json';
    const protoText = TEXT.replace('"db": {', '"__proto__": { "kind": "cache" }, "constructor": { "kind": "cache" }, "toString": { "kind": "cache", "calls": ["__proto__"] }, "db": {');
    await client.open(proto, protoText);
    d = await client.diagnostics(proto, (x) => x.length > 0);
    assert.ok(d.some((x) => /"__proto__" is reserved/.test(String(x.message))));
    assert.ok(d.some((x) => /"constructor" is reserved/.test(String(x.message))));
    // Hover and rename on the hostile file still answer, and the server is alive.
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: proto }, position: positionOf(protoText, '"toString"') });
    assert.match((hover!.contents as { value: string }).value, /toString/);
    assert.equal(client.exitCode, null);
  });

  it('answers every request on a file nested 100,000 deep without a handler failing, and stays alive', async () => {
    await client.initialize();
    const deep = 'file:///virtual/deep.scale.json';
    const text = `{ "version": 1, "components": { "api": { "kind": "service", "calls": [${'['.repeat(100_000)}${']'.repeat(100_000)}] } } }`;
    await client.open(deep, text);
    const d = await client.diagnostics(deep, (x) => x.length > 0);
    assert.match(String(d[0]!.message), /Nesting is deeper than 64 levels/);
    const doc = { uri: deep };
    for (const position of [positionOf(text, '"api"'), positionOf(text, '"calls": [', 11), positionOf(text, '[]', 0)]) {
      const at = { textDocument: doc, position };
      assert.equal(await client.request('textDocument/hover', at), null);
      assert.deepEqual(await client.request('textDocument/completion', at), []);
      assert.deepEqual(await client.request('textDocument/definition', at), []);
      assert.deepEqual(await client.request('textDocument/references', { ...at, context: { includeDeclaration: true } }), []);
      assert.equal(await client.request('textDocument/prepareRename', at), null);
      await assert.rejects(client.request('textDocument/rename', { ...at, newName: 'x' }), /Nothing to rename here/);
      assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: doc, range: { start: position, end: position }, context: { diagnostics: d } }), []);
    }
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: doc }), []);
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: doc }), []);
    const diagram = await client.request<{ nodes: unknown[] }>('scale/diagram', { uri: deep });
    assert.deepEqual(diagram.nodes, []);
    assert.deepEqual(client.logs.filter((l) => /failed/.test(l)), []);
    assert.equal(client.exitCode, null);
  });

  it('validates an edit after a pause almost at once; the edits of a burst that goes on wait for it to pause', async () => {
    await client.stop();
    client = new LspClient({ validationDelayMs: 1000 });
    await client.initialize();
    // The setting is in effect once the server has read it (it asks after initialization).
    for (let i = 0; i < 200 && client.configurationAnswered === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(client.configurationAnswered, 1);
    await client.open(uri, TEXT);
    await client.diagnostics(uri, (d) => d.length > 0);
    const validatedAt = async (version: number) => {
      await client.validatedVersion(uri, version);
      return performance.now();
    };
    const edit = (i: number) => client.change(uri, TEXT.replace('"peakRps": 2000', `"peakRps": ${2000 + i}`));
    // One edit after a pause: not held for the 1,000 ms a burst waits.
    let t0 = performance.now();
    await edit(1);
    assert.ok((await validatedAt(2)) - t0 < 500, 'an edit after a pause is validated well before the burst delay');
    // Edits going on (every 50 ms): none validated until they pause, then the last one, a whole delay after it.
    const from = client.validated.length;
    for (let i = 2; i <= 6; i++) {
      await edit(i);
      t0 = performance.now();
      await new Promise((r) => setTimeout(r, 50));
    }
    const at = await validatedAt(7);
    assert.deepEqual(client.validated.slice(from).map((v) => v.version), [7]);
    assert.ok(at - t0 >= 900, `validated ${Math.round(at - t0)} ms after the last edit of the burst`);
  });

  it('checks a document opened before the settings arrived again once they have', async () => {
    await client.stop();
    const settings: { rules: Record<string, string> } = { rules: {} };
    let answer!: () => void;
    client = new LspClient(settings, new Promise<void>((resolve) => (answer = resolve)));
    await client.initialize();
    await client.open(uri, TEXT);
    const first = await client.diagnostics(uri, (d) => d.length > 0);
    const rule = String(first[0]!.code);
    settings.rules[rule] = 'off';
    const from = client.published.length;
    answer();
    await client.diagnostics(uri, (d) => !d.some((x) => x.code === rule), 15_000, from);
  });

  // Regression: validation ran every scenario of the file on the server's thread before
  // publishing anything: 500 scenarios held every edit's diagnostics (and every other
  // request) for ~7 s. The scenario budgets now run in a worker after the rest is published.
  describe('scenario budgets off the validation path', () => {
    // A pool simulation of its whole event budget (about a second on a busy machine), and a budget it violates.
    const SLOW = TEXT.replace('"kill": "api#1" }] }', '"kill": "api#1" }], "expect": { "failedRequests": 0 } }')
      .replace('"peakRps": 2000', '"peakRps": 2000000')
      .replace('"capacity": { "rps": 1000 }', '"capacity": { "rps": 1000000 }');
    const budgetFindings = (d: Diagnostic[]) => d.filter((x) => x.code === 'scenario-budget');
    const notes = () => client.validated.filter((v) => v.uri === uri);
    /** Waits (up to 30 s) until the scale/validated notifications of `uri` satisfy `done`. */
    const notesUntil = async (done: (n: ReturnType<typeof notes>) => boolean) => {
      for (let i = 0; i < 300 && !done(notes()); i++) await new Promise((r) => setTimeout(r, 100));
    };
    const shown = (d: Diagnostic[]) => d.map((x) => `${x.code}: ${x.message}`);

    it('publishes the other findings first, then adds the budget violations when the scenarios have run', async () => {
      await client.initialize();
      await client.open(uri, SLOW);
      const final = await client.diagnostics(uri, (d) => budgetFindings(d).length > 0, 60_000);
      const mine = client.published.filter((p) => p.uri === uri);
      assert.ok(mine.length >= 2, `${mine.length} publications`);
      const first = mine[0]!;
      assert.equal(first.version, 1);
      assert.deepEqual(budgetFindings(first.diagnostics), []);
      assert.ok(first.diagnostics.length > 0);
      // The final diagnostics are the CLI's: one check with everything.
      assert.deepEqual(shown(final), shown(checkText(SLOW).findings.map((f) => ({ code: f.ruleId, message: f.message }) as Diagnostic)));
      assert.deepEqual(shown(final.filter((x) => x.code !== 'scenario-budget')), shown(first.diagnostics));
      // scale/validated says the first lacked them.
      await notesUntil((n) => n.length >= 2);
      assert.deepEqual(notes().map((v) => [v.version, v.budgetsPending === true]), [[1, true], [1, false]]);
      assert.equal(notes()[1]!.errors, notes()[0]!.errors + budgetFindings(final).length);
      // The diagram reads the same findings.
      const diagram = await client.request<DiagramResult>('scale/diagram', { uri });
      assert.deepEqual(diagram.fileFindings.items.filter((f) => f.ruleId === 'scenario-budget').map((f) => f.message), budgetFindings(final).map((d) => d.message));
    });

    it('a newer text supersedes the scenarios of the older: only the final text\'s budgets are published', async () => {
      await client.initialize();
      await client.open(uri, SLOW);
      // Before the first run ends, the budget is loosened.
      const loose = SLOW.replace('"failedRequests": 0', '"failedRequests": 1000000000000');
      const version = await client.change(uri, loose);
      await client.validatedVersion(uri, version);
      await client.diagnostics(uri, (_d, v) => v === version);
      // The looser budget holds: its run ends without a finding, and nothing of version 1 comes after version 2.
      await notesUntil((n) => n.some((v) => v.version === version && !v.budgetsPending));
      assert.ok(notes().some((v) => v.version === version && !v.budgetsPending));
      const mine = client.published.filter((p) => p.uri === uri);
      const firstOfNew = mine.findIndex((p) => p.version === version);
      assert.ok(mine.slice(firstOfNew).every((p) => p.version === version), JSON.stringify(mine.map((p) => p.version)));
      assert.deepEqual(budgetFindings(mine.at(-1)!.diagnostics), []);
      assert.deepEqual(shown(mine.at(-1)!.diagnostics), shown(checkText(loose).findings.map((f) => ({ code: f.ruleId, message: f.message }) as Diagnostic)));
    });
  });

  it('debounces 100 edits in a second into a few validations, the last matching the final text', async () => {
    await client.initialize();
    await client.open(uri, TEXT);
    await client.diagnostics(uri, (d) => d.length > 0);
    const before = client.validated.length;
    let text = TEXT;
    // A gap between two edits as long as the server's wait (DEFAULT_VALIDATION_DELAY_MS, 100 ms) ends a burst: on a
    // loaded machine the 10 ms between edits can stretch that far. Each such pause may add the two validations of a
    // new burst (its first edit's, and its end's); on an idle machine there are none.
    const pauseMs = 90;
    let pauses = 0;
    let last = performance.now();
    for (let i = 0; i < 100; i++) {
      text = TEXT.replace('"peakRps": 2000', `"peakRps": ${2000 + i * 50}`).replace('"instances": 4', `"instances": ${1 + (i % 7)}`);
      await client.change(uri, text);
      const now = performance.now();
      if (i > 0 && now - last >= pauseMs) pauses++;
      last = now;
      await new Promise((r) => setTimeout(r, 10));
    }
    const final = await client.diagnostics(uri, (_d, v) => v === 101);
    const validations = client.validated.length - before;
    assert.ok(validations >= 1 && validations <= 5 + 2 * pauses, `validations: ${validations}, pauses between edits: ${pauses}`);
    const expected = checkText(text).findings.map((f) => `${f.ruleId}: ${f.message}`);
    assert.deepEqual(final.map((d: Diagnostic) => `${d.code}: ${d.message}`), expected);
  });
});
