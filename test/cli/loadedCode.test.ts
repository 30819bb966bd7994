/**
 * What code each command loads, read from the process itself: a preload
 * records every file Node loads as CommonJS or as an ES module.
 * `scale --version` and `--help` load a few kilobytes; `scale check` (every
 * format) and `scale diff` (text, json, markdown) never load the layout
 * engine (elkjs), which only `scale report` and `scale diff --format html`
 * draw with, nor the report page's script, nor zod's translations of its
 * messages (the model's messages are English).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DENSE, generateTopology } from '../bench/generateTopology';
import { SCALE_BIN } from '../support/cliProcess';

const ROOT = path.resolve(__dirname, '../..');
/** A name only elkjs's bundle holds (its layered algorithm's Java package). */
const ELK = /org\.eclipse\.elk\.alg\.layered/;
/**
 * A message only zod's German locale holds: zod's locales come together or
 * not at all. ASCII, as the bundler escapes the rest ("Ung\\xFCltige").
 */
const ZOD_LOCALES = /Eingabe: erwartet/;

/** The preload: CommonJS files from the module cache at exit, ES modules through a registered load hook. */
const PRELOAD = `
const fs = require('node:fs');
const Module = require('node:module');
const log = process.env.SCALE_LOADED_LOG;
// The locale data is set up on the first number formatted through Intl (~15 ms): each use is noted.
const noteLocale = (what) => fs.appendFileSync(log, 'locale: ' + what + '\\n');
const toLocaleString = Number.prototype.toLocaleString;
Number.prototype.toLocaleString = function (...args) {
  noteLocale('Number.prototype.toLocaleString');
  return toLocaleString.apply(this, args);
};
Intl.NumberFormat = new Proxy(Intl.NumberFormat, {
  construct(target, args) { noteLocale('Intl.NumberFormat'); return Reflect.construct(target, args); },
  apply(target, self, args) { noteLocale('Intl.NumberFormat'); return Reflect.apply(target, self, args); },
});
// Node's own modules set up for the run (crypto's and zlib's take ~6 ms).
process.on('exit', () => {
  for (const m of process.moduleLoadList) if (/^NativeModule (crypto|zlib)$/.test(m)) fs.appendFileSync(log, 'builtin: ' + m.slice(13) + '\\n');
});
// Every CommonJS file loaded, however it was compiled (the launcher compiles the CLI's bundles with their code cache).
process.on('exit', () => {
  for (const filename of Object.keys(require.cache)) fs.appendFileSync(log, filename + '\\n');
});
Module.register('data:text/javascript,' + encodeURIComponent(\`
  import { appendFileSync } from 'node:fs';
  import { fileURLToPath } from 'node:url';
  let log;
  export function initialize(data) { log = data.log; }
  export async function load(url, context, next) {
    if (url.startsWith('file:')) appendFileSync(log, fileURLToPath(url) + '\\\\n');
    return next(url, context);
  }
\`), { data: { log } });
`;

