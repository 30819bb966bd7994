/**
 * `scale diff --format markdown`: the pull-request comment. A hidden marker
 * (an Action finds its comment again by it), a heading, a one-line verdict,
 * then per file: findings introduced and resolved, the components whose
 * numbers moved, what saturates first, the scenario outcomes that changed, a
 * Mermaid flowchart of the change, and the details in `<details>` blocks.
 *
 * Everything from the files, the revisions and the options goes through
 * commentText (or mermaidLabel inside the diagram): pull requests are
 * hostile. The comment stays under `maxChars` by leaving out whole parts and
 * whole rows, least important first (details, then the tail of the tables,
 * the diagram, ...), and says what it left out; it never cuts inside a row,
 * a `<details>` block or the diagram. The same input gives the same bytes.
 */
import { shorten } from '../diagram/metrics';
import { num, plural } from '../scenario/figures';
import { commentText } from '../text/markdown';
import { changeFlowchart, MERMAID_MAX_EDGES } from './diffMermaid';
import { beforeAfter, bySeverity, callText, entryRow, fieldChangeText, fileNotes, loadRow, outcomeRows, saturationText, severityCounts, verdict, whereText, withNewFigures } from './diffWords';
import type { DiffFinding, FieldChange, FileDiff } from './types';

/** The comment's first line, hidden when rendered: an Action looks for it to update its comment instead of adding one. */
export const DIFF_MARKER = '<!-- scale-diff -->';
/** Default bound on the comment's length: GitHub refuses comments past 65,536 characters. */
export const DEFAULT_MAX_CHARS = 60_000;

/** How the comment is written. */
export interface DiffMarkdownOptions {
  /** The base side's name (a revision or file). */
  base: string;
  /** The head side's name. */
  head: string;
  /** Scale's version, in the last line. */
  version: string;
  /** Where the full report is (a URL or a sentence), quoted when something was left out. */
  htmlHint?: string;
  /** Longest comment, in UTF-16 code units (default DEFAULT_MAX_CHARS). */
  maxChars?: number;
  /** Most edges a diagram draws (default Mermaid's 500); a bigger graph is collapsed. */
  maxEdges?: number;
}

/** Longest finding message a table quotes, in code points. */
const MESSAGE_CHARS = 300;
/** Field changes listed per component (or call, or scenario) in the details; the rest are counted. */
const FIELDS_PER_ITEM = 12;
/** Rows of the table of moved numbers kept before the diagram; the others come after it. */
const NUMBERS_FIRST_ROWS = 20;

/** Which parts are kept first when the comment is too long: lower first. */
const PRIORITY = {
  file: 0,
  introduced: 1,
  resolved: 2,
  saturation: 2,
  entries: 2,
  moved: 3,
  scenarios: 3,
  numbersFirst: 4,
  diagram: 5,
  numbersRest: 6,
  details: 7,
} as const;

/** What a part is, for the line that says what was left out: its words for rows, or for the part as a whole. */
const KINDS = {
  file: { whole: ['file', 'files'] },
  findings: { rows: 'findings' },
  saturation: { whole: ['line on what saturates first', 'lines on what saturates first'] },
  scenarios: { rows: 'scenario figures' },
  numbers: { rows: 'components whose numbers moved' },
  entries: { rows: 'entry points whose figures moved' },
  diagram: { whole: ['diagram', 'diagrams'] },
  details: { rows: 'lines of details' },
} as const satisfies Record<string, { whole: readonly [string, string] } | { rows: string }>;
type Kind = keyof typeof KINDS;

/** One line of a table or list (with its newline), kept or left out whole. */
interface Row {
  text: string;
  priority: number;
}

/**
 * A block of the comment: a head (title, table header, `<details>` opening),
 * rows, and a tail (a "…and N more" line for the rows left out, `</details>`).
 * A part with rows is shown with at least one of them, or not at all; a part
 * without rows is shown whole at `priority`, or not at all.
 */
interface Part {
  kind: Kind;
  /** Index of its file. */
  file: number;
  priority: number;
  head: string;
  rows: Row[];
  tail: (left: number) => string;
}

/** A table's head: an optional title, then the header and delimiter rows. */
function tableHead(title: string, columns: readonly string[]): string {
  return `#### ${title}\n\n| ${columns.join(' | ')} |\n|${columns.map(() => ' --- |').join('')}\n`;
}

/** A table row of texts, each escaped for its cell. */
function tableRow(cells: readonly string[]): string {
  return `| ${cells.map(commentText).join(' | ')} |\n`;
}

/** After a table: a paragraph (after the blank line that ends the table) counting the rows left out. */
const tableTail = (noun: string) => (left: number) => (left > 0 ? `\n…and ${num(left)} more ${noun}, left out to fit the comment.\n` : '');

