/**
 * The latency model held to theory: the Erlang C (and M/M/1) waiting time's
 * percentiles and an M/M/1 queue's time in system against their closed
 * forms; the slowest of N exponential copies (a scatter-gather) against its
 * closed form; and paths with queues, splits, cache misses, fan-outs,
 * quorums and round trips against a seeded Monte Carlo of the same model.
 *
 * Stated tolerances. The grid figures round each latency to a bin of 1/512
 * of the grid (a few tenths of a percent of the p99); against closed forms,
 * a percentile is within two bins. Against the Monte Carlo, with 100,000
 * sampled requests, a percentile is within 3% or two bins: the sampling
 * error of a p99 over 100,000 draws (its standard error, sqrt(p (1 - p) / n)
 * over the density there) is about 1.5% of it for the distributions here, and
 * 3% is twice that, while a term left out or counted twice (a wait, a round
 * trip, a fan-out's slowest copy) moves the figure by more.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../../src/core/check';
import { latencyOf } from '../../../src/core/latency/latency';
import { erlangCOf } from '../../../src/core/latency/serviceTimes';
import { Grid, quantile } from '../../../src/core/latency/spectrum';
import { EXAMPLES_DIR, importsOf } from '../../support/exampleImports';
import { monteCarloLatency, sampleQuantile } from './latencyMonteCarlo';

function modelOf(file: Record<string, unknown>) {
  const checked = checkText(JSON.stringify({ version: 1, name: 't', workload: { peakRps: 100, readFraction: 1 }, ...file }), { rules: [] });
  assert.deepEqual(checked.findings.filter((f) => f.severity === 'error').map((f) => f.message), []);
  return latencyOf(checked.topology!, checked.load!);
}

const within = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected} (tolerance ${tolerance})`);

describe('latency against closed forms (theory)', () => {
  it('the Erlang C waiting time: P(W > t) = C e^(-(cμ - λ) t), its percentiles within two bins', () => {
    for (const [c, rho] of [[1, 0.5], [1, 0.9], [4, 0.8], [32, 0.95]] as const) {
      const mu = 1 / 10; // per ms: a 10 ms mean service
      const lambda = rho * c * mu;
      const C = erlangCOf(c, lambda / mu);
      const drain = c * mu - lambda;
      const grid = new Grid(512, (12 / drain) / 512);
      const wait = grid.one().mix(grid.exponential(1 / drain), C);
      const hist = grid.histogram(wait);
      for (const p of [0.9, 0.99, 0.999]) {
        const exact = p <= 1 - C ? 0 : Math.log(C / (1 - p)) / drain;
        within(quantile(hist, grid.h, p), exact, 2 * grid.h, `c ${c}, ρ ${rho}, p${p * 100}`);
      }
    }
  });

  it('an M/M/1 queue along a path: its time in system is exponential of rate μ - λ', () => {
    // One server (100 rps × 10 ms), at 90% of it: a request waits and is served in Exp(μ - λ), mean 100 ms.
    const m = modelOf({
      workload: { peakRps: 90, readFraction: 1 },
      components: { users: { kind: 'client', calls: ['db'] }, db: { kind: 'database', capacity: { rps: 100, latency: '10ms' } } },
    });
    const t = m.serviceTime(1);
    assert.equal(t.servers, 1);
    const p = m.path('users');
    const rate = 1 / 10 - 0.9 / 10; // per ms
    within(p.all.p50, Math.log(2) / rate, 2 * p.resolutionMs, 'p50');
    within(p.all.p99, Math.log(100) / rate, 2 * p.resolutionMs, 'p99');
    within(p.all.mean, 1 / rate, 2 * p.resolutionMs, 'mean');
  });

  it('a scatter-gather waits for the slowest of N exponential copies: F(t) = (1 - e^(-t/m))^N', () => {
    for (const n of [2, 10, 64]) {
      const m = modelOf({ components: { users: { kind: 'client', calls: ['api'] }, api: { kind: 'service', calls: [{ to: 'shard', fanout: n }] }, shard: { kind: 'database', capacity: { latency: '5ms' } } } });
      const p = m.path('users');
      for (const [q, figure] of [[0.5, p.all.p50], [0.99, p.all.p99]] as const) {
        within(figure, -5 * Math.log(1 - Math.pow(q, 1 / n)), 2 * p.resolutionMs, `max of ${n}, p${q * 100}`);
      }
    }
  });
});

describe('latency along paths, against a Monte Carlo of the same model (theory)', function () {
  this.timeout(120_000);
  const SAMPLES = 100_000;
  const RELATIVE = 0.03;

  const compare = (m: ReturnType<typeof modelOf>, entry: string, what: string) => {
    const path = m.path(entry);
    for (const access of ['read', 'write'] as const) {
      const share = access === 'read' ? path.readShare : 1 - path.readShare;
      if (!(share > 0)) continue;
      const sampled = monteCarloLatency(m, entry, access, SAMPLES, 7);
      const figures = access === 'read' ? path.read : path.write;
      for (const [p, figure] of [[0.5, figures.p50], [0.99, figures.p99]] as const) {
        const mc = sampleQuantile(sampled, p);
        within(figure, mc, Math.max(RELATIVE * mc, 2 * path.resolutionMs), `${what} ${entry} ${access}s p${p * 100}`);
      }
    }
  };

  it('a path with queues, a split, cache misses, a fan-out, a quorum, replication and round trips', () => {
    const m = modelOf({
      workload: { peakRps: 3000, readFraction: 0.8 },
      network: { rtt: [{ between: ['us-east-1', 'eu-west-1'], rtt: '80ms' }] },
      components: {
        users: { kind: 'client', region: 'eu-west-1', calls: ['lb'] },
        lb: { kind: 'loadBalancer', region: 'eu-west-1', instances: 2, calls: ['api'] },
        api: {
          kind: 'service', region: 'eu-west-1', instances: 4, capacity: { rps: 800, latency: '20ms' },
          calls: ['cache', 'db', { to: 'search', share: 0.3, fanout: 8 }, { to: 'kv', share: 0.5 }, { to: 'auth', share: 0.2 }],
        },
        cache: { kind: 'cache', region: 'eu-west-1', instances: 3, hitRatio: 0.8, fronts: 'db', capacity: { latency: '1ms' } },
        db: {
          kind: 'database', zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], capacity: { rps: 1200, latency: '4ms' },
          replication: { mode: 'semiSync', replicas: 2, failover: { mode: 'automatic' } },
        },
        search: { kind: 'database', region: 'eu-west-1', instances: 8, capacity: { rps: 5000, latency: '6ms' }, sharding: { strategy: 'consistentHash', shards: 8 } },
        kv: { kind: 'database', zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], replication: { topology: 'leaderless', replicas: 2, quorum: { n: 3, r: 2, w: 2 } }, capacity: { latency: '3ms' } },
        auth: { kind: 'service', region: 'us-east-1', instances: 2, capacity: { rps: 500, latency: '15ms' } },
      },
    });
    // The queues are busy enough to matter: api at 94% of 16 servers, db's primary at 90% of 4.
    assert.ok(m.serviceTime(2).waitProbability > 0.5 && m.serviceTime(4).waitProbability > 0.5);
    compare(m, 'users', 'synthetic');
  });

  // The examples with round trips, synchronous replication, quorums and a balancer's pools.
  for (const name of ['ecommerce.scale.json', 'payments.scale.json']) {
    it(`${name}: every entry point's p50 and p99`, () => {
      const file = path.join(EXAMPLES_DIR, name);
      const checked = checkText(fs.readFileSync(file, 'utf8'), { rules: [], imports: importsOf(file) });
      const m = latencyOf(checked.topology!, checked.load!);
      for (const entry of checked.topology!.entryPoints) {
        if (m.path(entry).saturated.length > 0) continue; // past saturation there is nothing finite to compare
        compare(m, entry, name);
      }
    });
  }
});
