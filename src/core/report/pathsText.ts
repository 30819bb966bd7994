/**
 * The words of `scale paths` and of the report page for the figures of
 * pathsData.ts: one entry point's lines, a store's RTO and RPO, an SLO's
 * verdict.
 */
import { formatDuration, latencyText, msText } from '../model/duration';
import { about, availabilityPct, expectedCount, listOf, num, pct } from '../text/format';
import type { EntryPathsData, LatencyData, PathsData } from './pathsData';

/** Components named in a list. */
const NAMED = 3;

/** "p50 8 ms, p99 75.5 ms". */
function percentilesText(l: LatencyData): string {
  return `p50 ${latencyText(l.p50Ms)}, p99 ${latencyText(l.p99Ms)}`;
}

/** The lines every format gives of one entry point. */
export function entryLines(e: EntryPathsData): { label: string; text: string }[] {
  const a = e.availability;
  const l = e.latency;
  const minutes = a.downtimePerMonthMinutes;
  const lines = [
    {
      label: 'availability',
      text: `${availabilityPct(a.all)}: ${formatDuration(minutes * 60_000)} of downtime a month${a.nines !== null ? ` (${num(a.nines)} nines)` : ''}${e.readShare > 0 && e.readShare < 1 ? `; reads ${availabilityPct(a.read)}, writes ${availabilityPct(a.write)}` : ''}`,
    },
    {
      label: 'latency',
      text: `${percentilesText(l)}, mean ${latencyText(l.meanMs)}${e.readShare > 0 && e.readShare < 1 ? `; reads ${percentilesText(l.read)}; writes ${percentilesText(l.write)}` : ''}`,
    },
  ];
  if (a.costs.length > 0) lines.push({ label: 'downtime from', text: a.costs.slice(0, NAMED).map((c) => `${c.kind === 'zone' ? `zone ${c.id}` : c.id} ${about(c)}${pct(c.downtimeShare)}`).join(', ') });
  const slow = l.costs.filter((c) => c.p99SavedMs !== null && c.p99SavedMs > 0).slice(0, NAMED);
  if (slow.length > 0) lines.push({ label: 'p99 from', text: slow.map((c) => `${c.kind === 'network' ? 'round trips' : c.id} ${about(c)}${msText(c.p99SavedMs!)}`).join(', ') });
  const notes: string[] = [];
  if (l.saturated.length > 0) notes.push(`${listOf(l.saturated)} ${l.saturated.length === 1 ? 'is' : 'are'} past saturation at peak: ${l.p99Ms === null ? 'no p99' : 'their queues grow without bound'}`);
  if (l.undeclared.length > 0) notes.push(`${listOf(l.undeclared)} ${l.undeclared.length === 1 ? 'declares' : 'declare'} no latency (counted as 0)`);
  if (l.undeclaredRtt.length > 0) notes.push(`no round trip declared between ${l.undeclaredRtt.map(([x, y]) => `${x} and ${y}`).join(', ')} (counted as 0)`);
  if (l.coarse) notes.push(`the p50 and p99 are approximate: many steps take far less than the grid's ${msText(l.resolutionMs)} each, which widens the distribution (its mean is kept)`);
  if (a.approximated.length > 0) notes.push(`${listOf(a.approximated)} taken as independent on each path (past the bound of shared components conditioned on)`);
  if (a.unexplored > 0) notes.push(`zone states with many zones down left out: the availability is at most ${pct(a.unexplored)} higher`);
  for (const n of notes) lines.push({ label: 'note', text: n });
  return lines;
}

/** "RTO 15 s (failover)", "RPO not bounded (no replica)". */
export function storeTexts(s: PathsData['stores'][number]): { rto: string; rpo: string } {
  const rto = s.rtoMs === null ? 'as declared (its availability as a whole)' : `${s.rtoMs === 0 ? '0' : formatDuration(s.rtoMs)} (${s.rto})`;
  const rpo = s.rpoMs === null
    ? 'not bounded (no replica: the last backup)'
    : s.rpoMs === 0
      ? `0 (${s.rpo === 'quorum' ? 'w ≥ 2 nodes hold every write' : s.rpo === 'sync' ? 'sync' : 'semi-sync'})`
      : `${msText(s.rpoMs)} (lag p99${s.lagAssumed ? ', assumed' : ''})${s.lostWritesPerFailover > 0 ? `, about ${expectedCount(s.lostWritesPerFailover)} writes lost per failover at peak` : ''}`;
  return { rto, rpo };
}

/** "availability 99.9%: met", "p99 250 ms: not met". */
export function objectiveText(o: PathsData['slos'][number]['objectives'][number]): string {
  const target = o.objective === 'availability' ? availabilityPct(o.target) : msText(o.target);
  return `${o.objective} ${target}: ${o.met ? 'met' : 'not met'}`;
}

/** "urls: writes wait for the fastest replica: +1 ms over async replication; avoids …". */
export function consistencyText(c: PathsData['consistency'][number]): string {
  return `${c.store}: ${c.choice}: ${c.costMs > 0 ? `+${latencyText(c.costMs)}` : 'no cost'} over ${c.alternative}; avoids ${c.avoids}`;
}

/** What costs an entry point the most, in one cell: "downtime: lb (49.9%); p99: api (59.9 ms)". */
export function costsText(e: EntryPathsData): string {
  const down = e.availability.costs[0];
  const slow = e.latency.costs.find((c) => c.p99SavedMs !== null && c.p99SavedMs > 0);
  return [
    down ? `downtime: ${down.kind === 'zone' ? `zone ${down.id}` : down.id} (${about(down)}${pct(down.downtimeShare)})` : '',
    slow ? `p99: ${slow.kind === 'network' ? 'round trips' : slow.id} (${about(slow)}${latencyText(slow.p99SavedMs)})` : '',
  ].filter(Boolean).join('; ');
}
