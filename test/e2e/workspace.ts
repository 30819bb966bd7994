/**
 * Test workspaces: a fresh copy of `examples/`, with `schemas/` beside it so
 * each file's `"$schema": "../schemas/scale.schema.json"` still resolves;
 * made a git repository with its files committed when a suite asks.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot, tempDir } from './processes';

/** A copied workspace. */
export interface ExamplesWorkspace {
  /** The folder VS Code opens (the copy of examples/). */
  folder: string;
  /** The temporary folder holding `examples/` and `schemas/`. */
  root: string;
  /** Absolute path of an example file in the copy. */
  file(name: string): string;
  /** 1-based number of the first line of `name` that contains `text`. */
  lineOf(name: string, text: string): number;
}

/** Copies examples/ and schemas/ into a fresh temporary folder. */
export function copyExamplesWorkspace(): ExamplesWorkspace {
  const root = tempDir('ws');
  const folder = path.join(root, 'examples');
  cpSync(path.join(repoRoot, 'examples'), folder, { recursive: true });
  cpSync(path.join(repoRoot, 'schemas'), path.join(root, 'schemas'), { recursive: true });
  return {
    folder,
    root,
    file: (name) => path.join(folder, name),
    lineOf(name, text) {
      const index = readFileSync(path.join(folder, name), 'utf8').split(/\r\n|\r|\n/).findIndex((l) => l.includes(text));
      if (index < 0) throw new Error(`${name} has no line with ${JSON.stringify(text)}`);
      return index + 1;
    },
  };
}

/**
 * Makes `folder` a git repository with everything in it committed: the
 * folder itself (VS Code opens a repository in a parent folder of the
 * workspace only when asked), whatever the machine's git settings are.
 */
export function commitAll(folder: string): void {
  const git = (...args: string[]) => execFileSync('git', args, {
    cwd: folder,
    stdio: 'pipe',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_DATE: '2025-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2025-01-01T00:00:00Z' },
  });
  git('init', '--quiet', '--initial-branch=main');
  git('add', '--all');
  git('-c', 'user.name=Scale tests', '-c', 'user.email=tests@scale.invalid', '-c', 'commit.gpgsign=false', 'commit', '--quiet', '-m', 'the examples');
}
