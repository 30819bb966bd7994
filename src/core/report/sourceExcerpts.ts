/**
 * The lines of a file around its findings, for the report page to show and
 * its findings to link to: a few lines either side of each finding, blocks
 * that touch merged, each long line cut to a window around the findings on
 * it (a minified file is one line), so the page stays small whatever the
 * file holds.
 */
import { LineIndex } from '../text/lineIndex';

/** A place in the file: 1-based line and column, as the report lists findings. */
export interface SourcePlace {
  line: number;
  column: number;
}

/** One line of an excerpt. */
export interface ExcerptLine {
  /** Its 1-based number in the file. */
  line: number;
  text: string;
  /** The 1-based column `text` starts at (1 unless the start was cut). */
  from: number;
  /** Whether the line goes on past `text`. */
  cut: boolean;
}

/** Consecutive lines of the file. */
export type Excerpt = ExcerptLine[];

/** Lines shown either side of a finding. */
const CONTEXT = 2;
/** A line longer than this is shown as a window of it: around its findings, or its start. */
const MAX_LINE = 240;

/** The excerpts of `text` around `places`, in the file's order. */
export function sourceExcerpts(text: string, places: readonly SourcePlace[], context = CONTEXT): Excerpt[] {
  const index = new LineIndex(text);
  const last = index.lineCount;
  const columns = new Map<number, number[]>();
  for (const p of places) columns.set(p.line, [...(columns.get(p.line) ?? []), p.column]);
  const lines = [...new Set(places.map((p) => p.line))].filter((l) => l >= 1 && l <= last).sort((a, b) => a - b);
  const excerpts: Excerpt[] = [];
  let current: Excerpt | undefined;
  let end = 0;
  for (const l of lines) {
    const from = Math.max(1, l - context, end + 1);
    const to = Math.min(last, l + context);
    if (!current || from > end + 1) excerpts.push((current = []));
    for (let n = from; n <= to; n++) current.push(excerptLine(text, index, n, columns.get(n) ?? []));
    end = Math.max(end, to);
  }
  return excerpts;
}

/** Line `n` of the text, cut to a window around `columns` when it is long. */
function excerptLine(text: string, index: LineIndex, n: number, columns: readonly number[]): ExcerptLine {
  const start = index.offsetAt({ line: n - 1, character: 0 });
  const full = text.slice(start, index.offsetAt({ line: n - 1, character: Number.MAX_SAFE_INTEGER }));
  if (full.length <= MAX_LINE) return { line: n, text: full, from: 1, cut: false };
  const lo = columns.length ? Math.min(...columns) - 1 : 0;
  const hi = columns.length ? Math.max(...columns) - 1 : 0;
  // Centred on the findings; when they are further apart than the window, from the first of them.
  const begin = Math.max(0, Math.min(lo - Math.max(0, (MAX_LINE - (hi - lo)) >> 1), full.length - MAX_LINE));
  return { line: n, text: full.slice(begin, begin + MAX_LINE), from: begin + 1, cut: begin + MAX_LINE < full.length };
}
