/**
 * The simulation panel's core: the file's scenarios run as `scale simulate`
 * runs them, and what-if runs built from a copy of the text (never the file)
 * with the same engine, validation and shard functions.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
import { buildGraph } from '../../../src/core/scenario/graph';
import { placeHits, replicasInPlace } from '../../../src/core/scenario/placeFaults';
import { runScenario } from '../../../src/core/scenario/runScenario';
import { moduloMovedFraction } from '../../../src/core/sim/sharding';
import { NotSimulated, outlineOf, runFileScenarios, runWhatIf } from '../../../src/core/whatIf/whatIf';
import { WHAT_IF_FAULT_AT_MS, WHAT_IF_RESTORE_AT_MS } from '../../../src/core/whatIf/whatIfOptions';
import { importSnapshotOf } from '../../support/exampleImports';
import { assertConserved, EXAMPLES, file, topologyOf } from './scenarioHelpers';

const urlShortener = fs.readFileSync(path.join(EXAMPLES, 'url-shortener.scale.json'), 'utf8');
const ecommerce = fs.readFileSync(path.join(EXAMPLES, 'ecommerce.scale.json'), 'utf8');
const payments = fs.readFileSync(path.join(EXAMPLES, 'payments.scale.json'), 'utf8');
const socialFeed = fs.readFileSync(path.join(EXAMPLES, 'social-feed.scale.json'), 'utf8');
/** The examples that import the platform file, by name: their path, and the reads of their imports as the server answers them. */
const PAYMENTS = 'examples/payments.scale.json';
const SOCIAL_FEED = 'examples/social-feed.scale.json';

/** A text with one more scenario at the end of its `scenarios`, comments and formatting kept. */
const withScenario = (text: string, scenario: unknown) => applyEdits(text, modify(text, ['scenarios', -1], scenario, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));

/** Clients behind a balancer in front of four servers and a replicated, sharded store. */
const small = file(
  {
    clients: { kind: 'client', calls: ['lb'] },
    lb: { kind: 'loadBalancer', instances: 2, algorithm: 'roundRobin', healthCheck: { interval: '2s', unhealthyThreshold: 3, timeout: '500ms' }, calls: ['api'] },
    api: { kind: 'service', instances: 4, capacity: { latency: '20ms' }, calls: ['db'] },
    db: {
      kind: 'database', instances: 8, consistency: 'eventual',
      replication: { mode: 'async', replicas: 1, lag: { p50: '50ms', p99: '200ms' }, failover: { mode: 'automatic', detection: '4s', promotion: '2s' } },
      sharding: { strategy: 'modulo', shards: 8 },
    },
  },
  [{ name: 'db dies', faults: [{ at: '5s', kill: 'db' }], expect: { lostWrites: 0, writeDowntime: '3s' } }],
  { workload: { peakRps: 2000, readFraction: 0.5 } },
);

