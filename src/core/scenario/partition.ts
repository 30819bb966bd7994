/**
 * Network partitions. Each component is placed on side A, side B, split
 * between them, or unplaced, from the names in `partition.between`: its own
 * id, its zones (a zone named on a side, or a zone of a region named on a side:
 * "us-east-1a" belongs to "us-east-1"), else its region. Unplaced instances
 * reach both sides.
 *
 * A call is cut for the share of the caller's instances on a side where the
 * callee has nothing reachable. A CP store refuses the calls it cannot make
 * consistent: writes (and strong reads) from the side holding the minority of
 * its nodes, and everything from a side that cannot reach it. An AP store
 * split across the cut accepts writes on both sides and diverges: writes to a
 * key written on both sides conflict, and last-write-wins keeps only the side
 * that wrote last, losing the other side's updates.
 */
import { zoneInRegion } from '../model/placement';
import type { ComponentNode } from '../model/topology';
import { createKeyGenerator, type KeyGenerator, ZipfKeys } from '../sim/keys';
import { streamFor } from '../sim/random';
import type { SimGraph } from './graph';
import { type KeySpec, sumOverKeys } from './keyModel';
import { num } from './figures';
import type { EdgeEffect } from './outcomes';
import type { PartitionResult, PartitionStoreResult } from './types';

/** Shares of a component's nodes on each side, and unplaced. */
export interface Placement {
  a: number;
  b: number;
  none: number;
}

/** Where a component sits relative to a partition's two sides. */
export function placementOf(node: ComponentNode, sideA: ReadonlySet<string>, sideB: ReadonlySet<string>): Placement {
  if (sideA.has(node.id)) return { a: 1, b: 0, none: 0 };
  if (sideB.has(node.id)) return { a: 0, b: 1, none: 0 };
  const region = node.data.region;
  const zones = node.data.zones;
  const sideOfName = (name: string): 'a' | 'b' | undefined => {
    if (sideA.has(name)) return 'a';
    if (sideB.has(name)) return 'b';
    for (const [side, set] of [['a', sideA], ['b', sideB]] as const) {
      for (const n of set) if (zoneInRegion(name, n)) return side;
    }
    return undefined;
  };
  if (zones && zones.length > 0) {
    const p = { a: 0, b: 0, none: 0 };
    for (const z of zones) {
      const s = sideOfName(z) ?? (region !== undefined ? (sideA.has(region) ? 'a' : sideB.has(region) ? 'b' : undefined) : undefined);
      if (s) p[s] += 1 / zones.length;
      else p.none += 1 / zones.length;
    }
    return p;
  }
  if (region !== undefined) {
    if (sideA.has(region)) return { a: 1, b: 0, none: 0 };
    if (sideB.has(region)) return { a: 0, b: 1, none: 0 };
  }
  return { a: 0, b: 0, none: 1 };
}

/** CP or AP: declared, else CP for a single leader (only the leader's side can write) and AP for multi-leader and leaderless stores. */
export function capOf(node: ComponentNode): { cap: 'CP' | 'AP'; declared: boolean } | undefined {
  const d = node.data;
  if (d.kind !== 'database' && d.kind !== 'cache' && d.kind !== 'queue' && d.kind !== 'directory') return undefined;
  if (d.kind === 'database' && d.cap) return { cap: d.cap, declared: true };
  const topo = d.replication?.topology ?? 'singleLeader';
  return { cap: topo === 'singleLeader' ? 'CP' : 'AP', declared: false };
}

/** Which side a store's writes are accepted on when split: the side with more of its nodes, ties to its first zone's side. */
function majoritySide(p: Placement, node: ComponentNode, sideA: ReadonlySet<string>, sideB: ReadonlySet<string>): 'a' | 'b' {
  if (p.a !== p.b) return p.a > p.b ? 'a' : 'b';
  const first = node.data.zones?.[0];
  if (first !== undefined) {
    const one = placementOf({ ...node, id: '\u0000', data: { ...node.data, zones: [first] } } as ComponentNode, sideA, sideB);
    if (one.b > one.a) return 'b';
  }
  return 'a';
}

/** Cut calls and the per-store outcome of one partition window. */
export interface PartitionEffects {
  edges: { edge: number; effect: EdgeEffect }[];
  cutCalls: PartitionResult['cutCalls'];
  stores: PartitionStoreResult[];
  events: number;
  notes: string[];
}

/** What one partition needs. */
export interface PartitionInput {
  graph: SimGraph;
  sides: [string[], string[]];
  durationMs: number;
  seed: number;
  faultIndex: number;
  eventBudget: number;
  keysOf: (node: ComponentNode) => KeySpec;
}

