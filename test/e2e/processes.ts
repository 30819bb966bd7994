/**
 * Process plumbing shared by the end-to-end harness: free ports, temporary
 * folders, servers started in their own process group with a hard lifetime,
 * readiness polling and totals for `.ci/run`. Every server binds 127.0.0.1.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository root. */
export const repoRoot = path.resolve(__dirname, '../..');

/** Where screenshots, logs and result files of the end-to-end suites go. */
export const resultsDir = path.join(repoRoot, 'test-results', 'e2e');

/** Asks the kernel for a port that is free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const tempDirs = new Set<string>();

/** A fresh temporary folder, removed on process exit unless SCALE_E2E_KEEP is set. */
export function tempDir(prefix: string): string {
  // Short paths: code-server puts unix sockets in some of these folders (108-byte limit).
  const dir = mkdtempSync(path.join(os.tmpdir(), `scale-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

/** Removes a folder made by tempDir now. */
export function removeTempDir(dir: string): void {
  tempDirs.delete(dir);
  if (!process.env.SCALE_E2E_KEEP) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** A child process started in its own process group, with its output kept. */
export interface ManagedProcess {
  readonly child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or signal name) once the process ended. */
  readonly exited: Promise<number | string>;
  /** True once the process has ended. */
  hasExited(): boolean;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when it ended. */
  stop(graceMs?: number): Promise<void>;
}

const groups = new Set<number>();

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

let exitHooked = false;
function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  // Last resort when a test run ends without its `after` hooks (crash, Ctrl+C, mocha --exit).
  process.on('exit', () => {
    for (const pid of groups) killGroup(pid, 'SIGKILL');
    if (!process.env.SCALE_E2E_KEEP) for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => process.exit(130));
  }
}

/**
 * Starts `command args` in a new process group under coreutils `timeout`, so
 * the group dies by itself after `lifetimeSec` even if this process is killed
 * with SIGKILL and never runs its hooks.
 */
export function startProcess(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; lifetimeSec: number; onOutput?: (chunk: string) => void },
): ManagedProcess {
  hookExit();
  const child = spawn('timeout', ['--kill-after=10', String(options.lifetimeSec), command, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${command}`);
  groups.add(pid);
  let out = '';
  const collect = (b: Buffer) => {
    const s = b.toString('utf8');
    out += s;
    if (out.length > 4_000_000) out = out.slice(-2_000_000);
    options.onOutput?.(s);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let done = false;
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      done = true;
      // The group may still hold grandchildren (extension hosts, pty hosts).
      killGroup(pid, 'SIGKILL');
      groups.delete(pid);
      resolve(code ?? signal ?? -1);
    });
  });
  return {
    child,
    output: () => out,
    exited,
    hasExited: () => done,
    async stop(graceMs = 5000) {
      if (done) return;
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs a command to completion with a timeout; resolves with its exit code and output. */
export async function runToEnd(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutSec: number; echo?: boolean },
): Promise<{ code: number | string; output: string }> {
  const p = startProcess(command, args, {
    ...options,
    lifetimeSec: options.timeoutSec,
    onOutput: options.echo ? (s) => process.stdout.write(s) : undefined,
  });
  const code = await p.exited;
  return { code, output: p.output() };
}

/** Resolves once GET `url` answers below 500, or throws after `timeoutMs` or when `proc` ends first. */
export async function waitForHttp(url: string, timeoutMs: number, proc?: ManagedProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (proc?.hasExited()) throw new Error(`server exited before answering ${url}:\n${proc.output().slice(-3000)}`);
    const status = await new Promise<number>((resolve) => {
      const req = http.get(url, { timeout: 2000 }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('timeout', () => req.destroy());
      req.on('error', (e) => {
        last = e.message;
        resolve(0);
      });
    });
    if (status > 0 && status < 500) return;
    if (status) last = `HTTP ${status}`;
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${last})${proc ? `:\n${proc.output().slice(-3000)}` : ''}`);
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves with `promise`, or rejects with `message` after `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${message} (timed out after ${ms} ms)`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Appends one suite's totals to $SCALE_TEST_TOTALS, the file `.ci/run` adds up. */
export function appendTotals(suite: string, totals: { passed: number; failed: number; skipped: number }): void {
  const file = process.env.SCALE_TEST_TOTALS;
  if (!file) return;
  appendFileSync(file, JSON.stringify({ suite, ...totals }) + '\n');
}

/** True when `command` is on PATH. */
export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}
