/**
 * Running the `scale` command as a process, the way users and CI run it:
 * with colour off (the tests read plain text) and a timeout, so a hang is a
 * failure (status null) rather than a stuck suite.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** The command's entry point in this checkout. */
export const SCALE_BIN = path.resolve(__dirname, '../../bin/scale.js');

/** What a run of the command gave. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `scale ARGS` in `cwd` with NO_COLOR set, and `input` on standard input. */
export function runScale(args: readonly string[], cwd: string, timeout = 60_000, input?: string): CliRun {
  const r = spawnSync(process.execPath, [SCALE_BIN, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024, timeout });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