/** A `<details>` block whose summary is Scale's own words (never file text: HTML blocks are not Markdown). */
function detailsPart(file: number, summary: string, items: readonly string[]): Part {
  return {
    kind: 'details',
    file,
    priority: PRIORITY.details,
    head: `<details><summary>${summary}</summary>\n\n`,
    rows: items.map((text) => ({ text: `- ${commentText(text)}\n`, priority: PRIORITY.details })),
    tail: (left) => `${left > 0 ? `- …and ${num(left)} more, left out to fit the comment\n` : ''}\n</details>\n`,
  };
}

/** The file's heading and what its sides are: added, deleted, unreadable, not simulated; and its findings on each side. */
function headerPart(f: FileDiff, file: number): Part {
  const status = { added: 'added', deleted: 'deleted', modified: 'modified', unchanged: 'unchanged' }[f.status] ?? 'modified';
  const lines = [`### ${commentText(f.path)} (${status})`, ...fileNotes(f).map(commentText)];
  return { kind: 'file', file, priority: PRIORITY.file, head: `${lines.join('\n\n')}\n`, rows: [], tail: () => '' };
}

function findingsPart(f: FileDiff, file: number): Part | undefined {
  const row = (change: string, x: DiffFinding, priority: number): Row => ({
    text: tableRow([change, x.ruleId, x.accepted ? `${x.severity} (accepted)` : x.severity, whereText(x), shorten(x.accepted ? `${x.message} — accepted: ${x.accepted.reason}` : x.message, MESSAGE_CHARS)]),
    priority,
  });
  const moved = withNewFigures(f.findings);
  const rows = [
    ...bySeverity(f.findings.introduced).map((x) => row('introduced', x, PRIORITY.introduced)),
    ...bySeverity(f.findings.resolved).map((x) => row('resolved', x, PRIORITY.resolved)),
    // A finding on both sides whose figures the change moved: as it reads now, and as it read.
    ...bySeverity(moved).map((x) => row('new figures', { ...x, message: `${x.message} — was: ${x.was}` }, PRIORITY.moved)),
  ];
  if (rows.length === 0) return undefined;
  const title = moved.length > 0 ? 'Findings introduced, resolved and with new figures' : 'Findings introduced and resolved';
  return { kind: 'findings', file, priority: PRIORITY.introduced, head: tableHead(title, ['change', 'rule', 'severity', 'where', 'message']), rows, tail: tableTail('findings') };
}

function entriesPart(f: FileDiff, file: number): Part | undefined {
  const moved = f.numbers.entries.filter((e) => e.moved);
  if (moved.length === 0) return undefined;
  const rows = moved.map((e) => {
    const r = entryRow(e);
    return { text: tableRow([r.entry, r.availability, r.p50, r.p99]), priority: PRIORITY.entries };
  });
  return { kind: 'entries', file, priority: PRIORITY.entries, head: tableHead('Entry points, before → after', ['entry point', 'availability', 'p50', 'p99']), rows, tail: tableTail('entry points') };
}

function numbersPart(f: FileDiff, file: number): Part | undefined {
  const moved = f.numbers.components.filter((c) => c.moved);
  if (moved.length === 0) return undefined;
  const rows = moved.map((c, i) => {
    const r = loadRow(c);
    return { text: tableRow([r.component, r.load, r.utilization, r.ceiling]), priority: i < NUMBERS_FIRST_ROWS ? PRIORITY.numbersFirst : PRIORITY.numbersRest };
  });
  return { kind: 'numbers', file, priority: PRIORITY.numbersFirst, head: tableHead('Load at peak, before → after', ['component', 'load (rps)', 'utilization', 'ceiling (rps)']), rows, tail: tableTail('components') };
}

function saturationPart(f: FileDiff, file: number): Part | undefined {
  const { firstToSaturate: first, peakRps } = f.numbers;
  const lines: string[] = [];
  if (first.before || first.after) {
    const b = first.before && saturationText(first.before);
    const a = first.after && saturationText(first.after);
    lines.push(`First to saturate: ${b === a ? `${a}, as before` : beforeAfter(b, a)}.`);
  }
  if (peakRps.before !== undefined && peakRps.after !== undefined && num(peakRps.before) !== num(peakRps.after)) {
    lines.push(`Peak workload: ${num(peakRps.before)} → ${num(peakRps.after)} rps.`);
  }
  if (lines.length === 0) return undefined;
  return { kind: 'saturation', file, priority: PRIORITY.saturation, head: `${lines.map(commentText).join('\n\n')}\n`, rows: [], tail: () => '' };
}

