import assert from 'node:assert/strict';
import { findingsOf, rangeText, topology } from './harness';

const ID = 'cross-shard-query';

const store = (queries: unknown[], sharding: Record<string, unknown> = { strategy: 'consistentHash', shards: 64, vnodes: 160, key: { field: 'short_code' } }) => topology({
  c: { kind: 'client', calls: ['urls'] },
  urls: { kind: 'database', sharding, queries },
});

describe(ID, () => {
  it('flags a query without the shard key at its by value, related to the shard key\'s field', () => {
    const text = store([{ name: 'resolve', by: ['short_code'] }, { name: 'by_email', by: ['email'] }]);
    const [f, ...rest] = findingsOf(ID, text);
    assert.equal(rest.length, 0);
    assert.equal(f!.severity, 'warning');
    assert.equal(f!.message, 'query by_email does not filter on the shard key short_code: it is sent to all 64 shards and waits for the slowest');
    assert.deepEqual(f!.path, ['components', 'urls', 'queries', 1, 'by']);
    assert.deepEqual(JSON.parse(rangeText(text, f!)), ['email']);
    assert.equal(rangeText(text, f!.related![0]!), '"short_code"');
    assert.equal(f!.fixes, undefined);
  });

  it('gives the fan-out in shard requests per second when the query declares its share', () => {
    const text = store([{ name: 'by_email', by: ['email'], share: 0.3 }]);
    const [f] = findingsOf(ID, text);
    assert.equal(f!.message, 'query by_email does not filter on the shard key short_code: it is sent to all 64 shards and waits for the slowest (~300 queries/s become 19,200 shard requests/s)');
    assert.equal(f!.data!.shardRequestsPerSecond, 19_200);
  });

  it('accepts a query that filters on the shard key among other fields', () => {
    assert.deepEqual(findingsOf(ID, store([{ name: 'one post', by: ['author_id', 'short_code'] }])), []);
  });

  it('leaves alone unsharded stores, one shard, and a sharding without a declared key', () => {
    const plain = topology({ c: { kind: 'client', calls: ['db'] }, db: { kind: 'database', queries: [{ name: 'q', by: ['x'] }] } });
    assert.deepEqual(findingsOf(ID, plain), []);
    assert.deepEqual(findingsOf(ID, store([{ name: 'q', by: ['x'] }], { strategy: 'modulo', shards: 1, key: { field: 'id' } })), []);
    assert.deepEqual(findingsOf(ID, store([{ name: 'q', by: ['x'] }], { strategy: 'modulo', shards: 8 })), []);
  });

  it('reports each offending query once', () => {
    const text = store([{ name: 'a', by: ['x'] }, { name: 'b', by: ['short_code'] }, { name: 'c', by: ['y', 'z'] }]);
    assert.deepEqual(findingsOf(ID, text).map((f) => f.path[3]), [0, 2]);
  });
});
