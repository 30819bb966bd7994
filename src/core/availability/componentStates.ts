/**
 * How likely one component is to answer a request, given which zones are
 * down: for a read, for a write, and for both (a request that reads and
 * writes the same component, as a write that also looks its session up).
 * Nodes fail independently, each up mtbf / (mtbf + mttr) of the time, except
 * that every node placed in a zone that is down is down (model/placement.ts
 * places instance i in zones[i mod Z] and a single-leader unit's replica r in
 * the zones after its primary's).
 *
 * - A pool (CDN, balancer, service) answers while one of its instances is up.
 * - A store's request goes to one unit (a shard, or an instance of an
 *   unsharded store), all units alike (the average over units is taken).
 *   A single-leader unit has a leader while its primary is up, or once a
 *   failover has promoted a replica that is up: a failover takes
 *   `detection + promotion` (automatic) or the manual failover time, during
 *   which the unit has no leader; a dead primary is down for its repair time
 *   (a node's MTTR, or the zone's when its zone is down), so a share
 *   min(1, failover / repair) of that time is spent failing over. Writes also
 *   wait for acknowledgements: none (async, or semi-sync that falls back to
 *   async after a timeout), one replica besides the leader (semi-sync), or
 *   every replica (sync). Reads need the leader (from the primary), a replica
 *   up (from replicas) or any node up (from any).
 * - A multi-leader unit answers while one leader is up; a leaderless unit
 *   reads while r of its n nodes are up and writes while w are.
 * - A component declaring its availability as a whole answers with it,
 *   whatever the zones.
 */
import { isStoreKind, nodeCountsOf } from '../model/nodeCounts';
import { replicationOf } from '../model/replicationLag';
import type { ComponentNode } from '../model/topology';
import { declaredAvailability, type FailureRate, failoverOf, type FileFigures, nodeRateOf } from './failureFigures';

/** The probabilities that a component answers a read, a write, and both. */
export interface Answers {
  read: number;
  write: number;
  both: number;
}

/** Always answers: a client, or a component no failure reaches. */
const ALWAYS: Answers = { read: 1, write: 1, both: 1 };

/** What one component's answer depends on, worked out once. */
export type ComponentModel =
  | { kind: 'always' }
  | { kind: 'fixed'; answers: Answers }
  | {
    kind: 'pool'; rate: FailureRate; zone: FailureRate; instances: number;
    /**
     * The zone of each of its first min(Z, instances) instances, of the Z it
     * names (-1: a zone not numbered): instance i is in slot i mod Z, so slot
     * s holds ⌊(instances - 1 - s) / Z⌋ + 1 of them; `unzoned` instances are
     * in none.
     */
    zones: number[]; zoneCount: number; unzoned: number;
  }
  | {
    kind: 'store'; rate: FailureRate; zone: FailureRate;
    /**
     * Its classes of units (those whose index is the same modulo the zone
     * count): each one's share, and where its nodes are (-1: no zone), class
     * by class in one list: the nodes that accept writes (the primary, every
     * leader, every node of a leaderless quorum), `leaders` of them, then a
     * single-leader unit's replicas, `replicas` of them.
     */
    weights: number[]; nodeZones: number[]; leaders: number; replicas: number;
    shape: 'single' | 'singleLeader' | 'multiLeader' | 'leaderless';
    readsFrom: 'primary' | 'replicas' | 'any';
    /** Acknowledgements a write waits for besides its leader's: 0, 1 (semi-sync), or 'all' (sync). */
    acks: 0 | 1 | 'all';
    failover: 'automatic' | 'manual' | 'none';
    failoverMs: number;
    quorum?: { r: number; w: number };
  };

