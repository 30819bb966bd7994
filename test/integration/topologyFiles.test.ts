/**
 * Topology files as a person makes and throws them away, in the extension
 * host: New Topology writes `NAME.scale.json` (once) from the starter or an
 * example; the findings of a file deleted or renamed (open in an editor or
 * not, alone or with its folder) leave the Problems panel, and a renamed
 * file is checked under its new name.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, exampleUri, openExample, revert, ruleOf, scaleDiagnostics, waitFor, waitForRules } from './helpers';

const STARTUP = 'startup.scale.json';
/** Rules startup.scale.json trips on its first lines, checked before anything is deleted. */
const STARTUP_RULES = ['lone-load-balancer', 'capacity'];

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const exists = (uri: vscode.Uri) => Promise.resolve(vscode.workspace.fs.stat(uri)).then(() => true, () => false);

/** Waits until a file has no diagnostics of the extension. */
function waitForNone(uri: vscode.Uri, what: string): Promise<vscode.Diagnostic[]> {
  return waitFor(`the findings of ${what} to go`, () => scaleDiagnostics(uri), (ds) => ds.length === 0, 30_000);
}

describe('topology files: new, deleted, renamed', function () {
  this.timeout(120_000);
  let startupText: string;
  const made: vscode.Uri[] = [];
  /** A copy of startup.scale.json (which has findings) written from outside any editor. */
  const copyOfStartup = async (uri: vscode.Uri) => {
    made.push(uri);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(startupText));
    return uri;
  };

  before(async () => {
    await openExample(STARTUP);
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    startupText = decode(await vscode.workspace.fs.readFile(exampleUri(STARTUP)));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of made) await vscode.workspace.fs.delete(uri, { recursive: true }).then(undefined, () => undefined);
  });

  it('New Topology writes NAME.scale.json once, whatever the save dialog added, from the starter or an example', async () => {
    const templates = ['starter', 'url-shortener'];
    // What a save dialog gives back: the suggested name with its filter's extension added again, a bare name, a .json.
    const answers = ['fresh.scale.json.scale.json', 'bare', 'plain.json'];
    const expected = ['fresh.scale.json', 'bare.scale.json', 'plain.scale.json'];
    for (const [i, answer] of answers.entries()) {
      const target = exampleUri(expected[i]!);
      made.push(target, exampleUri(answer));
      const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('scale.newTopology', templates[i % templates.length], exampleUri(answer));
      assert.equal(created?.toString(), target.toString());
      assert.equal(await exists(target), true, `${expected[i]} is written`);
      assert.equal(await exists(exampleUri(answer)), answer === expected[i], `nothing is written under ${answer}`);
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), target.toString(), 'the new file is shown');
    }
    const starter = decode(await vscode.workspace.fs.readFile(exampleUri('fresh.scale.json')));
    assert.match(starter, /"kind": "client"/);
    assert.doesNotMatch(starter, /\$schema/, 'the contributed schema applies; no path to a schema beside the template');
    // The starter has no findings; a change that makes one shows the server checks it.
    const doc = await vscode.workspace.openTextDocument(exampleUri('fresh.scale.json'));
    const edit = new vscode.WorkspaceEdit();
    const at = doc.getText().indexOf('"instances": 2');
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + '"instances": 2'.length)), '"instances": 1');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    await waitForRules(doc.uri, ['lone-load-balancer']);
    await revert(doc);
    await waitForNone(doc.uri, 'the starter');
    // An unknown template is an error shown to the person, and writes nothing.
    assert.equal(await vscode.commands.executeCommand('scale.newTopology', 'no-such-template', exampleUri('never.scale.json')), undefined);
    assert.equal(await exists(exampleUri('never.scale.json')), false);
  });

  it('New Topology from an example that imports a platform file writes that file beside the new one where none is, and never replaces one', async () => {
    const folder = exampleUri('from-templates');
    made.push(folder);
    const payments = vscode.Uri.joinPath(folder, 'pay.scale.json');
    const platform = vscode.Uri.joinPath(folder, 'platform', 'platform.scale.json');
    assert.equal((await vscode.commands.executeCommand<vscode.Uri | undefined>('scale.newTopology', 'payments', payments))?.toString(), payments.toString());
    const shipped = decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'examples', 'platform', 'platform.scale.json')));
    const written = decode(await vscode.workspace.fs.readFile(platform));
    assert.equal(written, shipped.replace(/\s*"\$schema"\s*:\s*"[^"]*",?/, ''), 'the platform as shipped, without the path to a schema beside it');
    // The copy's imports read: its findings are the design's, none of them about its import.
    const findings = await waitFor('the new file\'s findings', () => scaleDiagnostics(payments), (ds) => ds.length > 0, 60_000);
    assert.deepEqual(findings.filter((d) => ruleOf(d) === 'import').map((d) => d.message), []);
    // A platform of the person's own beside the next one is kept as it is.
    const own = `${written.replace('"name": "platform"', '"name": "our platform"')}\n`;
    await vscode.workspace.fs.writeFile(platform, new TextEncoder().encode(own));
    const social = vscode.Uri.joinPath(folder, 'social.scale.json');
    assert.equal((await vscode.commands.executeCommand<vscode.Uri | undefined>('scale.newTopology', 'social-feed', social))?.toString(), social.toString());
    assert.equal(decode(await vscode.workspace.fs.readFile(platform)), own);
  });

  it('clears the findings of a file deleted while it is not open', async () => {
    const uri = await copyOfStartup(exampleUri('closed-then-deleted.scale.json'));
    await waitForRules(uri, STARTUP_RULES);
    await vscode.workspace.fs.delete(uri);
    await waitForNone(uri, 'a deleted file');
  });

  it('clears the findings of a file deleted while open in an editor', async () => {
    const uri = await copyOfStartup(exampleUri('open-then-deleted.scale.json'));
    await vscode.window.showTextDocument(uri, { preview: false });
    await waitForRules(uri, STARTUP_RULES);
    await vscode.workspace.fs.delete(uri);
    await waitForNone(uri, 'a deleted open file');
    // The editor still shows the text; the file is gone and so are its findings, for good.
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(scaleDiagnostics(uri).map(ruleOf), []);
  });

  it('clears the findings of every topology of a deleted folder', async () => {
    const folder = exampleUri('gone');
    made.push(folder);
    const closed = await copyOfStartup(vscode.Uri.joinPath(folder, 'closed.scale.json'));
    const open = await copyOfStartup(vscode.Uri.joinPath(folder, 'nested', 'open.scale.json'));
    await vscode.window.showTextDocument(open, { preview: false });
    for (const uri of [closed, open]) await waitForRules(uri, STARTUP_RULES);
    await vscode.workspace.fs.delete(folder, { recursive: true });
    for (const uri of [closed, open]) await waitForNone(uri, `${uri.path} in a deleted folder`);
  });

  it('checks the topologies of a folder that arrives whole (a script, an unpacked archive, a checkout), not only files made one by one', async () => {
    // Written outside the workspace and moved in with one rename: the file watcher sees the folder arrive, never
    // the files inside it (the same as a file written into a new folder before the watcher watches that folder).
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'scale-outside-'));
    await fs.mkdir(path.join(outside, 'deep'));
    await fs.writeFile(path.join(outside, 'top.scale.json'), startupText);
    await fs.writeFile(path.join(outside, 'deep', 'inner.scale.json'), startupText);
    const folder = exampleUri('arrived');
    made.push(folder);
    await fs.rename(outside, folder.fsPath);
    for (const name of ['top.scale.json', 'deep/inner.scale.json']) await waitForRules(vscode.Uri.joinPath(folder, name), STARTUP_RULES);
  });

  it('a rename clears the old name and checks the new one, open or not', async () => {
    for (const open of [false, true]) {
      const from = await copyOfStartup(exampleUri(`before-${open ? 'open' : 'closed'}.scale.json`));
      const to = exampleUri(`after-${open ? 'open' : 'closed'}.scale.json`);
      made.push(to);
      if (open) await vscode.window.showTextDocument(from, { preview: false });
      await waitForRules(from, STARTUP_RULES);
      await vscode.workspace.fs.rename(from, to);
      await waitForNone(from, `the old name (${open ? 'open' : 'not open'})`);
      await waitForRules(to, STARTUP_RULES);
    }
  });

  it('a renamed folder: its topologies are checked under their new names and cleared under the old', async () => {
    const from = exampleUri('team-a');
    const to = exampleUri('team-b');
    made.push(from, to);
    const file = await copyOfStartup(vscode.Uri.joinPath(from, 'design.scale.json'));
    await waitForRules(file, STARTUP_RULES);
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(from, to);
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    await waitForNone(file, 'the old folder\'s file');
    await waitForRules(vscode.Uri.joinPath(to, 'design.scale.json'), STARTUP_RULES);
  });
});
