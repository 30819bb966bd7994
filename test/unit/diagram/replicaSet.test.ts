/**
 * The expanded replication glyph's data (replicaSet.ts): a store's shards
 * and copies, drawn one by one only under the bound, with the figures of the
 * one load model — the diagram's node carries exactly what the check's load
 * gives, and the busiest copy of the busiest shard is the node the load
 * model's utilization is about.
 */
import assert from 'node:assert/strict';
import { checkText } from '../../../src/core/check';
import { buildDiagram } from '../../../src/core/diagram/diagramModel';
import { copyLines, expandedBox, MAX_EXPANDED_COPIES, MAX_EXPANDED_UNITS, replicaTitle, tooManyWords } from '../../../src/core/diagram/replicaSet';
import { replicaSetOf } from '../../../src/core/diagram/replicaSetOf';
import { formatRps } from '../../../src/core/text/format';
import { pct } from '../../../src/core/text/format';
import { NODE_HEIGHT } from '../../../src/core/diagram/metrics';
import { DiagramData } from '../../../src/core/webviewProtocol';
import { diagramOf } from '../webview/chromiumPage';

/** A file of clients calling `db` (declared as given) at 1,000 rps, 80% reads. */
function fileWith(db: object, workload: object = {}): string {
  return JSON.stringify({
    version: 1,
    workload: { peakRps: 1000, readFraction: 0.8, ...workload },
    components: { users: { kind: 'client', calls: ['db'] }, db: { kind: 'database', ...db } },
  });
}

/** The check's load of `db`, the replica set computed from it, and the diagram node's. */
function setOf(db: object, workload?: object) {
  const text = fileWith(db, workload);
  const r = checkText(text);
  const c = r.topology?.components.get('db');
  assert.ok(c, `db validates: ${r.findings.map((f) => f.message).join('; ')}`);
  const load = r.load!.loads.get('db')!;
  const node = buildDiagram(r).nodes.find((n) => n.id === 'db')!;
  return { load, set: replicaSetOf(c.data, load), node };
}

