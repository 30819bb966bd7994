/**
 * capacity: a tier from 80% (warning) or from 100% (error) of what its
 * busiest node can take at peak — of a sharded store, a node of its hottest
 * shard under the workload's key popularity — each threshold included and
 * judged as loadThresholds.ts says. Load comes from the traffic model; the resource that
 * saturates first and the tier's ceiling are named. When the per-request
 * latency is declared, the queueing delay at that utilization comes from
 * M/M/c (Erlang C), with c the concurrency the declared rate implies.
 */
import { CAPACITY_ERROR, CAPACITY_WARNING, reaches, wholeAtLeast } from '../../model/loadThresholds';
import { mmc } from '../../sim/queueing';
import { setPropertyFix } from '../edits';
import { num, pct } from '../../text/format';
import type { Rule, RuleFinding } from '../rule';
import { RESOURCE_NAMES, RESOURCE_PROPERTY, weighingBalancer } from '../../load/traffic';
import { possessive } from '../../text/possessive';

/** The utilization a "scale out" fix aims for. */
export const CAPACITY_TARGET = 0.7;

/** The rule. */
export const capacity: Rule = {
  id: 'capacity',
  run(ctx) {
    const out: RuleFinding[] = [];
    const traffic = ctx.load;
    for (const node of ctx.topology.components.values()) {
      const load = traffic.loads.get(node.id)!;
      const top = load.utilization[0];
      if (!top || !reaches(top.value, CAPACITY_WARNING) || !('capacity' in node.data) || !node.data.capacity) continue;
      const cap = node.data.capacity;
      const capPath = [...node.path, 'capacity'];
      const propPath = [...capPath, RESOURCE_PROPERTY[top.resource]];
      const weight = load.busiestWeight;
      const where = weight
        ? `its heaviest instance by ${possessive(weight.balancer)} weights (${pct(weight.share)} of its requests)`
        : load.busiestNode === 'instance' ? 'its busiest instance' : `its busiest ${load.busiestNode}`;
      const saturated = reaches(top.value, CAPACITY_ERROR);
      const threshold = saturated ? `error from ${pct(CAPACITY_ERROR)}` : `warning from ${pct(CAPACITY_WARNING)}`;
      let message = `${node.id} is at ${pct(top.value)} of capacity at peak (${threshold}): ${where} takes ${num(load.busiestNodeRps)} rps and its ${RESOURCE_NAMES[top.resource]} saturates first`;
      const data: Record<string, number | string> = { utilization: top.value, resource: top.resource, busiestNodeRps: load.busiestNodeRps };
      const hot = load.busiestShard;
      if (hot) {
        // The hottest shard decides, not the mean: say which, and by how much.
        const shards = ('sharding' in node.data && node.data.sharding?.shards) || 1;
        const part = hot.reads ? 'requests' : 'writes (a cache in front takes the hot reads)';
        const total = hot.reads ? load.reads + load.writes : load.writes;
        message += `; shard ${hot.shard} takes ${pct(hot.share)} of the store's ${part} under ${hot.popularity} keys (${num(total * hot.share)} rps; the mean shard takes ${num(total / shards)}${hot.sampleNote ? `; measured ${hot.sampleNote}` : ''})`;
        data.busiestShard = hot.shard;
        data.busiestShare = hot.share;
      }
      if (load.ceilingRps !== undefined) message += `; the ceiling is ${num(load.ceilingRps)} rps of peak load (today ${num(traffic.peakRps)})`;
      const others = load.utilization.slice(1).filter((u) => reaches(u.value, CAPACITY_WARNING));
      if (others.length) message += `; also ${others.map((u) => `${RESOURCE_NAMES[u.resource]} at ${pct(u.value)}`).join(', ')}`;
      if (load.ceilingRps !== undefined) data.ceilingRps = load.ceilingRps;
      if (cap.latency !== undefined && cap.rps !== undefined && !saturated) {
        // The concurrency the declared rate implies: c = rate × service time; μ = 1 / service time.
        const service = cap.latency / 1000;
        const servers = Math.max(1, Math.round(cap.rps * service));
        const q = mmc(top.value * servers / service, 1 / service, servers);
        if (q.stable) {
          const meanMs = q.meanTimeInSystem * 1000;
          // Many servers wait little: "from 20 ms to 20 ms" says nothing, so a wait the rounding hides is given itself.
          message += num(meanMs) === num(cap.latency)
            ? `; queueing adds ${num(meanMs - cap.latency)} ms to the mean response time of ${num(cap.latency)} ms (M/M/${servers})`
            : `; queueing alone raises the mean response time from ${num(cap.latency)} ms to ${num(meanMs)} ms (M/M/${servers})`;
          data.meanResponseMs = meanMs;
        }
      } else if (saturated) {
        message += `: requests queue without bound and time out`;
      }
      const finding: RuleFinding = {
        severity: saturated ? 'error' : 'warning',
        message,
        path: ctx.locator.value(propPath) ? propPath : capPath,
        range: ctx.locator.valueRange(propPath) ?? ctx.locator.keyRange(capPath)!,
        data,
      };
      const scalable = !(('sharding' in node.data && node.data.sharding) || ('replication' in node.data && node.data.replication));
      if (scalable && node.kind !== 'client') {
        const target = wholeAtLeast((node.instances * top.value) / CAPACITY_TARGET);
        // Weights are one per instance: a count changed alone would leave the balancer's list the wrong length.
        if (target > node.instances && target <= 1_000_000 && weighingBalancer(ctx.topology, node) === undefined) {
          finding.fixes = setPropertyFix(`Scale ${node.id} to ${target} instances (about ${pct(CAPACITY_TARGET)} at peak)`, ctx.locator, ctx.text, node.path, 'instances', target);
        }
        const instances = ctx.locator.keyRange([...node.path, 'instances']);
        if (instances) finding.related = [{ message: `${possessive(node.id)} instances`, path: [...node.path, 'instances'], range: instances }];
      }
      out.push(finding);
    }
    return out;
  },
};