function scenariosPart(f: FileDiff, file: number): Part | undefined {
  const rows = f.scenarios.filter((d) => d.moved).flatMap(outcomeRows).map((r) => ({ text: tableRow([r.scenario, r.figure, r.before, r.after]), priority: PRIORITY.scenarios }));
  if (rows.length === 0) return undefined;
  return { kind: 'scenarios', file, priority: PRIORITY.scenarios, head: tableHead('Scenario outcomes that changed', ['scenario', 'figure', 'before', 'after']), rows, tail: tableTail('scenario figures') };
}

function diagramPart(f: FileDiff, file: number, maxEdges: number): Part | undefined {
  // A file whose findings moved and whose design did not (its imports changed) has no change to draw.
  const drawn = [...f.graph.nodes, ...f.graph.edges].some((x) => x.status !== 'unchanged');
  if (f.status === 'unchanged' || !drawn) return undefined;
  const chart = changeFlowchart(f.graph, maxEdges);
  const note = chart.note === undefined ? '' : `\n${commentText(chart.note)}\n`;
  const drawing = chart.source === undefined ? '' : `\n\`\`\`mermaid\n${chart.source}\n\`\`\`\n`;
  return {
    kind: 'diagram',
    file,
    priority: PRIORITY.diagram,
    head: `#### The change drawn\n\nAdded components and calls are green, removed ones dashed red, changed ones yellow.\n${drawing}${note}`,
    rows: [],
    tail: () => '',
  };
}

/** "instances 2 → 3 · share 0.1 → 0.2", at most FIELDS_PER_ITEM of them. */
function fieldChanges(changes: readonly FieldChange[]): string {
  const shown = changes.slice(0, FIELDS_PER_ITEM).map(fieldChangeText);
  if (changes.length > FIELDS_PER_ITEM) shown.push(`${num(changes.length - FIELDS_PER_ITEM)} more fields`);
  return shown.join(' · ');
}

function detailParts(f: FileDiff, file: number): Part[] {
  const s = f.structure;
  const parts: Part[] = [];
  const c = s.components;
  if (c.added.length + c.removed.length + c.changed.length > 0) {
    parts.push(detailsPart(file, `Components: ${num(c.added.length)} added, ${num(c.removed.length)} removed, ${num(c.changed.length)} changed`, [
      ...c.added.map((x) => `${x.id} (${x.kind}): added`),
      ...c.removed.map((x) => `${x.id} (${x.kind}): removed`),
      ...c.changed.map((x) => `${x.id} (${x.kind})${x.renamedFrom !== undefined ? `, renamed from ${x.renamedFrom}` : ''}${x.changes.length > 0 ? `: ${fieldChanges(x.changes)}` : ''}`),
    ]));
  }
  const k = s.calls;
  if (k.added.length + k.removed.length + k.changed.length > 0) {
    parts.push(detailsPart(file, `Calls: ${num(k.added.length)} added, ${num(k.removed.length)} removed, ${num(k.changed.length)} changed`, [
      ...k.added.map((x) => `${callText(x)}: added`),
      ...k.removed.map((x) => `${callText(x)}: removed`),
      ...k.changed.map((x) => `${callText(x)}: ${fieldChanges(x.changes)}`),
    ]));
  }
  const sc = s.scenarios;
  if (sc.added.length + sc.removed.length + sc.changed.length > 0) {
    parts.push(detailsPart(file, `Scenarios: ${num(sc.added.length)} added, ${num(sc.removed.length)} removed, ${num(sc.changed.length)} changed`, [
      ...sc.added.map((x) => `${x}: added`),
      ...sc.removed.map((x) => `${x}: removed`),
      ...sc.changed.map((x) => `${x.name}: ${fieldChanges(x.changes)}`),
    ]));
  }
  if (s.file.length > 0) parts.push(detailsPart(file, `Settings of the file: ${num(s.file.length)} changed`, s.file.map(fieldChangeText)));
  const same = f.findings.unchanged;
  if (same.length > 0) {
    parts.push(detailsPart(file, `Findings on both sides: ${num(same.length)} (${severityCounts(same)})`, same.map((x) => `${x.severity} ${x.ruleId} at ${whereText(x)}: ${shorten(x.message, MESSAGE_CHARS)}`)));
  }
  return parts;
}

/** Every part of one file, in the comment's order. */
function fileParts(f: FileDiff, file: number, maxEdges: number): Part[] {
  return [headerPart(f, file), findingsPart(f, file), entriesPart(f, file), numbersPart(f, file), saturationPart(f, file), scenariosPart(f, file), diagramPart(f, file, maxEdges), ...detailParts(f, file)]
    .filter((p): p is Part => p !== undefined);
}

/** How many rows of each part are shown: undefined for a part left out (a part without rows shows 0 when kept). */
type Shown = (number | undefined)[];

