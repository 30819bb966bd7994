/**
 * THIRD_PARTY_NOTICES.md: generated from the bundles' esbuild metafiles, and
 * fails here when a dependency starts or stops being bundled, or changes
 * version, until `npm run generate` is run; elkjs's EPL-2.0 notice is kept.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NOTICES_PATH, packageDirOf, thirdPartyNoticesText } from '../../scripts/thirdPartyNotices';

const ROOT = path.resolve(__dirname, '..', '..');

describe('third-party notices', function () {
  // Every shipped bundle is built (in memory) to read its metafile.
  this.timeout(180_000);
  let generated: string;
  before(async () => {
    generated = await thirdPartyNoticesText();
  });

  it('are what npm run generate writes from the current bundles (run it when this fails)', () => {
    assert.ok(fs.readFileSync(NOTICES_PATH, 'utf8') === generated, `${path.basename(NOTICES_PATH)} is stale: run \`npm run generate\` and commit it`);
  });

  it('list each bundled package with its licence and licence text, and the bundles that carry it', () => {
    const section = (name: string) => new RegExp(`^## ${name.replace(/[/.]/g, '\\$&')} \\d[^\\n]*\\n\\n- Licence: ([^\\n]+)\\n(?:- Source: https://[^\\n]+\\n)?- Bundled into: ([^\\n]+)\\n\\n[\\s\\S]*?\`\`\`text\\n([\\s\\S]*?)\\n\`\`\``, 'm').exec(generated);
    // The language client in the extension, the server's JSON service, the webview's components, the Action's toolkit.
    for (const [name, licence, bundle] of [['vscode-languageclient', 'MIT', 'dist/extension.js'], ['vscode-json-languageservice', 'MIT', 'dist/server.js'], ['lit-html', 'BSD-3-Clause', 'dist/webview.js'], ['@actions/core', 'MIT', 'action/index.js'], ['zod', 'MIT', 'dist/cli-commands.js']] as const) {
      const m = section(name);
      assert.ok(m, `no notice of ${name}`);
      assert.equal(m[1], licence, name);
      assert.ok(m[2]!.includes(`\`${bundle}\``), `${name} in ${m[2]}`);
      assert.match(m[3]!, /copyright/i, `${name}'s licence text has its copyright line`);
    }
  });

  it('keep elkjs\'s EPL-2.0 notice and say where its source code is', () => {
    const elk = /^## elkjs [\s\S]*?(?=^## |(?![\s\S]))/m.exec(generated)?.[0] ?? '';
    assert.match(elk, /used under EPL-2\.0/);
    assert.match(elk, /source code is available from https:\/\/github\.com\/kieler\/elkjs and in its npm package, https:\/\/www\.npmjs\.com\/package\/elkjs\/v\/\d/);
    assert.match(elk, /# Eclipse Public License - v 2\.0/);
    // The layout runs in the webview's worker and in scale report.
    assert.match(elk, /- Bundled into: `dist\/cli-elk\.js`, `dist\/webview\.js`/);
  });

  it('name no path of the machine they were generated on', () => {
    assert.ok(!generated.includes(ROOT), 'the project folder');
    assert.doesNotMatch(generated, /node_modules|\/home\/|\/Users\/|[A-Z]:\\/);
  });

  it('find a bundled file\'s package by its last node_modules folder, scoped or not', () => {
    assert.equal(packageDirOf('node_modules/elkjs/lib/elk.bundled.js'), 'node_modules/elkjs');
    assert.equal(packageDirOf('../shared/node_modules/@actions/github/node_modules/undici/lib/fetch/index.js'), '../shared/node_modules/@actions/github/node_modules/undici');
    assert.equal(packageDirOf('node_modules/@lit/reactive-element/reactive-element.js'), 'node_modules/@lit/reactive-element');
    assert.equal(packageDirOf('src/core/check.ts'), undefined);
  });
});
