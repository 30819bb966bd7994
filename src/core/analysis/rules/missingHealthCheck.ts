/**
 * missing-health-check: a balancer that never checks its backends keeps
 * sending a dead server its share of requests until someone intervenes.
 */
import { setPropertyFix } from '../edits';
import { heaviestBackendShare } from '../../load/traffic';
import { num, pct } from '../../text/format';
import type { Rule, RuleFinding } from '../rule';

/** The health check a fix adds: detection in interval × threshold = 6 s, and a timeout so slow servers fail it too. */
export const DEFAULT_HEALTH_CHECK = { interval: '2s', unhealthyThreshold: 3, timeout: '1s' };

/** The rule. */
export const missing_health_check: Rule = {
  id: 'missing-health-check',
  run(ctx) {
    const out: RuleFinding[] = [];
    for (const lb of ctx.topology.components.values()) {
      if (lb.data.kind !== 'loadBalancer' || lb.data.healthCheck || lb.calls.length === 0) continue;
      const poolSize = lb.calls.reduce((n, e) => n + ctx.topology.components.get(e.to)!.instances, 0);
      const load = ctx.load.loads.get(lb.id)!;
      const through = load.reads + load.writes;
      // A weighted balancer's heaviest instance loses the most when it dies.
      const heaviest = heaviestBackendShare(ctx.topology, lb, new Set(ctx.load.cycleEdges));
      const failingRps = through * (heaviest ?? 1 / poolSize);
      const part = heaviest === undefined ? `1/${num(poolSize)} of ${num(through)}` : `for the heaviest by weight, ${pct(heaviest)} of ${num(through)}`;
      out.push({
        message: `${lb.id} has no health check: when one of its ${num(poolSize)} backend instances dies, its share of requests (about ${num(failingRps)} rps${heaviest === undefined ? ', ' : ' '}${part}) keeps failing until someone intervenes`,
        path: lb.path,
        range: ctx.locator.keyRange(lb.path)!,
        fixes: setPropertyFix('Add a health check (every 2 s, 3 failures, 1 s timeout)', ctx.locator, ctx.text, lb.path, 'healthCheck', DEFAULT_HEALTH_CHECK),
        data: { backendInstances: poolSize, failingRps },
      });
    }
    return out;
  },
};
