import assert from 'node:assert/strict';
import { clearShardLoadCaches } from '../../../src/core/load/shardLoad';
import { checkText } from '../../../src/core/check';
import { buildRing } from '../../../src/core/sim/ring';
import { ringArcStats } from '../../../src/core/sim/sharding';
import { assertEveryFixClears, findingsOf, rangeText, topology } from './harness';
import { figure } from '../../../src/core/text/format';

const ID = 'too-few-vnodes';

const store = (sharding: Record<string, unknown>) => topology({
  c: { kind: 'client', calls: ['db'] },
  db: { kind: 'database', sharding },
});

describe(ID, () => {
  const text = store({ strategy: 'consistentHash', shards: 64, vnodes: 8, key: { field: 'user_id' } });

  it('reports the imbalance measured on the declared ring, at the vnodes value, with what 160 vnodes give', () => {
    const [f, ...rest] = findingsOf(ID, text);
    assert.equal(rest.length, 0);
    assert.equal(f!.severity, 'info');
    assert.equal(f!.message, '64 shards × 8 vnodes: the busiest shard owns 1.84× the mean share of keys (measured on the ring); 160 vnodes brings it to about 1.17×');
    assert.equal(rangeText(text, f!), '8');
    // The figures are the simulation's own ring (seed 0), not a formula.
    assert.equal(f!.data!.maxOverMean, figure(ringArcStats(buildRing(64, 8)).maxOverMean));
    assert.equal(f!.data!.recommendedMaxOverMean, figure(ringArcStats(buildRing(64, 160)).maxOverMean));
  });

  it('treats absent vnodes as one point per shard and points at the strategy', () => {
    const absent = store({ strategy: 'consistentHash', shards: 16 });
    const [f] = findingsOf(ID, absent);
    assert.equal(f!.message, '16 shards with no vnodes (1 point each): the busiest shard owns 2.59× the mean share of keys (measured on the ring); 160 vnodes brings it to about 1.14×');
    assert.equal(rangeText(absent, f!), '"consistentHash"');
  });

  it('proposes more than 160 vnodes when 160 leave this shard count above the bound', () => {
    const text98 = store({ strategy: 'consistentHash', shards: 98, vnodes: 160 });
    const [f] = findingsOf(ID, text98);
    assert.equal(f!.message, '98 shards × 160 vnodes: the busiest shard owns 1.27× the mean share of keys (measured on the ring); 256 vnodes brings it to about 1.22×');
    assert.equal(f!.fixes![0]!.title, 'Set vnodes to 256');
  });

  it('measures a ring past 65,536 points on its first shards, and says so', () => {
    const big = store({ strategy: 'consistentHash', shards: 10_000, vnodes: 100 });
    const [f] = findingsOf(ID, big);
    assert.match(f!.message, /^10,000 shards × 100 vnodes: the busiest shard owns 1\.\d+× the mean share of keys \(measured on the ring of the first 655 shards\); 160 vnodes brings it to about 1\.\d+× \(on the first 409 shards\)$/);
  });

  it('leaves alone 160 vnodes on common shard counts, a single shard, and other strategies', () => {
    for (const shards of [2, 3, 4, 8, 12, 16, 24, 32, 64, 128, 256]) {
      assert.deepEqual(findingsOf(ID, store({ strategy: 'consistentHash', shards, vnodes: 160 })), [], `${shards} shards`);
    }
    assert.deepEqual(findingsOf(ID, store({ strategy: 'consistentHash', shards: 1 })), []);
    assert.deepEqual(findingsOf(ID, store({ strategy: 'modulo', shards: 64 })), []);
  });

  it('its fix clears it, whether vnodes is set or absent, and whatever the shard count', () => {
    assert.equal(assertEveryFixClears(ID, text), 1);
    assert.equal(assertEveryFixClears(ID, store({ strategy: 'consistentHash', shards: 16 })), 1);
    for (const shards of [29, 98, 100, 320, 1000]) {
      assert.equal(assertEveryFixClears(ID, store({ strategy: 'consistentHash', shards, vnodes: 4 })), 1, `${shards} shards`);
    }
  });

  it('stops at the check\'s work budget with one info finding, the same whether rings are cached or not', () => {
    // 40 rings of 64 shards x ~1,000 vnodes: about 10 ms each to build, past the budget after a few.
    const components: Record<string, unknown> = { c: { kind: 'client', calls: Array.from({ length: 40 }, (_, i) => `db${i}`) } };
    for (let i = 0; i < 40; i++) components[`db${i}`] = { kind: 'database', sharding: { strategy: 'consistentHash', shards: 64, vnodes: 1000 + i } };
    const text = topology(components);
    clearShardLoadCaches();
    const cold = checkText(text).findings.filter((f) => f.ruleId === ID);
    const warm = checkText(text).findings.filter((f) => f.ruleId === ID);
    assert.deepEqual(warm, cold);
    assert.equal(cold.length, 1);
    assert.equal(cold[0]!.severity, 'info');
    assert.match(cold[0]!.message, /^3\d sharded stores were not checked by this rule: the file's rings and key placements exceed the work one check may spend \(about 50 ms\)$/);
    assert.equal(rangeText(text, cold[0]!), '"sharding"');
  });
});
