import assert from 'node:assert/strict';
import { findingsOf, rangeText, topology } from './harness';

const ID = 'low-cardinality-shard-key';

/** One client calling one sharded database. */
const store = (sharding: Record<string, unknown>, extra: Record<string, unknown> = {}) => topology({
  c: { kind: 'client', calls: ['db'] },
  db: { kind: 'database', sharding },
}, extra);

const zipf = { workload: { peakRps: 1000, keys: { distribution: 'zipf', exponent: 1.1, cardinality: 1_000_000 } } };

describe(ID, () => {
  it('is an error when the key has fewer values than shards, at the cardinality value', () => {
    const text = store({ strategy: 'consistentHash', shards: 256, vnodes: 160, key: { field: 'country', cardinality: 200 } });
    const [f, ...rest] = findingsOf(ID, text);
    assert.equal(rest.length, 0);
    assert.equal(f!.severity, 'error');
    assert.equal(f!.message, 'shard key country has 200 values for 256 shards: at least 56 shards get nothing');
    assert.deepEqual(f!.path, ['components', 'db', 'sharding', 'key', 'cardinality']);
    assert.equal(rangeText(text, f!), '200');
    assert.equal(f!.data!.emptyShards, 56);
    assert.equal(f!.fixes, undefined);
  });

  it('warns with the busiest shard\'s measured load when a few values per shard spread unevenly', () => {
    const text = store({ strategy: 'modulo', shards: 64, key: { field: 'country', cardinality: 200 } });
    const [f] = findingsOf(ID, text);
    assert.equal(f!.severity, 'warning');
    assert.equal(f!.message, 'shard key country has ~200 values for 64 shards (about 3.1 per shard): the busiest shard gets 2.56× the mean load');
    assert.equal(rangeText(text, f!), '200');
  });

  it('weights the values by the workload\'s zipf popularity, and gives the uniform figure beside it', () => {
    const text = store({ strategy: 'consistentHash', shards: 64, vnodes: 160, key: { field: 'country', cardinality: 200 } }, zipf);
    const [f] = findingsOf(ID, text);
    assert.equal(f!.message, 'shard key country has ~200 values for 64 shards (about 3.1 per shard): the busiest shard gets 14.4× the mean load under the workload\'s zipf(1.1) popularity (2.88× if every value were equally popular)');
    assert.ok((f!.data!.maxOverMean as number) > (f!.data!.uniformMaxOverMean as number));
  });

  it('takes the cardinality from the workload when the key declares none, pointing at the field and the workload', () => {
    const text = store({ strategy: 'modulo', shards: 16, key: { field: 'tenant' } }, { workload: { peakRps: 100, keys: { distribution: 'uniform', cardinality: 10 } } });
    const [f] = findingsOf(ID, text);
    assert.equal(f!.message, 'shard key tenant has 10 values for 16 shards: at least 6 shards get nothing');
    assert.equal(rangeText(text, f!), '"tenant"');
    assert.equal(rangeText(text, f!.related![0]!), '10');
  });

  it('points at the sharding key when no shard key is declared at all', () => {
    const text = store({ strategy: 'modulo', shards: 16 }, { workload: { peakRps: 100, keys: { distribution: 'uniform', cardinality: 10 } } });
    const [f] = findingsOf(ID, text);
    assert.match(f!.message, /^the shard key \(the workload's keys\) has 10 values for 16 shards/);
    assert.equal(rangeText(text, f!), '"sharding"');
  });

  it('leaves alone many values per shard, an even range split, one shard, and an unknown cardinality', () => {
    assert.deepEqual(findingsOf(ID, store({ strategy: 'consistentHash', shards: 64, vnodes: 160, key: { field: 'user_id', cardinality: 100_000_000 } }, zipf)), []);
    // 101 values per shard is past the measured range even under zipf: that skew is hot-key's finding.
    assert.deepEqual(findingsOf(ID, store({ strategy: 'modulo', shards: 10, key: { field: 'k', cardinality: 1010 } }, zipf)), []);
    // Range sharding splits a small key space into equal runs: 40 values over 16 shards is 2 or 3 each.
    assert.deepEqual(findingsOf(ID, store({ strategy: 'range', shards: 16, key: { field: 'tenant', cardinality: 40 } })), []);
    assert.deepEqual(findingsOf(ID, store({ strategy: 'modulo', shards: 1, key: { field: 'k', cardinality: 1 } })), []);
    assert.deepEqual(findingsOf(ID, store({ strategy: 'modulo', shards: 16, key: { field: 'k' } })), []);
  });

  it('measures a key with more values than it places one by one on a sample of the shards, and says so', () => {
    const text = store({ strategy: 'modulo', shards: 5000, key: { field: 'k', cardinality: 100_000 } });
    const [f] = findingsOf(ID, text);
    assert.match(f!.message, /^shard key k has ~100,000 values for 5,000 shards \(about 20 per shard\): the busiest shard gets \d\.\d+× the mean load \(measured on a sample of 3,276 of the 5,000 shards\)$/);
  });

  it('is deterministic: the same text gives the same figures', () => {
    const text = store({ strategy: 'geographic', regions: ['us', 'eu', 'ap'], shards: 12, key: { field: 'country', cardinality: 30 } }, zipf);
    assert.deepEqual(findingsOf(ID, text), findingsOf(ID, text));
    assert.equal(findingsOf(ID, text).length, 1);
  });
});
