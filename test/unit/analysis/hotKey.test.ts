import assert from 'node:assert/strict';
import { zipfTopShare } from '../../../src/core/sim/keys';
import { findingsOf, rangeText, topology } from './harness';
import { figure } from '../../../src/core/text/format';

const ID = 'hot-key';

const zipf = (exponent = 1.1, cardinality = 100_000_000) => ({ workload: { peakRps: 10_000, readFraction: 0.9, keys: { distribution: 'zipf', exponent, cardinality } } });
const urls = { kind: 'database', sharding: { strategy: 'consistentHash', shards: 64, vnodes: 160, key: { field: 'short_code' } } };

describe(ID, () => {
  const text = topology({
    c: { kind: 'client', calls: ['api'] },
    api: { kind: 'service', calls: ['urls'] },
    urls,
  }, zipf());

  it('flags zipf reads reaching a sharded store with no cache, at its sharding key, with the busiest shard\'s share', () => {
    const [f, ...rest] = findingsOf(ID, text);
    assert.equal(rest.length, 0);
    assert.equal(f!.severity, 'warning');
    assert.equal(f!.message, 'under zipf(1.1) keys, the busiest of 64 shards takes 12.4% of reads (about 1,118 of 9,000 reads/s, 7.95× the mean); the most popular key alone draws 11.1%: no cache absorbs the hot keys');
    assert.deepEqual(f!.path, ['components', 'urls', 'sharding']);
    assert.equal(rangeText(text, f!), '"sharding"');
    assert.equal(f!.data!.topKeyShare, figure(zipfTopShare(100_000_000, 1.1)));
    assert.equal(f!.fixes, undefined);
  });

  it('follows a shard key\'s own popularity: uniform keys under a skewed workload are not hot, zipf keys under a uniform one are', () => {
    const evenKey = { ...urls, sharding: { ...urls.sharding, key: { field: 'reader_id', distribution: 'uniform' } } };
    assert.deepEqual(findingsOf(ID, topology({ c: { kind: 'client', calls: ['api'] }, api: { kind: 'service', calls: ['urls'] }, urls: evenKey }, zipf())), []);
    const skewedKey = { ...urls, sharding: { ...urls.sharding, key: { field: 'author_id', distribution: 'zipf', exponent: 1.1 } } };
    const [f] = findingsOf(ID, topology({ c: { kind: 'client', calls: ['api'] }, api: { kind: 'service', calls: ['urls'] }, urls: skewedKey }, { workload: { peakRps: 10_000, readFraction: 0.9, keys: { distribution: 'uniform', cardinality: 100_000_000 } } }));
    assert.match(f!.message, /^under zipf\(1.1\) keys, the busiest of 64 shards/);
  });

  it('relates the callers that read the store, where a cache would go', () => {
    const [f] = findingsOf(ID, text);
    assert.equal(f!.related!.length, 1);
    assert.equal(rangeText(text, f!.related![0]!), '"urls"');
    assert.deepEqual(f!.related![0]!.path, ['components', 'api', 'calls', 0]);
  });

  it('leaves alone a store behind a cache-aside or a read-through cache', () => {
    const aside = topology({
      c: { kind: 'client', calls: ['api'] },
      api: { kind: 'service', calls: ['url-cache', 'urls'] },
      'url-cache': { kind: 'cache', hitRatio: 0.9, fronts: 'urls' },
      urls,
    }, zipf());
    assert.deepEqual(findingsOf(ID, aside), []);
    const through = topology({
      c: { kind: 'client', calls: ['api'] },
      api: { kind: 'service', calls: ['url-cache'] },
      'url-cache': { kind: 'cache', hitRatio: 0.9, calls: [{ to: 'urls', op: 'read' }] },
      urls,
    }, zipf());
    assert.deepEqual(findingsOf(ID, through), []);
  });

  it('leaves alone uniform keys, mild skew, a store nobody reads, and a single shard', () => {
    const calls = { c: { kind: 'client', calls: ['api'] }, api: { kind: 'service', calls: ['urls'] } };
    assert.deepEqual(findingsOf(ID, topology({ ...calls, urls }, { workload: { peakRps: 100, keys: { distribution: 'uniform', cardinality: 1e8 } } })), []);
    assert.deepEqual(findingsOf(ID, topology({ ...calls, urls }, zipf(0.6))), []);
    const writesOnly = topology({ c: { kind: 'client', calls: ['api'] }, api: { kind: 'service', calls: [{ to: 'urls', op: 'write' }] }, urls }, zipf());
    assert.deepEqual(findingsOf(ID, writesOnly), []);
    const one = { kind: 'database', sharding: { strategy: 'modulo', shards: 1 } };
    assert.deepEqual(findingsOf(ID, topology({ ...calls, urls: one }, zipf())), []);
  });

  it('says "nothing in front of" for a sharded cache that takes the skew itself', () => {
    const cacheText = topology({
      c: { kind: 'client', calls: ['api'] },
      api: { kind: 'service', calls: [{ to: 'post-cache', op: 'read' }] },
      'post-cache': { kind: 'cache', hitRatio: 0.95, sharding: { strategy: 'consistentHash', shards: 12, vnodes: 160, key: { field: 'author_id' } } },
    }, zipf(1.2, 50_000_000));
    const [f] = findingsOf(ID, cacheText);
    assert.match(f!.message, /^under zipf\(1\.2\) keys, the busiest of 12 shards takes \d+(\.\d+)?% of reads .*: nothing in front of post-cache absorbs the hot keys$/);
  });

  it('uses the store\'s own key cardinality and sharder: a modulo store of 8 shards over 1,000 keys', () => {
    const small = topology({
      c: { kind: 'client', calls: ['db'] },
      db: { kind: 'database', sharding: { strategy: 'modulo', shards: 8, key: { field: 'k', cardinality: 1000 } } },
    }, zipf(1.0));
    const [f] = findingsOf(ID, small);
    assert.equal(f!.data!.topKeyShare, figure(zipfTopShare(1000, 1.0)));
    assert.ok((f!.data!.busiestShare as number) >= figure(zipfTopShare(1000, 1.0)));
  });
});
