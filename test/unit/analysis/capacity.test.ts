import assert from 'node:assert/strict';
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
    assert.equal(f!.message, 'api is at 125% of capacity at peak: its busiest instance takes 5,000 rps and its request rate saturates first; the ceiling is 8,000 rps of peak load (today 10,000): requests queue without bound and time out');
    assert.equal(rangeText(text, f!), '4000');
    assert.deepEqual(f!.path, ['components', 'api', 'capacity', 'rps']);
  });

  it('is a warning from 80%, with the M/M/c queueing delay when latency is declared', () => {
    const text = tier(3, { rps: 4000, latency: '20ms' });
    const [f] = findingsOf('capacity', text);
    assert.equal(f!.severity, 'warning');
    // 3,333 rps on an instance whose 4,000 rps at 20 ms imply c = 80 concurrent requests: ρ = 0.83.
    assert.match(f!.message, /^api is at 83.3% of capacity at peak: its busiest instance takes 3,333 rps and its request rate saturates first; the ceiling is 12,000 rps of peak load \(today 10,000\); queueing alone raises the mean response time from 20 ms to 20(\.\d)? ms \(M\/M\/80\)$/);
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
});
