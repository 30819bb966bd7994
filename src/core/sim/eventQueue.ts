/**
 * The discrete-event simulation's future event list: a binary min-heap on
 * parallel typed arrays (time, sequence number, kind, id). Events at the same
 * time come out in push order, which keeps runs deterministic; storage grows
 * by doubling, and push and pop allocate nothing once it has grown.
 */

/** Initial capacity when none is given: enough for small simulations without a resize. */
const DEFAULT_CAPACITY = 1024;
/** Sequence numbers are renumbered before they would wrap past 2^32. */
const SEQ_LIMIT = 4294967295;

/** A min-heap of (time, kind, id) events; `pop` leaves the event in `time`, `kind` and `id`. */
export class EventQueue {
  /** Time of the event last popped. */
  time = 0;
  /** Kind of the event last popped (a small integer the simulation defines). */
  kind = 0;
  /** Id of the event last popped (an entity or request index the simulation defines). */
  id = 0;

  private times: Float64Array;
  private seqs: Uint32Array;
  private kinds: Int32Array;
  private ids: Int32Array;
  private count = 0;
  private capacity: number;
  private nextSeq = 0;

  /** An empty queue with room for `initialCapacity` events before it grows. */
  constructor(initialCapacity = DEFAULT_CAPACITY) {
    this.capacity = Math.max(1, Math.floor(initialCapacity));
    this.times = new Float64Array(this.capacity);
    this.seqs = new Uint32Array(this.capacity);
    this.kinds = new Int32Array(this.capacity);
    this.ids = new Int32Array(this.capacity);
  }

  /** How many events are pending. */
  get size(): number {
    return this.count;
  }

  /** Time of the next event, or Infinity when none is pending. */
  peekTime(): number {
    return this.count > 0 ? this.times[0]! : Infinity;
  }

  /** Schedules an event; `kind` and `id` are 32-bit integers. */
  push(time: number, kind: number, id: number): void {
    if (time !== time) throw new RangeError('event time is NaN');
    if (this.count === this.capacity) this.grow();
    if (this.nextSeq === SEQ_LIMIT) this.renumber();
    const t = this.times;
    const s = this.seqs;
    const k = this.kinds;
    const d = this.ids;
    const seq = this.nextSeq++;
    let i = this.count++;
    // The new sequence number is larger than every pending one, so a parent at an
    // equal time already comes first: comparing times alone is enough on the way up.
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (t[p]! <= time) break;
      t[i] = t[p]!;
      s[i] = s[p]!;
      k[i] = k[p]!;
      d[i] = d[p]!;
      i = p;
    }
    t[i] = time;
    s[i] = seq;
    k[i] = kind;
    d[i] = id;
  }

  /** Removes the earliest event into `time`, `kind` and `id`; false when the queue is empty. */
  pop(): boolean {
    if (this.count === 0) return false;
    const t = this.times;
    const s = this.seqs;
    const k = this.kinds;
    const d = this.ids;
    this.time = t[0]!;
    this.kind = k[0]!;
    this.id = d[0]!;
    const n = --this.count;
    if (n === 0) return true;
    // Moving a hole down instead of swapping writes each slot once per level.
    const lt = t[n]!;
    const ls = s[n]!;
    const lk = k[n]!;
    const ld = d[n]!;
    const half = n >> 1;
    let i = 0;
    while (i < half) {
      let c = 2 * i + 1;
      let tc = t[c]!;
      let sc = s[c]!;
      const r = c + 1;
      if (r < n) {
        const tr = t[r]!;
        if (tr < tc || (tr === tc && s[r]! < sc)) {
          c = r;
          tc = tr;
          sc = s[r]!;
        }
      }
      if (lt < tc || (lt === tc && ls < sc)) break;
      t[i] = tc;
      s[i] = sc;
      k[i] = k[c]!;
      d[i] = d[c]!;
      i = c;
    }
    t[i] = lt;
    s[i] = ls;
    k[i] = lk;
    d[i] = ld;
    return true;
  }

  /** Drops every pending event, keeping the storage. */
  clear(): void {
    this.count = 0;
    this.nextSeq = 0;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const times = new Float64Array(capacity);
    const seqs = new Uint32Array(capacity);
    const kinds = new Int32Array(capacity);
    const ids = new Int32Array(capacity);
    times.set(this.times);
    seqs.set(this.seqs);
    kinds.set(this.kinds);
    ids.set(this.ids);
    this.times = times;
    this.seqs = seqs;
    this.kinds = kinds;
    this.ids = ids;
    this.capacity = capacity;
  }

  /** Replaces pending sequence numbers by their ranks (order kept, so the heap stays valid); runs once per 2^32 pushes. */
  private renumber(): void {
    const n = this.count;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const s = this.seqs;
    order.sort((a, b) => s[a]! - s[b]!);
    for (let r = 0; r < n; r++) s[order[r]!] = r;
    this.nextSeq = n;
  }
}
