/**
 * The words and figures of a change, as plain text whatever the format: a
 * field's old and new value, a component's load before and after, an entry
 * point's availability and latency before and after (as `scale paths`
 * writes them), a
 * scenario's outcomes that moved, the one-line verdict. Figures are written
 * by the scenario figures' helpers, so a figure reads the same in every
 * format and in `scale simulate`. Texts from the files are quoted as they
 * are: each format escapes what it writes.
 */
import { shorten } from '../diagram/metrics';
import { SEVERITY_RANK, type Severity } from '../findings';
import { RESOURCE_NAMES, type Resource } from '../load/traffic';
import { latencyText } from '../model/duration';
import { pathText } from '../model/validate';
import { dur, num, pct, plural, ratio } from '../scenario/figures';
import { availabilityPct } from '../text/format';
import type { CallRef, ComponentNumbers, DiffFinding, DiffSide, EntryFigures, EntryNumbers, FieldChange, FileDiff, FindingsDiff, JsonValue, LoadFigures, Saturation, ScenarioDelta, ScenarioOutcome } from './types';

/** What a side without the thing shows. */
export const NONE = '—';

/** Longest value of a field shown, in code points: a changed list or object is cut there. */
export const MAX_VALUE_CHARS = 80;

/** A field's value as the file wrote it: strings bare, anything else as compact JSON, "unset" when the side lacks it. */
export function valueText(value: JsonValue | undefined): string {
  if (value === undefined) return 'unset';
  return shorten(typeof value === 'string' ? value : JSON.stringify(value), MAX_VALUE_CHARS);
}

/** "instances 2 → 3", "replication.mode async → semiSync". */
export function fieldChangeText(change: FieldChange): string {
  return `${pathText(change.path)} ${valueText(change.before)} → ${valueText(change.after)}`;
}

/** "web → cache (read)". */
export function callText(call: CallRef): string {
  return `${call.from} → ${call.to} (${call.op})`;
}

/** "a → b", or "a" alone when both sides read the same; NONE for a side without it. */
export function beforeAfter(before: string | undefined, after: string | undefined): string {
  return before === after ? (before ?? NONE) : `${before ?? NONE} → ${after ?? NONE}`;
}

/** " (+50%)": the relative change of a positive figure, or nothing when it did not change or has no base. */
function relativeChange(before: number | undefined, after: number | undefined): string {
  if (before === undefined || after === undefined || !(before > 0) || !Number.isFinite(after) || num(before) === num(after)) return '';
  const r = (after - before) / before;
  return ` (${r > 0 ? '+' : ''}${pct(r)})`;
}

/** A figure before → after with its relative change: "11,429 → 22,857 (+100%)". */
function rateChange(before: number | undefined, after: number | undefined): string {
  return beforeAfter(before === undefined ? undefined : num(before), after === undefined ? undefined : num(after)) + relativeChange(before, after);
}

/** "request rate" for "rps"; a resource the model does not name, as it is. */
export function resourceName(resource: string): string {
  return Object.hasOwn(RESOURCE_NAMES, resource) ? RESOURCE_NAMES[resource as Resource] : resource;
}

/** One component's figures as the table of moved numbers shows them. */
export interface LoadRow {
  /** "web", "web (was api)", "cache (added)". */
  component: string;
  /** Requests per second at peak, before → after with the change. */
  load: string;
  /** Utilization of the binding resource: "105% → 52.5% (request rate)". */
  utilization: string;
  /** Peak workload rps at which it saturates, before → after with the change. */
  ceiling: string;
}

/** The row of a component's numbers. */
export function loadRow(c: ComponentNumbers): LoadRow {
  const b = c.before;
  const a = c.after;
  const status = !b ? ' (added)' : !a ? ' (removed)' : '';
  return {
    component: `${c.id}${c.renamedFrom !== undefined ? ` (was ${c.renamedFrom})` : ''}${status}`,
    load: rateChange(b?.rps, a?.rps),
    utilization: utilizationChange(b, a),
    ceiling: rateChange(b?.ceilingRps, a?.ceilingRps),
  };
}

