/**
 * The scenario engine held to theory, each test naming its formula, source
 * and tolerance; and to its contracts: determinism, conservation, finite
 * output, bounded work, budgets at the right path.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'jsonc-parser';
import { mmc } from '../../../src/core/sim/queueing';
import { buildRing, ringMovedFraction } from '../../../src/core/sim/ring';
import { buildGraph } from '../../../src/core/scenario/graph';
import { keyBlocks, sumOverKeys, zipfNormalizer } from '../../../src/core/scenario/keyModel';
import { conflicts, drawConflicts, expectedConflicts } from '../../../src/core/scenario/partition';
import { budgetViolations } from '../../../src/core/scenario/budgets';
import { DEFAULT_EVENT_BUDGET, runAllScenarios, runScenario } from '../../../src/core/scenario/runScenario';
import { scenarioSeed } from '../../../src/core/scenario/scenarioSeed';
import { lognormalMean } from '../../../src/core/scenario/staleReads';
import { lognormalFromPercentiles } from '../../../src/core/sim/random';
import { assertConserved, EXAMPLES, exampleFiles, file, numbersIn, run, topologyOf } from './scenarioHelpers';

/** A client writing to one store, with the store's replication block and one kill. */
function killFile(replication: Record<string, unknown>, opts: { peakRps?: number; readFraction?: number; duration?: string; at?: string; extra?: Record<string, unknown>; expect?: Record<string, unknown>; faults?: unknown[] } = {}): string {
  return file(
    { clients: { kind: 'client', calls: ['db'] }, db: { kind: 'database', consistency: 'eventual', replication, ...(opts.extra ?? {}) } },
    [{ name: 'kill', duration: opts.duration ?? '40s', faults: opts.faults ?? [{ at: opts.at ?? '30s', kill: 'db' }], ...(opts.expect ? { expect: opts.expect } : {}) }],
    { workload: { peakRps: opts.peakRps ?? 1000, readFraction: opts.readFraction ?? 0 } },
  );
}

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

