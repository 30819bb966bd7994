/**
 * Finding and reading the project configuration of topologies on disk: the
 * one finder of the CLI and the language server, so that CI and the editor
 * apply the same `scale.config.json` to a file.
 *
 * A topology follows the `scale.config.json` nearest above it: the walk goes
 * up from the topology's folder (its real path) and stops at the nearest
 * root, a folder with `.git` (a clone, a worktree, a submodule) or one of the
 * roots it is given (the editor's workspace folders, the CLI's search root),
 * whichever is nearer; outside every root only the topology's own folder is
 * looked in. Nothing above the root is read, and a configuration that is a
 * link leading out of the root is refused, not followed: files are shared in
 * pull requests. A configuration that cannot be read is one finding in it,
 * and the topologies under it are checked with the defaults.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Minimatch } from 'minimatch';
import type { Finding } from '../core/findings';
import { CONFIG_FILE_NAME } from '../core/model/configSchema';
import { checkConfigText, DEFAULT_PROJECT_CONFIG, type ProjectConfig } from '../core/projectConfig';
import { readTopologyFile, type TopologyFileRead } from './topologyFile';
import { isWithin, realPathOf } from './topologySearch';

export { CONFIG_FILE_NAME } from '../core/model/configSchema';

/** A configuration as read from disk. */
export interface LoadedConfig {
  /** Its path (the real path of the folder it is in, and its name). */
  file: string;
  /** Its text as read, which its findings' offsets count in ('' when it could not be read). */
  text: string;
  /** Its findings: of its check, or the one that says why it could not be read. */
  findings: Finding[];
  /** Findings past the cap. */
  omitted: number;
  /** What applies: its valid settings, or the defaults. */
  config: ProjectConfig;
  /** Whether a topology is left out of searches by the `ignore` patterns. */
  ignores(file: string): boolean;
}

/**
 * The folder a configuration search from `dir` (a real path) does not leave:
 * the nearest folder at or above it that is one of `roots` (real paths) or
 * holds `.git`; `dir` itself when there is none.
 */
export function configRoot(dir: string, roots: readonly string[]): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (roots.includes(d) || fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return dir;
  }
}

/** Reads and checks the configuration file `file` (a real folder's `scale.config.json`), refusing a link that leads out of `root`. */
export function readProjectConfig(file: string, root: string): LoadedConfig {
  const real = realPathOf(file);
  if (real === undefined) return refusedConfig(file, 'it is a link that leads nowhere');
  if (!isWithin(real, realPathOf(root) ?? root)) return refusedConfig(file, 'it is a link that leads outside the repository or workspace folder it is in, and is not followed');
  return configOfRead(file, readTopologyFile(file));
}

/** A configuration as read by the one file reader (from disk, or a revision's blob): checked, or one finding saying why it is not. */
export function configOfRead(file: string, read: TopologyFileRead): LoadedConfig {
  if ('error' in read) return refusedConfig(file, read.error);
  if ('finding' in read) return loaded(file, read.prefix, { config: DEFAULT_PROJECT_CONFIG, findings: [read.finding], omitted: 0 });
  return loaded(file, read.text, checkConfigText(read.text));
}

/** A configuration that is not read: one finding saying why, and the defaults for the topologies under it. */
export function refusedConfig(file: string, why: string): LoadedConfig {
  return loaded(file, '', {
    config: DEFAULT_PROJECT_CONFIG,
    omitted: 0,
    findings: [{
      ruleId: 'syntax', severity: 'error', path: [], range: { offset: 0, length: 0 },
      message: `${CONFIG_FILE_NAME} cannot be read: ${why}; the topologies under it are checked with the default settings`,
    }],
  });
}

function loaded(file: string, text: string, check: Pick<LoadedConfig, 'config' | 'findings' | 'omitted'>): LoadedConfig {
  const folder = path.dirname(file);
  // Compiled once per configuration; "!" and comments are refused by the model, never read as negations here.
  const patterns = check.config.ignore.map((p) => new Minimatch(p, { dot: true, nonegate: true, nocomment: true }));
  return {
    file,
    text,
    ...check,
    ignores(topology) {
      if (patterns.length === 0) return false;
      const real = realPathOf(topology) ?? path.resolve(topology);
      if (real === folder || !isWithin(real, folder)) return false;
      const parts = path.relative(folder, real).split(path.sep);
      // A pattern that matches a folder on the way leaves out everything in it.
      return parts.some((_, i) => {
        const prefix = parts.slice(0, i + 1).join('/');
        return patterns.some((m) => m.match(prefix));
      });
    },
  };
}

/**
 * The configurations of topologies, looked up by folder and kept until
 * `clear` (the language server clears them when a configuration changes; a
 * CLI run reads each once).
 */
export class ProjectConfigs {
  /** By real folder: the configuration that governs it, or null for none. */
  private readonly byFolder = new Map<string, LoadedConfig | null>();
  /** By file: each configuration read once, whatever folder asked. */
  private readonly byFile = new Map<string, LoadedConfig>();

  /** `roots`: the folders no search leaves (see configRoot); `onRead`: told of each configuration read. */
  constructor(
    private readonly roots: () => readonly string[],
    private readonly onRead?: (config: LoadedConfig) => void,
  ) {}

  /** The configuration of the topologies in a folder, or undefined when none governs it. */
  forFolder(dir: string): LoadedConfig | undefined {
    const real = realPathOf(dir);
    if (real === undefined) return undefined;
    const cached = this.byFolder.get(real);
    if (cached !== undefined) return cached ?? undefined;
    const root = configRoot(real, this.roots().map((r) => realPathOf(r) ?? path.resolve(r)));
    const walked: string[] = [];
    let found: LoadedConfig | null = null;
    for (let d = real; ; d = path.dirname(d)) {
      const known = this.byFolder.get(d);
      if (known !== undefined) {
        found = known;
        break;
      }
      walked.push(d);
      const file = path.join(d, CONFIG_FILE_NAME);
      if (entryExists(file)) {
        found = this.read(file, root);
        break;
      }
      if (d === root || path.dirname(d) === d) break;
    }
    for (const d of walked) this.byFolder.set(d, found);
    return found ?? undefined;
  }

  /** The configuration of a topology file, or undefined when none governs it. */
  forFile(file: string): LoadedConfig | undefined {
    return this.forFolder(path.dirname(path.resolve(file)));
  }

  /** Forgets every configuration read: each is read again when next asked for. */
  clear(): void {
    this.byFolder.clear();
    this.byFile.clear();
  }

  private read(file: string, root: string): LoadedConfig {
    let config = this.byFile.get(file);
    if (!config) {
      config = readProjectConfig(file, root);
      this.byFile.set(file, config);
      this.onRead?.(config);
    }
    return config;
  }
}

/** Whether something (a file, a folder, a link) is at `file`; a folder that cannot be searched holds nothing known. */
function entryExists(file: string): boolean {
  try {
    return fs.lstatSync(file, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}
