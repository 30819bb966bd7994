/**
 * What `scale check` leaves out of the folders and globs it searches, run as
 * a process in a git repository: what git ignores (`.gitignore` files at the
 * root and in subfolders, negations included, and `.git/info/exclude`),
 * `node_modules` and `.git`, and the `ignore` patterns of
 * `scale.config.json`: one list. git itself is the oracle for the first part.
 * A file named on the command line is checked all the same, with a note.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CliRun, runScale } from '../support/cliProcess';
import { writeUnder } from '../support/linkedFolders';
import { projectTopology } from '../support/projectTopology';

/** Paths of the files a JSON report covers. */
const checked = (r: CliRun): string[] => (JSON.parse(r.stdout) as { files: { path: string }[] }).files.map((f) => f.path);

describe('scale check and ignored files (process)', function () {
  this.timeout(60_000);
  let repo: string;
  const write = (rel: string, content = projectTopology()) => writeUnder(repo, rel, content);
  const scale = (args: string[], cwd = repo): CliRun => runScale(args, cwd);

  /** The topologies git sees as untracked and not ignored, as `git ls-files` lists them. */
  const gitSees = (cwd = repo): string[] => {
    const r = spawnSync('git', ['ls-files', '--others', '--exclude-standard', '-z', '--', '*.scale.json'], { cwd, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.split('\0').filter(Boolean).sort();
  };

  beforeEach(() => {
    repo = path.join(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'scale-ignored-'))), 'repo');
    fs.mkdirSync(repo);
    const init = spawnSync('git', ['init', '--quiet'], { cwd: repo, encoding: 'utf8' });
    assert.equal(init.status, 0, init.stderr);
    write('.gitignore', '# build output\nbuild/\n*.draft.scale.json\n!keep.draft.scale.json\n/top-only.scale.json\n');
    write('.git/info/exclude', 'scratch.scale.json\n');
    write('svc/.gitignore', 'local/\n!*.draft.scale.json\ngenerated.scale.json\n');
    write('a.scale.json');
    write('keep.draft.scale.json');
    write('top-only.scale.json');
    write('b.draft.scale.json', '{');
    write('scratch.scale.json', '{');
    write('build/out.scale.json', '{');
    write('build/deep/more.scale.json', '{');
    write('svc/api.scale.json');
    write('svc/top-only.scale.json');
    write('svc/c.draft.scale.json');
    write('svc/generated.scale.json', '{');
    write('svc/local/mine.scale.json', '{');
    write('svc/deep/generated.scale.json', '{');
    write('legacy/old.scale.json', '{');
    write('node_modules/dep/x.scale.json', '{');
  });
  afterEach(() => fs.rmSync(path.dirname(repo), { recursive: true, force: true }));

  it('leaves out of folder and glob searches what git ignores, node_modules and the ignore patterns of scale.config.json', () => {
    const expected = ['a.scale.json', 'keep.draft.scale.json', 'svc/api.scale.json', 'svc/c.draft.scale.json', 'svc/top-only.scale.json'];
    // git agrees on what it ignores; node_modules and legacy/ are left out by Scale's own part of the list.
    assert.deepEqual(gitSees().filter((f) => !f.startsWith('node_modules/') && !f.startsWith('legacy/')), expected);
    write('scale.config.json', '{ "ignore": ["legacy/**"] }');
    for (const args of [['.'], ['**/*.scale.json'], [repo]]) {
      const r = scale(['check', ...args, '--format', 'json']);
      assert.equal(r.status, 0, `${args}: ${r.stderr}`);
      assert.deepEqual(checked(r), expected, String(args));
      assert.equal(r.stderr, '', String(args));
    }
    // From a subfolder, the .gitignore files above it still apply.
    const sub = scale(['check', '.', '--format', 'json'], path.join(repo, 'svc'));
    assert.deepEqual(checked(sub), ['api.scale.json', 'c.draft.scale.json', 'top-only.scale.json']);
  });

  it('checks a file named on the command line all the same, with a note that searches leave it out', () => {
    write('scale.config.json', '{ "ignore": ["legacy/**"] }');
    const r = scale(['check', 'build/out.scale.json', 'legacy/old.scale.json', 'a.scale.json', '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(checked(r), ['a.scale.json', 'build/out.scale.json', 'legacy/old.scale.json']);
    assert.equal(
      r.stderr,
      'scale: build/out.scale.json is checked because it is named, though .gitignore leaves it out of searches\n'
        + 'scale: legacy/old.scale.json is checked because it is named, though the ignore patterns of scale.config.json leave it out of searches\n',
    );
  });

  it('says how many files were left out when a folder holds none to check', () => {
    const r = scale(['check', 'build']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^scale: No \.scale\.json files in build \(1 left out by \.gitignore\)$/m);
    write('scale.config.json', '{ "ignore": ["legacy/**", "svc/api.scale.json"] }');
    const svc = scale(['check', 'legacy', 'svc/api.scale.json']);
    assert.match(svc.stderr, /^scale: No \.scale\.json files in legacy \(1 left out by the ignore patterns of scale\.config\.json\)$/m);
  });

  it('agrees with git when .gitignore leaves out a whole folder', () => {
    write('.gitignore', 'svc/\n');
    assert.deepEqual(gitSees().filter((f) => !f.startsWith('node_modules/')), checked(scale(['check', '.', '--format', 'json', '--fail-on', 'none'])));
  });
});
