/**
 * Recovery objectives per store (RTO from the failover, RPO from the
 * replication mode and lag), the failure figures a file declares, and what
 * the availability model says of the examples.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { availabilityOf, COSTS_WORK, MONTH_MS, PATH_WORK } from '../../../src/core/availability/availability';
import { DEFAULT_MANUAL_FAILOVER_MS, DEFAULT_NODE } from '../../../src/core/availability/failureFigures';
import { MAX_PIVOTS } from '../../../src/core/availability/pathPlan';
import { checkText } from '../../../src/core/check';
import { componentMarkdown } from '../../../src/core/service/languageService';
import { EXAMPLES_DIR, importsOf } from '../../support/exampleImports';
import { DENSE, generateTopology } from '../../bench/generateTopology';

function checked(file: Record<string, unknown>) {
  return checkText(JSON.stringify({ version: 1, name: 't', workload: { peakRps: 1000, readFraction: 0.5 }, ...file }), { rules: [] });
}

function modelOf(file: Record<string, unknown>) {
  const r = checked(file);
  return availabilityOf(r.topology!, r.load!);
}

describe('recovery objectives per store', () => {
  const components = {
    users: { kind: 'client', calls: ['auto', 'manual', 'lossless', 'lone', 'kv'] },
    auto: { kind: 'database', replication: { mode: 'async', replicas: 1, lag: { p50: '5ms', p99: '80ms' }, failover: { mode: 'automatic', detection: '8s', promotion: '4s' } } },
    manual: { kind: 'database', replication: { mode: 'semiSync', replicas: 2, failover: { mode: 'manual' } } },
    lossless: { kind: 'database', replication: { mode: 'sync', replicas: 2, failover: { mode: 'automatic' } } },
    lone: { kind: 'database' },
    kv: { kind: 'database', replication: { topology: 'leaderless', replicas: 2, quorum: { n: 3, r: 1, w: 1 } } },
  };

  it('gives each store its RTO and RPO from its failover, replication mode and lag', () => {
    const stores = new Map(modelOf({ components }).stores().map((s) => [s.id, s]));
    assert.deepEqual([...stores.keys()], ['auto', 'manual', 'lossless', 'lone', 'kv']);
    const auto = stores.get('auto')!;
    assert.deepEqual([auto.rtoMs, auto.rto, auto.rpoMs, auto.rpo, auto.lagAssumed], [12_000, 'failover', 80, 'lag', false]);
    // 500 writes/s on the one primary, about the mean lag's worth of them lost per failover.
    assert.ok(auto.lostWritesPerFailover > 2 && auto.lostWritesPerFailover < 500 * 0.08, String(auto.lostWritesPerFailover));
    const manual = stores.get('manual')!;
    assert.deepEqual([manual.rtoMs, manual.rto, manual.rpoMs, manual.rpo, manual.lostWritesPerFailover], [DEFAULT_MANUAL_FAILOVER_MS, 'manual failover', 0, 'semiSync', 0]);
    const lossless = stores.get('lossless')!;
    assert.deepEqual([lossless.rtoMs, lossless.rto, lossless.rpoMs, lossless.rpo], [15_000, 'failover', 0, 'sync']);
    const lone = stores.get('lone')!;
    assert.deepEqual([lone.rtoMs, lone.rto, lone.rpoMs, lone.rpo], [DEFAULT_NODE.mttr, 'repair', undefined, 'no replica']);
    const kv = stores.get('kv')!;
    assert.deepEqual([kv.rtoMs, kv.rto, kv.rpoMs, kv.rpo, kv.lagAssumed], [0, 'quorum', 100, 'lag', true]);
  });

  it('reads a component\'s own failure figures over the file\'s, and its declared availability as a whole', () => {
    const m = modelOf({
      reliability: { node: { mtbf: '10d', mttr: '1h' } },
      components: { users: { kind: 'client', calls: ['a', 'b', 'c'] }, a: { kind: 'service' }, b: { kind: 'service', reliability: { mttr: '2h' } }, c: { kind: 'service', reliability: { availability: 0.999 } } },
    });
    const day = 24 * 3_600_000;
    const expected = (10 * day) / (10 * day + 3_600_000) * ((10 * day) / (10 * day + 7_200_000)) * 0.999;
    assert.ok(Math.abs(m.path('users').availability - expected) < 1e-12);
    assert.ok(Math.abs(m.path('users').downtimePerMonthMs - (1 - expected) * MONTH_MS) < 1e-3);
  });

  it('refuses a component\'s availability given with its nodes\' figures, and analyses a file whose reliability block does not read', () => {
    const both = checked({ components: { users: { kind: 'client', calls: ['a'] }, a: { kind: 'service', reliability: { availability: 0.99, mtbf: '1d' } } } });
    assert.deepEqual(both.findings.map((f) => [f.ruleId, f.path.join('.')]), [['schema', 'components.a.reliability.availability']]);
    const broken = checked({ reliability: { node: { mtbf: 0 } }, components: { users: { kind: 'client', calls: ['a'] }, a: { kind: 'service' } } });
    assert.deepEqual(broken.findings.filter((f) => f.severity === 'error').map((f) => f.path.join('.')), ['reliability.node.mtbf']);
    assert.ok(broken.topology, 'the rest of the file is analysed, with the default figures');
  });
});

describe('availability past its bounds', () => {
  it('says how much probability the zone states it left out hold, when more zones than it sums over are reached', () => {
    const zones = Array.from({ length: 12 }, (_, i) => `z${i}`);
    const m = modelOf({ components: { users: { kind: 'client', calls: ['api'] }, api: { kind: 'service', instances: 12, zones } } });
    const p = m.path('users');
    // 12 zones: every state with up to 2 down is summed (79 states); 3 or more down at once are left out.
    assert.ok(p.unexplored > 0 && p.unexplored < 1e-6, String(p.unexplored));
    assert.deepEqual(p.approximated, []);
  });

  it('names the shared components it took as independent past the pivots it conditions on', () => {
    const stores = Array.from({ length: MAX_PIVOTS + 2 }, (_, i) => `db${i}`);
    const components: Record<string, unknown> = { users: { kind: 'client', calls: ['a', 'b'] }, a: { kind: 'service', calls: stores }, b: { kind: 'service', calls: stores } };
    for (const id of stores) components[id] = { kind: 'database' };
    const p = modelOf({ components }).path('users');
    assert.equal(p.approximated.length, 2);
    assert.equal(p.unexplored, 0);
  });

  // Regression: on a 2,000-component design the entry point's figures took ~20 s and what costs it ~1 min (the joint
  // outcomes were conditioned on past the work bound, and every cost recomputed at any price): a hover asks for both.
  it('what costs an entry point of a 2,000-component design: within the work allowed, the rest said as estimates', () => {
    const r = checkText(generateTopology(2_000, DENSE), { rules: [] });
    const m = availabilityOf(r.topology!, r.load!);
    const p = m.path('web');
    assert.ok(m.work <= 2 * PATH_WORK, String(m.work));
    assert.ok(p.availability > 0.99 && p.availability < 1, String(p.availability));
    const before = m.work;
    const costs = m.costs('web');
    assert.ok(m.work - before <= COSTS_WORK, String(m.work - before));
    assert.ok(costs.some((c) => c.estimated) && costs.some((c) => !c.estimated), JSON.stringify(costs));
    for (const c of costs) assert.ok(c.downtimeShare > 0 && c.downtimeShare <= 1, JSON.stringify(c));
    // Regression: the hover showed such figures as if exact; it says what they rest on, as scale paths does.
    assert.ok(p.approximated.length > 0);
    assert.match(componentMarkdown('web', r), /\n\n_Approximate: [\d,]+ shared components taken as independent.*\(`scale paths` names them\)\._/);
  });
});

describe('what a component costs, in its hover', () => {
  // Regression: a store past saturation, without which the p99 of requests entering at ops would be bounded, read
  // "ops: 96.4% of its downtime, unbounded of its p99".
  it('says a component past saturation is what makes an entry point\'s p99 unbounded', () => {
    const text = fs.readFileSync(path.join(EXAMPLES_DIR, 'startup.scale.json'), 'utf8');
    const hover = componentMarkdown('db', checkText(text, { imports: importsOf('examples/startup.scale.json') }));
    assert.match(hover, /\n\nCosts .*ops: [\d.]+% of its downtime, its unbounded p99 \(bounded without it\)/);
    assert.doesNotMatch(hover, /unbounded of its p99/);
  });
});

describe('availability of the examples', () => {
  const examples = fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.scale.json')).sort();

  it('is exact for every entry point (no zone state left out, no shared component approximated)', () => {
    for (const name of examples) {
      const file = path.join(EXAMPLES_DIR, name);
      const r = checkText(fs.readFileSync(file, 'utf8'), { rules: [], imports: importsOf(file) });
      const m = availabilityOf(r.topology!, r.load!);
      for (const e of m.entries()) {
        assert.equal(e.unexplored, 0, `${name} ${e.start}`);
        assert.deepEqual(e.approximated, [], `${name} ${e.start}`);
        assert.ok(e.availability > 0.99 && e.availability < 1, `${name} ${e.start}: ${e.availability}`);
      }
    }
  });

  it('names what costs the startup example\'s users the most: the app tier, all in one zone, then the lone balancer and database', () => {
    const file = path.join(EXAMPLES_DIR, 'startup.scale.json');
    const r = checkText(fs.readFileSync(file, 'utf8'), { rules: [], imports: importsOf(file) });
    const costs = availabilityOf(r.topology!, r.load!).costs('users');
    assert.deepEqual(costs.slice(0, 3).map((c) => c.id), ['app', 'lb', 'db']);
    const total = costs.reduce((s, c) => s + c.downtimeShare, 0);
    assert.ok(total > 0.8 && total < 1.2, `the shares roughly account for the downtime: ${total}`);
  });
});
