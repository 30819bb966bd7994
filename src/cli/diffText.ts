/**
 * `scale diff`'s text format, for a terminal or a CI log: per file, what
 * changed in the design, the findings introduced and resolved, the load that
 * moved, what saturates first, and the scenario outcomes that moved, each
 * "before → after". Names and values from the files pass through `oneLine`.
 */
import { beforeAfter, callText, entryRow, fieldChangeText, importsChangedText, loadRow, outcomeRows, saturationText, scenariosNotRun, unreadable, verdict, withNewFigures } from '../core/diff/diffWords';
import type { DiffFinding, FileDiff } from '../core/diff/types';
import { num, plural } from '../core/scenario/figures';
import { oneLine } from './oneLine';
import type { Paint } from './terminalColor';

/** A finding's line, then a line for each related location in another file (where an imported component is declared), as `scale check` prints them. */
function findingLines(sign: string, f: DiffFinding, paint: Paint): string[] {
  const sev = f.accepted ? paint('dim', `${f.severity} (accepted)`) : f.severity === 'error' ? paint('red', 'error') : f.severity === 'warning' ? paint('yellow', 'warning') : paint('blue', 'info');
  const elsewhere = (f.related ?? []).filter((r) => r.file !== undefined).map((r) => `        ${oneLine(r.file!)}:${r.line}:${r.column} ${paint('dim', oneLine(r.message))}`);
  return [`    ${sign} ${sev} ${oneLine(f.ruleId)} at ${f.line}:${f.column} ${oneLine(f.message)}${f.accepted ? ` — accepted: ${oneLine(f.accepted.reason)}` : ''}`, ...elsewhere];
}

