/** One checked file as the report writers see it. */
import type { Finding, RelatedLocation, TextRange } from '../core/findings';
import type { CoverageGap } from '../core/load/coverage';
import { LineIndex } from '../core/text/lineIndex';

/** A checked file: its path as shown, its findings, and the line index that places them. */
export interface ReportFile {
  /** The path relative to the working folder, with forward slashes. */
  path: string;
  findings: Finding[];
  /** Findings left out past the per-file cap. */
  omitted: number;
  lines: LineIndex;
  /** What the file does not give enough for the load model to judge ("capacity not checked for …"). */
  coverage?: CoverageGap[];
  /** The files its imports read, by their import host's key: where related locations with a `file` are. */
  imported?: ReadonlyMap<string, ShownFile>;
}

/** A file as reports name and place things in it. */
export interface ShownFile {
  /** As `ReportFile.path`. */
  path: string;
  lines: LineIndex;
}

/** The file a related location is in: an imported one, or the file itself. */
export function fileOf(file: ReportFile, related: RelatedLocation): ShownFile {
  return (related.file !== undefined ? file.imported?.get(related.file) : undefined) ?? file;
}

/** A 1-based region: columns in UTF-16 code units, the end column just past the last character. */
export interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** Converts an offset range into a 1-based region. */
export function regionOf(lines: LineIndex, range: TextRange): Region {
  const start = lines.positionAt(range.offset);
  const end = lines.positionAt(range.offset + range.length);
  return { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

/** Counts of findings by severity over all files; accepted findings are counted apart, under no severity. */
export interface Totals {
  error: number;
  warning: number;
  info: number;
  accepted: number;
  omitted: number;
  files: number;
  filesWithFindings: number;
}

/** Adds up findings by severity. */
export function totalsOf(files: readonly ReportFile[]): Totals {
  const t: Totals = { error: 0, warning: 0, info: 0, accepted: 0, omitted: 0, files: files.length, filesWithFindings: 0 };
  for (const f of files) {
    for (const x of f.findings) t[x.accepted ? 'accepted' : x.severity]++;
    t.omitted += f.omitted;
    if (f.findings.length > 0) t.filesWithFindings++;
  }
  return t;
}

/** "3 errors, 1 warning, 0 infos", and ", 2 accepted" when some are. */
export function totalsText(t: Totals): string {
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  return `${n(t.error, 'error')}, ${n(t.warning, 'warning')}, ${n(t.info, 'info')}${t.accepted > 0 ? `, ${t.accepted} accepted` : ''}`;
}

/** " (only errors shown: --quiet)" when a run's totals `all` (given under --quiet) count findings it does not show; else "". */
export function quietNote(all: Totals | undefined): string {
  return all && all.warning + all.info + all.accepted > 0 ? ' (only errors shown: --quiet)' : '';
}

/** The findings that are problems: those the file does not accept. */
export function problemsOf(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => !f.accepted);
}