/** Works out what a partition cuts and what the stores do during it. */
export function analysePartition(input: PartitionInput): PartitionEffects {
  const { graph } = input;
  const sideA = new Set(input.sides[0]);
  const sideB = new Set(input.sides[1]);
  const place = new Map<string, Placement>();
  for (const n of graph.order) place.set(n.id, placementOf(n.node, sideA, sideB));
  const seconds = input.durationMs / 1000;
  const notes: string[] = [];
  const edges: PartitionEffects['edges'] = [];
  const cutCalls: PartitionEffects['cutCalls'] = [];
  const storeIds = new Set<string>();
  const refused = new Map<string, number>();
  let events = 0;

  for (const e of graph.edges) {
    if (e.cycle) continue;
    const pc = place.get(e.from)!;
    const px = place.get(e.to)!;
    const callee = graph.byId.get(e.to)!.node;
    const cap = capOf(callee);
    const reachA = px.a + px.none > 0;
    const reachB = px.b + px.none > 0;
    const unreachable = (reachA ? 0 : pc.a) + (reachB ? 0 : pc.b);
    let writeCut = unreachable;
    let readCut = unreachable;
    if (cap?.cap === 'CP' && px.a > 0 && px.b > 0) {
      const major = majoritySide(px, callee, sideA, sideB);
      const minorityShare = major === 'a' ? pc.b : pc.a;
      writeCut = Math.min(1, unreachable + minorityShare);
      const strong = callee.data.kind === 'database' && callee.data.consistency === 'strong';
      if (strong) readCut = writeCut;
    }
    if (cap) storeIds.add(e.to);
    const kind: 'failed' | 'rejected' = cap?.cap === 'CP' ? 'rejected' : 'failed';
    if (writeCut > 0 || readCut > 0) {
      if (writeCut > 0) edges.push({ edge: e.index, effect: { cut: writeCut, kind, reads: false, writes: true } });
      if (readCut > 0) edges.push({ edge: e.index, effect: { cut: readCut, kind, reads: true, writes: false } });
      if (writeCut >= 1 || readCut >= 1 || unreachable > 0) {
        cutCalls.push({ from: e.from, to: e.to, kind, call: e.index, calls: Math.round((e.readFlow * readCut + e.writeFlow * writeCut) * seconds) });
      }
      if (cap) refused.set(e.to, (refused.get(e.to) ?? 0) + e.writeFlow * writeCut * seconds);
    }
  }

  const stores: PartitionStoreResult[] = [];
  for (const id of [...storeIds].sort()) {
    const sn = graph.byId.get(id)!;
    const cap = capOf(sn.node)!;
    const p = place.get(id)!;
    const placement: PartitionStoreResult['placement'] = p.a > 0 && p.b > 0 ? 'split' : p.a > 0 ? 'A' : p.b > 0 ? 'B' : 'unplaced';
    const rep = 'replication' in sn.node.data ? sn.node.data.replication : undefined;
    const resolution = rep?.conflictResolution ?? 'none';
    const r: PartitionStoreResult = {
      component: id, cap: cap.cap, placement,
      refusedWrites: Math.round(refused.get(id) ?? 0),
      acceptedWritesA: 0, acceptedWritesB: 0, conflictingWrites: 0, conflictingKeys: 0, lostWrites: 0,
      resolution, method: 'expected',
    };
    if (cap.cap === 'AP' && placement === 'split') {
      // Writes reaching each side: callers' instances on a side write there; unplaced ones write on the store's majority side.
      const home = majoritySide(p, sn.node, sideA, sideB);
      let wa = 0;
      let wb = 0;
      for (const e of sn.in) {
        if (e.cycle) continue;
        const pc = place.get(e.from)!;
        wa += e.writeFlow * (pc.a + (home === 'a' ? pc.none : 0));
        wb += e.writeFlow * (pc.b + (home === 'b' ? pc.none : 0));
      }
      const na = wa * seconds;
      const nb = wb * seconds;
      const keys = input.keysOf(sn.node);
      const c = conflicts(keys, na, nb, input.eventBudget, input.seed, `partition:${input.faultIndex}:${id}`);
      events += c.events;
      r.acceptedWritesA = Math.round(na);
      r.acceptedWritesB = Math.round(nb);
      r.conflictingWrites = c.writes;
      r.conflictingKeys = c.keys;
      r.lostWrites = resolution === 'lastWriteWins' ? c.lost : 0;
      r.method = c.method;
      if (!cap.declared) notes.push(`${id} declares no "cap": taken as AP (${rep?.topology ?? 'singleLeader'} accepts writes on both sides)`);
      if (c.writes > 0 && (resolution === 'none')) notes.push(`${id}: ${num(c.keys)} keys diverged during the partition and no conflictResolution reconciles them`);
    } else if (!cap.declared && r.refusedWrites > 0) {
      notes.push(`${id} declares no "cap": taken as CP (a single leader accepts writes on its own side only)`);
    }
    if (r.refusedWrites > 0 || r.conflictingWrites > 0 || placement === 'split') stores.push(r);
  }
  return { edges, cutCalls, stores, events, notes };
}

