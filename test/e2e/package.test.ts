/**
 * The packaged extension: what `npm run package` put in scale.vsix (run by
 * `npm run test:e2e` before this suite) — under 3 MB, the bundles, schema,
 * starter template, examples and docs it needs, and no tests, sources or
 * source maps; and `npm run package` itself, run again into a temporary
 * folder: no warning from vsce, and a README whose links work on the
 * Marketplace.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { removeTempDir, tempDir } from './processes';

const ROOT = path.resolve(__dirname, '../..');
const VSIX = process.env.SCALE_E2E_VSIX ?? path.join(ROOT, 'scale.vsix');
const VSCE = path.join(ROOT, 'node_modules', '.bin', 'vsce');
/** Where package.json says the code is: vsce points the README's relative links there. */
const REPOSITORY = 'https://github.com/scale-tools/scale';

describe('the packaged extension (scale.vsix)', () => {
  it('is under 3 MB', () => {
    const size = fs.statSync(VSIX).size;
    assert.ok(size < 3 * 1024 * 1024, `${(size / 1048576).toFixed(2)} MB`);
  });

  it('ships what runs and nothing else', () => {
    // vsce lists the files the .vscodeignore allowlist lets into the package.
    const r = spawnSync(VSCE, ['ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const files = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();
    for (const needed of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'THIRD_PARTY_NOTICES.md', 'dist/extension.js', 'dist/server.js', 'dist/webview.js', 'language-configuration.json', 'syntaxes/scale.tmLanguage.json', 'examples/url-shortener.scale.json', 'examples/platform/platform.scale.json', 'templates/starter.scale.json', 'docs/rules/capacity.md', 'media/icon.png']) {
      assert.ok(files.includes(needed), `missing ${needed}: ${files.join(', ')}`);
    }
    // The README's images are read from the repository (see below), not shipped.
    const unwanted = files.filter((f) => /\.(ts|map|tsx)$/.test(f) || /^(src|test|scripts|node_modules|webview|out|action|docs\/images)\//.test(f) || f.startsWith('.'));
    assert.deepEqual(unwanted, []);
  });
});

describe('npm run package', function () {
  // vsce runs the production build (vscode:prepublish) before it packs.
  this.timeout(300_000);
  let work: string;
  let output: string;
  let status: number | null;
  let readme: string;

  before(() => {
    work = tempDir('vsix');
    const out = path.join(work, 'scale.vsix');
    // The package script's own arguments, with the package written to the temporary folder.
    const [tool, ...args] = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.package as string).split(/\s+/);
    assert.equal(tool, 'vsce');
    const at = args.indexOf('--out');
    if (at >= 0) args.splice(at, 2);
    const r = spawnSync(VSCE, [...args, '--out', out], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    status = r.status;
    output = `${r.stdout}\n${r.stderr}`;
    const unzip = spawnSync('unzip', ['-p', out, 'extension/readme.md'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    readme = unzip.status === 0 ? unzip.stdout : '';
  });

  after(() => {
    if (work) removeTempDir(work);
  });

  it('packages without a warning from vsce', () => {
    assert.equal(status, 0, output);
    // vsce's warnings start " WARNING " (or "::warning::" under GitHub Actions).
    assert.deepEqual(output.split('\n').filter((l) => /WARNING|::warning/i.test(l)), [], output);
  });

  it('points the README\'s relative links and images at the repository, and leaves its code blocks as written', function () {
    if (!readme) this.skip(); // unzip is not installed
    const source = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const targets = [...readme.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    assert.ok(targets.length > 10);
    assert.deepEqual(targets.filter((t) => !/^(https:\/\/|#)/.test(t)), [], 'links the Marketplace cannot follow');
    assert.ok(targets.some((t) => t === `${REPOSITORY}/blob/HEAD/docs/format.md`), 'docs/format.md on GitHub');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    for (const image of images) assert.match(image, new RegExp(`^${REPOSITORY}/raw/HEAD/docs/images/[\\w-]+\\.png$`));
    // GitHub issue linking would turn a Mermaid entity such as "#40;" into a link inside the example comment's diagram.
    const blocks = (text: string) => [...text.matchAll(/^```[\s\S]*?^```/gm)].map((m) => m[0]);
    assert.deepEqual(blocks(readme), blocks(source));
  });
});
