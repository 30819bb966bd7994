/**
 * The availability model held to theory: series, parallel and k-of-n
 * structures against their closed forms (exact to 1e-12); a graph where
 * components are reached on several paths against brute-force enumeration
 * of every up/down state and every choice of calls (exact to 1e-12); and the
 * examples against a seeded Monte Carlo of the same model, sampled node by
 * node (availabilityMonteCarlo.ts).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { availabilityOf } from '../../../src/core/availability/availability';
import { DEFAULT_DETECTION_MS, DEFAULT_NODE } from '../../../src/core/availability/failureFigures';
import { checkText } from '../../../src/core/check';
import { EXAMPLES_DIR, importsOf } from '../../support/exampleImports';
import { monteCarloAvailability } from './availabilityMonteCarlo';

/** The exactness of the closed forms and of the enumeration. */
const EXACT = 1e-12;

/** The availability model of a file given as an object. */
function modelOf(file: Record<string, unknown>) {
  const checked = checkText(JSON.stringify({ version: 1, name: 't', workload: { peakRps: 100, readFraction: 1 }, ...file }), { rules: [] });
  const errors = checked.findings.filter((f) => f.severity === 'error');
  assert.deepEqual(errors.map((f) => f.message), []);
  return availabilityOf(checked.topology!, checked.load!);
}

/** A service that answers with availability `a` as a whole. */
const box = (a: number, calls?: unknown[]) => ({ kind: 'service', reliability: { availability: a }, ...(calls ? { calls } : {}) });

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) <= EXACT, `${what}: ${actual} vs ${expected} (${Math.abs(actual - expected)})`);

