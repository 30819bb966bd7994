/**
 * Imports across topology files in the language server, through a real
 * JSON-RPC connection: an importer is checked with the files it imports
 * (inside its workspace folder, open documents' unsaved text first), its
 * findings about imported parts carry related locations in the imported
 * file, and a change of an imported file (edited, or changed, deleted or
 * created on disk; however deep in the chain) validates its importers again,
 * open or on disk.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Hover, Location, Range, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkText } from '../../src/core/check';
import { replayedImports } from '../../src/core/model/imports';
import type { ImportsResult } from '../../src/core/protocol';
import { FileImportHost } from '../../src/node/importHost';
import { writeUnder } from '../support/linkedFolders';
import { LspClient } from './lspClient';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The platform: auth (4 instances) depends on auth-db (one instance, a single point of failure); it exports auth. */
export const PLATFORM = json({
  version: 1,
  name: 'platform',
  workload: { peakRps: 1000 },
  components: {
    products: { kind: 'client', calls: ['auth'] },
    auth: { kind: 'service', instances: 4, zones: ['a', 'b'], capacity: { rps: 1000 }, calls: ['auth-db'] },
    'auth-db': { kind: 'database', capacity: { rps: 10000 } },
  },
  exports: ['auth'],
});

/** A design whose api calls the platform's auth, imported from `from`. */
export function importer(name: string, from = './platform/platform.scale.json', components = ['auth'], calls = ['auth']): string {
  return json({
    version: 1,
    name,
    imports: [{ from, components }],
    workload: { peakRps: 2000, readFraction: 1 },
    components: {
      users: { kind: 'client', calls: ['api'] },
      api: { kind: 'service', instances: 3, zones: ['a', 'b'], calls },
    },
  });
}

function rangeText(text: string, range: Range): string {
  const doc = TextDocument.create('x', 'jsonc', 1, text);
  return text.slice(doc.offsetAt(range.start), doc.offsetAt(range.end));
}

const importFindings = (d: Diagnostic[]) => d.filter((x) => x.code === 'import');
const messageOf = (d: Diagnostic) => d.message as string;

