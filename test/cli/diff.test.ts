/**
 * `scale diff` run as a process: two files, and a real git repository made in
 * a temporary folder (two commits, a shallow clone of it, a file added and
 * one deleted, a change of comments only). The change under review is the
 * one a team makes to examples/startup.scale.json: two more app servers and a
 * cache in front of the database.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startupChange } from '../../scripts/exampleChange';
import { git } from '../support/gitRepo';
import { runScale } from '../support/cliProcess';

const ROOT = path.resolve(__dirname, '../..');
const SCALE = path.join(ROOT, 'bin', 'scale.js');
const STARTUP = fs.readFileSync(path.join(ROOT, 'examples', 'startup.scale.json'), 'utf8');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function scale(args: string[], cwd: string): Run {
  const r = spawnSync(process.execPath, [SCALE, 'diff', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** startup.scale.json with two more app servers and a cache in front of db: the README's example change. */
const changedStartup = () => startupChange(STARTUP);

describe('scale diff (process)', function () {
  this.timeout(180_000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-diff-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Asserts what the startup change did, in the text format. */
  function assertStartupChange(out: string): void {
    assert.match(out, /~ app: instances 3 → 5/);
    assert.match(out, /\+ db-cache \(cache\)/);
    assert.match(out, /\+ call app → db-cache \(mixed\)/);
    assert.match(out, /findings: \d+ introduced, \d+ resolved, \d+ with new figures, \d+ unchanged/);
    // A finding on both sides whose figures moved: as it reads now, then as it read.
    assert.match(out, /~ warning missing-health-check at \d+:\d+ lb has no health check: when one of its 5 backend instances dies.*\n {8}was: lb has no health check: when one of its 3 backend instances dies/);
    // The app tier was at 130.7% of capacity and the database at 133.3%: both errors go.
    assert.match(out, /- error capacity at \d+:\d+ app is at 130\.7% of capacity/);
    assert.match(out, /- error capacity at \d+:\d+ db is at 133\.3% of capacity/);
    assert.match(out, /load at peak \(2,000 rps\)/);
    assert.match(out, /app: 1,960 rps; utilization 130\.7% → 78\.4% \(request rate\); ceiling 1,531 → 2,551 \(\+66\.7%\) rps/);
    assert.match(out, /first to saturate: db \(request rate\) at 1,500 rps → /);
    assert.match(out, /orders primary dies: .*failed requests [\d,]+ → [\d,]+/);
    assert.match(out, /compared \(.*\): .*resolved \(\d+ errors?/);
  }

  it('compares two files: the design, the findings resolved, the load moved and the scenario deltas', () => {
    const base = path.join(dir, 'base.scale.json');
    const head = path.join(dir, 'head.scale.json');
    fs.writeFileSync(base, STARTUP);
    fs.writeFileSync(head, changedStartup());
    const r = scale(['base.scale.json', 'head.scale.json'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assertStartupChange(r.stdout);
    assert.match(r.stdout, /^head\.scale\.json \(modified\)\n/);
    // The same input gives the same bytes.
    assert.equal(scale(['base.scale.json', 'head.scale.json'], dir).stdout, r.stdout);
  });

  it('writes several reports from one comparison, each the bytes its own run gives; refuses two to standard output or to one file', () => {
    const base = path.join(dir, 'base.scale.json');
    const head = path.join(dir, 'head.scale.json');
    fs.writeFileSync(base, STARTUP);
    fs.writeFileSync(head, changedStartup());
    const files = ['base.scale.json', 'head.scale.json'];
    const r = scale([...files, '--format', 'json', '--format', 'markdown', '--output', 'out/comment.md', '-f', 'html=out/page.html', '--format', 'text', '-o', 'out/diff.txt'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, scale([...files, '--format', 'json'], dir).stdout);
    assert.equal(fs.readFileSync(path.join(dir, 'out', 'comment.md'), 'utf8'), scale([...files, '--format', 'markdown'], dir).stdout);
    assert.equal(fs.readFileSync(path.join(dir, 'out', 'page.html'), 'utf8'), scale([...files, '--format', 'html'], dir).stdout);
    assert.equal(fs.readFileSync(path.join(dir, 'out', 'diff.txt'), 'utf8'), scale([...files], dir).stdout);
    for (const [args, message] of [
      [['--format', 'json', '--format', 'markdown'], /only one report can go to standard output/],
      [['-f', 'json=same.json', '-f', 'markdown=./same.json'], /two reports to \.\/same\.json; give each its own file/],
      [['--format', 'yaml'], /--format must be text, json, markdown or html, not "yaml"/],
      [['--output', ''], /--output needs a file name/],
    ] as const) {
      const bad = scale([...files, ...args], dir);
      assert.equal(bad.status, 2, `${args.join(' ')}: ${bad.stderr}`);
      assert.match(bad.stderr, message);
      assert.equal(bad.stdout, '');
    }
  });

  describe('in a git repository', () => {
    let repo: string;

    before(() => {
      repo = path.join(dir, 'repo');
      fs.mkdirSync(path.join(repo, 'designs'), { recursive: true });
      git(repo, 'init', '-q');
      fs.writeFileSync(path.join(repo, 'designs', 'startup.scale.json'), STARTUP);
      fs.writeFileSync(path.join(repo, 'designs', 'old.scale.json'), fs.readFileSync(path.join(ROOT, 'examples', 'url-shortener.scale.json')));
      fs.writeFileSync(path.join(repo, 'README.md'), 'designs\n');
      git(repo, 'add', '.');
      git(repo, 'commit', '-q', '-m', 'first design');
      fs.writeFileSync(path.join(repo, 'designs', 'startup.scale.json'), changedStartup());
      fs.rmSync(path.join(repo, 'designs', 'old.scale.json'));
      fs.writeFileSync(path.join(repo, 'designs', 'new.scale.json'), fs.readFileSync(path.join(ROOT, 'examples', 'payments.scale.json')));
      fs.writeFileSync(path.join(repo, 'README.md'), 'designs, changed\n');
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', 'two more app servers and a cache in front of the database');
    });

    it('--base HEAD~1 compares the topologies the last commit touched, with the working tree as head', () => {
      const r = scale(['--base', 'HEAD~1'], repo);
      assert.equal(r.status, 0, r.stderr);
      assertStartupChange(r.stdout);
      assert.match(r.stdout, /^designs\/new\.scale\.json \(added\)$/m);
      assert.match(r.stdout, /^designs\/old\.scale\.json \(deleted\)$/m);
      assert.match(r.stdout, /^designs\/startup\.scale\.json \(modified\)$/m);
      assert.doesNotMatch(r.stdout, /README/);
      assert.match(r.stdout, /3 files compared \(HEAD~1 → the working tree\)/);
    });

    it('--base and --head compare two revisions without checking anything out, from any folder of the repository', () => {
      // A working-tree edit is not part of a comparison of two revisions.
      fs.writeFileSync(path.join(repo, 'designs', 'startup.scale.json'), STARTUP);
      try {
        const r = scale(['--base', 'HEAD~1', '--head', 'HEAD', 'startup.scale.json'], path.join(repo, 'designs'));
        assert.equal(r.status, 0, r.stderr);
        assertStartupChange(r.stdout);
        assert.match(r.stdout, /^startup\.scale\.json \(modified\)$/m);
        assert.doesNotMatch(r.stdout, /new\.scale\.json|old\.scale\.json/, 'only the paths asked for');
      } finally {
        git(repo, 'checkout', '-q', '--', 'designs/startup.scale.json');
      }
    });

    it('--head REV judges both sides by the project configuration of that revision, not the working tree\'s', () => {
      const capacity = (r: Run) => {
        const [d] = JSON.parse(r.stdout).files;
        return [...d.findings.introduced, ...d.findings.resolved, ...d.findings.unchanged].filter((f: { ruleId: string }) => f.ruleId === 'capacity').length;
      };
      const config = path.join(repo, 'designs', 'scale.config.json');
      const args = ['--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json', 'designs/startup.scale.json'];
      const start = git(repo, 'rev-parse', 'HEAD');
      const before = scale(args, repo);
      assert.equal(before.status, 0, before.stderr);
      assert.ok(capacity(before) > 0, 'the change resolves capacity errors');
      // An uncommitted configuration is not part of a comparison of two revisions.
      fs.writeFileSync(config, '{ "rules": { "capacity": "off" } }');
      try {
        const r = scale(args, repo);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(capacity(r), capacity(before), 'the working tree\'s configuration is not read');
        // Committed, it is the head's: both sides are judged by it, whatever the working tree holds.
        git(repo, 'add', 'designs/scale.config.json');
        git(repo, 'commit', '-q', '-m', 'capacity off');
        fs.rmSync(config);
        const committed = scale(['--base', 'HEAD~2', '--head', 'HEAD', '--format', 'json', 'designs/startup.scale.json'], repo);
        assert.equal(committed.status, 0, committed.stderr);
        assert.equal(capacity(committed), 0, 'the head revision turns capacity off on both sides');
        // A configuration that does not validate at that revision is said, as on disk.
        fs.writeFileSync(config, '{ "rules": { "capacity": "sometimes" } }');
        git(repo, 'commit', '-q', '-am', 'a bad configuration');
        fs.rmSync(config);
        const bad = scale(['--base', 'HEAD~3', '--head', 'HEAD', 'designs/startup.scale.json'], repo);
        assert.equal(bad.status, 0, bad.stderr);
        assert.match(bad.stderr, /scale\.config\.json@HEAD:1:\d+ error/);
      } finally {
        fs.rmSync(config, { force: true });
        git(repo, 'reset', '-q', '--hard', start);
      }
    });

    it('works in a shallow clone that has the base, and says how to fetch it when it does not', () => {
      const deep = path.join(dir, 'shallow2');
      git(dir, 'clone', '-q', '--depth', '2', `file://${repo}`, deep);
      const r = scale(['--base', 'HEAD~1', '--head', 'HEAD'], deep);
      assert.equal(r.status, 0, r.stderr);
      assertStartupChange(r.stdout);
      const shallow = path.join(dir, 'shallow1');
      git(dir, 'clone', '-q', '--depth', '1', `file://${repo}`, shallow);
      const missing = scale(['--base', 'HEAD~1'], shallow);
      assert.equal(missing.status, 2);
      assert.equal(missing.stdout, '');
      assert.match(missing.stderr, /revision "HEAD~1" does not exist in this repository \(a shallow clone: fetch it first/);
    });

    it('gives every part as JSON, and --fail-on-new fails only on findings the change introduced', () => {
      const r = scale(['--base', 'HEAD~1', '--format', 'json', '--fail-on-new', 'info'], repo);
      const data = JSON.parse(r.stdout);
      const startup = data.files.find((f: { path: string }) => f.path === 'designs/startup.scale.json');
      assert.equal(startup.status, 'modified');
      assert.deepEqual(startup.structure.components.added, [{ id: 'db-cache', kind: 'cache' }]);
      assert.deepEqual(startup.structure.components.changed.find((c: { id: string }) => c.id === 'app').changes, [{ path: ['instances'], before: 3, after: 5 }]);
      assert.ok(startup.findings.resolved.some((f: { ruleId: string; component?: string }) => f.ruleId === 'capacity' && f.component === 'db'));
      const app = startup.numbers.components.find((c: { id: string }) => c.id === 'app');
      assert.equal(app.before.nodes, 3);
      assert.equal(app.after.nodes, 5);
      assert.equal(app.moved, true);
      const orders = startup.scenarios.find((s: { name: string }) => s.name === 'orders primary dies');
      assert.equal(orders.before.seed, orders.after.seed);
      assert.equal(data.files.find((f: { path: string }) => f.path === 'designs/new.scale.json').status, 'added');
      // The added file's findings are all new: the info gate fails.
      const introduced = data.files.reduce((n: number, f: { findings: { introduced: unknown[] } }) => n + f.findings.introduced.length, 0);
      assert.equal(r.status, introduced > 0 ? 1 : 0);
      // The startup change alone introduces no error: an error gate passes.
      assert.equal(scale(['--base', 'HEAD~1', 'designs/startup.scale.json', '--fail-on-new', 'error'], repo).status, 0);
      // The head still has errors: --fail-on judges it whole, as scale check would.
      assert.equal(scale(['--base', 'HEAD~1', 'designs/startup.scale.json', '--fail-on', 'error'], repo).status, 1);
    });

    it('says a change of comments and spacing only changed nothing', () => {
      const file = path.join(repo, 'designs', 'startup.scale.json');
      const text = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, `// reviewed\n${text.replace(/\n {4}"db":/, '\n\n    // the one database\n    "db":')}`);
      try {
        const r = scale(['--base', 'HEAD', '--format', 'json'], repo);
        assert.equal(r.status, 0, r.stderr);
        const [only] = JSON.parse(r.stdout).files;
        assert.equal(only.status, 'unchanged');
        assert.deepEqual([only.findings.introduced, only.findings.resolved], [[], []]);
        assert.equal(only.numbers.components.filter((c: { moved: boolean }) => c.moved).length, 0);
        assert.equal(only.scenarios.filter((s: { moved: boolean }) => s.moved).length, 0);
      } finally {
        git(repo, 'checkout', '-q', '--', 'designs/startup.scale.json');
      }
    });

    it('bounds a side that is too large as scale check does: one finding, nothing read past the bound', () => {
      const big = path.join(repo, 'designs', 'huge.scale.json');
      // 6 MiB of spaces inside a valid topology: above the 5 MiB bound.
      fs.writeFileSync(big, `{ "version": 1, "name": "huge", ${' '.repeat(6 * 1024 * 1024)} "workload": { "peakRps": 1 }, "components": {} }`);
      git(repo, 'add', 'designs/huge.scale.json');
      git(repo, 'commit', '-q', '-m', 'a huge file');
      try {
        const r = scale(['--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], repo);
        assert.equal(r.status, 0, r.stderr);
        const [d] = JSON.parse(r.stdout).files;
        assert.equal(d.status, 'added');
        assert.equal(d.head.analysed, false);
        assert.deepEqual(d.findings.introduced.map((f: { ruleId: string; message: string }) => [f.ruleId, f.message]), [['syntax', 'File is too large to check: 6.0 MiB, above the 5 MiB bound']]);
      } finally {
        git(repo, 'reset', '-q', '--hard', 'HEAD~1');
      }
    });

    it('shows a topology that became a symbolic link as one finding on its side, and gates on it, instead of dropping it', () => {
      fs.symlinkSync('../README.md', path.join(repo, 'designs', 'link.scale.json'));
      git(repo, 'add', 'designs/link.scale.json');
      git(repo, 'commit', '-q', '-m', 'a link');
      try {
        const r = scale(['--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json', '--fail-on-new', 'error'], repo);
        assert.equal(r.status, 1, r.stderr);
        const [d] = JSON.parse(r.stdout).files;
        assert.equal(d.path, 'designs/link.scale.json');
        assert.deepEqual(d.findings.introduced.map((f: { ruleId: string; message: string }) => [f.ruleId, f.message]), [['syntax', 'At the head this is a symbolic link, not a file: it is not read or compared']]);
      } finally {
        git(repo, 'reset', '-q', '--hard', 'HEAD~1');
      }
    });

    it('exits 2 with a clear message for a revision that does not exist, a revision that looks like an option, or outside a repository', () => {
      const missing = scale(['--base', 'no-such-branch'], repo);
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /^scale diff: revision "no-such-branch" does not exist in this repository\n$/);
      const option = scale(['--base=--output=pwned'], repo);
      assert.equal(option.status, 2);
      assert.match(option.stderr, /"--output=pwned" is not a revision/);
      assert.equal(fs.existsSync(path.join(repo, 'pwned')), false);
      const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-diff-norepo-'));
      try {
        const r = scale(['--base', 'HEAD'], outside);
        assert.equal(r.status, 2);
        assert.match(r.stderr, /not in a git repository/);
      } finally {
        fs.rmSync(outside, { recursive: true, force: true });
      }
    });
  });

  it('compares with the project configuration above the files, and --rule over it, as scale check judges them', () => {
    const folder = path.join(dir, 'configured');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'base.scale.json'), STARTUP);
    fs.writeFileSync(path.join(folder, 'head.scale.json'), changedStartup());
    fs.writeFileSync(path.join(folder, 'scale.config.json'), '{ "rules": { "capacity": "off" } }');
    const capacity = (r: Run) => {
      const [d] = JSON.parse(r.stdout).files;
      return [...d.findings.introduced, ...d.findings.resolved, ...d.findings.unchanged].filter((f: { ruleId: string }) => f.ruleId === 'capacity').length;
    };
    const off = scale(['base.scale.json', 'head.scale.json', '--format', 'json'], folder);
    assert.equal(off.status, 0, off.stderr);
    assert.equal(capacity(off), 0, 'the project turns capacity off on both sides');
    const on = scale(['base.scale.json', 'head.scale.json', '--format', 'json', '--rule', 'capacity=error'], folder);
    assert.ok(capacity(on) > 0, '--rule wins for one run');
    const check = spawnSync(process.execPath, [SCALE, 'check', 'head.scale.json', '--format', 'json', '--fail-on', 'none'], { cwd: folder, encoding: 'utf8' });
    const checked = JSON.parse(check.stdout).files[0].findings.map((f: { ruleId: string; path: unknown }) => `${f.ruleId} ${JSON.stringify(f.path)}`).sort();
    const [d] = JSON.parse(off.stdout).files;
    const head = [...d.findings.introduced, ...d.findings.unchanged].map((f: { ruleId: string; path: unknown }) => `${f.ruleId} ${JSON.stringify(f.path)}`).sort();
    assert.deepEqual(head, checked, 'the head\'s findings are scale check\'s');
  });

  it('shows a finding the change accepts as accepted, with its reason, and no gate fails on it', () => {
    const folder = path.join(dir, 'accepting');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'base.scale.json'), STARTUP);
    const head = STARTUP
      .replace('"legacy-reports": {', '"legacy-exports": { "kind": "service", "instances": 1, "calls": ["db"] },\n    "legacy-reports": {')
      .replace('  "rules": {', '  "accepted": [{ "rule": "unreachable-component", "component": "legacy-exports", "reason": "switched off with the old billing, ADR-7" }],\n  "rules": {');
    fs.writeFileSync(path.join(folder, 'head.scale.json'), head);
    const r = scale(['base.scale.json', 'head.scale.json', '--fail-on-new', 'warning'], folder);
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /\+ warning \(accepted\) unreachable-component at \d+:\d+ legacy-exports is not called .* — accepted: switched off with the old billing, ADR-7/);
    const json = JSON.parse(scale(['base.scale.json', 'head.scale.json', '--format', 'json'], folder).stdout);
    assert.deepEqual(json.files[0].findings.introduced.map((f: { ruleId: string; accepted?: unknown }) => [f.ruleId, f.accepted]), [['unreachable-component', { reason: 'switched off with the old billing, ADR-7' }]]);
  });

  it('gives each entry point\'s availability, p50 and p99 before and after, the figures scale paths gives each side', () => {
    const url = fs.readFileSync(path.join(ROOT, 'examples', 'url-shortener.scale.json'), 'utf8');
    const from = '"edge-lb": {\n      "kind": "loadBalancer",\n      "instances": 2,';
    assert.ok(url.includes(from));
    fs.writeFileSync(path.join(dir, 'url-base.scale.json'), url);
    fs.writeFileSync(path.join(dir, 'url-head.scale.json'), url.replace(from, from.replace('"instances": 2', '"instances": 3')));
    const [d] = JSON.parse(scale(['url-base.scale.json', 'url-head.scale.json', '--format', 'json'], dir).stdout).files;
    const side = (file: string) => JSON.parse(runScale(['paths', file, '--format', 'json'], dir).stdout).entries[0];
    for (const [figures, file] of [[d.numbers.entries[0].before, 'url-base.scale.json'], [d.numbers.entries[0].after, 'url-head.scale.json']] as const) {
      const p = side(file);
      assert.deepEqual(figures, { availability: p.availability.all, p50Ms: p.latency.p50Ms, p99Ms: p.latency.p99Ms }, file);
    }
    const text = scale(['url-base.scale.json', 'url-head.scale.json'], dir).stdout;
    assert.match(text, /^ {2}entry points \(availability, p50, p99\)\n {4}clients: 99\.999\d+% → 99\.999\d+%; p50 [\d.]+ ms; p99 [\d.]+ ms/m);
  });

  it('reports a side that does not parse by its syntax findings, and exits 2 for a file that does not exist', () => {
    fs.writeFileSync(path.join(dir, 'broken.scale.json'), '{ "version": 1, "name": "x", ');
    fs.writeFileSync(path.join(dir, 'good.scale.json'), STARTUP);
    const r = scale(['broken.scale.json', 'good.scale.json', '--format', 'json'], dir);
    assert.equal(r.status, 0, r.stderr);
    const [d] = JSON.parse(r.stdout).files;
    assert.equal(d.base.analysed, false);
    assert.ok(d.findings.resolved.some((f: { ruleId: string }) => f.ruleId === 'syntax'));
    assert.ok(d.structure.components.added.length > 0, 'the head\'s components are given');
    const none = scale(['nope.scale.json', 'good.scale.json'], dir);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /Cannot read nope\.scale\.json: no such file or folder/);
  });
});