describe('availability against closed forms (theory, exact to 1e-12)', () => {
  it('series: a chain of synchronous calls multiplies', () => {
    const m = modelOf({ components: { users: { kind: 'client', calls: ['a'] }, a: box(0.999, ['b']), b: box(0.995, ['c']), c: box(0.9999) } });
    close(m.path('users').availability, 0.999 * 0.995 * 0.9999, 'series');
    close(m.path('b').availability, 0.995 * 0.9999, 'from b');
  });

  it('calls made by a share of the requests: a split is a weighted sum, independent calls a product', () => {
    const split = modelOf({ components: { users: { kind: 'client', calls: ['a'] }, a: box(0.999, [{ to: 'b', share: 0.7 }, { to: 'c', share: 0.2 }]), b: box(0.99), c: box(0.9) } });
    close(split.path('users').availability, 0.999 * (1 - 0.7 * 0.01 - 0.2 * 0.1), 'split');
    const independent = modelOf({ components: { users: { kind: 'client', calls: ['a'] }, a: box(0.999, [{ to: 'b', share: 0.7 }, { to: 'c', share: 0.6 }]), b: box(0.99), c: box(0.9) } });
    close(independent.path('users').availability, 0.999 * (1 - 0.7 * 0.01) * (1 - 0.6 * 0.1), 'independent');
  });

  it('parallel: a balancer over two pools needs one of them', () => {
    const m = modelOf({ components: { users: { kind: 'client', calls: ['lb'] }, lb: { kind: 'loadBalancer', reliability: { availability: 0.9999 }, calls: ['blue', 'green'] }, blue: box(0.99), green: box(0.98) } });
    close(m.path('users').availability, 0.9999 * (1 - 0.01 * 0.02), 'parallel');
  });

  it('k-of-n: a leaderless quorum reads with r of n nodes up and writes with w', () => {
    const mtbf = 10 * 24 * 3_600_000;
    const mttr = 12 * 3_600_000;
    const a = mtbf / (mtbf + mttr);
    const kOfN = (n: number, k: number) => {
      let s = 0;
      for (let j = k; j <= n; j++) s += binom(n, j) * a ** j * (1 - a) ** (n - j);
      return s;
    };
    const file = (readFraction: number) => ({
      workload: { peakRps: 100, readFraction },
      reliability: { node: { mtbf, mttr } },
      components: { users: { kind: 'client', calls: ['kv'] }, kv: { kind: 'database', replication: { topology: 'leaderless', replicas: 4, quorum: { n: 5, r: 2, w: 4 } } } },
    });
    close(modelOf(file(1)).path('users').availability, kOfN(5, 2), 'reads, 2 of 5');
    close(modelOf(file(0)).path('users').availability, kOfN(5, 4), 'writes, 4 of 5');
  });

  it('a pool needs one live instance, and loses the requests a dead one receives before it is taken out', () => {
    const q = DEFAULT_NODE.mttr / (DEFAULT_NODE.mtbf + DEFAULT_NODE.mttr);
    const rate = 1 / (DEFAULT_NODE.mtbf + DEFAULT_NODE.mttr);
    const m = modelOf({
      components: {
        users: { kind: 'client', calls: ['lb'] },
        lb: { kind: 'loadBalancer', reliability: { availability: 1 }, healthCheck: { interval: '2s', unhealthyThreshold: 3, timeout: '500ms' }, calls: ['api'] },
        api: { kind: 'service', instances: 4, calls: ['auth', 'cache'] },
        auth: { kind: 'service', instances: 3 },
        cache: { kind: 'cache', instances: 3 },
      },
    });
    // Behind the balancer a dead server is out after 3 × 2 s + 0.5 s; auth, called by the service directly, after the
    // file's detection time; the cache's request lands on one of its three single-node units.
    const api = (1 - q ** 4) * (1 - rate * 6_500);
    const auth = (1 - q ** 3) * (1 - rate * DEFAULT_DETECTION_MS);
    close(m.path('users').availability, api * auth * (1 - q), 'pools');
  });

  it('a single-leader store is down while its failover runs, and when every node is', () => {
    const mtbf = 20 * 24 * 3_600_000;
    const mttr = 2 * 3_600_000;
    const a = mtbf / (mtbf + mttr);
    const q = 1 - a;
    const failover = 10_000 + 5_000;
    const w = failover / mttr;
    const file = (mode: string, readFraction: number) => ({
      workload: { peakRps: 100, readFraction },
      reliability: { node: { mtbf, mttr } },
      components: { users: { kind: 'client', calls: ['db'] }, db: { kind: 'database', replication: { mode, replicas: 2, failover: { mode: 'automatic', detection: '10s', promotion: '5s' } } } },
    });
    // Async: a leader is all a write needs; a promoted replica must be up.
    close(modelOf(file('async', 0)).path('users').availability, a + q * (1 - w) * (1 - q * q), 'async writes');
    // Semi-sync: one replica besides the leader; after a promotion, the other replica.
    close(modelOf(file('semiSync', 0)).path('users').availability, a * (1 - q * q) + q * (1 - w) * a * a, 'semi-sync writes');
    // Sync: every replica.
    close(modelOf(file('sync', 0)).path('users').availability, a * a * a + q * (1 - w) * a * a, 'sync writes');
    close(modelOf(file('sync', 1)).path('users').availability, a + q * (1 - w) * (1 - q * q), 'reads from the primary');
  });
});

