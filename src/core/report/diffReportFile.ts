/**
 * One compared file as the page of `scale diff --format html` shows it: its
 * notes, what each side's diagram marks, and every table (findings
 * introduced, resolved and on both sides; the design's changes; load; what
 * saturates first; scenario outcomes), in the words every format of
 * `scale diff` uses. Texts from the files are carried as they are: the page
 * shows them as text.
 */
import type { FileDiff, FindingsDiff, DiffFinding } from '../diff/types';
import { bySeverity, callText, entryRow, fieldChangeText, fileNotes, loadRow, NONE, outcomeRows, saturationText, whereText } from '../diff/diffWords';
import { num, plural } from '../scenario/figures';
import type { DiffNodeMark, DiffReportFile, DiffReportSide, DiffTable, DiffTableRow } from './diffReportData';

/** A side's diagram as the CLI drew it. */
export type SideDiagram = Pick<DiffReportSide, 'diagram' | 'laidOut' | 'layoutNote'>;

/** The file's part of the page, with the diagrams of the sides that have one (a side that exists and reads as a topology). */
export function diffReportFile(f: FileDiff, diagrams: { base?: SideDiagram; head?: SideDiagram }): DiffReportFile {
  return {
    path: f.path,
    status: f.status,
    notes: fileNotes(f),
    base: side(f, 'base', diagrams.base),
    head: side(f, 'head', diagrams.head),
    tables: [
      ...findingTables(f.findings),
      componentTable(f),
      callTable(f),
      scenarioTable(f),
      settingsTable(f),
      entryTable(f),
      loadTable(f),
      saturationTable(f),
      outcomeTable(f),
    ],
  };
}

/** Whether a side has a diagram to draw: it exists and reads as a topology. */
export function drawable(f: FileDiff, name: 'base' | 'head'): boolean {
  return f[name].exists && f[name].analysed;
}

function side(f: FileDiff, name: 'base' | 'head', drawn: SideDiagram | undefined): DiffReportSide {
  const s = f[name];
  const missing = !s.exists
    ? `There is no ${name} file: the change ${name === 'base' ? 'adds' : 'deletes'} it.`
    : !s.analysed
      ? `The ${name} does not read as a topology${s.notSimulated !== undefined ? ` (${s.notSimulated})` : ''}: its findings are those of reading it.`
      : drawn?.diagram === undefined ? `The ${name} was not drawn.` : undefined;
  return { label: s.label, ...(missing !== undefined ? { missing } : drawn), marks: marks(f, name) };
}

/** The components of one side the change added, removed or changed, by that side's ids. */
export function marks(f: FileDiff, name: 'base' | 'head'): DiffNodeMark[] {
  const fields = new Map(f.structure.components.changed.map((c) => [c.id, c.changes.map(fieldChangeText)] as const));
  const out: DiffNodeMark[] = [];
  for (const n of f.graph.nodes) {
    if (n.status === 'unchanged' || n.status === (name === 'base' ? 'added' : 'removed')) continue;
    if (n.status !== 'changed') {
      out.push({ id: n.id, change: n.status, details: [] });
      continue;
    }
    const renamed = n.renamedFrom === undefined ? [] : [name === 'base' ? `renamed to ${n.id}` : `renamed from ${n.renamedFrom}`];
    out.push({ id: name === 'base' ? n.renamedFrom ?? n.id : n.id, change: 'changed', details: [...renamed, ...(fields.get(n.id) ?? [])] });
  }
  return out;
}

const FINDING_COLUMNS = ['severity', 'rule', 'line:column', 'where', 'finding'];

function findingTables(findings: FindingsDiff): DiffTable[] {
  const table = (name: string, title: string, list: readonly DiffFinding[], on: 'base' | 'head', empty: string): DiffTable => ({
    name,
    title,
    columns: FINDING_COLUMNS,
    rows: bySeverity(list).map((x) => ({
      cells: [x.severity, x.ruleId, `${x.line}:${x.column}`, whereText(x), x.was === undefined ? x.message : `${x.message} (was: ${x.was})`],
      tone: x.severity,
      ...(x.component !== undefined ? { component: { side: on, id: x.component } } : {}),
    })),
    empty,
  });
  return [
    table('introduced', 'Findings introduced (lines of the head)', findings.introduced, 'head', 'The change introduces no finding.'),
    table('resolved', 'Findings resolved (lines of the base)', findings.resolved, 'base', 'The change resolves no finding.'),
    table('unchanged', 'Findings on both sides (lines of the head)', findings.unchanged, 'head', 'No finding is on both sides.'),
  ];
}

/** Lines of what changed in a component, call or scenario. */
const changeLines = (changes: readonly Parameters<typeof fieldChangeText>[0][]) => changes.map(fieldChangeText).join('\n');

function componentTable(f: FileDiff): DiffTable {
  const c = f.structure.components;
  const rows: DiffTableRow[] = [
    ...c.added.map((x) => ({ cells: ['added', x.id, x.kind, ''], tone: 'added', component: { side: 'head' as const, id: x.id } })),
    ...c.removed.map((x) => ({ cells: ['removed', x.id, x.kind, ''], tone: 'removed', component: { side: 'base' as const, id: x.id } })),
    ...c.changed.map((x) => ({
      cells: [x.renamedFrom !== undefined ? 'renamed' : 'changed', x.id, x.kind, [...(x.renamedFrom !== undefined ? [`renamed from ${x.renamedFrom}`] : []), changeLines(x.changes)].filter(Boolean).join('\n')],
      tone: 'changed',
      component: { side: 'head' as const, id: x.id },
    })),
  ];
  return { name: 'components', title: 'Components', columns: ['change', 'component', 'kind', 'what changed'], rows, empty: 'No component changed.' };
}

