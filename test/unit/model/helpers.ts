/**
 * Shared helpers of the model tests: small documents, exact ranges of tokens,
 * and compact descriptions of findings for assertion messages.
 */
import assert from 'node:assert/strict';
import { type CheckOptions, type CheckResult, checkText } from '../../../src/core/check';
import { applyEdits, type Finding, type TextRange } from '../../../src/core/findings';
import { LineIndex, type Position } from '../../../src/core/text/lineIndex';

/**
 * The pipeline without the analysis rules (other engineers add rules; these
 * tests are about reading, validation and resolution). Pass `rules` to run some.
 */
export function check(text: string, options: CheckOptions = {}): CheckResult {
  return checkText(text, { rules: [], ...options });
}

/** A minimal valid document around the given components (and extra top-level members, starting with a comma). */
export function doc(components: string, extra = ''): string {
  return `{"version":1,"name":"x","workload":{"peakRps":1},"components":{${components}}${extra}}`;
}

/** The range of the `nth` (0-based) occurrence of `token` in `text`. */
export function rangeOf(text: string, token: string, nth = 0): TextRange {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(token, at + 1);
    if (at < 0) throw new Error(`token ${JSON.stringify(token)} (#${nth}) not found in the fixture`);
  }
  return { offset: at, length: token.length };
}

/** The range of the last occurrence of `token` in `text`. */
export function lastRangeOf(text: string, token: string): TextRange {
  const at = text.lastIndexOf(token);
  if (at < 0) throw new Error(`token ${JSON.stringify(token)} not found in the fixture`);
  return { offset: at, length: token.length };
}

/** Line and UTF-16 character of an offset. */
export function pos(text: string, offset: number): Position {
  return new LineIndex(text).positionAt(offset);
}

/** One line per finding, for assertion messages. */
export function show(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.ruleId} ${f.severity} @${f.range.offset}+${f.range.length}: ${f.message}`).join('\n') || '(no findings)';
}

/** Findings of one rule. */
export function byRule(r: CheckResult, ruleId: string): Finding[] {
  return r.findings.filter((f) => f.ruleId === ruleId);
}

/** Checks `text` and asserts it gives no finding at all. */
export function assertClean(text: string, options?: CheckOptions): CheckResult {
  const r = check(text, options);
  assert.deepEqual(r.findings, [], `expected no findings for ${text.slice(0, 200)}\n${show(r.findings)}`);
  return r;
}

/** Checks `text` and asserts it gives exactly one finding; returns it. */
export function single(text: string, options?: CheckOptions): Finding {
  const r = check(text, options);
  assert.equal(r.findings.length, 1, `expected exactly one finding\n${show(r.findings)}`);
  return r.findings[0]!;
}

/** Asserts a finding's rule, exact range and (optionally) message pattern. */
export function assertFinding(f: Finding | undefined, ruleId: string, range: TextRange, message?: RegExp): void {
  assert.ok(f, `expected a ${ruleId} finding`);
  assert.equal(f.ruleId, ruleId, show([f]));
  assert.deepEqual(f.range, range, show([f]));
  if (message) assert.match(f.message, message);
}

/** The text after applying a finding's first (preferred) fix. */
export function applyFirstFix(text: string, f: Finding): string {
  assert.ok(f.fixes && f.fixes.length > 0, `expected a fix on: ${show([f])}`);
  return applyEdits(text, f.fixes[0]!.edits);
}
