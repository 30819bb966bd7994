/**
 * The imports of the topologies the language server checks. Each check reads
 * its imports afresh through a recording host (the files may have changed
 * since the last one), inside the root of the file: the nearest folder at or
 * above it that is a workspace folder or a repository's root (as a project
 * configuration is looked for), so nothing outside the workspace folder, or
 * outside a repository nested in it, is read. An open document's text wins
 * over the file on disk. What each check read, or looked for and did not
 * find, is kept per document, so that a change of any of those files (open
 * or on disk, however deep in the chain) validates its importers again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type ImportContext, type ImportHost, importSnapshot, RecordingImportHost } from '../core/model/imports';
import { FileImportHost, NO_FILE } from '../node/importHost';
import { configRoot } from '../node/projectConfig';
import { isWithin, realPathOf } from '../node/topologySearch';

/** The host of a text with no file: its imports cannot be resolved. */
const UNSAVED_HOST: ImportHost = { read: () => ({ refused: NO_FILE }) };

/** Reads the imports of the documents and files the server checks, and remembers which files each check read. */
export class WorkspaceImports {
  /** One host per root. */
  private readonly hosts = new Map<string, FileImportHost>();
  /** Per document or file on disk (by URI): the paths its last check read or looked for. */
  private readonly reads = new Map<string, Set<string>>();
  /** Open documents by the real path of their file. */
  private readonly open = new Map<string, string>();

  /** `folders`: the workspace folders; `openText`: the text of an open document, by URI. */
  constructor(
    private readonly folders: () => readonly string[],
    private readonly openText: (uri: string) => string | undefined,
  ) {}

  /** A document was opened: its text is what its importers read. */
  opened(uri: string): void {
    const real = realFile(uri);
    if (real !== undefined) this.open.set(real, uri);
  }

  /** A document was closed: its file on disk is what its importers read. */
  closed(uri: string): void {
    for (const [real, u] of this.open) if (u === uri) this.open.delete(real);
  }

  /** A fresh import context for one check of a document: its file's key (the real path) and a recording host. */
  contextOf(uri: string): ImportContext {
    const file = uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
    if (file === undefined) return { host: new RecordingImportHost(UNSAVED_HOST), cache: new Map() };
    const key = realPathOf(file) ?? path.resolve(file);
    return { host: new RecordingImportHost(this.hostAt(this.rootOf(key))), file: key, cache: new Map() };
  }

  /** Keeps what a document's check (made with a context of `contextOf`) read or looked for. */
  track(uri: string, context: ImportContext | undefined): void {
    const records = importSnapshot(context)?.records ?? [];
    const paths = new Set<string>();
    for (const r of records) {
      if (r.importer === null) continue;
      // Looked for, whether or not it was there: its arrival matters too.
      paths.add(path.resolve(path.dirname(r.importer), ...r.from.split('/')));
      if ('file' in r.read) paths.add(r.read.file);
    }
    if (paths.size > 0) this.reads.set(uri, paths);
    else this.reads.delete(uri);
  }

  /** Forgets what a document or file read (it is closed and not validated from disk, or deleted). */
  untrack(uri: string): void {
    this.reads.delete(uri);
  }

  /** The documents and files whose last check read or looked for `file` (at any depth of their imports). */
  importersOf(file: string): string[] {
    const real = realPathOf(file);
    const out: string[] = [];
    for (const [uri, paths] of this.reads) if (paths.has(file) || (real !== undefined && paths.has(real))) out.push(uri);
    return out;
  }

  /**
   * The URI a file key (a real path) goes by: the open document's, else the
   * path under the workspace folder it is in (which may be reached through a
   * link), else its own.
   */
  uriOf(key: string): string {
    const open = this.open.get(key);
    if (open !== undefined) return open;
    // A folder that is not there holds no file: its resolved path holds no real one either.
    for (const { folder, real } of this.roots()) if (isWithin(key, real)) return pathToFileURL(path.join(folder, path.relative(real, key))).href;
    return pathToFileURL(key).href;
  }

  /** The text of the open document of a real path, which wins over the disk. */
  private textOf(real: string): string | undefined {
    const uri = this.open.get(real);
    return uri === undefined ? undefined : this.openText(uri);
  }

  /** The folder a file's imports may not leave: the nearest workspace folder or repository root at or above it. */
  private rootOf(key: string): string {
    return configRoot(path.dirname(key), this.roots().map((r) => r.real));
  }

  /** The workspace folders, each with its real path (its resolved path when it is not there), as ProjectConfigs takes them. */
  private roots(): { folder: string; real: string }[] {
    return this.folders().map((folder) => ({ folder, real: realPathOf(folder) ?? path.resolve(folder) }));
  }

  private hostAt(root: string): FileImportHost {
    let host = this.hosts.get(root);
    if (!host) {
      const name = this.roots().some((r) => r.real === root) ? 'the workspace folder' : fs.existsSync(path.join(root, '.git')) ? 'the repository' : `the folder ${path.basename(root)}`;
      this.hosts.set(root, (host = new FileImportHost(root, name, (real) => this.textOf(real))));
    }
    return host;
  }
}

/** The real path of a file URI's file, when it is one that exists. */
function realFile(uri: string): string | undefined {
  return uri.startsWith('file:') ? realPathOf(fileURLToPath(uri)) : undefined;
}
