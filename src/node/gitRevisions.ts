/**
 * The topologies a change touched, read from git without checking anything
 * out: which `*.scale.json` files differ between two revisions (or a
 * revision and the working tree), and their text at a revision, read by blob.
 * Works in a shallow clone as long as the base revision was fetched. Git runs
 * with no external diff, no text conversion and no file-system monitor, so a
 * repository's configuration cannot make it run a program; a revision is
 * never taken for an option.
 */
import { execFileSync } from 'node:child_process';
import { MAX_FILE_BYTES, tooLarge, topologyText, type TopologyFileRead } from './topologyFile';
import { TOPOLOGY_SUFFIX } from './topologySearch';

/** Why git could not answer: the command exits with code 2 and this message. */
export class GitError extends Error {}

/** What git says of one topology the change touched; paths from the repository's top, with forward slashes. */
export interface TopologyChange {
  /** The path at the base revision; absent when the change added the file. */
  basePath?: string;
  /** The path at the head (revision or working tree); absent when the change deleted it. */
  headPath?: string;
  /** The blobs to read at each side; a head in the working tree has none (read the file). */
  baseBlob?: string;
  headBlob?: string;
  /** A side that is a symbolic link or a submodule, not a file: it is not read. */
  baseNotFile?: string;
  headNotFile?: string;
}

const SAFE = ['-c', 'core.fsmonitor=false', '-c', 'core.quotePath=false'];

