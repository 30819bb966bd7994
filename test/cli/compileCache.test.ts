/**
 * The launcher keeps the CLI's compiled code between runs on a Node without
 * module.enableCompileCache (bin/compileCache.js): the second run reads what
 * the first wrote and prints the same, a cache V8 refuses is made again, and a
 * folder others can write is never used. On a Node with its own compile cache
 * the launcher uses that one, and these tests do not apply.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { SCALE_BIN } from '../support/cliProcess';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLE = path.join(ROOT, 'examples', 'startup.scale.json');
const nodeKeepsItsOwn = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/** `scale ARGS` run by the launcher `bin`, with the cache in `cache` (undefined: none): its output, and what the launcher said of each bundle's cache. */
function scale(args: readonly string[], cache: string | undefined, bin = SCALE_BIN): { stdout: string; said: string[] } {
  const env: Record<string, string | undefined> = { ...process.env, NODE_DEBUG: 'scale', NO_COLOR: '1' };
  delete env.NODE_COMPILE_CACHE;
  delete env.NODE_DISABLE_COMPILE_CACHE;
  if (cache === undefined) env.NODE_DISABLE_COMPILE_CACHE = '1';
  else env.NODE_COMPILE_CACHE = cache;
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: ROOT, encoding: 'utf8', env, timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return { stdout: r.stdout, said: r.stderr.split('\n').filter((l) => /^SCALE \d+:/.test(l)).map((l) => l.replace(/^SCALE \d+: /, '')) };
}

/** `scale check` of the example as JSON (see `scale`). */
function check(cache: string | undefined, bin = SCALE_BIN): { stdout: string; said: string[] } {
  return scale(['check', EXAMPLE, '-f', 'json', '--fail-on', 'none'], cache, bin);
}

