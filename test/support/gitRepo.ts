/** Git as the tests that build repositories run it: a fixed author, no signing, `main` as the first branch. */
import { execFileSync } from 'node:child_process';

/** Runs `git ARGS` in `cwd` and gives its output, trimmed; a failing command throws. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}
