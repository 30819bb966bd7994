/**
 * The project configuration (scale.config.json) in the language server,
 * through a real JSON-RPC connection: the same workspace gives the findings
 * `scale check` gives (topologies open and on disk, the configuration's own,
 * ignored files left out); the user's settings rank beneath it; a change of
 * it on disk validates the topologies under it again; an open configuration
 * is validated as it is typed; its seed seeds the editor's runs.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { runScale } from '../support/cliProcess';
import { writeUnder } from '../support/linkedFolders';
import { projectTopology } from '../support/projectTopology';
import { LspClient } from './lspClient';

/** A finding as both sides can state it: rule, severity, message and 1-based region. */
const SEVERITIES = ['', 'error', 'warning', 'info', 'hint'];
const fromDiagnostic = (d: Diagnostic) => `${d.code} ${SEVERITIES[d.severity!]} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.message}`;
const fromCli = (f: { ruleId: string; severity: string; startLine: number; startColumn: number; endLine: number; endColumn: number; message: string }) =>
  `${f.ruleId} ${f.severity} ${f.startLine}:${f.startColumn}-${f.endLine}:${f.endColumn} ${f.message}`;

describe('language server: scale.config.json', function () {
  this.timeout(60_000);
  let repo: string;
  let client: LspClient;
  const uriOf = (rel: string) => pathToFileURL(path.join(repo, rel)).href;
  const write = (rel: string, content: string) => writeUnder(repo, rel, content);
  /** What `scale check . --format json` says, by file, run in the repository. */
  const cliFindings = (): Record<string, string[]> => {
    const r = runScale(['check', '.', '--format', 'json'], repo);
    return Object.fromEntries((JSON.parse(r.stdout) as { files: { path: string; findings: Parameters<typeof fromCli>[0][] }[] }).files.map((f) => [f.path, f.findings.map(fromCli)]));
  };
  const changed = (rel: string, type: 1 | 2 | 3) => client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(rel), type }] });

  beforeEach(() => {
    repo = path.join(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'scale-lsp-project-'))), 'repo');
    fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
  });
  afterEach(async () => {
    await client?.stop();
    fs.rmSync(path.dirname(repo), { recursive: true, force: true });
  });

  it('gives for a workspace with a configuration the findings scale check gives, file by file', async () => {
    write('scale.config.json', '{\n  "rules": { "unreachable-component": "error", "async-failover-data-loss": "off", "capacty": "off" },\n  "ignore": ["legacy/**"],\n  "seed": 42\n}\n');
    // A budget that fails by a figure the seed changes: the server's simulation takes the project's seed as the CLI's does.
    const budgeted = projectTopology().replace('"lostWrites": 100000', '"lostWrites": 0');
    write('a.scale.json', budgeted);
    write('team/scale.config.json', '{ "rules": { "unreachable-component": "off" } }');
    write('team/b.scale.json', projectTopology('"async-failover-data-loss": "info"'));
    write('legacy/c.scale.json', projectTopology());
    const expected = cliFindings();
    assert.deepEqual(Object.keys(expected).sort(), ['a.scale.json', 'scale.config.json', 'team/b.scale.json']);
    assert.match(expected['scale.config.json']![0]!, /Unknown rule "capacty"; did you mean "capacity"\?/);
    assert.ok(expected['a.scale.json']!.some((f) => /^scenario-budget error .*lostWrites: measured \d+/.test(f)), expected['a.scale.json']!.join('\n'));

    client = new LspClient();
    await client.initialize([repo]);
    for (const [rel, findings] of Object.entries(expected)) {
      const published = await client.diagnostics(uriOf(rel), (d) => d.length === findings.length);
      assert.deepEqual(published.map(fromDiagnostic), findings, rel);
    }
    // The file its ignore patterns leave out is not validated from disk.
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(!client.published.some((p) => p.uri === uriOf('legacy/c.scale.json')));

    // Opened, a topology gets the same findings; an ignored one too, since it is looked at.
    const opened = async (rel: string) => {
      await client.open(uriOf(rel), budgeted);
      // With its scenario budgets, which come after the rest.
      return (await client.diagnostics(uriOf(rel), (d, v) => v === 1 && d.length === expected['a.scale.json']!.length)).map(fromDiagnostic);
    };
    assert.deepEqual(await opened('a.scale.json'), expected['a.scale.json']);
    write('legacy/c.scale.json', budgeted);
    assert.deepEqual(await opened('legacy/c.scale.json'), expected['a.scale.json']);
  });

  it('ranks the user\'s scale.rules beneath the configuration', async () => {
    write('scale.config.json', '{ "rules": { "unreachable-component": "error" } }');
    client = new LspClient({ rules: { 'unreachable-component': 'off', 'async-failover-data-loss': 'error' } });
    await client.initialize([repo]);
    await client.open(uriOf('a.scale.json'), projectTopology());
    // Once the settings have come (a document opened before them is validated again with them).
    const d = await client.diagnostics(uriOf('a.scale.json'), (x) => x.some((f) => f.code === 'async-failover-data-loss' && f.severity === 1));
    assert.deepEqual(d.map((x) => `${x.code} ${SEVERITIES[x.severity!]}`), ['async-failover-data-loss error', 'unreachable-component error']);
  });

  it('validates open topologies and those on disk again when the configuration changes on disk', async () => {
    write('a.scale.json', projectTopology());
    write('svc/b.scale.json', projectTopology());
    client = new LspClient();
    await client.initialize([repo]);
    await client.diagnostics(uriOf('svc/b.scale.json'), (d) => d.length === 2);
    await client.open(uriOf('a.scale.json'), projectTopology());
    await client.diagnostics(uriOf('a.scale.json'), (d) => d.some((x) => x.code === 'unreachable-component' && x.severity === 3));

    write('scale.config.json', '{ "rules": { "unreachable-component": "error" }, "ignore": ["svc/**"] }');
    await changed('scale.config.json', 1);
    await client.diagnostics(uriOf('a.scale.json'), (d) => d.some((x) => x.code === 'unreachable-component' && x.severity === 1));
    // Left out now: its findings go.
    await client.diagnostics(uriOf('svc/b.scale.json'), (d) => d.length === 0);

    write('scale.config.json', '{ "rules": { "unreachable-component": "off" } }');
    await changed('scale.config.json', 2);
    await client.diagnostics(uriOf('a.scale.json'), (d) => d.length === 1 && d[0]!.code === 'async-failover-data-loss');
    await client.diagnostics(uriOf('svc/b.scale.json'), (d) => d.length === 1 && d[0]!.code === 'async-failover-data-loss');

    fs.rmSync(path.join(repo, 'scale.config.json'));
    await changed('scale.config.json', 3);
    await client.diagnostics(uriOf('a.scale.json'), (d) => d.length === 2);
    assert.equal(client.exitCode, null);
  });

  it('validates an open configuration as it is typed, and gives back the saved state\'s findings when it closes', async () => {
    write('scale.config.json', '{ "sed": 1 }');
    write('a.scale.json', projectTopology());
    client = new LspClient();
    await client.initialize([repo]);
    const uri = uriOf('scale.config.json');
    await client.diagnostics(uri, (d) => d.length === 1 && /did you mean "seed"/.test(String(d[0]!.message)));
    await client.open(uri, '{ "rules": { "capacity": "eror" } }');
    const typed = await client.diagnostics(uri, (_, v) => v === 1);
    assert.deepEqual(typed.map(fromDiagnostic), ['schema error 1:26-1:32 Unknown value "eror" for rules.capacity; did you mean "error"?']);
    await client.change(uri, '{ "rules": { "capacity": "error" } }');
    await client.diagnostics(uri, (d, v) => v === 2 && d.length === 0);
    // Unsaved, the configuration does not apply yet.
    await client.open(uriOf('a.scale.json'), projectTopology());
    assert.ok(!(await client.diagnostics(uriOf('a.scale.json'), (_, v) => v === 1)).some((d) => d.code === 'capacity'));
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await client.diagnostics(uri, (d, v) => v === undefined && d.length === 1 && /did you mean "seed"/.test(String(d[0]!.message)));
    // Hostile text never stops the server.
    await client.open(uri, `{"rules":${'['.repeat(100_000)}`);
    await client.diagnostics(uri, (d, v) => v === 1 && /Nesting is deeper/.test(String(d[0]?.message ?? '')));
    assert.equal(client.exitCode, null);
  });

  it('seeds the editor\'s runs and simulation panel with the configuration\'s seed, over the user\'s setting', async () => {
    write('scale.config.json', '{ "seed": 42 }');
    client = new LspClient({ simulationSeed: 9 });
    await client.initialize([repo]);
    const uri = uriOf('a.scale.json');
    await client.open(uri, projectTopology());
    await client.diagnostics(uri);
    assert.deepEqual(await client.request('scale/simulationSeed', { uri }), { seed: 42 });
    const run = await client.request<{ text: string }>('scale/runScenario', { uri, index: 0 });
    assert.match(run.text, /seed 42/);
    // A seed given for one run wins.
    assert.match((await client.request<{ text: string }>('scale/runScenario', { uri, index: 0, seed: 3 })).text, /seed 3/);
    // Outside the configuration's reach, the user's setting.
    assert.deepEqual(await client.request('scale/simulationSeed', { uri: 'untitled:x.scale.json' }), { seed: 9 });
  });
});