/** Conflicting writes, keys and last-write-wins losses of na and nb writes on two sides. */
export function conflicts(keys: KeySpec, na: number, nb: number, budget: number, seed: number, stream: string): { writes: number; keys: number; lost: number; method: 'drawn' | 'expected'; events: number } {
  if (!(na > 0) || !(nb > 0)) return { writes: 0, keys: 0, lost: 0, method: 'expected', events: 0 };
  if (keys.distribution === 'sequential') {
    // Both sides hand out the same next ids: every id issued on both sides collides.
    const both = Math.min(na, nb);
    return { writes: Math.round(2 * both), keys: Math.round(both), lost: Math.round(both), method: 'expected', events: 0 };
  }
  if (na + nb <= budget) return drawConflicts(keys, na, nb, seed, stream);
  return expectedConflicts(keys, na, nb);
}

/** Conflicts in expectation: per key, Poisson counts a = na p and b = nb p on each side. */
export function expectedConflicts(keys: KeySpec, na: number, nb: number): { writes: number; keys: number; lost: number; method: 'expected'; events: number } {
  const writes = sumOverKeys(keys, (p) => na * p * -Math.expm1(-nb * p) + nb * p * -Math.expm1(-na * p));
  const both = sumOverKeys(keys, (p) => Math.expm1(-na * p) * Math.expm1(-nb * p));
  // The losing side's writes: 2ab/(a+b)^2 · E[(N-1)+] with N ~ Poisson(a+b) (the last write's side is independent of the rest).
  const lost = sumOverKeys(keys, (p) => {
    const a = na * p;
    const b = nb * p;
    const m = a + b;
    return ((2 * a * b) / (m * m)) * (m + Math.expm1(-m));
  });
  return { writes: Math.round(writes), keys: Math.round(both), lost: Math.round(lost), method: 'expected', events: 0 };
}

/** Conflicts with every write drawn: writes interleaved in time, keys from the workload's distribution. */
export function drawConflicts(keys: KeySpec, na: number, nb: number, seed: number, stream: string): { writes: number; keys: number; lost: number; method: 'drawn'; events: number } {
  const rng = streamFor(seed, `${stream}:sides`);
  const keyRng = streamFor(seed, `${stream}:keys`);
  const gen: KeyGenerator = keys.distribution === 'zipf' ? new ZipfKeys(keyRng, keys.cardinality, keys.exponent, 'rejection') : createKeyGenerator({ distribution: 'uniform', cardinality: keys.cardinality }, keyRng);
  // Poisson counts on each side, then the interleaving: each next write is on A with probability na / (na + nb).
  const countA = poisson(rng, na);
  const countB = poisson(rng, nb);
  // Per key: writes on A, writes on B, side of the last write (0 = A).
  const perKey = new Map<number, [number, number, number]>();
  let leftA = countA;
  let leftB = countB;
  while (leftA + leftB > 0) {
    const onA = rng.nextFloat() * (leftA + leftB) < leftA;
    if (onA) leftA--;
    else leftB--;
    const k = gen.next();
    const s = perKey.get(k);
    if (s) {
      s[onA ? 0 : 1]++;
      s[2] = onA ? 0 : 1;
    } else perKey.set(k, onA ? [1, 0, 0] : [0, 1, 1]);
  }
  let writes = 0;
  let both = 0;
  let lost = 0;
  for (const [a, b, last] of perKey.values()) {
    if (a > 0 && b > 0) {
      both++;
      writes += a + b;
      lost += last === 0 ? b : a;
    }
  }
  return { writes, keys: both, lost, method: 'drawn', events: countA + countB };
}

/** A Poisson count with mean m: exact by inversion for small means, normal approximation (rounded, clamped at 0) above 500. */
function poisson(rng: ReturnType<typeof streamFor>, m: number): number {
  if (m > 500) return Math.max(0, Math.round(rng.normal(m, Math.sqrt(m))));
  let k = 0;
  let p = Math.exp(-m);
  let cum = p;
  const u = rng.nextDouble();
  while (u > cum && k < 10_000) {
    k++;
    p *= m / k;
    cum += p;
  }
  return k;
}