/** Runs git; a status in `quiet` (git grep's 1, "nothing found") is an answer, not an error: its output is returned. */
function git(cwd: string, args: readonly string[], maxBuffer = 64 * 1024 * 1024, quiet: readonly number[] = []): Buffer {
  try {
    return execFileSync('git', [...SAFE, ...args], { cwd, maxBuffer, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer; stdout?: Buffer; status?: number };
    if (err.status != null && quiet.includes(err.status)) return err.stdout ?? Buffer.alloc(0);
    if (err.code === 'ENOENT') throw new GitError('git is not installed (or not on PATH): comparing revisions needs it');
    const said = err.stderr?.toString('utf8').trim().split('\n').at(-1);
    throw new GitError(said || err.message);
  }
}

/** The top folder of the repository that holds `cwd`. */
export function repositoryTop(cwd: string): string {
  try {
    return git(cwd, ['rev-parse', '--show-toplevel']).toString('utf8').trim();
  } catch (e) {
    throw new GitError(`not in a git repository (${(e as Error).message}); compare two files with "scale diff BASE HEAD"`);
  }
}

/** The commit a revision names; a revision that names none (or is not fetched in a shallow clone) is a GitError saying so. */
export function resolveRevision(cwd: string, revision: string): string {
  if (revision === '' || revision.startsWith('-')) throw new GitError(`"${revision}" is not a revision`);
  try {
    return git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`]).toString('utf8').trim();
  } catch {
    const shallow = (() => {
      try {
        return git(cwd, ['rev-parse', '--is-shallow-repository']).toString('utf8').trim() === 'true';
      } catch {
        return false;
      }
    })();
    throw new GitError(`revision "${revision}" does not exist in this repository${shallow ? ` (a shallow clone: fetch it first, e.g. git fetch --depth=1 origin ${revision})` : ''}`);
  }
}

const MODE_FILE = /^100[0-7]{3}$/;
const ZERO = /^0+$/;

/**
 * The topologies that differ between `base` and `head` (both commits), or
 * between `base` and the working tree when `head` is undefined (files git
 * does not track yet included), under `pathspecs` (relative to `cwd`; none:
 * the whole repository). A renamed file is one change.
 */
export function changedTopologies(cwd: string, base: string, head: string | undefined, pathspecs: readonly string[]): TopologyChange[] {
  const raw = git(cwd, ['diff', '--raw', '-z', '-M', '--abbrev=40', '--no-ext-diff', '--no-textconv', '--no-relative', base, ...(head ? [head] : []), '--', ...pathspecs]);
  const parts = raw.toString('utf8').split('\0');
  const out: TopologyChange[] = [];
  for (let i = 0; i < parts.length - 1;) {
    const meta = parts[i++]!;
    if (!meta.startsWith(':')) continue;
    const [oldMode, newMode, oldBlob, newBlob, status] = meta.slice(1).split(' ') as [string, string, string, string, string];
    const first = parts[i++]!;
    const renamed = status.startsWith('R') || status.startsWith('C');
    const second = renamed ? parts[i++]! : first;
    const change: TopologyChange = {};
    if (!ZERO.test(oldMode) && !status.startsWith('A')) {
      change.basePath = first;
      change.baseBlob = oldBlob;
      if (!MODE_FILE.test(oldMode)) change.baseNotFile = notFile(oldMode);
    }
    if (!ZERO.test(newMode) && !status.startsWith('D')) {
      change.headPath = second;
      if (head) change.headBlob = newBlob;
      if (!MODE_FILE.test(newMode)) change.headNotFile = notFile(newMode);
    }
    if (status.startsWith('C')) delete change.basePath;
    if (isTopology(change.basePath) || isTopology(change.headPath)) {
      // A rename to or from another name is a delete or an add of the topology.
      if (!isTopology(change.basePath)) out.push({ ...pick(change, 'head') });
      else if (!isTopology(change.headPath)) out.push({ ...pick(change, 'base') });
      else out.push(change);
    }
  }
  if (!head) {
    const untracked = git(cwd, ['ls-files', '--others', '--exclude-standard', '-z', '--full-name', '--', ...pathspecs]).toString('utf8').split('\0');
    for (const p of untracked) if (isTopology(p)) out.push({ headPath: p });
  }
  return out.sort((a, b) => compare(a.headPath ?? a.basePath!, b.headPath ?? b.basePath!));
}

function pick(change: TopologyChange, side: 'base' | 'head'): TopologyChange {
  return side === 'base'
    ? { basePath: change.basePath, baseBlob: change.baseBlob, ...(change.baseNotFile ? { baseNotFile: change.baseNotFile } : {}) }
    : { headPath: change.headPath, ...(change.headBlob ? { headBlob: change.headBlob } : {}), ...(change.headNotFile ? { headNotFile: change.headNotFile } : {}) };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function notFile(mode: string): string {
  return mode === MODE_LINK ? 'a symbolic link' : mode === '160000' ? 'a submodule' : mode === '040000' ? 'a folder' : `not a file (mode ${mode})`;
}

/** The mode git gives a symbolic link. */
const MODE_LINK = '120000';

/** One entry of a revision's tree: a file's blob, or what else stands at the path. */
export type TreeEntry = { blob: string } | { notFile: string; link: boolean };

/**
 * What stands at `file` (a path from the repository's top, forward slashes)
 * in the tree of `commit`: a file's blob; a link, a submodule or a folder;
 * or, when nothing is there, a link among its folders (git does not follow
 * one into the folder it names), else undefined.
 */
export function treeEntry(cwd: string, commit: string, file: string): TreeEntry | undefined {
  if (!OBJECT_ID.test(commit)) throw new GitError(`"${commit}" is not a commit id`);
  const folders = file.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'));
  const at = (paths: readonly string[]) => git(cwd, ['--literal-pathspecs', 'ls-tree', '-z', '--full-tree', commit, '--', ...paths]).toString('utf8').split('\0').filter(Boolean).map((line) => {
    const [meta, name] = [line.slice(0, line.indexOf('\t')), line.slice(line.indexOf('\t') + 1)];
    const [mode, , id] = meta.split(' ') as [string, string, string];
    return { mode, id, name };
  });
  const own = at([file]).find((e) => e.name === file);
  if (own) return MODE_FILE.test(own.mode) ? { blob: own.id } : { notFile: notFile(own.mode), link: own.mode === MODE_LINK };
  // A folder lists what it holds; only an entry named as the folder itself is one that is not a folder.
  const blocked = folders.length === 0 ? undefined : at(folders).find((e) => folders.includes(e.name) && e.mode !== '040000');
  return blocked ? { notFile: `in ${blocked.name}, which is ${notFile(blocked.mode)}`, link: blocked.mode === MODE_LINK } : undefined;
}

/**
 * The topologies under `pathspecs` (relative to `cwd`; none: the whole
 * repository) at `commit`, or in the working tree (untracked files included)
 * when it is undefined, whose text holds one of `words` or a `\u` escape (a
 * JSON string can spell any name with one): the files that may import one of
 * the files named so. Paths from the repository's top.
 */
export function topologiesMentioning(cwd: string, commit: string | undefined, words: readonly string[], pathspecs: readonly string[]): string[] {
  if (commit !== undefined && !OBJECT_ID.test(commit)) throw new GitError(`"${commit}" is not a commit id`);
  if (words.length === 0) return [];
  const patterns = [...words, '\\u'].flatMap((w) => ['-e', w]);
  const args = ['grep', '-l', '-z', '-I', '-F', '--full-name', '--no-color', '--no-textconv', ...(commit === undefined ? ['--untracked'] : []), ...patterns, ...(commit === undefined ? [] : [commit]), '--', ...(pathspecs.length > 0 ? pathspecs : [':/'])];
  const names = git(cwd, args, 64 * 1024 * 1024, [1]).toString('utf8').split('\0').filter(Boolean);
  // With a tree, git names each file "<commit>:<path>".
  const prefix = commit === undefined ? '' : `${commit}:`;
  return [...new Set(names.map((n) => (n.startsWith(prefix) ? n.slice(prefix.length) : n)).filter(isTopology))].sort(compare);
}

function isTopology(p: string | undefined): p is string {
  return p !== undefined && p.toLowerCase().endsWith(TOPOLOGY_SUFFIX);
}

/** A blob's text, bounded as a file on disk is: a blob past the bound is not read. */
export function readBlob(cwd: string, blob: string): TopologyFileRead {
  if (!/^[0-9a-f]{40,64}$/.test(blob)) throw new GitError(`"${blob}" is not a blob id`);
  const size = Number(git(cwd, ['cat-file', '-s', blob]).toString('utf8').trim());
  if (size > MAX_FILE_BYTES) return tooLarge(size);
  return topologyText(git(cwd, ['cat-file', 'blob', blob], size + 1024));
}

const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** Whether the commit `sha` (a full object id) is in the repository: a shallow clone holds only what it fetched. */
export function hasCommit(cwd: string, sha: string): boolean {
  if (!OBJECT_ID.test(sha)) throw new GitError(`"${sha}" is not a commit id`);
  try {
    git(cwd, ['cat-file', '-e', `${sha}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Fetches one commit by id from `remote`, without its history (a shallow
 * clone stays shallow), so that the trees of a change can be compared.
 */
export function fetchCommit(cwd: string, remote: string, sha: string): void {
  if (!OBJECT_ID.test(sha)) throw new GitError(`"${sha}" is not a commit id`);
  if (remote === '' || remote.startsWith('-')) throw new GitError(`"${remote}" is not a remote`);
  git(cwd, ['fetch', '--quiet', '--no-tags', '--no-recurse-submodules', '--depth=1', remote, sha]);
}

/**
 * The parents of the commit `sha`, read from the commit object itself, which
 * names them even in a shallow clone that lacks them.
 */
export function commitParents(cwd: string, sha: string): string[] {
  if (!OBJECT_ID.test(sha)) throw new GitError(`"${sha}" is not a commit id`);
  const header = git(cwd, ['cat-file', 'commit', sha]).toString('utf8').split('\n\n', 1)[0]!;
  return [...header.matchAll(/^parent ([0-9a-f]+)$/gm)].map((m) => m[1]!);
}

/** The best common ancestor of two commits; undefined when the clone holds none (a shallow one often does not). */
export function mergeBase(cwd: string, a: string, b: string): string | undefined {
  if (!OBJECT_ID.test(a) || !OBJECT_ID.test(b)) throw new GitError(`"${a}" or "${b}" is not a commit id`);
  try {
    return git(cwd, ['merge-base', a, b]).toString('utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
