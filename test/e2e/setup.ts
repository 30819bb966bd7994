/**
 * Installs code-server (real VS Code 1.100.3 for the browser, plus VS Code's
 * own server) into `.vscode-test/code-server-4.100.3/`, the way
 * `@vscode/test-electron` caches its download in `.vscode-test/`. Reused when
 * a previous install completed. Run directly: `tsx test/e2e/setup.ts`.
 *
 * What this machine needs (docs: DESIGN.md, "Testing in a real editor"):
 * Debian's libkrb5-dev (the `kerberos` native module builds against it) and
 * ripgrep (its postinstall downloads a binary from the internet, which is not
 * reachable: we pre-seed the download cache with Debian's `rg`).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hasCommand, repoRoot, runToEnd } from './processes';

/** The code-server release the harness runs (it bundles VS Code 1.100.3 and wants Node 20). */
export const CODE_SERVER_VERSION = '4.100.3';
/** The @vscode/ripgrep version code-server's VS Code depends on, and the binary release it fetches. */
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

/** Where the install lives. */
export const cacheDir = path.join(repoRoot, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);

/** Paths inside an installed code-server. */
export interface CodeServerInstall {
  /** The package folder (node_modules/code-server). */
  root: string;
  /** code-server's CLI entry, run with `node`. */
  entry: string;
  /** VS Code's own server (`server-main.js`), run with `node`. */
  serverMain: string;
}

function installPaths(base: string): CodeServerInstall {
  const root = path.join(base, 'node_modules', 'code-server');
  return { root, entry: path.join(root, 'out', 'node', 'entry.js'), serverMain: path.join(root, 'lib', 'vscode', 'out', 'server-main.js') };
}

/** Native pieces the postinstall scripts must have produced; a missing one means a script did not run. */
function builtArtifacts(root: string): string[] {
  const vs = path.join(root, 'lib', 'vscode', 'node_modules');
  return [
    path.join(root, '..', 'argon2', 'lib', 'binding', 'napi-v3', 'argon2.node'),
    path.join(vs, '@vscode', 'ripgrep', 'bin', 'rg'),
    path.join(vs, 'node-pty', 'build', 'Release', 'pty.node'),
    path.join(vs, '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'),
    path.join(vs, 'kerberos', 'build', 'Release', 'kerberos.node'),
    path.join(root, 'lib', 'vscode', 'node_modules.asar'),
    path.join(root, 'lib', 'vscode', 'extensions', 'node_modules'),
  ];
}

/** Checks what the install cannot do without; throws one message that says how to fix all of it. */
function checkPrerequisites(): void {
  const problems: string[] = [];
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) problems.push(`code-server ${CODE_SERVER_VERSION} needs Node 20; this is Node ${process.versions.node}`);
  const rg = rgPath();
  if (!rg) problems.push('ripgrep is missing (`rg` not on PATH): apt-get install -y ripgrep');
  if (!existsSync('/usr/include/gssapi/gssapi.h') && !existsSync('/usr/include/krb5.h')) {
    problems.push('the Kerberos headers are missing (the `kerberos` native module builds against them): apt-get install -y libkrb5-dev');
  }
  for (const tool of ['make', 'g++', 'python3', 'tar']) {
    if (!hasCommand(tool)) problems.push(`\`${tool}\` is missing (node-gyp builds native modules): apt-get install -y build-essential python3`);
  }
  if (problems.length) {
    throw new Error(`cannot install code-server ${CODE_SERVER_VERSION}:\n  - ${problems.join('\n  - ')}\n(.ci/run installs these Debian packages: apt-get install -y chromium libkrb5-dev ripgrep)`);
  }
}

function rgPath(): string | undefined {
  const r = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' });
  const p = r.stdout.trim();
  return r.status === 0 && p ? p : undefined;
}

/**
 * Seeds @vscode/ripgrep's download cache. Its postinstall looks for
 * `$TMPDIR/vscode-ripgrep-cache-<package version>/<asset>` before it asks
 * GitHub, and untars the asset into its `bin/` expecting `rg` at the top.
 */
