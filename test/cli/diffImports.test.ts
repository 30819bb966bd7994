/**
 * `scale diff` follows imports, each side as it was, run as a process: two
 * files read their imports beside each of them; in a real git repository
 * each side's imports are read from that side's revision (never from a
 * checkout), and a change to a platform file brings in the designs that
 * import it, whose findings moved with it. The change under review gives the
 * platform's auth-db an automatic failover and a second zone: the single
 * point of failure the platform, social-feed and payments reported is gone.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runScale } from '../support/cliProcess';
import { pagePieces } from '../support/reportPage';
import { git } from '../support/gitRepo';

const ROOT = path.resolve(__dirname, '../..');
const example = (name: string) => fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8');
const PLATFORM = example('platform/platform.scale.json');
const PLATFORM_PATH = 'examples/platform/platform.scale.json';
const SPOF = 'single-point-of-failure';

const scale = (args: string[], cwd: string) => runScale(['diff', ...args], cwd, 120_000);

/** Replaces `from` (which must be there) with `to`. */
function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the text holds ${from}`);
  return text.replace(from, to);
}

/** The platform with auth-db failing over by itself to a replica in a second zone: no longer a single point of failure. */
const fixedPlatform = (text: string) => edit(edit(text, '"failover": { "mode": "manual" }', '"failover": { "mode": "automatic" }'), '"zones": ["us-east-1a"],', '"zones": ["us-east-1a", "us-east-1b"],');

interface JsonRelated { message: string; file?: string; path: (string | number)[]; line: number; column: number }
interface JsonFinding { ruleId: string; severity: string; message: string; path: (string | number)[]; line: number; column: number; related?: JsonRelated[] }
interface JsonFile {
  path: string;
  status: string;
  importsChanged?: string[];
  structure: { file: { path: (string | number)[]; before?: unknown; after?: unknown }[] };
  findings: { introduced: JsonFinding[]; resolved: JsonFinding[]; unchanged: JsonFinding[] };
}

function files(stdout: string): JsonFile[] {
  return (JSON.parse(stdout) as { files: JsonFile[] }).files;
}

/** The line and column (1-based) where `needle` first appears after `after` in `text`. */
function positionOf(text: string, after: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle, text.indexOf(after));
  assert.ok(offset >= 0, needle);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/** Asserts that `file` lost the platform's single point of failure, placed on its import, pointing at auth-db's manual failover in `platformFile` as `platformText` is. */
function assertSpofResolved(file: JsonFile, platformFile: string, platformText: string): void {
  const spof = file.findings.resolved.filter((f) => f.ruleId === SPOF);
  assert.equal(spof.length, 1, `${file.path}: ${JSON.stringify(file.findings.resolved.map((f) => f.message))}`);
  assert.match(spof[0]!.message, /^In "\.\/platform\/platform\.scale\.json" \(auth depends on it\): auth-db is a single point of failure/);
  assert.deepEqual(spof[0]!.path.slice(0, 2), ['components', 'auth-db']);
  const declared = spof[0]!.related![0]!;
  assert.equal(declared.file, platformFile);
  assert.equal(declared.message, 'auth-db in "./platform/platform.scale.json"');
  assert.deepEqual({ line: declared.line, column: declared.column }, positionOf(platformText, '"auth-db": {', '"manual"'));
  assert.equal(file.findings.introduced.filter((f) => f.ruleId === SPOF || f.ruleId === 'import').length, 0, file.path);
}

describe('scale diff follows imports (process)', function () {
  this.timeout(300_000);
  let dir: string;

  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'scale-diff-imports-')));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('two files: each side reads its imports beside its own file', () => {
    const folder = path.join(dir, 'two-files');
    for (const [side, platform] of [['old', PLATFORM], ['new', fixedPlatform(PLATFORM)]] as const) {
      fs.mkdirSync(path.join(folder, side, 'platform'), { recursive: true });
      fs.writeFileSync(path.join(folder, side, 'platform', 'platform.scale.json'), platform);
      fs.writeFileSync(path.join(folder, side, 'social-feed.scale.json'), example('social-feed.scale.json'));
    }
    const r = scale(['old/social-feed.scale.json', 'new/social-feed.scale.json', '--format', 'json'], folder);
    assert.equal(r.status, 0, r.stderr);
    const [d] = files(r.stdout);
    assert.equal(d!.findings.unchanged.filter((f) => f.ruleId === 'import').length, 0, 'the imports are followed on both sides');
    assertSpofResolved(d!, 'old/platform/platform.scale.json', PLATFORM);

    const text = scale(['old/social-feed.scale.json', 'new/social-feed.scale.json'], folder);
    assert.match(text.stdout, /^ {4}- warning single-point-of-failure at 9:25 In "\.\/platform\/platform\.scale\.json"/m);
    assert.match(text.stdout, /^ {8}old\/platform\/platform\.scale\.json:\d+:\d+ auth-db in "\.\/platform\/platform\.scale\.json"$/m);
  });

  describe('in a git repository', () => {
    let repo: string;
    const commit = (message: string) => {
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', message);
    };

    beforeEach(() => {
      repo = fs.mkdtempSync(path.join(dir, 'repo-'));
      git(repo, 'init', '-q');
      fs.mkdirSync(path.join(repo, 'examples', 'platform'), { recursive: true });
      fs.writeFileSync(path.join(repo, PLATFORM_PATH), PLATFORM);
      for (const name of ['social-feed.scale.json', 'payments.scale.json', 'startup.scale.json']) fs.writeFileSync(path.join(repo, 'examples', name), example(name));
      commit('the platform and the designs');
    });

    it('a commit that changes only the platform file reports both importers\' resolved single point of failure, read at each revision', () => {
      fs.writeFileSync(path.join(repo, PLATFORM_PATH), fixedPlatform(PLATFORM));
      commit('auth-db fails over by itself, to a second zone');
      // The working tree goes back to the old platform: a comparison of two revisions does not read it.
      fs.writeFileSync(path.join(repo, PLATFORM_PATH), PLATFORM);

      const r = scale(['--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], repo);
      assert.equal(r.status, 0, r.stderr);
      const compared = files(r.stdout);
      assert.deepEqual(compared.map((f) => [f.path, f.importsChanged]), [
        ['examples/payments.scale.json', [PLATFORM_PATH]],
        [PLATFORM_PATH, undefined],
        ['examples/social-feed.scale.json', [PLATFORM_PATH]],
      ], 'the importers, and not startup, which imports nothing');
      for (const name of ['examples/payments.scale.json', 'examples/social-feed.scale.json']) {
        const file = compared.find((f) => f.path === name)!;
        assert.equal(file.status, 'modified');
        assert.deepEqual(file.structure.file, [], 'the file itself did not change');
        assertSpofResolved(file, PLATFORM_PATH, PLATFORM);
      }
      assert.equal(compared.find((f) => f.path === PLATFORM_PATH)!.findings.resolved.filter((f) => f.ruleId === SPOF).length, 1);

      const text = scale(['--base', 'HEAD~1', '--head', 'HEAD', 'examples/social-feed.scale.json'], repo);
      assert.equal(text.status, 0, text.stderr);
      assert.match(text.stdout, /^examples\/social-feed\.scale\.json \(modified\)\n {2}compared because it imports a file the change touched: examples\/platform\/platform\.scale\.json$/m);
      assert.match(text.stdout, /^ {8}examples\/platform\/platform\.scale\.json:\d+:\d+ auth-db in "\.\/platform\/platform\.scale\.json"$/m);
      assert.doesNotMatch(text.stdout, /^examples\/platform\/platform\.scale\.json \(/m, 'only the paths asked for are compared; the platform they import is anywhere');

      // The comment's text as it renders: Markdown escapes and the word joiners after colons taken out.
      const markdown = scale(['--base', 'HEAD~1', '--head', 'HEAD', '--format', 'markdown'], repo).stdout.replace(/\\(.)/g, '$1').replace(/\u2060/g, '');
      assert.match(markdown, /^### examples\/social-feed\.scale\.json \(modified\)\n\nCompared because it imports a file the change touched: examples\/platform\/platform\.scale\.json\.$/m);
      assert.match(markdown, /^\| resolved \| single-point-of-failure \| warning \| components\.auth-db\.replication\.failover\.mode in examples\/platform\/platform\.scale\.json:\d+:\d+ \|/m);
      const feedSection = markdown.split('\n### ').find((part) => part.startsWith('examples/social-feed.scale.json'))!;
      assert.doesNotMatch(feedSection, /#### The change drawn/, 'nothing of the design itself changed: no diagram to draw');
      assert.match(markdown.split('\n### ').find((part) => part.startsWith('examples/platform/platform.scale.json'))!, /#### The change drawn/);

      const html = scale(['--base', 'HEAD~1', '--head', 'HEAD', '--format', 'html'], repo).stdout;
      const page = pagePieces(html).data as { files: { path: string; notes: string[]; tables: { name: string; rows: { cells: string[] }[] }[] }[] };
      const feed = page.files.find((f) => f.path === 'examples/social-feed.scale.json')!;
      assert.ok(feed.notes.includes('Compared because it imports a file the change touched: examples/platform/platform.scale.json.'), feed.notes.join('\n'));
      const resolved = feed.tables.find((t) => t.name === 'resolved')!.rows.find((row) => row.cells[1] === SPOF)!;
      assert.match(resolved.cells[3]!, /^components\.auth-db\.replication\.failover\.mode in examples\/platform\/platform\.scale\.json:\d+:\d+$/);

      // The working tree as the head: its platform is the old one again, so nothing changed.
      const tree = scale(['--base', 'HEAD~1', '--format', 'json'], repo);
      assert.equal(tree.status, 0, tree.stderr);
      assert.deepEqual(files(tree.stdout), []);
    });

    it('an import that changes which file it names is compared with each side\'s file', () => {
      fs.writeFileSync(path.join(repo, 'examples', 'platform', 'platform-v2.scale.json'), fixedPlatform(PLATFORM));
      fs.writeFileSync(path.join(repo, 'examples', 'social-feed.scale.json'), edit(example('social-feed.scale.json'), '"from": "./platform/platform.scale.json"', '"from": "./platform/platform-v2.scale.json"'));
      commit('social-feed moves to the second platform');
      const r = scale(['--base', 'HEAD~1', '--format', 'json'], repo);
      assert.equal(r.status, 0, r.stderr);
      const compared = files(r.stdout);
      assert.deepEqual(compared.map((f) => f.path), ['examples/platform/platform-v2.scale.json', 'examples/social-feed.scale.json'], 'payments imports the platform, which did not change');
      const feed = compared[1]!;
      assert.deepEqual(feed.structure.file.map((c) => [c.path, (c.before as { from: string }[])[0]!.from, (c.after as { from: string }[])[0]!.from]), [[['imports'], './platform/platform.scale.json', './platform/platform-v2.scale.json']]);
      const resolved = feed.findings.resolved.filter((f) => f.ruleId === SPOF);
      assert.equal(resolved.length, 1);
      assert.equal(resolved[0]!.related![0]!.file, PLATFORM_PATH);
      assert.deepEqual(feed.findings.introduced.filter((f) => f.ruleId === SPOF || f.ruleId === 'import'), []);
    });

    it('a side whose import is missing at its revision gets the import finding on that side only', () => {
      fs.rmSync(path.join(repo, PLATFORM_PATH));
      commit('the platform moves out');
      fs.writeFileSync(path.join(repo, PLATFORM_PATH), PLATFORM);
      commit('the platform is back');
      const r = scale(['--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], repo);
      assert.equal(r.status, 0, r.stderr);
      const compared = files(r.stdout);
      assert.deepEqual(compared.map((f) => [f.path, f.status, f.importsChanged]), [
        ['examples/payments.scale.json', 'modified', [PLATFORM_PATH]],
        [PLATFORM_PATH, 'added', undefined],
        ['examples/social-feed.scale.json', 'modified', [PLATFORM_PATH]],
      ]);
      for (const file of [compared[0]!, compared[2]!]) {
        assert.deepEqual(file.findings.resolved.filter((f) => f.ruleId === 'import').map((f) => f.message), ['Cannot import "./platform/platform.scale.json": there is no such file']);
        assert.deepEqual(file.findings.introduced.filter((f) => f.ruleId === 'import'), []);
        assert.equal(file.findings.introduced.filter((f) => f.ruleId === SPOF).length, 1, 'the platform\'s risk comes back with it');
      }
    });

    it('refuses an import that leads out of the repository, written so or through a link, without reading it', () => {
      const secret = path.join(dir, 'outside.scale.json');
      fs.writeFileSync(secret, JSON.stringify({ version: 1, name: 'OUTSIDE-SECRET', workload: { peakRps: 1 }, components: { auth: { kind: 'service', description: 'OUTSIDE-SECRET' } } }));
      const design = (from: string) => JSON.stringify({ version: 1, name: 'shop', imports: [{ from, components: ['auth'] }], workload: { peakRps: 100 }, components: { users: { kind: 'client', calls: ['auth'] } } }, null, 2);
      fs.writeFileSync(path.join(repo, 'examples', 'up.scale.json'), design(`../${path.relative(repo, secret).split(path.sep).join('/')}`));
      fs.symlinkSync(secret, path.join(repo, 'examples', 'linked.scale.json'));
      fs.writeFileSync(path.join(repo, 'examples', 'through-link.scale.json'), design('./linked.scale.json'));
      fs.symlinkSync('platform.scale.json', path.join(repo, 'examples', 'platform', 'inner-link.scale.json'));
      fs.writeFileSync(path.join(repo, 'examples', 'inner-link.scale.json'), design('./platform/inner-link.scale.json'));
      commit('designs that import through links and from outside');
      const expected = {
        'examples/inner-link.scale.json': 'Cannot import "./platform/inner-link.scale.json": it is a symbolic link at this revision, and links are not followed',
        'examples/through-link.scale.json': 'Cannot import "./linked.scale.json": it is a symbolic link at this revision, and links are not followed',
        'examples/up.scale.json': `Cannot import "../${path.relative(repo, secret).split(path.sep).join('/')}": it is outside the repository, and imports are read only inside it`,
      };
      for (const head of [['--head', 'HEAD'], []]) {
        for (const format of ['json', 'text', 'markdown', 'html']) {
          const r = scale(['--base', 'HEAD~1', ...head, '--format', format], repo);
          assert.equal(r.status, 0, r.stderr);
          assert.doesNotMatch(r.stdout + r.stderr, /OUTSIDE-SECRET/, `${format} ${head.join(' ')}`);
        }
        const compared = files(scale(['--base', 'HEAD~1', ...head, '--format', 'json'], repo).stdout).filter((f) => f.path in expected);
        const side = head.length === 0 ? 'the working tree' : 'HEAD';
        assert.deepEqual(
          Object.fromEntries(compared.map((f) => [f.path, f.findings.introduced.filter((x) => x.ruleId === 'import').map((x) => x.message).join()])),
          head.length === 0 ? Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, v.replace('at this revision', 'in the working tree')])) : expected,
          side,
        );
      }
    });
  });
});
