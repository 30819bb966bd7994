import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateTopology } from '../bench/generateTopology';

const ROOT = path.resolve(__dirname, '../..');
/** What may survive of a check let go: the caches that outlive one on purpose (the scenario runs of the last few topologies). */
const SURVIVING = 0.03;

describe('a check let go', () => {
  // Regression: each check of a 500-component design kept ~18% of what it made (its topology, syntax tree and load
  // model) through minor collections, by a rule context with a getter of its own and memos in WeakMaps keyed by the
  // topology: copied through the young generation and promoted, it made each minor collection take 6-8 ms instead of
  // ~1, about a fifth of the pipeline's time; only a full collection freed it.
  it('is freed by one minor collection, all but the caches kept on purpose', function () {
    this.timeout(60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-gc-'));
    try {
      const file = path.join(dir, 'generated.scale.json');
      // An objective on the entry point, so that the availability and latency models are made too.
      const objective = '  "slos": [{ "entry": "web", "availability": 0.99, "p99": "10s" }],\n  "components": {';
      fs.writeFileSync(file, generateTopology(500).replace('  "components": {', objective));
      const run = spawnSync(process.execPath, ['--expose-gc', '--no-concurrent-recompilation', '--min-semi-space-size=64', '--import', 'tsx', 'test/support/minorCollection.ts', file], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const { allocated, survived } = (JSON.parse(run.stdout) as Record<string, { allocated: number; survived: number }>)[file]!;
      assert.ok(allocated > 1_000_000, `the check made ${allocated} bytes: too few to judge`);
      assert.ok(survived < allocated * SURVIVING, `${survived} of the ${allocated} bytes the check made survived a minor collection`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
