/**
 * lone-load-balancer: a balancer with one instance, or all its instances in
 * one zone, in front of a pool. The pool survives a server's loss; the lone
 * balancer in front of it does not.
 */
import { setPropertyFix } from '../edits';
import { num, plural } from '../../text/format';
import type { Rule, RuleFinding } from '../rule';
import { instancesPath } from '../ruleContext';
import { possessive } from '../../text/possessive';

/** The rule. */
export const lone_load_balancer: Rule = {
  id: 'lone-load-balancer',
  run(ctx) {
    const out: RuleFinding[] = [];
    for (const lb of ctx.topology.components.values()) {
      if (lb.data.kind !== 'loadBalancer' || lb.calls.length === 0) continue;
      // Most balancers are redundant: look at the pool only for a lone one.
      if (lb.instances !== 1 && lb.data.zones?.length !== 1) continue;
      const pool = lb.calls.map((e) => ctx.topology.components.get(e.to)!);
      const poolSize = pool.reduce((n, c) => n + c.instances, 0);
      if (poolSize < 2) continue; // nothing redundant behind it: single-point-of-failure speaks of it
      const rps = ctx.load.loads.get(lb.id)!;
      const through = rps.reads + rps.writes;
      const poolText = pool.length === 1 ? `${possessive(pool[0]!.id)} ${plural(poolSize, 'instance')}` : `a pool of ${plural(poolSize, 'instance')}`;
      const related = pool.map((c) => ({ message: `the pool behind ${lb.id}`, path: c.path, range: ctx.locator.keyRange(c.path)! }));
      if (lb.instances === 1) {
        const path = instancesPath(ctx, lb.id);
        out.push({
          message: `${lb.id} is a lone load balancer in front of ${poolText}: when its 1 instance dies, all ${num(through)} rps through it fail`,
          path,
          range: path.length === 3 ? ctx.locator.valueRange(path)! : ctx.locator.keyRange(path)!,
          related,
          fixes: setPropertyFix(`Run 2 instances of ${lb.id}`, ctx.locator, ctx.text, lb.path, 'instances', 2),
          data: { instances: 1, poolInstances: poolSize, rps: through },
        });
      } else if (lb.data.zones?.length === 1) {
        const path = [...lb.path, 'zones'];
        out.push({
          message: `${possessive(lb.id)} ${plural(lb.instances, 'instance')} are all in zone ${lb.data.zones[0]}: a zone outage takes out the balancer and all ${num(through)} rps through it`,
          path,
          range: ctx.locator.valueRange(path)!,
          related,
          data: { instances: lb.instances, zones: 1, rps: through },
        });
      }
    }
    return out;
  },
};