function utilizationChange(b: LoadFigures | undefined, a: LoadFigures | undefined): string {
  const u = (f: LoadFigures | undefined) => (f?.utilization === undefined ? undefined : pct(f.utilization));
  const named = (f: LoadFigures | undefined) => (f?.resource === undefined ? '' : ` (${resourceName(f.resource)})`);
  if ((b?.resource ?? a?.resource) === (a?.resource ?? b?.resource)) return beforeAfter(u(b), u(a)) + named(b ?? a);
  const side = (f: LoadFigures | undefined) => (u(f) === undefined ? undefined : `${u(f)}${named(f)}`);
  return beforeAfter(side(b), side(a));
}

/** One entry point's figures as the tables of moved numbers show them: as `scale paths` writes them, before → after. */
export interface EntryRow {
  /** "web", "web (was clients)", "mobile (added)". */
  entry: string;
  availability: string;
  p50: string;
  p99: string;
}

/** One side's figures of an entry point as `scale paths` writes them: what tells whether it moved, and the cells of its row. */
export function entryTexts(f: EntryFigures): Omit<EntryRow, 'entry'> {
  return { availability: availabilityPct(f.availability), p50: latencyText(f.p50Ms), p99: latencyText(f.p99Ms) };
}

/** The row of an entry point's availability and latency. */
export function entryRow(e: EntryNumbers): EntryRow {
  const b = e.before && entryTexts(e.before);
  const a = e.after && entryTexts(e.after);
  return {
    entry: `${e.id}${e.renamedFrom !== undefined ? ` (was ${e.renamedFrom})` : ''}${!b ? ' (added)' : !a ? ' (removed)' : ''}`,
    availability: beforeAfter(b?.availability, a?.availability),
    p50: beforeAfter(b?.p50, a?.p50),
    p99: beforeAfter(b?.p99, a?.p99),
  };
}

/** Whether a side has a file that does not read as a topology: judged by the reading rules alone, with no load, paths or scenarios. */
export function unreadable(side: DiffSide): boolean {
  return side.exists && !side.analysed;
}

/** Whether a side has a file whose scenarios were not run (it does not read as a topology, or has errors of reading, validation or references). */
export function scenariosNotRun(side: DiffSide): boolean {
  return side.exists && side.notSimulated !== undefined;
}

/** The findings on both sides whose figures the change moved (those with the base's message in `was`). */
export function withNewFigures(f: FindingsDiff): DiffFinding[] {
  return f.unchanged.filter((x) => x.was !== undefined);
}

/** "web (request rate) at 11,429 rps". */
export function saturationText(s: Saturation): string {
  return `${s.component} (${resourceName(s.resource)}) at ${num(s.ceilingRps)} rps`;
}

/** A scenario figure: where it is in an outcome, the budget metric that bounds it, its words and how it is written. */
interface OutcomeFigure {
  field: keyof ScenarioOutcome;
  metric: string;
  label: string;
  format: (x: number) => string;
}

/** The figures of a scenario outcome, in the order budgets list their metrics. */
const OUTCOME_FIGURES: readonly OutcomeFigure[] = [
  { field: 'lostWrites', metric: 'lostWrites', label: 'lost writes', format: num },
  { field: 'writeDowntimeMs', metric: 'writeDowntime', label: 'write downtime', format: dur },
  { field: 'failedRequests', metric: 'failedRequests', label: 'failed requests', format: num },
  { field: 'failedRequestFraction', metric: 'failedRequestFraction', label: 'failed request fraction', format: pct },
  { field: 'staleReadFraction', metric: 'staleReadFraction', label: 'stale read fraction', format: pct },
  { field: 'keysMovedFraction', metric: 'keysMovedFraction', label: 'keys moved fraction', format: pct },
  { field: 'maxShardLoad', metric: 'maxShardLoad', label: 'max shard load', format: ratio },
  { field: 'rejectedWrites', metric: 'rejectedWrites', label: 'rejected writes', format: num },
  { field: 'conflictingWrites', metric: 'conflictingWrites', label: 'conflicting writes', format: num },
  { field: 'detectionTimeMs', metric: 'detectionTime', label: 'detection time', format: dur },
];

/** One figure of a scenario that moved. */
export interface OutcomeRow {
  scenario: string;
  /** "lost writes", or "budget failed request fraction" for a budget's verdict. */
  figure: string;
  before: string;
  after: string;
  /** Whether the row is a budget's verdict. */
  budget: boolean;
}

/** A figure of an outcome as written, "(still going when the run ended)" added when the run ended before it did. */
function figureText(o: ScenarioOutcome, f: OutcomeFigure): string {
  const shown = f.format(o[f.field] as number);
  return o.unbounded.includes(f.metric) ? `${shown} (still going when the run ended)` : shown;
}

