/**
 * A finding's rule code links to the rule's page (the Problems panel and the
 * hover open it): in the extension host, the link a diagnostic carries opens
 * the page rendered in a Markdown preview, from a read-only copy, and never
 * the Markdown file of the extension's install folder in a text editor.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, openExample, ruleOf, waitFor, waitForRules } from './helpers';

/** The command a `command:` link runs and its arguments, read as VS Code's opener reads them. */
function commandOf(link: vscode.Uri): { command: string; args: unknown[] } {
  let args: unknown = [];
  try {
    args = JSON.parse(decodeURIComponent(link.query));
  } catch {
    args = JSON.parse(link.query);
  }
  return { command: link.path, args: Array.isArray(args) ? args : [args] };
}

const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);

describe('rule documentation from a finding', function () {
  this.timeout(90_000);

  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('the rule code opens the rule\'s page rendered, read-only, not the Markdown file in the install folder', async () => {
    const doc = await openExample('startup.scale.json');
    const ds = await waitForRules(doc.uri, ['capacity']);
    const code = ds.find((d) => ruleOf(d) === 'capacity')!.code;
    assert.ok(typeof code === 'object' && code.target, 'the finding links its rule');
    // The Problems panel and the hover open the link with command links allowed.
    assert.equal(code.target.scheme, 'command', `the link: ${code.target.toString()}`);
    const { command, args } = commandOf(code.target);
    await vscode.commands.executeCommand(command, ...args);

    const preview = await waitFor('a Markdown preview of capacity.md', () => tabs().find((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType) && /\bcapacity\.md\b/.test(t.label)), (t) => t !== undefined);
    assert.ok(preview);
    assert.deepEqual(tabs().filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.path.endsWith('/capacity.md')).map((t) => (t.input as vscode.TabInputText).uri.toString()), [], 'no text editor on the page');

    // The preview shows a read-only copy of the page the extension ships.
    const page = vscode.Uri.parse('scale-docs:/rules/capacity.md');
    const shipped = vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'docs', 'rules', 'capacity.md');
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(page)), new TextDecoder().decode(await vscode.workspace.fs.readFile(shipped)));
    assert.equal(vscode.workspace.fs.isWritableFileSystem('scale-docs'), false);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(page, new TextEncoder().encode('# edited'))));
    // Its links to other rules' pages resolve within the copy.
    assert.equal((await vscode.workspace.fs.stat(vscode.Uri.parse('scale-docs:/rules/stale-read.md'))).type, vscode.FileType.File);
    // Nothing outside the rules' pages is served.
    await assert.rejects(Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.parse('scale-docs:/../package.json'))));
  });
});
