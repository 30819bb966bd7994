/** FindingCap: the first findings by position are kept as they arrive; past them, findings are counted and never built. */
import assert from 'node:assert/strict';
import { FindingCap } from '../../../src/core/findingCap';
import type { Finding, Severity } from '../../../src/core/findings';

function finding(offset: number, ruleId = 'capacity', severity: Severity = 'warning', message = `at ${offset}`): Finding {
  return { ruleId, severity, message, path: [], range: { offset, length: 1 } };
}

describe('FindingCap', () => {
  it('keeps the first `limit` by position whatever the order they arrive in, and counts the rest', () => {
    const cap = new FindingCap(3);
    for (const o of [50, 10, 40, 30, 20, 60]) cap.add(finding(o));
    const r = cap.result();
    assert.deepEqual(r.findings.map((f) => f.range.offset), [10, 20, 30]);
    assert.equal(r.omitted, 3);
  });

  it('once full, admits nothing that starts past the last kept one, and counts what it refuses', () => {
    const cap = new FindingCap(2);
    for (const o of [1, 2, 3, 4]) cap.add(finding(o));
    // Holding twice the cap, it sorted: offset 2 is the last that can be kept.
    assert.equal(cap.admits('capacity', 3), false);
    assert.equal(cap.admits('schema', 9, 5), false);
    assert.equal(cap.admits('capacity', 2), true);
    assert.equal(cap.admits('capacity', 0), true);
    assert.deepEqual(cap.result(), { findings: [finding(1), finding(2)], omitted: 2 + 1 + 5 });
  });

  it('a finding at the last kept offset still competes: by severity, then rule id, then message', () => {
    const cap = new FindingCap(2);
    for (const o of [1, 5, 6, 7]) cap.add(finding(o));
    cap.add(finding(5, 'capacity', 'error'));
    assert.deepEqual(cap.result().findings.map((f) => [f.range.offset, f.severity]), [[1, 'warning'], [5, 'error']]);
  });

  it('applies the settings: "off" drops and is not counted, a severity replaces the rule\'s, the file\'s win', () => {
    const cap = new FindingCap(10, new Map([['hot-key', 'off'], ['capacity', 'error'], ['unreachable-component', 'off']] as const));
    cap.add(finding(1, 'hot-key'));
    assert.equal(cap.admits('hot-key', 0), false);
    cap.add(finding(2, 'capacity'));
    cap.useFileSettings(new Map([['unreachable-component', 'info']]));
    cap.add(finding(3, 'unreachable-component', 'info'));
    // Rules that cannot be configured keep their severity.
    const strict = new FindingCap(10, new Map([['schema', 'off']] as never));
    strict.add(finding(4, 'schema', 'error'));
    assert.deepEqual(cap.result(), { findings: [finding(2, 'capacity', 'error'), finding(3, 'unreachable-component', 'info')], omitted: 0 });
    assert.deepEqual(strict.result().findings, [finding(4, 'schema', 'error')]);
    assert.equal(cap.built, 2);
  });
});
