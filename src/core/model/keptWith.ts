/**
 * Figures worked out once per object (a topology, a load model) and kept on
 * the object itself, under one symbol-keyed property it does not enumerate
 * (so a copy made with spread starts without them), rather than in a WeakMap
 * keyed by it. V8's minor collector keeps a WeakMap's values alive while
 * their key is young: every figure of a check already finished (and, through
 * the figures that point back at it, the check's whole topology) was copied
 * through the young generation and promoted, and only a full collection
 * freed it. Kept on their object, they die with it in the next minor
 * collection.
 */

const KEPT = Symbol('figures kept with this object');

/** An object that may hold kept figures. */
type Holder = { [KEPT]?: Map<object, unknown> };

/** A map from objects to one kind of figure, each kept on its object: the WeakMap API, without the WeakMap's cost to the collector. */
export class KeptWith<K extends object, V> {
  /** The figure kept on `key` by this map, if any. */
  get(key: K): V | undefined {
    return (key as Holder)[KEPT]?.get(this) as V | undefined;
  }

  /** Keeps `value` on `key` (replacing what this map kept there); returns it. */
  set(key: K, value: V): V {
    const holder = key as Holder;
    let figures = holder[KEPT];
    if (!figures) Object.defineProperty(holder, KEPT, { value: (figures = new Map()) });
    figures.set(this, value);
    return value;
  }
}
