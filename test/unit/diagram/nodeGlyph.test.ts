import assert from 'node:assert/strict';
import { checkText } from '../../../src/core/check';
import { glyphLines, glyphTextWidth, GLYPH_MAX_WIDTH, MAX_GLYPH_LINES, nodeSize, NODE_HEIGHT } from '../../../src/core/diagram/metrics';
import { glyphParts } from '../../../src/core/diagram/nodeGlyph';
import { countedShapeOf, nodeCountsOf, nodesText } from '../../../src/core/model/nodeCounts';

/** The glyph parts of one component declared as JSON, validated as the file validates it. */
function partsOf(component: string): string[] {
  const r = checkText(`{"version":1,"workload":{"peakRps":100},"components":{"x":${component}}}`);
  const c = r.topology?.components.get('x');
  assert.ok(c, `x validates: ${r.findings.map((f) => f.message).join('; ')}`);
  return glyphParts(c.data);
}

describe('diagram: the replication and sharding glyph', () => {
  it('a sharded store with async replicas and automatic failover: "64 shards · primary + 2 async · automatic failover"', () => {
    const parts = partsOf('{"kind":"database","replication":{"mode":"async","replicas":2,"failover":{"mode":"automatic"}},"sharding":{"strategy":"consistentHash","shards":64}}');
    assert.deepEqual(parts, ['64 shards', 'primary + 2 async', 'automatic failover']);
    assert.deepEqual(glyphLines(parts), ['64 shards · primary + 2 async', 'automatic failover']);
  });

  it('says each mode, and counts as nodeCountsOf counts (the hover\'s words give the same counts)', () => {
    const cases: [string, string[]][] = [
      ['{"kind":"database","instances":3,"replication":{"mode":"semiSync","replicas":1,"failover":{"mode":"manual"}}}', ['3 primaries + 1 semi-sync each', 'manual failover']],
      ['{"kind":"database","replication":{"mode":"sync","replicas":2}}', ['primary + 2 sync', 'no failover']],
      ['{"kind":"database","replication":{"topology":"multiLeader","leaders":3,"replicas":1,"conflictResolution":"crdt"}}', ['3 leaders + 1 async each', 'CRDT merge']],
      ['{"kind":"database","replication":{"topology":"multiLeader","replicas":0}}', ['2 leaders', 'no conflict policy']],
      ['{"kind":"database","replication":{"topology":"leaderless","replicas":0,"quorum":{"n":3,"r":2,"w":2}}}', ['quorum N=3 R=2 W=2']],
      ['{"kind":"cache","hitRatio":0.9,"sharding":{"strategy":"modulo","shards":6}}', ['6 shards', 'no replicas', '90% hits']],
      ['{"kind":"queue","partitions":12}', ['12 partitions']],
      ['{"kind":"cdn","hitRatio":0.6}', ['60% hits']],
      ['{"kind":"loadBalancer","instances":2,"stickySessions":true}', ['sticky sessions']],
      ['{"kind":"service","instances":2,"state":"local"}', ['sessions in memory']],
      ['{"kind":"database"}', []],
      ['{"kind":"service","instances":4}', []],
    ];
    for (const [component, expected] of cases) assert.deepEqual(partsOf(component), expected, component);
    // The counts are the hover's: 3 primaries with 1 replica each.
    const r = checkText('{"version":1,"workload":{"peakRps":100},"components":{"x":{"kind":"database","instances":3,"replication":{"mode":"semiSync","replicas":1}}}}');
    assert.equal(nodesText(nodeCountsOf(r.topology!.components.get('x')!.data)), '3 primaries with 1 replica each: 6 nodes');
  });

  it('a declaration that does not validate yet reads as written, with the format\'s defaults: the same words', () => {
    const value = { kind: 'database', instances: -1, replication: { replicas: 2, failover: { mode: 'automatic' } }, sharding: { shards: 8 } };
    assert.deepEqual(glyphParts(value, countedShapeOf(value)), ['8 shards', 'primary + 2 async', 'automatic failover']);
    for (const junk of [null, 3, 'x', [], {}, { kind: 7 }, { kind: 'database', replication: 'yes' }, { kind: 'database', replication: { topology: 'leaderless', quorum: 'no' } }]) {
      assert.doesNotThrow(() => glyphParts(junk, countedShapeOf(junk)));
    }
  });

  it('lines: parts joined up to the width, at most three lines; a new figure never changes the width', () => {
    for (const line of glyphLines(['64 shards', 'primary + 2 async', 'automatic failover', 'last write wins', 'sticky sessions'])) assert.ok(glyphTextWidth(line) <= GLYPH_MAX_WIDTH || !line.includes(' · '), line);
    assert.ok(glyphLines(['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40), 'd'.repeat(40)]).length <= MAX_GLYPH_LINES);
    assert.equal(glyphTextWidth('64 shards · primary + 2 async'), glyphTextWidth('128 shards · primary + 10 async'));
    assert.deepEqual(nodeSize('urls', 'database', ['64 shards']), nodeSize('urls', 'database', ['1,024 shards']));
    assert.ok(nodeSize('urls', 'database', ['64 shards', 'x']).height > nodeSize('urls', 'database', ['64 shards']).height);
    assert.equal(nodeSize('urls', 'database').height, NODE_HEIGHT);
  });
});