/**
 * The rows of a scenario's figures that read differently before and after,
 * then its budgets whose verdict or bound did: a side without the scenario
 * shows NONE, and then only the other side's non-zero figures are listed.
 */
export function outcomeRows(d: ScenarioDelta): OutcomeRow[] {
  const rows: OutcomeRow[] = [];
  const oneSided = !d.before || !d.after;
  for (const f of OUTCOME_FIGURES) {
    const before = d.before && figureText(d.before, f);
    const after = d.after && figureText(d.after, f);
    if (before === after) continue;
    if (oneSided && ((d.before ?? d.after)![f.field] as number) === 0) continue;
    rows.push({ scenario: d.name, figure: f.label, before: before ?? NONE, after: after ?? NONE, budget: false });
  }
  const metrics = [...new Set([...(d.before?.budgets ?? []), ...(d.after?.budgets ?? [])].map((b) => b.metric))];
  const rank = (m: string) => {
    const i = OUTCOME_FIGURES.findIndex((f) => f.metric === m);
    return i < 0 ? OUTCOME_FIGURES.length : i;
  };
  metrics.sort((x, y) => rank(x) - rank(y));
  for (const metric of metrics) {
    const f = OUTCOME_FIGURES.find((g) => g.metric === metric);
    const verdict = (o: ScenarioOutcome | undefined) => {
      const b = o?.budgets.find((x) => x.metric === metric);
      return b && `${b.held ? 'held' : 'violated'} (≤ ${f ? f.format(b.budget) : num(b.budget)})`;
    };
    const before = verdict(d.before);
    const after = verdict(d.after);
    if (before === after) continue;
    rows.push({ scenario: d.name, figure: `budget ${f ? f.label : metric}`, before: before ?? NONE, after: after ?? NONE, budget: true });
  }
  return rows;
}

/** "1 error, 2 warnings": the non-zero counts, most serious first; "none" when all are 0. */
export function countsText(counts: Readonly<Record<Severity, number>>): string {
  const text = (['error', 'warning', 'info'] as const).filter((s) => counts[s] > 0).map((s) => plural(counts[s], s, s === 'info' ? 'infos' : `${s}s`)).join(', ');
  return text || 'none';
}

