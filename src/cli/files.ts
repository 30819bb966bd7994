/**
 * Turning the CLI's file arguments into files, and reading them (see
 * readTopologyFile), I/O errors kept apart from findings: they are exit code
 * 2, findings are exit code 1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDynamicPattern } from 'tinyglobby';
import { checkText, type CheckOptions, type CheckResult } from '../core/check';
import type { Topology } from '../core/model/topology';
import { blockingFindings } from '../core/sim/simulable';
import { LineIndex } from '../core/text/lineIndex';
import type { ImportContext, ImportedCheck } from '../core/model/imports';
import { FileImportHost } from '../node/importHost';
import { GITIGNORE, type IgnoreList, type IgnoreReason } from '../node/ignoreList';
import { CONFIG_FILE_NAME } from '../node/projectConfig';
import type { ShownFile } from './reportFile';
import { ioReason, readTopologyFile, readTopologyStream, type TopologyFileRead } from '../node/topologyFile';
import { findTopologies, findWithin, isWithin, realPathOf, searchRoot, TOPOLOGY_SUFFIX, uniqueFiles } from '../node/topologySearch';
import { formatText } from './formatText';
import { oneLine } from './oneLine';
import { IoError, UsageError } from './usageErrors';

/** What leaves a file out of searches, as notes name it (files in `node_modules` and `.git` are never named). */
const IGNORED_BY: Record<Exclude<IgnoreReason, 'skipped'>, string> = {
  gitignore: GITIGNORE,
  config: `the ignore patterns of ${CONFIG_FILE_NAME}`,
};

/**
 * A file a command needs valid, checked: its result with the topology, or
 * undefined with its errors on stderr ("examples/a.scale.json does not
 * validate, so it cannot be simulated:" and the blocking findings) when it
 * does not validate.
 */
export function checkedOrReported(read: { text: string; shown: string }, consequence: string, stderr: (s: string) => void, options?: CheckOptions): (CheckResult & { topology: Topology }) | undefined {
  const checked = checkText(read.text, options);
  const blocking = blockingFindings(checked.findings);
  if (checked.topology && blocking.length === 0) return checked as CheckResult & { topology: Topology };
  // No blocking finding, yet no topology: a workload no load figure can be true of; its errors say why.
  const shown = blocking.length > 0 ? blocking : checked.findings.filter((f) => f.severity === 'error');
  stderr(`${oneLine(read.shown)} does not validate, so ${consequence}:\n`);
  stderr(formatText([{ path: read.shown, findings: shown, omitted: 0, lines: new LineIndex(read.text) }]));
  return undefined;
}

/** Writes a report file, creating the folders it needs; throws IoError saying why it cannot. */
export function writeReport(file: string, cwd: string, output: string): void {
  const abs = path.resolve(cwd, file);
  try {
    fs.mkdirSync(path.dirname(abs), { recursive: true });
  } catch (e) {
    // mkdir says EEXIST when a file stands where a folder of the path should be.
    throw new IoError(`Cannot write ${file}: ${(e as NodeJS.ErrnoException).code === 'EEXIST' ? ioReason({ code: 'ENOTDIR' }) : ioReason(e)}`);
  }
  try {
    fs.writeFileSync(abs, output);
  } catch (e) {
    throw new IoError(`Cannot write ${file}: ${ioReason(e)}`);
  }
}

/** The name a topology read from standard input goes by without `--stdin-filename`. */
export const STDIN_NAME = '<stdin>';

/** Reads the topology on standard input (see readTopologyStream); throws IoError when it cannot be read. */
export function readStdin(): Exclude<TopologyFileRead, { error: string }> {
  const read = readTopologyStream(0);
  if ('error' in read) throw new IoError(`Cannot read standard input: ${read.error}`);
  return read;
}

/**
 * A path as the CLI shows it: relative to the working folder with forward
 * slashes when inside it, else absolute. A relative path that starts with
 * `:` or white space is shown after `./`: printed first on a line, even
 * indented, a name like `::error::x.scale.json` is a workflow command to a CI
 * runner (which trims the line's leading white space before it looks).
 */
export function shownPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, path.resolve(cwd, file));
  if (rel.startsWith('..') || path.isAbsolute(rel)) return path.resolve(cwd, file);
  const shown = rel.split(path.sep).join('/');
  return /^[\s:]/.test(shown) ? `./${shown}` : shown;
}

/** The folder a search does not leave, as a note names it. */
function boundaryName(boundary: string, cwd: string): string {
  const { root, repository } = searchRoot(cwd);
  return boundary !== root ? shownPath(boundary, cwd) : repository ? 'the repository' : 'the working folder';
}

/**
 * Expands files, folders (searched for *.scale.json) and glob patterns into a
 * sorted, de-duplicated list of absolute paths. Links met on the way that lead
 * out of the repository (or the working folder, outside a repository) are
 * skipped with a note; a file named that is itself such a link is refused.
 * What `ignores` leaves out (what git ignores, `node_modules`, the `ignore`
 * patterns of the project configuration) is left out of folders and globs; a
 * file named is checked all the same, with a note saying so: it may have
 * been named by a shell's glob rather than by hand.
 */
