/**
 * "Scale: New Topology from Template": a new `*.scale.json` from the starter
 * the extension ships (templates/) or one of its examples, written where the
 * person says in the save dialog.
 */
import * as vscode from 'vscode';

/** A template offered in the pick. */
interface Template extends vscode.QuickPickItem {
  /** The template's file name, which is also the suggested name of the new file. */
  name: string;
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
  // The templates point at the schema beside them; a new file relies on the contributed schema instead.
  const text = pick.text.replace(/\s*"\$schema"\s*:\s*"[^"]*",?/, '');
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  await vscode.window.showTextDocument(uri);
  return uri;
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
    return { label: name.replace('.scale.json', ''), detail: description ? (JSON.parse(`"${description}"`) as string) : undefined, name, text };
  }));
}

function exists(uri: vscode.Uri): Promise<boolean> {
  return Promise.resolve(vscode.workspace.fs.stat(uri)).then(() => true, () => false);
}
