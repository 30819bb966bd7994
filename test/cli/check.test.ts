/**
 * `scale check` run as a process, the way users and CI run it: formats, exit
 * codes, hostile files and paths.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'scale.js');
// A real XML parser (xml2js on sax, strict mode; it comes with @vscode/vsce) reads the JUnit reports as CI servers do.
const { parseStringPromise } = require('xml2js') as { parseStringPromise(xml: string, options: { strict: boolean }): Promise<any> };
const SARIF_MULTITOOL = path.join(ROOT, 'node_modules', '.bin', 'sarif-multitool');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function scale(args: string[], cwd = ROOT, input?: string | Buffer, colorEnv: NodeJS.ProcessEnv = { NO_COLOR: '1' }): Run {
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, input, encoding: 'utf8', env: { ...env, ...colorEnv }, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const VALID = `{
  "version": 1,
  "name": "tiny",
  "workload": { "peakRps": 100 },
  "components": {
    "web": { "kind": "client", "calls": ["api"] },
    "api": { "kind": "service", "instances": 2 }
  }
}
`;

describe('scale check (process)', function () {
  let dir: string;
  const write = (name: string, content: string | Buffer) => {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
    return p;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-cli-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exits 0 on a file with no findings', () => {
    write('ok.scale.json', VALID);
    const r = scale(['check', 'ok.scale.json'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /No findings in 1 file/);
  });

  it('says under "No findings" what it could not judge: the components with no capacity, the shards with no key cardinality', () => {
    const sharded = VALID.replace('"api": { "kind": "service", "instances": 2 }', '"api": { "kind": "service", "instances": 2, "calls": ["db"], "capacity": { "rps": 500 } },\n    "db": { "kind": "database", "sharding": { "strategy": "consistentHash", "shards": 4, "vnodes": 160, "key": { "field": "id" } } }');
    write('gaps.scale.json', sharded);
    const r = scale(['check', 'gaps.scale.json'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      'No findings in 1 file',
      '  gaps.scale.json: capacity not checked for 1 of 2 components: no capacity declared (db)',
      '  gaps.scale.json: hottest shard not measured for 1 of 1 sharded store: no key cardinality declared, shards taken as even (db)',
    ]);
    const json = JSON.parse(scale(['check', 'gaps.scale.json', '--format', 'json'], dir).stdout);
    assert.deepEqual(json.files[0].coverage.map((g: { judgement: string; components: string[]; of: number }) => [g.judgement, g.components, g.of]), [['capacity', ['db'], 2], ['shardSkew', ['db'], 1]]);
    // --quiet shows errors only: no notes either.
    assert.equal(scale(['check', 'gaps.scale.json', '--quiet'], dir).stdout, 'No findings in 1 file\n');
    // Fully declared: nothing to say.
    write('full.scale.json', VALID.replace('"instances": 2 }', '"instances": 2, "capacity": { "rps": 500 } }'));
    assert.equal(scale(['check', 'full.scale.json'], dir).stdout, 'No findings in 1 file\n');
  });

  it('prints file:line:col severity rule-id message with exact positions, and exits 1', () => {
    write('bad.scale.json', VALID.replace('"instances": 2', '"instances": 2, "instanses": 3').replace('["api"]', '["apj"]'));
    const r = scale(['check', 'bad.scale.json'], dir);
    assert.equal(r.status, 1);
    const lines = r.stdout.trim().split('\n');
    assert.deepEqual(lines.slice(0, 2), [
      'bad.scale.json:6:42 error unknown-reference calls names "apj", which is not a component; did you mean "api"?',
      'bad.scale.json:7:49 error schema Unknown property "instanses" in components.api; did you mean "instances"?',
    ]);
    assert.equal(lines[2], '2 errors, 0 warnings, 0 infos in 1 file');
  });

  it('checks folders recursively and globs, skipping node_modules', () => {
    write('a/one.scale.json', VALID);
    write('a/b/two.scale.json', VALID);
    write('a/node_modules/dep/three.scale.json', '{');
    write('a/notes.json', '{');
    assert.match(scale(['check', 'a'], dir).stdout, /No findings in 2 files/);
    assert.match(scale(['check', 'a/**/*.scale.json'], dir).stdout, /No findings in 2 files/);
  });

  it('exits 2 on usage and I/O errors, with a message on stderr', () => {
    for (const args of [[], ['frobnicate'], ['check'], ['check', 'missing.scale.json'], ['check', '.', '--format', 'xml'], ['check', '.', '--fail-on', 'sometimes'], ['check', '.', '--max-warnings', '-1'], ['check', '.', '--bogus'], ['check', 'nomatch/*.scale.json'], ['check', '.', '--rule', 'no-such-rule=off']]) {
      write('ok.scale.json', VALID);
      const r = scale(args, dir);
      assert.equal(r.status, 2, `scale ${args.join(' ')}: ${r.stdout}`);
      assert.match(r.stderr, /scale: |Usage:/, `scale ${args.join(' ')}`);
    }
  });

  it('says what went wrong with a file in words, without a system code or a pointer to --help', () => {
    write('ok.scale.json', VALID);
    write('blocker', 'a file where a folder is wanted');
    let r = scale(['check', 'missing.scale.json'], dir);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'scale: No such file or folder: missing.scale.json\n');
    r = scale(['simulate', 'missing.scale.json'], dir);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'scale simulate: Cannot read missing.scale.json: no such file or folder\n');
    r = scale(['check', 'ok.scale.json', '-o', 'blocker/out.sarif', '-f', 'sarif'], dir);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'scale: Cannot write blocker/out.sarif: a part of the path is a file, not a folder\n');
  });

  it('says what is wrong with an option in its own words, not the argument parser\'s', () => {
    write('ok.scale.json', VALID);
    const cases: [string[], string][] = [
      [['check', 'ok.scale.json', '--bogus'], 'scale: Unknown option --bogus'],
      [['check', 'ok.scale.json', '--format'], 'scale: --format needs a value'],
      [['check', 'ok.scale.json', '--quiet=yes'], 'scale: --quiet takes no value'],
      [['simulate', 'ok.scale.json', '-x'], 'scale simulate: Unknown option -x'],
    ];
    for (const [args, message] of cases) {
      const r = scale(args, dir);
      assert.equal(r.status, 2, args.join(' '));
      assert.equal(r.stderr, `${message}\nRun "${message.split(':')[0]} --help" for usage.\n`, args.join(' '));
    }
  });

  it('answers --help and --version', () => {
    assert.match(scale(['--help']).stdout, /scale check <files\|folders\|globs/);
    assert.match(scale(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('reports a nesting bomb, a __proto__ id, a BOM file and 1e400 as findings with exit 1, never a crash', () => {
    write('bomb.scale.json', '['.repeat(100_000));
    write('proto.scale.json', VALID.replace('"api": {', '"__proto__": { "kind": "service" }, "api": {'));
    write('bom.scale.json', '\uFEFF' + VALID.replace('"peakRps": 100', '"peakRps": "lots"'));
    write('inf.scale.json', VALID.replace('"peakRps": 100', '"peakRps": 1e400'));
    const expected: Record<string, RegExp> = {
      'bomb.scale.json': /^bomb\.scale\.json:1:65 error syntax Nesting is deeper than 64 levels/m,
      'proto.scale.json': /^proto\.scale\.json:7:5 error schema "__proto__" is reserved/m,
      'bom.scale.json': /^bom\.scale\.json:4:28 error schema workload\.peakRps: expected a number, found a string/m,
      'inf.scale.json': /^inf\.scale\.json:4:28 error schema Number 1e400 is too large: it would read as Infinity/m,
    };
    for (const [file, pattern] of Object.entries(expected)) {
      const r = scale(['check', file], dir);
      assert.equal(r.status, 1, `${file}: ${r.stderr}`);
      assert.equal(r.stderr, '');
      assert.match(r.stdout, pattern);
    }
  });

  it('reports invalid UTF-8 and oversized files as one finding each', () => {
    write('latin1.scale.json', Buffer.concat([Buffer.from('{\n  "name": "caf'), Buffer.from([0xe9]), Buffer.from('"\n}')]));
    const big = '{"version":1,"name":"big","workload":{"peakRps":1},"components":{' + Array.from({ length: 80_000 }, (_, i) => `"c${i}":{"kind":"service","description":"${'x'.repeat(40)}"}`).join(',') + '}}';
    write('big.scale.json', big);
    let r = scale(['check', 'latin1.scale.json'], dir);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^latin1\.scale\.json:2:15 error syntax File is not valid UTF-8: byte 0xe9 at byte offset 16/m);
    r = scale(['check', 'big.scale.json'], dir);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^big\.scale\.json:1:1 error syntax File is too large to check: \d+\.\d MiB, above the 5 MiB bound$/m);
    assert.equal(r.stdout.trim().split('\n').length, 2);
  });

  it('checks a topology read from standard input, named by --stdin-filename in messages', () => {
    const bad = VALID.replace('["api"]', '["apj"]');
    let r = scale(['check', '-', '--stdin-filename', 'services/api.scale.json'], dir, bad);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^services\/api\.scale\.json:6:42 error unknown-reference calls names "apj"/m);
    r = scale(['check', '-'], dir, bad);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^<stdin>:6:42 error unknown-reference /m);
    r = scale(['check', '-'], dir, VALID);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /No findings in 1 file/);
    // Standard input goes through the same reader as a file: invalid UTF-8 is a finding.
    r = scale(['check', '-'], dir, Buffer.from([0x7b, 0xff, 0x7d]));
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^<stdin>:1:2 error syntax File is not valid UTF-8: byte 0xff at byte offset 1/m);
  });

  it('--stdin-filename without "-" is a usage error', () => {
    write('ok.scale.json', VALID);
    const r = scale(['check', 'ok.scale.json', '--stdin-filename', 'x.scale.json'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--stdin-filename names the topology read from standard input \("-"\)/);
  });

  it('writes several reports in one run: --format/--output pairs and -f FORMAT=FILE, creating folders', () => {
    write('bad.scale.json', VALID.replace('["api"]', '["apj"]'));
    const text = scale(['check', 'bad.scale.json'], dir).stdout;
    const json = scale(['check', 'bad.scale.json', '--format', 'json'], dir).stdout;
    const sarif = scale(['check', 'bad.scale.json', '--format', 'sarif'], dir).stdout;
    let r = scale(['check', 'bad.scale.json', '--format', 'sarif', '--output', 'out/deep/scale.sarif', '--format', 'text'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, text);
    assert.equal(fs.readFileSync(path.join(dir, 'out/deep/scale.sarif'), 'utf8'), sarif);
    r = scale(['check', 'bad.scale.json', '-f', 'sarif=reports/a.sarif', '-f', 'json=reports/b.json', '-f', 'text'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, text);
    assert.equal(fs.readFileSync(path.join(dir, 'reports/a.sarif'), 'utf8'), sarif);
    assert.equal(fs.readFileSync(path.join(dir, 'reports/b.json'), 'utf8'), json);
    // One format with --output before it still pairs with it, as before.
    r = scale(['check', 'bad.scale.json', '-o', 'one.json', '-f', 'json'], dir);
    assert.equal(r.stdout, '');
    assert.equal(fs.readFileSync(path.join(dir, 'one.json'), 'utf8'), json);
  });

  it('refuses two reports on standard output, or two reports to one file', () => {
    write('ok.scale.json', VALID);
    let r = scale(['check', 'ok.scale.json', '-f', 'text', '-f', 'json'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /only one report can go to standard output/);
    r = scale(['check', 'ok.scale.json', '-f', 'json=same.out', '-f', 'sarif=./same.out'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /two reports to \.\/same\.out/);
  });

  it('--quiet reports errors only, in text and json alike, while the exit code still counts every finding', () => {
    // A lone instance is a warning (single point of failure); the dangling call an error.
    write('mixed.scale.json', VALID.replace('"instances": 2', '"instances": 1').replace('["api"]', '["api", "apj"]'));
    const loud = scale(['check', 'mixed.scale.json', '--format', 'json'], dir);
    assert.ok(JSON.parse(loud.stdout).files[0].findings.some((f: { severity: string }) => f.severity !== 'error'), 'the fixture has a finding below error');
    const r = scale(['check', 'mixed.scale.json', '--format', 'json', '--quiet'], dir);
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.files[0].findings.map((f: { ruleId: string }) => f.ruleId), ['unknown-reference']);
    assert.equal(out.totals.warnings + out.totals.infos, 0);
    // The summary still counts every finding, and says that only the errors are shown.
    const warnings = JSON.parse(loud.stdout).totals.warnings as number;
    assert.ok(warnings > 0);
    assert.match(scale(['check', 'mixed.scale.json', '--quiet'], dir).stdout, new RegExp(`^1 error, ${warnings} warnings?, 0 infos in 1 file \\(only errors shown: --quiet\\)$`, 'm'));
    // Warnings still fail the run when --fail-on says so, shown or not.
    assert.equal(scale(['check', 'mixed.scale.json', '--quiet', '--fail-on', 'warning', '--rule', 'unknown-reference=off'], dir).status, 1);
  });

  // Regression: with --quiet and warnings but no errors, the summary read "No findings in 1 file", and with an error
  // it counted 0 warnings: a summary that said the design had nothing to look at.
  it('--quiet never says "No findings" over warnings it hides, in text or in GitHub annotations', () => {
    write('warned.scale.json', VALID.replace('"instances": 2', '"instances": 1'));
    const loud = JSON.parse(scale(['check', 'warned.scale.json', '--format', 'json'], dir).stdout);
    assert.equal(loud.totals.errors, 0);
    assert.ok(loud.totals.warnings > 0, 'the fixture has a warning');
    const n = loud.totals.warnings as number;
    const text = scale(['check', 'warned.scale.json', '--quiet'], dir);
    assert.equal(text.status, 0);
    assert.equal(text.stdout, `0 errors, ${n} warning${n === 1 ? '' : 's'}, 0 infos in 1 file (only errors shown: --quiet)\n`);
    const github = scale(['check', 'warned.scale.json', '--quiet', '--format', 'github'], dir).stdout;
    assert.equal(github, `scale: 0 errors, ${n} warning${n === 1 ? '' : 's'}, 0 infos in 1 file (only errors shown: --quiet).\n`);
    // Without --quiet nothing is hidden and nothing is said of it.
    assert.doesNotMatch(scale(['check', 'warned.scale.json'], dir).stdout, /--quiet/);
  });

  it('colours follow --color/--no-color, then FORCE_COLOR, then NO_COLOR, on every command', () => {
    write('bad.scale.json', VALID.replace('["api"]', '["apj"]'));
    const red = '\u001b[31merror\u001b[39m';
    const colored = (args: string[], env: NodeJS.ProcessEnv) => scale(args, dir, undefined, env).stdout.includes('\u001b[');
    const check = ['check', 'bad.scale.json'];
    assert.ok(scale(check, dir, undefined, { FORCE_COLOR: '1' }).stdout.includes(red), 'FORCE_COLOR colours a pipe');
    assert.equal(colored(check, {}), false, 'a pipe is plain');
    assert.equal(colored(check, { NO_COLOR: '1' }), false);
    assert.equal(colored(check, { FORCE_COLOR: '0' }), false);
    assert.equal(colored([...check, '--color'], { NO_COLOR: '1' }), true);
    assert.equal(colored([...check, '--no-color'], { FORCE_COLOR: '1' }), false);
    // Reports written to files are never coloured.
    scale([...check, '-f', 'text=out.txt', '--color'], dir);
    assert.doesNotMatch(fs.readFileSync(path.join(dir, 'out.txt'), 'utf8'), /\u001b/);
    // simulate colours its verdicts the same way; report takes the flags too.
    const example = path.join(ROOT, 'examples', 'payments.scale.json');
    assert.equal(colored(['simulate', example, '--color'], {}), true);
    assert.equal(colored(['simulate', example, '--no-color'], { FORCE_COLOR: '1' }), false);
    assert.equal(scale(['report', example, '--no-color', '-o', 'r.html'], dir).status, 0);
  });

  it('--fail-on none exits 0 even with errors; --fail-on applies to the listed severity', () => {
    write('bad.scale.json', '{');
    assert.equal(scale(['check', 'bad.scale.json', '--fail-on', 'none'], dir).status, 0);
    assert.equal(scale(['check', 'bad.scale.json', '--fail-on', 'warning'], dir).status, 1);
  });

  it('--format json gives every finding with 1-based positions and totals', () => {
    write('bad.scale.json', VALID.replace('["api"]', '["apj"]'));
    const r = scale(['check', 'bad.scale.json', '--format', 'json'], dir);
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout);
    assert.equal(out.files[0].path, 'bad.scale.json');
    const f = out.files[0].findings[0];
    assert.equal(f.ruleId, 'unknown-reference');
    assert.deepEqual([f.startLine, f.startColumn, f.endLine, f.endColumn], [6, 42, 6, 47]);
    assert.deepEqual(f.path, ['components', 'web', 'calls', 0]);
    assert.equal(f.fixes[0].edits[0].newText, '"api"');
    assert.deepEqual(out.totals, { errors: 1, warnings: 0, infos: 0, accepted: 0, omitted: 0, files: 1 });
  });

  it('--format github escapes messages so text from a file cannot inject a second command', () => {
    // A property name with a newline and a workflow command in it (JSON escapes make it legal).
    write('evil.scale.json', VALID.replace('"instances": 2', '"instances": 2, "x\\n::error file=a,line=1::pwned 100%": 1'));
    const r = scale(['check', 'evil.scale.json', '--format', 'github'], dir);
    assert.equal(r.status, 1);
    const lines = r.stdout.trim().split('\n');
    const commands = lines.filter((l) => l.startsWith('::'));
    assert.equal(commands.length, 1, r.stdout);
    // The message quotes the name with its newline escaped (\n); the annotation escapes the percent sign.
    assert.match(commands[0]!, /^::error file=evil\.scale\.json,line=7,endLine=7,col=\d+,endColumn=\d+,title=scale schema::Unknown property "x\\n::error file=a,line=1::pwned 100%25" in components\.api \(it contains the control character U\+000A\)/);
    assert.match(lines[lines.length - 1]!, /^scale: 1 error, 0 warnings, 0 infos in 1 file\.$/);
  });

  it('escapes properties in github annotations (file names with colons and commas)', () => {
    write('a:b,c.scale.json', '{');
    const r = scale(['check', 'a:b,c.scale.json', '--format', 'github'], dir);
    assert.match(r.stdout, /^::error file=a%3Ab%2Cc\.scale\.json,line=1,/m);
  });

  it('scale check - --format junit: one testsuite per file, a failing testcase per finding, a passing one for a clean file, hostile text escaped', async () => {
    write('ok.scale.json', VALID);
    // A property name carrying markup, a CDATA end, an ampersand, a control character XML 1.0 cannot hold, and a newline.
    const hostile = VALID.replace('"instances": 2', '"instances": 2, "]]><x a=\'1\'>&amp;\\u0001\\n": 1');
    const r = scale(['check', '-', 'ok.scale.json', '--stdin-filename', 'sub/a&b.scale.json', '--format', 'junit'], dir, hostile);
    assert.equal(r.status, 1, r.stderr);
    // Nothing XML 1.0 forbids, and no raw markup from the file.
    assert.doesNotMatch(r.stdout, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    assert.doesNotMatch(r.stdout, /\]\]>|<x /);
    const xml = await parseStringPromise(r.stdout, { strict: true });
    assert.deepEqual({ ...xml.testsuites.$ }, { name: 'scale', tests: '2', failures: '1', errors: '0' });
    const [bad, ok] = xml.testsuites.testsuite;
    assert.deepEqual({ ...bad.$ }, { name: 'sub/a&b.scale.json', tests: '1', failures: '1', errors: '0', skipped: '0' });
    const tc = bad.testcase[0];
    assert.equal(tc.$.name, 'schema at 7:49');
    assert.equal(tc.$.classname, 'sub/a&b.scale.json');
    assert.equal(tc.$.line, '7');
    assert.equal(tc.failure[0].$.type, 'error');
    // The message quotes the name with its control character and newline as visible escapes.
    assert.equal(tc.failure[0].$.message.split(' in components.api')[0], 'Unknown property "]]><x a=\'1\'>&amp;\\u0001\\n"');
    assert.match(tc.failure[0]._, /^sub\/a&b\.scale\.json:7:49 error schema Unknown property "\]\]><x a='1'>&amp;\\u0001\\n"/);
    assert.deepEqual({ ...ok.$ }, { name: 'ok.scale.json', tests: '1', failures: '0', errors: '0', skipped: '0' });
    assert.deepEqual(ok.testcase.map((t: { $: object; failure?: unknown }) => [{ ...t.$ }, t.failure]), [[{ classname: 'ok.scale.json', name: 'no findings', file: 'ok.scale.json' }, undefined]]);
  });

  it('scale check - --format gitlab: Code Quality issues with rule ids, mapped severities, relative paths and fingerprints that survive line moves', () => {
    const bad = VALID.replace('["api"]', '["apj"]').replace('"instances": 2', '"instances": 1, "instanses": 3');
    const run = (text: string) => {
      const r = scale(['check', '-', '--stdin-filename', 'svc/a.scale.json', '--format', 'gitlab', '--rule', 'single-point-of-failure=warning'], dir, text);
      assert.equal(r.status, 1, r.stderr);
      return JSON.parse(r.stdout) as { description: string; check_name: string; fingerprint: string; severity: string; location: { path: string; lines: { begin: number } } }[];
    };
    const issues = run(bad);
    const ref = issues.find((i) => i.check_name === 'unknown-reference')!;
    assert.deepEqual(ref, {
      type: 'issue',
      description: 'calls names "apj", which is not a component; did you mean "api"?',
      check_name: 'unknown-reference',
      fingerprint: ref.fingerprint,
      severity: 'major',
      location: { path: 'svc/a.scale.json', lines: { begin: 6 } },
    });
    assert.match(ref.fingerprint, /^[0-9a-f]{64}$/);
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length, 'fingerprints are unique');
    assert.ok(issues.every((i) => ['info', 'minor', 'major', 'critical', 'blocker'].includes(i.severity)));
    // The same file with its lines moved down: same fingerprints, new line numbers.
    const moved = run('\n\n\n' + bad);
    assert.deepEqual(moved.map((i) => i.fingerprint), issues.map((i) => i.fingerprint));
    assert.deepEqual(moved.map((i) => i.location.lines.begin), issues.map((i) => i.location.lines.begin + 3));
  });

  it('writes junit and gitlab reports in one run beside the text on standard output', async () => {
    write('bad.scale.json', VALID.replace('["api"]', '["apj"]'));
    const r = scale(['check', 'bad.scale.json', '-f', 'junit=ci/scale.xml', '--format', 'gitlab', '--output', 'ci/codequality.json', '-f', 'text'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^bad\.scale\.json:6:42 error unknown-reference /m);
    const xml = await parseStringPromise(fs.readFileSync(path.join(dir, 'ci/scale.xml'), 'utf8'), { strict: true });
    assert.equal(xml.testsuites.testsuite[0].testcase[0].$.name, 'unknown-reference at 6:42');
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'ci/codequality.json'), 'utf8'))[0].check_name, 'unknown-reference');
  });

  it('--format sarif: relative percent-encoded URIs, 1-based regions, rule metadata, and a valid log', function () {
    this.timeout(120_000);
    write('my dir #1/100% é.scale.json', '{\r\n  "version": 1, "name": "x", "workload": { "peakRps": 1 },\r\n  "components": { "🚀": { "kind": "client" } } }');
    const r = scale(['check', '.', '--format', 'sarif', '--output', 'out.sarif'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, '');
    const log = JSON.parse(fs.readFileSync(path.join(dir, 'out.sarif'), 'utf8'));
    const run = log.runs[0];
    assert.equal(log.version, '2.1.0');
    assert.equal(run.automationDetails.id, 'scale/check/');
    for (const rule of run.tool.driver.rules) {
      assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text, rule.id);
      assert.ok(rule.fullDescription.text.length <= 1024, rule.id);
    }
    const result = run.results[0];
    const loc = result.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uri, 'my%20dir%20%231/100%25%20%C3%A9.scale.json');
    assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
    // The emoji id is two UTF-16 units, on line 3 after CRLF line ends.
    assert.deepEqual([loc.region.startLine, loc.region.startColumn, loc.region.endLine, loc.region.endColumn], [3, 19, 3, 23]);
    assert.ok(result.partialFingerprints['scaleFinding/v1']);
    const v = spawnSync(SARIF_MULTITOOL, ['validate', path.join(dir, 'out.sarif')], { encoding: 'utf8' });
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.doesNotMatch(v.stdout, /: error /, v.stdout);
  });

  it('the SARIF of all examples validates with sarif-multitool with zero errors', function () {
    this.timeout(120_000);
    const out = path.join(dir, 'examples.sarif');
    const r = scale(['check', 'examples', '--format', 'sarif', '--output', out]);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    const v = spawnSync(SARIF_MULTITOOL, ['validate', out], { encoding: 'utf8' });
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.doesNotMatch(v.stdout, /: error /, v.stdout);
    assert.ok(JSON.parse(fs.readFileSync(out, 'utf8')).runs[0].results.length >= 0);
  });
});
