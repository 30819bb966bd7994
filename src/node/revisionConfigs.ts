/**
 * The project configuration of topologies as a git revision holds it, for
 * `scale diff --head REV`: a comparison of two revisions judges both sides by
 * the head revision's `scale.config.json`, never by what the working tree
 * happens to hold. Found as on disk (the nearest above the topology, up to
 * the repository's top), read from git's objects with the one file reader; a
 * link is not followed.
 */
import * as path from 'node:path';
import { CONFIG_FILE_NAME } from '../core/model/configSchema';
import { readBlob, treeEntry } from './gitRevisions';
import { configOfRead, type LoadedConfig, refusedConfig } from './projectConfig';

/** The configurations at one commit of the repository whose top folder is `top`, each folder looked up once. */
export class RevisionConfigs {
  /** By folder (a path from the top, '' for the top): the configuration that governs it, or null for none. */
  private readonly byFolder = new Map<string, LoadedConfig | null>();

  /** `commit`: the full id of the revision's commit. */
  constructor(
    private readonly top: string,
    private readonly commit: string,
  ) {}

  /** The configuration of the topology at `file` (an absolute path inside the top folder), or undefined when none governs it. */
  forFile(file: string): LoadedConfig | undefined {
    const rel = path.relative(this.top, file).split(path.sep).join('/');
    return this.forFolder(path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel)) ?? undefined;
  }

  private forFolder(folder: string): LoadedConfig | null {
    const known = this.byFolder.get(folder);
    if (known !== undefined) return known;
    const name = folder === '' ? CONFIG_FILE_NAME : `${folder}/${CONFIG_FILE_NAME}`;
    const entry = treeEntry(this.top, this.commit, name);
    const file = path.join(this.top, name);
    const found = entry === undefined
      ? folder === '' ? null : this.forFolder(path.posix.dirname(folder) === '.' ? '' : path.posix.dirname(folder))
      : 'notFile' in entry
        ? refusedConfig(file, `it is ${entry.notFile} at this revision${entry.link ? ', and links are not followed' : ''}`)
        : configOfRead(file, readBlob(this.top, entry.blob));
    this.byFolder.set(folder, found);
    return found;
  }
}