export function expandInputs(inputs: readonly string[], cwd: string, note: (s: string) => void, ignores: IgnoreList): string[] {
  const { root } = searchRoot(cwd);
  const onSkip = (file: string, boundary: string) => note(`scale: skipped ${oneLine(shownPath(file, cwd))}: it leads outside ${oneLine(boundaryName(boundary, cwd))}\n`);
  const left = new Map<IgnoreReason, number>();
  const onIgnored = (_file: string, reason: IgnoreReason) => left.set(reason, (left.get(reason) ?? 0) + 1);
  const leftOut = () => {
    const counts = Object.entries(IGNORED_BY).filter(([reason]) => left.has(reason as IgnoreReason)).map(([reason, by]) => `${left.get(reason as IgnoreReason)} left out by ${by}`);
    return counts.length > 0 ? ` (${counts.join(', ')})` : '';
  };
  const out: string[] = [];
  for (const input of inputs) {
    left.clear();
    const abs = path.resolve(cwd, input);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(abs);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      const found = findTopologies(abs, { root, ignores, onSkip, onIgnored });
      if (found.length === 0) throw new UsageError(`No ${TOPOLOGY_SUFFIX} files in ${input}${leftOut()}`);
      out.push(...found);
    } else if (stat) {
      const file = namedFile(input, cwd);
      const reason = ignores.reasonFor(file);
      if (reason !== undefined && reason !== 'skipped') note(`scale: ${oneLine(shownPath(file, cwd))} is checked because it is named, though ${IGNORED_BY[reason]} leave${reason === 'gitignore' ? 's' : ''} it out of searches\n`);
      out.push(file);
    } else if (isDynamicPattern(input)) {
      const matches = findWithin(input, { cwd, root, ignores, dot: false, onSkip, onIgnored });
      if (matches.length === 0) throw new UsageError(`No files match ${input}${leftOut()}`);
      out.push(...matches);
    } else {
      throw new IoError(`No such file or folder: ${input}`);
    }
  }
  return uniqueFiles(out);
}

/**
 * A file named on the command line, as an absolute path: read wherever it is,
 * unless it is a link inside the repository that leads out of it (the link is
 * the repository's doing, not the user's choice).
 */
export function namedFile(file: string, cwd: string): string {
  const abs = path.resolve(cwd, file);
  const { root } = searchRoot(cwd);
  const real = realPathOf(abs);
  if (real !== undefined && isWithin(abs, root) && !isWithin(real, root)) {
    throw new UsageError(`${shownPath(abs, cwd)}: it leads outside ${boundaryName(root, cwd)}, so it is not read`);
  }
  return abs;
}

/** Reads a topology file (see readTopologyFile); throws UsageError when it cannot be read at all. */
export function readTopology(file: string, cwd: string): Exclude<TopologyFileRead, { error: string }> {
  const read = readTopologyFile(path.resolve(cwd, file));
  if ('error' in read) throw new IoError(`Cannot read ${shownPath(file, cwd)}: ${read.error}`);
  return read;
}

/**
 * The one file a command takes (`simulate`, `report`), read: its text and its
 * path as shown, or undefined when it cannot be read as text (the finding
 * that says why is printed on stderr). Usage errors throw.
 */
export function readOneTopology(command: string, positionals: readonly string[], cwd: string, stderr: (s: string) => void): { text: string; shown: string; file: string } | undefined {
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? `${command} needs a file` : `${command} takes one file, not ${positionals.length}`);
  const file = namedFile(positionals[0]!, cwd);
  const shown = shownPath(file, cwd);
  const read = readTopology(file, cwd);
  if ('text' in read) return { text: read.text, shown, file };
  stderr(formatText([{ path: shown, findings: [read.finding], omitted: 0, lines: new LineIndex(read.prefix) }]));
  return undefined;
}

/**
 * How one run reads the imports of the files it checks: inside the run's
 * root (the repository, or the working folder), or for a file named outside
 * it, inside that file's own; each imported file is read and checked once per run.
 */
export class RunImports {
  private readonly cache = new Map<string, ImportedCheck>();
  private readonly hosts = new Map<string, FileImportHost>();
  /** The run's root, found once for all the files it checks. */
  private readonly run: { root: string; repository: boolean };

  constructor(private readonly cwd: string) {
    this.run = searchRoot(cwd);
  }

  /** The import context of a file (undefined: a text from standard input that names no file). */
  contextOf(file: string | undefined): ImportContext {
    const abs = file === undefined ? undefined : path.resolve(this.cwd, file);
    const key = abs === undefined ? undefined : (realPathOf(abs) ?? abs);
    const { root, repository } = key === undefined || isWithin(key, this.run.root) ? this.run : searchRoot(path.dirname(key));
    let host = this.hosts.get(root);
    if (!host) this.hosts.set(root, (host = new FileImportHost(root, repository ? 'the repository' : `the folder ${shownPath(root, this.cwd)}`)));
    return { host, file: key, cache: this.cache };
  }

  /** The files a check's imports read, as the run's reports name them. */
  shown(imported: ReadonlyMap<string, { text: string }>): Map<string, ShownFile> | undefined {
    if (imported.size === 0) return undefined;
    return new Map([...imported].map(([key, f]) => [key, { path: this.nameOf(key), lines: new LineIndex(f.text) }]));
  }

  /** How the run's reports name a file its imports read, by its key. */
  readonly nameOf = (key: string): string => shownPath(key, this.cwd);
}
