/**
 * When the language server is due: the extension activates for a command, a
 * restored diagram panel or the Scale language as well as for a workspace
 * with topologies, and until a topology is open or on disk the server (a
 * process of its own, with the core it loads) would only cost memory and
 * start-up time.
 */
import * as vscode from 'vscode';
import { TOPOLOGY } from './topologyFileEvents';

/** Where topologies are looked for on disk: as `workspaceContains` looks, without dependencies' folders. */
const TOPOLOGY_FILES = '**/*.scale.json';
const SKIPPED = '**/node_modules/**';

/**
 * Calls `start` once: at once when a topology or a project configuration is
 * open, else when the workspace search finds a topology, else when one is
 * opened or created. The returned disposable stops the waiting.
 */
export function whenTopologyAppears(start: () => void): vscode.Disposable {
  const waiting: vscode.Disposable[] = [];
  let started = false;
  const fire = () => {
    if (started) return;
    started = true;
    for (const d of waiting) d.dispose();
    start();
  };
  const isTopology = (doc: vscode.TextDocument) => TOPOLOGY.test(doc.uri.path);
  if (vscode.workspace.textDocuments.some(isTopology)) {
    fire();
    return new vscode.Disposable(() => undefined);
  }
  const watcher = vscode.workspace.createFileSystemWatcher(TOPOLOGY_FILES, false, true, true);
  waiting.push(watcher, watcher.onDidCreate(fire), vscode.workspace.onDidOpenTextDocument((doc) => isTopology(doc) && fire()));
  void Promise.resolve(vscode.workspace.findFiles(TOPOLOGY_FILES, SKIPPED, 1)).then((found) => found.length > 0 && fire(), () => undefined);
  return new vscode.Disposable(() => {
    for (const d of waiting) d.dispose();
  });
}
