/**
 * What `scale diff` says of a change to a topology, as plain data: the JSON
 * format prints it as it is (docs/diff.md documents every field), and the
 * text and Markdown formats are written from it. Nothing here depends on the
 * text's layout: components and scenarios are matched by id and name (a
 * renamed component by its kind, fields and calls), findings by rule and
 * JSON path, never by line.
 */
import type { JsonPath, Severity } from '../findings';

/** A value as the file wrote it, comments and key order aside. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** One field that changed, below what changed (a component, a call, a scenario, the file): absent on a side is `undefined`. */
export interface FieldChange {
  /** Relative to what changed: `["replication", "mode"]`, `["instances"]`. */
  path: JsonPath;
  before?: JsonValue;
  after?: JsonValue;
}

/** A component present on one side only. */
export interface ComponentPresence {
  id: string;
  kind: string;
}

/** A component on both sides (under the same id, or renamed) whose fields changed; calls are reported apart. */
export interface ComponentChange {
  /** The id on the head side. */
  id: string;
  kind: string;
  /** The id on the base side, when the component was renamed. */
  renamedFrom?: string;
  /** Its fields that changed, `calls` excluded; empty for a rename and nothing else. */
  changes: FieldChange[];
}

/** One call, named by the ids of its side: `from` calls `to` with `op` ("mixed" when the file gives a bare id). */
export interface CallRef {
  from: string;
  to: string;
  op: 'read' | 'write' | 'mixed';
}

/** A call on both sides whose share, fan-out or async changed. */
export interface CallChange extends CallRef {
  changes: FieldChange[];
}

/** A scenario on both sides (same name) whose faults, workload, duration, seed or budgets changed. */
export interface ScenarioChange {
  name: string;
  changes: FieldChange[];
}

/** What the files say, compared: the semantic diff of their content. */
export interface StructureDiff {
  components: {
    added: ComponentPresence[];
    removed: ComponentPresence[];
    /** Renamed or changed, by head id; a renamed component with no other change has empty `changes`. */
    changed: ComponentChange[];
  };
  /** Calls in head ids; a call whose caller or callee was renamed, and nothing else, is neither added nor removed. */
  calls: { added: CallRef[]; removed: CallRef[]; changed: CallChange[] };
  scenarios: { added: string[]; removed: string[]; changed: ScenarioChange[] };
  /** Changes outside components and scenarios: `workload`, `name`, `rules`, `description` (paths from the file's root). */
  file: FieldChange[];
}

/** How a node or edge of the compared graph came out of the change. */
export type ChangeStatus = 'added' | 'removed' | 'changed' | 'unchanged';

/**
 * Both sides' components and calls as one graph, in head ids: what a diagram
 * of the change draws (head order, then the removed ones). A renamed
 * component, or one whose fields changed, is "changed"; an edge is one per
 * caller and callee (whatever its ops), "changed" when one of its calls is.
 */
export interface DiffGraph {
  nodes: { id: string; kind: string; status: ChangeStatus; renamedFrom?: string }[];
  edges: { from: string; to: string; status: ChangeStatus }[];
}

/** A related location of a finding, with its place (1-based) in the file it is in. */
export interface DiffRelated {
  message: string;
  /** The file it is in, as the output names files, when that is not the compared file but one its imports read. */
  file?: string;
  path: JsonPath;
  line: number;
  column: number;
}

/** A finding as the diff lists it, with its place on its own side (1-based). */
export interface DiffFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  path: JsonPath;
  line: number;
  column: number;
  /** The component (head id for a head finding, base id for a base finding) whose declaration holds it. */
  component?: string;
  /** Other places that explain it; one in an imported file (where an imported component is declared) names that file. */
  related?: DiffRelated[];
  /** Set when the file accepts the finding (its `accepted` entry): shown with the reason, never failing a gate. */
  accepted?: { reason: string };
  /** Of a finding on both sides that reads otherwise on the head (its figures moved): the base's message. */
  was?: string;
}

/** Findings matched by rule id and JSON path (a renamed component's path under its new id), never by line. */
export interface FindingsDiff {
  /** On the head and not on the base. */
  introduced: DiffFinding[];
  /** On the base and not on the head. */
  resolved: DiffFinding[];
  /** On both; listed as on the head, with `was` where the base's message differs (a finding whose figures the change moved). */
  unchanged: DiffFinding[];
  /**
   * Set when the head exists but does not read as a topology: how many of the base's findings were not compared
   * (none of the rules that judge a design ran on the head, so they are neither resolved nor kept). The base's
   * findings of reading the file, syntax and schema, are compared as usual.
   */
  notCompared?: number;
}

