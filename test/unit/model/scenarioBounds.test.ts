/** The bounds on a file's scenarios and faults: the first one past each bound is reported, the rest are not simulated. */
import assert from 'node:assert/strict';
import { MAX_FAULTS, MAX_FAULTS_PER_SCENARIO, MAX_SCENARIOS } from '../../../src/core/model/schema';
import { check, show } from './helpers';

/** A file with a service and a database, and the given scenarios. */
function withScenarios(scenarios: unknown[]): string {
  return JSON.stringify({
    version: 1, name: 'x', workload: { peakRps: 100 },
    components: { web: { kind: 'client', calls: ['api'] }, api: { kind: 'service', instances: 3 } },
    scenarios,
  }, null, 1);
}

const kills = (n: number) => Array.from({ length: n }, (_, i) => ({ at: `${i}s`, kill: `api#${i % 3}` }));

/** The text a finding's range covers. */
function rangeTextOf(text: string, f: { range: { offset: number; length: number } }): string {
  return text.slice(f.range.offset, f.range.offset + f.range.length);
}

describe('scenario bounds', () => {
  it(`${MAX_SCENARIOS} scenarios are within the bound; the next one is reported at its range, and it and those after it are left out`, () => {
    const at = check(withScenarios(Array.from({ length: MAX_SCENARIOS }, (_, i) => ({ name: `s${i}` }))));
    assert.deepEqual(at.findings, [], show(at.findings));
    assert.equal(at.topology!.scenarios.length, MAX_SCENARIOS);

    const text = withScenarios(Array.from({ length: 500 }, (_, i) => ({ name: `s${i}` })));
    const r = check(text);
    assert.equal(r.findings.length, 1, show(r.findings));
    const f = r.findings[0]!;
    assert.equal(f.ruleId, 'schema');
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.path, ['scenarios', MAX_SCENARIOS]);
    assert.equal(JSON.parse(rangeTextOf(text, f)).name, `s${MAX_SCENARIOS}`);
    assert.equal(f.message, 'The file declares 500 scenarios; at most 100 are checked and simulated: this one and the 399 after it are not');
    assert.deepEqual(r.topology!.scenarios.map((s) => s.index), Array.from({ length: MAX_SCENARIOS }, (_, i) => i));
  });

  it(`a scenario's faults past ${MAX_FAULTS_PER_SCENARIO}: the first of them is reported, and none of them is simulated`, () => {
    const text = withScenarios([{ name: 'ok', faults: kills(MAX_FAULTS_PER_SCENARIO) }, { name: 'many', faults: kills(60) }]);
    const r = check(text);
    assert.equal(r.findings.length, 1, show(r.findings));
    const f = r.findings[0]!;
    assert.deepEqual(f.path, ['scenarios', 1, 'faults', MAX_FAULTS_PER_SCENARIO]);
    assert.deepEqual(JSON.parse(rangeTextOf(text, f)), kills(60)[MAX_FAULTS_PER_SCENARIO]);
    assert.equal(f.message, 'Scenario "many" has 60 faults; at most 50 per scenario are simulated: this one and the 9 after it are not');
    assert.deepEqual(r.topology!.scenarios.map((s) => s.faults.length), [MAX_FAULTS_PER_SCENARIO, MAX_FAULTS_PER_SCENARIO]);
  });

  it(`the file's faults past ${MAX_FAULTS}: reported at the first of them; that scenario and those after it are left out`, () => {
    const per = MAX_FAULTS_PER_SCENARIO;
    const full = MAX_FAULTS / per;
    const text = withScenarios(Array.from({ length: full + 3 }, (_, i) => ({ name: `s${i}`, faults: kills(per) })));
    const r = check(text);
    assert.equal(r.findings.length, 1, show(r.findings));
    const f = r.findings[0]!;
    assert.deepEqual(f.path, ['scenarios', full, 'faults', 0]);
    assert.equal(f.message, 'The scenarios\' faults pass 500 per file here: this scenario and the 2 after it are not simulated');
    assert.equal(r.topology!.scenarios.length, full);
  });
});
