/**
 * How `scale diff`'s figures read, the same in every format: a field's path
 * and values, a component's load before and after, what saturates first, a
 * scenario's outcomes that moved. Plain text with the files' names and values
 * in it as they are: each format escapes what it prints (the terminal's
 * control characters, Markdown's and HTML's markup).
 */
import type { JsonPath } from '../findings';
import { dur, num, pct, ratio } from '../scenario/figures';
import type { ComponentNumbers, FieldChange, JsonValue, LoadFigures, Saturation, ScenarioDelta, ScenarioOutcome } from './types';

/** Longest value shown whole; a longer one is cut with "…". */
const MAX_VALUE_CHARS = 80;

/** A field's path below what changed: `replication.mode`, `zones[1]`. */
export function fieldPath(path: JsonPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** A value as the file wrote it: strings bare, the rest as JSON, cut past MAX_VALUE_CHARS; absent is "(none)". */
export function fieldValue(v: JsonValue | undefined): string {
  if (v === undefined) return '(none)';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS - 1)}…` : s;
}

/** "instances 2 → 3". */
export function fieldChangeText(c: FieldChange): string {
  return `${fieldPath(c.path)} ${fieldValue(c.before)} → ${fieldValue(c.after)}`;
}

/** "a → b", or "a" when equal; a side without the figure is "(none)". */
export function moved(before: string | undefined, after: string | undefined): string {
  if (before === after) return before ?? '(none)';
  return `${before ?? '(none)'} → ${after ?? '(none)'}`;
}

/**
 * A component's load before and after, one part per figure, each "a → b"
 * or one value when it did not move: "1,960 rps; busiest node 653 → 392 rps
 * of 3 → 5 nodes; utilization 130.7% → 78.4% (request rate); ceiling 1,531
 * → 2,551 rps". A side without the component reads "(none)".
 */
export function loadText(n: ComponentNumbers): string {
  const pair = (pick: (g: LoadFigures) => string | undefined) => moved(n.before && pick(n.before), n.after && pick(n.after));
  const nodes = pair((g) => String(g.nodes));
  const parts = [
    `${pair((g) => num(g.rps))} rps`,
    `busiest node ${pair((g) => num(g.busiestNodeRps))} rps of ${nodes} node${nodes === '1' ? '' : 's'}`,
  ];
  if (n.before?.utilization !== undefined || n.after?.utilization !== undefined) {
    const sameResource = n.before?.resource === n.after?.resource;
    const util = (g: LoadFigures) => (g.utilization === undefined ? undefined : sameResource ? pct(g.utilization) : `${pct(g.utilization)} (${g.resource})`);
    parts.push(`utilization ${pair(util)}${sameResource ? ` (${n.after?.resource})` : ''}`);
  }
  if (n.before?.ceilingRps !== undefined || n.after?.ceilingRps !== undefined) parts.push(`ceiling ${pair((g) => (g.ceilingRps === undefined ? undefined : num(g.ceilingRps)))} rps`);
  return parts.join('; ');
}

/** "web (cpu) at 30,400 rps". */
export function saturationText(s: Saturation | undefined): string | undefined {
  return s ? `${s.component} (${s.resource}) at ${num(s.ceilingRps)} rps` : undefined;
}

/** Each outcome figure: its name and how it reads. */
export const OUTCOME_TEXT: readonly { name: string; read: (o: ScenarioOutcome) => string }[] = [
  { name: 'lost writes', read: (o) => num(o.lostWrites) },
  { name: 'write downtime', read: (o) => `${dur(o.writeDowntimeMs)}${o.unbounded.includes('writeDowntime') ? '+' : ''}` },
  { name: 'failed requests', read: (o) => `${num(o.failedRequests)} (${pct(o.failedRequestFraction)})` },
  { name: 'keys moved', read: (o) => pct(o.keysMovedFraction) },
  { name: 'stale reads', read: (o) => pct(o.staleReadFraction) },
  { name: 'busiest shard', read: (o) => ratio(o.maxShardLoad) },
  { name: 'refused writes', read: (o) => num(o.rejectedWrites) },
  { name: 'conflicting writes', read: (o) => num(o.conflictingWrites) },
  { name: 'detection', read: (o) => `${dur(o.detectionTimeMs)}${o.unbounded.includes('detectionTime') ? '+' : ''}` },
];

/** The figures of a scenario that differ between the sides ("lost writes 57 → 0"), and its budgets' verdicts that changed. */
export function scenarioChanges(d: ScenarioDelta): string[] {
  if (!d.before || !d.after) return [d.before ? 'removed by the change' : 'added by the change'];
  const out: string[] = [];
  for (const f of OUTCOME_TEXT) {
    const a = f.read(d.before);
    const b = f.read(d.after);
    if (a !== b) out.push(`${f.name} ${a} → ${b}`);
  }
  const verdict = (o: ScenarioOutcome, metric: string) => {
    const x = o.budgets.find((y) => y.metric === metric);
    return x ? (x.held ? 'held' : 'violated') : 'none';
  };
  const metrics = [...new Set([...d.before.budgets, ...d.after.budgets].map((x) => x.metric))];
  for (const m of metrics) {
    const a = verdict(d.before, m);
    const b = verdict(d.after, m);
    if (a !== b) out.push(`budget ${m} ${a} → ${b}`);
  }
  return out;
}
