/** Derived facts several rules share, computed once per check and only when a rule asks. */
import { nodeCountsOf } from '../model/nodeCounts';
import type { ComponentNode } from '../model/topology';
import type { RuleContext } from './rule';
import { busiestUnit, computeTraffic, type TrafficModel } from '../load/traffic';

/** A topology's load model at the workload's peak, computed on first use: the owner (one check) keeps the function. */
export function lazyLoad(topology: RuleContext['topology']): () => TrafficModel {
  let model: TrafficModel | undefined;
  return () => (model ??= computeTraffic(topology));
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
  const load = ctx.load.loads.get(node.id)!;
  const top = load.utilization[0];
  if (!top || !(load.busiestNodeRps > 0)) return undefined;
  const counts = nodeCountsOf(node.data);
  const { unitReads, unitWrites } = busiestUnit(load.reads, load.writes, counts.units, load.busiestShard);
  const primary = unitWrites + unitReads / counts.primariesPerUnit;
  return (top.value * primary) / load.busiestNodeRps;
}
