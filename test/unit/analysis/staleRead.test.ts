import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/findings';
import { assertEveryFixClears, findingsOf, rangeText, topology } from './harness';

const RULE = 'stale-read';

/** A client sending 900 reads/s and 100 writes/s to the ledger. */
const ledger = (component: Record<string, unknown>, kind = 'database') => topology({
  web: { kind: 'client', calls: ['ledger'] },
  ledger: { kind, ...component },
});

const lag = { p50: '5ms', p99: '120ms' };

describe('stale-read', () => {
  it('flags a strong store reading from async replicas, at the readsFrom value, with the reads and the lag', () => {
    const text = ledger({ consistency: 'strong', replication: { mode: 'async', replicas: 2, lag, readsFrom: 'replicas' } });
    const [f, ...rest] = findingsOf(RULE, text);
    assert.equal(rest.length, 0);
    assert.equal(f!.severity, 'error');
    assert.equal(f!.message, 'ledger is declared strong but serves its 900 reads/s from async replicas lagging up to 120 ms (p99): a read right after a write can miss it');
    assert.deepEqual(f!.path, ['components', 'ledger', 'replication', 'readsFrom']);
    assert.equal(rangeText(text, f!), '"replicas"');
    assert.deepEqual(f!.related!.map((r) => rangeText(text, r)), ['"strong"', '"async"']);
    assert.deepEqual(f!.related![0]!.path, ['components', 'ledger', 'consistency']);
    assert.equal(f!.data!.readsPerSecond, 900);
  });

  it('points at the id when consistency is left at its default (strong), and at the replication key when the mode is', () => {
    const text = ledger({ replication: { replicas: 1, lag, readsFrom: 'replicas' } });
    const [f] = findingsOf(RULE, text);
    assert.equal(f!.message, 'ledger is strong by default (no consistency declared) but serves its 900 reads/s from async replicas lagging up to 120 ms (p99): a read right after a write can miss it');
    assert.deepEqual(f!.related!.map((r) => rangeText(text, r)), ['"ledger"', '"replication"']);
  });

  it('says what read-your-writes loses', () => {
    const text = ledger({ consistency: 'readYourWrites', replication: { mode: 'async', replicas: 2, lag, readsFrom: 'replicas' } });
    assert.equal(findingsOf(RULE, text)[0]!.message, 'ledger is declared read-your-writes but serves its 900 reads/s from async replicas lagging up to 120 ms (p99): a user who just wrote can read the old value back');
  });

  it('counts the share of reads that reach replicas with readsFrom "any"', () => {
    const text = ledger({ consistency: 'strong', replication: { mode: 'async', replicas: 2, lag, readsFrom: 'any' } });
    const [f] = findingsOf(RULE, text);
    assert.equal(f!.message, 'ledger is declared strong but serves 600 of its 900 reads/s (readsFrom "any": 2 of every 3 nodes) from async replicas lagging up to 120 ms (p99): a read right after a write can miss it');
    assert.equal(rangeText(text, f!), '"any"');
  });

  it('flags semi-sync replicas (one has received the write, none has to have applied it), and assumes a lag when none is declared', () => {
    const text = ledger({ consistency: 'strong', replication: { mode: 'semiSync', replicas: 2, readsFrom: 'replicas' } });
    assert.equal(findingsOf(RULE, text)[0]!.message, 'ledger is declared strong but serves its 900 reads/s from semi-sync replicas lagging up to 100 ms (p99, assumed: no lag declared): a read right after a write can miss it');
  });

  it('leaves alone weaker promises, sync replicas, primary reads, leaderless stores, no replica, and kinds that promise nothing', () => {
    assert.deepEqual(findingsOf(RULE, ledger({ consistency: 'eventual', replication: { replicas: 2, lag, readsFrom: 'replicas' } })), []);
    assert.deepEqual(findingsOf(RULE, ledger({ consistency: 'monotonicReads', replication: { replicas: 2, lag, readsFrom: 'replicas' } })), []);
    assert.deepEqual(findingsOf(RULE, ledger({ consistency: 'strong', replication: { mode: 'sync', replicas: 2, readsFrom: 'replicas' } })), []);
    assert.deepEqual(findingsOf(RULE, ledger({ consistency: 'strong', replication: { mode: 'async', replicas: 2, lag, readsFrom: 'primary' } })), []);
    assert.deepEqual(findingsOf(RULE, ledger({ consistency: 'strong', replication: { mode: 'async', replicas: 2, lag } })), []);
    assert.deepEqual(findingsOf(RULE, ledger({ consistency: 'strong', replication: { mode: 'async', replicas: 0, readsFrom: 'replicas' } })), []);
    assert.deepEqual(findingsOf(RULE, ledger({ consistency: 'strong', replication: { topology: 'leaderless', replicas: 2, readsFrom: 'any', quorum: { n: 3, r: 2, w: 2 } } })), []);
    assert.deepEqual(findingsOf(RULE, ledger({ replication: { mode: 'async', replicas: 2, readsFrom: 'any' } }, 'cache')), []);
  });

  it('its fix (read from the primary) clears it', () => {
    const text = ledger({ consistency: 'strong', replication: { mode: 'async', replicas: 2, lag, readsFrom: 'any' } });
    const [f] = findingsOf(RULE, text);
    assert.equal(f!.fixes![0]!.title, 'Read from the primary');
    assert.equal(JSON.parse(applyEdits(text, f!.fixes![0]!.edits)).components.ledger.replication.readsFrom, 'primary');
    assert.equal(assertEveryFixClears(RULE, text), 1);
    assert.equal(assertEveryFixClears(RULE, ledger({ replication: { mode: 'semiSync', replicas: 1, readsFrom: 'replicas' } })), 1);
  });
});
