/**
 * The language server's validation of files on disk (the workspace scan at
 * startup and watched-file changes), through a real JSON-RPC connection: it
 * reads what `scale check` reads, and says what `scale check` says.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeLinkedRepository } from '../support/linkedFolders';
import { LspClient } from './lspClient';

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
});