/** The model of a component, its zones numbered by `zoneIndex`. */
export function componentModel(node: ComponentNode, file: FileFigures, zoneIndex: ReadonlyMap<string, number>): ComponentModel {
  if (node.kind === 'client') return { kind: 'always' };
  const rate = nodeRateOf(node, file);
  if (rate === undefined) {
    // Its availability declared as a whole.
    const fixed = declaredAvailability(node)!;
    return { kind: 'fixed', answers: { read: fixed, write: fixed, both: fixed } };
  }
  const d = node.data;
  const zoneNames = d.zones ?? [];
  const Z = zoneNames.length;
  // The arrays below are made at their size: one grown by push from empty keeps room for 17, and a check makes a model per component reached.
  if (!isStoreKind(d.kind)) {
    // A pool's instances are the node's own count (nodeCountsOf's, worked out with the topology).
    const instances = node.instances;
    const zones: number[] = new Array(Math.min(Z, instances));
    for (let z = 0; z < zones.length; z++) zones[z] = zoneIndex.get(zoneNames[z]!) ?? -1;
    return { kind: 'pool', rate, zone: file.zone, instances, zones, zoneCount: Z, unzoned: Z === 0 ? instances : 0 };
  }
  const c = nodeCountsOf(d);
  const rep = replicationOf(d);
  const classes = Math.max(1, Math.min(Z, c.units));
  const leaders = c.primariesPerUnit;
  const replicas = c.shape === 'singleLeader' ? c.replicasPerPrimary : 0;
  const weights: number[] = new Array(classes);
  const nodeZones: number[] = new Array(classes * (leaders + replicas));
  let at = 0;
  for (let cls = 0; cls < classes; cls++) {
    const count = Z === 0 ? c.units : Math.floor((c.units - 1 - cls) / Z) + 1;
    weights[cls] = count / c.units;
    // A unit's nodes that accept writes are instances unit, unit + units, … (see nodeCounts); their zones depend on unit mod Z only.
    for (let j = 0; j < leaders; j++) nodeZones[at++] = zoneAt(zoneNames, zoneIndex, cls + ((j * c.units) % Math.max(1, Z)));
    for (let r = 0; r < replicas; r++) nodeZones[at++] = zoneAt(zoneNames, zoneIndex, cls + 1 + r);
  }
  const failover = rep ? failoverOf(rep, file) : { mode: 'none' as const, ms: 0 };
  const acks = !rep || rep.mode === 'async' || (rep.mode === 'semiSync' && rep.semiSyncTimeout !== undefined) ? 0 : rep.mode === 'semiSync' ? 1 : 'all';
  return {
    kind: 'store', rate, zone: file.zone, weights, nodeZones, leaders, replicas, shape: c.shape,
    readsFrom: c.replicasPerPrimary === 0 ? 'primary' : (rep?.readsFrom ?? 'primary'),
    acks, failover: failover.mode, failoverMs: failover.ms,
    quorum: rep?.quorum ? { r: rep.quorum.r, w: rep.quorum.w } : undefined,
  };
}

/** The number of the zone a store's node i is placed in (placement.ts: zones[i mod Z]); -1 when it names none, or a zone not numbered. */
function zoneAt(zones: readonly string[], zoneIndex: ReadonlyMap<string, number>, i: number): number {
  return zones.length === 0 ? -1 : (zoneIndex.get(zones[i % zones.length]!) ?? -1);
}

/** Whether a model's answer depends on the zones at all. */
export function zoned(m: ComponentModel): boolean {
  if (m.kind === 'pool') return m.zones.length > 0;
  if (m.kind !== 'store') return false;
  // A loop rather than a callback: asked of every component a path reaches.
  for (const z of m.nodeZones) if (z >= 0) return true;
  return false;
}

/** A component's answers with the zones `down` marks (1: down) down: shared ones, or new ones unless `out` is given to hold them. */
export function answersOf(m: ComponentModel, down: Uint8Array, out?: Answers): Answers {
  switch (m.kind) {
    case 'always': return ALWAYS;
    case 'fixed': return m.answers;
    case 'pool': {
      let up = m.unzoned;
      for (let i = 0; i < m.zones.length; i++) {
        const z = m.zones[i]!;
        if (z < 0 || down[z] === 0) up += Math.floor((m.instances - 1 - i) / m.zoneCount) + 1;
      }
      const p = 1 - Math.pow(1 - m.rate.availability, up);
      return answers(p, p, p, out);
    }
    case 'store': {
      let read = 0;
      let write = 0;
      let both = 0;
      for (let cls = 0; cls < m.weights.length; cls++) {
        const a = unitAnswers(m, cls, down, UNIT);
        const weight = m.weights[cls]!;
        read += weight * a.read;
        write += weight * a.write;
        both += weight * a.both;
      }
      return answers(read, write, both, out);
    }
  }
}

