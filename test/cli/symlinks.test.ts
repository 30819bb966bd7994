/**
 * Symbolic links met by `scale check` run as a process: a link inside the
 * repository that leads out of it is never read (its keys would be echoed into
 * findings and CI annotations), whether a folder walk or a glob reaches it; a
 * link that stays inside is followed; a loop of links ends; a path the user
 * names outside the repository is read.
 */
import { type CliRun, runScale } from '../support/cliProcess';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { linkUnder, topologyQuoting, writeLinkedRepository, writeUnder } from '../support/linkedFolders';

const ROOT = path.resolve(__dirname, '../..');

type Run = CliRun;

// A loop that loops would hang: the timeout turns it into a failure (status null).
const scale = (args: string[], cwd: string): Run => runScale(args, cwd, 20_000);

/** Paths of the files a JSON report covers. */
const checked = (r: Run): string[] => (JSON.parse(r.stdout) as { files: { path: string }[] }).files.map((f) => f.path);

describe('scale check and symbolic links (process)', function () {
  this.timeout(60_000);
  let tmp: string;
  let repo: string;
  const write = (rel: string, content: string) => writeUnder(tmp, rel, content);
  const link = (rel: string, target: string) => linkUnder(tmp, rel, target);

  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'scale-links-')));
    repo = writeLinkedRepository(tmp);
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  for (const [how, args] of [['a folder walk', ['.']], ['a glob', ['**/*.scale.json']]] as const) {
    it(`${how} skips links that lead outside the working folder, with a note on stderr, and ends on loops`, () => {
      for (const format of ['json', 'text', 'github']) {
        const r = scale(['check', ...args, '--format', format], repo);
        assert.equal(r.status, 1, `${format}: ${r.stderr}`);
        assert.doesNotMatch(r.stdout, /OUTSIDE/, format);
        assert.match(r.stderr, /^scale: skipped services\/stolen\.scale\.json: it leads outside /m, format);
        assert.match(r.stderr, /^scale: skipped services\/elsewhere: it leads outside /m, format);
        // Nothing is said of what is not searched (node_modules), nor of what the links lead to.
        assert.doesNotMatch(r.stderr, /OUTSIDE|secret|nested|node_modules/, format);
      }
      // Each file once, under a name without links where it has one.
      assert.deepEqual(checked(scale(['check', ...args, '--format', 'json'], repo)), ['services/api.scale.json', 'shared/common.scale.json', 'top.scale.json']);
    });
  }

  it('follows links that stay inside, from a folder or a glob that would not reach their targets otherwise', () => {
    for (const args of [['services'], ['services/**/*.scale.json']]) {
      const r = scale(['check', ...args, '--format', 'json'], repo);
      assert.equal(r.status, 1, r.stderr);
      const files = checked(r);
      assert.ok(files.includes('services/api.scale.json'), `${args}: ${files}`);
      // The shared file is read once, through one of the two links that lead to it.
      assert.equal(files.filter((f) => f === 'services/common/common.scale.json' || f === 'services/alias.scale.json').length, 1, `${args}: ${files}`);
      assert.doesNotMatch(r.stdout, /OUTSIDE/);
    }
  });

  it('refuses a file named on the command line that is a link inside the working folder leading out of it', () => {
    const r = scale(['check', 'services/stolen.scale.json'], repo);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /services\/stolen\.scale\.json: it leads outside /);
    assert.doesNotMatch(r.stderr, /OUTSIDE/);
    for (const command of ['simulate', 'report']) {
      const s = scale([command, 'services/stolen.scale.json'], repo);
      assert.equal(s.status, 2, command);
      assert.doesNotMatch(s.stdout + s.stderr, /OUTSIDE/, command);
    }
  });

  it('reads a file or folder the user names outside the working folder, but not links out of that folder', () => {
    link('outside/deep/escape.scale.json', '../../repo/top.scale.json');
    let r = scale(['check', '../outside/secret.scale.json'], repo);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /OUTSIDE_FILE/);
    r = scale(['check', '../outside', '--format', 'json'], repo);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(checked(r).map((f) => path.relative(tmp, f)), ['outside/deep/nested.scale.json', 'outside/secret.scale.json']);
    assert.match(r.stderr, /^scale: skipped .*escape\.scale\.json: it leads outside /m);
  });

  it('inside a git repository, the repository is the boundary rather than the working folder', () => {
    write('repo/team/own.scale.json', topologyQuoting('OWN'));
    link('repo/team/up', '../shared');
    fs.mkdirSync(path.join(repo, '.git'));
    const team = path.join(repo, 'team');
    const r = scale(['check', '.', '--format', 'json'], team);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(checked(r), ['own.scale.json', 'up/common.scale.json']);
    assert.equal(r.stderr, '');
    // Without the repository, the working folder is the boundary: the same link leads out of it.
    fs.rmdirSync(path.join(repo, '.git'));
    const w = scale(['check', '.', '--format', 'json'], team);
    assert.deepEqual(checked(w), ['own.scale.json']);
    assert.match(w.stderr, /^scale: skipped up: it leads outside /m);
  });
});
