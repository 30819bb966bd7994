/**
 * slo: each objective of the file's `slos` the design cannot meet, at the
 * objective's value: the availability of the requests entering at its
 * component (availability/availability.ts), or their p50 or p99
 * (latency/latency.ts), beside the target, with what costs it the most — the
 * component (or zone) behind the largest share of the downtime, or the one
 * whose own time costs the p99 the most — and the figures. Without `slos`
 * the rule has nothing to judge.
 */
import { availabilityOf, type AvailabilityCost, type PathAvailability } from '../../availability/availability';
import type { RelatedLocation } from '../../findings';
import { latencyOf, type LatencyCost, type LatencyFigures } from '../../latency/latency';
import { formatDuration, msText } from '../../model/duration';
import type { SloData } from '../../model/schema';
import { about, availabilityPct, listOf, num, pct } from '../../text/format';
import { possessive } from '../../text/possessive';
import type { Rule, RuleContext, RuleFinding } from '../rule';

/** The rule. */
export const slo: Rule = {
  id: 'slo',
  run(ctx) {
    const out: RuleFinding[] = [];
    ctx.topology.file.slos.forEach((o, i) => {
      if (!ctx.topology.components.has(o.entry)) return; // unknown-reference's finding
      if (o.availability !== undefined) {
        const f = availabilityFinding(ctx, o, i);
        if (f) out.push(f);
      }
      for (const which of ['p50', 'p99'] as const) {
        if (o[which] === undefined) continue;
        const f = latencyFinding(ctx, o, i, which);
        if (f) out.push(f);
      }
    });
    return out;
  },
};

/** "requests entering at lb", "reads entering at lb". */
function requestsAt(o: SloData): string {
  return `${o.op === 'read' ? 'reads' : o.op === 'write' ? 'writes' : 'requests'} entering at ${o.entry}`;
}

/** The availability of the SLO's requests. */
function availabilityFor(p: PathAvailability, o: SloData): number {
  return o.op === 'read' ? p.read : o.op === 'write' ? p.write : p.availability;
}

function availabilityFinding(ctx: RuleContext, o: SloData, i: number): RuleFinding | undefined {
  const model = availabilityOf(ctx.topology, ctx.load);
  const p = model.path(o.entry);
  const a = availabilityFor(p, o);
  const target = o.availability!;
  // The states left out may hold up to `unexplored` more: judged as if they did, so that no finding rests on them.
  if (a + p.unexplored >= target) return undefined;
  const month = (x: number) => formatDuration((1 - x) * 30 * 24 * 3_600_000);
  const costs = model.costs(o.entry);
  const top = costs[0];
  let message = `${capitalized(requestsAt(o))} are answered ${availabilityPct(a)} of the time (${month(a)} of downtime a month), short of the SLO's ${availabilityPct(target)} (${month(target)})`;
  if (top) message += `: ${costText(top)}${costs[1] ? `; then ${costs.slice(1, 3).map((c) => `${c.kind === 'zone' ? `zone ${c.id}` : c.id} (${pct(c.downtimeShare)})`).join(', ')}` : ''}`;
  if (p.approximated.length > 0) message += ` (${p.approximated.join(', ')} taken as independent on each path: past the bound of shared components conditioned on)`;
  const data: Record<string, number | string> = { availability: a, target, downtimeMinutesPerMonth: ((1 - a) * 30 * 24 * 60), nines: p.nines };
  if (top) {
    data.costliest = top.id;
    data.costliestShare = top.downtimeShare;
  }
  return finding(ctx, i, 'availability', message, data, top && top.kind === 'component' ? top.id : undefined, top ? `costs ${pct(top.downtimeShare)} of the downtime` : '');
}

