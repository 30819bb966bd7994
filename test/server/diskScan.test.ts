/**
 * The language server's validation of files on disk (the workspace scan at
 * startup and watched-file changes), through a real JSON-RPC connection: it
 * reads what `scale check` reads, and says what `scale check` says.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { topologyQuoting, writeLinkedRepository, writeUnder } from '../support/linkedFolders';
import { LspClient } from './lspClient';

const BIN = path.resolve(__dirname, '../../bin/scale.js');

/** What `scale check --format json` says of one file: its findings with 1-based positions. */
function cliFindings(file: string): { ruleId: string; message: string; startLine: number; startColumn: number; endLine: number; endColumn: number }[] {
  const r = spawnSync(process.execPath, [BIN, 'check', path.basename(file), '--format', 'json'], { cwd: path.dirname(file), encoding: 'utf8' });
  return JSON.parse(r.stdout).files[0].findings;
}

describe('language server: files on disk', function () {
  this.timeout(60_000);
  let client: LspClient;
  let tmp: string;
  const uriOf = (rel: string) => pathToFileURL(path.join(tmp, rel)).href;

  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'scale-disk-')));
    client = new LspClient();
  });
  afterEach(async () => {
    await client.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('never reads through a link that leads out of the workspace folder, follows links inside it, and ends on loops', async () => {
    const repo = writeLinkedRepository(tmp);
    await client.initialize([repo]);
    for (const file of ['top', 'services/api', 'shared/common']) await client.diagnostics(uriOf(`repo/${file}.scale.json`), (d) => d.length > 0);
    // Changes as a file watcher reports them: links that lead out are not read, a link inside is.
    const changes = ['repo/services/stolen.scale.json', 'repo/services/elsewhere/secret.scale.json', 'repo/services/alias.scale.json'].map((f) => ({ uri: uriOf(f), type: 2 }));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
    await client.diagnostics(uriOf('repo/services/alias.scale.json'), (d) => d.length > 0);
    await new Promise((r) => setTimeout(r, 500));
    const published = JSON.stringify(client.published);
    assert.doesNotMatch(published, /OUTSIDE/);
    assert.ok(!client.published.some((p) => p.uri.includes('stolen') || p.uri.includes('elsewhere')), published);
    assert.equal(client.exitCode, null);
  });

  it('leaves out what scale check leaves out of a folder: what .gitignore ignores, node_modules, the ignore patterns of scale.config.json', async () => {
    const ws = path.join(tmp, 'ws');
    fs.mkdirSync(path.join(ws, '.git'), { recursive: true });
    writeUnder(ws, '.gitignore', 'build/\n*.draft.scale.json\n');
    writeUnder(ws, 'svc/.gitignore', 'local/\n!*.draft.scale.json\n');
    writeUnder(ws, 'scale.config.json', '{ "ignore": ["legacy/**"] }');
    for (const rel of ['a', 'build/b', 'top.draft', 'svc/c', 'svc/d.draft', 'svc/local/e', 'legacy/f', 'node_modules/dep/g', '.design/h']) writeUnder(ws, `${rel}.scale.json`, topologyQuoting(rel));
    const checked = spawnSync(process.execPath, [BIN, 'check', '.', '--format', 'json'], { cwd: ws, encoding: 'utf8' });
    const expected = (JSON.parse(checked.stdout) as { files: { path: string }[] }).files.map((f) => f.path);
    assert.deepEqual(expected, ['.design/h.scale.json', 'a.scale.json', 'svc/c.scale.json', 'svc/d.draft.scale.json']);
    await client.initialize([ws]);
    for (const rel of expected) await client.diagnostics(uriOf(`ws/${rel}`), (d) => d.length > 0);
    // Changes on disk of files left out are not read either.
    const leftOut = ['build/b', 'top.draft', 'svc/local/e', 'legacy/f', 'node_modules/dep/g'].map((rel) => uriOf(`ws/${rel}.scale.json`));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: leftOut.map((uri) => ({ uri, type: 2 })) });
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual([...new Set(client.published.map((p) => p.uri))].filter((uri) => uri.endsWith('.scale.json')).sort(), expected.map((rel) => uriOf(`ws/${rel}`)).sort());

    // A .gitignore changed on disk: what it now leaves out loses its findings, what it no longer does gets them.
    writeUnder(ws, '.gitignore', 'svc/\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('ws/.gitignore'), type: 2 }] });
    await client.diagnostics(uriOf('ws/svc/c.scale.json'), (d) => d.length === 0);
    await client.diagnostics(uriOf('ws/build/b.scale.json'), (d) => d.length > 0);
    await client.diagnostics(uriOf('ws/top.draft.scale.json'), (d) => d.length > 0);
    assert.equal(client.exitCode, null);
  });

  it('publishes for invalid UTF-8 and too large files the finding scale check prints, at the same place', async () => {
    const latin1 = writeUnder(tmp, 'ws/latin1.scale.json', Buffer.concat([Buffer.from('{\n  "name": "caf'), Buffer.from([0xe9]), Buffer.from('"\n}')]));
    const big = writeUnder(tmp, 'ws/big.scale.json', `{"name": "${'x'.repeat(6 * 1024 * 1024)}"}`);
    await client.initialize([path.join(tmp, 'ws')]);
    for (const file of [latin1, big]) {
      const published = await client.diagnostics(pathToFileURL(file).href, (d) => d.length > 0);
      const expected = cliFindings(file);
      assert.equal(expected.length, 1, file);
      assert.deepEqual(
        published.map((d) => ({ ruleId: d.code, message: d.message, startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 })),
        expected.map((f) => ({ ruleId: f.ruleId, message: f.message, startLine: f.startLine, startColumn: f.startColumn, endLine: f.endLine, endColumn: f.endColumn })),
        file,
      );
    }
  });
});
