/**
 * What `scale diff --format html` embeds in its page for the page's script
 * to draw: plain JSON, built by the CLI (src/cli/diffHtml.ts) and read by
 * the page (webview/diffPage.ts). Each side's diagram is the webview's own
 * message data, laid out as `scale report` lays it out; the tables are
 * already words (those of every format of `scale diff`), so the page only
 * puts text into cells.
 */
import type { ElkNodeJson } from '../diagram/elkGraph';
import type { FileDiff } from '../diff/types';
import type { DiagramData } from '../webviewProtocol';

/** How the change left a component of one side's diagram. */
export type NodeChange = 'added' | 'removed' | 'changed';

/** A component the change touched, by its id on one side. */
export interface DiffNodeMark {
  /** The component's id on this side (a renamed component's base id on the base). */
  id: string;
  change: NodeChange;
  /** What changed, in lines ("renamed from api", "instances 2 → 3"); empty for an added or removed component. */
  details: string[];
}

/** One side of a file as the page draws it. */
export interface DiffReportSide {
  /** What the side is: a file name, or `path@revision`. */
  label: string;
  /** Why the side has no diagram: no file on this side, or the file does not read as a topology. */
  missing?: string;
  diagram?: DiagramData;
  /** The diagram's ELK graph with positions; absent when it was not laid out (`layoutNote` says why). */
  laidOut?: ElkNodeJson;
  layoutNote?: string;
  /** The components of this side the change added, removed or changed. */
  marks: DiffNodeMark[];
}

/** A row of a table: its cells, and the component it is about on one side's diagram. */
export interface DiffTableRow {
  cells: string[];
  /** A class for the row: a change (`added`, `removed`, `changed`) or a severity. */
  tone?: string;
  /** Selecting the row marks this component on this side's diagram. */
  component?: { side: 'base' | 'head'; id: string };
}

/** A table of the page: Scale's own title and column names, and cells of text. */
export interface DiffTable {
  /** What the table holds, the same for every file: `introduced`, `resolved`, `unchanged`, `components`, `calls`, `scenarios`, `settings`, `load`, `saturation`, `outcomes`. */
  name: string;
  title: string;
  columns: string[];
  rows: DiffTableRow[];
  /** What the page says instead of a table without rows. */
  empty: string;
  /** A line under the table. */
  note?: string;
}

/** One compared file. */
export interface DiffReportFile {
  path: string;
  status: FileDiff['status'];
  /** What its sides are, in sentences (fileNotes). */
  notes: string[];
  base: DiffReportSide;
  head: DiffReportSide;
  tables: DiffTable[];
}

/** Everything the page of `scale diff --format html` shows. */
export interface DiffReportData {
  /** Tells this page's data from `scale report`'s, which the same script draws. */
  kind: 'diff';
  /** The version of scale that wrote it. */
  version: string;
  /** What was compared: file names, or revisions. */
  base: string;
  head: string;
  /** The change in one line (the verdict every format gives). */
  verdict: string;
  files: DiffReportFile[];
}
