import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/findings';
import { lagOf } from '../../../src/core/model/replicationLag';
import { assertEveryFixClears, findingsOf, rangeText, topology } from './harness';
import { figure } from '../../../src/core/text/format';

const RULE = 'async-failover-data-loss';

/** A client writing 5,000 writes/s (10,000 rps, half writes) to one store. */
const store = (component: Record<string, unknown>, id = 'db') => topology(
  { web: { kind: 'client', calls: [id] }, [id]: { kind: 'database', consistency: 'eventual', ...component } },
  { workload: { peakRps: 10_000, readFraction: 0.5 } },
);

const automatic = { mode: 'automatic', detection: '10s', promotion: '5s' };

describe('async-failover-data-loss', () => {
  it('flags async replication with automatic failover, at the mode value, with writes × mean lag', () => {
    const text = store({ replication: { mode: 'async', replicas: 2, lag: { p50: '50ms', p99: '50ms' }, failover: automatic } });
    const [f, ...rest] = findingsOf(RULE, text);
    assert.equal(rest.length, 0);
    assert.equal(f!.severity, 'warning');
    assert.equal(f!.message, 'async failover of db can lose about 250 acknowledged writes (5,000 writes/s × 50 ms mean lag) each time the primary dies');
    assert.deepEqual(f!.path, ['components', 'db', 'replication', 'mode']);
    assert.equal(rangeText(text, f!), '"async"');
    assert.equal(f!.related!.length, 1);
    assert.equal(rangeText(text, f!.related![0]!), '"automatic"');
    assert.deepEqual(f!.related![0]!.path, ['components', 'db', 'replication', 'failover', 'mode']);
    assert.equal(f!.data!.expectedLostWrites, 250);
    assert.equal(f!.data!.meanLagMs, 50);
    assert.equal(f!.data!.lagAssumed, false);
  });

  it('takes the mean of the lognormal fitted to p50 and p99, not the median', () => {
    const text = store({ replication: { mode: 'async', replicas: 2, lag: { p50: '5ms', p99: '120ms' }, failover: automatic } });
    const [f] = findingsOf(RULE, text);
    const sigma = Math.log(120 / 5) / 2.3263478740408408;
    const mean = 5 * Math.exp((sigma * sigma) / 2);
    assert.equal(f!.data!.meanLagMs, figure(mean));
    assert.equal(f!.data!.expectedLostWrites, figure(5 * mean));
    assert.equal(f!.message, 'async failover of db can lose about 64 acknowledged writes (5,000 writes/s × 12.7 ms mean lag) each time the primary dies');
  });

  it('assumes p50 10 ms / p99 100 ms when no lag is declared, and says so', () => {
    const text = store({ replication: { mode: 'async', replicas: 1, failover: { mode: 'automatic' } } });
    const [f] = findingsOf(RULE, text);
    assert.equal(f!.message, 'async failover of db can lose about 82 acknowledged writes (5,000 writes/s × 16.3 ms mean lag; assumed lag, as none is declared: p50 10 ms, p99 100 ms) each time the primary dies');
    assert.equal(f!.data!.lagAssumed, true);
  });

  it('points at the replication key when the mode is left at its default (async)', () => {
    const text = store({ replication: { replicas: 2, lag: { p50: 20, p99: 20 }, failover: automatic } });
    const [f] = findingsOf(RULE, text);
    assert.equal(rangeText(text, f!), '"replication"');
    assert.deepEqual(f!.path, ['components', 'db', 'replication']);
    assert.match(f!.message, /about 100 acknowledged writes \(5,000 writes\/s × 20 ms mean lag\)/);
  });

  it('divides the writes over the primaries: one per shard, else one per instance', () => {
    const sharded = store({
      instances: 4,
      sharding: { strategy: 'consistentHash', shards: 4, vnodes: 100, key: { field: 'id' } },
      replication: { mode: 'async', replicas: 1, lag: { p50: 40, p99: 40 }, failover: automatic },
    });
    const [f] = findingsOf(RULE, sharded);
    assert.equal(f!.message, 'async failover of db can lose about 50 acknowledged writes (1,250 writes/s per primary × 40 ms mean lag; 5,000 writes/s over 4 primaries) each time a primary dies');
    assert.equal(f!.data!.primaries, 4);
    const instances = store({ instances: 2, replication: { mode: 'async', replicas: 1, lag: { p50: 40, p99: 40 }, failover: automatic } });
    assert.equal(findingsOf(RULE, instances)[0]!.data!.writesPerSecondPerPrimary, 2500);
  });

  it('gives a fraction of a write when the loss is small', () => {
    const text = store({
      sharding: { strategy: 'consistentHash', shards: 1000, vnodes: 100, key: { field: 'id' } },
      replication: { mode: 'async', replicas: 1, lag: { p50: 10, p99: 10 }, failover: automatic },
    });
    assert.match(findingsOf(RULE, text)[0]!.message, /can lose about 0.05 acknowledged writes \(5 writes\/s per primary × 10 ms mean lag/);
  });

  it('flags semi-sync with a timeout, saying that it falls back to async, with the timeout as related', () => {
    const text = store({ replication: { mode: 'semiSync', replicas: 2, lag: { p50: 50, p99: 50 }, semiSyncTimeout: '10s', failover: automatic } });
    const [f] = findingsOf(RULE, text);
    assert.equal(f!.message, 'db is semi-sync with a 10 s timeout, so it falls back to async whenever no replica acknowledges in time; then failover can lose about 250 acknowledged writes (5,000 writes/s × 50 ms mean lag) each time the primary dies');
    assert.equal(rangeText(text, f!), '"semiSync"');
    assert.deepEqual(f!.related!.map((r) => rangeText(text, r)), ['"automatic"', '"10s"']);
    assert.equal(f!.data!.semiSyncTimeoutMs, 10_000);
  });

  it('applies to caches, queues and directories too', () => {
    for (const kind of ['cache', 'queue', 'directory']) {
      const text = topology(
        { web: { kind: 'client', calls: ['s'] }, s: { kind, replication: { mode: 'async', replicas: 1, failover: automatic } } },
        { workload: { peakRps: 1000, readFraction: 0.5 } },
      );
      assert.equal(findingsOf(RULE, text).length, 1, kind);
    }
  });

  it('leaves alone lossless modes, failover that is not automatic, no replica, other topologies, and stores nobody writes to', () => {
    const lag = { p50: 5, p99: 50 };
    const quiet = [
      { mode: 'semiSync', replicas: 2, lag, failover: automatic },
      { mode: 'sync', replicas: 2, failover: automatic },
      { mode: 'async', replicas: 2, lag, failover: { mode: 'manual' } },
      { mode: 'async', replicas: 2, lag, failover: { mode: 'none' } },
      { mode: 'async', replicas: 2, lag },
      { mode: 'async', replicas: 0, failover: automatic },
      { topology: 'multiLeader', leaders: 2, replicas: 1, conflictResolution: 'lastWriteWins', failover: automatic },
      { topology: 'leaderless', replicas: 2, quorum: { n: 3, r: 2, w: 2 }, failover: automatic },
      { mode: 'async', replicas: 1, lag: { p50: 0, p99: 0 }, failover: automatic },
    ];
    for (const replication of quiet) assert.deepEqual(findingsOf(RULE, store({ replication })), [], JSON.stringify(replication));
    const readOnly = topology({ web: { kind: 'client', calls: [{ to: 'db', op: 'read' }] }, db: { kind: 'database', replication: { replicas: 1, failover: automatic } } });
    assert.deepEqual(findingsOf(RULE, readOnly), []);
  });

  it('takes the p99 as the window when the median lag is declared 0', () => {
    const text = store({ replication: { mode: 'async', replicas: 1, lag: { p50: 0, p99: 30 }, failover: automatic } });
    assert.equal(findingsOf(RULE, text)[0]!.data!.meanLagMs, 30);
  });

  it('never takes a mean lag above the p99, however wide the declared spread', () => {
    assert.equal(lagOf({ topology: 'singleLeader', mode: 'async', replicas: 1, readsFrom: 'primary', lag: { p50: 1, p99: 3_600_000 } }).mean, 3_600_000);
  });

  it('its fix (semi-sync) clears it: mode replaced, mode added, timeout removed, in any layout', () => {
    const lag = { p50: 5, p99: 50 };
    const cases = [
      store({ replication: { mode: 'async', replicas: 2, lag, failover: automatic } }),
      store({ replication: { replicas: 2, lag, failover: automatic } }),
      store({ replication: { mode: 'semiSync', replicas: 2, lag, failover: automatic, semiSyncTimeout: '5s' } }),
      store({ replication: { semiSyncTimeout: '5s', mode: 'semiSync', replicas: 2, lag, failover: automatic } }),
      store({ replication: { mode: 'semiSync', semiSyncTimeout: '5s', replicas: 2, lag, failover: automatic } }),
    ];
    for (const text of cases) assert.equal(assertEveryFixClears(RULE, text), 1, text);
    const oneLine = '{"version":1,"name":"x","workload":{"peakRps":10},"components":{"c":{"kind":"client","calls":["db"]},"db":{"kind":"database","replication":{"mode":"semiSync","semiSyncTimeout":"1s","replicas":2,"failover":{"mode":"automatic"}}}}}';
    assert.equal(assertEveryFixClears(RULE, oneLine), 1);
    const [f] = findingsOf(RULE, oneLine);
    assert.equal(applyEdits(oneLine, f!.fixes![0]!.edits), oneLine.replace('"semiSyncTimeout":"1s",', ''));
  });

  it('with a single replica, its fix asks for a second one, so writes do not come to depend on that replica', () => {
    const text = store({ replication: { mode: 'async', replicas: 1, failover: automatic } });
    const [f] = findingsOf(RULE, text);
    const fix = f!.fixes![0]!;
    assert.equal(fix.title, 'Acknowledge writes once a replica has them: use semi-sync, with 2 replicas');
    const fixed = applyEdits(text, fix.edits);
    assert.deepEqual(JSON.parse(fixed).components.db.replication, { mode: 'semiSync', replicas: 2, failover: automatic });
    assert.deepEqual(findingsOf('sync-replication-availability', fixed), []);
    assert.equal(assertEveryFixClears(RULE, text), 1);
    // Removing the timeout right after the replicas value: adjacent edits, both applied.
    const adjacent = store({ replication: { mode: 'semiSync', replicas: 1, semiSyncTimeout: '1s', failover: automatic } });
    const [g] = findingsOf(RULE, adjacent);
    assert.equal(g!.fixes![0]!.title, 'Never fall back to async: remove semiSyncTimeout, with 2 replicas');
    assert.deepEqual(JSON.parse(applyEdits(adjacent, g!.fixes![0]!.edits)).components.db.replication, { mode: 'semiSync', replicas: 2, failover: automatic });
    assert.equal(assertEveryFixClears(RULE, adjacent), 1);
    assert.deepEqual(findingsOf('sync-replication-availability', applyEdits(adjacent, g!.fixes![0]!.edits)), []);
  });

  it('can be lowered to info in the file\'s rules section, as url-shortener does', () => {
    const text = JSON.parse(store({ replication: { mode: 'async', replicas: 1, failover: automatic } }));
    assert.equal(findingsOf(RULE, JSON.stringify({ ...text, rules: { [RULE]: 'info' } }))[0]!.severity, 'info');
    assert.deepEqual(findingsOf(RULE, JSON.stringify({ ...text, rules: { [RULE]: 'off' } })), []);
  });
});
