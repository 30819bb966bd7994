/**
 * Imports across files through the CLI, run as a process: `scale check
 * examples/` reports the platform's single point of failure on the designs
 * that import it, with a related location in the platform file, in every
 * format; an import that leads out of the repository (written so, or through
 * a link) is refused without reading the file; `simulate` refuses a design
 * whose import fails rather than run it without the imported parts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runScale } from '../support/cliProcess';

const ROOT = path.resolve(__dirname, '../..');

interface JsonRelated { message: string; file?: string; path: (string | number)[]; startLine: number; startColumn: number }
interface JsonFinding { ruleId: string; severity: string; message: string; startLine: number; startColumn: number; related?: JsonRelated[] }

describe('scale check, simulate and report follow imports (process)', function () {
  this.timeout(120_000);

  it('reports the platform\'s single point of failure on both importing examples, with a related location in the platform file', () => {
    const r = runScale(['check', 'examples/', '--format', 'json'], ROOT);
    assert.equal(r.status, 1, r.stderr);
    const files = (JSON.parse(r.stdout) as { files: { path: string; findings: JsonFinding[] }[] }).files;
    const platformText = fs.readFileSync(path.join(ROOT, 'examples/platform/platform.scale.json'), 'utf8').split('\n');
    for (const name of ['examples/payments.scale.json', 'examples/social-feed.scale.json']) {
      const file = files.find((f) => f.path === name)!;
      const spof = file.findings.filter((f) => f.ruleId === 'single-point-of-failure');
      assert.equal(spof.length, 1, name);
      const [f] = spof;
      assert.match(f!.message, /^In "\.\/platform\/platform\.scale\.json" \(auth depends on it\): auth-db is a single point of failure/);
      const line = fs.readFileSync(path.join(ROOT, name), 'utf8').split('\n')[f!.startLine - 1]!;
      assert.equal(line.slice(f!.startColumn - 1).startsWith('"./platform/platform.scale.json"'), true, `${name}: on the import's from`);
      const declared = f!.related![0]!;
      assert.equal(declared.file, 'examples/platform/platform.scale.json');
      assert.equal(declared.message, 'auth-db in "./platform/platform.scale.json"');
      // Where the rule places it in the platform's own check: the manual failover.
      assert.equal(platformText[declared.startLine - 1]!.slice(declared.startColumn - 1).startsWith('"manual"'), true, platformText[declared.startLine - 1]);
    }
    // The platform's own check reports it once, in its own file.
    assert.equal(files.find((f) => f.path === 'examples/platform/platform.scale.json')!.findings.filter((f) => f.ruleId === 'single-point-of-failure').length, 1);
  });

  it('names the platform file in the text format and in SARIF\'s related locations', () => {
    const text = runScale(['check', 'examples/social-feed.scale.json'], ROOT);
    assert.match(text.stdout, /^examples\/social-feed\.scale\.json:\d+:\d+ warning single-point-of-failure In "\.\/platform\/platform\.scale\.json"/m);
    assert.match(text.stdout, /^ {4}examples\/platform\/platform\.scale\.json:\d+:\d+ auth-db in "\.\/platform\/platform\.scale\.json"$/m);
    // The README quotes these lines as they are printed.
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const quoted = text.stdout.split('\n').filter((l) => /single-point-of-failure|auth-db in|depend on auth-db/.test(l));
    assert.equal(quoted.length, 3);
    assert.ok(readme.includes(quoted.join('\n')), `README.md does not quote:\n${quoted.join('\n')}`);
    const sarif = JSON.parse(runScale(['check', 'examples/social-feed.scale.json', '--format', 'sarif'], ROOT).stdout);
    const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'single-point-of-failure');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'examples/social-feed.scale.json');
    assert.equal(result.relatedLocations[0].physicalLocation.artifactLocation.uri, 'examples/platform/platform.scale.json');
    assert.equal(result.relatedLocations[0].message.text, 'auth-db in "./platform/platform.scale.json"');
  });

  describe('in a repository of its own', () => {
    let tmp: string;
    let repo: string;
    const design = (from: string) => JSON.stringify({
      version: 1, name: 'shop', imports: [{ from, components: ['auth'] }],
      workload: { peakRps: 100 }, components: { users: { kind: 'client', calls: ['auth'] } },
      scenarios: [{ name: 'auth dies', faults: [{ at: '10s', kill: 'auth' }] }],
    });
    const secret = JSON.stringify({ version: 1, name: 'OUTSIDE-SECRET', workload: { peakRps: 1 }, components: { auth: { kind: 'service', description: 'OUTSIDE-SECRET' } } });

    beforeEach(() => {
      tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'scale-imports-')));
      repo = path.join(tmp, 'repo');
      fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
      fs.mkdirSync(path.join(repo, 'designs'));
      fs.writeFileSync(path.join(tmp, 'outside.scale.json'), secret);
    });
    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it('refuses an import that leads out of the repository, written so or through a link, without reading it', () => {
      fs.writeFileSync(path.join(repo, 'designs/up.scale.json'), design('../../outside.scale.json'));
      fs.symlinkSync(path.join(tmp, 'outside.scale.json'), path.join(repo, 'designs/linked.scale.json'));
      fs.writeFileSync(path.join(repo, 'designs/through-link.scale.json'), design('./linked.scale.json'));
      for (const format of ['json', 'text', 'github', 'sarif']) {
        const r = runScale(['check', 'designs/up.scale.json', 'designs/through-link.scale.json', '--format', format], repo);
        assert.equal(r.status, 1, r.stderr);
        assert.doesNotMatch(r.stdout + r.stderr, /OUTSIDE-SECRET/, format);
      }
      const files = JSON.parse(runScale(['check', 'designs/up.scale.json', 'designs/through-link.scale.json', '--format', 'json'], repo).stdout).files as { findings: JsonFinding[] }[];
      // In the order of their paths: designs/through-link, designs/up.
      assert.deepEqual(files.map((f) => f.findings.filter((x) => x.ruleId === 'import').map((x) => x.message)), [
        ['Cannot import "./linked.scale.json": it is a link to a file outside the repository, and imports are read only inside it'],
        ['Cannot import "../../outside.scale.json": it is outside the repository, and imports are read only inside it'],
      ]);
    });

    it('simulate and report refuse a design whose import fails, instead of running it without the imported parts', () => {
      fs.writeFileSync(path.join(repo, 'designs/missing.scale.json'), design('./platform.scale.json'));
      const sim = runScale(['simulate', 'designs/missing.scale.json'], repo);
      assert.equal(sim.status, 2, sim.stdout);
      assert.match(sim.stderr, /does not validate, so it cannot be simulated/);
      assert.match(sim.stderr, /import Cannot import "\.\/platform\.scale\.json": there is no such file/);
    });

    it('simulates the imported parts with the design\'s workload', () => {
      fs.writeFileSync(path.join(repo, 'designs/platform.scale.json'), JSON.stringify({
        version: 1, name: 'platform', workload: { peakRps: 1 },
        components: { auth: { kind: 'service', instances: 2, zones: ['a', 'b'], capacity: { rps: 100 } } },
      }));
      fs.writeFileSync(path.join(repo, 'designs/shop.scale.json'), design('./platform.scale.json'));
      const sim = runScale(['simulate', 'designs/shop.scale.json', '--format', 'json'], repo);
      assert.equal(sim.status, 0, sim.stderr);
      const [result] = JSON.parse(sim.stdout).scenarios;
      assert.equal(result.capacity.peakRps, 100);
      assert.ok(result.capacity.tiers.some((c: { component: string; utilization: number }) => c.component === 'auth' && c.utilization === 0.5), JSON.stringify(result.capacity));
    });
  });
});
