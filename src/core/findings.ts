/**
 * Findings: the one shape every part renders (LSP diagnostics, SARIF results,
 * GitHub annotations, terminal lines, diagram badges). Positions are text
 * offsets in UTF-16 code units, as JavaScript strings index them; adapters
 * turn them into lines and columns.
 */

/** How serious a finding is; `off` only appears in rule configuration. */
export type Severity = 'error' | 'warning' | 'info';

/** Severity order, most serious first, for sorting and thresholds. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** A JSON path: property names and array indices from the document root. */
export type JsonPath = (string | number)[];

/** A span of the document text in UTF-16 code units. */
export interface TextRange {
  offset: number;
  length: number;
}

/** One text replacement; edits of one fix never overlap. */
export interface TextEdit {
  offset: number;
  length: number;
  newText: string;
}

/** A mechanical fix for a finding: applying all edits resolves it. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** True when the fix is the obvious one to apply (a "preferred" Quick Fix). */
  preferred?: boolean;
}

/** Another place that explains a finding: in the document, or in a file it imports. */
export interface RelatedLocation {
  message: string;
  path: JsonPath;
  range: TextRange;
  /** The imported file the place is in (the key its import host gave); absent: the document itself. */
  file?: string;
}

/** Why a finding is accepted: the entry of the file's `accepted` list that covers it. */
export interface Acceptance {
  reason: string;
  /** The entry's path, `["accepted", index]`. */
  path: JsonPath;
  /** The entry's range. */
  range: TextRange;
}

/** A problem found in a topology, with the place it is and the numbers behind it. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  path: JsonPath;
  range: TextRange;
  related?: RelatedLocation[];
  fixes?: Fix[];
  /** The figures the message quotes, for renderers that chart or sort them. */
  data?: Record<string, number | string | boolean>;
  /** Set when the file accepts this finding, with a reason: reported as accepted, not as a problem, and never failing a check. */
  accepted?: Acceptance;
}

/** Orders findings by position, then severity, then rule id: stable output for every renderer. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.range.offset - b.range.offset ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/** Applies non-overlapping edits to a text (used by tests and by the CLI's --fix). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.offset + e.length > limit) throw new Error('overlapping edits');
    out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
    limit = e.offset;
  }
  return out;
}
