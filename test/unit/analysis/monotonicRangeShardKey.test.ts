import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/findings';
import { assertEveryFixClears, findingsOf, rangeText, topology } from './harness';

const ID = 'monotonic-range-shard-key';

const store = (sharding: Record<string, unknown>, workload: Record<string, unknown> = { peakRps: 5000, readFraction: 0.9 }) => topology({
  c: { kind: 'client', calls: ['events'] },
  events: { kind: 'database', sharding },
}, { workload });

describe(ID, () => {
  const text = store({ strategy: 'range', shards: 16, key: { field: 'created_at', monotonic: true } });

  it('flags range sharding on a key that only grows, at the monotonic value, with the write rate the last shard takes', () => {
    const [f, ...rest] = findingsOf(ID, text);
    assert.equal(rest.length, 0);
    assert.equal(f!.severity, 'warning');
    assert.equal(f!.message, 'range sharding on created_at, which only grows: every new write lands on the last of 16 shards (all 500 writes/s), the other 15 take none');
    assert.deepEqual(f!.path, ['components', 'events', 'sharding', 'key', 'monotonic']);
    assert.equal(rangeText(text, f!), 'true');
    assert.equal(rangeText(text, f!.related![0]!), '"range"');
    assert.equal(f!.data!.hottestShare, 1);
  });

  it('flags a sequential workload on a range-sharded key that does not say otherwise, at the strategy', () => {
    const seq = store({ strategy: 'range', shards: 2, key: { field: 'id' } }, { peakRps: 1000, readFraction: 0.5, keys: { distribution: 'sequential', cardinality: 1_000_000 } });
    const [f] = findingsOf(ID, seq);
    assert.equal(f!.message, 'range sharding on id, and the workload\'s keys are sequential: every new write lands on the last of 2 shards (all 500 writes/s), the other one takes none');
    assert.equal(rangeText(seq, f!), '"range"');
  });

  it('leaves alone hashed strategies, a non-monotonic key, an explicit "monotonic": false under a sequential workload, and one shard', () => {
    assert.deepEqual(findingsOf(ID, store({ strategy: 'consistentHash', shards: 16, vnodes: 160, key: { field: 'created_at', monotonic: true } })), []);
    assert.deepEqual(findingsOf(ID, store({ strategy: 'range', shards: 16, key: { field: 'name' } })), []);
    const seq = { peakRps: 100, keys: { distribution: 'sequential', cardinality: 1000 } };
    assert.deepEqual(findingsOf(ID, store({ strategy: 'range', shards: 16, key: { field: 'name', monotonic: false } }, seq)), []);
    assert.deepEqual(findingsOf(ID, store({ strategy: 'range', shards: 1, key: { field: 'created_at', monotonic: true } })), []);
  });

  it('omits the rate when nothing writes', () => {
    const readOnly = store({ strategy: 'range', shards: 4, key: { field: 'ts', monotonic: true } }, { peakRps: 100, readFraction: 1 });
    assert.equal(findingsOf(ID, readOnly)[0]!.message, 'range sharding on ts, which only grows: every new write lands on the last of 4 shards, the other 3 take none');
  });

  it('its fix moves to a consistent-hash ring with 160 vnodes (two edits), which clears it and raises no too-few-vnodes', () => {
    const [f] = findingsOf(ID, text);
    assert.equal(f!.fixes!.length, 1);
    assert.equal(f!.fixes![0]!.title, 'Use a consistent-hash ring with 160 vnodes per shard');
    assert.equal(f!.fixes![0]!.edits.length, 2);
    assert.equal(assertEveryFixClears(ID, text), 1);
    assert.deepEqual(findingsOf('too-few-vnodes', applyEdits(text, f!.fixes![0]!.edits)), []);
    const oneLine = '{"version":1,"name":"x","workload":{"peakRps":10},"components":{"c":{"kind":"client","calls":["e"]},"e":{"kind":"database","sharding":{"strategy":"range","shards":8,"key":{"field":"ts","monotonic":true}}}}}';
    assert.equal(assertEveryFixClears(ID, oneLine), 1);
    assert.equal(assertEveryFixClears(ID, store({ strategy: 'range', shards: 2, key: { field: 'id' } }, { peakRps: 10, keys: { distribution: 'sequential', cardinality: 100 } })), 1);
  });
});