/** "app accounts for 34% of it (the availability would be 99.89% without its failures)". */
function costText(c: AvailabilityCost): string {
  const what = c.kind === 'zone' ? `an outage of zone ${c.id}` : `${c.id}'s failures`;
  return `${what} ${c.kind === 'zone' ? 'accounts' : 'account'} for the most of it, ${about(c)}${pct(c.downtimeShare)} (without ${c.kind === 'zone' ? 'it' : 'them'}: ${availabilityPct(c.without)}, ${Number.isFinite(c.nines) ? `${num(c.nines)} nines more` : 'no downtime left'})`;
}

function latencyFinding(ctx: RuleContext, o: SloData, i: number, which: 'p50' | 'p99'): RuleFinding | undefined {
  const model = latencyOf(ctx.topology, ctx.load);
  const p = model.path(o.entry);
  const f: LatencyFigures = o.op === 'read' ? p.read : o.op === 'write' ? p.write : p.all;
  const value = f[which];
  const target = o[which]!;
  // Within a grid step the figure cannot tell.
  if (value <= target + p.resolutionMs) return undefined;
  let message: string;
  let top: LatencyCost | undefined;
  const saturated = o.op === 'read' ? p.saturatedBy.read : o.op === 'write' ? p.saturatedBy.write : p.saturated;
  if (!Number.isFinite(value)) {
    message = `${capitalized(requestsAt(o))} have no ${which}: ${listOf(saturated)} ${saturated.length === 1 ? 'is' : 'are'} at or past saturation at peak, so ${which === 'p99' ? 'more than 1%' : 'half or more'} of them queue without bound; the SLO asks ${msText(target)}`;
  } else {
    message = `The ${which} of ${requestsAt(o)} is ${msText(value)}, over the SLO's ${msText(target)}`;
    if (which === 'p99') {
      top = model.costs(o.entry)[0];
      if (top && top.p99Saved > 0) message += `: ${top.kind === 'network' ? 'round trips between regions and zones cost' : `${possessive(top.id)} own time costs`} the most of it, ${about(top)}${msText(top.p99Saved)} (the p99 without ${top.kind === 'network' ? 'them' : 'it'}: ${msText(top.p99Without)})`;
    } else {
      const ranked = [...model.costs(o.entry)].sort((a, b) => b.meanMs - a.meanMs);
      top = ranked[0];
      if (top) message += `: ${top.kind === 'network' ? 'round trips between regions and zones cost' : `${possessive(top.id)} own time costs`} the most on average, ${msText(top.meanMs)} a request`;
    }
  }
  if (p.coarse) message += ` (approximate: many steps take far less than the grid's ${msText(p.resolutionMs)} each)`;
  if (p.undeclared.length > 0) message += `; ${listOf(p.undeclared)} ${p.undeclared.length === 1 ? 'declares' : 'declare'} no latency, counted as 0`;
  const data: Record<string, number | string> = { [which]: value, target };
  if (top) data.costliest = top.id;
  const costly = top?.kind === 'component' ? top.id : saturated[0];
  return finding(ctx, i, which, message, data, costly, saturated.includes(costly ?? '') ? 'past saturation at peak' : `costs the ${which} the most`);
}

/** The finding at the objective's value, related to the entry and to what costs the most. */
function finding(ctx: RuleContext, i: number, key: 'availability' | 'p50' | 'p99', message: string, data: Record<string, number | string>, costly: string | undefined, why: string): RuleFinding {
  const path = ['slos', i, key];
  const related: RelatedLocation[] = [];
  const entry = ctx.topology.file.slos[i]!.entry;
  const add = (id: string, text: string) => {
    const node = ctx.topology.components.get(id)!;
    if (node.origin) return; // declared in an imported file: its finding is this one
    const at = node.path;
    const range = ctx.locator.keyRange(at);
    if (range) related.push({ message: text, path: at, range });
  };
  add(entry, 'where the requests enter');
  if (costly !== undefined && costly !== entry && ctx.topology.components.has(costly)) add(costly, `${costly} ${why}`);
  return { message, path, range: ctx.locator.valueRange(path) ?? ctx.locator.nearestRange(path).range, data, related };
}

function capitalized(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