/** A part's text with its first `shown` rows, and the blank line after it. */
function partText(p: Part, shown: number): string {
  let rows = '';
  for (let i = 0; i < shown; i++) rows += p.rows[i]!.text;
  return `${p.head}${rows}${p.tail(p.rows.length - shown)}\n`;
}

/**
 * The parts kept within `budget` characters: parts and rows in order of
 * priority (then the comment's order), until the first that does not fit,
 * so nothing is kept while something more important is left out. A part's
 * first row pays for its head and for its tail at its longest.
 */
function choose(parts: readonly Part[], budget: number): Shown {
  const units: { part: number; row: number; priority: number; cost: number }[] = [];
  parts.forEach((p, part) => {
    if (p.rows.length === 0) units.push({ part, row: -1, priority: p.priority, cost: partText(p, 0).length });
    else p.rows.forEach((r, row) => units.push({ part, row, priority: r.priority, cost: r.text.length + (row === 0 ? p.head.length + p.tail(p.rows.length).length + 1 : 0) }));
  });
  units.sort((a, b) => a.priority - b.priority || a.part - b.part || a.row - b.row);
  const shown: Shown = parts.map(() => undefined);
  let left = budget;
  for (const u of units) {
    if (u.cost > left) break;
    left -= u.cost;
    shown[u.part] = u.row + 1;
  }
  return shown;
}

/** The sentence saying what was left out, and where the whole is; empty when nothing was. */
function leftOutNote(parts: readonly Part[], shown: Shown, htmlHint: string | undefined): string {
  const filesShown = new Set(parts.filter((p, i) => p.kind === 'file' && shown[i] !== undefined).map((p) => p.file));
  const whole = new Map<Kind, number>();
  const rows = new Map<Kind, { left: number; total: number }>();
  parts.forEach((p, i) => {
    if (p.kind === 'file' ? shown[i] !== undefined : !filesShown.has(p.file)) return;
    if (p.rows.length === 0) {
      if (shown[i] === undefined) whole.set(p.kind, (whole.get(p.kind) ?? 0) + 1);
      return;
    }
    const left = p.rows.length - (shown[i] ?? 0);
    if (left === 0) return;
    const r = rows.get(p.kind) ?? { left: 0, total: 0 };
    rows.set(p.kind, { left: r.left + left, total: r.total + p.rows.length });
  });
  const what: string[] = [];
  for (const kind of Object.keys(KINDS) as Kind[]) {
    const words: { whole?: readonly [string, string]; rows?: string } = KINDS[kind];
    const n = whole.get(kind);
    if (n !== undefined && words.whole) what.push(plural(n, words.whole[0], words.whole[1]));
    const r = rows.get(kind);
    if (r !== undefined && words.rows) what.push(`${num(r.left)} of ${num(r.total)} ${words.rows}`);
  }
  if (what.length === 0) return '';
  const where = htmlHint === undefined ? '`scale diff --format html` gives every part' : `the full report: ${hintText(htmlHint)}`;
  return `Left out to stay within GitHub's comment size: ${commentText(what.join(', '))}; ${where}.`;
}

/** The hint as text, or an autolink when it is an http(s) URL that an autolink holds whole (no space, `<` or `>`). */
function hintText(hint: string): string {
  return /^https?:\/\/[!-~]+$/.test(hint) && !/[<>]/.test(hint) ? `<${hint}>` : commentText(hint);
}

/** The PR comment for the compared files. */
export function diffMarkdown(files: readonly FileDiff[], options: DiffMarkdownOptions): string {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const maxEdges = options.maxEdges ?? MERMAID_MAX_EDGES;
  const top = `${DIFF_MARKER}\n\n## Scale diff: ${commentText(options.base)} → ${commentText(options.head)}\n\n${commentText(verdict(files))}\n\n`;
  const bottom = `---\n\n${commentText(`Scale ${options.version}`)}\n`;
  const parts = files.flatMap((f, i) => fileParts(f, i, maxEdges));
  const compose = (shown: Shown, note: string) => {
    let body = '';
    parts.forEach((p, i) => {
      const n = shown[i];
      if (n !== undefined) body += partText(p, n);
    });
    return `${top}${note === '' ? '' : `${note}\n\n`}${body}${bottom}`;
  };
  // The note's length depends on what it names: leave it room and try again until the whole fits.
  let room = maxChars - top.length - bottom.length;
  for (let attempt = 0; ; attempt++) {
    const shown = choose(parts, room);
    const note = leftOutNote(parts, shown, options.htmlHint);
    const text = compose(shown, note);
    if (text.length <= maxChars || room <= 0 || attempt >= 20) return text;
    room -= text.length - maxChars;
  }
}