describe('simulation panel core (what-if runs)', function () {
  this.timeout(60_000);

  it('runs the file\'s scenarios exactly as the engine does for the same seed', () => {
    const runs = runFileScenarios(urlShortener, 3);
    const topology = topologyOf(urlShortener);
    assert.deepEqual(runs.results, topology.scenarios.map((s) => runScenario(topology, s.index, { seed: 3 })));
    assert.deepEqual(runFileScenarios(urlShortener, 3, [2]).results, [runs.results[2]]);
    assert.deepEqual(runs.outline.scenarios.map((s) => s.name), ['primary dies under write load', 'add a shard', 'a backend turns slow', 'ten times the traffic']);
  });

  it('outlines the file: workload, components with balancer algorithms and store primaries', () => {
    const o = outlineOf(small);
    assert.deepEqual(o.workload, { peakRps: 2000, readFraction: 0.5, keys: null });
    assert.deepEqual(o.components.find((c) => c.id === 'lb'), { id: 'lb', kind: 'loadBalancer', instances: 2, algorithm: 'roundRobin' });
    assert.deepEqual(o.components.find((c) => c.id === 'db')?.store, { units: 8, replicas: 1, replication: 'async' });
  });

  it('killing a primary runs its failover: writes down for detection + promotion, lost writes counted, budgets of the file scenario that kills it', () => {
    const r = runWhatIf(small, { seed: 1, faults: [{ component: 'db', instance: 2, action: 'kill' }] });
    const f = r.result.failovers[0]!;
    assert.equal(f.component, 'db');
    assert.equal(f.instance, 2);
    assert.equal(f.killedAtMs, WHAT_IF_FAULT_AT_MS);
    assert.equal(f.writeDowntimeMs, 6000);
    // 1,000 writes/s over 8 primaries, lag p50 50 ms: a few acknowledged writes are on no replica.
    assert.ok(f.writes.lost > 0, JSON.stringify(f.writes));
    assert.equal(r.budgetFrom, 'db dies');
    assert.deepEqual(r.result.budgets.map((b) => [b.metric, b.budget, b.held]), [['lostWrites', 0, false], ['writeDowntime', 3000, false]]);
    assert.ok(f.lagSeries.leastAdvancedMs.some((x) => x > 0), 'lag over time is sampled');
    assertConserved(r.result);
  });

  it('the same what-if and seed give the same result; another seed draws other writes', () => {
    const input = { seed: 5, faults: [{ component: 'db', instance: 0, action: 'kill' as const }] };
    assert.deepEqual(runWhatIf(small, input), runWhatIf(small, input));
    assert.notDeepEqual(runWhatIf(small, { ...input, seed: 6 }).result.failovers, runWhatIf(small, input).result.failovers);
  });

  it('a killed server behind the balancer: per-server counters, detection by the health check, failed requests meanwhile; a restore puts it back', () => {
    const r = runWhatIf(small, { seed: 1, algorithms: [{ balancer: 'lb', algorithm: 'random' }], faults: [{ component: 'api', instance: 1, action: 'kill', restore: true }] });
    const p = r.result.pools[0]!;
    assert.equal(p.algorithm, 'random');
    assert.equal(p.perServer.length, 4);
    const f = p.faults[0]!;
    assert.ok(f.removedAtMs! > WHAT_IF_FAULT_AT_MS && f.detectionMs <= 6500, JSON.stringify(f));
    assert.equal(f.endMs, WHAT_IF_RESTORE_AT_MS);
    assert.ok(f.backInRotationAtMs! > WHAT_IF_RESTORE_AT_MS);
    assert.ok(p.failedDuringDetection > 0);
    assert.equal(r.budgetFrom, undefined, 'no file scenario kills api');
  });

  it('workload changes reach the run; the file\'s text is only copied', () => {
    const before = small;
    const r = runWhatIf(small, { seed: 1, workload: { peakRps: 4000, readFraction: 0.9, keys: { distribution: 'zipf', exponent: 1.2 } } });
    assert.deepEqual(r.result.workload, { peakRps: 4000, readFraction: 0.9 });
    assert.equal(small, before);
    // The file declares no keys: the distribution is applied to the key count the engine assumes.
    assert.ok(!r.result.notes.some((n) => /declares no keys/.test(n)), r.result.notes.join('\n'));
    const views = r.shards.find((s) => s.component === 'db')!;
    const total = views.perShard.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total / (views.meanRps * views.shards) - 1) < 1e-4);
    assert.equal(views.maxRps, Math.max(...views.perShard));
    assert.equal(views.perShard.indexOf(views.maxRps), views.hottestShard);
  });

  it('one more shard: hash mod N moves N/(N+1) of the keys, a 160-vnode ring about 1/(N+1) (±50%)', () => {
    const views = runWhatIf(urlShortener, { seed: 1 }).shards;
    const urls = views.find((s) => s.component === 'urls')!;
    assert.equal(urls.addShard.modulo, Number(moduloMovedFraction(64, 65).toPrecision(6)));
    assert.ok(Math.abs(urls.addShard.ring - 1 / 65) < 0.5 / 65, `${urls.addShard.ring}`);
    assert.equal(urls.addShard.ringVnodes, 160);
    // A modulo store is compared with a ring of the usual 160 vnodes.
    const db = runWhatIf(small, { seed: 1 }).shards.find((s) => s.component === 'db')!;
    assert.equal(db.addShard.modulo, Number((8 / 9).toPrecision(6)));
    assert.ok(Math.abs(db.addShard.ring - 1 / 9) < 0.5 / 9, `${db.addShard.ring}`);
  });

  it('comments and formatting of the file do not matter: the url-shortener (JSONC) takes every change', () => {
    const r = runWhatIf(urlShortener, { seed: 1, workload: { keys: { distribution: 'uniform' } }, algorithms: [{ balancer: 'edge-lb', algorithm: 'powerOfTwoChoices' }], faults: [{ component: 'api', instance: 3, action: 'slow', latencyMs: 2000 }] });
    assert.equal(r.result.pools[0]!.algorithm, 'powerOfTwoChoices');
    assert.equal(r.result.pools[0]!.faults[0]!.latencyMs, 2000);
    assert.equal(r.budgetFrom, 'a backend turns slow');
    const hot = r.shards.find((s) => s.component === 'urls')!;
    assert.ok(hot.maxOverMean < 1.5, `uniform keys spread evenly: ${hot.maxOverMean}`);
  });

  it('refuses, with the reason, a file that does not validate and a change the format does not allow', () => {
    assert.throws(() => runWhatIf('{ "version": 1 ', { seed: 1 }), (e: Error) => e instanceof NotSimulated && /the file does not validate/.test(e.message));
    assert.throws(() => runWhatIf(small, { seed: 1, workload: { readFraction: 2 } }), (e: Error) => e instanceof NotSimulated && /^the what-if does not validate: /.test(e.message));
    assert.throws(() => runFileScenarios(file({ clients: { kind: 'client', calls: ['nowhere'] } }, []), 1), (e: Error) => e instanceof NotSimulated && /nowhere/.test(e.message));
  });

  describe('zone and region outages', () => {
    it('offers exactly the zones and regions the components name, each with the components that have nodes there, as the engine places them', () => {
      const shop = outlineOf(ecommerce).failureDomains;
      assert.deepEqual(shop.zones.map((z) => z.name), ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
      assert.deepEqual(shop.regions, [], 'no component of the shop names a region');
      assert.ok(!shop.zones[2]!.components.includes('edge-lb'), 'edge-lb names eu-west-1a and eu-west-1b only');
      assert.ok(!shop.zones[0]!.components.includes('clients'), 'clients are where requests come from: no outage takes them');
      const pay = outlineOf(payments, importSnapshotOf(PAYMENTS, payments)).failureDomains;
      assert.deepEqual(pay.regions.map((r) => r.name), ['eu-west-1', 'us-east-1', 'us-west-2']);
      assert.deepEqual(pay.zones.map((z) => z.name), ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-west-2a', 'us-west-2b', 'us-west-2c', 'eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
      // The ledger's primary is in us-east-1a, its synchronous replicas in us-east-1b and us-west-2a: all three hold it.
      assert.deepEqual(pay.regions.find((r) => r.name === 'us-west-2')!.components, ['lb-usw2', 'api-usw2', 'idempotency', 'ledger-db']);
      // What each domain holds is what the engine's outage acts on: the instances placed there and the replicas it takes.
      // Two instances over three zones leave the third without one; a replica sits in the zone after its primary's.
      const spread = file({
        clients: { kind: 'client', zones: ['c'], calls: ['api'] },
        api: { kind: 'service', instances: 2, zones: ['a', 'b', 'c'], calls: ['db'] },
        db: { kind: 'database', region: 'r', zones: ['a', 'b', 'c'], replication: { mode: 'sync', replicas: 1, failover: { mode: 'automatic' } } },
      }, []);
      assert.deepEqual(outlineOf(spread).failureDomains, {
        zones: [{ name: 'c', components: [] }, { name: 'a', components: ['api', 'db'] }, { name: 'b', components: ['api', 'db'] }],
        regions: [{ name: 'r', components: ['db'] }],
      });
      for (const [text, at] of [[ecommerce], [payments, PAYMENTS], [urlShortener], [spread]] as const) {
        const topology = topologyOf(text, at);
        const graph = buildGraph(topology, topology.file.workload.peakRps, topology.file.workload.readFraction);
        const domains = outlineOf(text, at === undefined ? undefined : importSnapshotOf(at, text)).failureDomains;
        for (const [kind, list] of [['zone', domains.zones], ['region', domains.regions]] as const) {
          for (const d of list) {
            const place = { kind, name: d.name };
            const hit = new Set(placeHits(graph, place).map((h) => h.node.id));
            for (const n of graph.order) if (replicasInPlace(n.node, place)) hit.add(n.id);
            assert.deepEqual(new Set(d.components), hit, `${kind} ${d.name}`);
          }
        }
      }
    });

    it('a topology that names no zone or region offers none, and an outage of a name it does not have changes nothing', () => {
      assert.deepEqual(outlineOf(small).failureDomains, { zones: [], regions: [] });
      const r = runWhatIf(small, { seed: 1, outages: [{ kind: 'zone', name: 'eu-west-1a' }, { kind: 'region', name: 'eu-west-1' }] });
      assert.deepEqual(r.result, runWhatIf(small, { seed: 1 }).result);
    });

    it('a zone outage chosen from the options gives byte for byte the result of the same scenario declared in the file and run with the same seed', () => {
      const zone = outlineOf(ecommerce).failureDomains.zones[0]!.name;
      const seed = 9;
      const panel = runWhatIf(ecommerce, { seed, outages: [{ kind: 'zone', name: zone, restore: true }] });
      const declared = withScenario(ecommerce, {
        name: 'what if', duration: '60s',
        faults: [{ at: '10s', kill: { zone } }, { at: '40s', restore: { zone } }],
      });
      const topology = topologyOf(declared);
      const index = topology.scenarios.at(-1)!.index;
      assert.equal(JSON.stringify(panel.result), JSON.stringify(runScenario(topology, index, { seed })));
      // Its cost: the stores whose primary was there fail over, the pools lose their servers there, requests fail meanwhile.
      const r = panel.result;
      assert.ok(r.notes.includes(`losing zone ${zone} at 10 s kills edge-lb (1 of 2 instances), web (2 of 6 instances), checkout (1 of 3 instances), order-queue (#0), fulfilment (1 of 2 instances), orders-db (#0), cart-lb (1 of 2 instances), cart (1 of 3 instances), cart-store (#0, #3), catalog-db (#0) and sessions (#0)`), r.notes.join('\n'));
      assert.ok(r.notes.includes(`losing zone ${zone} at 10 s leaves web 4 of 6 instances: 4 × 2,000 = 8,000 rps, 127% of the 6,300 rps it takes at peak`), r.notes.join('\n'));
      const orders = r.failovers.find((f) => f.component === 'orders-db')!;
      assert.equal(orders.killedAtMs, WHAT_IF_FAULT_AT_MS);
      assert.equal(orders.writeDowntimeMs, 20_000, 'semi-sync, detection 15 s + promotion 5 s');
      assert.deepEqual(r.pools.find((p) => p.component === 'web')!.faults.map((f) => [f.instance, f.kind, f.atMs, f.endMs]), [[0, 'kill', WHAT_IF_FAULT_AT_MS, WHAT_IF_RESTORE_AT_MS], [3, 'kill', WHAT_IF_FAULT_AT_MS, WHAT_IF_RESTORE_AT_MS]]);
      assert.ok(r.requests.total.failed > 0);
      assertConserved(r);
    });

    it('a region outage fails the region\'s stores over to their replicas in another region, and is held to the budgets of a file scenario that takes the same region down', () => {
      const expect = { lostWrites: 0, writeDowntime: '30s' };
      const text = withScenario(payments, { name: 'us-east-1 down', faults: [{ at: '30s', kill: { region: 'us-east-1' } }], expect });
      const r = runWhatIf(text, { seed: 3, outages: [{ kind: 'region', name: 'us-east-1' }] }, importSnapshotOf(PAYMENTS, text));
      assert.equal(r.budgetFrom, 'us-east-1 down');
      assert.deepEqual(r.result.budgets.map((b) => b.metric), ['lostWrites', 'writeDowntime']);
      // Each has a primary in us-east-1a and synchronous replicas in us-east-1b and us-west-2a: the one in us-west-2a is promoted, nothing acknowledged is lost.
      const stores = r.result.failovers.map((f) => [f.component, f.replicas, f.writes.lost]);
      const own = new Set(['ledger-db', 'idempotency']);
      assert.deepEqual(stores.filter(([c]) => own.has(c as string)), [['ledger-db', 1, 0], ['idempotency', 1, 0]], 'each keeps the one replica outside the region');
      // The platform's stores placed in the region, imported with auth and events, go down with it.
      assert.deepEqual([...new Set(stores.map(([c]) => c as string))].filter((c) => !own.has(c)).sort(), ['auth-db', 'events']);
      assert.ok(r.result.pools.some((p) => p.component === 'api-use1' && p.faults.length === 4), 'every us-east-1 API server dies');
      assert.ok(r.result.notes.some((n) => n.startsWith('losing region us-east-1 at 10 s kills lb-use1 (2 of 2 instances), api-use1 (4 of 4 instances)')), r.result.notes.join('\n'));
    });
  });

  it('runs a file that imports with the reads of its imports replayed, as scale simulate runs it; offers no fault on what comes along with an import', () => {
    const imports = importSnapshotOf(SOCIAL_FEED, socialFeed);
    const topology = topologyOf(socialFeed, SOCIAL_FEED);
    assert.deepEqual(runFileScenarios(socialFeed, 2, undefined, imports).results, topology.scenarios.map((s) => runScenario(topology, s.index, { seed: 2 })));
    // Without them, as a webview would have it with no snapshot: not simulated, and why.
    assert.throws(() => runFileScenarios(socialFeed, 2), (e: Error) => e instanceof NotSimulated && /imports are not followed where this file is checked/.test(e.message));
    // auth and events are imported by name; auth-db and event-archive only come with them, and the file cannot name them.
    const ids = outlineOf(socialFeed, imports).components.map((c) => c.id);
    assert.ok(ids.includes('auth') && ids.includes('events'), ids.join(', '));
    assert.ok(!ids.includes('auth-db') && !ids.includes('event-archive'), ids.join(', '));
    const none = runWhatIf(socialFeed, { seed: 1 }, imports);
    assert.deepEqual(runWhatIf(socialFeed, { seed: 1, faults: [{ component: 'auth-db', instance: 0, action: 'kill' }] }, imports).result, none.result);
    const killed = runWhatIf(socialFeed, { seed: 1, faults: [{ component: 'auth', instance: 0, action: 'kill' }] }, imports).result;
    assert.deepEqual(killed.pools.find((p) => p.component === 'auth')?.faults.map((f) => [f.instance, f.kind]), [[0, 'kill']]);
  });

  it('ignores faults on instances that do not exist, and balancer changes on components that are not balancers', () => {
    const r = runWhatIf(small, { seed: 1, algorithms: [{ balancer: 'api', algorithm: 'random' }], faults: [{ component: 'api', instance: 4, action: 'kill' }, { component: 'nowhere', instance: 0, action: 'kill' }] });
    assert.deepEqual(r.result.pools, []);
    assert.deepEqual(r.result.failovers, []);
  });
});
