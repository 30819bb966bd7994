/**
 * Helpers for the suites that run inside the VS Code extension host (through
 * `@vscode/test-electron` where VS Code can be downloaded, through
 * test/e2e/integrationRunner.ts here). Only the `vscode` API and Node.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';

/** The extension under test. */
export const EXTENSION_ID = 'scale-tools.scale-topology';

/** Polls `get` until it returns a value `accept` takes, or throws `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, get: () => T | Promise<T>, accept: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await get();
  while (!accept(value)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
    value = await get();
  }
  return value;
}

/** The URI of a file of the first workspace folder (the copy of examples/). */
export function exampleUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need a workspace folder (a copy of examples/)');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens an example in an editor and returns its document. */
export async function openExample(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(exampleUri(name));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** A diagnostic's rule id, whether the server sent a plain code or one with a docs link. */
export function ruleOf(d: vscode.Diagnostic): string {
  const code = d.code;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** The extension's diagnostics of a document: its findings (the JSON service's have another source, or none). */
export function scaleDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => ruleOf(d) !== '' && d.source === 'scale');
}

/** Waits until the document has a diagnostic of each of `rules`; returns all of its diagnostics. */
export function waitForRules(uri: vscode.Uri, rules: string[], timeoutMs = 60_000): Promise<vscode.Diagnostic[]> {
  return waitFor(`diagnostics ${rules.join(', ')} on ${uri.path}`, () => scaleDiagnostics(uri), (ds) => rules.every((r) => ds.some((d) => ruleOf(d) === r)), timeoutMs);
}

/** The position of the first occurrence of `text` in the document, `offset` characters into it. */
export function positionOf(doc: vscode.TextDocument, text: string, offset = 0): vscode.Position {
  const index = doc.getText().indexOf(text);
  if (index < 0) throw new Error(`${doc.uri.path} does not contain ${JSON.stringify(text)}`);
  return doc.positionAt(index + offset);
}

/** Plain text of hover contents. */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

/** Undoes every change of a document (revert from disk) so the next test starts from the file. */
export async function revert(doc: vscode.TextDocument): Promise<void> {
  if (!doc.isDirty) return;
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

/**
 * The processes this extension host started that run `script` (a path's end,
 * such as `dist/server.js`): read from Linux's /proc, where each process
 * names its parent. Undefined where there is no /proc.
 */
export function childProcessesRunning(script: string): number[] | undefined {
  if (!fs.existsSync('/proc/self/stat')) return undefined;
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (command) state ppid …": the command may hold spaces and parentheses, so read after the last ")".
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.some((a) => a.replace(/\\/g, '/').endsWith(script))) found.push(Number(entry));
    } catch {
      // The process ended while it was read.
    }
  }
  return found;
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
