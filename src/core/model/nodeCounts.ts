/**
 * How many nodes a component runs on: the one derivation every figure reads
 * (the load model, the rules' messages, the hover, the outline, the diagram's
 * badge, the fault targets a scenario may name, the simulation).
 *
 * - A client is where requests come from: one, counted for nothing.
 * - A CDN, balancer or service runs `instances` interchangeable instances.
 * - A store (cache, database, queue, directory) splits its data into units:
 *   its shards when it is sharded (then `instances` is not used: the shard
 *   count decides), otherwise its `instances`. A unit of a single-leader store
 *   is a primary and `replicas` replicas; of a multi-leader store, `leaders`
 *   leaders (2 when not declared) with `replicas` replicas each; of a
 *   leaderless store, the `quorum.n` nodes each key is stored on.
 *
 * A store's instances are its nodes that accept writes (its primaries): one per
 * unit, every leader, every node of a leaderless store. They are what the
 * diagram counts and what a fault target "id#k" names (#k of a sharded store is
 * shard k's primary); the replicas behind them are counted in `nodes`.
 * A directory-sharded store's directory is a component of its own, counted by
 * its own declaration.
 */
import type { ComponentData } from './schema';
import { num, plural } from '../text/format';

/** What the counts are read from: a validated component, or what a declaration that does not validate yet says (see `countedShapeOf`). */
export interface CountedShape {
  kind: string;
  instances?: number;
  sharding?: { shards: number };
  replication?: { topology?: string; replicas?: number; leaders?: number; quorum?: { n: number } };
}

/** How a store's units are replicated. */
export type UnitShape = 'single' | 'singleLeader' | 'multiLeader' | 'leaderless';

/** The node counts of one component. */
export interface NodeCounts {
  /** True for caches, databases, queues and directories. */
  store: boolean;
  /** The `instances` of the declaration (1 when left out). */
  declaredInstances: number;
  /** The shard count of a sharded store, else undefined. */
  shards: number | undefined;
  /** What the load is split over: a store's shards, else its instances; a pool's instances. */
  units: number;
  /** "single": one node per unit (no replication, or none of its replicas declared). */
  shape: UnitShape;
  /** Nodes per unit that accept writes: 1, a multi-leader store's leaders, a leaderless store's n. */
  primariesPerUnit: number;
  /** Replicas behind each primary (single- and multi-leader stores), else 0. */
  replicasPerPrimary: number;
  /** Nodes that accept writes (a pool's instances). */
  primaries: number;
  /** Every node: primaries and their replicas. */
  nodes: number;
  /** What the diagram counts and fault targets "id#0" to "id#(instances - 1)" name: a store's primaries, a pool's instances. */
  instances: number;
}

const STORE_KINDS: ReadonlySet<string> = new Set(['cache', 'database', 'queue', 'directory']);

/** Whether components of a kind are stores (their data split into units, see above) rather than pools of instances. */
export function isStoreKind(kind: string): boolean {
  return STORE_KINDS.has(kind);
}

/** Leaders of a multi-leader store that declares none (the load model, the rules and the simulation agree on it). */
export const DEFAULT_LEADERS = 2;

/** The node counts of a component. */
export function nodeCountsOf(c: CountedShape | ComponentData): NodeCounts {
  const shape = c as CountedShape;
  const declaredInstances = typeof shape.instances === 'number' ? shape.instances : 1;
  const store = isStoreKind(c.kind);
  if (!store) {
    return { store, declaredInstances, shards: undefined, units: declaredInstances, shape: 'single', primariesPerUnit: 1, replicasPerPrimary: 0, primaries: declaredInstances, nodes: declaredInstances, instances: declaredInstances };
  }
  const shards = shape.sharding?.shards;
  const units = shards ?? declaredInstances;
  const rep = shape.replication;
  let unitShape: UnitShape = 'single';
  let primariesPerUnit = 1;
  let replicasPerPrimary = 0;
  if (rep) {
    const replicas = rep.replicas ?? 0;
    if (rep.topology === 'leaderless' && rep.quorum) {
      unitShape = 'leaderless';
      primariesPerUnit = rep.quorum.n;
    } else if (rep.topology === 'multiLeader') {
      unitShape = 'multiLeader';
      primariesPerUnit = rep.leaders ?? DEFAULT_LEADERS;
      replicasPerPrimary = replicas;
    } else if (replicas > 0) {
      unitShape = 'singleLeader';
      replicasPerPrimary = replicas;
    }
  }
  const primaries = units * primariesPerUnit;
  return { store, declaredInstances, shards, units, shape: unitShape, primariesPerUnit, replicasPerPrimary, primaries, nodes: primaries * (1 + replicasPerPrimary), instances: primaries };
}

