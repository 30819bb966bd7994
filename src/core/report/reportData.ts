/**
 * What `scale report` embeds in its HTML page for the page's script to draw:
 * plain JSON, built by the CLI (src/cli/report.ts) and read by the page
 * (webview/report.ts). The diagram is the webview's own message data, already
 * laid out, so the page needs no layout engine; scenario results are those
 * of `scale simulate --format json` for the same seed.
 */
import type { ElkNodeJson } from '../diagram/elkGraph';
import type { Severity } from '../findings';
import type { ScenarioResult } from '../scenario/types';
import type { PathsData } from './pathsData';
import type { Excerpt } from './sourceExcerpts';
import type { DiagramData } from '../webviewProtocol';
import type { SaturationRun } from '../whatIf/whatIf';

/** A finding as the report lists it: 1-based line and column. */
export interface ReportFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  /** The component whose declaration holds it, if one does. */
  component?: string;
}

/** The scenarios of the file, run. */
export interface ReportSimulation {
  /** The seed given on the command line, of the scenarios that name none; null: none given (they run with 1). */
  seed: number | null;
  /** Scenarios the file declares (valid or not). */
  declared: number;
  results: ScenarioResult[];
  /** Per result, the lines `scale simulate` prints for it. */
  text: string[][];
  /** Why nothing was run (the file does not validate), when nothing was. */
  notRun?: string;
}

/** Everything the report page shows. */
export interface ReportData {
  /** The version of scale that wrote the report. */
  version: string;
  /** The file as given, relative to the working folder when inside it. */
  file: string;
  diagram: DiagramData;
  /** The diagram's ELK graph with positions; absent when it was not laid out (`layoutNote` says why). */
  laidOut?: ElkNodeJson;
  layoutNote?: string;
  findings: ReportFinding[];
  /** Findings left out past the check's cap. */
  omittedFindings: number;
  /** The file's lines around the listed findings, which the findings link to. */
  source: Excerpt[];
  simulation: ReportSimulation;
  /** Availability and latency per entry point, RTO and RPO per store, SLOs: what `scale paths` gives; absent when the file does not validate. */
  paths?: PathsData;
  /** The saturation chart: the headroom's lines and the simulation's points with the report's seed; absent when the file does not validate. */
  saturation?: SaturationRun;
}
