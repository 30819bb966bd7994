/** An import host over files held in memory, for tests of the core: imports resolve as on disk, inside `/repo`. */
import * as path from 'node:path';
import type { ImportHost, ImportRead } from '../../src/core/model/imports';

/** Files in memory by absolute posix path; imports resolve as on disk, inside `/repo`; `reads` counts the files read. */
export class MemoryHost implements ImportHost {
  reads = 0;
  constructor(private readonly files: Record<string, string>) {}
  read(importer: string | undefined, from: string): ImportRead {
    if (importer === undefined) return { refused: 'no file' };
    const file = path.posix.resolve(path.posix.dirname(importer), from);
    if (!file.startsWith('/repo/')) return { refused: 'it is outside the repository, and imports are read only inside it' };
    const text = this.files[file];
    this.reads++;
    return text === undefined ? { refused: 'there is no such file' } : { file, text };
  }
}
