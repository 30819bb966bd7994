import assert from 'node:assert/strict';
import { findingsOf, rangeText, topology } from './harness';

const RULE = 'multi-leader-conflicts';

/** A client sending 100 writes/s to the chat store. */
const chat = (replication: Record<string, unknown>, extra: Record<string, unknown> = {}) => topology({
  web: { kind: 'client', calls: ['chat'] },
  chat: { kind: 'database', consistency: 'eventual', replication, ...extra },
});

describe('multi-leader-conflicts', () => {
  it('flags several leaders with no conflict policy, at the topology value, with the writes they take', () => {
    const text = chat({ topology: 'multiLeader', leaders: 2, replicas: 1 });
    const [f, ...rest] = findingsOf(RULE, text);
    assert.equal(rest.length, 0);
    assert.equal(f!.severity, 'error');
    assert.equal(f!.message, 'chat has 2 leaders accepting writes (100 writes/s) with no conflict resolution: concurrent writes to one key leave the leaders diverged for good');
    assert.deepEqual(f!.path, ['components', 'chat', 'replication', 'topology']);
    assert.equal(rangeText(text, f!), '"multiLeader"');
    assert.deepEqual(f!.related!.map((r) => rangeText(text, r)), ['2']);
    assert.equal(f!.fixes, undefined, 'the policy is a design decision: no quick fix');
    assert.equal(f!.data!.leaders, 2);
    assert.equal(f!.data!.conflictResolution, 'undeclared');
    assert.ok(Math.abs((f!.data!.writesPerSecond as number) - 100) < 1e-9);
  });

  it('points at conflictResolution when it is declared "none"', () => {
    const text = chat({ topology: 'multiLeader', leaders: 3, replicas: 1, conflictResolution: 'none' });
    const [f] = findingsOf(RULE, text);
    assert.equal(f!.message, 'chat has 3 leaders accepting writes (100 writes/s) with conflictResolution "none": concurrent writes to one key leave the leaders diverged for good');
    assert.equal(rangeText(text, f!), '"none"');
    assert.deepEqual(f!.related!.map((r) => rangeText(text, r)), ['3', '"multiLeader"']);
  });

  it('counts 2 leaders when leaders is not declared, and says "per shard" for a sharded store', () => {
    const text = chat({ topology: 'multiLeader', replicas: 0 }, { sharding: { strategy: 'consistentHash', shards: 2, vnodes: 100, key: { field: 'room' } } });
    const [f] = findingsOf(RULE, text);
    assert.match(f!.message, /^chat has 2 leaders per shard accepting writes \(100 writes\/s\)/);
    assert.deepEqual(f!.related, []);
  });

  it('leaves out the write rate when nothing writes at peak, and still flags the design', () => {
    const text = topology({ web: { kind: 'client', calls: [{ to: 'chat', op: 'read' }] }, chat: { kind: 'database', replication: { topology: 'multiLeader', replicas: 1 } } });
    assert.match(findingsOf(RULE, text)[0]!.message, /^chat has 2 leaders accepting writes with no conflict resolution/);
  });

  it('leaves alone a declared policy, a single leader, and other topologies', () => {
    for (const conflictResolution of ['lastWriteWins', 'crdt', 'applicationMerge']) {
      assert.deepEqual(findingsOf(RULE, chat({ topology: 'multiLeader', leaders: 2, replicas: 1, conflictResolution })), [], conflictResolution);
    }
    assert.deepEqual(findingsOf(RULE, chat({ topology: 'multiLeader', leaders: 1, replicas: 1 })), []);
    assert.deepEqual(findingsOf(RULE, chat({ replicas: 1 })), []);
    assert.deepEqual(findingsOf(RULE, chat({ topology: 'leaderless', replicas: 2, quorum: { n: 3, r: 2, w: 2 } })), []);
  });

  it('applies to caches and queues too', () => {
    for (const kind of ['cache', 'queue']) {
      const text = topology({ web: { kind: 'client', calls: ['s'] }, s: { kind, replication: { topology: 'multiLeader', replicas: 1 } } });
      assert.equal(findingsOf(RULE, text).length, 1, kind);
    }
  });
});
