/**
 * Reading the files a topology imports, for the CLI and the language server:
 * an import's `from` is resolved against the importing file's folder and read
 * with the one topology reader, only inside a root (the repository, or the
 * folder a run or workspace is in). A path that leads out of the root,
 * written so or through a link, is refused before anything of it is read,
 * so a file from a pull request cannot make a check read, and echo into its
 * findings, a file outside the repository.
 */
import * as path from 'node:path';
import type { ImportHost, ImportRead } from '../core/model/imports';
import { readTopologyFile, type TopologyFileRead } from './topologyFile';
import { isWithin, realPathOf } from './topologySearch';

/** Why an import of a text with no file (an untitled document, standard input) is not read. */
export const NO_FILE = 'this text is not saved in a file, and an import is read relative to the file that holds it';

/** Reads imports from disk inside `root`; `openText` gives the text of a file open in an editor (by real path), which wins over the disk. */
export class FileImportHost implements ImportHost {
  /**
   * `root`: a real path no import may leave; `rootName`: how messages name it
   * ("the repository"); `openText`: unsaved texts of open files.
   */
  constructor(
    private readonly root: string,
    private readonly rootName: string,
    private readonly openText?: (file: string) => string | undefined,
  ) {}

  read(importer: string | undefined, from: string): ImportRead {
    if (importer === undefined) return { refused: NO_FILE };
    const target = path.resolve(path.dirname(importer), ...from.split('/'));
    if (!isWithin(target, this.root)) return { refused: outsideOf(this.rootName) };
    const real = realPathOf(target);
    if (real === undefined) return { refused: 'there is no such file' };
    if (!isWithin(real, this.root)) return { refused: `it is a link to a file outside ${this.rootName}, and imports are read only inside it` };
    const open = this.openText?.(real);
    if (open !== undefined) return { file: real, text: open };
    return importRead(real, readTopologyFile(real));
  }
}

/** Why an import that leads out of the root (`rootName`, "the repository") is not read. */
export function outsideOf(rootName: string): string {
  return `it is outside ${rootName}, and imports are read only inside it`;
}

/** A host's answer from the one topology reader's: the text under the key `file`, or why it cannot be imported. */
export function importRead(file: string, read: TopologyFileRead): ImportRead {
  if ('text' in read) return { file, text: read.text };
  if ('error' in read) return { refused: `it cannot be read (${read.error})` };
  return { refused: `it cannot be read as a topology (${lowerFirst(read.finding.message)})` };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