/** One file's section. */
function fileText(d: FileDiff, paint: Paint): string[] {
  const out: string[] = [`${paint('bold', oneLine(d.path))} (${d.status})`];
  const imports = importsChangedText(d);
  if (imports !== undefined) out.push(`  ${oneLine(imports)}`);
  for (const [name, side] of [['base', d.base], ['head', d.head]] as const) {
    if (unreadable(side)) out.push(`  the ${name} (${oneLine(side.label)}) does not read as a topology: its findings are those of reading it; the load and paths of both sides are not compared`);
    else if (scenariosNotRun(side)) out.push(`  the ${name}'s scenarios were not run: ${oneLine(side.notSimulated!)}`);
  }
  const s = d.structure;
  if (d.status === 'added' || d.status === 'deleted') {
    // A whole file is new or gone: its size and findings say it; every component "added" or "removed" would not.
    const added = d.status === 'added';
    const parts = [plural((added ? s.components.added : s.components.removed).length, 'component'), plural((added ? s.calls.added : s.calls.removed).length, 'call'), plural((added ? s.scenarios.added : s.scenarios.removed).length, 'scenario')];
    out.push(`  ${parts.join(', ')}`);
    const f = d.findings;
    if (added) {
      out.push(`  findings: ${f.introduced.length} introduced`);
      for (const x of f.introduced) out.push(...findingLines(paint('red', '+'), x, paint));
      const first = d.numbers.firstToSaturate.after;
      if (first !== undefined) out.push(`  first to saturate: ${oneLine(saturationText(first))}`);
    } else {
      out.push(`  findings: ${f.resolved.length} resolved with the file`);
    }
    return out;
  }
  const design: string[] = [];
  for (const c of s.components.added) design.push(`    ${paint('green', '+')} ${oneLine(c.id)} (${oneLine(c.kind)})`);
  for (const c of s.components.removed) design.push(`    ${paint('red', '-')} ${oneLine(c.id)} (${oneLine(c.kind)})`);
  for (const c of s.components.changed) {
    const head = `    ${paint('yellow', '~')} ${oneLine(c.id)}${c.renamedFrom !== undefined ? ` (renamed from ${oneLine(c.renamedFrom)})` : ''}`;
    design.push(c.changes.length === 0 ? head : `${head}: ${oneLine(c.changes.map(fieldChangeText).join('; '))}`);
  }
  const call = (x: Parameters<typeof callText>[0]) => oneLine(callText(x));
  for (const c of s.calls.added) design.push(`    ${paint('green', '+')} call ${call(c)}`);
  for (const c of s.calls.removed) design.push(`    ${paint('red', '-')} call ${call(c)}`);
  for (const c of s.calls.changed) design.push(`    ${paint('yellow', '~')} call ${call(c)}: ${oneLine(c.changes.map(fieldChangeText).join('; '))}`);
  for (const n of s.scenarios.added) design.push(`    ${paint('green', '+')} scenario ${oneLine(n)}`);
  for (const n of s.scenarios.removed) design.push(`    ${paint('red', '-')} scenario ${oneLine(n)}`);
  for (const c of s.scenarios.changed) design.push(`    ${paint('yellow', '~')} scenario ${oneLine(c.name)}: ${oneLine(c.changes.map(fieldChangeText).join('; '))}`);
  for (const c of s.file) design.push(`    ${paint('yellow', '~')} ${oneLine(fieldChangeText(c))}`);
  if (design.length > 0) out.push('  design', ...design);

  const f = d.findings;
  const newFigures = withNewFigures(f);
  out.push(`  findings: ${f.introduced.length} introduced, ${f.resolved.length} resolved, ${newFigures.length > 0 ? `${newFigures.length} with new figures, ` : ''}${f.unchanged.length - newFigures.length} unchanged${f.notCompared ? `, ${f.notCompared} of the base not compared (the head does not read as a topology)` : ''}`);
  for (const x of f.introduced) out.push(...findingLines(paint('red', '+'), x, paint));
  for (const x of f.resolved) out.push(...findingLines(paint('green', '-'), x, paint));
  for (const x of newFigures) out.push(...findingLines(paint('yellow', '~'), x, paint), `        ${paint('dim', 'was:')} ${oneLine(x.was!)}`);

  const movedLoads = d.numbers.components.filter((n) => n.moved);
  const peak = d.numbers.peakRps;
  if (movedLoads.length > 0 || peak.before !== peak.after) {
    out.push(`  load at peak (${beforeAfter(peak.before === undefined ? undefined : num(peak.before), peak.after === undefined ? undefined : num(peak.after))} rps)`);
    for (const n of movedLoads) {
      const row = loadRow(n);
      out.push(oneLine(`    ${row.component}: ${row.load} rps; utilization ${row.utilization}; ceiling ${row.ceiling} rps`));
    }
  }
  const movedEntries = d.numbers.entries.filter((e) => e.moved);
  if (movedEntries.length > 0) {
    out.push('  entry points (availability, p50, p99)');
    for (const e of movedEntries) {
      const row = entryRow(e);
      out.push(oneLine(`    ${row.entry}: ${row.availability}; p50 ${row.p50}; p99 ${row.p99}`));
    }
  }
  const first = d.numbers.firstToSaturate;
  const a = first.before && saturationText(first.before);
  const b = first.after && saturationText(first.after);
  if (a !== b) out.push(oneLine(`  first to saturate: ${beforeAfter(a, b)}`));

  const moved = d.scenarios.filter((x) => x.moved);
  if (d.scenarios.length > 0) {
    const seeds = [...new Set(d.scenarios.flatMap((x) => [x.before?.seed, x.after?.seed]).filter((x) => x !== undefined))];
    out.push(`  scenarios: ${moved.length} of ${plural(d.scenarios.length, 'scenario')} moved (run on both sides with seed ${seeds.join(', ')})`);
    for (const x of moved) out.push(oneLine(`    ${x.name}: ${outcomeRows(x).map((r) => `${r.figure} ${r.before} → ${r.after}`).join('; ')}`));
  }
  return out;
}

/** The text format of a comparison. */
export function formatDiffText(files: readonly FileDiff[], base: string, head: string, paint: Paint): string {
  if (files.length === 0) return `No topology changed between ${oneLine(base)} and ${oneLine(head)}.\n`;
  const blocks = files.map((d) => fileText(d, paint).join('\n'));
  return `${blocks.join('\n\n')}\n\n${plural(files.length, 'file')} compared (${oneLine(base)} → ${oneLine(head)}): ${oneLine(verdict(files))}.\n`;
}
