/**
 * The packaged extension: what `npm run package` put in scale.vsix (run by
 * `npm run test:e2e` before this suite) — under 3 MB, the bundles, schema,
 * starter template, examples and docs it needs, and no tests, sources or source maps.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const VSIX = process.env.SCALE_E2E_VSIX ?? path.join(ROOT, 'scale.vsix');

describe('the packaged extension (scale.vsix)', () => {
  it('is under 3 MB', () => {
    const size = fs.statSync(VSIX).size;
    assert.ok(size < 3 * 1024 * 1024, `${(size / 1048576).toFixed(2)} MB`);
  });

  it('ships what runs and nothing else', () => {
    // vsce lists the files the .vscodeignore allowlist lets into the package.
    const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'vsce'), ['ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const files = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();
    for (const needed of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'THIRD_PARTY_NOTICES.md', 'dist/extension.js', 'dist/server.js', 'dist/webview.js', 'language-configuration.json', 'syntaxes/scale.tmLanguage.json', 'examples/url-shortener.scale.json', 'templates/starter.scale.json', 'docs/rules/capacity.md', 'media/icon.png']) {
      assert.ok(files.includes(needed), `missing ${needed}: ${files.join(', ')}`);
    }
    const unwanted = files.filter((f) => /\.(ts|map|tsx)$/.test(f) || /^(src|test|scripts|node_modules|webview|out|action)\//.test(f) || f.startsWith('.'));
    assert.deepEqual(unwanted, []);
  });
});
