/**
 * Run in a fresh process by test/unit/gcRelease.test.ts (node --expose-gc
 * --no-concurrent-recompilation --min-semi-space-size=64 --import tsx): checks
 * each text given as a path in argv, lets the result go, and says which of what
 * the check made is still held after one minor collection.
 *
 * A check's data is young when it is let go (the young generation is large
 * enough here that no collection runs inside a check), so a minor collection
 * frees it all unless something old points at it. That happened: a rule
 * context made per check with its own `get load()` (V8 keeps what an own
 * accessor's function holds alive through minor collections), and memos in
 * WeakMaps keyed by the topology (V8's minor collector keeps a WeakMap's values
 * while their key is young). Each check's data was then copied through the young
 * generation and promoted, and only a full collection freed it.
 */
import * as fs from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import { checkText, scenarioBudgetFindings } from '../../src/core/check';

const gc = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc!;

/** Bytes in use in the young generation. */
function young(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_used_size;
}

/** A check whose result is let go, its load model read, and the file's scenario budgets judged apart (as the language server does). */
function check(text: string): void {
  void checkText(text).load;
  scenarioBudgetFindings(text);
}

async function main(): Promise<void> {
  const out: Record<string, { allocated: number; survived: number }> = {};
  for (const file of process.argv.slice(2)) {
    const text = fs.readFileSync(file, 'utf8');
    // Five times first, so that what the first runs make once per process (compiled code, its feedback, the caches' entries) is made.
    for (let i = 0; i < 5; i++) check(text);
    gc();
    gc({ type: 'minor' });
    const before = young();
    check(text);
    const allocated = young() - before;
    // Past the job that made it, as a server's next request would be.
    await new Promise((resolve) => setImmediate(resolve));
    gc({ type: 'minor' });
    out[file] = { allocated, survived: young() - before };
  }
  process.stdout.write(JSON.stringify(out));
}
void main();
