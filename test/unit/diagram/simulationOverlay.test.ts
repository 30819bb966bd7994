/**
 * The diagram's overlay of a simulation run: every figure it draws is one
 * the run produced (the capacity's loads and tiers, the pools, the
 * failovers), and the what-if knobs it is drawn for (instance counts, a
 * capacity, the faults' time and duration) reach the simulation.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../../src/core/check';
import { buildDiagram } from '../../../src/core/diagram/diagramModel';
import { formatRps } from '../../../src/core/text/format';
import { failoverLine, simulationOverlay } from '../../../src/core/diagram/simulationOverlay';
import { dur, num, pct } from '../../../src/core/scenario/figures';
import { runFileScenarios, runWhatIf } from '../../../src/core/whatIf/whatIf';
import { EXAMPLES, file, TWO_REGIONS_CUT } from '../sim/scenarioHelpers';

/** A balancer in front of three API servers of 400 rps each, and a replicated database with automatic failover. */
const shop = file(
  {
    clients: { kind: 'client', calls: ['lb'] },
    lb: { kind: 'loadBalancer', instances: 2, algorithm: 'roundRobin', healthCheck: { interval: '2s', unhealthyThreshold: 3, timeout: '500ms' }, calls: ['api'] },
    api: { kind: 'service', instances: 3, capacity: { rps: 400, latency: '20ms' }, calls: [{ to: 'db', op: 'write', share: 1 }] },
    db: {
      kind: 'database', instances: 1, consistency: 'strong', capacity: { rps: 5000 },
      replication: { mode: 'async', replicas: 2, lag: { p50: '50ms', p99: '2s' }, failover: { mode: 'automatic', detection: '20s', promotion: '12s' } },
    },
  },
  [{ name: 'api overloaded', workload: { peakRps: 3000 }, faults: [{ at: '5s', kill: 'api#0' }] }],
  { workload: { peakRps: 900, readFraction: 0.5 } },
);

const component = (o: ReturnType<typeof simulationOverlay>, id: string) => o.components.find((c) => c.component === id)!;