describe('scenario engine', function () {
  this.timeout(60_000);

  describe('replication and failover held to theory', () => {
    it('async, constant 100 ms lag, 1,000 writes/s: lost ≈ λ·lag = 100, each seed within ±3σ (σ = √100: a Poisson count, the writes of the last 100 ms), mean of 8 within ±3σ/√8', () => {
      const text = killFile({ mode: 'async', replicas: 1, lag: { p50: '100ms', p99: '100ms' }, failover: { mode: 'automatic', detection: '5s', promotion: '1s' } });
      const lost = SEEDS.map((seed) => run(text, 0, { seed }).failovers[0]!.writes.lost);
      for (const l of lost) assert.ok(Math.abs(l - 100) <= 30, `lost ${l}`);
      assert.ok(Math.abs(mean(lost) - 100) <= (3 * 10) / Math.sqrt(SEEDS.length), `mean ${mean(lost)}`);
      assert.ok(new Set(lost).size > 1, 'different seeds draw different writes');
    });

    // Regression: the simulation thinned writes evenly over the whole run to fit its event budget
    // and multiplied the counts back up, so a longer run thinned the ~100 writes around the kill
    // away: the same kill lost ~100 acknowledged writes in 2 minutes and 0 (or ~1,000) in a day,
    // and a lostWrites budget held or failed with the run's length.
    describe('lost writes do not depend on the run\'s length (the event budget goes to the kill\'s lag window)', () => {
      // p50 = p99 = 100 ms: the lognormal fitted to two equal percentiles has σ = 0, a constant
      // lag, so the mean lag is 100 ms and the writes lost are those of the last 100 ms before the
      // kill: Poisson with mean λ·lag = 1,000/s x 0.1 s = 100, σ = √100 = 10.
      const constantLag = (duration: string, at: string, expect?: Record<string, unknown>) =>
        killFile({ mode: 'async', replicas: 1, lag: { p50: '100ms', p99: '100ms' }, failover: { mode: 'automatic', detection: '5s', promotion: '1s' } }, { duration, at, ...(expect ? { expect } : {}) });

      it('a 2-minute and a 1-day scenario with the same kill: every seed of both within ±30% of 100 (3σ), their means within 3·√(2·100/8) = 15 of each other, a lostWrites budget of 150 held by both, and the day says it sampled', () => {
        const short = constantLag('2m', '60s', { lostWrites: 150 });
        const day = constantLag('1d', '12h', { lostWrites: 150 });
        const lostShort: number[] = [];
        const lostDay: number[] = [];
        for (const seed of SEEDS) {
          for (const [text, into] of [[short, lostShort], [day, lostDay]] as const) {
            const r = run(text, 0, { seed });
            assertConserved(r);
            const lost = r.failovers[0]!.writes.lost;
            into.push(lost);
            assert.ok(Math.abs(lost - 100) <= 30, `${r.durationMs} ms run, seed ${seed}: lost ${lost}`);
            assert.equal(r.budgets[0]!.held, true, `${r.durationMs} ms run, seed ${seed}: ${r.budgets[0]!.measured}`);
          }
        }
        assert.ok(Math.abs(mean(lostShort) - mean(lostDay)) <= 15, `2 min ${mean(lostShort)}, 1 day ${mean(lostDay)}`);
        const r = run(day);
        assert.ok(r.sampled && r.failovers[0]!.sampled, 'a day at 1,000 writes/s is past the event budget: the result says it sampled');
        assert.ok(r.events <= DEFAULT_EVENT_BUDGET, `${r.events} events: the budget is spent differently, not exceeded`);
        // The thinned hours still add up: each simulated write counts for the writes it stands for
        // (86.4 million over the day, ±1%: ~80,000 simulated, a relative error of 1/√80,000 = 0.35%),
        // and the 6 s without a primary (detection 5 s + promotion 1 s), simulated in full, fail
        // their Poisson(6,000) writes (±5σ).
        const f = r.failovers[0]!;
        assert.ok(Math.abs(f.writes.generated / 86_400_000 - 1) < 0.01, `${f.writes.generated} writes`);
        assert.ok(Math.abs(f.writes.failed - 6000) <= 5 * Math.sqrt(6000), `${f.writes.failed} failed`);
        assert.match(r.failovers[0]!.sampled!.reason, /all of the 100 ms before the kill \(where acknowledged writes are lost\)/);
      });

      it('spread over seeds 1-20 in a 1-hour scenario is Poisson(100): mean within ±10%, every seed within ±30%, variance/mean within the 99.9% chi-square interval', () => {
        // Tolerances: the mean of 20 has a standard error of 10/√20 = 2.2, so ±10 (4.5 standard
        // errors) cannot fail by chance with fixed seeds yet catches a 10% bias; ±30 per seed is
        // 3σ of one Poisson(100) count; for a Poisson count 19·s²/mean follows chi-square with 19
        // degrees of freedom, whose 0.1% and 99.9% points are 5.41 and 43.82, so s²/mean lies in
        // [0.28, 2.31]. Thinning writes at a rate r and multiplying by 1/r gives s²/mean ≈ 1/r: the
        // even thinning of an hour (r ≈ 2%) would show ~45.
        const text = constantLag('1h', '30m');
        const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
        const lost = seeds.map((seed) => run(text, 0, { seed }).failovers[0]!.writes.lost);
        const m = mean(lost);
        assert.ok(Math.abs(m - 100) <= 10, `mean ${m} of ${lost.join(', ')}`);
        for (const [i, l] of lost.entries()) assert.ok(Math.abs(l - 100) <= 30, `seed ${seeds[i]}: lost ${l}`);
        const variance = lost.reduce((a, l) => a + (l - m) ** 2, 0) / (lost.length - 1);
        assert.ok(variance / m >= 5.41 / 19 && variance / m <= 43.82 / 19, `variance/mean ${variance / m} of ${lost.join(', ')}`);
      });
    });

    it('async, lognormal lag (p50 50 ms, p99 500 ms), 1,000 writes/s: lost ≈ λ·E[L], E[L] = exp(μ + σ²/2) ≈ 81.6 (Poisson thinning: a write is lost when its own lag outlives the kill); mean of 8 seeds within ±3·√81.6/√8', () => {
      const text = killFile({ mode: 'async', replicas: 1, lag: { p50: '50ms', p99: '500ms' }, failover: { mode: 'automatic', detection: '5s', promotion: '1s' } });
      const { mu, sigma } = lognormalFromPercentiles(50, 500);
      const expected = (1000 * lognormalMean(mu, sigma)) / 1000;
      assert.ok(Math.abs(expected - 81.6) < 0.5);
      const lost = SEEDS.map((seed) => run(text, 0, { seed }).failovers[0]!.writes.lost);
      assert.ok(Math.abs(mean(lost) - expected) <= (3 * Math.sqrt(expected)) / Math.sqrt(SEEDS.length), `mean ${mean(lost)} vs ${expected}`);
    });

    it('async with two replicas loses no more than with one: the most advanced of two is promoted (same seeds, same lag)', () => {
      const one = killFile({ mode: 'async', replicas: 1, lag: { p50: '50ms', p99: '500ms' }, failover: { mode: 'automatic', detection: '1s', promotion: '1s' } });
      const two = killFile({ mode: 'async', replicas: 2, lag: { p50: '50ms', p99: '500ms' }, failover: { mode: 'automatic', detection: '1s', promotion: '1s' } });
      const l1 = mean(SEEDS.map((seed) => run(one, 0, { seed }).failovers[0]!.writes.lost));
      const l2 = mean(SEEDS.map((seed) => run(two, 0, { seed }).failovers[0]!.writes.lost));
      assert.ok(l2 < l1, `${l2} < ${l1}`);
    });

    it('sync and semi-sync without a timeout lose no acknowledged write (every acknowledged write is on a replica), over 8 seeds; writes in flight at the kill fail instead', () => {
      for (const mode of ['sync', 'semiSync']) {
        const text = killFile({ mode, replicas: 2, lag: { p50: '20ms', p99: '400ms' }, failover: { mode: 'automatic', detection: '5s', promotion: '2s' } }, { readFraction: 0.5 });
        for (const seed of SEEDS) {
          const f = run(text, 0, { seed }).failovers[0]!;
          assert.equal(f.writes.lost, 0, `${mode} seed ${seed}`);
          assert.equal(f.writes.timedOutToAsync, 0);
          assert.ok(f.writes.failed > 0);
        }
      }
    });

    it('semi-sync whose replicas are farther than semiSyncTimeout acknowledges alone, says so, and then loses writes like async; with the same timeout and replicas one zone away it never does', () => {
      // The primary waits for a replica's receipt, said back: the round trip, 80 ms to the other region, past the 20 ms timeout.
      const across = (zones: string[]) => file(
        { clients: { kind: 'client', calls: ['db'] }, db: { kind: 'database', consistency: 'eventual', zones, replication: { mode: 'semiSync', replicas: 2, semiSyncTimeout: '20ms', lag: { p50: '60ms', p99: '300ms' }, failover: { mode: 'automatic', detection: '2s', promotion: '1s' } } } },
        [{ name: 'kill', duration: '40s', faults: [{ at: '30s', kill: 'db' }] }],
        { workload: { peakRps: 1000, readFraction: 0 }, ...(zones.some((z) => z.startsWith('eu')) ? { network: { rtt: [{ between: ['us-east-1', 'eu-west-1'], rtt: '80ms' }] } } : {}) },
      );
      const r = run(across(['us-east-1a', 'eu-west-1a', 'eu-west-1b']));
      const f = r.failovers[0]!;
      // Every write but those failed at the kill times out: 1,000 writes/s for 30 s.
      assert.ok(f.writes.timedOutToAsync > 25_000, `${f.writes.timedOutToAsync}`);
      // After the fallback a write is lost when the promoted replica had not received it: the 40 ms one way before the kill, about 40 writes.
      assert.ok(f.writes.lost > 0 && f.writes.lost < 100, `${f.writes.lost}`);
      assert.ok(r.notes.some((n) => n.includes('semi-sync timed out')), r.notes.join('\n'));
      // Replicas 1 ms away receive every write in time, however slowly they apply it (p50 60 ms): nothing times out, nothing is lost.
      const near = run(across(['us-east-1a', 'us-east-1b', 'us-east-1c'])).failovers[0]!;
      assert.equal(near.writes.timedOutToAsync, 0);
      assert.equal(near.writes.lost, 0);
    });

    it('write downtime is detection + promotion; without a declared detection a balancer\'s health check gives it (threshold x interval + timeout), else 10 s is assumed and noted', () => {
      const declared = run(killFile({ mode: 'async', replicas: 1, failover: { mode: 'automatic', detection: '7s', promotion: '3s' } }));
      assert.equal(declared.failovers[0]!.writeDowntimeMs, 10_000);
      assert.equal(declared.metrics.writeDowntimeMs, 10_000);
      const viaLb = run(file(
        {
          clients: { kind: 'client', calls: ['lb'] },
          lb: { kind: 'loadBalancer', instances: 2, healthCheck: { interval: '1s', unhealthyThreshold: 3, timeout: '200ms' }, calls: ['db'] },
          db: { kind: 'database', replication: { mode: 'sync', replicas: 1, failover: { mode: 'automatic', promotion: '1s' } } },
        },
        [{ name: 'kill', duration: '40s', faults: [{ at: '10s', kill: 'db' }] }],
      ));
      assert.equal(viaLb.failovers[0]!.detectionMs, 3200);
      assert.equal(viaLb.failovers[0]!.detectionSource, 'health check of lb');
      const assumed = run(killFile({ mode: 'async', replicas: 1, failover: { mode: 'automatic', promotion: '1s' } }));
      assert.equal(assumed.failovers[0]!.detectionMs, 10_000);
      assert.ok(assumed.notes.some((n) => n.includes('10 s to detect')));
      assert.ok(assumed.notes.some((n) => n.includes('p50 10 ms, p99 100 ms assumed')), 'undeclared lag is assumed and said');
    });

    it('manual failover: writes stay down to the end of the run, flagged unbounded (never Infinity), and a downtime budget cannot hold', () => {
      const r = run(killFile({ mode: 'async', replicas: 2, failover: { mode: 'manual' } }, { duration: '2m', at: '100s', expect: { writeDowntime: '1h' } }));
      const f = r.failovers[0]!;
      assert.equal(f.writeDowntimeMs, 20_000);
      assert.equal(f.unbounded, true);
      assert.equal(f.writes.lost, 0, 'nothing promoted: acknowledged writes wait on the dead primary');
      assert.deepEqual(r.metrics.unbounded, ['writeDowntime']);
      assert.equal(r.budgets[0]!.held, false);
      assert.equal(r.budgets[0]!.unbounded, true);
      assert.ok(r.notes.some((n) => n.includes('stay down until the end of the run')));
    });

    it('says what failover is declared: manual, disabled, or none at all', () => {
      // Regression: without a failover block the note read "db: failover is none: ...".
      const noteOf = (failover: Record<string, unknown> | undefined) => run(killFile({ mode: 'async', replicas: 2, ...(failover ? { failover } : {}) })).notes.find((n) => n.includes('stay down until the end of the run'));
      assert.match(noteOf(undefined) ?? '', /^db: no failover is declared: writes to it stay down/);
      assert.match(noteOf({ mode: 'none' }) ?? '', /^db: failover is disabled: writes to it stay down/);
      assert.match(noteOf({ mode: 'manual' }) ?? '', /^db: failover is manual: writes to it stay down/);
    });

    it('a store without replicas fails its writes and reads until it is restored; nothing acknowledged is lost', () => {
      const r = run(killFile({ mode: 'async', replicas: 0 }, { readFraction: 0.5, faults: [{ at: '10s', kill: 'db' }, { at: '25s', restore: 'db' }] }));
      const f = r.failovers[0]!;
      assert.equal(f.topology, 'unreplicated');
      assert.equal(f.writeDowntimeMs, 15_000);
      assert.equal(f.unbounded, false);
      // 500 writes/s and 500 reads/s for 15 s: Poisson counts, ±5σ.
      assert.ok(Math.abs(f.writes.failed - 7500) < 5 * Math.sqrt(7500), `${f.writes.failed}`);
      assert.ok(Math.abs(f.reads.failed - 7500) < 5 * Math.sqrt(7500), `${f.reads.failed}`);
      assert.equal(r.requests.total.failed, 15_000, 'every request in the outage failed (1,000 rps x 15 s)');
    });

    it('a leaderless store losing one node of n = 3 with w = r = 2 keeps its quorums: nothing fails, and the note says so', () => {
      const r = run(file(
        { clients: { kind: 'client', calls: ['kv'] }, kv: { kind: 'database', instances: 3, cap: 'AP', consistency: 'eventual', replication: { topology: 'leaderless', replicas: 2, quorum: { n: 3, r: 2, w: 2 } } } },
        [{ name: 'node dies', faults: [{ at: '10s', kill: 'kv#1' }] }],
      ));
      assert.equal(r.failovers[0]!.writes.failed, 0);
      assert.equal(r.metrics.failedRequests, 0);
      assert.ok(r.notes.some((n) => n.includes('both quorums still form')));
      assert.ok(r.notes.some((n) => n.includes('faults were injected, yet no request failed')));
    });

    it('stale reads: the failover simulation (constant lag, reads at the replica) matches the closed form Σ p·(1 - e^(-λ p W)) within ±0.01 (W = 100 ms, λ = 200 writes/s over 100 uniform keys: 1 - e^-0.2 = 0.181)', () => {
      const text = file(
        { clients: { kind: 'client', calls: ['db'] }, db: { kind: 'database', consistency: 'eventual', replication: { mode: 'async', replicas: 1, readsFrom: 'replicas', lag: { p50: '100ms', p99: '100ms' }, failover: { mode: 'automatic' } } } },
        [{ name: 'steady', duration: '60s', faults: [{ at: '59999ms', kill: 'db' }] }],
        { workload: { peakRps: 1000, readFraction: 0.8, keys: { distribution: 'uniform', cardinality: 100 } } },
      );
      const r = run(text);
      const expected = 1 - Math.exp(-0.2);
      assert.ok(Math.abs(r.staleReads[0]!.staleReadFraction - expected) < 1e-4, `${r.staleReads[0]!.staleReadFraction}`);
      assert.ok(Math.abs(r.failovers[0]!.staleReadFraction - expected) < 0.01, `${r.failovers[0]!.staleReadFraction}`);
      const sync = run(text.replace('"async"', '"sync"'));
      assert.equal(sync.staleReads.length, 1);
      assert.equal(sync.staleReads[0]!.staleReadFraction, 0, 'sync replicas have every acknowledged write');
    });

    it('a day-long run simulates in full the round trip before the kill where a semi-sync primary past its timeout loses writes, not only the lag window (1 ms here): about 20 lost at 1,000 writes/s, not 0 or thousands scaled up', () => {
      // Replicas 80 ms away, timeout 20 ms: a write is acknowledged 20 ms after it arrives and received 40 ms after, so
      // the writes of (kill - 40 ms, kill - 20 ms] are lost: Poisson(20), within (0, 20 + 5·√20] for every seed.
      const text = file(
        { clients: { kind: 'client', calls: ['db'] }, db: { kind: 'database', consistency: 'eventual', zones: ['us-east-1a', 'eu-west-1a'], replication: { mode: 'semiSync', replicas: 1, semiSyncTimeout: '20ms', lag: { p50: '1ms', p99: '1ms' }, failover: { mode: 'automatic', detection: '2s', promotion: '1s' } } } },
        [{ name: 'kill', duration: '1d', faults: [{ at: '12h', kill: 'db' }] }],
        { workload: { peakRps: 1000, readFraction: 0 }, network: { rtt: [{ between: ['us-east-1', 'eu-west-1'], rtt: '80ms' }] } },
      );
      for (const seed of [1, 2, 3, 4]) {
        const f = run(text, 0, { seed }).failovers[0]!;
        assert.ok(f.sampled, 'a day of writes is more than the event budget');
        assert.ok(f.writes.lost > 0 && f.writes.lost <= 20 + 5 * Math.sqrt(20), `seed ${seed}: lost ${f.writes.lost}`);
      }
    });

    // Regression: the simulation and the closed form took one lag draw as both a replica's receipt and its apply, so a
    // semi-sync store's single replica (acknowledged on its receipt) was never stale there, while the stale-read rule
    // said it was. Waiting for a receipt does not wait for the apply: a read at the replica misses what it has received
    // and not yet applied.
    it('semi-sync stale reads: acknowledged on the nearest replica\'s receipt (its round trip), visible there after the lag; the simulation and the closed form agree within ±0.01', () => {
      const text = (zones: string[] | undefined, replicas: number) => file(
        { clients: { kind: 'client', calls: ['db'] }, db: { kind: 'database', consistency: 'eventual', ...(zones ? { zones } : {}), replication: { mode: 'semiSync', replicas, readsFrom: 'replicas', lag: { p50: '100ms', p99: '100ms' }, failover: { mode: 'automatic' } } } },
        [{ name: 'steady', duration: '60s', faults: [{ at: '59999ms', kill: 'db' }] }],
        { workload: { peakRps: 1000, readFraction: 0.8, keys: { distribution: 'uniform', cardinality: 100 } }, network: { zoneRtt: '10ms' } },
      );
      // No zones: the receipt takes no time, so the write is acknowledged at once and applied 100 ms later, as async: 1 - e^-0.2.
      // Replicas 10 ms away: acknowledged at 10 ms, applied at 100 ms, a window of 90 ms: 1 - e^-(200 × 0.09).
      for (const [zones, replicas, windowS] of [[undefined, 1, 0.1], [['zone-1a', 'zone-1b'], 1, 0.09], [['zone-1a', 'zone-1b', 'zone-1c'], 2, 0.09]] as const) {
        const r = run(text(zones as string[] | undefined, replicas));
        const expected = 1 - Math.exp((-200 * windowS) / 100);
        assert.ok(Math.abs(r.staleReads[0]!.staleReadFraction - expected) < 1e-4, `${zones}: closed form ${r.staleReads[0]!.staleReadFraction} against ${expected}`);
        assert.ok(Math.abs(r.failovers[0]!.staleReadFraction - expected) < 0.01, `${zones}: simulated ${r.failovers[0]!.staleReadFraction} against ${expected}`);
      }
    });
  });

  describe('balancing held to the health-check arithmetic', () => {
    const pool = (lb: Record<string, unknown>, faults: unknown[], instances = 4) =>
      file(
        { clients: { kind: 'client', calls: ['lb'] }, lb: { kind: 'loadBalancer', instances: 2, ...lb, calls: ['api'] }, api: { kind: 'service', instances, capacity: { latency: '20ms' } } },
        [{ name: 'pool', duration: '60s', faults }],
        { workload: { peakRps: 400, readFraction: 1 } },
      );
    const hc = { interval: '2s', unhealthyThreshold: 3, timeout: '500ms' };

    for (const algorithm of ['roundRobin', 'leastConnections', 'random', 'powerOfTwoChoices', 'weighted', 'consistentHash']) {
      it(`${algorithm}: a dead server is out after 3 failed checks, in [(3-1)·2 s + 0.5 s, 3·2 s + 0.5 s]; failed requests ≈ its share (100 rps) x detection, ±25%`, () => {
        const r = run(pool({ algorithm, healthCheck: hc }, [{ at: '10s', kill: 'api#1' }]));
        const p = r.pools[0]!;
        const f = p.faults[0]!;
        assert.ok(f.removedAtMs !== undefined && f.detectionMs >= 4500 && f.detectionMs <= 6500, JSON.stringify(f));
        const expected = (100 * f.detectionMs) / 1000;
        assert.ok(Math.abs(p.failedDuringDetection - expected) <= 0.25 * expected, `${p.failedDuringDetection} vs ${expected}`);
        assert.equal(r.metrics.detectionTimeMs, f.detectionMs);
        assertConserved(r);
      });
    }

    it('without health checks a dead server is never taken out: its share fails to the end (100 rps x 50 s ± 5%), detection flagged unbounded', () => {
      const r = run(pool({ algorithm: 'roundRobin' }, [{ at: '10s', kill: 'api#1' }]));
      const f = r.pools[0]!.faults[0]!;
      assert.equal(f.removedAtMs, undefined);
      assert.equal(f.unbounded, true);
      assert.match(f.why!, /no health check/);
      assert.ok(Math.abs(r.pools[0]!.requests.failed - 5000) <= 250, `${r.pools[0]!.requests.failed}`);
      assert.deepEqual(r.metrics.unbounded, ['detectionTime']);
    });

    it('per-server counters: they add up to the pool\'s requests; round robin gives the three healthy servers equal shares (±2%) and the server killed at 10 s its 100 rps only until health checks take it out (±10%)', () => {
      const r = run(pool({ algorithm: 'roundRobin', healthCheck: hc }, [{ at: '10s', kill: 'api#1' }]));
      const p = r.pools[0]!;
      assert.deepEqual(p.perServer.map((s) => s.instance), [0, 1, 2, 3]);
      const total = p.perServer.reduce((a, s) => a + s.requests, 0);
      assert.ok(Math.abs(total - p.requests.generated) <= p.perServer.length, `${total} vs ${p.requests.generated}`);
      const healthy = [0, 2, 3].map((i) => p.perServer[i]!.requests);
      for (const h of healthy) assert.ok(Math.abs(h / mean(healthy) - 1) < 0.02, `${healthy}`);
      // In rotation for 10 s + detection of the 60 s: 100 rps, against the others' 100 rps then 133 rps.
      const dead = p.perServer[1]!.requests;
      const expected = 100 * (10 + p.faults[0]!.detectionMs / 1000);
      assert.ok(Math.abs(dead - expected) <= 0.1 * expected, `${dead} vs ${expected}`);
    });

    it('a slow server is taken out only when the check times out before it answers (timeout 500 ms < 2 s), not with timeout 5 s or none', () => {
      const slow = [{ at: '10s', slow: 'api#2', latency: '2s' }];
      const caught = run(pool({ algorithm: 'roundRobin', healthCheck: hc }, slow)).pools[0]!;
      assert.ok(caught.faults[0]!.removedAtMs !== undefined && caught.faults[0]!.detectionMs <= 6500);
      assert.ok(caught.requests.slow > 0 && caught.requests.failed === 0);
      const longTimeout = run(pool({ algorithm: 'roundRobin', healthCheck: { ...hc, timeout: '5s' } }, slow)).pools[0]!;
      assert.equal(longTimeout.faults[0]!.removedAtMs, undefined);
      assert.match(longTimeout.faults[0]!.why!, /not shorter than the slowness/);
      const noTimeout = run(pool({ algorithm: 'roundRobin', healthCheck: { interval: '2s', unhealthyThreshold: 3 } }, slow)).pools[0]!;
      assert.match(noTimeout.faults[0]!.why!, /no timeout/);
      // Round robin keeps sending it a quarter: 100 rps for 50 s, all slow (±5%).
      assert.ok(Math.abs(noTimeout.requests.slow - 5000) <= 250, `${noTimeout.requests.slow}`);
    });

    it('a restored server is back after healthyThreshold (2) passing checks: within (2-1)·2 s to 2·2 s of the restore', () => {
      const p = run(pool({ algorithm: 'roundRobin', healthCheck: hc }, [{ at: '10s', kill: 'api#1' }, { at: '30s', restore: 'api#1' }])).pools[0]!;
      const f = p.faults[0]!;
      assert.equal(f.endMs, 30_000);
      const back = f.backInRotationAtMs! - 30_000;
      assert.ok(back >= 2000 && back <= 4100, `${back}`);
    });

    it('a slow dependency holds its callers\' connections: Little\'s law, in flight = rate x latency, past the pool means refusals', () => {
      // 100 rps each needing 2 s of payments: 200 connections in flight, on a pool of 2 x 50.
      const r = run(file(
        {
          clients: { kind: 'client', calls: ['apis'] },
          apis: { kind: 'service', instances: 2, capacity: { latency: '50ms', connectionPool: 50 }, calls: ['payments'] },
          payments: { kind: 'service', instances: 2, capacity: { latency: '100ms' } },
        },
        [{ name: 'slow', duration: '60s', faults: [{ at: '10s', slow: 'payments#0', latency: '2s', duration: '40s' }, { at: '10s', slow: 'payments#1', latency: '2s', duration: '40s' }] }],
        { workload: { peakRps: 100, readFraction: 1 } },
      ));
      // Held: 100 x (0.05 + 1.9 + 0.1) = 205 for 100 connections: about half refused for 40 s (1 - 100/205 ≈ 0.51).
      const refused = r.requests.total.rejected / (100 * 40);
      assert.ok(refused > 0.4 && refused < 0.6, `${refused}`);
      // An id ending in s takes the apostrophe alone (it read "apis's connection pool").
      assert.ok(r.notes.some((n) => n.includes("holds apis' connection pool")), r.notes.join('\n'));
    });
  });

  describe('capacity', () => {
    it('a tier at exactly 100% is saturated, not past it, whatever float residue the arithmetic leaves', () => {
      // Regression: 1.0000000000000002 refused 2.2e-16 of the requests ("refuses 0%" in scale simulate), and
      // 0.9999999999999998 was a stable queue with an astronomical wait instead of an unbounded one.
      const at100 = (op: 'read' | 'write', peakRps: number, readFraction: number, rps: number) => run(file(
        {
          a: { kind: 'client', share: 0.1, calls: ['api'] },
          b: { kind: 'client', share: 0.2, calls: ['api'] },
          c: { kind: 'client', share: 0.7, calls: ['api'] },
          api: { kind: 'service', instances: 2, calls: [{ to: 'db', op }] },
          db: { kind: 'service', instances: 3, capacity: { rps } },
        },
        [{ name: 'steady', duration: '10s', faults: [] }],
        { workload: { peakRps, readFraction } },
      ));
      for (const r of [at100('write', 1000, 0.7, 100), at100('read', 21_000, 0.7, 4900)]) {
        const db = r.capacity.tiers.find((t) => t.component === 'db')!;
        assert.equal(db.utilization, 1);
        assert.equal(db.rejectedFraction, 0);
        assert.deepEqual(r.capacity.overloaded, []);
        assert.equal(r.requests.total.rejected, 0);
        assert.equal(r.capacity.busiest?.unbounded, true, JSON.stringify(r.capacity.busiest));
      }
    });

    it('a tier at utilization u refuses 1 - 1/u of its requests (u = 1.5: a third); the first tier to saturate is named with ceiling = peak / u', () => {
      const r = run(file(
        { clients: { kind: 'client', calls: ['api'] }, api: { kind: 'service', instances: 2, capacity: { rps: 100 } } },
        [{ name: '10x', duration: '10s', workload: { peakRps: 300 } }],
      ));
      assert.equal(r.requests.total.generated, 3000);
      assert.ok(Math.abs(r.requests.total.rejected - 1000) <= 1);
      assert.deepEqual(r.capacity.firstToSaturate, { component: 'api', resource: 'request rate', ceilingRps: 200, utilization: 1.5 });
      assert.equal(r.capacity.busiest!.stable, false);
      assert.equal(r.capacity.busiest!.meanWaitMs, undefined);
      assert.equal(r.capacity.busiest!.unbounded, true);
    });

    it('tiers in series: a request is served only if every tier accepts it; what an upstream tier refuses never reaches the next (lb at 2x, api exactly full: half served)', () => {
      const r = run(file(
        { clients: { kind: 'client', calls: ['lb'] }, lb: { kind: 'loadBalancer', instances: 1, capacity: { rps: 200 }, calls: ['api'] }, api: { kind: 'service', instances: 2, capacity: { rps: 100 } } },
        [{ name: '2x', duration: '10s', workload: { peakRps: 400 } }],
      ));
      assert.equal(r.requests.total.served, 2000);
      assert.equal(r.requests.total.rejected, 2000);
    });

    it('the busiest tier\'s queue is M/M/c with c = its nodes (Erlang C, Kleinrock §3.5): the same mean wait as queueing.ts', () => {
      const r = run(file(
        { clients: { kind: 'client', calls: ['api'] }, api: { kind: 'service', instances: 2, capacity: { rps: 100 } } },
        [{ name: 'steady', duration: '10s', workload: { peakRps: 150 } }],
      ));
      const b = r.capacity.busiest!;
      assert.equal(b.stable, true);
      const m = mmc(150, 100, 2);
      assert.ok(Math.abs(b.meanWaitMs! / (m.meanWait * 1000) - 1) < 1e-5, `${b.meanWaitMs} vs ${m.meanWait * 1000}`);
    });
  });

  describe('zone and region outages', () => {
    /** A balanced pool of 8 instances over zones a and b (in turn: #0, #2, #4, #6 in a), with the balancer's health checks; the balancer is in no zone. */
    const zonedPool = (peakRps: number, faults: unknown[], extra: Record<string, unknown> = {}) =>
      file(
        {
          clients: { kind: 'client', calls: ['lb'] },
          lb: { kind: 'loadBalancer', instances: 2, healthCheck: { interval: '2s', unhealthyThreshold: 3, timeout: '500ms' }, calls: ['api'] },
          api: { kind: 'service', instances: 8, zones: ['a', 'b'], capacity: { rps: 100, latency: '20ms' } },
          ...extra,
        },
        [{ name: 'zone a down', duration: '60s', faults }],
        { workload: { peakRps, readFraction: 1 } },
      );

    it('killing zone a kills the 4 of 8 instances placed there (#0, #2, #4, #6): the other 4 serve 300 rps after detection, nothing refused, and a note gives the capacity left, 4 × 100 = 400 rps: 133% of peak', () => {
      const r = run(zonedPool(300, [{ at: '10s', kill: { zone: 'a' } }]));
      const p = r.pools.find((x) => x.component === 'api')!;
      assert.deepEqual(p.faults.map((f) => [f.instance, f.kind]), [[0, 'kill'], [2, 'kill'], [4, 'kill'], [6, 'kill']]);
      for (const f of p.faults) assert.ok(f.removedAtMs !== undefined && f.detectionMs <= 6500, JSON.stringify(f));
      // Half the requests fail while the dead half is in rotation: 150 rps x detection (4.5 to 6.5 s), ±25%.
      const detection = Math.max(...p.faults.map((f) => f.detectionMs)) / 1000;
      assert.ok(p.requests.failed > 150 * 4 * 0.75 && p.requests.failed < 150 * detection * 1.25, `${p.requests.failed}`);
      assert.equal(r.requests.total.rejected, 0, 'the 4 left carry 300 rps within their 400');
      // The request accounting takes the pool's failed share bucket by bucket: the same figure within a few percent.
      assert.ok(Math.abs(r.requests.total.failed - p.requests.failed) < 0.05 * p.requests.failed, `${r.requests.total.failed} vs ${p.requests.failed}`);
      assert.ok(r.notes.includes('losing zone a at 10 s kills api (4 of 8 instances)'), r.notes.join('\n'));
      assert.ok(r.notes.includes('losing zone a at 10 s leaves api 4 of 8 instances: 4 × 100 = 400 rps, 133% of the 300 rps it takes at peak'), r.notes.join('\n'));
      assertConserved(r);
    });

    it('when the zone left is too small, the rest past its capacity is refused: 500 rps on 4 × 100 refuses 1 - 400/500 = 20% once the dead are out, and the note says 80%', () => {
      const r = run(zonedPool(500, [{ at: '10s', kill: { zone: 'a' } }]));
      assert.ok(r.notes.includes('losing zone a at 10 s leaves api 4 of 8 instances: 4 × 100 = 400 rps, 80% of the 500 rps it takes at peak'), r.notes.join('\n'));
      // Out of rotation from about 16 s to 60 s: 20% of 500 rps x ~44 s ≈ 4,400, ±15%.
      const removed = Math.max(...r.pools[0]!.faults.map((f) => f.removedAtMs!));
      const expected = 0.2 * 500 * (60 - removed / 1000);
      assert.ok(Math.abs(r.requests.total.rejected - expected) < 0.15 * expected, `${r.requests.total.rejected} vs ${expected}`);
      assertConserved(r);
    });

    it('restoring zone a brings its instances back: each fault ends at the restore and the pool puts them back in rotation', () => {
      const r = run(zonedPool(300, [{ at: '10s', kill: { zone: 'a' } }, { at: '30s', restore: { zone: 'a' } }]));
      const p = r.pools[0]!;
      assert.equal(p.faults.length, 4);
      for (const f of p.faults) {
        assert.equal(f.endMs, 30_000);
        assert.ok(f.backInRotationAtMs !== undefined && f.backInRotationAtMs > 30_000 && f.backInRotationAtMs <= 34_000, JSON.stringify(f));
      }
      assertConserved(r);
    });

    it('a store whose primary is in the zone fails over to its replica in the other zone (detection + promotion), losing the async writes in flight', () => {
      const text = file(
        { clients: { kind: 'client', calls: ['db'] }, db: { kind: 'database', zones: ['a', 'b'], consistency: 'eventual', replication: { mode: 'async', replicas: 1, lag: { p50: '100ms', p99: '100ms' }, failover: { mode: 'automatic', detection: '5s', promotion: '2s' } } } },
        [{ name: 'zone a down', duration: '60s', faults: [{ at: '30s', kill: { zone: 'a' } }] }],
        { workload: { peakRps: 1000, readFraction: 0 } },
      );
      const r = run(text);
      assert.equal(r.failovers.length, 1);
      const f = r.failovers[0]!;
      assert.deepEqual([f.component, f.instance, f.replicas, f.failover], ['db', 0, 1, 'automatic']);
      assert.equal(f.writesResumedAtMs, 37_000);
      assert.ok(f.writes.lost > 50 && f.writes.lost < 150, `${f.writes.lost}`);
      assert.equal(r.metrics.lostWrites, f.writes.lost);
      assertConserved(r);
    });

    it('a store whose primary and replicas are all in the zone has nothing to fail over to: writes fail until the zone is restored, and the note says why', () => {
      const text = file(
        { clients: { kind: 'client', calls: ['db'] }, db: { kind: 'database', zones: ['a'], consistency: 'eventual', replication: { mode: 'async', replicas: 1, failover: { mode: 'automatic' } } } },
        [{ name: 'zone a down', duration: '60s', faults: [{ at: '10s', kill: { zone: 'a' } }, { at: '40s', restore: { zone: 'a' } }] }],
        { workload: { peakRps: 1000, readFraction: 0 } },
      );
      const r = run(text);
      const f = r.failovers[0]!;
      assert.equal(f.replicas, 0);
      assert.equal(f.writesResumedAtMs, 40_000);
      assert.equal(f.writes.lost, 0);
      assert.equal(r.requests.total.failed, 30_000, '1,000 writes/s for the 30 s the zone is down');
      assert.ok(r.notes.some((n) => n.includes('db#0 and its replica are all in zone a: nothing to fail over to')), r.notes.join('\n'));
      assertConserved(r);
    });

    it('a zone holding only a store\'s replica: sync replication stops the primary\'s writes until the zone is restored (1,000 writes/s x 20 s, counted as write downtime); async keeps writing', () => {
      const text = (mode: string) => file(
        { clients: { kind: 'client', calls: ['db'] }, db: { kind: 'database', zones: ['a', 'b'], replication: { mode, replicas: 1, failover: { mode: 'automatic' } } } },
        [{ name: 'zone b down', duration: '40s', faults: [{ at: '10s', kill: { zone: 'b' } }, { at: '30s', restore: { zone: 'b' } }] }],
        { workload: { peakRps: 1000, readFraction: 0 } },
      );
      const sync = run(text('sync'));
      assert.deepEqual(sync.failovers, [], 'the primary (in zone a) does not fail over');
      assert.equal(sync.requests.writes.failed, 20_000);
      assert.equal(sync.metrics.writeDowntimeMs, 20_000);
      assert.ok(sync.notes.includes('losing zone b at 10 s takes 1 of db\'s 1 replica and none of its primaries: sync replication waits for every replica, so writes to it fail until the zone is restored at 30 s'), sync.notes.join('\n'));
      assertConserved(sync);
      const async = run(text('async'));
      assert.equal(async.requests.total.failed, 0);
      assert.ok(async.notes.includes('losing zone b at 10 s takes 1 of db\'s 1 replica and none of its primaries: they keep taking writes'), async.notes.join('\n'));
    });

    it('the notes on replicas an outage takes spell the possessive of a store named with a final s as "urls\'", not "urls\'s"', () => {
      const notes = (zones: string[]) => run(file(
        { clients: { kind: 'client', calls: ['urls'] }, urls: { kind: 'database', zones, sharding: { strategy: 'modulo', shards: 2 }, replication: { mode: 'async', replicas: 1, failover: { mode: 'automatic' } } } },
        [{ name: 'zone b down', duration: '20s', faults: [{ at: '10s', kill: { zone: 'b' } }] }],
      )).notes;
      // Zones a, b: shard 1's primary and shard 0's replica are in b.
      const two = notes(['a', 'b']);
      assert.ok(two.includes('losing zone b at 10 s takes 1 replica of urls\' primaries outside it: they keep taking writes'), two.join('\n'));
      // Zones a, c, b: b holds shard 1's replica (its primary is in c) and no primary.
      const three = notes(['a', 'c', 'b']);
      assert.ok(three.includes('losing zone b at 10 s takes 1 of urls\' 2 replicas and none of its primaries: they keep taking writes'), three.join('\n'));
    });

    it('a region outage kills every component in the region, and only those: the region\'s pool and store fail, the other region\'s pool is untouched', () => {
      const text = file(
        {
          'clients-east': { kind: 'client', region: 'us-east', calls: ['east'] },
          'clients-west': { kind: 'client', region: 'eu-west', calls: ['west'] },
          east: { kind: 'service', instances: 2, region: 'us-east', calls: ['db'] },
          west: { kind: 'service', instances: 2, region: 'eu-west' },
          db: { kind: 'database', region: 'us-east' },
        },
        [{ name: 'us-east down', duration: '60s', faults: [{ at: '30s', kill: { region: 'us-east' } }] }],
        { workload: { peakRps: 1000, readFraction: 0.5 } },
      );
      const r = run(text);
      assert.deepEqual(r.pools.map((p) => p.component), ['east']);
      assert.deepEqual(r.pools[0]!.faults.map((f) => f.instance), [0, 1]);
      assert.deepEqual(r.failovers.map((f) => f.component), ['db']);
      // Half the requests enter in the east, and every one of them fails for the last 30 s: 500 rps x 30 s.
      assert.equal(r.requests.total.failed, 15_000);
      assert.ok(r.notes.some((n) => n.startsWith('losing region us-east at 30 s kills east (2 of 2 instances) and db (#0)')), r.notes.join('\n'));
      assertConserved(r);
    });

    it('a zone of a region counts as in it ("us-east-1a" is in "us-east-1", as partitions read it); a zone where only clients are kills nothing and says so', () => {
      const text = file(
        { clients: { kind: 'client', region: 'us-east-1', zones: ['us-east-1c'], calls: ['api'] }, api: { kind: 'service', instances: 4, zones: ['us-east-1a', 'us-east-1b'] } },
        [
          { name: 'region', duration: '20s', faults: [{ at: '10s', kill: { region: 'us-east-1' } }] },
          { name: 'empty zone', duration: '20s', faults: [{ at: '10s', kill: { zone: 'us-east-1c' } }] },
        ],
      );
      const t = topologyOf(text);
      assert.deepEqual(runScenario(t, 0).pools[0]!.faults.map((f) => f.instance), [0, 1, 2, 3]);
      const empty = runScenario(t, 1);
      assert.deepEqual(empty.pools, []);
      assert.ok(empty.notes.some((n) => n.includes('zone us-east-1c holds no instance to kill')), empty.notes.join('\n'));
    });

    it('a leaderless store over zones a and b (nodes in turn: #0 and #2 in a) losing zone a keeps 1 of n = 3: writes with w = 2 fail for the outage, reads with r = 1 go on', () => {
      const r = run(file(
        { clients: { kind: 'client', calls: ['kv'] }, kv: { kind: 'database', zones: ['a', 'b'], cap: 'AP', consistency: 'eventual', replication: { topology: 'leaderless', replicas: 2, quorum: { n: 3, r: 1, w: 2 } } } },
        [{ name: 'zone a down', duration: '20s', faults: [{ at: '10s', kill: { zone: 'a' } }] }],
        { workload: { peakRps: 1000, readFraction: 0.5 } },
      ));
      const f = r.failovers[0]!;
      assert.deepEqual([f.replicas, f.writes.failed, f.reads.failed], [1, 5000, 0]);
      assert.ok(r.notes.some((n) => n.startsWith('kv: 2 nodes of n = 3 down leaves 1: writes (w = 2)')), r.notes.join('\n'));
      assertConserved(r);
    });

    it('bounded: a zone holding half of 10^6 instances and of 10^6 shards\' primaries finishes well under a second, follows 64 of each one by one and says so', () => {
      const text = file(
        { clients: { kind: 'client', calls: ['api'] }, api: { kind: 'service', instances: 1_000_000, zones: ['a', 'b'], calls: ['db'] }, db: { kind: 'database', zones: ['a', 'b'], sharding: { strategy: 'modulo', shards: 1_000_000 }, replication: { mode: 'async', replicas: 1, failover: { mode: 'automatic' } } } },
        [{ name: 'zone a down', duration: '60s', faults: [{ at: '10s', kill: { zone: 'a' } }] }],
        { workload: { peakRps: 1e6, readFraction: 0.5 } },
      );
      const t = topologyOf(text);
      const start = performance.now();
      const r = runScenario(t, 0);
      assert.ok(performance.now() - start < 1000, `${performance.now() - start} ms`);
      assert.equal(r.pools[0]!.faults.length, 64);
      assert.equal(r.failovers.length, 64);
      assert.ok(r.notes.includes('api: 500,000 of its instances are in zone a; the simulation follows the first 64 of them one by one, and its figures count only what those do'), r.notes.join('\n'));
      assertConserved(r);
    });

    it('determinism: a zone outage gives byte-identical JSON for the same seed', () => {
      const text = zonedPool(300, [{ at: '10s', kill: { zone: 'a' } }, { at: '30s', restore: { zone: 'a' } }]);
      assert.equal(JSON.stringify(run(text, 0, { seed: 7 })), JSON.stringify(run(text, 0, { seed: 7 })));
    });
  });

  describe('partitions', () => {
    const twoRegions = (store: Record<string, unknown>, scenario: Record<string, unknown>) =>
      file(
        {
          'eu-client': { kind: 'client', share: 0.3, region: 'eu-1', calls: ['eu-api'] },
          'us-client': { kind: 'client', share: 0.7, region: 'us-1', calls: ['us-api'] },
          'eu-api': { kind: 'service', region: 'eu-1', calls: ['store'] },
          'us-api': { kind: 'service', region: 'us-1', calls: ['store'] },
          store: { kind: 'database', ...store },
        },
        [{ name: 'cut', duration: '60s', ...scenario }],
        { workload: { peakRps: 1000, readFraction: 0.5, keys: { distribution: 'uniform', cardinality: 5000 } } },
      );

    it('a CP store wholly on one side refuses every write from the other: 1,000 rps x 30% x 50% writes x 20 s = 3,000 (±1 rounding), and strong reads too', () => {
      const r = run(twoRegions({ region: 'us-1', cap: 'CP', consistency: 'strong' }, { faults: [{ at: '10s', partition: { between: [['eu-1'], ['us-1']] }, duration: '20s' }], expect: { rejectedWrites: 2000 } }));
      assert.ok(Math.abs(r.metrics.rejectedWrites - 3000) <= 1, `${r.metrics.rejectedWrites}`);
      assert.ok(Math.abs(r.requests.reads.rejected - 3000) <= 1);
      assert.equal(r.partitions[0]!.stores[0]!.refusedWrites, 3000);
      assert.equal(r.partitions[0]!.endMs, 30_000);
      assert.deepEqual(r.budgets.map((b) => [b.metric, b.held, b.path]), [['rejectedWrites', false, ['scenarios', 0, 'expect', 'rejectedWrites']]]);
    });

    it('heal ends the partition; a partition never healed lasts to the end of the run', () => {
      const healed = run(twoRegions({ region: 'us-1', cap: 'CP' }, { faults: [{ at: '10s', partition: { between: [['eu-1'], ['us-1']] } }, { at: '15s', heal: true }] }));
      assert.equal(healed.partitions[0]!.endMs, 15_000);
      assert.equal(healed.partitions[0]!.unbounded, false);
      const open = run(twoRegions({ region: 'us-1', cap: 'CP' }, { faults: [{ at: '10s', partition: { between: [['eu-1'], ['us-1']] } }] }));
      assert.equal(open.partitions[0]!.endMs, 60_000);
      assert.equal(open.partitions[0]!.unbounded, true);
    });

    it('an AP store split across the cut accepts both sides and diverges; last-write-wins loses the overwritten side\'s updates, a CRDT none', () => {
      const ap = { zones: ['eu-1a', 'us-1a'], cap: 'AP', consistency: 'eventual', replication: { topology: 'multiLeader', leaders: 2, replicas: 0, conflictResolution: 'lastWriteWins' } };
      const scenario = { faults: [{ at: '10s', partition: { between: [['eu-1'], ['us-1']] }, duration: '20s' }] };
      const r = run(twoRegions(ap, scenario));
      const s = r.partitions[0]!.stores[0]!;
      assert.equal(s.placement, 'split');
      assert.equal(s.acceptedWritesA, 3000);
      assert.equal(s.acceptedWritesB, 7000);
      assert.ok(s.conflictingWrites > 0 && s.lostWrites > 0 && s.lostWrites < s.conflictingWrites);
      assert.equal(r.metrics.conflictingWrites, s.conflictingWrites);
      assert.equal(r.metrics.lostWrites, s.lostWrites);
      assert.equal(r.requests.total.rejected + r.requests.total.failed, 0, 'AP: nothing refused');
      const crdt = run(twoRegions({ ...ap, replication: { ...ap.replication, conflictResolution: 'crdt' } }, scenario));
      assert.equal(crdt.partitions[0]!.stores[0]!.lostWrites, 0);
    });

    it('conflicts drawn write by write agree with the closed form Σ_k [a(1-e^-b) + b(1-e^-a)] and lost = Σ_k 2ab/(a+b)² (a+b-1+e^-(a+b)) within 3% (mean of 6 seeds)', () => {
      const keys = { distribution: 'zipf' as const, cardinality: 20_000, exponent: 1.1, assumed: false };
      const exact = expectedConflicts(keys, 3000, 7000);
      const drawn = [1, 2, 3, 4, 5, 6].map((seed) => drawConflicts(keys, 3000, 7000, seed, 'test'));
      const w = mean(drawn.map((d) => d.writes));
      const l = mean(drawn.map((d) => d.lost));
      const k = mean(drawn.map((d) => d.keys));
      assert.ok(Math.abs(w / exact.writes - 1) < 0.03, `${w} vs ${exact.writes}`);
      assert.ok(Math.abs(l / exact.lost - 1) < 0.03, `${l} vs ${exact.lost}`);
      assert.ok(Math.abs(k / exact.keys - 1) < 0.03, `${k} vs ${exact.keys}`);
      // Past the budget, the closed form is used.
      assert.equal(conflicts(keys, 3000, 7000, 100, 1, 'x').method, 'expected');
      // Sequential ids collide one for one: both sides hand out the same next ids.
      assert.deepEqual(conflicts({ ...keys, distribution: 'sequential' }, 3000, 7000, 1e9, 1, 'x').keys, 3000);
    });
  });

  describe('shard changes', () => {
    const sharded = (sharding: Record<string, unknown>, change: Record<string, unknown>, keys: Record<string, unknown> = { distribution: 'uniform', cardinality: 2_000_000 }) =>
      file(
        { clients: { kind: 'client', calls: ['db'] }, db: { kind: 'database', instances: 4, sharding } },
        [{ name: 'reshard', faults: [{ at: '1s', ...change }], expect: { maxShardLoad: 100 } }],
        { workload: { peakRps: 1000, readFraction: 0.9, keys } },
      );

    it('hash mod N: 64 -> 65 moves exactly 64/65 (moduloMovedFraction: a key stays iff h mod lcm < min)', () => {
      const c = run(sharded({ strategy: 'modulo', shards: 64 }, { addShards: { target: 'db', count: 1 } })).shardChanges[0]!;
      assert.equal(c.method, 'exact');
      assert.ok(Math.abs(c.keysMovedFraction - 64 / 65) < 1e-6);
    });

    it('a ring 64 -> 65 x 160 vnodes moves the new shard\'s arcs: exactly ringMovedFraction of the two rings, about 1/65 (±30%)', () => {
      const c = run(sharded({ strategy: 'consistentHash', shards: 64, vnodes: 160 }, { addShards: { target: 'db', count: 1 } })).shardChanges[0]!;
      assert.ok(Math.abs(c.keysMovedFraction - ringMovedFraction(buildRing(64, 160), buildRing(65, 160))) < 1e-6);
      assert.ok(Math.abs(c.keysMovedFraction * 65 - 1) < 0.3);
      const removed = run(sharded({ strategy: 'consistentHash', shards: 8, vnodes: 160 }, { removeShards: { target: 'db', count: 1 } })).shardChanges[0]!;
      assert.equal(removed.shardsAfter, 7);
      assert.ok(Math.abs(removed.keysMovedFraction * 8 - 1) < 0.3, `${removed.keysMovedFraction}`);
    });

    it('even ranges 4 -> 5: shard i keeps [i/4,(i+1)/4) ∩ [i/5,(i+1)/5): kept .2 + .15 + .1 + .05, moved exactly 0.5', () => {
      const c = run(sharded({ strategy: 'range', shards: 4 }, { addShards: { target: 'db', count: 1 } })).shardChanges[0]!;
      assert.ok(Math.abs(c.keysMovedFraction - 0.5) < 1e-12);
    });

    it('busiest shard max/mean: exactly 1 for uniform keys on hash mod N; above 1 under zipf; the maxShardLoad metric takes the worst', () => {
      const even = run(sharded({ strategy: 'modulo', shards: 16 }, { addShards: { target: 'db', count: 1 } }));
      assert.ok(Math.abs(even.shardChanges[0]!.before!.maxOverMean - 1) < 1e-9);
      const skewed = run(sharded({ strategy: 'modulo', shards: 16 }, { addShards: { target: 'db', count: 1 } }, { distribution: 'zipf', exponent: 1.1, cardinality: 1_000_000 }));
      const b = skewed.shardChanges[0]!.before!;
      assert.ok(b.maxOverMean > 1.5, `${b.maxOverMean}`);
      assert.ok(Math.abs(b.hottestShare * 16 - b.maxOverMean) < 1e-4);
      assert.equal(skewed.metrics.maxShardLoad, Math.max(b.maxOverMean, skewed.shardChanges[0]!.after!.maxOverMean));
    });

    it('a shard key that declares its own distribution is simulated with it, as the rules read it: zipf keys under a uniform workload make a hot shard; uniform keys under a zipf workload do not', () => {
      const change = { addShards: { target: 'db', count: 1 } };
      const ownZipf = run(sharded({ strategy: 'modulo', shards: 16, key: { field: 'author_id', distribution: 'zipf', exponent: 1.1 } }, change)).shardChanges[0]!.before!;
      const workloadZipf = run(sharded({ strategy: 'modulo', shards: 16 }, change, { distribution: 'zipf', exponent: 1.1, cardinality: 2_000_000 })).shardChanges[0]!.before!;
      assert.ok(ownZipf.maxOverMean > 1.5, `${ownZipf.maxOverMean}`);
      // The same popularity over the same keys, whichever declares it.
      assert.equal(ownZipf.maxOverMean, workloadZipf.maxOverMean);
      const ownUniform = run(sharded({ strategy: 'modulo', shards: 16, key: { field: 'reader_id', distribution: 'uniform' } }, change, { distribution: 'zipf', exponent: 1.1, cardinality: 2_000_000 })).shardChanges[0]!.before!;
      assert.ok(Math.abs(ownUniform.maxOverMean - 1) < 1e-9, `${ownUniform.maxOverMean}`);
    });
  });

  describe('key popularity blocks', () => {
    it('zipf blocks: masses sum to 1 and the top key\'s share is 1/H(n, s) (harmonic(), Euler-Maclaurin) within 1e-6 relative, for n up to 10^12; at most ~2,500 blocks', () => {
      for (const [n, s] of [[100, 1.3], [1e6, 1.1], [1e8, 1.0], [1e12, 1.2]] as const) {
        const spec = { distribution: 'zipf' as const, cardinality: n, exponent: s, assumed: false };
        const blocks = keyBlocks(spec);
        assert.ok(blocks.length < 2500, `${blocks.length}`);
        assert.ok(Math.abs(sumOverKeys(spec, (p) => p) - 1) < 1e-12);
        assert.ok(Math.abs(blocks[0]!.mass * zipfNormalizer(spec) - 1) < 1e-6, `n=${n}: ${blocks[0]!.mass} vs 1/${zipfNormalizer(spec)}`);
      }
    });
  });

  describe('contracts', () => {
    const examples = exampleFiles().map((f) => ({ name: f, text: fs.readFileSync(path.join(EXAMPLES, f), 'utf8'), file: path.join(EXAMPLES, f) as string | undefined }));

    it('the call graph carries the load model\'s load: per component, entry rate + Σ incoming flows (+ session reads) = computeTraffic\'s reads and writes (1e-9 relative)', () => {
      const twoPools = file(
        {
          clients: { kind: 'client', calls: ['cdn'] },
          cdn: { kind: 'cdn', hitRatio: 0.5, calls: ['lb'] },
          lb: { kind: 'loadBalancer', calls: ['blue', 'green'] },
          blue: { kind: 'service', instances: 3, calls: ['cache', 'db', { to: 'q', op: 'write', fanout: 3 }] },
          green: { kind: 'service', instances: 1, calls: [{ to: 'db', share: 0.5 }, 'blue'] },
          cache: { kind: 'cache', hitRatio: 0.8, fronts: 'db' },
          db: { kind: 'database', replication: { replicas: 1, readsFrom: 'any' } },
          q: { kind: 'queue', calls: ['worker'] },
          worker: { kind: 'service', calls: ['db'] },
        },
        [],
      );
      for (const ex of [...examples, { name: 'two pools', text: twoPools, file: undefined }]) {
        const g = buildGraph(topologyOf(ex.text, ex.file), 12_345, 0.8);
        for (const n of g.order) {
          // Session lookups arrive at a session store by no call: the load model counts them apart.
          let r = n.entryRate * 0.8 + (g.traffic.sessionReads.get(n.id) ?? 0);
          let w = n.entryRate * 0.2;
          for (const e of n.in) {
            r += e.readFlow;
            w += e.writeFlow;
          }
          assert.ok(Math.abs(r - n.load.reads) <= 1e-9 * Math.max(1, n.load.reads), `${ex.name} ${n.id} reads ${r} vs ${n.load.reads}`);
          assert.ok(Math.abs(w - n.load.writes) <= 1e-9 * Math.max(1, n.load.writes), `${ex.name} ${n.id} writes`);
        }
      }
    });

    it('conservation and finiteness: in every example scenario every count adds up (total, per bucket, per simulation) and no number is NaN or infinite', () => {
      for (const ex of examples) {
        for (const r of runAllScenarios(topologyOf(ex.text, ex.file))) {
          assertConserved(r);
          for (const x of numbersIn(r)) assert.ok(Number.isFinite(x.value), `${ex.name} ${r.scenario} ${x.path} = ${x.value}`);
        }
      }
    });

    it('determinism: the same seed gives byte-identical JSON; reversing the order of components and of every object\'s properties changes nothing', () => {
      for (const ex of examples) {
        const t = topologyOf(ex.text, ex.file);
        const a = JSON.stringify(runAllScenarios(t));
        assert.equal(JSON.stringify(runAllScenarios(topologyOf(ex.text, ex.file))), a, `${ex.name}: same seed`);
        const reversed = JSON.stringify(reverseKeys(parse(ex.text)), null, 2);
        assert.equal(JSON.stringify(runAllScenarios(topologyOf(reversed, ex.file))), a, `${ex.name}: reordered file`);
      }
    });

    it('a different seed gives different sampled results', () => {
      const t = topologyOf(fs.readFileSync(path.join(EXAMPLES, 'ecommerce.scale.json'), 'utf8'));
      const a = runScenario(t, 0, { seed: 1 });
      const b = runScenario(t, 0, { seed: 2 });
      assert.notEqual(a.pools[0]!.failedDuringDetection, b.pools[0]!.failedDuringDetection);
      assert.equal(a.seed, 1);
      assert.equal(b.seed, 2);
    });

    it('a scenario\'s own seed wins over the run\'s seed, which seeds only the scenarios without one', () => {
      // url-shortener's first scenario declares seed 7; its second declares none.
      const t = topologyOf(fs.readFileSync(path.join(EXAMPLES, 'url-shortener.scale.json'), 'utf8'));
      const own = runScenario(t, 0);
      assert.equal(own.seed, 7);
      assert.deepEqual(runScenario(t, 0, { seed: 3 }), own, 'the editor\'s setting or --seed does not change a scenario that names its seed');
      assert.equal(runScenario(t, 1, { seed: 3 }).seed, 3);
      assert.equal(runScenario(t, 1).seed, 1);
      assert.equal(scenarioSeed({ seed: 0 }, 3), 0, 'seed 0 is a seed');
      assert.equal(scenarioSeed({}, 2 ** 32 + 5), 5, 'as an unsigned 32-bit whole number');
    });

    it('budgets carry the JSON path of their entry; the examples\' planted violations fail and the others hold', () => {
      const outcomes: string[] = [];
      for (const ex of examples) {
        for (const r of runAllScenarios(topologyOf(ex.text, ex.file))) {
          for (const b of r.budgets) {
            assert.deepEqual(b.path, ['scenarios', r.index, 'expect', b.metric]);
            if (!b.held) outcomes.push(`${ex.name} / ${r.scenario} / ${b.metric}`);
          }
        }
      }
      assert.deepEqual(outcomes, [
        'startup.scale.json / orders primary dies / lostWrites',
        'startup.scale.json / orders primary dies / writeDowntime',
        'startup.scale.json / add a listings shard / keysMovedFraction',
      ]);
      const startup = runAllScenarios(topologyOf(fs.readFileSync(path.join(EXAMPLES, 'startup.scale.json'), 'utf8')));
      const v = budgetViolations(startup);
      assert.deepEqual(v.map((x) => x.path), [['scenarios', 0, 'expect', 'lostWrites'], ['scenarios', 0, 'expect', 'writeDowntime'], ['scenarios', 1, 'expect', 'keysMovedFraction']]);
      assert.match(v[1]!.message, /^Scenario "orders primary dies": writeDowntime: measured 60 s, budget 5 s - violated$/);
      assert.match(v[2]!.message, /keysMovedFraction: measured 98\.5%, budget 5% - violated/);
    });

    it('a budget nothing in the scenario can produce measures 0 and says so in the notes', () => {
      const r = run(file({ clients: { kind: 'client', calls: ['api'] }, api: { kind: 'service', instances: 2 } }, [{ name: 'calm', expect: { lostWrites: 0, keysMovedFraction: 0.1 } }]));
      assert.deepEqual(r.budgets.map((b) => [b.metric, b.measured, b.held, b.exercised]), [['lostWrites', 0, true, false], ['keysMovedFraction', 0, true, false]]);
      assert.equal(r.notes.filter((n) => n.includes('not exercised')).length, 2);
    });

    it('bounded: 10^9 rps, 10^6 instances and 10^6 shards finish each scenario within its event budget, say they sampled, and stay finite and conserved', () => {
      const text = file(
        {
          clients: { kind: 'client', calls: ['lb'] },
          lb: { kind: 'loadBalancer', instances: 1000, algorithm: 'leastConnections', healthCheck: { interval: '1s', unhealthyThreshold: 2, timeout: '100ms' }, calls: ['api'] },
          api: { kind: 'service', instances: 1_000_000, capacity: { rps: 2000, latency: '10ms', connectionPool: 100 }, calls: ['db', 'kv'] },
          db: { kind: 'database', instances: 1_000_000, region: 'us', replication: { mode: 'async', replicas: 100, readsFrom: 'replicas', failover: { mode: 'automatic' } }, sharding: { strategy: 'consistentHash', shards: 1_000_000, vnodes: 160 } },
          kv: { kind: 'database', zones: ['eu-a', 'us-a'], cap: 'AP', consistency: 'eventual', replication: { topology: 'multiLeader', leaders: 2, replicas: 0, conflictResolution: 'lastWriteWins' } },
        },
        [
          { name: 'kill a server', duration: '1h', faults: [{ at: '10s', kill: 'api#999999' }, { at: '20s', slow: 'api#5', latency: '1s' }] },
          { name: 'kill a primary', duration: '1h', faults: [{ at: '10s', kill: 'db#123' }] },
          { name: 'cut', duration: '1h', faults: [{ at: '10s', partition: { between: [['eu-a'], ['us', 'us-a']] } }] },
          { name: 'reshard', faults: [{ at: '1s', addShards: { target: 'db', count: 1000 } }], expect: { maxShardLoad: 2 } },
          { name: '10x', workload: { peakRps: 1e10 } },
        ],
        { workload: { peakRps: 1e9, readFraction: 0.9, keys: { distribution: 'zipf', exponent: 1.1, cardinality: 1e12 } } },
      );
      const t = topologyOf(text);
      // Work, not wall-clock time (which a loaded machine stretches): each scenario's events, ring points counted,
      // within its budget; the pool's health checks may take it past by a bounded part (125,690 of 100,000 here).
      const results = runAllScenarios(t, { eventBudget: DEFAULT_EVENT_BUDGET, totalEventBudget: t.scenarios.length * DEFAULT_EVENT_BUDGET });
      for (const s of t.scenarios) {
        const r = results[s.index]!;
        assert.ok(r.budgetShare!.used <= 1.5 * r.budgetShare!.events, `${s.data.name}: ${JSON.stringify(r.budgetShare)}`);
        assertConserved(r);
        for (const x of numbersIn(r)) assert.ok(Number.isFinite(x.value), `${s.data.name} ${x.path}`);
        if (s.index < 2) assert.ok(r.sampled, `${s.data.name} says it sampled`);
      }
    });

    // Regression: a pool simulation ran a health check every interval over the whole time a
    // fault lasted, whatever its event budget: a server killed at 1 s and restored after 364
    // days took 31 million events (~5 s), and a check every 0 ms never ended. And a year at
    // 10^9 rps is 3·10^16 requests, past 2^53: the request counts stopped adding up and the
    // run ended in an internal error.
    describe('bounded by events, not by simulated time', () => {
      const pool = (healthCheck: Record<string, unknown>, faults: unknown[]) => file(
        {
          clients: { kind: 'client', calls: ['lb'] },
          lb: { kind: 'loadBalancer', instances: 2, healthCheck, calls: ['api'] },
          // At 4 x 10^8 rps, past capacity: refused requests are counted too.
          api: { kind: 'service', instances: 4, capacity: { rps: 1e8, latency: '20ms' } },
        },
        [{ name: 'a year', duration: '365d', faults }],
        { workload: { peakRps: 1e9, readFraction: 0.9 } },
      );

      it('a server down for a year behind checks every 2 s: within twice the event budget, sampled, and every count adds up past 2^53', () => {
        const r = run(pool({ interval: '2s', timeout: '500ms' }, [{ at: '1s', kill: 'api#1' }, { at: '364d', restore: 'api#1' }]));
        assert.ok(r.events <= 2 * DEFAULT_EVENT_BUDGET, `${r.events} events`);
        assert.ok(r.sampled, 'says it sampled');
        assertConserved(r);
        assert.ok(r.requests.total.generated > 2 ** 53 && r.requests.total.rejected > 0, JSON.stringify(r.requests.total));
        assert.ok(r.notes.some((n) => /counted in multiples of [\d,]+/.test(n)), r.notes.join('\n'));
        // The health checks still take the server out and put it back.
        const f = r.pools[0]!.faults[0]!;
        assert.ok(f.removedAtMs !== undefined && f.removedAtMs < 10_000 && f.backInRotationAtMs! > 364 * 86_400_000, JSON.stringify(f));
      });

      it('a check every microsecond ends (a zero interval is a schema error): the run stays within its event bound and says it sampled', () => {
        const r = run(pool({ interval: 0.001 }, [{ at: '10s', kill: 'api#1' }]));
        assert.ok(r.events <= 2 * DEFAULT_EVENT_BUDGET + 100, `${r.events} events`);
        assert.match(r.sampled?.reason ?? '', /simulated [\d.e-]+% of the [\d,]+ requests\/s .* and scaled the counts up|stopped simulating request by request/);
        assertConserved(r);
      });
    });

    it('hostile but valid files stay finite: a zero-length run, a fault at the very end, cycles, a tiny rate', () => {
      const text = file(
        { clients: { kind: 'client', calls: ['a'] }, a: { kind: 'service', instances: 2, calls: ['b'] }, b: { kind: 'service', calls: ['a', 'b', 'db'] }, db: { kind: 'database', replication: { mode: 'async', replicas: 1, failover: { mode: 'automatic' } } } },
        [
          { name: 'zero', duration: 0, faults: [{ at: 0, kill: 'db' }] },
          { name: 'late', duration: '10s', faults: [{ at: '10s', kill: 'a#1' }, { at: '9999ms', kill: 'db' }] },
        ],
        { workload: { peakRps: 1e-9, readFraction: 0.5 } },
      );
      for (const r of runAllScenarios(topologyOf(text))) {
        assertConserved(r);
        for (const x of numbersIn(r)) assert.ok(Number.isFinite(x.value), `${r.scenario} ${x.path}`);
      }
      const late = runScenario(topologyOf(text), 1);
      assert.ok(late.notes.some((n) => n.includes('after the run ends')));
    });
  });
});

/** The same JSON with every object's keys in reverse order (arrays keep theirs: their order means something). */
function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).reverse()) out[k] = reverseKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}
