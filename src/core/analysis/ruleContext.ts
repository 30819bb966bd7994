/** Derived facts several rules share, computed once per check and only when a rule asks. */
import { nodeCountsOf } from '../model/nodeCounts';
import type { ComponentNode } from '../model/topology';
import type { RuleContext } from './rule';
import { computeTraffic, type TrafficModel } from '../load/traffic';

/** The load model at the workload's peak, computed once per check. */
export function trafficOf(ctx: RuleContext): TrafficModel {
  return ctx.load;
}

/** A topology's load model at the workload's peak, computed on first use and kept by its owner (one check). */
export function lazyLoad(topology: RuleContext['topology']): { readonly load: TrafficModel; readonly computed: TrafficModel | undefined } {
  let model: TrafficModel | undefined;
  return {
    get load() {
      model ??= computeTraffic(topology);
      return model;
    },
    get computed() {
      return model;
    },
  };
}

/** The range of a component's `instances` value when declared, else of its id. */
export function instancesPath(ctx: RuleContext, id: string): (string | number)[] {
  return ctx.locator.value(['components', id, 'instances']) ? ['components', id, 'instances'] : ['components', id];
}

/**
 * The utilization of a store's busiest resource once its primaries serve
 * every read (what moving reads off lagging replicas costs); undefined when
 * it declares no capacity. Every resource grows with the rate, so the busiest
 * one stays the busiest.
 */
export function utilizationWithReadsOnPrimaries(ctx: RuleContext, node: ComponentNode): number | undefined {
  const load = trafficOf(ctx).loads.get(node.id)!;
  const top = load.utilization[0];
  if (!top || !(load.busiestNodeRps > 0)) return undefined;
  const counts = nodeCountsOf(node.data);
  // The busiest unit's part, as the load model spreads it: the hottest shard's share under skew.
  const skew = load.busiestShard;
  const unitWrites = skew ? load.writes * skew.share : load.writes / counts.units;
  const unitReads = skew?.reads ? load.reads * skew.share : load.reads / counts.units;
  const primary = unitWrites + unitReads / counts.primariesPerUnit;
  return (top.value * primary) / load.busiestNodeRps;
}
