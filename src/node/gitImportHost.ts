/**
 * Reading the files a topology imports as they were at a git revision, for
 * `scale diff`: each side of a change follows its imports in its own tree,
 * read from git's objects (never a checkout), or in the working tree when
 * that is the side. The rules are the file reader's: an import resolves
 * against the importing file's path in the repository, never leads out of
 * the repository, and is read with the one topology reader (size bound,
 * strict UTF-8). A link is not followed, at a revision or in the working
 * tree, as a changed topology that is a link is not read: refused before
 * anything it names is read. Keys are paths from the repository's top, the
 * same for a file on both sides, which is what lets a comparison match the
 * findings of an imported component across them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ImportContext, ImportedCheck, ImportHost, ImportRead } from '../core/model/imports';
import { readBlob, treeEntry } from './gitRevisions';
import { importRead, NO_FILE, outsideOf } from './importHost';
import { readTopologyFile, type TopologyFileRead } from './topologyFile';

/** A topology as a side holds it; refused: why it is not read (not there, a link, not a file). */
export type SideRead = TopologyFileRead | { refused: string };

/** Reads topologies and their imports at one revision of the repository whose top folder is `top` (undefined revision: the working tree). */
export class GitImportHost implements ImportHost {
  private readonly cache = new Map<string, ImportedCheck>();
  private readonly where: string;

  /** `top`: the repository's top folder; `commit`: the full id of the side's commit, or undefined for the working tree. */
  constructor(private readonly top: string, private readonly commit: string | undefined) {
    this.where = commit === undefined ? 'in the working tree' : 'at this revision';
  }

  /** The import context of the topology at `file` (a path from the top, forward slashes); one memo of imported files per side. */
  contextOf(file: string): ImportContext {
    return { host: this, file, cache: this.cache };
  }

  read(importer: string | undefined, from: string): ImportRead {
    if (importer === undefined) return { refused: NO_FILE };
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(importer), from));
    // Lexically first: nothing outside the repository is looked at, not even to say it is missing.
    if (path.posix.isAbsolute(from) || target === '..' || target.startsWith('../')) return { refused: outsideOf('the repository') };
    const read = this.readTopology(target);
    return 'refused' in read ? read : importRead(target, read);
  }

  /** The topology at `file` (a path from the top, forward slashes) on this side, read as the file reader reads; a link is refused, not followed. */
  readTopology(file: string): SideRead {
    if (this.commit === undefined) return this.readWorkingTree(file);
    const entry = treeEntry(this.top, this.commit, file);
    if (entry === undefined) return { refused: 'there is no such file' };
    if ('notFile' in entry) return { refused: `it is ${entry.notFile} ${this.where}${entry.link ? ', and links are not followed' : ''}` };
    return readBlob(this.top, entry.blob);
  }

  private readWorkingTree(file: string): SideRead {
    const parts = file.split('/');
    let at = this.top;
    for (let i = 0; i < parts.length; i++) {
      at = path.join(at, parts[i]!);
      let stat: fs.Stats;
      try {
        stat = fs.lstatSync(at);
      } catch {
        return { refused: 'there is no such file' };
      }
      if (stat.isSymbolicLink()) {
        return { refused: i === parts.length - 1 ? `it is a symbolic link ${this.where}, and links are not followed` : `it is in ${parts.slice(0, i + 1).join('/')}, which is a symbolic link ${this.where}, and links are not followed` };
      }
    }
    return readTopologyFile(at);
  }
}
