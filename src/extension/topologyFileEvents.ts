/**
 * What the language server hears of `*.scale.json` files on disk, so that
 * the findings of a file deleted or renamed (from the Explorer, a script, a
 * checkout) leave the Problems panel and the status bar, and a file that
 * arrives is checked; and of project configurations (`scale.config.json`)
 * and `.gitignore` files, so that the topologies under one are checked again
 * (or lose their findings) when it changes. The
 * file watcher reports a folder that arrives whole
 * (moved or renamed in, unpacked, or made and filled faster than the watcher
 * starts watching it) as one event for the folder, and a deleted folder as
 * one event too; a `**\/*.scale.json` watcher sees neither. So the creates
 * and deletes of everything are watched: a folder's create is passed on as
 * the creates of the topologies inside it, a folder's delete as the deletes
 * of the topologies with findings inside it.
 */
import * as vscode from 'vscode';
import { type FileEvent, FileChangeType, type Middleware } from 'vscode-languageclient/node';

/** Topologies and project configurations: the files whose presence calls for the language server. */
export const TOPOLOGY = /(?:\.scale\.json|(?:^|\/)scale\.config\.json)$/i;
/** Those and ignore rules: the files whose events the server hears. */
const WATCHED = /(?:\.scale\.json|(?:^|\/)scale\.config\.json|\/\.gitignore)$/i;
const TOPOLOGY_GLOB = '**/{*.scale.json,scale.config.json,.gitignore}';

/** The watchers the client's `synchronize.fileEvents` takes: topologies, configurations and ignore rules created or changed, and creates and deletes of anything. */
export function topologyWatchers(): vscode.FileSystemWatcher[] {
  return [
    vscode.workspace.createFileSystemWatcher(TOPOLOGY_GLOB, false, false, true),
    vscode.workspace.createFileSystemWatcher('**/*', false, true, false),
  ];
}

/**
 * The client middleware that filters and expands what the watchers report:
 * a topology's events pass; a create of a folder passes as the creates of
 * the topologies in it; a delete of anything else passes as the deletes of
 * the files with findings under it (none: dropped). `withFindings` lists the
 * URIs that have the server's findings.
 */
export function fileEventsMiddleware(withFindings: () => readonly vscode.Uri[]): Middleware['workspace'] {
  return {
    async didChangeWatchedFile(event: FileEvent, next: (event: FileEvent) => Promise<void>): Promise<void> {
      if (WATCHED.test(pathOf(event.uri))) return next(event);
      if (event.type === FileChangeType.Created) {
        const created = await topologiesIn(vscode.Uri.parse(event.uri));
        await Promise.all(created.map((uri) => next({ uri: uri.toString(), type: FileChangeType.Created })));
        return;
      }
      if (event.type !== FileChangeType.Deleted) return;
      const folder = `${event.uri.replace(/\/+$/, '')}/`;
      const inside = withFindings().map((u) => u.toString()).filter((u) => u.startsWith(folder));
      await Promise.all(inside.map((uri) => next({ uri, type: FileChangeType.Deleted })));
    },
  };
}

/** The topologies in a folder and the folders under it; nothing for a file, or a folder gone again. */
async function topologiesIn(uri: vscode.Uri): Promise<readonly vscode.Uri[]> {
  const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
  if (stat?.type !== vscode.FileType.Directory) return [];
  return vscode.workspace.findFiles(new vscode.RelativePattern(uri, TOPOLOGY_GLOB));
}

/** The path part of a URI string, without query or fragment. */
function pathOf(uri: string): string {
  return uri.split(/[?#]/)[0]!;
}
