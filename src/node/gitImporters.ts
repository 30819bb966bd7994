/**
 * The topologies a change reaches without touching them: those that import
 * (directly, or through other imports) a topology the change touched. A
 * change to a platform file moves the findings, load and scenarios of every
 * design that imports it, so a review of the change compares those designs
 * too. They are found on each side, at its revision: git grep names the
 * candidates (files whose text holds a changed file's name, or a `\u` escape
 * that could spell it), and each candidate's imports are resolved as its check
 * resolves them; a candidate that reads a changed file is an importer. Its
 * own importers are searched the same way, as deep as imports nest, in the
 * whole repository (a design under the paths asked for may import the
 * platform through a file outside them); only those under the paths are
 * returned. Bounded: so many candidates resolved, so many importers returned
 * (the rest counted).
 */
import * as path from 'node:path';
import { checkText } from '../core/check';
import { MAX_IMPORT_DEPTH } from '../core/model/imports';
import { GitImportHost } from './gitImportHost';
import { changedTopologies, repositoryTop, topologiesMentioning, type TopologyChange } from './gitRevisions';

/** Most importers returned for one change: each is compared (checked and simulated) on both sides. */
export const MAX_IMPORTERS = 100;
/** Most candidates resolved on one side of one change. */
export const MAX_CANDIDATES = 1000;

/** One side of a change, for the search: its host, its commit (undefined: the working tree) and the topologies the change touched there. */
interface SearchSide {
  host: GitImportHost;
  commit: string | undefined;
  /** Paths from the repository's top of the topologies the change touched, on this side. */
  changed: readonly string[];
}

/** A topology that imports files the change touched. */
export interface Importer {
  /** Path from the repository's top. */
  path: string;
  /** The touched files it reads for its imports, on either side, sorted. */
  imports: string[];
}

/** What the search found: the importers by path (at most MAX_IMPORTERS), and how many more there were. */
export interface Importers {
  importers: Importer[];
  more: number;
  /** Set when a side had more candidates than MAX_CANDIDATES: those past the bound were not resolved. */
  unsearched: boolean;
}

/**
 * The topologies under `pathspecs` (relative to `cwd`; none: the whole
 * repository) that import, on either side, a topology the change from `base`
 * to `head` (a commit, or undefined for the working tree) touched anywhere in
 * the repository; `changes`: the touched ones under the paths, when the
 * caller has them. `hosts`: each side's reader, when the caller compares
 * with them (what they read is kept for its checks).
 */
export function importersOfChange(cwd: string, base: string, head: string | undefined, pathspecs: readonly string[], changes?: readonly TopologyChange[], hosts?: { base: GitImportHost; head: GitImportHost }): Importers {
  const touched = pathspecs.length === 0 && changes ? changes : changedTopologies(cwd, base, head, []);
  const top = hosts ? undefined : repositoryTop(cwd);
  const { base: baseHost, head: headHost } = hosts ?? { base: new GitImportHost(top!, base), head: new GitImportHost(top!, head) };
  const on = (side: 'base' | 'head') => touched.flatMap((c) => (side === 'base' ? c.basePath : c.headPath) ?? []);
  return importersOf(cwd, [{ host: baseHost, commit: base, changed: on('base') }, { host: headHost, commit: head, changed: on('head') }], pathspecs, new Set([...on('base'), ...on('head')]));
}

/**
 * The topologies under `pathspecs` (relative to `cwd`, as git reads them;
 * none: the whole repository) that import, on either side, one of the
 * topologies the change touched, leaving out the touched ones (`touched`:
 * compared already, or left out by the paths).
 */
function importersOf(cwd: string, sides: readonly SearchSide[], pathspecs: readonly string[], touched: ReadonlySet<string>): Importers {
  const found = new Map<string, Set<string>>();
  let unsearched = false;
  for (const side of sides) {
    const changed = new Set(side.changed);
    const resolved = new Set<string>();
    const names = new Set<string>();
    const hitHere = new Map<string, string[]>();
    let frontier = [...changed];
    for (let depth = 0; depth < MAX_IMPORT_DEPTH && frontier.length > 0; depth++) {
      const words = [...new Set(frontier.map((p) => path.posix.basename(p)))].filter((w) => !names.has(w));
      for (const w of words) names.add(w);
      const next: string[] = [];
      for (const candidate of topologiesMentioning(cwd, side.commit, words, [])) {
        if (resolved.has(candidate) || changed.has(candidate)) continue;
        if (resolved.size >= MAX_CANDIDATES) {
          unsearched = true;
          break;
        }
        resolved.add(candidate);
        const read = side.host.readTopology(candidate);
        if (!('text' in read)) continue;
        // Resolution only, as an import is checked: the files read at every depth are what it depends on.
        const imported = checkText(read.text, { rules: [], imports: side.host.contextOf(candidate) }).imported;
        const hits = [...imported.keys()].filter((key) => changed.has(key));
        if (hits.length === 0) continue;
        next.push(candidate);
        hitHere.set(candidate, hits);
      }
      frontier = next;
    }
    // Every importer holds one of the names searched for: the same search under the paths says which are there.
    const under = pathspecs.length === 0 || hitHere.size === 0 ? undefined : new Set(topologiesMentioning(cwd, side.commit, [...names], pathspecs));
    for (const [file, hits] of hitHere) {
      if (under && !under.has(file)) continue;
      const into = found.get(file) ?? new Set<string>();
      for (const hit of hits) into.add(hit);
      found.set(file, into);
    }
  }
  const all = [...found].filter(([file]) => !touched.has(file)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    importers: all.slice(0, MAX_IMPORTERS).map(([file, hits]) => ({ path: file, imports: [...hits].sort() })),
    more: Math.max(0, all.length - MAX_IMPORTERS),
    unsearched,
  };
}
