/**
 * Run in a fresh process by test/unit/load/perLoadModel.test.ts (node
 * --expose-gc --import tsx): bytes of availability and latency figures that
 * survive two minor collections, of MODELS load models dropped and of MODELS held.
 * A process of its own, because V8 allocates in the old generation directly
 * at sites whose objects earlier tests kept alive (pretenuring), which minor
 * collections never free.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { availabilityOf } from '../../src/core/availability/availability';
import { checkText } from '../../src/core/check';
import { latencyOf } from '../../src/core/latency/latency';
import { generateTopology } from '../bench/generateTopology';

const checked = checkText(generateTopology(50), { rules: [] });
const topology = checked.topology!;
const load = checked.load!;
const gc = (globalThis as { gc?: (options: { type: string }) => void }).gc!;
/**
 * Models made per measurement: enough that what the held ones keep (about
 * 65 KB each) stands well clear of what survives of dropped ones whatever
 * the model's size — the young objects of the model being worked on when a
 * collection comes, which are promoted (up to about 0.45 MB, measured).
 */
const MODELS = 100;

/** Bytes of objects on the heap (not the compiler's code). */
function objectBytes(): number {
  return getHeapSpaceStatistics().filter((s) => /^(new|old|large_object)_space$/.test(s.space_name)).reduce((n, s) => n + s.space_used_size, 0);
}

/** Figures of MODELS models; `held` keeps the models. */
function figures(held?: object[]): void {
  for (let i = 0; i < MODELS; i++) {
    const model = { ...load };
    availabilityOf(topology, model).entries();
    latencyOf(topology, model).entries();
    held?.push(model);
  }
}

/** Bytes still used after two minor collections (what survives one is kept in the young generation until the next). */
function survivingBytes(held?: object[]): number {
  // A full collection first, so that no marking under way keeps what the minor ones would free.
  gc({ type: 'major' });
  const before = objectBytes();
  figures(held);
  gc({ type: 'minor' });
  gc({ type: 'minor' });
  return objectBytes() - before;
}

// Warm: what the compiler keeps for the functions is made before measuring.
for (let i = 0; i < 3; i++) figures();
const dropped = survivingBytes();
const held: object[] = [];
const kept = survivingBytes(held);
process.stdout.write(JSON.stringify({ dropped, kept, held: held.length }));
