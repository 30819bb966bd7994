/**
 * A change as the diagram draws it over the head's components (see
 * DiagramOverlay): how each component and call came out of it, the lines of a
 * component's hover (its fields that changed, its calls added, removed or
 * changed, its figures that moved, in the words of `scale diff`), the
 * components and calls only the base has (drawn ghosted), and the change in
 * one line.
 */
import { type ComponentOverlay, type DiagramOverlay, MAX_CHANGE_DETAILS, MAX_CHANGE_LINE_CHARS, MAX_CHANGE_LINES, overlayEdgeKey, type RemovedCall, type RemovedComponent } from '../diagram/diagramOverlay';
import { shorten } from '../diagram/metrics';
import { plural } from '../text/format';
import { callText, fieldChangeText, loadRow } from './diffWords';
import type { ComponentNumbers, FileDiff } from './types';

/** The overlay of a comparison (diffTopology's, with or without its scenarios). */
export function changeOverlay(diff: FileDiff): DiagramOverlay {
  const numbers = new Map(diff.numbers.components.map((c) => [c.id, c] as const));
  const removedIds = new Set(diff.structure.components.removed.map((c) => c.id));
  const fieldChanges = new Map(diff.structure.components.changed.map((c) => [c.id, c.changes] as const));
  const callLines = new Map<string, string[]>();
  const addCallLine = (from: string, line: string) => {
    const list = callLines.get(from);
    if (list) list.push(line);
    else callLines.set(from, [line]);
  };
  for (const c of diff.structure.calls.added) addCallLine(c.from, `call added: ${callText(c)}`);
  for (const c of diff.structure.calls.removed) addCallLine(c.from, `call removed: ${callText(c)}`);
  for (const c of diff.structure.calls.changed) addCallLine(c.from, `call changed: ${callText(c)}: ${c.changes.map(fieldChangeText).join(', ')}`);

  const components = new Map<string, ComponentOverlay>();
  const removedComponents: RemovedComponent[] = [];
  for (const n of diff.graph.nodes) {
    const moved = numbers.get(n.id);
    if (n.status === 'removed') {
      removedComponents.push({ id: n.id, kind: n.kind, lines: capped(moved ? figureLines(moved) : []) });
      continue;
    }
    const lines = [
      ...(n.renamedFrom !== undefined ? [`renamed from ${n.renamedFrom}`] : []),
      ...(fieldChanges.get(n.id) ?? []).map(fieldChangeText),
      ...(callLines.get(n.id) ?? []),
      ...(moved?.moved ? figureLines(moved) : []),
    ];
    components.set(n.id, { status: n.status, ...(n.renamedFrom !== undefined ? { renamedFrom: n.renamedFrom } : {}), lines: capped(lines) });
  }

  const calls = new Map<string, 'added' | 'changed'>();
  const removedCalls: RemovedCall[] = [];
  for (const e of diff.graph.edges) {
    const fromRemoved = removedIds.has(e.from);
    const toRemoved = removedIds.has(e.to);
    // A call the text still makes to a component it no longer has is one the head cannot draw (it resolves to
    // nothing): it goes with the removed component.
    if (e.status === 'removed' || fromRemoved || toRemoved) removedCalls.push({ from: e.from, to: e.to, fromRemoved, toRemoved });
    else if (e.status === 'added' || e.status === 'changed') calls.set(overlayEdgeKey(e.from, e.to), e.status);
  }

  return { base: diff.base.label, summary: summaryOf(diff), details: detailsOf(diff), components, calls, removedComponents, removedCalls };
}

/** A component's figures, a line each for those that read differently before and after (a side without it shows "—"). */
function figureLines(c: ComponentNumbers): string[] {
  const row = loadRow(c);
  // beforeAfter writes one value when both sides read the same: only what moved has an arrow.
  return [`load (rps) ${row.load}`, `utilization ${row.utilization}`, `ceiling (rps) ${row.ceiling}`].filter((l) => l.includes(' → '));
}

/** At most MAX_CHANGE_LINES lines of at most MAX_CHANGE_LINE_CHARS, the last saying how many were left out. */
function capped(lines: string[], max = MAX_CHANGE_LINES): string[] {
  const out = lines.length <= max ? lines : [...lines.slice(0, max - 1), `… and ${lines.length - max + 1} more`];
  return out.map((l) => shorten(l, MAX_CHANGE_LINE_CHARS));
}

/** "1 component added, 2 changed · 1 call removed"; what a side that does not parse does to the comparison. */
function summaryOf(diff: FileDiff): string {
  const { components, calls } = diff.structure;
  const counts = (noun: string, added: number, removed: number, changed: number) => {
    const parts = [[added, 'added'], [removed, 'removed'], [changed, 'changed']].filter(([n]) => (n as number) > 0).map(([n, what], i) => (i === 0 ? `${plural(n as number, noun)} ${what}` : `${n} ${what}`));
    return parts.join(', ');
  };
  const parts = [
    counts('component', components.added.length, components.removed.length, components.changed.length),
    counts('call', calls.added.length, calls.removed.length, calls.changed.length),
  ].filter(Boolean);
  const other = diff.structure.file.length + diff.structure.scenarios.added.length + diff.structure.scenarios.removed.length + diff.structure.scenarios.changed.length;
  if (other > 0) parts.push(`${plural(other, 'other change')}`);
  const unread = !diff.base.exists ? `${diff.base.label} has no such file` : !diff.base.analysed ? `${diff.base.label}'s version does not parse` : !diff.head.analysed ? 'the text does not parse' : undefined;
  const what = parts.length > 0 ? parts.join(' · ') : 'no change to components or calls';
  return shorten(unread ? `${unread}: ${what}` : what, MAX_CHANGE_LINE_CHARS);
}

/** The file's own fields and the scenarios that changed, a line each. */
function detailsOf(diff: FileDiff): string[] {
  const { file, scenarios } = diff.structure;
  const lines = [
    ...file.map(fieldChangeText),
    ...scenarios.added.map((s) => `scenario added: ${s}`),
    ...scenarios.removed.map((s) => `scenario removed: ${s}`),
    ...scenarios.changed.map((s) => `scenario changed: ${s.name}: ${s.changes.map(fieldChangeText).join(', ')}`),
  ];
  return capped(lines, MAX_CHANGE_DETAILS);
}
