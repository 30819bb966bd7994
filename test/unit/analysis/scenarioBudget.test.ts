import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHECK_EVENT_BUDGET, checkScenarioRuns } from '../../../src/core/analysis/rules/scenarioBudget';
import { checkText, scenarioBudgetFindings, scenarioBudgetsDue } from '../../../src/core/check';
import { MAX_SCENARIOS } from '../../../src/core/model/schema';
import { DEFAULT_EVENT_BUDGET, runAllScenarios } from '../../../src/core/scenario/index';
import { EXAMPLES, exampleFiles, topologyOf } from '../sim/scenarioHelpers';
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

  it('does not judge budgets on a file with errors that change the system (a dangling call): it says they were not simulated', () => {
    // The edge to "cache" names nothing: a simulation would run a system without it, and report on that one.
    const text = topology({
      web: { kind: 'client', calls: ['db', 'cache\n'] },
      db: { kind: 'database', replication: { mode: 'async', replicas: 2, lag: { p50: '50ms', p99: '200ms' }, failover: { mode: 'automatic', detection: '5s', promotion: '2s' } } },
    }, { workload: { peakRps: 10_000, readFraction: 0.5 }, scenarios: [{ name: 'primary dies', faults: [{ at: '10s', kill: 'db' }], expect: { lostWrites: 0 } }] });
    const result = checkText(text);
    assert.ok(result.findings.some((f) => f.ruleId === 'unknown-reference' && f.severity === 'error'));
    const budgets = result.findings.filter((f) => f.ruleId === 'scenario-budget');
    assert.equal(budgets.length, 1, budgets.map((f) => f.message).join('\n'));
    assert.equal(budgets[0]!.severity, 'info');
    assert.match(budgets[0]!.message, /not simulated: the file has 1 error/);
    assert.deepEqual(budgets[0]!.path, ['scenarios']);
    // The language server's off-thread run follows the same rule.
    assert.equal(scenarioBudgetsDue(checkText(text, { scenarioBudgets: false })), false);
    assert.deepEqual(scenarioBudgetFindings(text), []);
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

  // Regression: every scenario ran with its own 100,000 events inside each check, so
  // 500 scenarios made scale check take ~10 s (and blocked the language server ~7 s on
  // every edit); a year at 10^9 rps took ~5 s. A check now simulates at most the first
  // 100 scenarios, sharing one event budget.
  describe('bounded work per check', () => {
    const lb = (scenarios: unknown[], peakRps = 1000) => topology({
      web: { kind: 'client', calls: ['lb'] },
      lb: { kind: 'loadBalancer', instances: 2, healthCheck: { interval: '2s', timeout: '500ms' }, calls: ['api'] },
      api: { kind: 'service', instances: 4, capacity: { rps: 1e9, latency: '20ms' }, calls: ['db'] },
      db: { kind: 'database', replication: { mode: 'async', replicas: 2, failover: { mode: 'automatic' } }, sharding: { strategy: 'consistentHash', shards: 16, vnodes: 160 } },
    }, { workload: { peakRps, readFraction: 0.9 }, scenarios });
    const kinds = (i: number) => [
      { name: `api dies ${i}`, faults: [{ at: '10s', kill: 'api#1' }], expect: { failedRequests: 0 } },
      { name: `db dies ${i}`, faults: [{ at: '10s', kill: 'db' }], expect: { lostWrites: 0 } },
      { name: `reshard ${i}`, faults: [{ at: '1s', addShards: { target: 'db', count: 1 + i } }], expect: { keysMovedFraction: 0 } },
    ][i % 3];

    it('500 scenarios: the first 100 run within the check\'s event budget, and a violation measured on a sample says so', function () {
      this.timeout(60_000);
      const text = lb(Array.from({ length: 500 }, (_, i) => kinds(i)));
      const runs = checkScenarioRuns(checkText(text).topology!);
      assert.equal(runs.length, MAX_SCENARIOS);
      const events = runs.reduce((n, r) => n + r.events, 0);
      const used = runs.reduce((n, r) => n + r.budgetShare!.used, 0);
      // Each scenario is held to its share of what is left, and a simulation to twice its budget.
      assert.ok(events <= used && used <= 2 * CHECK_EVENT_BUDGET, `${events} events, ${used} work`);
      assert.ok(runs.every((r) => r.budgetShare!.total === CHECK_EVENT_BUDGET && r.budgetShare!.scenarios === MAX_SCENARIOS));
      const findings = checkText(text).findings;
      const sampled = findings.filter((f) => f.ruleId === 'scenario-budget' && f.data?.sampleRate !== undefined);
      assert.ok(sampled.length > 0, findings.map((f) => f.message).join('\n'));
      assert.match(sampled[0]!.message, /; sampled, [\d.e-]+% of the events simulated \(a check simulates 300,000 events for its 100 scenarios, [\d,]+ for this one; scale simulate runs it in full\)$/);
      assert.ok(Number(sampled[0]!.data!.eventBudget) < DEFAULT_EVENT_BUDGET);
      assert.ok(findings.some((f) => f.ruleId === 'schema' && f.path.join() === `scenarios,${MAX_SCENARIOS}`));
    });

    it('a year at 10^9 rps: bounded by events, sampled, and the violation says so', () => {
      const text = lb([{ name: 'a year', duration: '365d', faults: [{ at: '30s', kill: 'db' }, { at: '20s', slow: 'api#3', latency: '5s', duration: '60s' }], expect: { failedRequests: 0 } }], 1e9);
      const runs = checkScenarioRuns(checkText(text).topology!);
      assert.ok(runs[0]!.events <= 2 * DEFAULT_EVENT_BUDGET, `${runs[0]!.events} events`);
      const [f] = findingsOf('scenario-budget', text);
      assert.match(f!.message, /failedRequests: measured [\d,]+, budget 0 - violated; sampled, [\d.e-]+% of the events simulated$/);
    });

    it('100 scenarios each changing the shard count: their rings share the check\'s budget, with fewer vnodes, and say so', function () {
      this.timeout(60_000);
      const text = lb(Array.from({ length: MAX_SCENARIOS }, (_, i) => ({ name: `reshard ${i}`, faults: [{ at: '1s', addShards: { target: 'db', count: 100 + i } }] })));
      const runs = checkScenarioRuns(checkText(text).topology!);
      // Alone, each would build rings of 16 and 116 + i shards x 160 vnodes: 21,000 points and more, about
      // 2 million in all. Counted as work at 2 points an event, they share the check's budget with the events.
      const used = runs.reduce((n, r) => n + r.budgetShare!.used, 0);
      assert.ok(used <= 2 * CHECK_EVENT_BUDGET, `${used} work`);
      const cut = runs.filter((r) => r.notes.some((n) => /was measured with \d+ vnodes per shard \(work bound\)/.test(n)));
      assert.ok(cut.length > MAX_SCENARIOS / 2, `${cut.length} scenarios measured with fewer vnodes`);
      assert.ok(runs.every((r) => r.shardChanges[0]!.keysMovedFraction > 0));
    });

    it('the examples run in full within a check: the same results as scale simulate gives', function () {
      this.timeout(60_000);
      for (const name of exampleFiles()) {
        const t = topologyOf(fs.readFileSync(path.join(EXAMPLES, name), 'utf8'), path.join(EXAMPLES, name));
        const strip = (rs: object[]) => rs.map((r) => ({ ...r, budgetShare: undefined }));
        assert.deepEqual(strip(checkScenarioRuns(t)), strip(runAllScenarios(t)), name);
      }
    });
  });
});
