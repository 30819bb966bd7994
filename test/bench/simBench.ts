/**
 * Simulation budgets (DESIGN.md, "Performance budgets"): hashing, ring
 * lookups and builds, and the event engine. Ratios are against baselines
 * written out in this file and timed in the same run, so they hold on any
 * machine; absolute bounds assume the 2-core reference machine.
 */

import murmurhash from 'murmurhash';
import { EventQueue } from '../../src/core/sim/eventQueue';
import { murmur3String } from '../../src/core/sim/murmur3';
import { simulateMMc } from '../../src/core/sim/queueing';
import { createRandom } from '../../src/core/sim/random';
import { buildRing } from '../../src/core/sim/ring';
import { type BenchSuite, bytesPerOp, compare, type Figure, msPerCall, nsPerOp, retainedBytesPer } from './harness';

const KEY_COUNT = 4096;
const KEY_MASK = KEY_COUNT - 1;

/** The baseline hash: MurmurHash3 x86 32 over an ASCII string, inlined with Math.imul and nothing else. */
function baselineMurmur3(key: string, seed: number): number {
  let h = seed;
  const len = key.length;
  const blocks = len & ~3;
  let i = 0;
  for (; i < blocks; i += 4) {
    let k = key.charCodeAt(i) | (key.charCodeAt(i + 1) << 8) | (key.charCodeAt(i + 2) << 16) | (key.charCodeAt(i + 3) << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  const rem = len & 3;
  if (rem > 2) k ^= key.charCodeAt(i + 2) << 16;
  if (rem > 1) k ^= key.charCodeAt(i + 1) << 8;
  if (rem > 0) {
    k ^= key.charCodeAt(i);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
  }
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The baseline search: index of the first point >= hash in a sorted Uint32Array, wrapping to 0. */
function bareSearch(points: Uint32Array, n: number, hash: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (points[mid]! < hash) lo = mid + 1;
    else hi = mid;
  }
  return lo === n ? 0 : lo;
}

function sixteenByteKeys(): string[] {
  const rng = createRandom(16);
  // "user:" + 11 digits: a 16-byte ASCII key, as a session or short-code key would be.
  return Array.from({ length: KEY_COUNT }, () => `user:${String(rng.intBelow(1e11)).padStart(11, '0')}`);
}

function hashFigures(keys: string[]): Figure[] {
  const baseline = (ops: number): number => {
    let acc = 0;
    for (let i = 0; i < ops; i++) acc ^= baselineMurmur3(keys[i & KEY_MASK]!, 0);
    return acc;
  };
  const ours = (ops: number): number => {
    let acc = 0;
    for (let i = 0; i < ops; i++) acc ^= murmur3String(keys[i & KEY_MASK]!);
    return acc;
  };
  const pkg = (ops: number): number => {
    let acc = 0;
    for (let i = 0; i < ops; i++) acc ^= murmurhash.v3(keys[i & KEY_MASK]!, 0);
    return acc;
  };
  const c = compare(baseline, ours, 200_000);
  const pkgNs = nsPerOp(pkg, 200_000);
  return [
    { name: 'hash 16-byte ASCII key vs inlined Math.imul murmur3', value: c.ratio, unit: 'x', detail: `${c.candidateNs.toFixed(1)} ns vs ${c.baselineNs.toFixed(1)} ns`, budget: { max: 1.2 } },
    { name: 'hash 16-byte ASCII key: heap allocated', value: bytesPerOp(ours, 50_000), unit: 'B/op', budget: { max: 1 } },
    { name: 'murmurhash package v3(string), for reference', value: pkgNs, unit: 'ns', detail: `allocates ${bytesPerOp(pkg, 2_000).toFixed(0)} B/op (shows the allocation figure detects allocation)` },
  ];
}

function ringFigures(keys: string[]): Figure[] {
  const ring = buildRing(64, 160);
  const points = ring.positions;
  const n = ring.size;
  const rng = createRandom(17);
  const hashes = Uint32Array.from({ length: KEY_COUNT }, () => rng.nextUint32());

  const bare = (ops: number): number => {
    let acc = 0;
    for (let i = 0; i < ops; i++) acc += bareSearch(points, n, hashes[i & KEY_MASK]!);
    return acc;
  };
  const lookup = (ops: number): number => {
    let acc = 0;
    for (let i = 0; i < ops; i++) acc += ring.lookup(hashes[i & KEY_MASK]!);
    return acc;
  };
  const hashAndBare = (ops: number): number => {
    let acc = 0;
    for (let i = 0; i < ops; i++) acc += bareSearch(points, n, baselineMurmur3(keys[i & KEY_MASK]!, 0));
    return acc;
  };
  const keyToNode = (ops: number): number => {
    let acc = 0;
    for (let i = 0; i < ops; i++) acc += ring.lookupString(keys[i & KEY_MASK]!);
    return acc;
  };
  const l = compare(bare, lookup, 100_000);
  const k = compare(hashAndBare, keyToNode, 100_000);
  const buildMs = msPerCall(() => buildRing(64, 160));
  return [
    { name: 'ring lookup (pre-hashed, 10,240 points) vs bare binary search', value: l.ratio, unit: 'x', detail: `${l.candidateNs.toFixed(1)} ns vs ${l.baselineNs.toFixed(1)} ns`, budget: { max: 1.5 } },
    { name: 'key -> node incl. hash vs inlined hash + bare search', value: k.ratio, unit: 'x', detail: `${k.candidateNs.toFixed(1)} ns vs ${k.baselineNs.toFixed(1)} ns`, budget: { max: 2 } },
    { name: 'ring lookup: heap allocated', value: bytesPerOp(keyToNode, 50_000), unit: 'B/op', budget: { max: 1 } },
    { name: 'build 64 x 160 ring', value: buildMs, unit: 'ms', budget: { max: 10 } },
    { name: 'ring storage per point', value: ring.bytesPerPoint, unit: 'B', detail: 'Uint32 positions + Uint16 owners', budget: { max: 8 } },
    { name: 'ring heap retained per point (20 rings)', value: retainedBytesPer(() => buildRing(64, 160), 20, n), unit: 'B', budget: { max: 8 } },
  ];
}

function eventFigures(): Figure[] {
  const customers = 500_000;
  let events = 0;
  const mm1Ms = msPerCall(() => {
    events = simulateMMc({ arrivalRate: 0.8, serviceRate: 1, servers: 1, customers, seed: 1 }).events;
  });

  // The hold model: a queue kept at 100,000 pending events, each pop scheduling one new event.
  const pending = 100_000;
  const queue = new EventQueue(pending);
  const rng = createRandom(18);
  for (let i = 0; i < pending; i++) queue.push(rng.exponential(1) * pending, i & 7, i);
  const hold = (ops: number): number => {
    let acc = 0;
    for (let i = 0; i < ops; i++) {
      queue.pop();
      acc += queue.kind;
      queue.push(queue.time + rng.exponential(1) * pending, queue.kind, queue.id);
    }
    return acc;
  };
  const holdNs = nsPerOp(hold, 1_000_000);
  return [
    { name: 'event engine end to end (M/M/1 simulation)', value: events / mm1Ms / 1000, unit: 'M events/s', detail: `${events.toLocaleString('en')} events in ${mm1Ms.toFixed(1)} ms`, budget: { min: 5 } },
    { name: 'event queue with 100,000 pending (pop + push)', value: 1000 / holdNs, unit: 'M events/s', detail: `${holdNs.toFixed(0)} ns/event`, budget: { min: 2 } },
    { name: 'event queue steady state: heap allocated', value: bytesPerOp(hold, 50_000), unit: 'B/event', budget: { max: 1 } },
  ];
}

/** The simulation suite. */
export const simSuite: BenchSuite = {
  name: 'sim',
  run(): Figure[] {
    const keys = sixteenByteKeys();
    return [...hashFigures(keys), ...ringFigures(keys), ...eventFigures()];
  },
};
