/**
 * Figures worked out once per load model (one per check) and read again by
 * the rules, the hover, the report and the CLI: the call rates, headroom,
 * the request graph, availability and latency. They are kept on the model
 * itself, under one symbol-keyed property it does not enumerate (so a copy
 * made with spread starts without them), not in WeakMaps keyed by it: V8's
 * minor collector keeps a WeakMap's values alive while their key is young,
 * so every figure of a model already dropped was copied through the young
 * generation and promoted, and only a full collection freed it. Kept on the
 * model, they die with it in the next minor collection.
 */
import type { Topology } from '../model/topology';
import type { TrafficModel } from './traffic';

const FIGURES = Symbol('figures of this load model');

/** A load model with the figures worked out for it, by the function that made each. */
type WithFigures = TrafficModel & { [FIGURES]?: Map<object, unknown> };

/** `make`, called once per load model (with the topology it was computed for) and its result kept with the model. */
export function perLoadModel<T>(make: (topology: Topology, load: TrafficModel) => T): (topology: Topology, load: TrafficModel) => T {
  const key = {};
  return (topology, load) => {
    const model = load as WithFigures;
    let figures = model[FIGURES];
    if (!figures) Object.defineProperty(model, FIGURES, { value: (figures = new Map()) });
    let value = figures.get(key) as T | undefined;
    if (value === undefined) figures.set(key, (value = make(topology, load)));
    return value;
  };
}
