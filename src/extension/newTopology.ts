/**
 * "Scale: New Topology from Template": a new `*.scale.json` from the starter
 * the extension ships (templates/) or one of its examples, written where the
 * person says in the save dialog. An example that imports another file (a
 * shared platform) comes with it: each file it imports, at any depth, is
 * written at the same place relative to the new file when no file is there,
 * so the copy's imports read; a file already there is never replaced (it may
 * be the person's own platform), and the person is told which were written
 * and which were kept.
 */
import { parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import { indexReferences } from '../core/model/references';

/** A template offered in the pick. */
interface Template extends vscode.QuickPickItem {
  /** The template's file name, which is also the suggested name of the new file. */
  name: string;
  /** Where the extension ships it. */
  uri: vscode.Uri;
  text: string;
}

/**
 * Creates a topology from a template; returns the new file, or undefined
 * when the person cancelled. `template` (a template's label) and `target`
 * (the file) skip the pick and the dialog: for automation and tests.
 */
export async function newTopology(extensionUri: vscode.Uri, template?: string, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const starters = await templatesIn(vscode.Uri.joinPath(extensionUri, 'templates'));
  const examples = await templatesIn(vscode.Uri.joinPath(extensionUri, 'examples'));
  let pick: Template | undefined;
  if (template !== undefined) {
    pick = [...starters, ...examples].find((t) => t.label === template);
    if (!pick) throw new Error(`no template named "${template}"`);
  } else {
    const separator = (label: string): vscode.QuickPickItem => ({ label, kind: vscode.QuickPickItemKind.Separator });
    const chosen = await vscode.window.showQuickPick<vscode.QuickPickItem>([separator('Start'), ...starters, separator('Examples'), ...examples], {
      placeHolder: 'Template for the new topology',
      matchOnDetail: true,
    });
    pick = chosen as Template | undefined;
  }
  if (!pick) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const answer = target ?? await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, pick.name) : undefined,
    // A dialog judges a name by its last extension: with only "scale.json" it adds ".scale.json" to the suggested
    // "NAME.scale.json" (the simple dialog of remote windows and browsers does). "json" lets that name through;
    // "scale.json" first is what a bare name gets.
    filters: { 'Scale topology': ['scale.json', 'json'] },
    saveLabel: 'Create Topology',
  });
  if (!answer) return undefined;
  const uri = topologyUri(answer);
  // The dialog asked about replacing the file it named; a name changed here has not been asked about.
  if (uri.toString() !== answer.toString() && (await exists(uri))) {
    const replace = 'Replace';
    const choice = await vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(uri)} already exists. Replace it?`, { modal: true }, replace);
    if (choice !== replace) return undefined;
  }
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(withoutSchema(pick.text)));
  const imported = await writeImported(extensionUri, pick, uri);
  await vscode.window.showTextDocument(uri);
  const names = (uris: readonly vscode.Uri[]) => uris.map((u) => vscode.workspace.asRelativePath(u)).join(', ');
  // Told, not asked: the new file is there either way.
  if (imported.written.length > 0) void vscode.window.showInformationMessage(`Scale: ${pick.label} imports ${names(imported.written)}: written beside the new file.`);
  if (imported.kept.length > 0) void vscode.window.showInformationMessage(`Scale: ${pick.label} imports ${names(imported.kept)}, which is there already: kept as it is.`);
  return uri;
}

/** A template's text for a new file: the templates point at the schema beside them, a new file relies on the contributed schema. */
function withoutSchema(text: string): string {
  return text.replace(/\s*"\$schema"\s*:\s*"[^"]*",?/, '');
}

/**
 * Writes the files a template imports, at any depth, at the same place
 * relative to the new file `target` where nothing is; only files the
 * extension ships are copied. Gives the files written, and those kept
 * because something was there.
 */
async function writeImported(extensionUri: vscode.Uri, template: Template, target: vscode.Uri): Promise<{ written: vscode.Uri[]; kept: vscode.Uri[] }> {
  const written: vscode.Uri[] = [];
  const kept: vscode.Uri[] = [];
  const seen = new Set<string>([template.uri.toString()]);
  const queue = [{ source: template.uri, target, text: template.text }];
  for (let next = queue.shift(); next; next = queue.shift()) {
    for (const entry of indexReferences(parseTree(next.text)).imports) {
      if (entry.from === undefined) continue;
      const source = vscode.Uri.joinPath(next.source, '..', entry.from);
      if (seen.has(source.toString()) || !source.path.startsWith(`${extensionUri.path}/`)) continue;
      seen.add(source.toString());
      const text = await Promise.resolve(vscode.workspace.fs.readFile(source)).then((b) => new TextDecoder().decode(b), () => undefined);
      if (text === undefined) continue;
      const copy = vscode.Uri.joinPath(next.target, '..', entry.from);
      if (await exists(copy)) kept.push(copy);
      else {
        await vscode.workspace.fs.writeFile(copy, new TextEncoder().encode(withoutSchema(text)));
        written.push(copy);
      }
      queue.push({ source, target: copy, text });
    }
  }
  return { written, kept };
}

/**
 * The topology file a save dialog's answer names: its name with whatever
 * run of `.scale` and `.json` it ends with (none, `.json`, or
 * `.scale.json` given twice) replaced by one `.scale.json`.
 */
function topologyUri(answer: vscode.Uri): vscode.Uri {
  const slash = answer.path.lastIndexOf('/') + 1;
  const base = answer.path.slice(slash).replace(/(?:\.scale|\.json)+$/i, '');
  return answer.with({ path: `${answer.path.slice(0, slash)}${base || 'topology'}.scale.json` });
}

/** The `*.scale.json` files of a folder the extension ships, as templates, sorted by name. */
async function templatesIn(dir: vscode.Uri): Promise<Template[]> {
  const entries = await Promise.resolve(vscode.workspace.fs.readDirectory(dir)).catch(() => [] as [string, vscode.FileType][]);
  const names = entries.filter(([name]) => name.endsWith('.scale.json')).map(([name]) => name).sort();
  return Promise.all(names.map(async (name) => {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, name)));
    const description = /"description"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text)?.[1];
    return { label: name.replace('.scale.json', ''), detail: description ? (JSON.parse(`"${description}"`) as string) : undefined, name, uri: vscode.Uri.joinPath(dir, name), text };
  }));
}

function exists(uri: vscode.Uri): Promise<boolean> {
  return Promise.resolve(vscode.workspace.fs.stat(uri)).then(() => true, () => false);
}