(nodeKeepsItsOwn ? describe.skip : describe)('scale\'s compiled code kept between runs (Node before 22.1)', function () {
  this.timeout(120_000);
  let dir: string;
  let plain: string;

  /** A copy of the launcher and the CLI's bundles in `dir`/`name`, as a global install and a project's would be; gives its launcher. */
  const install = (name: string): string => {
    for (const f of ['bin/scale.js', 'bin/compileCache.js', 'dist/cli.js', 'dist/cli-commands.js', 'dist/cli-elk.js']) {
      fs.mkdirSync(path.join(dir, name, path.dirname(f)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, f), path.join(dir, name, f));
    }
    return path.join(dir, name, 'bin', 'scale.js');
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-compile-cache-test-'));
    plain = check(undefined).stdout;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is written by a first run and read by the next, which prints the same', () => {
    const cache = path.join(dir, 'kept');
    const first = check(cache);
    assert.equal(first.stdout, plain);
    assert.deepEqual(first.said, ['cli.js: code cache missing', 'cli-commands.js: code cache missing', 'cli.js: code cache written', 'cli-commands.js: code cache written']);
    assert.deepEqual(fs.readdirSync(cache).map((f) => f.split('@')[0]).sort(), ['cli-commands.js', 'cli.js']);
    assert.equal(fs.statSync(cache).mode & 0o777, 0o700, 'the folder is this user\'s alone');
    const second = check(cache);
    assert.equal(second.stdout, plain);
    assert.deepEqual(second.said, ['cli.js: code cache accepted', 'cli-commands.js: code cache accepted']);
  });

  it('made again when V8 refuses it (a file damaged, another Node\'s), the run unchanged', () => {
    const cache = path.join(dir, 'damaged');
    check(cache);
    const commands = fs.readdirSync(cache).find((f) => f.startsWith('cli-commands.js@'))!;
    fs.writeFileSync(path.join(cache, commands), Buffer.alloc(4096, 7));
    const damaged = check(cache);
    assert.equal(damaged.stdout, plain);
    assert.ok(damaged.said.includes('cli-commands.js: code cache rejected') && damaged.said.includes('cli-commands.js: code cache written'), damaged.said.join('; '));
    assert.ok(check(cache).said.includes('cli-commands.js: code cache accepted'));
  });

  it('kept for each install apart, and a rebuilt bundle\'s in place of its last build\'s', () => {
    const cache = path.join(dir, 'installs');
    const [a, b] = [install('a'), install('b')];
    check(cache, a);
    check(cache, b);
    const commandsCaches = () => fs.readdirSync(cache).filter((f) => f.startsWith('cli-commands.js@')).sort();
    assert.equal(commandsCaches().length, 2, 'a cache for each install');
    assert.ok(check(cache, a).said.includes('cli-commands.js: code cache accepted'), 'the other install\'s run left this one\'s cache alone');
    const before = commandsCaches();
    // A new build of a's bundle (another modification time): its cache replaces the last build's, b's stays.
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(dir, 'a', 'dist', 'cli-commands.js'), later, later);
    const rebuilt = check(cache, a);
    assert.equal(rebuilt.stdout, plain);
    assert.ok(rebuilt.said.includes('cli-commands.js: code cache missing') && rebuilt.said.includes('cli-commands.js: code cache written'), rebuilt.said.join('; '));
    const after = commandsCaches();
    assert.equal(after.length, 2);
    assert.equal(after.filter((f) => before.includes(f)).length, 1, 'b\'s cache is the one kept from before');
  });

  it('made again for a bundle rewritten at the same size, its modification time put back (an upgrade unpacked with its archive\'s times)', () => {
    const cache = path.join(dir, 'same-size');
    const bin = install('same-size-install');
    const cli = path.join(dir, 'same-size-install', 'dist', 'cli.js');
    const version = () => scale(['--version'], cache, bin);
    const first = version().stdout.trim();
    assert.ok(version().said.includes('cli.js: code cache accepted'));
    // The version is written into the bundle: a release that changes only it keeps the bundle's size.
    const text = fs.readFileSync(cli, 'utf8');
    const next = first.replace(/^\d/, (d) => String((Number(d) + 1) % 10));
    assert.ok(text.includes(`"${first}"`) && next.length === first.length);
    const { atime, mtime } = fs.statSync(cli);
    fs.writeFileSync(cli, text.replace(`"${first}"`, `"${next}"`));
    fs.utimesSync(cli, atime, mtime);
    const upgraded = version();
    assert.equal(upgraded.stdout.trim(), next, 'the new bundle runs, not the code the cache kept of the old one');
    assert.ok(upgraded.said.includes('cli.js: code cache missing'), upgraded.said.join('; '));
  });

  it('refused when its bytes are damaged after their checksum, and made again', () => {
    const cache = path.join(dir, 'flipped');
    check(cache);
    const file = path.join(cache, fs.readdirSync(cache).find((f) => f.startsWith('cli-commands.js@'))!);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length >> 1]! ^= 0xff;
    fs.writeFileSync(file, bytes);
    const run = check(cache);
    assert.equal(run.stdout, plain);
    assert.ok(run.said.includes('cli-commands.js: code cache rejected') && run.said.includes('cli-commands.js: code cache written'), run.said.join('; '));
  });

  it('kept in a folder of this user\'s that others can read (0755)', function () {
    if (process.platform === 'win32') this.skip();
    const cache = path.join(dir, 'readable');
    fs.mkdirSync(cache, { mode: 0o755 });
    fs.chmodSync(cache, 0o755);
    assert.ok(check(cache).said.includes('cli-commands.js: code cache written'));
  });

  it('never read or written in a folder other users can write', function () {
    if (process.platform === 'win32') this.skip();
    const cache = path.join(dir, 'shared');
    fs.mkdirSync(cache);
    fs.chmodSync(cache, 0o777);
    const run = check(cache);
    assert.equal(run.stdout, plain);
    assert.deepEqual(run.said, [`${cache} is not a folder of this user alone: no code cache`]);
    assert.deepEqual(fs.readdirSync(cache), []);
  });
});