/** One component's load at the workload's peak, from the load model. */
export interface LoadFigures {
  /** Requests per second arriving (reads + writes). */
  rps: number;
  /** Requests per second on its busiest node, and how many nodes serve it. */
  busiestNodeRps: number;
  nodes: number;
  /** The busiest node's use of its binding resource (1 = saturated), when a capacity is declared. */
  utilization?: number;
  resource?: string;
  /** Peak workload rps at which it saturates, when a capacity is declared. */
  ceilingRps?: number;
}

/** One component's figures before and after; a side without the component has none. */
export interface ComponentNumbers {
  /** Head id (base id for a removed component). */
  id: string;
  renamedFrom?: string;
  before?: LoadFigures;
  after?: LoadFigures;
  /** Whether any figure differs beyond float residue. */
  moved: boolean;
}

/** One entry point's requests on a side, from the availability and latency models (the figures of `scale paths`). */
export interface EntryFigures {
  /** The share of its requests answered. */
  availability: number;
  /** Milliseconds; null when unbounded (a component it reaches is past saturation). */
  p50Ms: number | null;
  p99Ms: number | null;
}

/** One entry point's figures before and after; a side without it has none. */
export interface EntryNumbers {
  /** Head id (base id for a removed entry point). */
  id: string;
  renamedFrom?: string;
  before?: EntryFigures;
  after?: EntryFigures;
  /** Whether a figure differs as `scale paths` writes it. */
  moved: boolean;
}

/** The tier whose ceiling is lowest: what breaks first as load grows. */
export interface Saturation {
  component: string;
  resource: string;
  ceilingRps: number;
}

/** The figures of both sides; none per component or entry point (and no peak) when a side that exists does not read as a topology: it has none to compare. */
export interface NumbersDiff {
  peakRps: { before?: number; after?: number };
  /** Every component of either side, in head order then the removed ones. */
  components: ComponentNumbers[];
  /** Every entry point of either side (head order, then the removed ones): its availability, p50 and p99. */
  entries: EntryNumbers[];
  firstToSaturate: { before?: Saturation; after?: Saturation };
}

/** A budget of a scenario as run on one side. */
export interface BudgetOutcome {
  metric: string;
  budget: number;
  measured: number;
  held: boolean;
  unbounded: boolean;
}

/** What one scenario run gave on one side. */
export interface ScenarioOutcome {
  seed: number;
  lostWrites: number;
  writeDowntimeMs: number;
  failedRequests: number;
  failedRequestFraction: number;
  keysMovedFraction: number;
  staleReadFraction: number;
  maxShardLoad: number;
  rejectedWrites: number;
  conflictingWrites: number;
  detectionTimeMs: number;
  /** Figures that stand for "until the end of the run". */
  unbounded: string[];
  budgets: BudgetOutcome[];
  /** Present when the run was thinned to stay within its work budget. */
  sampled?: string;
}

/** A scenario run on both sides with the same seed (a side without it has none). */
export interface ScenarioDelta {
  name: string;
  before?: ScenarioOutcome;
  after?: ScenarioOutcome;
  /** Whether any figure or budget verdict differs, beyond what a rename's other sample explains (below). */
  moved: boolean;
  /**
   * True when the figures differ only because components were renamed: a
   * simulation draws each component's randomness by its id, and the base run
   * under the head's ids gives the head's figures. `before` is still the
   * base as `scale simulate` runs it.
   */
  resampledByRename?: boolean;
}

/** One side of the comparison. */
export interface DiffSide {
  /** What the side is: a file name, or `path@revision`. */
  label: string;
  /** False when the file does not exist on this side (added or deleted by the change). */
  exists: boolean;
  /** False when the file does not parse as a topology (its findings are then the syntax findings). */
  analysed: boolean;
  /** Errors of reading, validation and references. */
  modelErrors: number;
  /** Why the scenarios were not run on this side, when they were not. */
  notSimulated?: string;
  findings: { error: number; warning: number; info: number };
}

/** The comparison of one topology file. */
export interface FileDiff {
  /** The file's path as shown (the head's, or the base's when deleted). */
  path: string;
  status: 'added' | 'deleted' | 'modified' | 'unchanged';
  /**
   * Set when the file is compared because it imports (directly or through another import) files the change touched,
   * not because it changed itself: those files, as the output names them.
   */
  importsChanged?: string[];
  base: DiffSide;
  head: DiffSide;
  structure: StructureDiff;
  graph: DiffGraph;
  findings: FindingsDiff;
  numbers: NumbersDiff;
  scenarios: ScenarioDelta[];
}
