/**
 * What the language server hears of `*.scale.json` files on disk, so that
 * the findings of a file deleted or renamed (from the Explorer, a script, a
 * checkout) leave the Problems panel and the status bar, and a renamed file
 * is checked under its new name. VS Code reports a deleted folder as one
 * event for the folder, which a `**\/*.scale.json` watcher never sees: the
 * deletes of everything are watched, and a folder's delete is passed on as
 * the deletes of the topologies with findings inside it.
 */
import * as vscode from 'vscode';
import { type FileEvent, FileChangeType, type Middleware } from 'vscode-languageclient/node';

const TOPOLOGY = /\.scale\.json$/i;

/** The watchers the client's `synchronize.fileEvents` takes: topologies created or changed, and deletes of anything. */
export function topologyWatchers(): vscode.FileSystemWatcher[] {
  return [
    vscode.workspace.createFileSystemWatcher('**/*.scale.json', false, false, true),
    vscode.workspace.createFileSystemWatcher('**/*', true, true, false),
  ];
}

/**
 * The client middleware that filters and expands what the watchers report:
 * a topology's events pass; a delete of anything else passes as the deletes
 * of the files with findings under it (none: dropped). `withFindings` lists
 * the URIs that have the server's findings.
 */
export function fileEventsMiddleware(withFindings: () => readonly vscode.Uri[]): Middleware['workspace'] {
  return {
    async didChangeWatchedFile(event: FileEvent, next: (event: FileEvent) => Promise<void>): Promise<void> {
      if (TOPOLOGY.test(pathOf(event.uri))) return next(event);
      if (event.type !== FileChangeType.Deleted) return;
      const folder = `${event.uri.replace(/\/+$/, '')}/`;
      const inside = withFindings().map((u) => u.toString()).filter((u) => u.startsWith(folder));
      await Promise.all(inside.map((uri) => next({ uri, type: FileChangeType.Deleted })));
    },
  };
}

/**
 * Reports the topologies of a renamed or moved folder (the Explorer, a
 * refactoring) as created under their new names: the watchers see the folder
 * only. `notify` sends file events to the server.
 */
export function onFolderRenamed(notify: (events: FileEvent[]) => Promise<void>): vscode.Disposable {
  return vscode.workspace.onDidRenameFiles(async (e) => {
    const created: FileEvent[] = [];
    for (const { newUri } of e.files) {
      const stat = await Promise.resolve(vscode.workspace.fs.stat(newUri)).catch(() => undefined);
      if (stat?.type !== vscode.FileType.Directory) continue;
      for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(newUri, '**/*.scale.json'))) created.push({ uri: uri.toString(), type: FileChangeType.Created });
    }
    if (created.length > 0) await notify(created);
  });
}

/** The path part of a URI string, without query or fragment. */
function pathOf(uri: string): string {
  return uri.split(/[?#]/)[0]!;
}
