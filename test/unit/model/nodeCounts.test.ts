/**
 * One derivation of a component's node counts, read by every figure: for each
 * shape of component, the counts themselves, and the same counts in the hover,
 * the outline, the diagram's badge, the findings' messages, the fault targets
 * completion offers and the ones a scenario may name.
 */
import assert from 'node:assert/strict';
import { checkText } from '../../../src/core/check';
import { buildDiagram } from '../../../src/core/diagram/diagramModel';
import { nodeCountsOf } from '../../../src/core/model/nodeCounts';
import { createLanguageService, type DocumentInput } from '../../../src/core/service/languageService';
import { runScenario } from '../../../src/core/scenario';
import { topology } from '../analysis/harness';

interface Shape {
  name: string;
  store: Record<string, unknown>;
  /** Expected counts. */
  instances: number;
  nodes: number;
  /** Units the load is split over (shards, else instances). */
  units: number;
  /** What the hover and the outline say of its nodes. */
  words: string;
  /** The node the hover's load line names as the busiest. */
  busiest: string;
  /** A note the hover adds. */
  note?: string;
  /** A finding about it that must carry the counts, by rule id and a part of its message. */
  finding?: { ruleId: string; says: string };
}

const ASYNC_FAILOVER = { mode: 'async', replicas: 2, failover: { mode: 'automatic' } };

const SHAPES: Shape[] = [
  {
    name: 'sharded database without instances',
    store: { kind: 'database', sharding: { strategy: 'consistentHash', shards: 8, vnodes: 160 }, replication: ASYNC_FAILOVER },
    instances: 8, nodes: 24, units: 8, words: '8 primaries, one per shard, with 2 replicas each: 24 nodes', busiest: 'Busiest primary of 24 nodes',
    finding: { ruleId: 'async-failover-data-loss', says: 'over 8 primaries' },
  },
  {
    name: 'sharded database declaring one instance per shard',
    store: { kind: 'database', instances: 8, sharding: { strategy: 'consistentHash', shards: 8, vnodes: 160 }, replication: ASYNC_FAILOVER },
    instances: 8, nodes: 24, units: 8, words: '8 primaries, one per shard, with 2 replicas each: 24 nodes', busiest: 'Busiest primary of 24 nodes',
    finding: { ruleId: 'async-failover-data-loss', says: 'over 8 primaries' },
  },
  {
    name: 'sharded database declaring fewer instances than shards',
    store: { kind: 'database', instances: 4, sharding: { strategy: 'consistentHash', shards: 8, vnodes: 160 }, replication: ASYNC_FAILOVER },
    instances: 8, nodes: 24, units: 8, words: '8 primaries, one per shard, with 2 replicas each: 24 nodes', busiest: 'Busiest primary of 24 nodes',
    note: '`instances` (4) is not used: a sharded store runs one primary per shard',
    finding: { ruleId: 'async-failover-data-loss', says: 'over 8 primaries' },
  },
  {
    name: 'replicated unsharded database',
    store: { kind: 'database', replication: ASYNC_FAILOVER },
    instances: 1, nodes: 3, units: 1, words: '1 primary with 2 replicas: 3 nodes', busiest: 'Busiest primary of 3 nodes',
    finding: { ruleId: 'async-failover-data-loss', says: 'each time the primary dies' },
  },
  {
    name: 'multi-leader database',
    store: { kind: 'database', replication: { topology: 'multiLeader', leaders: 3, mode: 'sync', replicas: 1, conflictResolution: 'lastWriteWins' } },
    instances: 3, nodes: 6, units: 1, words: '3 leaders with 1 replica each: 6 nodes', busiest: 'of 6 nodes',
    finding: { ruleId: 'sync-replication-availability', says: 'when one of its 3 replicas is down' },
  },
  {
    name: 'leaderless sharded database',
    store: { kind: 'database', consistency: 'eventual', sharding: { strategy: 'consistentHash', shards: 2, vnodes: 160 }, replication: { topology: 'leaderless', replicas: 2, quorum: { n: 3, r: 2, w: 2 }, conflictResolution: 'lastWriteWins' } },
    instances: 6, nodes: 6, units: 2, words: '6 nodes (2 shards × n = 3)', busiest: 'Busiest replica of 6 nodes',
  },
  {
    name: 'sharded cache',
    store: { kind: 'cache', sharding: { strategy: 'consistentHash', shards: 4, vnodes: 160 } },
    instances: 4, nodes: 4, units: 4, words: '4 instances, one per shard', busiest: 'Busiest primary of 4 nodes',
  },
  {
    name: 'service',
    store: { kind: 'service', instances: 3 },
    instances: 3, nodes: 3, units: 3, words: '3 instances', busiest: 'Busiest instance of 3 nodes',
    finding: { ruleId: 'missing-health-check', says: 'one of its 3 backend instances' },
  },
];

