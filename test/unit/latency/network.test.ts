/**
 * Round trips between regions and zones (the file's `network`), the
 * consistency choices' latency costs, saturated paths and what costs a path
 * its p99.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../../src/core/check';
import { LATENCY_COSTS_WORK, latencyOf } from '../../../src/core/latency/latency';
import { EXAMPLES_DIR, importsOf } from '../../support/exampleImports';
import { DENSE, generateTopology } from '../../bench/generateTopology';

function checked(file: Record<string, unknown>) {
  return checkText(JSON.stringify({ version: 1, name: 't', workload: { peakRps: 100, readFraction: 0.5 }, ...file }), { rules: [] });
}

function example(name: string) {
  const file = path.join(EXAMPLES_DIR, name);
  const r = checkText(fs.readFileSync(file, 'utf8'), { rules: [], imports: importsOf(file) });
  return latencyOf(r.topology!, r.load!);
}

const STORE = { kind: 'database', zones: ['us-east-1a', 'us-east-1b', 'us-west-2a'], capacity: { latency: '2ms' } };

describe('network round trips', () => {
  it('reports a round trip naming a region no component is in, with a did-you-mean', () => {
    const r = checked({
      network: { rtt: [{ between: ['us-east-1', 'us-wst-2'], rtt: '70ms' }] },
      components: { users: { kind: 'client', calls: ['db'] }, db: STORE },
    });
    assert.deepEqual(r.findings.map((f) => [f.ruleId, f.path.join('.'), f.fixes?.[0]?.title]), [['unknown-reference', 'network.rtt.0.between.1', 'Change to "us-west-2"']]);
  });

  it('adds the round trip of a call across regions, and of a write\'s acknowledgement: the fastest replica\'s (semi-sync) or the slowest\'s (sync)', () => {
    const at = (mode: string, readFraction: number) => {
      const r = checked({
        workload: { peakRps: 100, readFraction },
        network: { rtt: [{ between: ['us-east-1', 'us-west-2'], rtt: '70ms' }, { between: ['us-east-1', 'eu-west-1'], rtt: '80ms' }], zoneRtt: '2ms' },
        components: { users: { kind: 'client', region: 'eu-west-1', calls: ['db'] }, db: { ...STORE, replication: { mode, replicas: 2 } } },
      });
      return latencyOf(r.topology!, r.load!).path('users').all;
    };
    // Reads from the primary in us-east-1: one 80 ms round trip, then an exponential 2 ms.
    const read = at('async', 1);
    assert.ok(Math.abs(read.p50 - (80 + 2 * Math.log(2))) < 0.5, String(read.p50));
    // Writes wait for a replica too: semi-sync the nearest (2 ms, another zone of us-east-1), sync the farthest (70 ms).
    assert.ok(Math.abs(at('semiSync', 0).p50 - (82 + 2 * Math.log(2))) < 0.5, String(at('semiSync', 0).p50));
    assert.ok(Math.abs(at('sync', 0).p50 - (150 + 2 * Math.log(2))) < 0.5, String(at('sync', 0).p50));
    assert.ok(Math.abs(at('async', 0).p50 - (80 + 2 * Math.log(2))) < 0.5, String(at('async', 0).p50));
  });

  it('analyses a file whose network block does not read, with the defaults', () => {
    const r = checked({ network: { zoneRtt: -1 }, components: { users: { kind: 'client', calls: ['db'] }, db: STORE } });
    assert.deepEqual(r.findings.filter((f) => f.severity === 'error').map((f) => f.path.join('.')), ['network.zoneRtt']);
    assert.ok(r.topology);
  });

  it('names the regions it crossed without a declared round trip, and counts them as 0', () => {
    const r = checked({ components: { users: { kind: 'client', region: 'eu-west-1', calls: ['db'] }, db: STORE } });
    const p = latencyOf(r.topology!, r.load!).path('users');
    assert.deepEqual(p.undeclaredRtt, [['eu-west-1', 'us-east-1']]);
  });
});

describe('latency of the examples', () => {
  it('payments: a synchronous commit to us-west-2 costs the ledger 70 ms a write, against the writes async replication would lose', () => {
    const choices = example('payments.scale.json').consistency();
    const ledger = choices.find((c) => c.store === 'ledger-db' && c.aspect === 'write acknowledgement')!;
    assert.equal(ledger.choice, 'writes wait for every replica');
    assert.equal(ledger.costMs, 70);
    assert.match(ledger.avoids, /losing the acknowledged writes of the assumed replication lag/);
    // Reading the ledger's primary from Europe costs the round trip to us-east-1 over a replica nearer.
    const reads = choices.find((c) => c.store === 'ledger-db' && c.aspect === 'read source')!;
    assert.equal(reads.choice, 'reads from the primary');
    assert.ok(reads.costMs > 0, String(reads.costMs));
  });

  it('payments: the card network costs European payments the most milliseconds at p99, then the API tier and the Atlantic round trips', () => {
    const m = example('payments.scale.json');
    const costs = m.costs('merchants-eu');
    assert.deepEqual(costs.slice(0, 3).map((c) => c.id), ['card-network', 'api-euw1', 'network']);
    const p99 = m.path('merchants-eu').all.p99;
    for (const c of costs) assert.ok(c.p99Saved > 0 && c.p99Saved < p99 && Math.abs(c.p99Without + c.p99Saved - p99) < 1e-6, JSON.stringify(c));
  });

  it('startup: past saturation (app at 131%, db at 133%) the users\' requests have no p50 or p99', () => {
    const p = example('startup.scale.json').path('users');
    assert.deepEqual(p.saturated.sort(), ['app', 'db']);
    assert.equal(p.all.p99, Infinity);
    assert.equal(p.all.p50, Infinity);
  });

  it('url-shortener: most reads end at the CDN, so the p50 is the CDN\'s and the p99 the origin\'s', () => {
    const p = example('url-shortener.scale.json').path('clients');
    assert.ok(p.read.p50 <= p.resolutionMs, String(p.read.p50));
    assert.ok(p.read.p99 > 20 && p.read.p99 < 200, String(p.read.p99));
    assert.deepEqual(p.undeclared, ['cdn', 'edge-lb']);
  });
});

describe('latency past the grid\'s resolution', () => {
  it('a chain of 3,000 one-millisecond services: no deep recursion, the mean kept, the percentiles said to be approximate', () => {
    const n = 3000;
    const components: Record<string, unknown> = { users: { kind: 'client', calls: ['s0'] } };
    for (let i = 0; i < n; i++) components[`s${i}`] = { kind: 'service', capacity: { latency: '1ms' }, ...(i + 1 < n ? { calls: [`s${i + 1}`] } : {}) };
    const r = checked({ components });
    const p = latencyOf(r.topology!, r.load!).path('users');
    assert.ok(Math.abs(p.all.mean - n) < 0.01 * n, String(p.all.mean));
    assert.equal(p.coarse, true);
  });

  it('the examples are within the grid\'s resolution', () => {
    for (const name of ['ecommerce.scale.json', 'payments.scale.json', 'social-feed.scale.json', 'url-shortener.scale.json']) {
      for (const e of example(name).entries()) assert.equal(e.coarse, false, `${name} ${e.start}`);
    }
  });
});

describe('latency of a large design', () => {
  // Regression: on a 2,000-component design every p99 cost was recomputed on a grid of 256 bins per step whatever
  // the size: what costs the entry point took seconds, and a hover asks for it.
  it('what costs an entry point of a 2,000-component design: within the work allowed, the rest said as estimates', () => {
    const r = checkText(generateTopology(2_000, DENSE), { rules: [] });
    const m = latencyOf(r.topology!, r.load!);
    const p = m.path('web');
    assert.ok(p.all.p99 > p.all.p50 && p.all.p50 > 0 && p.resolutionMs < p.all.p99 / 10, JSON.stringify(p.all));
    const before = m.work;
    const costs = m.costs('web');
    assert.ok(m.work - before <= LATENCY_COSTS_WORK, String(m.work - before));
    assert.ok(costs.some((c) => c.estimated) && costs.some((c) => !c.estimated), JSON.stringify(costs));
  });
});

describe('latency figures no finer than the grid', () => {
  it('a path whose steps all take 0 ms takes exactly 0 ms: no residue of the transform shown as a figure', () => {
    const r = checked({ components: { users: { kind: 'client', calls: ['api'] }, api: { kind: 'service', instances: 2, calls: ['db'] }, db: { kind: 'database' } } });
    const p = latencyOf(r.topology!, r.load!).path('api');
    assert.deepEqual([p.all.mean, p.all.p50, p.all.p99, p.read.p99, p.write.p99], [0, 0, 0, 0, 0]);
  });

  it('gives each figure to its resolution\'s leading digit, no finer', () => {
    const p = example('ecommerce.scale.json').entries()[0]!;
    const step = Math.pow(10, Math.floor(Math.log10(p.resolutionMs)));
    for (const x of [p.all.p50, p.all.p99, p.read.p99]) assert.ok(Math.abs(x / step - Math.round(x / step)) < 1e-6, `${x} at ${p.resolutionMs}`);
  });
});
