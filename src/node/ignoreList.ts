/**
 * What searches for topology files leave out, one list for the CLI's folder
 * and glob arguments and the language server's workspace scan and watched
 * files, so CI and the editor agree on what they read:
 *
 * - folders named `node_modules` or `.git`, anywhere;
 * - what git ignores: the `.gitignore` files from the repository's root down
 *   to the file (a deeper one overrides, `!` negates, a folder left out
 *   leaves out everything in it) and `.git/info/exclude`, with git's
 *   semantics as the `ignore` package gives them (the one ESLint and Prettier
 *   use). The user's own `core.excludesFile` is not read: CI does not have it.
 *   Outside a repository, the `.gitignore` files from the root the search is
 *   given (the working folder, a workspace folder) down;
 * - the `ignore` patterns of the `scale.config.json` that governs the file.
 *
 * Paths are judged by their real paths (links resolved), as the project
 * configuration's patterns are. What is read is kept until `clear`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { ProjectConfigs } from './projectConfig';
import { isWithin, realPathOf, repositoryRoot } from './topologySearch';

/** Names of folders never searched, wherever they are. */
export const SKIPPED_NAMES: ReadonlySet<string> = new Set(['node_modules', '.git']);

/** The file of ignore rules in a folder. */
export const GITIGNORE = '.gitignore';

/** Why a file is left out: a folder never searched, git's ignore rules, or the project configuration's patterns. */
export type IgnoreReason = 'skipped' | 'gitignore' | 'config';

/** The files and folders searches leave out (see the module comment). */
export class IgnoreList {
  /** By real folder: its rules (its .gitignore, and at a repository's root .git/info/exclude beneath it), or null for none. */
  private readonly rules = new Map<string, Ignore | null>();
  /** By real folder: the root its .gitignore files are read from. */
  private readonly bases = new Map<string, string>();
  /** By real folder: whether git's rules leave it out. */
  private readonly folders = new Map<string, boolean>();

  /** `roots`: where the rules are read from outside a repository (real paths or not); `configs`: the project configurations. */
  constructor(
    private readonly roots: () => readonly string[],
    private readonly configs?: ProjectConfigs,
  ) {}

  /** Why a file is left out of searches, or undefined when it is not. */
  reasonFor(file: string): IgnoreReason | undefined {
    const real = realPathOf(file) ?? path.resolve(file);
    const base = this.baseOf(path.dirname(real));
    if (path.relative(base, real).split(path.sep).some((name) => SKIPPED_NAMES.has(name))) return 'skipped';
    if (this.gitIgnores(real, false)) return 'gitignore';
    if (this.configs?.forFile(file)?.ignores(file)) return 'config';
    return undefined;
  }

  /**
   * Whether a search leaves out the entry `name` of the folder `dir`, before
   * looking into it: a folder (or a link) never searched or that git's rules
   * leave out. Files are left to reasonFor, which says why.
   */
  prunes(dir: string, name: string, isFile: boolean): boolean {
    if (SKIPPED_NAMES.has(name)) return true;
    if (isFile) return false;
    const real = realPathOf(dir) ?? path.resolve(dir);
    return this.gitIgnores(path.join(real, name), true);
  }

  /** Forgets git's rules read (a .gitignore changed): each is read again when next needed. The configurations have their own `clear`. */
  clear(): void {
    this.rules.clear();
    this.bases.clear();
    this.folders.clear();
  }

  /** Whether git's rules leave out `real` (a real path), or a folder it is in. */
  private gitIgnores(real: string, isDirectory: boolean): boolean {
    const base = this.baseOf(path.dirname(real));
    const names = path.relative(base, real).split(path.sep);
    if (names[0] === '' || names[0] === '..' || path.isAbsolute(names[0]!)) return false;
    // Git does not look into a folder it ignores: nothing in it can be taken back by a `!` deeper down.
    let dir = base;
    for (const name of names.slice(0, -1)) {
      dir = path.join(dir, name);
      let out = this.folders.get(dir);
      if (out === undefined) {
        out = this.judged(base, dir, true);
        this.folders.set(dir, out);
      }
      if (out) return true;
    }
    return this.judged(base, real, isDirectory);
  }

  /** Git's verdict on `real` from the rules of the folders from `base` down to its own: the deepest that says something wins. */
  private judged(base: string, real: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (let dir = path.dirname(real); ; dir = path.dirname(dir)) {
      const rules = this.rulesOf(dir, base);
      if (rules) {
        const verdict = rules.test(path.relative(dir, real).split(path.sep).join('/') + (isDirectory ? '/' : ''));
        if (verdict.ignored || verdict.unignored) {
          ignored = verdict.ignored;
          break;
        }
      }
      if (dir === base || path.dirname(dir) === dir) break;
    }
    return ignored;
  }

  /** The rules of a folder: its .gitignore, and at a repository's root .git/info/exclude beneath it. */
  private rulesOf(dir: string, base: string): Ignore | null {
    let rules = this.rules.get(dir);
    if (rules === undefined) {
      const texts = [dir === base ? readRules(path.join(dir, '.git', 'info', 'exclude'), base) : undefined, readRules(path.join(dir, GITIGNORE), base)];
      const found = texts.filter((t): t is string => t !== undefined);
      // One text at a time: a text is split into lines, an array's items are taken as single patterns.
      rules = found.length > 0 ? found.reduce((r, text) => r.add(text), ignore()) : null;
      this.rules.set(dir, rules);
    }
    return rules;
  }

  /** The folder git's rules for files in `dir` (a real path) are read from: its repository's root, else the root it is in, else itself. */
  private baseOf(dir: string): string {
    let base = this.bases.get(dir);
    if (base === undefined) {
      base = repositoryRoot(dir) ?? this.roots().map((r) => realPathOf(r) ?? path.resolve(r)).filter((r) => isWithin(dir, r)).sort((a, b) => b.length - a.length)[0] ?? dir;
      this.bases.set(dir, base);
    }
    return base;
  }
}

/** The text of a rules file, unless it is missing, unreadable or a link that leads out of `base`. */
function readRules(file: string, base: string): string | undefined {
  const real = realPathOf(file);
  if (real === undefined || !isWithin(real, base)) return undefined;
  try {
    return fs.readFileSync(real, 'utf8');
  } catch {
    return undefined;
  }
}
