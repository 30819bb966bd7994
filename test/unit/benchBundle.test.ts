import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleBench } from '../../scripts/benchBundle';

const DEEP = path.resolve(__dirname, '..', 'fixtures', 'bench', 'deep', 'ownFolder.ts');

describe('the bench bundle (scripts/benchBundle.ts)', () => {
  // Regression: the bundle had one __dirname, its own (test/bench), so the webview page of the tests
  // (test/unit/webview/chromiumPage.ts, three folders down) looked for dist/webview.js above the
  // repository, and `npm run bench` crashed in the headroom suite.
  it('a module bundled from another folder still finds files from its own', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-bench-bundle-'));
    try {
      const out = path.join(dir, 'bundle.cjs');
      await bundleBench(DEEP, out);
      const loaded = require(out) as { folder: string; file: string };
      assert.equal(loaded.folder, path.dirname(DEEP));
      assert.equal(loaded.file, DEEP);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