/** The files of the build (dist/) a run of `scale ARGS` loaded, with their text, its uses of the locale data, and every other file it loaded (`outside`). */
function loaded(args: string[], cwd: string, dir: string, env: Record<string, string> = {}): { files: string[]; bytes: number; text: string; locale: string[]; builtins: string[]; outside: string[] } {
  const log = path.join(dir, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  fs.writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--require', path.join(dir, 'preload.cjs'), SCALE_BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SCALE_LOADED_LOG: log, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
  assert.ok(r.status === 0 || r.status === 1, `scale ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const dist = path.join(ROOT, 'dist') + path.sep;
  const lines = fs.readFileSync(log, 'utf8').split('\n');
  const files = [...new Set(lines.filter((f) => f.startsWith(dist)))];
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  const launcher = path.join(ROOT, 'bin') + path.sep;
  const outside = [...new Set(lines.filter((l) => path.isAbsolute(l) && !l.startsWith(dist) && !l.startsWith(launcher) && l !== path.join(dir, 'preload.cjs')))];
  return { files: files.map((f) => path.relative(ROOT, f)), bytes: texts.reduce((n, t) => n + Buffer.byteLength(t), 0), text: texts.join('\n'), locale: [...new Set(lines.filter((l) => l.startsWith('locale: ')))], builtins: lines.filter((l) => l.startsWith('builtin: ')).map((l) => l.slice(9)), outside };
}

describe('code each scale command loads (process)', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-loaded-'));
    fs.writeFileSync(path.join(dir, 'preload.cjs'), PRELOAD);
    fs.copyFileSync(path.join(ROOT, 'examples', 'startup.scale.json'), path.join(dir, 'before.scale.json'));
    fs.writeFileSync(path.join(dir, 'clean.scale.json'), generateTopology(100, DENSE));
    fs.writeFileSync(path.join(dir, 'after.scale.json'), fs.readFileSync(path.join(ROOT, 'examples', 'startup.scale.json'), 'utf8').replace('"instances": 3', '"instances": 4'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const args of [['--version'], ['--help']]) {
    it(`scale ${args.join(' ')} loads under 50 KB`, () => {
      const run = loaded(args, dir, dir);
      assert.ok(run.files.length > 0, 'the preload saw the CLI load');
      assert.ok(run.bytes < 50_000, `${run.bytes} bytes: ${run.files.join(', ')}`);
    });
  }

  for (const args of [
    ['check', 'before.scale.json'],
    ['check', 'before.scale.json', '-f', 'json'],
    ['check', 'before.scale.json', '-f', 'sarif'],
    ['check', 'before.scale.json', '-f', 'github'],
    ['diff', 'before.scale.json', 'after.scale.json'],
    ['diff', 'before.scale.json', 'after.scale.json', '-f', 'json'],
    ['diff', 'before.scale.json', 'after.scale.json', '-f', 'markdown'],
  ]) {
    it(`scale ${args.join(' ')} loads neither the layout engine nor the report page, nor zod's locales`, () => {
      const run = loaded(args, dir, dir);
      assert.ok(run.files.length > 0, 'the preload saw the CLI load');
      assert.doesNotMatch(run.text, ELK, `elkjs is in ${run.files.join(', ')}`);
      assert.ok(!run.files.includes(path.join('dist', 'report.js')), run.files.join(', '));
      assert.doesNotMatch(run.text, ZOD_LOCALES, `zod's locales are in ${run.files.join(', ')}`);
    });
  }

  // Regression: tinyglobby's fdir required picomatch as it loaded, for a glob API nothing calls, and the bundles' require
  // found the one in node_modules (here the repository's; for a user, any above the package): ~4 ms of code not bundled.
  for (const args of [['check', 'clean.scale.json'], ['diff', 'before.scale.json', 'after.scale.json'], ['--version']]) {
    it(`scale ${args.join(' ')} runs only the launcher and its bundles: nothing from node_modules`, () => {
      assert.deepEqual(loaded(args, dir, dir).outside, []);
    });
  }

  // Regression: the schema's module wrote a figure of a field's description with toLocaleString as it loaded, so every
  // check set up the locale data (~15 ms of a 200 ms run) though format.ts writes such figures without it.
  for (const args of [['check', 'clean.scale.json'], ['check', 'clean.scale.json', '-f', 'json'], ['--version']]) {
    it(`scale ${args.join(' ')} of a design whose figures need none never sets up the locale data`, () => {
      assert.deepEqual(loaded(args, dir, dir).locale, []);
    });
  }

  // Regression: check's module imported the SARIF and GitLab formats, which fingerprint findings with node:crypto (and
  // SARIF zips with node:zlib), so every check set both up (~6 ms) whatever its format.
  for (const [args, builtins] of [
    [['check', 'clean.scale.json'], []],
    [['check', 'before.scale.json', '-f', 'json'], []],
    [['check', 'before.scale.json', '-f', 'sarif'], ['crypto', 'zlib']],
    [['check', 'before.scale.json', '-f', 'gitlab'], ['crypto']],
  ] as const) {
    it(`scale ${args.join(' ')} sets up ${builtins.length === 0 ? 'neither node:crypto nor node:zlib' : builtins.map((b) => `node:${b}`).join(' and ')}`, () => {
      // The command's own code: on a Node before 22.1 the launcher checks the compiled code it keeps with zlib's CRC-32.
      assert.deepEqual(loaded([...args], dir, dir, { NODE_DISABLE_COMPILE_CACHE: '1' }).builtins, builtins);
    });
  }

  for (const args of [['report', 'before.scale.json'], ['diff', 'before.scale.json', 'after.scale.json', '-f', 'html']]) {
    it(`scale ${args.join(' ')} loads the layout engine, to draw`, () => {
      assert.match(loaded(args, dir, dir).text, ELK);
    });
  }
});
