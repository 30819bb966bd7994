import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/findings';
import { missProbability } from '../../../src/core/analysis/rules/quorumConsistency';
import { assertEveryFixClears, findingsOf, rangeText, topology } from './harness';
import { figure } from '../../../src/core/text/format';

const RULE = 'quorum-consistency';

const store = (quorum: Record<string, number>, extra: Record<string, unknown> = {}) => topology({
  web: { kind: 'client', calls: ['inventory'] },
  inventory: { kind: 'database', consistency: 'strong', replication: { topology: 'leaderless', replicas: 2, quorum }, ...extra },
});

describe('quorum-consistency', () => {
  it('flags R + W <= N on a strong store, at the r value, with the quorum arithmetic', () => {
    const text = store({ n: 3, r: 2, w: 1 });
    const [f, ...rest] = findingsOf(RULE, text);
    assert.equal(rest.length, 0);
    assert.equal(f!.severity, 'warning');
    assert.equal(f!.message, 'inventory is declared strong but R + W = 2 + 1 = 3 is not more than N = 3: a read can miss the latest acknowledged write (right after a write, up to 33.3% of reads miss it); raising R alone to N = 3 stops reads when one node is down');
    assert.deepEqual(f!.path, ['components', 'inventory', 'replication', 'quorum', 'r']);
    assert.equal(rangeText(text, f!), '2');
    assert.deepEqual(f!.related!.map((r) => r.path.at(-1)), ['consistency', 'w', 'n']);
    assert.deepEqual(f!.related!.map((r) => rangeText(text, r)), ['"strong"', '1', '3']);
    assert.deepEqual(f!.data, { n: 3, r: 2, w: 1, consistency: 'strong', missProbability: figure(1 / 3) });
  });

  it('points at the id when strong is the default, and covers read-your-writes', () => {
    const text = topology({ web: { kind: 'client', calls: ['kv'] }, kv: { kind: 'database', replication: { topology: 'leaderless', replicas: 2, quorum: { n: 3, r: 1, w: 1 } } } });
    const [f] = findingsOf(RULE, text);
    assert.match(f!.message, /^kv is strong by default \(no consistency declared\) but R \+ W = 1 \+ 1 = 2 is not more than N = 3.*up to 66.7% of reads/);
    assert.equal(rangeText(text, f!.related![0]!), '"kv"');
    assert.match(findingsOf(RULE, store({ n: 5, r: 2, w: 2 }, { consistency: 'readYourWrites' }))[0]!.message, /^inventory is declared read-your-writes but R \+ W = 2 \+ 2 = 4 is not more than N = 5/);
  });

  it('computes the chance that a read quorum misses every replica holding the write: C(N-W, R) / C(N, R)', () => {
    assert.equal(missProbability(3, 1, 1), 2 / 3);
    assert.equal(missProbability(5, 2, 2), 3 / 10);
    assert.equal(missProbability(3, 2, 2), 0);
    assert.equal(missProbability(1, 1, 1), 0);
  });

  it('leaves alone overlapping quorums and weaker promises', () => {
    assert.deepEqual(findingsOf(RULE, store({ n: 3, r: 2, w: 2 })), []);
    assert.deepEqual(findingsOf(RULE, store({ n: 3, r: 3, w: 1 })), []);
    assert.deepEqual(findingsOf(RULE, store({ n: 3, r: 1, w: 1 }, { consistency: 'eventual' })), []);
    assert.deepEqual(findingsOf(RULE, store({ n: 3, r: 1, w: 1 }, { consistency: 'monotonicReads' })), []);
  });

  it('offers quorums that overlap and survive a node (preferred), or raising R to N - W + 1 or W to N - R + 1, and each clears it', () => {
    const text = store({ n: 5, r: 2, w: 2 });
    const [f] = findingsOf(RULE, text);
    assert.deepEqual(f!.fixes!.map((x) => [x.title, x.preferred]), [
      ['Use R = 3 and W = 3 (R + W = 6 > N = 5; with one node down, reads and writes still find their quorums)', true],
      ['Raise R to 4 (R + W = 6 > N = 5; reads wait for 4 of 5 replicas)', false],
      ['Raise W to 4 (R + W = 6 > N = 5; writes wait for 4 of 5 replicas)', false],
    ]);
    assert.deepEqual(JSON.parse(applyEdits(text, f!.fixes![0]!.edits)).components.inventory.replication.quorum, { n: 5, r: 3, w: 3 });
    assert.equal(assertEveryFixClears(RULE, text), 3);
    assert.equal(assertEveryFixClears(RULE, store({ n: 3, r: 1, w: 1 })), 3);
  });

  it('says when raising one quorum alone to N makes one node\'s loss stop reads or writes', () => {
    const [f] = findingsOf(RULE, store({ n: 3, r: 1, w: 1 }));
    assert.match(f!.message, /; raising R or W alone to N = 3 stops reads or writes when one node is down$/);
    assert.deepEqual(f!.fixes!.map((x) => x.title), [
      'Use R = 2 and W = 2 (R + W = 4 > N = 3; with one node down, reads and writes still find their quorums)',
      'Raise R to 3 (R + W = 4 > N = 3; a read waits for all 3 replicas: one node down stops reads)',
      'Raise W to 3 (R + W = 4 > N = 3; a write waits for all 3 replicas: one node down stops writes)',
    ]);
    // The balanced pair is the W fix: offered once.
    assert.deepEqual(findingsOf(RULE, store({ n: 3, r: 2, w: 1 }))[0]!.fixes!.map((x) => x.title), [
      'Raise W to 2 (R + W = 4 > N = 3; with one node down, reads and writes still find their quorums)',
      'Raise R to 3 (R + W = 4 > N = 3; a read waits for all 3 replicas: one node down stops reads)',
    ]);
    // Over two nodes, no pair survives a node: each key goes on a third.
    const two = store({ n: 2, r: 1, w: 1 }, { replication: { topology: 'leaderless', replicas: 1, quorum: { n: 2, r: 1, w: 1 } } });
    const [g] = findingsOf(RULE, two);
    assert.equal(g!.fixes![0]!.title, 'Store each key on N = 3 nodes with R = W = 2 (R + W = 4 > 3; with one node down, reads and writes still find their quorums)');
    assert.deepEqual(JSON.parse(applyEdits(two, g!.fixes![0]!.edits)).components.inventory.replication, { topology: 'leaderless', replicas: 2, quorum: { n: 3, r: 2, w: 2 } });
    assert.equal(assertEveryFixClears(RULE, two), 3);
  });
});
