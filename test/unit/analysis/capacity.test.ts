import assert from 'node:assert/strict';
import { checkText } from '../../../src/core/check';
import { componentMarkdown } from '../../../src/core/service/languageService';
import { num, pct } from '../../../src/core/text/format';
import { run } from '../sim/scenarioHelpers';
import { assertEveryFixClears, findingsOf, rangeText, topology } from './harness';

const tier = (instances: number, capacity: Record<string, unknown>, extra: Record<string, unknown> = {}) => topology({
  web: { kind: 'client', calls: ['api'] },
  api: { kind: 'service', instances, capacity, ...extra },
}, { workload: { peakRps: 10_000, readFraction: 0.9 } });

describe('capacity', () => {
  it('is an error past 100%, at the resource that saturates first, with the ceiling', () => {
    const text = tier(2, { rps: 4000 });
    const [f, ...rest] = findingsOf('capacity', text);
    assert.equal(rest.length, 0);
    assert.equal(f!.severity, 'error');
    assert.equal(f!.message, 'api is at 125% of capacity at peak (error from 100%): its busiest instance takes 5,000 rps and its request rate saturates first; the ceiling is 8,000 rps of peak load (today 10,000): requests queue without bound and time out');
    assert.equal(rangeText(text, f!), '4000');
    assert.deepEqual(f!.path, ['components', 'api', 'capacity', 'rps']);
  });

  it('is a warning from 80%, with the M/M/c queueing delay when latency is declared', () => {
    const text = tier(3, { rps: 4000, latency: '20ms' });
    const [f] = findingsOf('capacity', text);
    assert.equal(f!.severity, 'warning');
    // 3,333 rps on an instance whose 4,000 rps at 20 ms imply c = 80 concurrent requests: ρ = 0.83.
    assert.match(f!.message, /^api is at 83.3% of capacity at peak \(warning from 80%\): its busiest instance takes 3,333 rps and its request rate saturates first; the ceiling is 12,000 rps of peak load \(today 10,000\); queueing alone raises the mean response time from 20 ms to 20(\.\d)? ms \(M\/M\/80\)$/);
  });

  // Regression: with many servers the wait hides in the rounding, and the message read "from 50 ms to 50 ms".
  it('gives the wait itself when the rounding of the mean response time would hide it', () => {
    const [f] = findingsOf('capacity', tier(3, { rps: 4000, latency: '50ms' }));
    // 4,000 rps at 50 ms imply c = 200 concurrent requests, at ρ = 0.83: a mean wait of about 0.011 ms.
    assert.match(f!.message, /; queueing adds 0\.01 ms to the mean response time of 50 ms \(M\/M\/200\)$/);
    assert.ok((f!.data!.meanResponseMs as number) > 50);
  });

  it('names CPU, connection pool and memory when they give first', () => {
    let [f] = findingsOf('capacity', tier(4, { rps: 10_000, cpuCores: 4, cpuMsPerRequest: 2 }));
    assert.match(f!.message, /its CPU saturates first/);
    assert.match(f!.message, /at 125% of capacity/); // 2,500 rps × 2 ms = 5 core-seconds/s on 4 cores
    [f] = findingsOf('capacity', tier(4, { connectionPool: 100, latency: '50ms' }));
    assert.match(f!.message, /its connection pool saturates first/); // 2,500 rps × 50 ms = 125 in flight on 100
    const text = tier(4, { memoryGb: 1, memoryMbPerRequest: 10, latency: '50ms' });
    [f] = findingsOf('capacity', text);
    assert.match(f!.message, /its memory saturates first/); // 125 in flight × 10 MB = 1,250 MB of 1,024
    assert.equal(rangeText(text, f!), '1');
  });

  it('takes a weighted balancer\'s weights as the simulation does: the heaviest instance decides, and no instance count is offered that would leave the weights the wrong length', () => {
    const weighted = (weights: number[]) => topology({
      web: { kind: 'client', calls: ['lb'] },
      lb: { kind: 'loadBalancer', instances: 2, zones: ['a', 'b'], algorithm: 'weighted', weights, healthCheck: { interval: '2s', timeout: '1s' }, calls: ['api'] },
      api: { kind: 'service', instances: 3, zones: ['a', 'b'], capacity: { rps: 800 } },
    }, { workload: { peakRps: 3000 } });
    // Weights 4:1:1 send 4/6 of 3,000 rps to the first instance: 2,000 rps on 800.
    const text = weighted([4, 1, 1]);
    const [f] = findingsOf('capacity', text);
    assert.match(f!.message, /^api is at 250% of capacity at peak \(error from 100%\): its heaviest instance by lb's weights \(66.7% of its requests\) takes 2,000 rps and its request rate saturates first; the ceiling is 1,200 rps of peak load/);
    assert.equal(f!.fixes, undefined);
    // Equal weights are an even spread; still a list of one weight per instance, so still no count to set alone.
    const [even] = findingsOf('capacity', weighted([1, 1, 1]));
    assert.match(even!.message, /at 125% of capacity.*busiest instance takes 1,000 rps/);
    assert.equal(even!.fixes, undefined);
    // The simulation spreads the same requests by the same weights (to within 1%: it counts whole requests).
    const sim = run(JSON.stringify({ ...JSON.parse(text), scenarios: [{ name: 'a light instance dies at the end', duration: '20s', faults: [{ at: '19.9s', kill: 'api#2' }] }] }));
    const counts = sim.pools.find((p) => p.component === 'api')!.perServer;
    const heaviest = counts.find((c) => c.instance === 0)!.requests / counts.reduce((n, c) => n + c.requests, 0);
    assert.ok(Math.abs(heaviest - 4 / 6) < 0.01, JSON.stringify(counts));
  });

  it('spreads reads over replicas and shards for stores', () => {
    const store = (readsFrom: string) => topology({
      web: { kind: 'client', calls: ['db'] },
      db: { kind: 'database', capacity: { rps: 3000 }, replication: { mode: 'semiSync', replicas: 2, readsFrom, failover: { mode: 'automatic' } } },
    }, { workload: { peakRps: 10_000, readFraction: 0.9 } });
    // Primary alone: 9,000 reads + 1,000 writes = 10,000 rps on 3,000.
    assert.match(findingsOf('capacity', store('primary'))[0]!.message, /at 333.3%.*busiest primary takes 10,000 rps/);
    // Replicas: each applies 1,000 writes and serves 4,500 reads = 5,500.
    assert.match(findingsOf('capacity', store('replicas'))[0]!.message, /at 183.3%.*busiest replica takes 5,500 rps/);
    // Any node: 1,000 + 3,000 = 4,000.
    assert.match(findingsOf('capacity', store('any'))[0]!.message, /at 133.3%/);
  });

  it('follows cache hit ratios and fan-out to the tier behind', () => {
    const text = topology({
      web: { kind: 'client', calls: ['cdn'] },
      cdn: { kind: 'cdn', hitRatio: 0.5, calls: ['api'] },
      api: { kind: 'service', instances: 2, calls: ['cache', 'db', { to: 'audit', op: 'write', fanout: 3 }] },
      cache: { kind: 'cache', hitRatio: 0.8, fronts: 'db', instances: 2 },
      db: { kind: 'database', capacity: { rps: 1000 } },
      audit: { kind: 'service', instances: 1, capacity: { rps: 2000 } },
    }, { workload: { peakRps: 10_000, readFraction: 0.9 } });
    const fs = findingsOf('capacity', text);
    // db: reads 9,000 × 0.5 (CDN) × 0.2 (cache) = 900, writes 1,000 → 1,900 on 1,000.
    assert.match(fs.find((f) => f.path[1] === 'db')!.message, /db is at 190% .* takes 1,900 rps/);
    // audit: 1,000 writes × fan-out 3 = 3,000 on 2,000.
    assert.match(fs.find((f) => f.path[1] === 'audit')!.message, /audit is at 150%/);
  });

  it('leaves alone tiers below 80% and components without capacity', () => {
    assert.deepEqual(findingsOf('capacity', tier(4, { rps: 4000 })), []);
    assert.deepEqual(findingsOf('capacity', tier(1, {})), []);
  });

  it('its scale-out fix brings the tier to about 70% and clears it', () => {
    assert.equal(assertEveryFixClears('capacity', tier(2, { rps: 4000 })), 1);
    assert.equal(assertEveryFixClears('capacity', tier(3, { rps: 4000, latency: '20ms' })), 1);
  });

  describe('exact thresholds: from 80% a warning, from 100% an error, whatever float residue the arithmetic leaves', () => {
    // Regression: utilization was compared as computed, so float residue decided the verdict: 14,700 reads/s
    // (21,000 rps from clients of share 0.1, 0.2 and 0.7, readFraction 0.7) over 3 instances is 4,900 rps each,
    // computed as 4,899.999999999999: exactly 80% of 6,125 rps gave no finding and exactly 100% of 4,900 rps a
    // warning. Writes at readFraction 0.9 (1 - 0.9 = 0.09999999999999998) did the same.
    const clients = { a: { kind: 'client', share: 0.1, calls: ['api'] }, b: { kind: 'client', share: 0.2, calls: ['api'] }, c: { kind: 'client', share: 0.7, calls: ['api'] } };
    const split = (op: 'read' | 'write', peakRps: number, readFraction: number, rps: number) => topology({
      ...clients,
      api: { kind: 'service', instances: 2, calls: [{ to: 'db', op }] },
      db: { kind: 'service', instances: 3, capacity: { rps } },
    }, { workload: { peakRps, readFraction } });
    const cases: [string, string, 'warning' | 'error', number][] = [
      ['reads at exactly 80%', split('read', 21_000, 0.7, 6125), 'warning', 0.8],
      ['reads at exactly 100%', split('read', 21_000, 0.7, 4900), 'error', 1],
      ['writes at exactly 80%', split('write', 3000, 0.9, 125), 'warning', 0.8],
      ['writes at exactly 100%', split('write', 3000, 0.9, 100), 'error', 1],
      ['writes at exactly 80%, residue above', split('write', 1000, 0.7, 125), 'warning', 0.8],
      ['writes at exactly 100%, residue above', split('write', 1000, 0.7, 100), 'error', 1],
    ];
    for (const [what, text, severity, utilization] of cases) {
      it(`${what}: a${severity === 'error' ? 'n' : ''} ${severity}, with the utilization as a round figure`, () => {
        const [f, ...rest] = findingsOf('capacity', text);
        assert.equal(rest.length, 0);
        assert.equal(f?.severity, severity);
        assert.equal(f!.data!.utilization, utilization);
        assert.match(f!.message, new RegExp(`^db is at ${utilization * 100}% of capacity at peak \\(${severity} from ${severity === 'error' ? 100 : 80}%\\): `));
      });
    }

    it('the scale-out fix counts whole instances without residue: 7 at exactly 80% need 8 for 70%, not 9', () => {
      // 7 × 0.8 / 0.7 computes as 8.000000000000002, which rounded up to 9.
      const [f] = findingsOf('capacity', topology({ web: { kind: 'client', calls: ['api'] }, api: { kind: 'service', instances: 7, capacity: { rps: 1000 } } }, { workload: { peakRps: 5600, readFraction: 0.9 } }));
      assert.equal(f!.data!.utilization, 0.8);
      assert.equal(f!.fixes![0]!.title, 'Scale api to 8 instances (about 70% at peak)');
    });

    it('just below a threshold stays below it', () => {
      assert.deepEqual(findingsOf('capacity', split('read', 21_000, 0.7, 6126)), []);
      assert.equal(findingsOf('capacity', split('read', 21_000, 0.7, 4901))[0]!.severity, 'warning');
    });
  });
});

describe('capacity of a sharded store: its hottest shard, not its mean', () => {
  // 16 shards on a consistent-hash ring, a zipf(1) workload over a million keys: the mean shard takes
  // 10,000 / 16 = 625 rps (62.5% of 1,000), but the most popular key alone draws 1 / H(10^6, 1) ≈ 6.95% of all
  // requests, and its shard takes that plus its part of the rest.
  const store = (keys: Record<string, unknown> = { distribution: 'zipf', exponent: 1 }) => topology({
    web: { kind: 'client', calls: ['db'] },
    db: {
      kind: 'database',
      capacity: { rps: 1000 },
      sharding: { strategy: 'consistentHash', shards: 16, vnodes: 160, key: { field: 'user_id', cardinality: 1_000_000 } },
    },
  }, { workload: { peakRps: 10_000, readFraction: 0.9, keys: { ...keys, cardinality: 1_000_000 } } });

  it('judges the busiest shard against the per-shard capacity, and names it and its share', () => {
    const [f, ...rest] = findingsOf('capacity', store());
    assert.equal(rest.length, 0);
    assert.ok(f, 'the mean shard is at 62.5%: only the hottest shard is past capacity');
    const share = f.data!.busiestShare as number;
    // Theory: at least the top key's share plus an even part of the rest; at most that plus two shards' parts.
    let harmonic = 0;
    for (let k = 1; k <= 1_000_000; k++) harmonic += 1 / k;
    const top = 1 / harmonic;
    assert.ok(share >= top + (1 - top) / 16 * 0.5 && share <= top + (1 - top) * 2 / 16, `busiest shard's share ${share}, top key ${top}`);
    assert.equal(f.severity, 'error');
    const shard = f.data!.busiestShard as number;
    assert.ok(Number.isInteger(shard) && shard >= 0 && shard < 16);
    assert.match(f.message, new RegExp(`^db is at [\\d.]+% of capacity at peak \\(error from 100%\\): its busiest primary takes [\\d,]+ rps and its request rate saturates first; shard ${shard} takes ${escapeRe(pct(share))} of the store's requests under zipf\\(1\\) keys \\([\\d,]+ rps; the mean shard takes 625\\); the ceiling is`));
    assert.ok(Math.abs((f.data!.busiestNodeRps as number) - 10_000 * share) < 0.5, 'the busiest node takes the shard\'s share of 10,000 rps');
  });

  it('is the figure scale simulate\'s capacity section shows for the store', () => {
    const text = store().replace(/\n}$/, ',\n  "scenarios": [{ "name": "a brief slowdown", "duration": "10s", "faults": [{ "at": "5s", "slow": "db", "latency": "1ms", "duration": "1s" }] }]\n}');
    const [f] = findingsOf('capacity', text);
    const result = run(text, 0);
    const tier = result.capacity.tiers.find((t) => t.component === 'db')!;
    assert.ok(Math.abs(tier.utilization - (f!.data!.utilization as number)) < 1e-6, `simulate ${tier.utilization}, check ${f!.data!.utilization}`);
    assert.ok(Math.abs(tier.busiestNodeRps - (f!.data!.busiestNodeRps as number)) < 0.01);
  });

  it('is the figure the hover shows for the store', () => {
    const text = store();
    const [f] = findingsOf('capacity', text);
    const hover = componentMarkdown('db', checkText(text));
    assert.ok(hover.includes(`Busiest primary of 16 nodes: ${num(f!.data!.busiestNodeRps as number)} rps (shard ${f!.data!.busiestShard}, which takes ${pct(f!.data!.busiestShare as number)} of the requests under zipf(1) keys)`), hover);
  });

  it('keeps the mean when the keys are spread evenly, and says nothing below 80%', () => {
    assert.deepEqual(findingsOf('capacity', store({ distribution: 'uniform' })), []);
  });
});

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('capacity of a session store', () => {
  // 4 api instances take 10,000 rps; each request reads its session from `sessions`, which takes 1,000 rps.
  const text = (extra: Record<string, unknown> = {}) => topology({
    web: { kind: 'client', calls: ['api'] },
    api: { kind: 'service', instances: 4, state: 'external', sessionStore: 'sessions', calls: ['db'] },
    sessions: { kind: 'cache', hitRatio: 0.99, capacity: { rps: 1000 }, ...extra },
    db: { kind: 'database', instances: 1 },
  }, { workload: { peakRps: 10_000, readFraction: 0.9 } });

  it('is loaded by a read per request of the services that keep their sessions there: 10× its capacity is an error', () => {
    const [f, ...rest] = findingsOf('capacity', text());
    assert.deepEqual(rest, []);
    assert.ok(f, 'a session store at 10x its capacity must not be silent');
    assert.equal(f.severity, 'error');
    assert.equal(f.data!.utilization, 10);
    assert.match(f.message, /^sessions is at 1,000% of capacity at peak \(error from 100%\): its busiest primary takes 10,000 rps and its request rate saturates first; the ceiling is 1,000 rps of peak load/);
  });

  it('passes its own misses on along its calls, as any read', () => {
    const through = text({ capacity: { rps: 20_000 }, calls: ['db'] });
    const result = checkText(through);
    const hover = componentMarkdown('db', result);
    // db: 1,000 writes/s from api, 9,000 reads/s from api, and 1% of the 10,000 session reads that miss: 100.
    assert.match(hover, /Load at peak: \*\*10,100 rps\*\* \(9,100 reads\/s, 1,000 writes\/s\)/);
  });
});
