/**
 * The project configuration (`scale.config.json`) as `scale check`,
 * `simulate` and `report` read it, run as processes in a temporary
 * repository: its severities between the defaults and a file's own rules,
 * `--rule` over everything for one run, its ignore patterns in folder and
 * glob searches, its seed, and a broken configuration reported as findings
 * in it while the topologies are still checked.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CliRun, runScale } from '../support/cliProcess';
import { linkUnder, writeUnder } from '../support/linkedFolders';
import { projectTopology } from '../support/projectTopology';

interface JsonReport {
  files: { path: string; findings: { ruleId: string; severity: string; message: string; startLine: number; startColumn: number }[] }[];
}

describe('scale.config.json (process)', function () {
  this.timeout(60_000);
  let repo: string;
  const write = (rel: string, content: string) => writeUnder(repo, rel, content);
  const scale = (args: string[], cwd = repo): CliRun => runScale(args, cwd);
  const json = (r: CliRun): JsonReport => JSON.parse(r.stdout);
  /** Rule id and severity of each finding, by file. */
  const severities = (r: CliRun) => Object.fromEntries(json(r).files.map((f) => [f.path, f.findings.map((x) => `${x.ruleId}:${x.severity}`)]));

  beforeEach(() => {
    repo = path.join(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'scale-project-'))), 'repo');
    fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
  });
  afterEach(() => fs.rmSync(path.dirname(repo), { recursive: true, force: true }));

  it('turns a rule off and raises another for every topology under it, and the exit code follows', () => {
    write('a.scale.json', projectTopology());
    write('svc/b.scale.json', projectTopology());
    const before = scale(['check', '.', '--format', 'json']);
    assert.equal(before.status, 0, before.stderr);
    assert.deepEqual(severities(before)['a.scale.json'], ['async-failover-data-loss:warning', 'unreachable-component:info']);

    write('scale.config.json', '{\n  // the team\'s decisions\n  "rules": { "async-failover-data-loss": "off", "unreachable-component": "error" },\n}\n');
    const after = scale(['check', '.', '--format', 'json']);
    assert.equal(after.status, 1, after.stderr);
    assert.deepEqual(severities(after), { 'a.scale.json': ['unreachable-component:error'], 'svc/b.scale.json': ['unreachable-component:error'] });
  });

  it('a topology\'s own rules win over the configuration, and --rule over both for one run', () => {
    write('scale.config.json', '{ "rules": { "unreachable-component": "error", "async-failover-data-loss": "off" } }');
    write('a.scale.json', projectTopology('"unreachable-component": "warning"'));
    assert.deepEqual(severities(scale(['check', 'a.scale.json', '--format', 'json']))['a.scale.json'], ['unreachable-component:warning']);
    const run = scale(['check', 'a.scale.json', '--format', 'json', '--rule', 'unreachable-component=off', '--rule', 'async-failover-data-loss=error']);
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(severities(run)['a.scale.json'], ['async-failover-data-loss:error']);
  });

  it('the nearest configuration wins; none above the repository root is read', () => {
    writeUnder(path.dirname(repo), 'scale.config.json', '{ "rules": { "unreachable-component": "off", "async-failover-data-loss": "off" } }');
    write('scale.config.json', '{ "rules": { "unreachable-component": "error" } }');
    write('team/scale.config.json', '{ "rules": { "unreachable-component": "warning" } }');
    write('a.scale.json', projectTopology());
    write('team/deep/b.scale.json', projectTopology());
    // From a subfolder too: the search goes up to the repository's root, not only to the working folder.
    for (const cwd of [repo, path.join(repo, 'team')]) {
      const r = scale(['check', repo, '--format', 'json'], cwd);
      const by = Object.fromEntries(json(r).files.map((f) => [path.basename(f.path), f.findings.map((x) => `${x.ruleId}:${x.severity}`)]));
      assert.deepEqual(by, { 'a.scale.json': ['async-failover-data-loss:warning', 'unreachable-component:error'], 'b.scale.json': ['async-failover-data-loss:warning', 'unreachable-component:warning'] }, cwd);
    }
  });

  it('reports a broken configuration as findings in it, with did-you-mean, exits 1, and checks the topologies with what is valid', () => {
    write('scale.config.json', '{\n  "rulez": {},\n  "rules": { "unreachable-component": "off", "capacty": "error" },\n  "seed": -3\n}\n');
    write('a.scale.json', projectTopology());
    const text = scale(['check', '.']);
    assert.equal(text.status, 1, text.stderr);
    assert.deepEqual(text.stdout.split('\n').filter((l) => l.startsWith('scale.config.json')), [
      'scale.config.json:2:3 error schema Unknown property "rulez" in the file; did you mean "rules"?',
      'scale.config.json:3:46 error schema Unknown rule "capacty"; did you mean "capacity"?',
      'scale.config.json:4:11 error schema seed must be at least 0, found -3',
    ]);
    assert.deepEqual(severities(scale(['check', '.', '--format', 'json'])), {
      'scale.config.json': ['schema:error', 'schema:error', 'schema:error'],
      'a.scale.json': ['async-failover-data-loss:warning'],
    });
    // SARIF names the configuration as the location of its findings.
    const sarif = JSON.parse(scale(['check', '.', '--format', 'sarif']).stdout);
    const uris = sarif.runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri);
    assert.deepEqual([...new Set(uris)], ['scale.config.json', 'a.scale.json']);
  });

  it('a configuration that does not read, or that links out of the repository, is one finding and the defaults apply; never a crash', () => {
    write('a.scale.json', projectTopology());
    for (const broken of ['{ "rules": { "unreachable-component": "off" ', '', '[1]']) {
      write('scale.config.json', broken);
      const r = scale(['check', '.', '--format', 'json']);
      assert.equal(r.status, 1, r.stderr);
      assert.equal(r.stderr, '');
      assert.deepEqual(severities(r)['a.scale.json'], ['async-failover-data-loss:warning', 'unreachable-component:info'], broken);
      assert.ok(json(r).files[0]!.findings.length >= 1 && json(r).files[0]!.path === 'scale.config.json', broken);
    }
    fs.rmSync(path.join(repo, 'scale.config.json'));
    writeUnder(path.dirname(repo), 'outside/team.json', '{ "rules": { "unreachable-component": "off" }, "OUTSIDE_KEY": 1 }');
    linkUnder(repo, 'scale.config.json', '../outside/team.json');
    const r = scale(['check', '.']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^scale\.config\.json:1:1 error syntax scale\.config\.json cannot be read: it is a link that leads outside the repository/m);
    assert.doesNotMatch(r.stdout, /OUTSIDE/);
    assert.match(r.stdout, /a\.scale\.json:\d+:\d+ info unreachable-component/);
  });

  it('folder and glob searches leave out what its ignore patterns match; a file named is checked', () => {
    write('scale.config.json', '{ "ignore": ["legacy/**", "**/*.draft.scale.json"] }');
    write('a.scale.json', projectTopology());
    write('legacy/old.scale.json', '{');
    write('svc/new.draft.scale.json', '{');
    const checked = (r: CliRun) => json(r).files.map((f) => f.path);
    assert.deepEqual(checked(scale(['check', '.', '--format', 'json'])), ['a.scale.json']);
    assert.deepEqual(checked(scale(['check', '**/*.scale.json', '--format', 'json'])), ['a.scale.json']);
    const named = scale(['check', 'legacy/old.scale.json', '--format', 'json']);
    assert.equal(named.status, 1);
    assert.deepEqual(checked(named), ['legacy/old.scale.json']);
    const empty = scale(['check', 'legacy']);
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /^scale: No \.scale\.json files in legacy \(1 left out by the ignore patterns of scale\.config\.json\)$/m);
  });

  it('standard input follows the configuration of the file it names, else of the working folder', () => {
    write('scale.config.json', '{ "rules": { "unreachable-component": "error" } }');
    write('team/scale.config.json', '{ "rules": { "unreachable-component": "off" } }');
    const stdin = (args: string[]) => severities(runScale(['check', '-', '--format', 'json', ...args], repo, 60_000, projectTopology()));
    assert.deepEqual(stdin([])['<stdin>'], ['async-failover-data-loss:warning', 'unreachable-component:error']);
    assert.deepEqual(stdin(['--stdin-filename', 'team/x.scale.json'])['team/x.scale.json'], ['async-failover-data-loss:warning']);
  });

  it('scale simulate and scale report run with its seed unless --seed is given; a scenario\'s own seed wins', () => {
    write('a.scale.json', projectTopology());
    const seedOf = (args: string[]) => JSON.parse(scale(['simulate', 'a.scale.json', '--format', 'json', ...args]).stdout).scenarios[0].seed;
    assert.equal(seedOf([]), 1);
    write('scale.config.json', '{ "seed": 42 }');
    assert.equal(seedOf([]), 42);
    assert.equal(seedOf(['--seed', '9']), 9);
    write('a.scale.json', projectTopology().replace('"duration": "20s"', '"duration": "20s", "seed": 5'));
    assert.equal(seedOf([]), 5);
    write('a.scale.json', projectTopology());
    const page = scale(['report', 'a.scale.json']);
    assert.equal(page.status, 0, page.stderr);
    assert.match(page.stdout, /seed 42/);
    // A broken configuration is said on stderr; the command goes on with what is valid in it.
    write('scale.config.json', '{ "seed": 42, "sed": 1 }');
    const r = scale(['simulate', 'a.scale.json', '--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /^scale\.config\.json:1:15 error schema Unknown property "sed" in the file; did you mean "seed"\?$/m);
    assert.equal(JSON.parse(r.stdout).scenarios[0].seed, 42);
  });
});