function seedRipgrepCache(): void {
  const dir = path.join(os.tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const tarball = path.join(dir, RIPGREP_ASSET);
  if (existsSync(tarball)) return;
  const stage = path.join(dir, 'stage');
  mkdirSync(stage, { recursive: true });
  copyFileSync(rgPath()!, path.join(stage, 'rg'));
  const r = spawnSync('tar', ['czf', tarball, '-C', stage, 'rg'], { encoding: 'utf8' });
  rmSync(stage, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`could not write ${tarball}: ${r.stderr}`);
}

/** Every package of a lockfile that declares install scripts, allowed by name (the lockfile has no `resolved` to pin to). */
function allowScriptsOf(lockfile: string): Record<string, boolean> {
  const lock = JSON.parse(readFileSync(lockfile, 'utf8')) as { packages?: Record<string, { hasInstallScript?: boolean }> };
  const allow: Record<string, boolean> = {};
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    if (!entry.hasInstallScript) continue;
    const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    allow[name] = true;
  }
  return allow;
}

/** Adds an `allowScripts` policy to a package.json, so npm 11's script policy lets its dependencies build. */
function allowInstallScripts(folder: string): void {
  const pkgFile = path.join(folder, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as Record<string, unknown>;
  pkg.allowScripts = { ...(pkg.allowScripts as object | undefined), ...allowScriptsOf(path.join(folder, 'npm-shrinkwrap.json')) };
  writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');
}

function isComplete(base: string): boolean {
  const paths = installPaths(base);
  return existsSync(path.join(base, '.complete')) && [paths.entry, paths.serverMain, ...builtArtifacts(paths.root)].every((p) => existsSync(p));
}

/**
 * Returns the installed code-server, installing it first when the cache has
 * no complete install. Idempotent; a half-finished install is thrown away.
 */
export async function ensureCodeServer(options: { log?: (line: string) => void } = {}): Promise<CodeServerInstall> {
  const log = options.log ?? ((line: string) => console.log(line));
  if (isComplete(cacheDir)) return installPaths(cacheDir);
  checkPrerequisites();
  const started = Date.now();
  seedRipgrepCache();
  const work = `${cacheDir}.partial`;
  rmSync(work, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(
    path.join(work, 'package.json'),
    JSON.stringify({ name: 'scale-e2e-code-server', private: true, dependencies: { 'code-server': CODE_SERVER_VERSION }, allowScripts: { 'code-server': true, argon2: true } }, null, 2) + '\n',
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // code-server's postinstall refuses to run as root without unsafe-perm; ~/.npmrc says yes=false.
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  const npm = async (args: string[], cwd: string) => {
    log(`[e2e setup] npm ${args.join(' ')}  (in ${path.relative(repoRoot, cwd) || '.'})`);
    const r = await runToEnd('npm', args, { cwd, env, timeoutSec: 900 });
    if (r.code !== 0) throw new Error(`npm ${args.join(' ')} failed (${r.code}) in ${cwd}:\n${r.output.slice(-6000)}`);
    return r.output;
  };
  // Two phases, so the nested installs that code-server's postinstall runs
  // (lib/vscode, lib/vscode/extensions) get an allowScripts policy first:
  // npm 11 reports (and is set to later block) unreviewed dependency scripts.
  await npm(['install', '--ignore-scripts', '--no-audit', '--no-fund'], work);
  const paths = installPaths(work);
  allowInstallScripts(path.join(paths.root, 'lib', 'vscode'));
  allowInstallScripts(path.join(paths.root, 'lib', 'vscode', 'extensions'));
  await npm(['rebuild', '--foreground-scripts'], work);
  const missing = builtArtifacts(paths.root).filter((p) => !existsSync(p));
  if (missing.length) throw new Error(`code-server installed, but its install scripts did not produce:\n  ${missing.join('\n  ')}`);
  const version = await runToEnd(process.execPath, [paths.entry, '--version'], { timeoutSec: 60 });
  if (!version.output.includes(CODE_SERVER_VERSION)) throw new Error(`code-server --version said: ${version.output}`);
  const seconds = (Date.now() - started) / 1000;
  writeFileSync(path.join(work, '.complete'), JSON.stringify({ version: CODE_SERVER_VERSION, installSeconds: seconds, at: new Date().toISOString() }) + '\n');
  renameSync(work, cacheDir);
  log(`[e2e setup] code-server ${CODE_SERVER_VERSION} installed in ${seconds.toFixed(0)} s`);
  return installPaths(cacheDir);
}

if (require.main === module) {
  const t0 = Date.now();
  ensureCodeServer()
    .then((p) => console.log(`[e2e setup] code-server ready at ${path.relative(repoRoot, p.root)} (${((Date.now() - t0) / 1000).toFixed(1)} s)`))
    .catch((e: unknown) => {
      console.error(`[e2e setup] ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    });
}
