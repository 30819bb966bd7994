import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/findings';
import { assertEveryFixClears, findingsOf, rangeText, topology } from './harness';
import { figure } from '../../../src/core/text/format';

const ID = 'modulo-sharding';

const store = (sharding: Record<string, unknown>, kind = 'database') => topology({
  c: { kind: 'client', calls: ['db'] },
  db: { kind, sharding },
});

describe(ID, () => {
  const text = store({ strategy: 'modulo', shards: 64, key: { field: 'user_id' } });

  it('flags hash mod N at the strategy value, with the share of keys one more shard moves, against a ring', () => {
    const [f, ...rest] = findingsOf(ID, text);
    assert.equal(rest.length, 0);
    assert.equal(f!.severity, 'warning');
    assert.equal(f!.message, 'hash mod 64: adding one shard moves 98.5% of keys; a consistent-hash ring would move about 1.54%');
    assert.deepEqual(f!.path, ['components', 'db', 'sharding', 'strategy']);
    assert.equal(rangeText(text, f!), '"modulo"');
    assert.equal(f!.data!.movedFraction, figure(64 / 65));
    assert.equal(f!.data!.ringMovedFraction, figure(1 / 65));
  });

  it('flags sharded caches too, and uses the declared shard count', () => {
    const [f] = findingsOf(ID, store({ strategy: 'modulo', shards: 3 }, 'cache'));
    assert.equal(f!.message, 'hash mod 3: adding one shard moves 75% of keys; a consistent-hash ring would move about 25%');
  });

  it('leaves alone a ring, other strategies, and a single shard (both schemes move half of it)', () => {
    assert.deepEqual(findingsOf(ID, store({ strategy: 'consistentHash', shards: 64, vnodes: 160 })), []);
    assert.deepEqual(findingsOf(ID, store({ strategy: 'range', shards: 64 })), []);
    assert.deepEqual(findingsOf(ID, store({ strategy: 'modulo', shards: 1 })), []);
  });

  it('its fix switches to a ring with 160 vnodes in one fix of two edits, and clears it', () => {
    const [f] = findingsOf(ID, text);
    const fix = f!.fixes![0]!;
    assert.equal(fix.title, 'Use a consistent-hash ring with 160 vnodes per shard');
    const fixed = JSON.parse(applyEdits(text, fix.edits));
    assert.deepEqual(fixed.components.db.sharding, { strategy: 'consistentHash', shards: 64, key: { field: 'user_id' }, vnodes: 160 });
    assert.equal(assertEveryFixClears(ID, text), 1);
    assert.deepEqual(findingsOf('too-few-vnodes', applyEdits(text, fix.edits)), []);
  });

  it('proposes more vnodes when 160 would leave the ring unbalanced for that shard count', () => {
    // With 98 shards, 160 points each leave the busiest shard at 1.27x the mean on this ring; 256 bring it to 1.22x.
    const text98 = store({ strategy: 'modulo', shards: 98 });
    const [f] = findingsOf(ID, text98);
    assert.equal(f!.fixes![0]!.title, 'Use a consistent-hash ring with 256 vnodes per shard');
    assert.deepEqual(findingsOf('too-few-vnodes', applyEdits(text98, f!.fixes![0]!.edits)), []);
  });
});
