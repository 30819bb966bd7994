/** How tests read the imports of the bundled examples (and of files beside them): as the CLI does, inside this repository. */
import * as path from 'node:path';
import { checkText } from '../../src/core/check';
import { type ImportContext, importSnapshot, type ImportSnapshot, RecordingImportHost } from '../../src/core/model/imports';
import { FileImportHost } from '../../src/node/importHost';

/** The repository's root. */
export const REPO_ROOT = path.resolve(__dirname, '../..');

/** The examples folder. */
export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/** The import context of a file of this repository (absolute, or relative to its root); one memo of imported files per call. */
export function importsOf(file: string): ImportContext {
  return { host: new FileImportHost(REPO_ROOT, 'the repository'), file: path.resolve(REPO_ROOT, file), cache: new Map() };
}

/**
 * What the language server answers to scale/imports for a file of this
 * repository (absolute, or relative to its root) with `text`: every read its
 * check's imports made, under the file's real path.
 */
export function importSnapshotOf(file: string, text: string): ImportSnapshot {
  const context = importsOf(file);
  const recording: ImportContext = { ...context, host: new RecordingImportHost(context.host) };
  checkText(text, { rules: [], imports: recording });
  return importSnapshot(recording)!;
}
