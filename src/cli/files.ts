/**
 * Turning the CLI's file arguments into files, and reading them safely: a
 * size bound before reading, strict UTF-8 decoding, and I/O errors kept apart
 * from findings (they are exit code 2, findings are exit code 1).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import type { Finding } from '../core/findings';
import { MAX_FILE_CHARS } from '../core/model/parse';
import { LineIndex } from '../core/text/lineIndex';
import { formatText } from './formatText';

/** The file name pattern of topology files. */
export const TOPOLOGY_SUFFIX = '.scale.json';

/** Largest file read, in bytes. */
export const MAX_FILE_BYTES = MAX_FILE_CHARS;

/** Folders never searched for topology files. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test']);

/** Thrown for arguments that name nothing readable: the CLI exits with code 2. */
export class UsageError extends Error {}

/** A path as the CLI shows it: relative to the working folder with forward slashes when inside it, else absolute. */
export function shownPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, path.resolve(cwd, file));
  return rel.startsWith('..') || path.isAbsolute(rel) ? path.resolve(cwd, file) : rel.split(path.sep).join('/');
}

/**
 * Expands files, folders (searched for *.scale.json) and glob patterns into a
 * sorted, de-duplicated list of paths as the user would write them.
 */
export function expandInputs(inputs: readonly string[], cwd: string): string[] {
  const out = new Set<string>();
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(abs);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      const found = findTopologies(abs);
      if (found.length === 0) throw new UsageError(`No ${TOPOLOGY_SUFFIX} files in ${input}`);
      for (const f of found) out.add(path.relative(cwd, f) || f);
    } else if (stat) {
      out.add(input);
    } else if (isDynamicPattern(input)) {
      const matches = globSync(input, { cwd, onlyFiles: true, ignore: ['**/node_modules/**', '**/.git/**'], expandDirectories: false });
      if (matches.length === 0) throw new UsageError(`No files match ${input}`);
      for (const m of matches) out.add(m);
    } else {
      throw new UsageError(`No such file or folder: ${input}`);
    }
  }
  return [...out].sort();
}

function findTopologies(dir: string): string[] {
  const found: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch (e) {
      throw new UsageError(`Cannot read folder ${d}: ${(e as Error).message}`);
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) stack.push(path.join(d, e.name));
      } else if (e.isFile() && e.name.endsWith(TOPOLOGY_SUFFIX)) {
        found.push(path.join(d, e.name));
      }
    }
  }
  return found.sort();
}

/** A file's text, or the one finding that says why it could not be read as text. */
export type ReadResult = { text: string } | { text: undefined; finding: Finding; /** The text the finding's offset counts in. */ prefix: string };

/** Reads a file as UTF-8 text; throws UsageError when it cannot be read at all. */
export function readTopology(file: string, cwd: string): ReadResult {
  const abs = path.resolve(cwd, file);
  let size: number;
  try {
    const stat = fs.statSync(abs);
    if (!stat.isFile()) throw new UsageError(`Not a file: ${file}`);
    size = stat.size;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (size > MAX_FILE_BYTES) {
    return {
      text: undefined,
      prefix: '',
      finding: {
        ruleId: 'syntax', severity: 'error', path: [], range: { offset: 0, length: 0 },
        message: `File is too large to check: ${(size / 1048576).toFixed(1)} MiB, above the ${MAX_FILE_BYTES / 1048576} MiB bound`,
      },
    };
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(abs);
  } catch (e) {
    throw new UsageError(`Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    // Offsets of findings are in the text: decode the valid prefix to place this one.
    const prefix = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, bad));
    const offset = prefix.length;
    return {
      text: undefined,
      prefix,
      finding: {
        ruleId: 'syntax', severity: 'error', path: [], range: { offset, length: 0 },
        message: `File is not valid UTF-8: byte 0x${bytes[bad]!.toString(16).padStart(2, '0')} at byte offset ${bad} is not part of a UTF-8 character`,
      },
    };
  }
}

/** Index of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
    }
    // Overlong three- and four-byte forms and surrogates are invalid too.
    if (n === 2 && ((c === 0xe0 && b[i + 1]! < 0xa0) || (c === 0xed && b[i + 1]! >= 0xa0))) return i;
    if (n === 3 && ((c === 0xf0 && b[i + 1]! < 0x90) || (c === 0xf4 && b[i + 1]! >= 0x90))) return i;
    i += n + 1;
  }
  return b.length;
}

/**
 * The one file a command takes (`simulate`, `report`), read: its text and its
 * path as shown, or undefined when it cannot be read as text (the finding
 * that says why is printed on stderr). Usage errors throw.
 */
export function readOneTopology(command: string, positionals: readonly string[], cwd: string, stderr: (s: string) => void): { text: string; shown: string } | undefined {
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? `${command} needs a file` : `${command} takes one file, not ${positionals.length}`);
  const shown = shownPath(positionals[0]!, cwd);
  const read = readTopology(positionals[0]!, cwd);
  if (read.text !== undefined) return { text: read.text, shown };
  stderr(formatText([{ path: shown, findings: [read.finding], omitted: 0, lines: new LineIndex(read.prefix) }], false));
  return undefined;
}
