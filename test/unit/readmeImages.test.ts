/**
 * The README's images (docs/images/): taken by the end-to-end suites in a
 * real VS Code (`npm run screenshots`), never drawn by hand, and each one
 * shown by the README.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const IMAGES = path.join(ROOT, 'docs', 'images');

describe('the README\'s images', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const shown = [...readme.matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g)].map((m) => ({ alt: m[1]!, src: m[2]! }));
  const suites = fs.readdirSync(path.join(ROOT, 'test', 'e2e')).filter((f) => f.endsWith('.test.ts')).map((f) => fs.readFileSync(path.join(ROOT, 'test', 'e2e', f), 'utf8')).join('\n');

  it('show the diagram beside the editor and the simulation panel', () => {
    const srcs = shown.map((i) => i.src);
    assert.ok(srcs.some((s) => /diagram/.test(s)) && srcs.some((s) => /simulation/.test(s)), `the README shows ${srcs.join(', ') || 'no image'}`);
  });

  it('are PNGs in docs/images that an end-to-end suite takes, each described', () => {
    for (const { alt, src } of shown) {
      const name = /^docs\/images\/([\w-]+)\.png$/.exec(src)?.[1];
      assert.ok(name, `${src} is not a PNG of docs/images/ (vsce points relative images at the repository)`);
      const png = fs.readFileSync(path.join(ROOT, src));
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', src);
      assert.ok(suites.includes(`readmeImage('${name}'`), `no end-to-end suite takes ${name}: it would not be refreshed by npm run screenshots`);
      assert.ok(alt.length > 20, `${src} needs a description for readers who cannot see it`);
    }
  });

  it('are all shown: docs/images holds nothing the README does not use', () => {
    const files = fs.existsSync(IMAGES) ? fs.readdirSync(IMAGES).map((f) => `docs/images/${f}`) : [];
    assert.deepEqual(files.filter((f) => !shown.some((i) => i.src === f)), []);
  });
});
