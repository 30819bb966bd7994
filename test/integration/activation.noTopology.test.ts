/**
 * The extension in a workspace with no topology in it (the runner opens a
 * folder holding only a tsconfig.json): Scale costs nothing there. Opening
 * tsconfig.json does not activate it; activated all the same (a command run
 * from the palette), it starts no language server; a topology written into
 * the workspace starts the server, which checks it.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { childProcessesRunning, EXTENSION_ID, ruleOf, scaleDiagnostics, sleep, waitFor } from './helpers';

/** The language server's bundle, as the client starts it. */
const SERVER = 'dist/server.js';
/** How long the extension is given to do what it should not: the server starts within a second when it does. */
const GRACE_MS = 3000;

function workspaceUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suite needs a workspace folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function openTsconfig(): Promise<void> {
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri('tsconfig.json')), { preview: false });
}

describe('Scale in a workspace without topologies', function () {
  this.timeout(90_000);
  const extension = () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed in this host`);
    return ext;
  };

  before(function () {
    if (childProcessesRunning(SERVER) === undefined) this.skip();
  });

  it('opening tsconfig.json activates nothing and starts no process', async () => {
    assert.deepEqual((await vscode.workspace.findFiles('**/*.scale.json')).map((u) => u.path), [], 'the workspace holds no topology');
    await openTsconfig();
    await sleep(GRACE_MS);
    assert.equal(extension().isActive, false);
    assert.deepEqual(childProcessesRunning(SERVER), []);
  });

  it('activated by a command, starts no language server, and opening tsconfig.json or a .gitignore starts none either', async () => {
    await vscode.commands.executeCommand('scale.showOutput');
    assert.equal(extension().isActive, true);
    await openTsconfig();
    await sleep(GRACE_MS);
    assert.deepEqual(childProcessesRunning(SERVER), []);
    // The server hears of ignore rules' changes, but an ignore file alone is no topology.
    const ignore = workspaceUri('.gitignore');
    await vscode.workspace.fs.writeFile(ignore, Buffer.from('build/\n'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(ignore), { preview: false });
    await sleep(GRACE_MS);
    assert.deepEqual(childProcessesRunning(SERVER), []);
  });

  it('a topology written into the workspace starts the language server, which checks it once it is open', async () => {
    const file = workspaceUri('first.scale.json');
    const design = { version: 1, name: 'first', workload: { peakRps: 100 }, components: { users: { kind: 'client', calls: ['lb'] }, lb: { kind: 'loadBalancer', instances: 1, calls: ['api'] }, api: { kind: 'service', instances: 2 } } };
    await vscode.workspace.fs.writeFile(file, Buffer.from(JSON.stringify(design, null, 2)));
    await waitFor('the language server to start', () => childProcessesRunning(SERVER)!, (pids) => pids.length === 1);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
    await waitFor('the lone balancer\'s finding', () => scaleDiagnostics(file), (ds) => ds.some((d) => ruleOf(d) === 'lone-load-balancer'));
  });
});