describe('diagram: the replica set the replication glyph expands to', () => {
  it('four shards of a primary and two async replicas: each copy with its role and mode, the figures the load model gives', () => {
    const { load, set, node } = setOf({ replication: { mode: 'async', replicas: 2, readsFrom: 'replicas', failover: { mode: 'automatic' } }, sharding: { strategy: 'consistentHash', shards: 4 } });
    assert.ok(set);
    assert.deepEqual(node.replicaSet, set, 'the diagram carries the set as computed from the check\'s load');
    assert.equal(set.sharded, true);
    assert.equal(set.units, 4);
    assert.deepEqual(set.copies, [{ role: 'primary' }, { role: 'replica', mode: 'async' }, { role: 'replica', mode: 'async' }]);
    // No key popularity declared: the shards share evenly; a unit takes a quarter of the reads and writes.
    assert.equal(set.load?.hottest, undefined);
    assert.equal(set.load!.unit.rps, (load.reads + load.writes) / 4);
    // The replicas serve the reads (each half of a shard's), and every copy applies the shard's writes.
    const [primary, replica] = [load.writes / 4, load.writes / 4 + load.reads / 4 / 2];
    assert.deepEqual(set.load!.unit.copyRps, [primary, replica, replica]);
    // The busiest copy is the node the load model's utilization is about.
    assert.equal(Math.max(...set.load!.unit.copyRps), load.busiestNodeRps);
    assert.equal(load.busiestNode, 'replica');
    // It crosses the webview's protocol as it is.
    assert.ok(DiagramData.safeParse(diagramOf(fileWith({ replication: { mode: 'async', replicas: 2 }, sharding: { strategy: 'consistentHash', shards: 4 } }))).success);
  });

  it('a skewed key space: the hottest shard named, with its share and its copies\' figures from the load model\'s busiest shard', () => {
    const { load, set } = setOf(
      { replication: { mode: 'sync', replicas: 1 }, sharding: { strategy: 'modulo', shards: 4, key: { field: 'id', cardinality: 50 } } },
      { keys: { distribution: 'zipf', exponent: 1.2, cardinality: 50 } },
    );
    const skew = load.busiestShard;
    assert.ok(skew, 'the load model finds a hot shard');
    const hot = set!.load!.hottest!;
    assert.equal(hot.unit, skew.shard);
    assert.equal(hot.share, skew.share);
    assert.equal(hot.rps, (load.reads + load.writes) * skew.share);
    assert.deepEqual(set!.copies, [{ role: 'primary' }, { role: 'replica', mode: 'sync' }]);
    assert.equal(Math.max(...hot.copyRps), load.busiestNodeRps);
    assert.ok(hot.rps > set!.load!.unit.rps);
  });

  it('every shape: an unsharded store\'s primaries, a multi-leader store\'s leaders, a leaderless store\'s nodes, semi-sync replicas', () => {
    const roles = (db: object) => setOf(db).set?.copies?.map((c) => (c.mode ? `${c.role} ${c.mode}` : c.role));
    assert.deepEqual(roles({ instances: 3, replication: { mode: 'semiSync', replicas: 1 } }), ['primary', 'replica semi-sync']);
    assert.equal(setOf({ instances: 3, replication: { mode: 'semiSync', replicas: 1 } }).set?.sharded, false);
    assert.deepEqual(roles({ replication: { topology: 'multiLeader', leaders: 2, replicas: 1, conflictResolution: 'crdt' } }), ['leader', 'replica async', 'leader', 'replica async']);
    assert.deepEqual(roles({ replication: { topology: 'leaderless', replicas: 0, quorum: { n: 3, r: 2, w: 2 } } }), ['node', 'node', 'node']);
    assert.deepEqual(roles({ sharding: { strategy: 'consistentHash', shards: 3 } }), ['primary']);
    // Nothing to expand: a store of one node, or no store at all.
    assert.equal(setOf({}).set, undefined);
    assert.equal(setOf({ instances: 4 }).set, undefined);
  });

  it(`expands up to ${MAX_EXPANDED_UNITS} shards of ${MAX_EXPANDED_COPIES} copies; past either, it has no copies and says why`, () => {
    const copies = (shards: number, replicas: number) => setOf({ replication: { mode: 'async', replicas }, sharding: { strategy: 'consistentHash', shards } }).set!;
    assert.equal(copies(MAX_EXPANDED_UNITS, MAX_EXPANDED_COPIES - 1).copies?.length, MAX_EXPANDED_COPIES);
    for (const set of [copies(MAX_EXPANDED_UNITS + 1, 1), copies(2, MAX_EXPANDED_COPIES)]) {
      assert.equal(set.copies, undefined);
      assert.equal(set.load, undefined);
    }
    assert.equal(tooManyWords(copies(64, 2)), '64 shards of 3 copies each: more than the 8 of 4 drawn one by one');
  });

  it('says each unit\'s figures where the load model gives them: every shard when they share evenly, the hottest alone otherwise', () => {
    const even = setOf({ replication: { mode: 'semiSync', replicas: 1, readsFrom: 'any' }, sharding: { strategy: 'consistentHash', shards: 2 } });
    assert.equal(replicaTitle(even.set!), `2 shards, ${formatRps((even.load.reads + even.load.writes) / 2)} each`);
    for (const unit of [0, 1]) {
      assert.deepEqual(copyLines(even.set!, unit, 0), ['primary', formatRps(even.set!.load!.unit.copyRps[0]!)]);
      assert.deepEqual(copyLines(even.set!, unit, 1), ['replica', `semi-sync · ${formatRps(even.set!.load!.unit.copyRps[1]!)}`]);
    }
    const skewed = setOf(
      { replication: { mode: 'async', replicas: 1 }, sharding: { strategy: 'modulo', shards: 4, key: { field: 'id', cardinality: 50 } } },
      { keys: { distribution: 'zipf', exponent: 1.2, cardinality: 50 } },
    );
    const hot = skewed.set!.load!.hottest!;
    assert.equal(replicaTitle(skewed.set!), `shard ${hot.unit} hottest: ${pct(hot.share)} of requests, ${formatRps(hot.rps)}`);
    assert.deepEqual(copyLines(skewed.set!, hot.unit, 1), ['replica', `async · ${formatRps(hot.copyRps[1]!)}`]);
    // Another shard's figures are not the mean's under skew: the load model gives none, and none is said.
    assert.deepEqual(copyLines(skewed.set!, (hot.unit + 1) % 4, 1), ['replica', 'async']);
    // An unsharded store of one primary: its copies' total.
    const one = setOf({ replication: { mode: 'sync', replicas: 2 } });
    assert.equal(replicaTitle(one.set!), `3 copies: ${formatRps(one.load.reads + one.load.writes)}`);
  });

  it('the expanded box grows under the folded one, by a room fixed by the counts, never by the figures', () => {
    const a = setOf({ replication: { mode: 'async', replicas: 2 }, sharding: { strategy: 'consistentHash', shards: 4 } }).set!;
    const b = setOf({ replication: { mode: 'async', replicas: 2 }, sharding: { strategy: 'consistentHash', shards: 4 } }, { peakRps: 987_654 }).set!;
    const folded = { width: 180, height: NODE_HEIGHT + 28 };
    assert.deepEqual(expandedBox(folded, a, 'DOWN'), expandedBox(folded, b, 'DOWN'));
    const grown = expandedBox(folded, a, 'DOWN');
    assert.ok(grown.height > folded.height && grown.width >= folded.width);
    const eight = setOf({ replication: { mode: 'async', replicas: 2 }, sharding: { strategy: 'consistentHash', shards: 8 } }).set!;
    assert.ok(expandedBox(folded, eight, 'DOWN').height > grown.height, 'flowing down, a row per shard');
    // Flowing right it grows along the flow: shards of one copy side by side.
    const single = setOf({ sharding: { strategy: 'consistentHash', shards: 8 } }).set!;
    const [right, down] = [expandedBox(folded, single, 'RIGHT'), expandedBox(folded, single, 'DOWN')];
    assert.ok(right.width > down.width && right.height < down.height, JSON.stringify({ right, down }));
  });
});