/** One unit's answers while a store's are summed over its classes: written, read back and added before the next (nothing else holds it). */
const UNIT: Answers = { read: 0, write: 0, both: 0 };

/** Answers in `out` when given, else in a new object. */
function answers(read: number, write: number, both: number, out: Answers | undefined): Answers {
  if (!out) return { read, write, both };
  out.read = read;
  out.write = write;
  out.both = both;
  return out;
}

/** How many of the `count` zones (-1: none) in `zones` from `from` on are up. */
function liveIn(zones: readonly number[], from: number, count: number, down: Uint8Array): number {
  let live = 0;
  for (let i = from; i < from + count; i++) {
    const z = zones[i]!;
    if (z < 0 || down[z] === 0) live++;
  }
  return live;
}

/** One unit's answers, of the class `cls`, in `out`. */
function unitAnswers(m: Extract<ComponentModel, { kind: 'store' }>, cls: number, down: Uint8Array, out: Answers): Answers {
  const a = m.rate.availability;
  // Where the class's nodes are listed: its leaders, then its replicas.
  const leadersAt = cls * (m.leaders + m.replicas);
  const replicasAt = leadersAt + m.leaders;
  if (m.shape === 'leaderless') {
    const live = liveIn(m.nodeZones, leadersAt, m.leaders, down);
    const { r, w } = m.quorum!;
    return answers(atLeast(live, a, r), atLeast(live, a, w), atLeast(live, a, Math.max(r, w)), out);
  }
  if (m.shape === 'multiLeader' || m.shape === 'single') {
    const p = atLeast(liveIn(m.nodeZones, leadersAt, m.leaders, down), a, 1);
    return answers(p, p, p, out);
  }
  // Single leader with r >= 1 replicas.
  const z = m.nodeZones[leadersAt]!;
  const primaryUp = z < 0 || down[z] === 0;
  const pUp = primaryUp ? a : 0;
  // Of the primary's down time, the share during which a failover has completed (its cause: the node, or its zone).
  const repair = primaryUp ? m.rate.mttr : m.zone.mttr;
  const promoted = m.failover === 'none' ? 0 : (1 - pUp) * (1 - Math.min(1, m.failoverMs / repair));
  const r = m.replicas;
  const live = liveIn(m.nodeZones, replicasAt, r, down);
  const needUp = m.acks === 'all' ? r : m.acks;
  const needPromoted = m.acks === 'all' ? r : m.acks + 1;
  const anyReplica = atLeast(live, a, 1);
  const write = pUp * replicasUp(live, r, a, needUp) + promoted * replicasUp(live, r, a, Math.max(1, needPromoted));
  if (m.readsFrom === 'primary') return answers(pUp + promoted * anyReplica, write, write, out);
  if (m.readsFrom === 'any') return answers(1 - (1 - pUp) * (1 - anyReplica), write, write, out);
  const both = pUp * replicasUp(live, r, a, Math.max(1, needUp)) + promoted * replicasUp(live, r, a, Math.max(1, needPromoted));
  return answers(anyReplica, write, both, out);
}

/** P(at least k of a unit's r replicas are up), `live` of them outside the zones that are down. */
function replicasUp(live: number, r: number, a: number, k: number): number {
  return k > r ? 0 : atLeast(live, a, k);
}

/** P(at least k of n independent nodes are up), each up with probability a: the binomial tail, summed from the shorter side. */
export function atLeast(n: number, a: number, k: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (a >= 1) return 1;
  if (a <= 0) return 0;
  const q = 1 - a;
  if (k === 1) return 1 - Math.pow(q, n);
  if (k === n) return Math.pow(a, n);
  // Terms C(n, j) a^j q^(n-j), each from the one before by the ratio of successive terms.
  if (k > n / 2) {
    let term = Math.exp(logChoose(n, k) + k * Math.log(a) + (n - k) * Math.log1p(-a));
    let sum = 0;
    for (let j = k; j <= n; j++) {
      sum += term;
      term *= ((n - j) / (j + 1)) * (a / q);
    }
    return Math.min(1, sum);
  }
  let term = Math.pow(q, n);
  let sum = 0;
  for (let j = 0; j < k; j++) {
    sum += term;
    term *= ((n - j) / (j + 1)) * (a / q);
  }
  return Math.max(0, 1 - sum);
}

/** log C(n, k). */
function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i);
  return s;
}
