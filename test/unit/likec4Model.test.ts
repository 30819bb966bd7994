/**
 * The anchors bench's LikeC4 model (test/bench/likec4Model.ts): the same
 * seeded graph as the *.scale.json text it is made from — one element per
 * component, one relation per call, every relation between declared
 * elements — in the shape of a .c4 file: a specification of element kinds,
 * then a model.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ANCHOR_ENV, likec4Cli } from '../bench/anchorsBench';
import { DENSE, generateTopology } from '../bench/generateTopology';
import { likec4Kind, likec4Model } from '../bench/likec4Model';

describe('the anchors bench\'s LikeC4 model', () => {
  for (const size of [100, 1000]) {
    it(`holds the generated topology's ${size} components and its ~1.5 calls per component, as a specification and a model`, () => {
      const text = generateTopology(size, DENSE);
      const components = JSON.parse(text).components as Record<string, { kind: string; calls?: (string | { to: string })[] }>;
      const c4 = likec4Model(text);
      const spec = /^specification \{\n((?: {2}element \S+\n)+)\}\n\nmodel \{\n([\s\S]*)\n\}\n$/m.exec(c4);
      assert.ok(spec, c4.slice(0, 400));
      const kinds = spec[1]!.trim().split('\n').map((l) => l.trim().replace(/^element /, ''));
      assert.deepEqual(kinds, [...new Set(Object.values(components).map((c) => likec4Kind(c.kind)))]);
      const body = spec[2]!.split('\n').map((l) => l.trim());
      const elements = body.filter((l) => l.includes(' = ')).map((l) => /^([a-z][\w-]*) = (\S+) '([^']*)'$/.exec(l));
      const relations = body.filter((l) => l.includes(' -> ')).map((l) => /^([a-z][\w-]*) -> ([a-z][\w-]*)$/.exec(l));
      assert.equal(elements.length + relations.length, body.length, 'nothing but elements and relations');
      assert.ok(elements.every(Boolean) && relations.every(Boolean));
      // One element per component, of its kind, titled with its id.
      assert.deepEqual(elements.map((m) => [m![1], m![2], m![3]]), Object.entries(components).map(([id, c]) => [id, likec4Kind(c.kind), id]));
      // One relation per call, each between declared elements.
      const calls = Object.entries(components).flatMap(([id, c]) => (c.calls ?? []).map((to) => `${id}>${typeof to === 'string' ? to : to.to}`));
      assert.deepEqual(relations.map((m) => `${m![1]}>${m![2]}`), calls);
      const declared = new Set(elements.map((m) => m![1]));
      assert.ok(relations.every((m) => declared.has(m![1]!) && declared.has(m![2]!)));
      assert.ok(relations.length >= 1.5 * elements.length && relations.length < 1.52 * elements.length, `${relations.length} relations, ${elements.length} elements`);
    });
  }

  it('names no element kind as a word of LikeC4\'s grammar', () => {
    assert.equal(likec4Kind('queue'), 'scale_queue');
    assert.match(likec4Model(generateTopology(100, DENSE)), /^ {2}element scale_queue$/m);
  });
});

describe('npm run bench -- anchors', () => {
  it('finds LikeC4\'s CLI in the folder the environment names, itself or its node_modules/.bin, and says why not when it is not there', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-anchors-'));
    try {
      assert.deepEqual(likec4Cli({}), { missing: `${ANCHOR_ENV} is not set` });
      assert.match((likec4Cli({ [ANCHOR_ENV]: dir }) as { missing: string }).missing, /holds no likec4/);
      fs.mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'node_modules', '.bin', 'likec4'), '');
      assert.deepEqual(likec4Cli({ [ANCHOR_ENV]: dir }), { cli: path.join(dir, 'node_modules', '.bin', 'likec4') });
      assert.deepEqual(likec4Cli({ [ANCHOR_ENV]: path.join(dir, 'node_modules', '.bin') }), { cli: path.join(dir, 'node_modules', '.bin', 'likec4') });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without LikeC4, says how to enable it and exits 0', function () {
    this.timeout(60_000);
    const root = path.resolve(__dirname, '../..');
    const env = { ...process.env };
    delete env[ANCHOR_ENV];
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/run.ts', 'anchors'], { cwd: root, env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /anchors: skipped \(SCALE_ANCHOR_LIKEC4 is not set\)/);
    assert.match(r.stdout, /npm install likec4\n\s+SCALE_ANCHOR_LIKEC4=\S+ npm run bench -- anchors/);
    assert.match(r.stdout, /0\/0 budgets met/);
  });
});
