import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/findings';
import { assertEveryFixClears, findingsOf, rangeText, topology } from './harness';

const RULE = 'sync-replication-availability';

/** A client writing 5,000 writes/s (10,000 rps, half writes) to one store. */
const store = (component: Record<string, unknown>) => topology(
  { web: { kind: 'client', calls: ['db'] }, db: { kind: 'database', consistency: 'eventual', ...component } },
  { workload: { peakRps: 10_000, readFraction: 0.5 } },
);

const automatic = { mode: 'automatic', detection: '10s', promotion: '5s' };

describe('sync-replication-availability', () => {
  it('flags sync replication to a single replica, at the replicas value, with the writes that stop', () => {
    const text = store({ replication: { mode: 'sync', replicas: 1, failover: automatic } });
    const [f, ...rest] = findingsOf(RULE, text);
    assert.equal(rest.length, 0);
    assert.equal(f!.severity, 'info');
    assert.equal(f!.message, 'db uses sync replication to 1 replica: when that replica is down or slow, all 5,000 writes/s stop');
    assert.deepEqual(f!.path, ['components', 'db', 'replication', 'replicas']);
    assert.equal(rangeText(text, f!), '1');
    assert.deepEqual(f!.related!.map((r) => rangeText(text, r)), ['"sync"']);
    assert.equal(f!.data!.writesPerSecond, 5000);
  });

  it('flags semi-sync with no timeout and one replica: every write waits for that replica too', () => {
    const text = store({ replication: { mode: 'semiSync', replicas: 1 } });
    const [f] = findingsOf(RULE, text);
    assert.equal(f!.message, 'db uses semi-sync replication with no timeout and 1 replica, so every write waits for it: when that replica is down or slow, all 5,000 writes/s stop');
    assert.deepEqual(f!.related!.map((r) => rangeText(text, r)), ['"semiSync"']);
  });

  it('with several primaries, says which share of the writes one replica stops', () => {
    const text = store({
      instances: 4,
      sharding: { strategy: 'consistentHash', shards: 4, vnodes: 100, key: { field: 'id' } },
      replication: { mode: 'sync', replicas: 1 },
    });
    assert.equal(findingsOf(RULE, text)[0]!.message, "db uses sync replication to 1 replica per leader: when one of its 4 replicas is down or slow, its leader's 1,250 writes/s (1/4 of 5,000) stop");
  });

  it('leaves alone two or more replicas, semi-sync that falls back, async, leaderless, and stores nobody writes to', () => {
    const quiet = [
      { mode: 'sync', replicas: 2 },
      { mode: 'sync', replicas: 0 },
      { mode: 'semiSync', replicas: 2 },
      { mode: 'semiSync', replicas: 1, semiSyncTimeout: '1s' },
      { mode: 'async', replicas: 1 },
      { topology: 'leaderless', mode: 'sync', replicas: 1, quorum: { n: 2, r: 2, w: 1 } },
    ];
    for (const replication of quiet) assert.deepEqual(findingsOf(RULE, store({ replication })), [], JSON.stringify(replication));
    const readOnly = topology({ web: { kind: 'client', calls: [{ to: 'db', op: 'read' }] }, db: { kind: 'database', replication: { mode: 'sync', replicas: 1 } } });
    assert.deepEqual(findingsOf(RULE, readOnly), []);
  });

  it('its fix is one change of two edits: semi-sync over 2 replicas, and it clears', () => {
    const text = store({ replication: { mode: 'sync', replicas: 1, failover: automatic } });
    const [f] = findingsOf(RULE, text);
    const [fix, ...others] = f!.fixes!;
    assert.equal(others.length, 0);
    assert.equal(fix!.edits.length, 2);
    assert.equal(fix!.title, 'Use semi-sync with 2 replicas (a write waits for the first of the two)');
    const fixed = applyEdits(text, fix!.edits);
    assert.deepEqual(JSON.parse(fixed).components.db.replication, { mode: 'semiSync', replicas: 2, failover: automatic });
    // Semi-sync without a timeout is lossless: the fix does not trade this for a data-loss warning.
    assert.deepEqual(findingsOf('async-failover-data-loss', fixed), []);
    assert.equal(assertEveryFixClears(RULE, text), 1);
  });

  it('moving a strongly consistent store off sync, its fix also reads from the primary, so no stale-read error appears', () => {
    const text = store({ consistency: 'strong', replication: { mode: 'sync', replicas: 1, readsFrom: 'replicas' } });
    const [f] = findingsOf(RULE, text);
    const fix = f!.fixes![0]!;
    assert.equal(fix.title, 'Use semi-sync with 2 replicas (a write waits for the first of the two), reading from the primary');
    const fixed = applyEdits(text, fix.edits);
    assert.equal(JSON.parse(fixed).components.db.replication.readsFrom, 'primary');
    assert.deepEqual(findingsOf('stale-read', fixed), []);
    assert.equal(assertEveryFixClears(RULE, text), 1);
  });

  it('for semi-sync, its fix adds the second replica; in a one-line layout too', () => {
    assert.equal(assertEveryFixClears(RULE, store({ replication: { mode: 'semiSync', replicas: 1 } })), 1);
    const oneLine = '{"version":1,"name":"x","workload":{"peakRps":10},"components":{"c":{"kind":"client","calls":["db"]},"db":{"kind":"database","replication":{"mode":"sync","replicas":1}}}}';
    assert.equal(assertEveryFixClears(RULE, oneLine), 1);
  });
});