/** users -> lb -> store, with a kill scenario on the store's last instance and one past it. */
function fileOf(s: Shape, target = ''): string {
  const lb = { kind: 'loadBalancer', instances: 2, calls: ['store'] };
  return topology({ users: { kind: 'client', calls: ['lb'] }, lb, store: s.store }, {
    scenarios: [{ name: 'kill', faults: [{ at: '1s', kill: target }] }],
  });
}

describe('node counts', () => {
  for (const s of SHAPES) {
    describe(s.name, () => {
      const text = fileOf(s, `store#${s.instances - 1}`);
      const doc: DocumentInput = { uri: 'file:///t.scale.json', version: 1, text };
      const service = createLanguageService({ schemaCompletions: false });
      const result = service.check(doc);

      it('counts its instances (a store\'s primaries) and its nodes', () => {
        const counts = nodeCountsOf(result.topology!.components.get('store')!.data);
        assert.equal(counts.instances, s.instances);
        assert.equal(counts.nodes, s.nodes);
        assert.equal(result.topology!.components.get('store')!.instances, s.instances);
      });

      it('the hover and the outline say the same', () => {
        const hover = service.hover(doc, text.indexOf('"store": {') + 2)!.markdown;
        assert.ok(hover.includes(s.words), hover);
        assert.ok(hover.includes(s.busiest), hover);
        assert.equal(hover.includes('is not used'), s.note !== undefined, hover);
        if (s.note) assert.ok(hover.includes(s.note), hover);
        const components = service.symbols(doc)[0]!.children!.find((x) => x.name === 'components')!.children!;
        assert.equal(components.find((x) => x.name === 'store')!.detail, `${s.store.kind} · ${s.words}`);
      });

      it('the diagram\'s badge counts its instances', () => {
        const d = buildDiagram(result);
        assert.equal(d.nodes.find((n) => n.id === 'store')!.instances, s.instances);
        const box = d.graph!.children!.find((n) => n.labels?.some((l) => l.text === 'store'))!;
        assert.equal(box.labels!.find((l) => l.id?.endsWith('#instances'))!.text, `×${s.instances}`);
      });

      if (s.finding) {
        it('its finding says the same', () => {
          const f = result.findings.find((x) => x.ruleId === s.finding!.ruleId);
          assert.ok(f, result.findings.map((x) => x.message).join('\n'));
          assert.ok(f.message.includes(s.finding!.says), f.message);
        });
      }

      it('completion offers a fault target per instance, and a scenario may name each of them', () => {
        const killText = fileOf(s);
        const at = killText.indexOf('"kill": ""') + '"kill": "'.length;
        const targets = service.completions({ uri: 'file:///k.scale.json', version: 1, text: killText }, at).filter((c) => c.label.startsWith('store#')).map((c) => c.label);
        assert.deepEqual(targets, s.instances < 2 ? [] : Array.from({ length: s.instances }, (_, i) => `store#${i}`));
        assert.deepEqual(result.findings.filter((f) => f.ruleId === 'unknown-reference').map((f) => f.message), []);
        const past = checkText(fileOf(s, `store#${s.instances}`)).findings.filter((f) => f.ruleId === 'unknown-reference');
        assert.equal(past.length, 1);
        assert.ok(past[0]!.message.includes(`#0 to #${s.instances - 1}`), past[0]!.message);
      });

      it('the simulation kills the instance the target names', () => {
        const out = runScenario(result.topology!, 0, { seed: 1 });
        const pool = out.pools.find((p) => p.component === 'store');
        const failover = out.failovers.find((f) => f.component === 'store');
        if (s.store.kind === 'service') assert.equal(pool?.perServer.length, s.instances);
        else if (s.store.replication) assert.deepEqual([failover?.unit, failover?.units], [(s.instances - 1) % s.units, s.units]);
        else assert.ok(out.notes.some((n) => n.includes(`its share of the cache's hits (1/${s.units})`)), out.notes.join('\n'));
      });
    });
  }
});
