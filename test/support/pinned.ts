/**
 * Outputs pinned in a golden JSON file, one test per case: each case's output
 * must equal the one pinned under its name. With UPDATE_GOLDEN=1 the cases
 * are run and the file is written again instead (review the change).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { REPO_ROOT } from './exampleImports';

/**
 * A SHA-256 digest of a value's JSON, with the repository's path written as
 * "<repository>": findings name the files they read (an import's) by absolute
 * path, which differs between checkouts.
 */
export function digestOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value).replaceAll(JSON.stringify(REPO_ROOT).slice(1, -1), '<repository>')).digest('hex');
}

/** Registers, inside a mocha `describe`, one test per case that compares its output with the one pinned in `golden`; `what` ends each test's title. */
export function pinnedCases<T>(golden: string, cases: ReadonlyMap<string, () => T>, what: string): void {
  const update = process.env.UPDATE_GOLDEN === '1';
  const expected: Record<string, T> = update || !fs.existsSync(golden) ? {} : JSON.parse(fs.readFileSync(golden, 'utf8'));
  const actual: Record<string, T> = {};
  after(() => {
    if (update) fs.writeFileSync(golden, `${JSON.stringify(actual, null, 2)}\n`);
  });
  for (const [name, run] of cases) {
    it(`${name}: ${what}`, () => {
      actual[name] = run();
      if (update) return;
      assert.ok(expected[name], `${name} is not pinned in ${golden}: run with UPDATE_GOLDEN=1`);
      assert.deepEqual(actual[name], expected[name]);
    });
  }
}
