/**
 * liveness-only-health-check: a check without a timeout passes on a server
 * that answers, however late; a slow server keeps its share of traffic.
 */
import { setPropertyFix } from '../edits';
import { heaviestBackendShare } from '../../load/traffic';
import { num, pct } from '../../text/format';
import type { Rule, RuleFinding } from '../rule';
import { possessive } from '../../text/possessive';

/** The rule. */
export const liveness_only_health_check: Rule = {
  id: 'liveness-only-health-check',
  run(ctx) {
    const out: RuleFinding[] = [];
    for (const lb of ctx.topology.components.values()) {
      if (lb.data.kind !== 'loadBalancer' || !lb.data.healthCheck || lb.data.healthCheck.timeout !== undefined || lb.calls.length === 0) continue;
      const poolSize = lb.calls.reduce((n, e) => n + ctx.topology.components.get(e.to)!.instances, 0);
      const load = ctx.load.loads.get(lb.id)!;
      const through = load.reads + load.writes;
      const checkPath = [...lb.path, 'healthCheck'];
      const heaviest = heaviestBackendShare(ctx.topology, lb, new Set(ctx.load.cycleEdges));
      const slowShare = lb.data.algorithm === 'leastConnections'
        ? 'least-connections keeps a queue of requests waiting on it'
        : heaviest === undefined
          ? `it keeps receiving about ${num(through / poolSize)} rps (1/${num(poolSize)} of the traffic)`
          : `it keeps receiving about ${num(through * heaviest)} rps (${pct(heaviest)} of the traffic, the heaviest by weight)`;
      out.push({
        message: `${possessive(lb.id)} health check has no timeout: a backend that turns slow still passes, and ${slowShare}`,
        path: checkPath,
        range: ctx.locator.keyRange(checkPath)!,
        fixes: setPropertyFix('Give the health check a 1 s timeout', ctx.locator, ctx.text, checkPath, 'timeout', '1s'),
        data: { backendInstances: poolSize },
      });
    }
    return out;
  },
};