describe('language server: imports across files', function () {
  this.timeout(60_000);
  let client: LspClient;
  let tmp: string;
  let ws: string;
  const uriOf = (rel: string) => pathToFileURL(path.join(ws, rel)).href;
  const write = (rel: string, text: string) => writeUnder(ws, rel, text);
  const watched = (changes: { rel: string; type: 1 | 2 | 3 }[]) =>
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map((c) => ({ uri: uriOf(c.rel), type: c.type })) });

  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'scale-imports-')));
    ws = path.join(tmp, 'ws');
    write('platform/platform.scale.json', PLATFORM);
    client = new LspClient();
  });
  afterEach(async () => {
    await client.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('checks an open importer with the files it imports: a platform finding sits on the import, related to its place in the platform file', async () => {
    const text = importer('shop');
    write('shop.scale.json', text);
    await client.initialize([ws]);
    await client.open(uriOf('shop.scale.json'), text);
    const diags = await client.diagnostics(uriOf('shop.scale.json'), (d) => d.some((x) => x.code === 'single-point-of-failure'));
    assert.deepEqual(importFindings(diags), []);
    const spof = diags.find((x) => x.code === 'single-point-of-failure')!;
    assert.match(messageOf(spof), /^In "\.\/platform\/platform\.scale\.json" \(auth depends on it\): auth-db is a single point of failure: all 2,000 rps from users/);
    assert.equal(rangeText(text, spof.range), '"./platform/platform.scale.json"');
    // The declaration in the platform file, counted in its text; the entry point in the importer.
    const [there, entry] = spof.relatedInformation!;
    assert.equal(there!.location.uri, uriOf('platform/platform.scale.json'));
    assert.equal(rangeText(PLATFORM, there!.location.range), '"auth-db"');
    assert.equal(there!.message, 'auth-db in "./platform/platform.scale.json"');
    assert.equal(entry!.location.uri, uriOf('shop.scale.json'));
    assert.equal(rangeText(text, entry!.location.range), '"users"');
    // The file on disk that imports nothing wrong has the same finding from the workspace scan, related the same way.
    const disk = await client.diagnostics(uriOf('platform/platform.scale.json'), (d) => d.length > 0);
    assert.ok(disk.some((x) => x.code === 'single-point-of-failure' && x.relatedInformation!.every((r) => r.location.uri === uriOf('platform/platform.scale.json'))));
  });

  it('an edit of the open platform file validates its importers again, open and on disk, with its unsaved text', async () => {
    write('shop.scale.json', importer('shop'));
    write('other.scale.json', importer('other'));
    await client.initialize([ws]);
    await client.open(uriOf('shop.scale.json'), importer('shop'));
    await client.diagnostics(uriOf('shop.scale.json'), (d) => d.length > 0 && importFindings(d).length === 0);
    await client.diagnostics(uriOf('other.scale.json'), (d) => d.length > 0 && importFindings(d).length === 0);
    await client.open(uriOf('platform/platform.scale.json'), PLATFORM);
    // The platform no longer exports auth (not saved).
    await client.change(uriOf('platform/platform.scale.json'), PLATFORM.replace('"exports": [\n    "auth"\n  ]', '"exports": []'));
    const notExported = /^"\.\/platform\/platform\.scale\.json" does not export "auth": it exports nothing$/;
    for (const rel of ['shop.scale.json', 'other.scale.json']) {
      const d = await client.diagnostics(uriOf(rel), (x) => importFindings(x).length > 0);
      assert.match(messageOf(importFindings(d)[0]!), notExported, rel);
    }
    // Undone: both are clear again.
    await client.change(uriOf('platform/platform.scale.json'), PLATFORM);
    for (const rel of ['shop.scale.json', 'other.scale.json']) await client.diagnostics(uriOf(rel), (x) => x.length > 0 && importFindings(x).length === 0);
    // Closed with unsaved text: the importers read the disk again.
    await client.change(uriOf('platform/platform.scale.json'), PLATFORM.replace('"exports": [\n    "auth"\n  ]', '"exports": []'));
    await client.diagnostics(uriOf('shop.scale.json'), (x) => importFindings(x).length > 0);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf('platform/platform.scale.json') } });
    await client.diagnostics(uriOf('shop.scale.json'), (x) => x.length > 0 && importFindings(x).length === 0);
  });

  it('a file deep in the chain deleted, then created again on disk: the open importer says it cannot import, then is clear', async () => {
    // shop imports gateway from the edge file, whose gateway calls the platform's auth.
    write('edge/edge.scale.json', json({
      version: 1,
      name: 'edge',
      imports: [{ from: '../platform/platform.scale.json', components: ['auth'] }],
      workload: { peakRps: 100 },
      components: { devices: { kind: 'client', calls: ['gateway'] }, gateway: { kind: 'service', instances: 2, zones: ['a', 'b'], calls: ['auth'] } },
    }));
    const shop = importer('shop', './edge/edge.scale.json', ['gateway'], ['gateway']);
    write('shop.scale.json', shop);
    await client.initialize([ws]);
    await client.open(uriOf('shop.scale.json'), shop);
    await client.diagnostics(uriOf('shop.scale.json'), (d) => d.some((x) => x.code === 'single-point-of-failure') && importFindings(d).length === 0);
    fs.rmSync(path.join(ws, 'platform'), { recursive: true });
    await watched([{ rel: 'platform/platform.scale.json', type: 3 }]);
    const broken = await client.diagnostics(uriOf('shop.scale.json'), (d) => importFindings(d).length > 0);
    assert.match(messageOf(importFindings(broken)[0]!), /^Cannot import "\.\/edge\/edge\.scale\.json": it has 1 error \(the first at 6:15: Cannot import "\.\.\/platform\/platform\.scale\.json": there is no such file\)/);
    // The file between, on disk, says so too.
    await client.diagnostics(uriOf('edge/edge.scale.json'), (d) => importFindings(d).some((x) => /there is no such file/.test(messageOf(x))));
    write('platform/platform.scale.json', PLATFORM);
    await watched([{ rel: 'platform/platform.scale.json', type: 1 }]);
    await client.diagnostics(uriOf('shop.scale.json'), (d) => d.some((x) => x.code === 'single-point-of-failure') && importFindings(d).length === 0);
    // Changed on disk: auth is not exported any more.
    write('platform/platform.scale.json', PLATFORM.replace('"exports": [\n    "auth"\n  ]', '"exports": []'));
    await watched([{ rel: 'platform/platform.scale.json', type: 2 }]);
    await client.diagnostics(uriOf('shop.scale.json'), (d) => importFindings(d).some((x) => /does not export "auth"/.test(messageOf(x))));
  });

  it('runs an importer\'s scenario budgets, and a scenario on request, in the worker with the imports its check read', async () => {
    const text = importer('shop').replace(/\n}\n$/, ',\n  "scenarios": [{ "name": "auth dies", "faults": [{ "at": "10s", "kill": "auth" }], "expect": { "failedRequests": 0 } }]\n}\n');
    write('shop.scale.json', text);
    await client.initialize([ws]);
    await client.open(uriOf('shop.scale.json'), text);
    const diags = await client.diagnostics(uriOf('shop.scale.json'), (d) => d.some((x) => x.code === 'scenario-budget'));
    assert.deepEqual(diags.filter((x) => x.severity === 1).map((x) => x.message), ['Scenario "auth dies": failedRequests: measured 25,007, budget 0 - violated']);
    const run = await client.request<{ summary: string; held: boolean }>('scale/runScenario', { uri: uriOf('shop.scale.json'), index: 0 });
    assert.deepEqual(run, { ...run, held: false, summary: 'Scenario "auth dies": failedRequests: measured 25,007, budget 0 - violated.' });
  });

  it('answers scale/imports with the reads of the document\'s check (an open file\'s unsaved text among them): replayed, they give the same check', async () => {
    const text = importer('shop');
    write('shop.scale.json', text);
    await client.initialize([ws]);
    await client.open(uriOf('shop.scale.json'), text);
    await client.open(uriOf('platform/platform.scale.json'), PLATFORM);
    const edited = PLATFORM.replace('"instances": 4', '"instances": 1');
    await client.change(uriOf('platform/platform.scale.json'), edited);
    const published = await client.diagnostics(uriOf('shop.scale.json'), (d) => d.some((x) => /auth is a single point of failure/.test(messageOf(x))));
    const answer = await client.request<ImportsResult>('scale/imports', { uri: uriOf('shop.scale.json') });
    assert.equal(answer!.version, 1);
    assert.deepEqual(answer!.imports.records, [{ importer: path.join(ws, 'shop.scale.json'), from: './platform/platform.scale.json', read: { file: path.join(ws, 'platform/platform.scale.json'), text: edited } }]);
    const replayed = checkText(text, { imports: replayedImports(answer!.imports) });
    assert.deepEqual(replayed.findings.map((f) => f.message).sort(), published.map(messageOf).sort());
    assert.equal(await client.request('scale/imports', { uri: uriOf('nothing.scale.json') }), null);
  });

  it('refuses, with a finding that says why, an import of an untitled document and one that leads out of the workspace folder', async () => {
    writeUnder(tmp, 'outside/secret.scale.json', PLATFORM.replace('"platform"', '"SECRET_OUTSIDE"'));
    const leaving = importer('shop', '../outside/secret.scale.json');
    write('shop.scale.json', leaving);
    await client.initialize([ws]);
    await client.open(uriOf('shop.scale.json'), leaving);
    const outside = await client.diagnostics(uriOf('shop.scale.json'), (d) => importFindings(d).length > 0);
    assert.deepEqual(importFindings(outside).map((d) => d.message), ['Cannot import "../outside/secret.scale.json": it is outside the workspace folder, and imports are read only inside it']);
    await client.open('untitled:draft.scale.json', importer('draft'));
    const untitled = await client.diagnostics('untitled:draft.scale.json', (d) => importFindings(d).length > 0);
    assert.deepEqual(importFindings(untitled).map((d) => d.message), ['Cannot import "./platform/platform.scale.json": this text is not saved in a file, and an import is read relative to the file that holds it']);
    assert.doesNotMatch(JSON.stringify(client.published), /SECRET_OUTSIDE/);
  });
});