/**
 * The counted parts of a declaration as written, for a file that does not
 * validate yet (the diagram keeps its boxes, completion its targets): each
 * part read where it has the type the format gives it, the format's
 * defaults elsewhere. Undefined when there is no kind.
 */
export function countedShapeOf(value: unknown): CountedShape | undefined {
  if (!isObject(value) || typeof value.kind !== 'string') return undefined;
  const out: CountedShape = { kind: value.kind };
  const instances = count(value.instances, 1);
  if (instances !== undefined) out.instances = instances;
  const shards = isObject(value.sharding) ? count(value.sharding.shards, 1) : undefined;
  if (shards !== undefined) out.sharding = { shards };
  const rep = value.replication;
  if (isObject(rep)) {
    const r: NonNullable<CountedShape['replication']> = { replicas: count(rep.replicas, 0) ?? 0 };
    if (typeof rep.topology === 'string') r.topology = rep.topology;
    const leaders = count(rep.leaders, 1);
    if (leaders !== undefined) r.leaders = leaders;
    const n = isObject(rep.quorum) ? count(rep.quorum.n, 1) : undefined;
    if (n !== undefined) r.quorum = { n };
    out.replication = r;
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A count as the format bounds it, or undefined. */
function count(v: unknown, min: number): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= 1_000_000 ? v : undefined;
}

/** What fault target "id#i" names in a store: "primary of shard 3", "a leader", "a node of shard 1"; undefined for an instance of a pool. */
export function instanceRole(c: NodeCounts, i: number): string | undefined {
  if (!c.store) return undefined;
  const shard = c.shards !== undefined ? ` of shard ${i % c.units}` : '';
  switch (c.shape) {
    case 'single': return shard ? `shard ${i % c.units}` : undefined;
    case 'singleLeader': return `primary${shard}`;
    case 'multiLeader': return `a leader${shard}`;
    case 'leaderless': return `a node${shard}`;
  }
}

/**
 * A component's nodes in words, leading with its instances (a store's
 * primaries): "3 instances", "8 instances, one per shard", "1 primary with 2
 * replicas: 3 nodes", "8 primaries, one per shard, with 2 replicas each: 24
 * nodes", "3 leaders with 1 replica each: 6 nodes", "6 nodes (2 shards × n = 3)".
 */
export function nodesText(c: NodeCounts): string {
  const groups = c.shards ?? c.units;
  const per = c.shards !== undefined ? 'shard' : 'instance';
  const nodes = plural(c.nodes, 'node');
  const replicas = (each: boolean) => (c.replicasPerPrimary > 0 ? ` with ${plural(c.replicasPerPrimary, 'replica')}${each ? ' each' : ''}` : '');
  switch (c.shape) {
    case 'single':
      return `${plural(c.instances, 'instance')}${c.shards !== undefined ? ', one per shard' : ''}`;
    case 'singleLeader':
      return `${plural(c.primaries, 'primary', 'primaries')}${c.shards !== undefined ? ', one per shard,' : ''}${replicas(c.primaries > 1)}: ${nodes}`;
    case 'multiLeader':
      return `${plural(c.primaries, 'leader')}${groups > 1 ? ` (${num(c.primariesPerUnit)} per ${per})` : ''}${replicas(true)}: ${nodes}`;
    case 'leaderless':
      return `${nodes} (${groups > 1 ? `${plural(groups, per)} × ` : ''}n = ${num(c.primariesPerUnit)})`;
  }
}