function callTable(f: FileDiff): DiffTable {
  const k = f.structure.calls;
  const rows: DiffTableRow[] = [
    ...k.added.map((x) => ({ cells: ['added', callText(x), ''], tone: 'added' })),
    ...k.removed.map((x) => ({ cells: ['removed', callText(x), ''], tone: 'removed' })),
    ...k.changed.map((x) => ({ cells: ['changed', callText(x), changeLines(x.changes)], tone: 'changed' })),
  ];
  return { name: 'calls', title: 'Calls', columns: ['change', 'call', 'what changed'], rows, empty: 'No call changed.' };
}

function scenarioTable(f: FileDiff): DiffTable {
  const s = f.structure.scenarios;
  const rows: DiffTableRow[] = [
    ...s.added.map((x) => ({ cells: ['added', x, ''], tone: 'added' })),
    ...s.removed.map((x) => ({ cells: ['removed', x, ''], tone: 'removed' })),
    ...s.changed.map((x) => ({ cells: ['changed', x.name, changeLines(x.changes)], tone: 'changed' })),
  ];
  return { name: 'scenarios', title: 'Scenarios', columns: ['change', 'scenario', 'what changed'], rows, empty: 'No scenario changed.' };
}

function settingsTable(f: FileDiff): DiffTable {
  const rows = f.structure.file.map((x) => ({ cells: [fieldChangeText(x)], tone: 'changed' }));
  return { name: 'settings', title: 'Settings of the file', columns: ['change'], rows, empty: 'No setting of the file changed.' };
}

function entryTable(f: FileDiff): DiffTable {
  const rows = f.numbers.entries.filter((e) => e.moved).map((e): DiffTableRow => {
    const r = entryRow(e);
    const tone = !e.before ? 'added' : !e.after ? 'removed' : undefined;
    return { cells: [r.entry, r.availability, r.p50, r.p99], ...(tone ? { tone } : {}), component: { side: e.after ? 'head' : 'base', id: e.id } };
  });
  return { name: 'entries', title: 'Entry points, before → after', columns: ['entry point', 'availability', 'p50', 'p99'], rows, empty: 'No entry point\'s availability, p50 or p99 moved.' };
}

function loadTable(f: FileDiff): DiffTable {
  const rows = f.numbers.components.filter((c) => c.moved).map((c): DiffTableRow => {
    const r = loadRow(c);
    const tone = !c.before ? 'added' : !c.after ? 'removed' : undefined;
    return { cells: [r.component, r.load, r.utilization, r.ceiling], ...(tone ? { tone } : {}), component: { side: c.after ? 'head' : 'base', id: c.id } };
  });
  return { name: 'load', title: 'Load at peak, before → after', columns: ['component', 'load (rps)', 'utilization', 'ceiling (rps)'], rows, empty: 'No component\'s load, utilization or ceiling moved.' };
}

function saturationTable(f: FileDiff): DiffTable {
  const { firstToSaturate: first, peakRps } = f.numbers;
  const rows: DiffTableRow[] = [];
  if (peakRps.before !== undefined || peakRps.after !== undefined) {
    rows.push({ cells: ['peak workload (rps)', peakRps.before === undefined ? NONE : num(peakRps.before), peakRps.after === undefined ? NONE : num(peakRps.after)] });
  }
  if (first.before || first.after) {
    rows.push({ cells: ['first to saturate', first.before ? saturationText(first.before) : NONE, first.after ? saturationText(first.after) : NONE], ...(first.after ? { component: { side: 'head' as const, id: first.after.component } } : {}) });
  }
  return { name: 'saturation', title: 'What saturates first', columns: ['figure', 'before', 'after'], rows, empty: 'Neither side declares capacities to saturate.' };
}

function outcomeTable(f: FileDiff): DiffTable {
  const moved = f.scenarios.filter((d) => d.moved);
  // A budget's row takes the tone of its verdict after the change.
  const verdictOf = (text: string) => /^(held|violated)\b/.exec(text)?.[1];
  const rows = moved.flatMap(outcomeRows).map((r): DiffTableRow => {
    const tone = r.budget ? verdictOf(r.after) : undefined;
    return { cells: [r.scenario, r.figure, r.before, r.after], ...(tone ? { tone } : {}) };
  });
  const notes: string[] = [];
  if (f.scenarios.length > 0) {
    const seeds = [...new Set(f.scenarios.flatMap((x) => [x.before?.seed, x.after?.seed]).filter((x) => x !== undefined))];
    notes.push(`${num(moved.length)} of ${plural(f.scenarios.length, 'scenario')} moved, run on both sides with seed ${seeds.map(num).join(', ')}.`);
  }
  const resampled = f.scenarios.filter((d) => d.resampledByRename).length;
  if (resampled > 0) notes.push(`${plural(resampled, 'scenario')} read differently only because renamed components draw other random numbers: not counted as moved.`);
  const empty = f.scenarios.length === 0 ? 'No scenario was run on either side.' : 'No scenario outcome moved.';
  return { name: 'outcomes', title: 'Scenario outcomes, before → after', columns: ['scenario', 'figure', 'before', 'after'], rows, empty, ...(notes.length > 0 ? { note: notes.join(' ') } : {}) };
}
