/**
 * Finding topology files on disk without leaving the folder they are looked
 * for in. Files are shared in pull requests, links included: a symbolic link
 * is followed only while its real path stays inside the boundary (the
 * repository, a workspace folder), so a committed link cannot make a check
 * read a file outside it and echo its keys into findings and CI annotations.
 * The CLI's folder and glob arguments and the language server's workspace
 * scan search with the same function and leave out what one IgnoreList says,
 * so they agree on what they read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import type { IgnoreList, IgnoreReason } from './ignoreList';

/** The file name pattern of topology files. */
export const TOPOLOGY_SUFFIX = '.scale.json';

/** The glob of every topology file under a folder. */
export const TOPOLOGY_GLOB = `**/*${TOPOLOGY_SUFFIX}`;

/** Whether `file` is `folder` or lies inside it (both absolute; compared as written, links are not resolved). */
export function isWithin(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** A path with its links resolved, or undefined when it does not lead to anything. */
export function realPathOf(file: string): string | undefined {
  try {
    return fs.realpathSync(file);
  } catch {
    return undefined;
  }
}

/** The boundary of a search from `cwd`: the enclosing git repository's root when there is one, else `cwd`; real paths. */
export function searchRoot(cwd: string): { root: string; repository: boolean } {
  const start = realPathOf(cwd) ?? path.resolve(cwd);
  const repository = repositoryRoot(start);
  return repository !== undefined ? { root: repository, repository: true } : { root: start, repository: false };
}

/** The nearest folder at or above `dir` (as written: links are not resolved) with `.git`, if any. */
export function repositoryRoot(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    // A worktree or a submodule has a `.git` file, a clone a `.git` folder: either marks the root.
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/** How a search is made. */
export interface SearchOptions {
  /** The folder the pattern is relative to. */
  cwd: string;
  /** The real path of the root no link may lead out of (see searchRoot). */
  root: string;
  /** What the search leaves out: folders it does not look into, files it drops. */
  ignores: IgnoreList;
  /** Whether names starting with a dot are matched (a folder search matches them; a glob, as a shell's, does not). */
  dot: boolean;
  /** Told of each link (or named start) skipped because it leads out of `boundary`. */
  onSkip(file: string, boundary: string): void;
  /** Told of each file found that `ignores` drops (not of those in the folders it does not look into), and why. */
  onIgnored?(file: string, reason: IgnoreReason): void;
}

/**
 * The absolute paths of the files matching a glob pattern, each real file once
 * (by the name without links where there is one). A search that starts inside
 * the root stays inside the root; one that starts outside it (a folder named
 * outside the repository) stays inside the folder it starts from. Links that
 * lead out are skipped; a link back to a folder above it or to a folder
 * already followed is not followed again, so loops end.
 */
export function findWithin(pattern: string, options: SearchOptions): string[] {
  const segments = pattern.split('/');
  const fixed = segments.findIndex((s) => isDynamicPattern(s));
  const start = path.resolve(options.cwd, segments.slice(0, fixed < 0 ? segments.length : fixed).join('/'));
  const realStart = realPathOf(start);
  if (realStart === undefined) return [];
  const boundary = isWithin(start, options.root) ? options.root : realStart;
  if (!isWithin(realStart, boundary)) {
    options.onSkip(start, boundary);
    return [];
  }
  // One note per link, though a followed link to a folder may show it under a second name.
  const noted = new Set<string>();
  const skip = (link: string) => {
    const where = path.join(realPathOf(path.dirname(link)) ?? path.dirname(link), path.basename(link));
    if (!noted.has(where)) options.onSkip(link, boundary);
    noted.add(where);
  };
  const followed = new Set<string>();
  // tinyglobby resolves each link it meets with realpathSync, then reads the folders it keeps (those not ignored and
  // able to match) with readdirSync: a link out is refused where it would be read, so a link it ignores gets no note.
  const realpathSync = ((link: string) => {
    const real = fs.realpathSync(link);
    if (!fs.statSync(real).isDirectory()) return real;
    // Kept under its own name, so that readdirSync can name it.
    if (!isWithin(real, boundary)) return link;
    if (followed.has(real) || isWithin(fs.realpathSync(path.dirname(link)), real)) throw new Error(`${link} leads back to a folder already searched`);
    followed.add(real);
    return real;
  }) as typeof fs.realpathSync;
  const readdirSync = ((dir: string, readOptions: fs.ObjectEncodingOptions & { withFileTypes: true }) => {
    if (!isWithin(realPathOf(dir) ?? dir, boundary)) {
      skip(path.resolve(dir));
      throw new Error(`${dir} leads outside ${boundary}`);
    }
    // Left-out folders are never looked into, so a `!` rule cannot take back what is inside one, as in git.
    return fs.readdirSync(dir, readOptions).filter((e) => !options.ignores.prunes(dir, e.name, e.isFile()));
  }) as typeof fs.readdirSync;
  const matches = globSync(pattern, {
    cwd: options.cwd,
    dot: options.dot,
    onlyFiles: true,
    expandDirectories: false,
    followSymbolicLinks: true,
    fs: { readdir: fs.readdir, readdirSync, realpath: fs.realpath, realpathSync, stat: fs.stat, statSync: fs.statSync },
  });
  const found: string[] = [];
  for (const file of matches.map((m) => path.resolve(options.cwd, m))) {
    const real = realPathOf(file);
    if (real !== undefined && isWithin(real, boundary)) {
      const reason = options.ignores.reasonFor(file);
      if (reason === undefined) found.push(file);
      else options.onIgnored?.(file, reason);
    } else if (real !== undefined) skip(file);
  }
  return uniqueFiles(found);
}

/** The topology files in a folder and the folders under it, names starting with a dot included (see findWithin). */
export function findTopologies(folder: string, options: Omit<SearchOptions, 'cwd' | 'dot'>): string[] {
  return findWithin(TOPOLOGY_GLOB, { ...options, cwd: folder, dot: true });
}

/** Files once each, sorted: of the names of one real file, its real path wins, else the first in order. */
export function uniqueFiles(files: readonly string[]): string[] {
  const byReal = new Map<string, string>();
  for (const file of [...files].sort()) {
    const real = realPathOf(file) ?? file;
    const kept = byReal.get(real);
    if (kept === undefined || (kept !== real && file === real)) byReal.set(real, file);
  }
  return [...byReal.values()].sort();
}
