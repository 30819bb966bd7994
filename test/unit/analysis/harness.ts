/** Helpers for rule tests: small inline topologies, findings of one rule, fixes applied and re-checked. */
import assert from 'node:assert/strict';
import { checkText } from '../../../src/core/check';
import { applyEdits, type Finding } from '../../../src/core/findings';

/** A topology text from components (and optionally other top-level fields), pretty-printed like a user's file. */
export function topology(components: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ version: 1, name: 'test', workload: { peakRps: 1000, readFraction: 0.9 }, components, ...extra }, null, 2);
}

/** The findings of one rule, after checking that the file itself is valid. */
export function findingsOf(ruleId: string, text: string): Finding[] {
  const all = checkText(text).findings;
  const invalid = all.filter((f) => f.ruleId === 'syntax' || f.ruleId === 'schema' || f.ruleId === 'unknown-reference' || f.ruleId === 'import' || f.ruleId === 'internal-error');
  assert.deepEqual(invalid.map((f) => `${f.ruleId}: ${f.message}`), [], 'the fixture itself must be valid');
  return all.filter((f) => f.ruleId === ruleId);
}

/** The text a finding's range covers. */
export function rangeText(text: string, f: Finding | { range: Finding['range'] }): string {
  return text.slice(f.range.offset, f.range.offset + f.range.length);
}

/**
 * Applies every fix of every finding of `ruleId`, one at a time, and checks
 * that the result is a valid file on which that finding is gone. Returns the
 * number of fixes applied.
 */
export function assertEveryFixClears(ruleId: string, text: string): number {
  let applied = 0;
  for (const f of findingsOf(ruleId, text)) {
    for (const fix of f.fixes ?? []) {
      const fixed = applyEdits(text, fix.edits);
      const after = findingsOf(ruleId, fixed);
      const same = after.filter((g) => JSON.stringify(g.path) === JSON.stringify(f.path));
      assert.deepEqual(same.map((g) => g.message), [], `fix "${fix.title}" must clear: ${f.message}\n--- fixed text ---\n${fixed}`);
      applied++;
    }
  }
  return applied;
}
