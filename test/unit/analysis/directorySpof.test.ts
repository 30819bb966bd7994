import assert from 'node:assert/strict';
import { assertEveryFixClears, findingsOf, rangeText, topology } from './harness';

const ID = 'directory-spof';

const design = (directory: Record<string, unknown>, more: Record<string, unknown> = {}) => topology({
  c: { kind: 'client', calls: ['api'] },
  api: { kind: 'service', calls: ['shard-directory', 'urls'] },
  'shard-directory': { kind: 'directory', ...directory },
  urls: { kind: 'database', sharding: { strategy: 'directory', shards: 64, directory: 'shard-directory', key: { field: 'short_code' } } },
  ...more,
});

describe(ID, () => {
  it('flags a one-instance directory at its instances value, with the shards and traffic behind it', () => {
    const text = design({ instances: 1 });
    const [f, ...rest] = findingsOf(ID, text);
    assert.equal(rest.length, 0);
    assert.equal(f!.severity, 'warning');
    assert.equal(f!.message, "every lookup of urls goes through shard-directory's 1 instance: when it dies, all 64 shards are unreachable (1,000 rps)");
    assert.deepEqual(f!.path, ['components', 'shard-directory', 'instances']);
    assert.equal(rangeText(text, f!), '1');
    assert.equal(rangeText(text, f!.related![0]!), '"shard-directory"');
    assert.deepEqual(f!.related![0]!.path, ['components', 'urls', 'sharding', 'directory']);
  });

  it('points at the id when instances is left at its default, and says when a replica does not take over', () => {
    const text = design({ replication: { replicas: 1, failover: { mode: 'manual' } } });
    const [f] = findingsOf(ID, text);
    assert.equal(rangeText(text, f!), '"shard-directory"');
    assert.equal(f!.message, "every lookup of urls goes through shard-directory's 1 instance (its 1 replica does not take over by itself): when it dies, all 64 shards are unreachable (1,000 rps)");
  });

  it('names every store sharded through one directory in one finding', () => {
    const text = design({}, { media: { kind: 'database', sharding: { strategy: 'directory', shards: 8, directory: 'shard-directory' } } });
    const [f, ...rest] = findingsOf(ID, text);
    assert.equal(rest.length, 0);
    assert.match(f!.message, /^every lookup of urls and media goes through shard-directory's 1 instance: when it dies, all 72 shards are unreachable/);
    assert.equal(f!.related!.length, 2);
  });

  it('leaves alone two instances, and one instance with a replica and automatic failover', () => {
    assert.deepEqual(findingsOf(ID, design({ instances: 2 })), []);
    assert.deepEqual(findingsOf(ID, design({ replication: { replicas: 1, failover: { mode: 'automatic' } } })), []);
  });

  it('its fix runs two instances of the directory, and clears it', () => {
    assert.equal(assertEveryFixClears(ID, design({ instances: 1 })), 1);
    assert.equal(assertEveryFixClears(ID, design({})), 1);
    assert.equal(findingsOf(ID, design({}))[0]!.fixes![0]!.title, 'Run 2 instances of shard-directory');
  });
});