describe('availability of a graph with shared components, against brute-force enumeration (theory, exact to 1e-12)', () => {
  // Two regional services split the entry's requests; both call auth and the ledger (shared), auth calls its
  // database for a share of requests, one region calls the ledger twice, and a balancer chooses between pools
  // that both call the ledger.
  const AVAIL: Record<string, number> = { east: 0.99, west: 0.98, auth: 0.995, authdb: 0.97, ledger: 0.96, card: 0.9, lb: 0.999, blue: 0.95, green: 0.94 };
  const components = {
    users: { kind: 'client', calls: [{ to: 'east', share: 0.6 }, { to: 'west', share: 0.3 }, { to: 'lb', share: 0.1 }] },
    east: box(AVAIL.east!, ['auth', 'ledger', { to: 'card', share: 0.5 }, { to: 'ledger', share: 0.2 }]),
    west: box(AVAIL.west!, ['auth', 'ledger']),
    auth: box(AVAIL.auth!, [{ to: 'authdb', share: 0.3 }]),
    authdb: box(AVAIL.authdb!),
    ledger: box(AVAIL.ledger!),
    card: box(AVAIL.card!),
    lb: { kind: 'loadBalancer', reliability: { availability: AVAIL.lb }, calls: ['blue', 'green'] },
    blue: box(AVAIL.blue!, ['ledger']),
    green: box(AVAIL.green!, ['ledger', 'auth']),
  };

  it('matches the sum over every up/down state of every component and every choice of calls', () => {
    const m = modelOf({ components });
    const ids = Object.keys(AVAIL);
    let total = 0;
    for (let mask = 0; mask < 1 << ids.length; mask++) {
      const up = new Map(ids.map((id, i) => [id, (mask >> i) & 1 ? 1 : 0]));
      let p = 1;
      for (const id of ids) p *= up.get(id) ? AVAIL[id]! : 1 - AVAIL[id]!;
      if (p === 0) continue;
      // Given the states, the outcome of a request is a function of its calls' choices: enumerate them.
      // A component's answer does not depend on which path reached it (one outcome per request).
      const authOk = (authdbCall: boolean) => up.get('auth')! === 1 && (!authdbCall || up.get('authdb')! === 1);
      let answered = 0;
      for (const authdbCall of [true, false]) {
        const pa = authdbCall ? 0.3 : 0.7;
        const auth = authOk(authdbCall);
        const ledger = up.get('ledger') === 1;
        // East's partial calls are a split: the card network for half its requests, a second ledger call for a fifth.
        for (const [choice, pc] of [['card', 0.5], ['ledger', 0.2], ['none', 0.3]] as const) {
          const east = up.get('east') === 1 && auth && ledger && (choice !== 'card' || up.get('card') === 1);
          const west = up.get('west') === 1 && auth && ledger;
          const blue = up.get('blue') === 1 && ledger;
          const green = up.get('green') === 1 && ledger && auth;
          const lb = up.get('lb') === 1 && (blue || green);
          // The entry's split: 60% east, 30% west, 10% the balancer.
          const ok = 0.6 * (east ? 1 : 0) + 0.3 * (west ? 1 : 0) + 0.1 * (lb ? 1 : 0);
          answered += pa * pc * ok;
        }
      }
      total += p * answered;
    }
    close(m.path('users').availability, total, 'shared components');
  });
});

describe('availability of the examples against a Monte Carlo of the same model', function () {
  this.timeout(120_000);
  // Failure figures made worse than real ones (nodes down 8% of the time, zones 5%) so that a few tens of
  // thousands of sampled requests resolve every term, zones failing together included.
  const STRESSED = { node: { mtbf: '2d', mttr: '4h' }, zone: { mtbf: '20d', mttr: '1d' }, manualFailover: '1h' };
  /** Sampled requests per entry point and kind. */
  const SAMPLES = 40_000;
  /**
   * The stated tolerance: 4.5 standard errors of the sampled unavailability
   * (sqrt(p (1 - p) / n)): a correct model falls outside it about once in
   * 150,000 comparisons, a term left out or counted twice (a zone's
   * correlation, a shared store) moves the figure by more.
   */
  const SIGMAS = 4.5;

  for (const name of fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.scale.json')).sort()) {
    it(`${name}: every entry point within ${SIGMAS} standard errors`, () => {
      const file = path.join(EXAMPLES_DIR, name);
      const text = fs.readFileSync(file, 'utf8').replace(/"workload"\s*:/, `"reliability": ${JSON.stringify(STRESSED)}, "workload":`);
      const checked = checkText(text, { rules: [], imports: importsOf(file) });
      assert.ok(checked.topology, name);
      const m = availabilityOf(checked.topology, checked.load!);
      for (const entry of checked.topology.entryPoints) {
        const exact = m.path(entry);
        assert.equal(exact.unexplored, 0);
        assert.deepEqual(exact.approximated, []);
        for (const access of ['read', 'write'] as const) {
          const sampled = monteCarloAvailability(m, entry, access, SAMPLES, 20_260_101);
          const expected = access === 'read' ? exact.read : exact.write;
          const se = Math.sqrt(Math.max(sampled * (1 - sampled), 1 / SAMPLES) / SAMPLES);
          assert.ok(Math.abs(sampled - expected) <= SIGMAS * se, `${entry} ${access}s: exact ${expected}, sampled ${sampled} (se ${se})`);
          assert.ok(expected < 0.999, `${entry} ${access}s: the stressed figures leave something to resolve (${expected})`);
        }
      }
    });
  }
});

function binom(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}