describe('language server: navigation and rename across files', function () {
  this.timeout(60_000);
  let client: LspClient;
  let tmp: string;
  const uriOf = (rel: string) => pathToFileURL(path.join(tmp, rel)).href;
  /** shop (opened by the tests) and other (on disk only) import the platform's auth; shop kills its instance 1 in a scenario. */
  const SHOP = importer('shop').replace(/\n}\n$/, ',\n  "scenarios": [{ "name": "auth node dies", "faults": [{ "at": "10s", "kill": "auth#1" }] }]\n}\n');
  const OTHER = importer('other');
  const texts = (): Record<string, string> => ({ 'platform/platform.scale.json': PLATFORM, 'shop.scale.json': SHOP, 'other.scale.json': OTHER });
  /** Opens shop (and the platform file when asked) once the workspace scan has checked every file. */
  const start = async (openPlatform = false) => {
    for (const [rel, text] of Object.entries(texts())) writeUnder(tmp, rel, text);
    await client.initialize([tmp]);
    for (const rel of Object.keys(texts())) await client.diagnostics(uriOf(rel));
    await client.open(uriOf('shop.scale.json'), SHOP);
    if (openPlatform) await client.open(uriOf('platform/platform.scale.json'), PLATFORM);
    await client.validatedVersion(uriOf('shop.scale.json'), 1);
  };
  const at = (rel: string, needle: string, delta = 2) => ({ textDocument: { uri: uriOf(rel) }, position: positionIn(texts()[rel]!, needle, delta) });
  const shown = (locations: Location[]) => locations.map((l) => `${path.relative(tmp, new URL(l.uri).pathname)} ${rangeText(texts()[path.relative(tmp, new URL(l.uri).pathname)]!, l.range)}`);

  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'scale-xref-')));
    client = new LspClient();
  });
  afterEach(async () => {
    await client.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('goes from an imported name, in the import list or in a reference, to its declaration in the platform file; the hover says where it comes from', async () => {
    await start();
    for (const needle of ['"components": [\n        "auth"', '"calls": [\n        "auth"']) {
      const defs = await client.request<Location[]>('textDocument/definition', at('shop.scale.json', needle, needle.length - 3));
      assert.deepEqual(shown(defs), ['platform/platform.scale.json "auth"'], needle);
    }
    const hover = await client.request<Hover>('textDocument/hover', at('shop.scale.json', '"calls": [\n        "auth"', 22));
    // As the editor renders the Markdown: its escapes undone.
    assert.match((hover.contents as { value: string }).value.replace(/\\(.)/g, '$1'), /^\*\*auth\*\* — service · 4 instances · zones a, b\n\nImported from "\.\/platform\/platform\.scale\.json"\n/);
  });

  it('finds the references of a platform component from the platform file in its importers, open and on disk', async () => {
    await start(true);
    const refs = await client.request<Location[]>('textDocument/references', { ...at('platform/platform.scale.json', '"auth": {', 1), context: { includeDeclaration: true } });
    assert.deepEqual(shown(refs).sort(), [
      'other.scale.json "auth"', 'other.scale.json "auth"',
      'platform/platform.scale.json "auth"', 'platform/platform.scale.json "auth"', 'platform/platform.scale.json "auth"',
      'shop.scale.json "auth"', 'shop.scale.json "auth"', 'shop.scale.json "auth#1"',
    ]);
  });

  for (const from of ['the platform file', 'an importer']) {
    it(`renames a platform component from ${from} in one workspace edit: declaration, references and exports, and each importer's import list and references, open or only on disk`, async () => {
      await start(from === 'the platform file');
      const where = from === 'the platform file' ? at('platform/platform.scale.json', '"auth": {', 1) : at('shop.scale.json', '"calls": [\n        "auth"', 22);
      const prep = await client.request<{ placeholder: string }>('textDocument/prepareRename', where);
      assert.equal(prep.placeholder, 'auth');
      const edit = await client.request<WorkspaceEdit>('textDocument/rename', { ...where, newName: 'identity' });
      assert.deepEqual(Object.keys(edit.changes!).sort(), ['other.scale.json', 'platform/platform.scale.json', 'shop.scale.json'].map(uriOf).sort());
      const renamed = Object.fromEntries(Object.entries(texts()).map(([rel, text]) => [rel, applyEdits(text, uriOf(rel), edit)]));
      assert.doesNotMatch(Object.values(renamed).join('\n'), /"auth[#"]/);
      assert.match(renamed['shop.scale.json']!, /"kill": "identity#1"/);
      assert.match(renamed['platform/platform.scale.json']!, /"exports": \[\n {4}"identity"\n {2}\]/);
      // What the editor would have after the edit checks clean of import and reference findings.
      for (const [rel, text] of Object.entries(renamed)) writeUnder(tmp, rel, text);
      for (const rel of Object.keys(renamed)) {
        const r = checkText(renamed[rel]!, { imports: { host: new FileImportHost(tmp, 'the workspace folder'), file: path.join(tmp, rel) } });
        assert.deepEqual(r.findings.filter((f) => f.severity === 'error').map((f) => f.message), [], rel);
      }
    });
  }

  it('refuses a rename whose new name is taken in an importer, naming that file; and one taken by what an imported component brings along', async () => {
    await start(true);
    await assert.rejects(client.request('textDocument/rename', { ...at('platform/platform.scale.json', '"auth": {', 1), newName: 'api' }), /^Error: A component named "api" already exists in (shop|other)\.scale\.json$/);
    // auth-db comes to both importers with auth: "users" would clash there, though neither names auth-db.
    await assert.rejects(client.request('textDocument/rename', { ...at('platform/platform.scale.json', '"auth-db": {', 1), newName: 'users' }), /already exists in (shop|other)\.scale\.json/);
    const ok = await client.request<WorkspaceEdit>('textDocument/rename', { ...at('platform/platform.scale.json', '"auth-db": {', 1), newName: 'accounts' });
    assert.deepEqual(Object.keys(ok.changes!), [uriOf('platform/platform.scale.json')]);
  });
});

function positionIn(text: string, needle: string, delta: number) {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, needle);
  return TextDocument.create('x', 'jsonc', 1, text).positionAt(offset + delta);
}

function applyEdits(text: string, uri: string, edit: WorkspaceEdit): string {
  return TextDocument.applyEdits(TextDocument.create(uri, 'jsonc', 1, text), edit.changes?.[uri] ?? []);
}
