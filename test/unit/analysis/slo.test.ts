import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../../src/core/check';
import { findingsOf, rangeText, topology } from './harness';

const FIXTURES = path.resolve(__dirname, '../../fixtures/slo');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

describe('slo', () => {
  it('reports the objectives of a design that cannot meet them, at their values, with what costs the most', () => {
    const text = fixture('unmet.scale.json');
    const found = findingsOf('slo', text);
    assert.deepEqual(found.map((f) => [f.path.join('.'), rangeText(text, f), f.severity]), [['slos.0.availability', '0.9999', 'warning'], ['slos.0.p99', '"100ms"', 'warning']]);
    const [availability, p99] = found;
    // One balancer instance and one database node, each 99.93%: about an hour of downtime a month.
    assert.equal(availability!.message, 'Requests entering at web are answered 99.86% of the time (60 min of downtime a month), short of the SLO\'s 99.99% (4.3 min): lb\'s failures account for the most of it, 49.9% (without them: 99.93%, 0.3 nines more); then db (49.9%), api (0.18%)');
    assert.deepEqual(availability!.data, { availability: 0.99861, target: 0.9999, downtimeMinutesPerMonth: 60.0457, nines: 2.857, costliest: 'lb', costliestShare: 0.498925 });
    assert.deepEqual(availability!.related!.map((r) => [r.message, rangeText(text, r)]), [['where the requests enter', '"web"'], ['lb costs 49.9% of the downtime', '"lb"']]);
    assert.match(p99!.message, /^The p99 of requests entering at web is 10\d ms, over the SLO's 100 ms: api's own time costs the most of it, [56]\d(\.\d)? ms \(the p99 without it: 4\d(\.\d)? ms\); lb declares no latency, counted as 0$/);
    assert.equal(p99!.data!.costliest, 'api');
  });

  it('reports nothing for a design that meets its objectives', () => {
    assert.deepEqual(findingsOf('slo', fixture('met.scale.json')), []);
  });

  it('finds nothing without objectives', () => {
    const text = fixture('unmet.scale.json').replace(/"slos": \[[\s\S]*?\],\n/, '');
    assert.doesNotMatch(text, /"slos"/);
    assert.deepEqual(findingsOf('slo', text), []);
  });

  it('judges reads and writes apart when asked, and says which components are past saturation', () => {
    const text = topology({
      web: { kind: 'client', calls: ['api'] },
      api: { kind: 'service', instances: 2, capacity: { rps: 400, latency: '10ms' }, calls: [{ to: 'db', op: 'write' }] },
      db: { kind: 'database', capacity: { rps: 50, latency: '5ms' } },
    }, { slos: [{ entry: 'web', op: 'read', p99: '100ms' }, { entry: 'web', op: 'write', p99: '100ms' }] });
    // 1,000 rps: 900 reads on api (at 112%: saturated too), 100 writes to db (at 200%).
    const found = findingsOf('slo', text);
    assert.deepEqual(found.map((f) => f.path.join('.')), ['slos.0.p99', 'slos.1.p99']);
    assert.match(found[0]!.message, /^Reads entering at web have no p99: api is at or past saturation at peak/);
    assert.match(found[1]!.message, /^Writes entering at web have no p99: api and db are at or past saturation at peak/);
  });

  it('reports an entry that names no component as an unknown reference, and an objective without a target as a schema finding', () => {
    const text = topology({ web: { kind: 'client', calls: ['api'] }, api: { kind: 'service' } }, { slos: [{ entry: 'wbe', availability: 0.99 }] });
    const refs = checkText(text).findings.filter((f) => f.ruleId === 'unknown-reference' || f.ruleId === 'slo');
    assert.deepEqual(refs.map((f) => [f.ruleId, f.path.join('.'), f.fixes?.[0]?.title]), [['unknown-reference', 'slos.0.entry', 'Change to "web"']]);
    const none = topology({ web: { kind: 'client', calls: ['api'] }, api: { kind: 'service' } }, { slos: [{ entry: 'web' }] });
    const r = checkText(none);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'schema').map((f) => [f.path.join('.'), f.message]), [['slos.0', 'An SLO needs an objective: "availability", "p50" or "p99"']]);
    assert.ok(r.topology, 'the rest of the file is analysed');
  });
});
