/**
 * A Monte Carlo of the availability model, written apart from it: each
 * sampled request draws the zones' states, then, for each component it
 * reaches, the state of every node of the unit it lands on (down with its
 * zone, else up mtbf / (mtbf + mttr) of the time; a dead primary's failover
 * done with probability 1 - failover / repair), each call's choices (which
 * split call, whether a partial call is made, a cache-aside hit, whether the
 * instance it reaches is a dead one still in rotation), and walks the calls.
 * A component a request reaches twice has one outcome for both (drawn once
 * per request), as the model has it.
 */
import type { AvailabilityModel } from '../../../src/core/availability/availability';
import { detectionMs, declaredAvailability, failoverOf, nodeRateOf } from '../../../src/core/availability/failureFigures';
import { type Access, ALTERNATIVE, ALWAYS, EXCLUSIVE, INDEPENDENT, stepOf } from '../../../src/core/availability/requestGraph';
import { nodeCountsOf } from '../../../src/core/model/nodeCounts';
import { replicationOf } from '../../../src/core/model/replicationLag';
import type { ComponentNode } from '../../../src/core/model/topology';
import { createRandom } from '../../../src/core/sim/random';

/** The share of `samples` requests entering at `entry` with `access` that are answered. */
export function monteCarloAvailability(model: AvailabilityModel, entry: string, access: Access, samples: number, seed: number): number {
  const rnd = createRandom(seed);
  const u = () => rnd.nextFloat();
  const g = model.graph;
  const figures = model.figures;
  const zones = [...new Set([...g.topology.components.values()].flatMap((c) => c.data.zones ?? []))];
  const qZone = 1 - figures.zone.availability;
  let answered = 0;
  for (let n = 0; n < samples; n++) {
    const zoneDown = new Set(zones.filter(() => u() < qZone));
    const states = new Map<number, { read: boolean; write: boolean }>();
    const outcome = new Map<number, boolean>();

    const stateOf = (component: number) => {
      let s = states.get(component);
      if (!s) states.set(component, (s = sampleComponent(g.nodes[component]!)));
      return s;
    };

    const sampleComponent = (node: ComponentNode): { read: boolean; write: boolean } => {
      if (node.kind === 'client') return { read: true, write: true };
      const fixed = declaredAvailability(node);
      if (fixed !== undefined) {
        const up = u() < fixed;
        return { read: up, write: up };
      }
      const rate = nodeRateOf(node, figures)!;
      const d = node.data;
      const zs = d.zones ?? [];
      const zoneOf = (i: number) => (zs.length === 0 ? undefined : zs[i % zs.length]);
      const nodeUp = (zone: string | undefined) => (zone !== undefined && zoneDown.has(zone) ? false : u() < rate.availability);
      const c = nodeCountsOf(d);
      if (!c.store) {
        let any = false;
        for (let i = 0; i < c.instances; i++) if (nodeUp(zoneOf(i))) any = true;
        return { read: any, write: any };
      }
      const unit = Math.floor(u() * c.units);
      const rep = replicationOf(d);
      const leaders: boolean[] = [];
      for (let j = 0; j < c.primariesPerUnit; j++) leaders.push(nodeUp(zoneOf(unit + j * c.units)));
      if (c.shape === 'leaderless') {
        const up = leaders.filter(Boolean).length;
        return { read: up >= rep!.quorum!.r, write: up >= rep!.quorum!.w };
      }
      if (c.shape !== 'singleLeader') {
        const any = leaders.some(Boolean);
        return { read: any, write: any };
      }
      const replicas: boolean[] = [];
      for (let r = 0; r < c.replicasPerPrimary; r++) replicas.push(nodeUp(zs.length === 0 ? undefined : zs[(unit + 1 + r) % zs.length]));
      const primaryZoneDown = zoneOf(unit) !== undefined && zoneDown.has(zoneOf(unit)!);
      const primaryUp = leaders[0]!;
      const failover = failoverOf(rep!, figures);
      const repair = primaryZoneDown ? figures.zone.mttr : rate.mttr;
      const promotedDone = !primaryUp && failover.mode !== 'none' && u() >= Math.min(1, failover.ms / repair);
      const replicasUp = replicas.filter(Boolean).length;
      const acks = rep!.mode === 'async' || (rep!.mode === 'semiSync' && rep!.semiSyncTimeout !== undefined) ? 0 : rep!.mode === 'semiSync' ? 1 : 'all';
      const r = replicas.length;
      let leader: boolean;
      let acked: boolean;
      if (primaryUp) {
        leader = true;
        acked = acks === 'all' ? replicasUp === r : replicasUp >= acks;
      } else {
        leader = promotedDone && replicasUp >= 1;
        // The promoted replica leads; acknowledgements come from the others.
        acked = acks === 'all' ? replicasUp === r : replicasUp - 1 >= acks;
      }
      const write = leader && acked;
      const readsFrom = rep!.readsFrom;
      const read = readsFrom === 'primary' ? leader : readsFrom === 'replicas' ? replicasUp >= 1 : primaryUp || replicasUp >= 1;
      return { read, write };
    };

    /** The calls (by number) of a step's group. */
    const group = (step: number, k: number): number[] => {
      const calls: number[] = [];
      for (let c = g.first(step, k); c < g.first(step, k + 1); c++) calls.push(c);
      return calls;
    };

    const reachOk = (call: number): boolean => {
      const target = g.nodes[g.callee(call) >> 1]!;
      const rate = nodeRateOf(target, figures);
      if (!rate || target.kind === 'client' || target.kind === 'cdn' || nodeCountsOf(target.data).store || nodeCountsOf(target.data).instances < 2) return true;
      const edge = g.edge(call);
      const caller = edge ? g.topology.components.get(edge.from)! : undefined;
      const window = Math.min(caller ? detectionMs(caller, figures) : figures.detectionMs, rate.mttr);
      // Each copy of a fan-out lands on an instance of its own.
      for (let k = 0; k < g.fanout(call); k++) if (u() < rate.rate * window) return false;
      return true;
    };

    const made = (call: number): boolean => {
      if (u() >= g.share(call)) return false;
      for (const cache of g.missOf(call)) {
        const d = g.nodes[cache]!.data;
        if (d.kind === 'cache' && stateOf(cache).read && u() < d.hitRatio) return false;
      }
      return true;
    };

    const serve = (step: number): boolean => {
      const known = outcome.get(step);
      if (known !== undefined) return known;
      const st = stateOf(step >> 1);
      let ok = step & 1 ? st.write : st.read;
      // A call a request waits on, made: answered when it reaches a live instance and its callee answers.
      const answered = (c: number) => reachOk(c) && serve(g.callee(c));
      if (ok && u() < g.pass(step)) {
        for (const c of group(step, ALWAYS)) if (!g.soft(c) && !answered(c)) ok = false;
        const x = u();
        let acc = 0;
        for (const c of group(step, EXCLUSIVE)) {
          acc += g.share(c);
          if (x < acc) {
            if (!g.soft(c) && !answered(c)) ok = false;
            break;
          }
        }
        for (const c of group(step, INDEPENDENT)) if (!g.soft(c) && made(c) && !answered(c)) ok = false;
        const alts = group(step, ALTERNATIVE).filter((c) => !g.soft(c));
        if (alts.length > 0) {
          const y = u();
          let w = 0;
          let chosen = alts[alts.length - 1]!;
          for (const c of alts) {
            w += g.share(c);
            if (y < w) {
              chosen = c;
              break;
            }
          }
          if (!reachOk(chosen) || !alts.some((c) => serve(g.callee(c)))) ok = false;
        }
      }
      outcome.set(step, ok);
      return ok;
    };

    if (serve(stepOf(g.indexOf.get(entry)!, access))) answered++;
  }
  return answered / samples;
}
