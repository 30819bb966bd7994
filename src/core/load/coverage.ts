/**
 * What the load model could not judge because the file does not say: the
 * components with no declared capacity (their load is computed, never
 * compared with anything), and the sharded stores whose shard key has no
 * cardinality (their shards are taken as even). Said once per file — in the
 * check's summary, the component's hover and the report — rather than as a
 * finding on every component, so that the real findings are not drowned.
 */
import { plural } from '../text/format';
import type { ComponentNode, Topology } from '../model/topology';
import { keyCardinality, shardedStores } from './shardLoad';

/** One judgement the file does not give enough for. */
export interface CoverageGap {
  /** What was not judged. */
  judgement: 'capacity' | 'shardSkew';
  /** The components it concerns, in declaration order. */
  components: string[];
  /** Of how many it could have judged. */
  of: number;
  /** One line: "capacity not checked for 3 of 7 components: no capacity declared". */
  text: string;
}

/** Why a component's own figures are incomplete, for its hover; undefined when nothing is missing. */
export function coverageNote(topology: Topology, node: ComponentNode): string | undefined {
  if (node.kind !== 'client' && !hasCapacity(node)) return 'No capacity is declared: its load is computed but not compared with anything.';
  if (unmeasuredShards(topology, node)) return 'Its shard key declares no cardinality: its shards are taken as evenly loaded.';
  return undefined;
}

/** The judgements of a topology the file does not give enough for. */
export function coverageOf(topology: Topology): CoverageGap[] {
  const gaps: CoverageGap[] = [];
  const judged = [...topology.components.values()].filter((c) => c.kind !== 'client');
  const noCapacity = judged.filter((c) => !hasCapacity(c)).map((c) => c.id);
  if (noCapacity.length > 0) {
    gaps.push({ judgement: 'capacity', components: noCapacity, of: judged.length, text: `capacity not checked for ${noCapacity.length} of ${plural(judged.length, 'component')}: no capacity declared` });
  }
  const sharded = shardedStores(topology).filter((s) => s.sharding.shards >= 2);
  const even = sharded.filter((s) => keyCardinality(topology, s.sharding) === undefined).map((s) => s.node.id);
  if (even.length > 0) {
    gaps.push({ judgement: 'shardSkew', components: even, of: sharded.length, text: `hottest shard not measured for ${even.length} of ${plural(sharded.length, 'sharded store')}: no key cardinality declared, shards taken as even` });
  }
  return gaps;
}

function hasCapacity(c: ComponentNode): boolean {
  return 'capacity' in c.data && c.data.capacity !== undefined;
}

function unmeasuredShards(topology: Topology, c: ComponentNode): boolean {
  const d = c.data;
  return (d.kind === 'database' || d.kind === 'cache') && d.sharding !== undefined && d.sharding.shards >= 2 && keyCardinality(topology, d.sharding) === undefined;
}