/** Findings most serious first, keeping their order otherwise. */
export function bySeverity(findings: readonly DiffFinding[]): DiffFinding[] {
  return [...findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}

/**
 * Where a finding is: its JSON path, and for one about a component another
 * file declares (an import's), that file and the place in it.
 */
export function whereText(x: DiffFinding): string {
  const there = x.related?.find((r) => r.file !== undefined && r.path.length === x.path.length && r.path.every((p, i) => p === x.path[i]));
  return there ? `${pathText(x.path)} in ${there.file}:${there.line}:${there.column}` : pathText(x.path);
}

/** Why a file that did not change is compared: "compared because it imports a file the change touched: …"; undefined for any other file. */
export function importsChangedText(f: FileDiff): string | undefined {
  const files = f.importsChanged;
  if (files === undefined || files.length === 0) return undefined;
  return `compared because it imports ${files.length === 1 ? 'a file' : 'files'} the change touched: ${files.join(', ')}`;
}

/** "1 error, 2 warnings" of some findings. */
export function severityCounts(findings: readonly Pick<DiffFinding, 'severity'>[]): string {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return countsText(counts);
}

/**
 * What a file's sides are, in sentences: compared for its imports, added or
 * deleted by the change, not read as a topology, scenarios not run, nothing
 * changed; then its findings on each side.
 */
export function fileNotes(f: FileDiff): string[] {
  const notes: string[] = [];
  const imports = importsChangedText(f);
  if (imports !== undefined) notes.push(`${imports.charAt(0).toUpperCase()}${imports.slice(1)}.`);
  if (!f.base.exists) notes.push('The change adds this file: it is compared with no file.');
  if (!f.head.exists) notes.push('The change deletes this file: it is compared with no file.');
  for (const [side, name] of [[f.base, 'base'], [f.head, 'head']] as const) {
    if (unreadable(side)) notes.push(`The ${name} does not parse as a topology: its findings are the syntax findings, and only what could be read is compared${notComparedText(f)}.`);
    if (scenariosNotRun(side)) notes.push(`Scenarios not run on the ${name}: ${side.notSimulated}`);
  }
  if (f.status === 'unchanged') notes.push('Nothing changed in its components, calls, scenarios or settings.');
  notes.push(`Findings: base ${f.base.exists ? countsText(f.base.findings) : 'no file'}; head ${f.head.exists ? countsText(f.head.findings) : 'no file'}; ${plural(f.findings.unchanged.length, 'finding')} on both.`);
  return notes;
}

/** What a side that does not read as a topology leaves uncompared: the base's findings that no reading rule makes, and both sides' load and paths. */
function notComparedText(f: FileDiff): string {
  const n = f.findings.notCompared ?? 0;
  return n > 0 ? `; the base's ${plural(n, 'other finding')}, and the load and paths of both sides, are not compared` : '; the load and paths of both sides are not compared';
}

/** Longest name (component, scenario, file) the verdict quotes, in code points. */
const VERDICT_NAME_CHARS = 40;
/** Most figures the verdict names; the others are counted. */
const VERDICT_MOVES = 3;

/**
 * The change in one line: sides that do not parse, findings introduced and
 * resolved (by severity), then the figures that moved most plainly (the
 * ceiling of what saturates first, then the first figure of each scenario
 * that moved), at most VERDICT_MOVES of them named.
 */
export function verdict(files: readonly FileDiff[]): string {
  if (files.length === 0) return 'no topology file changed';
  const name = (s: string) => shorten(s, VERDICT_NAME_CHARS);
  const unread = files.flatMap((f) => ([[f.base, 'base'], [f.head, 'head']] as const).filter(([side]) => unreadable(side)).map(([, label]) => `${name(f.path)} does not parse on the ${label}`));
  const parts = unread.length <= VERDICT_MOVES ? unread : [`${num(unread.length)} sides do not parse`];
  const introduced = files.flatMap((f) => f.findings.introduced);
  const resolved = files.flatMap((f) => f.findings.resolved);
  const findings: string[] = [];
  if (introduced.length > 0) findings.push(`${plural(introduced.length, 'finding')} introduced (${severityCounts(introduced)})`);
  if (resolved.length > 0) findings.push(`${introduced.length > 0 ? num(resolved.length) : plural(resolved.length, 'finding')} resolved (${severityCounts(resolved)})`);
  const moved = files.flatMap((f) => withNewFigures(f.findings));
  if (findings.length === 0) findings.push('no finding introduced or resolved');
  const notCompared = files.reduce((n, f) => n + (f.findings.notCompared ?? 0), 0);
  if (notCompared > 0) findings.push(`${plural(notCompared, 'finding')} of the base not compared`);
  if (moved.length > 0) findings.push(`${plural(moved.length, 'finding')} with new figures`);
  parts.push(findings.join(', '));

  const moves: string[] = [];
  const prefix = (f: FileDiff) => (files.length > 1 ? `${name(f.path.slice(f.path.lastIndexOf('/') + 1))}: ` : '');
  for (const f of files) {
    const { before, after } = f.numbers.firstToSaturate;
    if (!before || !after || num(before.ceilingRps) === num(after.ceilingRps) && before.component === after.component) continue;
    moves.push(before.component === after.component
      ? `${prefix(f)}${name(after.component)} ceiling ${num(before.ceilingRps)} → ${num(after.ceilingRps)} rps`
      : `${prefix(f)}ceiling ${num(before.ceilingRps)} rps (${name(before.component)}) → ${num(after.ceilingRps)} rps (${name(after.component)})`);
  }
  for (const f of files) {
    for (const d of f.scenarios) {
      if (!d.moved || !d.before || !d.after) continue;
      const rows = outcomeRows(d);
      const row = rows.find((r) => !r.budget) ?? rows[0];
      if (row) moves.push(`${prefix(f)}${name(d.name)}: ${row.figure} ${row.before} → ${row.after}`);
    }
  }
  // A side that does not read, or whose scenarios were not run, has no figures to move: "none moved" holds only where compared.
  const notRun = files.some((f) => scenariosNotRun(f.base) || scenariosNotRun(f.head));
  if (moves.length === 0) parts.push(`no ceiling or scenario outcome moved${notRun ? ' where compared' : ''}`);
  else parts.push(...moves.slice(0, VERDICT_MOVES), ...(moves.length > VERDICT_MOVES ? [`${num(moves.length - VERDICT_MOVES)} more moved`] : []));
  return parts.join(' · ');
}
