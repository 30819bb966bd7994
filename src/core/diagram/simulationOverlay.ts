/**
 * What a diagram shows of a simulation run (a what-if, or one of the file's
 * scenarios) over the file's own figures: each component's load and heat
 * under the run's workload (over the instances left in rotation when the
 * run took some out), each call's rps, the calls a partition cut, the
 * instances the run killed or slowed, the requests that failed or were
 * refused at each component (a cut call's at the one it did not reach), and a
 * store's failover as one line of its timeline. Every figure is one the run produced (its capacity's
 * loads, its pools, its failovers): nothing is computed again here, so the
 * diagram and the simulation panel cannot disagree. Plain data, components
 * in a list (ids from the file are hostile: never an object's keys), ready to
 * cross a worker's boundary; the webview draws every text as text.
 */
import type { Resource } from '../load/traffic';
import { dur, num, pct } from '../scenario/figures';
import type { FailoverResult, ScenarioResult } from '../scenario/types';
import { formatRps } from '../text/format';

/** Instances of a component that a run took out: "2 of 3 down". */
export interface InstancesHit {
  instances: number;
  of: number;
  text: string;
}

/** One component under the run. */
export interface ComponentSimulation {
  component: string;
  /** Its load under the run's workload, as a diagram node carries it. */
  load: { rps: number; text: string; utilization?: number; resource?: Resource };
  /** Instances killed (a pool's servers, a store's primaries). */
  down?: InstancesHit;
  /** Instances turned slow. */
  slow?: InstancesHit;
  /** Requests of the run that failed or were refused here, and their share of the ones that reached it: "12% failed (7,200 requests)". */
  failed?: { requests: number; share: number; text: string };
  /** A store's failovers, a line each: "primary killed at 10 s · promoted at 42 s · 3.1 s of writes lost". */
  failover?: string[];
}

/** One call under the run. */
export interface CallSimulation {
  from: string;
  to: string;
  /** Its rps under the run's workload, and as a diagram edge's label says it: "2k rps". */
  rps: number;
  text: string;
  /** Set when a partition of the run cut it: the calls that failed or were refused at the cut, and what the cut did in words. */
  cut?: { kind: 'failed' | 'rejected'; calls: number; text: string };
}

/** A run, ready to draw over the diagram. */
export interface SimulationOverlay {
  /** The run's workload (peak rps at the entry points). */
  peakRps: number;
  components: ComponentSimulation[];
  /** Every call, in the run's order (callers first, each caller's calls in the file's order). */
  calls: CallSimulation[];
}

/**
 * The overlay of a run's result. `instances`: each component's instance
 * count in the topology that ran (a what-if may have changed them), for
 * "2 of 3 down" on a store (a pool says its own servers).
 */
export function simulationOverlay(result: ScenarioResult, instances: ReadonlyMap<string, number>): SimulationOverlay {
  const seconds = result.durationMs / 1000;
  const byId = new Map<string, ComponentSimulation>();
  for (const l of result.capacity.loads) {
    // With instances out of rotation, the heat is the survivors' (the figure the run refused the excess by).
    const utilization = l.survivorUtilization ?? l.utilization;
    byId.set(l.component, {
      component: l.component,
      load: { rps: l.rps, text: formatRps(l.rps), ...(utilization !== undefined ? { utilization, resource: l.resource } : {}) },
    });
  }
  const calls: CallSimulation[] = result.capacity.calls.map((c) => ({ from: c.from, to: c.to, rps: c.rps, text: formatRps(c.rps) }));
  const failed = new Map<string, number>();
  const addFailed = (id: string, n: number) => n > 0 && failed.set(id, (failed.get(id) ?? 0) + n);
  for (const p of result.pools) {
    const c = byId.get(p.component);
    if (!c) continue;
    const kills = new Set(p.faults.filter((f) => f.kind === 'kill').map((f) => f.instance));
    const slows = new Set(p.faults.filter((f) => f.kind === 'slow').map((f) => f.instance));
    if (kills.size > 0) c.down = hit(kills.size, p.servers, 'down');
    if (slows.size > 0) c.slow = hit(slows.size, p.servers, 'slow');
    addFailed(p.component, p.requests.failed + p.requests.rejected);
  }
  const primaries = new Map<string, Set<number>>();
  for (const f of result.failovers) {
    const c = byId.get(f.component);
    if (!c) continue;
    const killed = primaries.get(f.component) ?? new Set<number>();
    killed.add(f.instance);
    primaries.set(f.component, killed);
    c.down = hit(killed.size, instances.get(f.component) ?? killed.size, 'down');
    (c.failover ??= []).push(failoverLine(f));
    addFailed(f.component, f.writes.failed + f.reads.failed);
  }
  // A cut call's failures count where the calls did not get to.
  for (const p of result.partitions) {
    const during = `the partition ${p.sides[0].join(', ')} | ${p.sides[1].join(', ')} from ${dur(p.startMs)} to ${dur(p.endMs)}${p.unbounded ? ' (never healed)' : ''}`;
    for (const c of p.cutCalls) {
      const call = calls[c.call];
      if (!call) continue;
      const text = `cut by ${during}: ${num(c.calls)} calls ${c.kind === 'rejected' ? 'refused' : 'failed'}`;
      const before = call.cut;
      call.cut = before
        ? { kind: before.kind === 'rejected' || c.kind === 'rejected' ? 'rejected' : 'failed', calls: before.calls + c.calls, text: `${before.text}; ${text}` }
        : { kind: c.kind, calls: c.calls, text };
      addFailed(c.to, c.calls);
    }
  }
  // Refused for capacity: past it the whole run through, or the survivors' excess while instances were out of rotation.
  for (const t of result.capacity.tiers) if (byId.has(t.component)) addFailed(t.component, t.refusedRequests);
  for (const [id, n] of failed) {
    const c = byId.get(id)!;
    const reached = c.load.rps * seconds;
    const share = reached > 0 ? Math.min(1, n / reached) : 1;
    c.failed = { requests: n, share, text: `${pct(share)} failed (${num(n)} requests)` };
  }
  return { peakRps: result.workload.peakRps, components: [...byId.values()], calls };
}

function hit(instances: number, of: number, what: string): InstancesHit {
  const total = Math.max(of, instances);
  return { instances, of: total, text: `${num(instances)} of ${num(total)} ${what}` };
}

/** A failover's timeline in one line, from the run's figures. */
export function failoverLine(f: FailoverResult): string {
  const who = f.units > 1 ? `primary of shard ${f.unit}` : f.topology === 'leaderless' ? `node #${f.instance}` : 'primary';
  const parts = [`${who} killed at ${dur(f.killedAtMs)}`];
  if (f.topology === 'leaderless') {
    parts.push(f.writes.failed === 0 ? 'quorum held' : `${num(f.writes.failed)} writes failed`);
    return parts.join(' · ');
  }
  if (f.writesResumedAtMs !== undefined) parts.push(`${f.promotedReplica !== undefined ? 'promoted' : 'back'} at ${dur(f.writesResumedAtMs)}`);
  else parts.push(f.topology === 'unreplicated' ? 'no replica: writes down to the end' : 'writes down to the end');
  if (f.writes.lost === 0) parts.push(f.promotedReplica !== undefined ? 'no write lost' : '');
  else parts.push(f.promotedLagMs !== undefined ? `${dur(f.promotedLagMs)} of writes lost (${num(f.writes.lost)})` : `${num(f.writes.lost)} writes lost`);
  return parts.filter(Boolean).join(' · ');
}