describe('simulation overlay (the diagram under a what-if or a scenario)', function () {
  this.timeout(60_000);

  it('a killed primary: "1 of 1 down" and its failover timeline in the run\'s own figures', () => {
    const { result, overlay } = runWhatIf(shop, { seed: 1, faults: [{ component: 'db', instance: 0, action: 'kill' }] });
    const f = result.failovers[0]!;
    assert.equal(f.promotedReplica !== undefined && f.writesResumedAtMs !== undefined && f.promotedLagMs !== undefined, true, 'the replica was promoted');
    assert.ok(f.writes.lost > 0, 'writes the replica lacked were lost');
    const db = component(overlay, 'db');
    assert.deepEqual(db.down, { instances: 1, of: 1, text: '1 of 1 down' });
    assert.deepEqual(db.failover, [`primary killed at ${dur(f.killedAtMs)} · promoted at ${dur(f.writesResumedAtMs!)} · ${dur(f.promotedLagMs!)} of writes lost (${num(f.writes.lost)})`]);
    assert.equal(db.failover![0], failoverLine(f));
    assert.match(db.failover![0]!, /^primary killed at 10 s · promoted at 42 s · /);
    // Writes failed while no primary took them: counted at the store, as a share of what reached it over the run.
    const failed = f.writes.failed + f.reads.failed;
    assert.ok(failed > 0);
    const reached = db.load.rps * (result.durationMs / 1000);
    assert.deepEqual(db.failed, { requests: failed, share: failed / reached, text: `${pct(failed / reached)} failed (${num(failed)} requests)` });
  });

  it('an overloaded tier: each component\'s load and utilization are the run\'s, and the refused share is the tier\'s', () => {
    const { result, overlay } = runWhatIf(shop, { seed: 1, workload: { peakRps: 2000 } });
    assert.equal(overlay.peakRps, 2000);
    assert.deepEqual(overlay.components.map((c) => c.component), result.capacity.loads.map((l) => l.component));
    for (const l of result.capacity.loads) {
      const c = component(overlay, l.component);
      assert.equal(c.load.rps, l.rps);
      assert.equal(c.load.utilization, l.utilization);
      assert.equal(c.load.resource, l.resource);
    }
    const tier = result.capacity.tiers.find((t) => t.component === 'api')!;
    const api = component(overlay, 'api');
    // 2,000 rps over three servers of 400.
    assert.equal(api.load.utilization, tier.utilization);
    assert.ok(Math.abs(api.load.utilization! - 2000 / 1200) < 1e-3);
    assert.equal(api.load.text, '2k rps');
    assert.equal(api.failed!.requests, Math.round(tier.rejectedFraction * 2000 * (result.durationMs / 1000)));
    assert.ok(Math.abs(api.failed!.share - tier.rejectedFraction) < 1e-6);
    assert.equal(component(overlay, 'clients').failed, undefined);
  });

  it('a failover that loses no write says so, not "0 ms of writes lost"', () => {
    const r = runWhatIf(shop.replace('"mode": "async"', '"mode": "sync"'), { seed: 1, faults: [{ component: 'db', instance: 0, action: 'kill' }] });
    const f = r.result.failovers[0]!;
    assert.equal(f.writes.lost, 0);
    assert.equal(component(r.overlay, 'db').failover![0], `primary killed at 10 s · promoted at ${dur(f.writesResumedAtMs!)} · no write lost`);
  });

  it('a killed server behind the balancer: "1 of 3 down", and the requests the pool lost and the rest refused', () => {
    const { result, overlay } = runWhatIf(shop, { seed: 1, faults: [{ component: 'api', instance: 1, action: 'kill' }, { component: 'api', instance: 2, action: 'slow' }] });
    const p = result.pools[0]!;
    const api = component(overlay, 'api');
    assert.deepEqual(api.down, { instances: 1, of: 3, text: '1 of 3 down' });
    assert.deepEqual(api.slow, { instances: 1, of: 3, text: '1 of 3 slow' });
    const refused = result.capacity.tiers.find((t) => t.component === 'api')!.refusedRequests;
    assert.ok(refused > 0, 'two servers of 400 rps left for 900 rps');
    assert.equal(api.failed?.requests, p.requests.failed + p.requests.rejected + refused);
    assert.equal(component(overlay, 'db').down, undefined);
  });

  it('a zone outage: each pool\'s servers in the zone down, each store\'s primary there with its failover, as the run gives them', () => {
    const shopFile = fs.readFileSync(path.join(EXAMPLES, 'ecommerce.scale.json'), 'utf8');
    const { result, overlay } = runWhatIf(shopFile, { seed: 4, outages: [{ kind: 'zone', name: 'eu-west-1a' }] });
    assert.ok(result.pools.length > 0 && result.failovers.length > 0);
    for (const p of result.pools) {
      const kills = new Set(p.faults.filter((f) => f.kind === 'kill').map((f) => f.instance)).size;
      assert.deepEqual(component(overlay, p.component).down, { instances: kills, of: p.servers, text: `${kills} of ${p.servers} down` });
    }
    for (const f of result.failovers) assert.ok(component(overlay, f.component).failover!.includes(failoverLine(f)), f.component);
  });

  it('a file scenario\'s overlay is built from its result, under its own workload', () => {
    const runs = runFileScenarios(shop, 1);
    assert.equal(runs.overlays.length, 1);
    assert.deepEqual(runs.overlays[0], simulationOverlay(runs.results[0]!, new Map([['clients', 1], ['lb', 2], ['api', 3], ['db', 1]])));
    assert.equal(runs.overlays[0]!.peakRps, 3000);
  });

  it('what-if knobs: instance counts and a capacity change the load model the run uses', () => {
    const base = runWhatIf(shop, { seed: 1 });
    const more = runWhatIf(shop, { seed: 1, instances: [{ component: 'api', instances: 6 }] });
    const bigger = runWhatIf(shop, { seed: 1, capacity: [{ component: 'api', rps: 800 }] });
    const u = (r: typeof base) => r.result.capacity.tiers.find((t) => t.component === 'api')!.utilization;
    assert.ok(Math.abs(u(base) - 900 / 1200) < 1e-3);
    assert.ok(Math.abs(u(more) - 900 / 2400) < 1e-3);
    assert.ok(Math.abs(u(bigger) - 900 / 2400) < 1e-3);
    // A killed server is one of the what-if's six.
    const killed = runWhatIf(shop, { seed: 1, instances: [{ component: 'api', instances: 6 }], faults: [{ component: 'api', instance: 5, action: 'kill' }] });
    assert.deepEqual(component(killed.overlay, 'api').down, { instances: 1, of: 6, text: '1 of 6 down' });
    // Only the file's own components: an unknown id changes nothing.
    assert.deepEqual(runWhatIf(shop, { seed: 1, instances: [{ component: 'nowhere', instances: 9 }] }).result, base.result);
  });

  it('each call\'s rps under the what-if\'s workload is the load model\'s, as the diagram of the file at that workload shows it', () => {
    const { result, overlay } = runWhatIf(shop, { seed: 1, workload: { peakRps: 2000 } });
    // The run's figures, a call each, in the run's order.
    assert.deepEqual(overlay.calls.map((c) => [c.from, c.to, c.rps, c.text]), result.capacity.calls.map((c) => [c.from, c.to, c.rps, formatRps(c.rps)]));
    // The one load model: the file with its workload at 2,000 rps draws the same rps on the same calls.
    const diagram = buildDiagram(checkText(shop.replace('"peakRps": 900', '"peakRps": 2000')));
    const idOf = new Map(diagram.nodes.map((n) => [n.elkId, n.id] as const));
    const drawn = diagram.edges.map((e) => [idOf.get(e.from), idOf.get(e.to), e.rps]).sort((a, b) => String(a).localeCompare(String(b)));
    assert.deepEqual(overlay.calls.map((c) => [c.from, c.to, c.rps]).sort((a, b) => String(a).localeCompare(String(b))), drawn);
    // Every request through the balancer to the API; half of them (the writes) on to the store.
    assert.deepEqual(overlay.calls.map((c) => `${c.from}>${c.to} ${c.text}`).sort(), ['api>db 1k rps', 'clients>lb 2k rps', 'lb>api 2k rps']);
  });

  it('a tier with a killed server: utilization over the survivors, as the simulator measures it on them', () => {
    const { result, overlay } = runWhatIf(shop, { seed: 1, faults: [{ component: 'api', instance: 1, action: 'kill' }] });
    const api = component(overlay, 'api');
    const tier = result.capacity.tiers.find((t) => t.component === 'api')!;
    // 900 rps over the 2 of 3 servers of 400 rps left in rotation, not over all 3.
    assert.ok(Math.abs(tier.utilization - 900 / 1200) < 1e-3, 'the tier as declared');
    assert.ok(Math.abs(api.load.utilization! - 900 / 800) < 1e-3, `${api.load.utilization}`);
    assert.equal(api.load.resource, 'rps');
    // Theory against measurement: each surviving server's requests per second once the balancer took the dead one
    // out, over what one server serves (its rate at 100%), agree within 2%.
    const pool = result.pools[0]!;
    const removed = pool.faults[0]!.removedAtMs!;
    const perServer = tier.busiestNodeRps / tier.utilization;
    const after = pool.series.othersMean.slice(Math.ceil(removed / pool.series.bucketMs));
    const measured = after.reduce((a, b) => a + b, 0) / after.length / (pool.series.bucketMs / 1000) / perServer;
    assert.ok(Math.abs(measured - api.load.utilization!) / measured < 0.02, `measured ${measured}, overlay ${api.load.utilization}`);
    // Past their capacity, the survivors refuse the excess while the dead server is out (1 − 800/900 of what
    // arrives from then on): counted at the tier with what the dead server failed before the balancer noticed.
    const refused = tier.refusedRequests;
    const expectedRefused = (1 - 800 / 900) * 900 * ((result.durationMs - removed) / 1000);
    assert.ok(Math.abs(refused - expectedRefused) / expectedRefused < 0.03, `refused ${refused}, expected about ${expectedRefused}`);
    assert.equal(api.failed!.requests, pool.requests.failed + refused);
    // Without a health check the balancer keeps sending the dead server its share (they fail there): the survivors carry what they did.
    const unchecked = runWhatIf(shop.replace(/"healthCheck": \{[^}]*\},/, ''), { seed: 1, faults: [{ component: 'api', instance: 1, action: 'kill' }] });
    assert.equal(unchecked.result.pools[0]!.faults[0]!.removedAtMs, undefined);
    assert.ok(Math.abs(component(unchecked.overlay, 'api').load.utilization! - 900 / 1200) < 1e-3);
  });

  it('a partition\'s cut calls: drawn as cut with what the cut did, their failed calls counted at the component they did not reach', () => {
    const runs = runFileScenarios(TWO_REGIONS_CUT, 1);
    const result = runs.results[0]!;
    const overlay = runs.overlays[0]!;
    const p = result.partitions[0]!;
    assert.ok(p.cutCalls.length > 0);
    const seconds = (p.endMs - p.startMs) / 1000;
    const cut = overlay.calls.filter((c) => c.cut);
    assert.deepEqual(cut.map((c) => [c.from, c.to]), p.cutCalls.map((c) => [c.from, c.to]));
    for (const c of p.cutCalls) {
      const call = overlay.calls[c.call]!;
      const load = result.capacity.calls[c.call]!;
      assert.equal(call.from, c.from);
      assert.equal(call.to, c.to);
      // A wholly cut call: every call the load model sends over it while the partition lasts.
      assert.ok(c.calls > 0 && c.calls <= Math.round(load.rps * seconds), `${c.from}>${c.to} ${c.calls}`);
      assert.deepEqual(call.cut, {
        kind: c.kind,
        calls: c.calls,
        text: `cut by the partition ${p.sides[0].join(', ')} | ${p.sides[1].join(', ')} from ${dur(p.startMs)} to ${dur(p.endMs)}: ${num(c.calls)} calls ${c.kind === 'rejected' ? 'refused' : 'failed'}`,
      });
    }
    // Counted where they failed, with the rest that failed there.
    for (const to of new Set(p.cutCalls.map((c) => c.to))) {
      const n = p.cutCalls.filter((c) => c.to === to).reduce((a, c) => a + c.calls, 0);
      const c = component(overlay, to);
      assert.ok(c.failed && c.failed.requests >= n, `${to}: ${c.failed?.text}`);
    }
    const auth = component(overlay, 'auth');
    const authCut = p.cutCalls.find((c) => c.to === 'auth')!;
    assert.equal(auth.failed!.requests, authCut.calls);
    assert.equal(auth.failed!.text, `${pct(auth.failed!.share)} failed (${num(authCut.calls)} requests)`);
    // A run without a partition cuts nothing.
    assert.ok(runFileScenarios(shop, 1).overlays[0]!.calls.every((c) => !c.cut));
  });

  it('what-if knobs: the faults\' time and a restored fault\'s duration', () => {
    const r = runWhatIf(shop, { seed: 1, timing: { atMs: 20_000, durationMs: 15_000 }, faults: [{ component: 'api', instance: 0, action: 'kill', restore: true }, { component: 'db', instance: 0, action: 'kill' }] });
    assert.deepEqual(r.result.pools[0]!.faults.map((f) => [f.kind, f.atMs, f.endMs]), [['kill', 20_000, 35_000]]);
    assert.equal(r.result.failovers[0]!.killedAtMs, 20_000);
    assert.match(component(r.overlay, 'db').failover![0]!, /^primary killed at 20 s · promoted at 52 s/);
  });
});
