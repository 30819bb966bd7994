/**
 * Figures worked out once per load model (one per check) and read again by
 * the rules, the hover, the report and the CLI: the call rates, headroom,
 * the request graph, availability and latency. They are kept on the model
 * itself (model/keptWith.ts says why not in a WeakMap), so a copy made with
 * spread starts without them.
 */
import { KeptWith } from '../model/keptWith';
import type { Topology } from '../model/topology';
import type { TrafficModel } from './traffic';

/** `make`, called once per load model (with the topology it was computed for) and its result kept with the model. */
export function perLoadModel<T>(make: (topology: Topology, load: TrafficModel) => T): (topology: Topology, load: TrafficModel) => T {
  const kept = new KeptWith<TrafficModel, T>();
  return (topology, load) => kept.get(load) ?? kept.set(load, make(topology, load));
}
