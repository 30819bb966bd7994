import assert from 'node:assert/strict';
import { EventQueue } from '../../../src/core/sim/eventQueue';
import { createRandom } from '../../../src/core/sim/random';

interface Ev {
  time: number;
  kind: number;
  id: number;
}

function drain(q: EventQueue): Ev[] {
  const out: Ev[] = [];
  while (q.pop()) out.push({ time: q.time, kind: q.kind, id: q.id });
  return out;
}

describe('eventQueue', () => {
  it('pops events in time order, ties in push order (a stable sort is the reference), growing from capacity 1', () => {
    const rng = createRandom(1);
    const q = new EventQueue(1);
    const pushed: Ev[] = [];
    for (let i = 0; i < 20_000; i++) {
      // Few distinct times, so ties are common.
      const ev = { time: rng.intBelow(50) / 4, kind: rng.intBelow(5), id: i };
      pushed.push(ev);
      q.push(ev.time, ev.kind, ev.id);
    }
    assert.equal(q.size, 20_000);
    const expected = [...pushed].sort((a, b) => a.time - b.time);
    assert.deepEqual(drain(q), expected);
    assert.equal(q.size, 0);
    assert.equal(q.pop(), false);
  });

  it('interleaved pushes and pops match a sorted-list reference', () => {
    const rng = createRandom(2);
    const q = new EventQueue(4);
    const ref: Ev[] = [];
    let now = 0;
    for (let step = 0; step < 50_000; step++) {
      if (ref.length === 0 || rng.nextFloat() < 0.55) {
        const ev = { time: now + Math.floor(rng.exponential(1) * 8) / 8, kind: 1, id: step };
        q.push(ev.time, ev.kind, ev.id);
        // Insert after every event with time <= ev.time: FIFO among ties.
        let i = ref.length;
        while (i > 0 && ref[i - 1]!.time > ev.time) i--;
        ref.splice(i, 0, ev);
      } else {
        const ev = ref.shift()!;
        assert.equal(q.peekTime(), ev.time);
        assert.ok(q.pop());
        assert.deepEqual({ time: q.time, kind: q.kind, id: q.id }, ev);
        now = ev.time;
      }
      assert.equal(q.size, ref.length);
    }
  });

  it('keeps ties in push order across sequence-number renumbering (every 2^32 pushes)', () => {
    const q = new EventQueue();
    for (let i = 0; i < 10; i++) q.push(1, 0, i);
    // Jump the counter to just before the limit instead of pushing four billion events.
    (q as unknown as { nextSeq: number }).nextSeq = 4294967295 - 3;
    for (let i = 10; i < 20; i++) q.push(1, 0, i);
    assert.deepEqual(drain(q).map((e) => e.id), Array.from({ length: 20 }, (_, i) => i));
  });

  it('accepts Infinity, rejects NaN, and reports Infinity as the next time when empty', () => {
    const q = new EventQueue();
    assert.equal(q.peekTime(), Infinity);
    assert.throws(() => q.push(NaN, 0, 0), RangeError);
    q.push(Infinity, 2, 3);
    q.push(5, 1, 1);
    assert.deepEqual(drain(q), [
      { time: 5, kind: 1, id: 1 },
      { time: Infinity, kind: 2, id: 3 },
    ]);
  });

  it('clear drops pending events and the queue is reusable', () => {
    const q = new EventQueue();
    q.push(3, 0, 0);
    q.push(1, 0, 1);
    q.clear();
    assert.equal(q.size, 0);
    q.push(2, 7, -5);
    assert.deepEqual(drain(q), [{ time: 2, kind: 7, id: -5 }]);
  });
});
