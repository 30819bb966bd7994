import assert from 'node:assert/strict';
import { findingsOf, rangeText, topology } from './harness';

const file = (mode: string, expect: Record<string, unknown>) => topology({
  web: { kind: 'client', calls: ['db'] },
  db: { kind: 'database', replication: { mode, replicas: 2, lag: { p50: '50ms', p99: '200ms' }, failover: { mode: 'automatic', detection: '5s', promotion: '2s' } } },
}, { workload: { peakRps: 10_000, readFraction: 0.5 }, scenarios: [{ name: 'primary dies', faults: [{ at: '10s', kill: 'db' }], expect }] });

describe('scenario-budget', () => {
  it('reports a violated budget at its value, with the measured figure, related to the scenario', () => {
    const text = file('async', { lostWrites: 0, writeDowntime: '30s' });
    const fs = findingsOf('scenario-budget', text);
    assert.equal(fs.length, 1, fs.map((f) => f.message).join('\n'));
    const [f] = fs;
    assert.equal(f!.severity, 'error');
    assert.deepEqual(f!.path, ['scenarios', 0, 'expect', 'lostWrites']);
    assert.equal(rangeText(text, f!), '0');
    assert.match(f!.message, /^Scenario "primary dies": /);
    assert.ok(Number(f!.data!.measured) > 0);
    assert.equal(rangeText(text, f!.related![0]!), '"primary dies"');
  });

  it('is quiet when every budget holds (semi-sync loses nothing; 7 s of downtime is within 30 s)', () => {
    assert.deepEqual(findingsOf('scenario-budget', file('semiSync', { lostWrites: 0, writeDowntime: '30s' })), []);
  });

  it('follows every edit, whether or not the run is reused: lines moved above keep it at its value; a changed topology runs again', () => {
    const text = file('async', { lostWrites: 0, writeDowntime: '30s' });
    const before = findingsOf('scenario-budget', text);
    // The same topology, its lines moved and a description added: the same finding, at the budget's new place.
    const moved = text.replace('{', '{\n  "description": "moved down two lines",\n');
    const after = findingsOf('scenario-budget', moved);
    assert.deepEqual(after.map((f) => f.message), before.map((f) => f.message));
    assert.equal(rangeText(moved, after[0]!), '0');
    assert.notEqual(after[0]!.range.offset, before[0]!.range.offset);
    // Changed where the run looks: semi-sync loses nothing, a looser budget holds.
    assert.deepEqual(findingsOf('scenario-budget', file('semiSync', { lostWrites: 0, writeDowntime: '30s' })), []);
    assert.deepEqual(findingsOf('scenario-budget', file('async', { lostWrites: 1_000_000, writeDowntime: '30s' })), []);
    assert.deepEqual(findingsOf('scenario-budget', text).map((f) => f.message), before.map((f) => f.message));
  });

  it('is deterministic: the same file gives the same findings', () => {
    const text = file('async', { lostWrites: 0, writeDowntime: '1s' });
    assert.deepEqual(findingsOf('scenario-budget', text), findingsOf('scenario-budget', text));
  });
});
