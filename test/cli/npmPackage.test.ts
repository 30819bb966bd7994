/**
 * The npm package as users get it: `npm pack` on a copy of the project (its
 * `prepare` script builds the bundles, as on publish), the tarball installed
 * into an empty project outside the repository, and the commands the README
 * gives run there through npx.
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
/** The package name the README tells users to run with npx. */
const NAME = 'scale-topology';
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs npm or npx (scripts on Windows, hence the shell there) and returns its
 * output. npx may only run what is installed: were the package's bin missing,
 * it would otherwise fetch whatever the registry has under that name.
 */
function npm(command: 'npm' | 'npx', args: string[], cwd: string): Run {
  const options: SpawnSyncOptions = {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false', npm_config_yes: 'false' },
    maxBuffer: 64 * 1024 * 1024,
    shell: process.platform === 'win32',
  };
  const r = spawnSync(command, args, options);
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** The project as a fresh clone has it: tracked and untracked files that git does not ignore. */
function copyProject(to: string): void {
  const r = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, `git ls-files: ${r.stderr}`);
  for (const rel of r.stdout.split('\0').filter(Boolean)) {
    const from = path.join(ROOT, rel);
    if (!fs.existsSync(from)) continue; // deleted in the working tree, not yet committed
    fs.mkdirSync(path.join(to, path.dirname(rel)), { recursive: true });
    fs.copyFileSync(from, path.join(to, rel));
  }
  // The build needs the development dependencies; the packed files never include them.
  fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(to, 'node_modules'), 'junction');
}

describe('the npm package (packed, installed into an empty project)', function () {
  this.timeout(240_000);
  let work: string;
  let packed: { name: string; filename: string; files: { path: string }[] };
  let project: string;
  let install: Run;

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-npm-'));
    const source = path.join(work, 'source');
    copyProject(source);
    const pack = npm('npm', ['pack', '--json', '--pack-destination', work], source);
    assert.equal(pack.status, 0, `npm pack failed:\n${pack.stderr}`);
    [packed] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[')));

    project = path.join(work, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'design-review', version: '1.0.0', private: true }));
    install = npm('npm', ['install', path.join(work, packed.filename), '--prefer-offline', '--no-audit', '--no-fund'], project);
  });

  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it(`is named ${NAME}, the name the README runs with npx`, () => {
    assert.equal(packed.name, NAME);
  });

  it('packs the CLI\'s modules and the language server bundle with their third-party notices, the schemas, the docs, the examples and the changelog, and nothing else', () => {
    const listed = (dir: string, ext: string) => fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith(ext)).map((f) => `${dir}/${f}`);
    const expected = [
      'CHANGELOG.md', 'LICENSE', 'README.md', 'THIRD_PARTY_NOTICES.md', 'package.json', 'bin/scale.js', 'bin/compileCache.js',
      'dist/cli.js', 'dist/cli-commands.js', 'dist/cli-elk.js', 'dist/report.js', 'dist/server.js',
      'schemas/scale.schema.json', 'schemas/scale.config.schema.json', 'docs/availability.md', 'docs/config.md', 'docs/diff.md', 'docs/editors.md', 'docs/format.md', 'docs/headroom.md', 'docs/latency.md',
      ...listed('docs/rules', '.md'), ...listed('examples', '.scale.json'), ...listed('examples/platform', '.scale.json'),
    ].sort();
    assert.deepEqual(packed.files.map((f) => f.path).sort(), expected);
  });

  it('packs minified bundles without source maps', () => {
    const dist = path.join(project, 'node_modules', NAME, 'dist');
    for (const file of fs.readdirSync(dist).filter((f) => /^cli.*\.js$/.test(f))) {
      const cli = fs.readFileSync(path.join(dist, file), 'utf8');
      assert.doesNotMatch(cli, /sourceMappingURL/, file);
      assert.ok(cli.split('\n').length < 1000, `dist/${file} has ${cli.split('\n').length} lines: not the production build`);
    }
  });

  it('installs without pulling in any other package: the bundles carry what they run', () => {
    assert.equal(install.status, 0, install.stderr);
    const installed = fs.readdirSync(path.join(project, 'node_modules')).filter((f) => !f.startsWith('.'));
    assert.deepEqual(installed, [NAME]);
  });

  it(`runs \`npx ${NAME} check\` on a topology in a project outside the repository`, () => {
    fs.mkdirSync(path.join(project, 'designs'));
    fs.copyFileSync(path.join(ROOT, 'examples', 'url-shortener.scale.json'), path.join(project, 'designs', 'shortener.scale.json'));
    // A glob, which the bundled file walker matches without any package beside it.
    const r = npm('npx', [NAME, 'check', 'designs/**/*.scale.json', '--fail-on', 'error'], project);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^designs\/shortener\.scale\.json:\d+:\d+ info async-failover-data-loss /);
    // A failing file fails the run, as CI relies on.
    fs.writeFileSync(path.join(project, 'broken.scale.json'), '{ "version": 1, "name": "x" }');
    const failing = npm('npx', [NAME, 'check', 'broken.scale.json'], project);
    assert.equal(failing.status, 1, failing.stderr);
    assert.match(failing.stdout, /broken\.scale\.json:1:1 error schema/);
  });

  it(`prints its version with \`npx ${NAME} --version\``, () => {
    const r = npm('npx', [NAME, '--version'], project);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), pkg.version);
  });

  it('installs the `scale` command too, whose report writes a page with its script', () => {
    fs.copyFileSync(path.join(ROOT, 'examples', 'startup.scale.json'), path.join(project, 'startup.scale.json'));
    const r = npm('npx', ['scale', 'report', 'startup.scale.json', '-o', 'startup.html'], project);
    assert.equal(r.status, 0, r.stderr);
    assert.match(fs.readFileSync(path.join(project, 'startup.html'), 'utf8'), /id="report-data"/);
  });

  it('writes the HTML page of `scale diff` with the same script', () => {
    fs.copyFileSync(path.join(ROOT, 'examples', 'startup.scale.json'), path.join(project, 'before.scale.json'));
    fs.writeFileSync(path.join(project, 'after.scale.json'), fs.readFileSync(path.join(ROOT, 'examples', 'startup.scale.json'), 'utf8').replace('"instances": 3', '"instances": 4'));
    const r = npm('npx', ['scale', 'diff', 'before.scale.json', 'after.scale.json', '--format', 'html', '-o', 'diff.html'], project);
    assert.equal(r.status, 0, r.stderr);
    assert.match(fs.readFileSync(path.join(project, 'diff.html'), 'utf8'), /id="report-data">\{"kind":"diff"/);
  });
});

describe('the docs run the package by its name', () => {
  it('never tell users to run `npx scale`, which fetches an unrelated package of that name', () => {
    const texts = ['README.md', 'docs', 'media', 'src', 'examples']
      .flatMap((p) => (fs.statSync(path.join(ROOT, p)).isDirectory() ? fs.readdirSync(path.join(ROOT, p), { recursive: true, encoding: 'utf8' }).map((f) => path.join(p, f)) : [p]))
      .filter((f) => /\.(md|ts|json)$/.test(f));
    const offending = texts.flatMap((f) => fs.readFileSync(path.join(ROOT, f), 'utf8').split('\n')
      .flatMap((line, i) => (/\bnpx +scale(?![\w-])/.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])));
    assert.deepEqual(offending, []);
  });
});
