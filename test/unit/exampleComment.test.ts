/**
 * The README's example pull-request comment is what `scale diff` writes for
 * its change today (run `npm run generate` when this fails), and the change
 * is the one it says: two more app servers and a cache in front of db.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { exampleComment, README_PATH, readmeText } from '../../scripts/exampleChange';
import pkg from '../../package.json';

describe('the README\'s example PR comment', () => {
  it('is generated from the example change, as it stands (run `npm run generate` when this fails)', () => {
    const current = fs.readFileSync(README_PATH, 'utf8');
    assert.equal(readmeText(current, pkg.version), current);
  });

  it('shows the change: the instances, the cache, the capacity errors resolved and the ceiling moved', () => {
    const comment = exampleComment(pkg.version);
    assert.match(comment, /^<!-- scale-diff -->\n/);
    assert.match(comment, /instances 3 → 5/);
    assert.match(comment, /db-cache|db\\-cache/);
    assert.match(comment, /\| resolved \| capacity \| error \| components\\\.app\\\.capacity\\\.rps \|/);
    assert.match(comment, /\| resolved \| capacity \| error \| components\\\.db\\\.capacity\\\.rps \|/);
    assert.match(comment, /ceiling 1\\,500 rps \\\(db\\\) → 2\\,551 rps \\\(app\\\)/);
    assert.match(comment, /```mermaid\n/);
  });
});
