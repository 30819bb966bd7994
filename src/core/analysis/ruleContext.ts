/** Derived facts several rules share, computed once per check and only when a rule asks. */
import type { RuleContext } from './rule';
import { computeTraffic, type TrafficModel } from './traffic';

const traffic = new WeakMap<RuleContext['topology'], TrafficModel>();

/** The load model at the workload's peak, computed once per topology. */
export function trafficOf(ctx: RuleContext): TrafficModel {
  let t = traffic.get(ctx.topology);
  if (!t) {
    t = computeTraffic(ctx.topology);
    traffic.set(ctx.topology, t);
  }
  return t;
}

/** The range of a component's `instances` value when declared, else of its id. */
export function instancesPath(ctx: RuleContext, id: string): (string | number)[] {
  return ctx.locator.value(['components', id, 'instances']) ? ['components', id, 'instances'] : ['components', id];
}
