/**
 * Messages between the extension host and the diagram webview, declared once
 * and imported by both sides as discriminated unions; each side validates
 * what it receives with these schemas before using it. Every string, array
 * and number is bounded, so a malformed or oversized message is refused whole.
 *
 * The handshake: the webview sends `ready`; only then does the host send
 * `diagram` (or `unavailable`), and `cursor` as the editor's cursor moves (and
 * after each diagram).
 * While the simulation panel is open (`simulationPanel`), the host also sends
 * the document's text with the simulation seed (`source`): the webview runs
 * the simulation itself, in a worker.
 *
 * An export of the drawing as an image: the host sends `export` (the command,
 * or the toolbar's `saveImage`), the webview answers with the file
 * (`exported`) or says why it has none (`exportFailed`), under the same id.
 *
 * The comparison with git HEAD: the host says whether it can be had and
 * whether it is on (`compareState`, before each diagram); the toolbar's
 * toggle asks to turn it on or off (`compare`); while it is on, each diagram
 * carries the change.
 */
import * as z from 'zod';
import { MAX_FILE_CHARS } from './model/parse';
import type { DiagramResult } from './protocol';
import { importedChars, type ImportSnapshot, MAX_IMPORTED_FILES } from './model/imports';
import { BALANCER_ALGORITHMS, WHAT_IF_DURATION_MS } from './whatIf/whatIfOptions';
import { KEY_DISTRIBUTIONS } from './model/enums';
import { MAX_CHANGE_DETAILS, MAX_CHANGE_LINE_CHARS, MAX_CHANGE_LINES } from './diagram/diagramOverlay';
import { MAX_GROUP_KEY_CHARS, MAX_OPENED_GROUPS } from './diagram/collapse';
import { MAX_GLYPH_LINES } from './diagram/metrics';
import { MAX_EXPANDED_COPIES, MAX_EXPANDED_UNITS } from './diagram/replicaSet';

const Text = (max: number) => z.string().max(max);
/** Coordinates and sizes: finite and far beyond any real drawing, never Infinity or NaN. */
const Coord = z.number().min(-1e7).max(1e7);
const Line = z.number().int().min(0).max(10_000_000);
const Position = { line: Line, character: Line };
const LspPosition = z.strictObject(Position);
const LspRange = z.strictObject({ start: LspPosition, end: LspPosition });
const Severity = z.enum(['error', 'warning', 'info']);
const Count = z.number().int().min(0).max(1e9);
const Rate = z.number().min(0).max(1e16);

/** Largest number of components and calls a diagram message carries (the server lays out at most 2,000 and 10,000). */
export const MAX_MESSAGE_NODES = 2000;
export const MAX_MESSAGE_EDGES = 10_000;
/** Region and zone boxes a diagram message carries at most. */
const MAX_MESSAGE_GROUPS = 2000;

// --- the ELK graph (before layout) -------------------------------------------

const LayoutOptions = z.record(Text(128), Text(256)).refine((o) => Object.keys(o).length <= 64, 'too many layout options');
const ElkLabel = z.strictObject({ id: Text(1200).optional(), text: Text(1000), x: Coord.optional(), y: Coord.optional(), width: Coord, height: Coord });
const ElkId = Text(400);
const shape = { id: ElkId, x: Coord.optional(), y: Coord.optional(), width: Coord.optional(), height: Coord.optional(), labels: z.array(ElkLabel).max(4).optional(), layoutOptions: LayoutOptions.optional() };
/** A component's box. */
const ElkLeaf = z.strictObject({ ...shape });
/**
 * A zone box holds components; a region box holds zone boxes and components; an imported file's box holds
 * region and zone boxes and components (the depth is fixed: no recursion on input).
 */
const ElkZone = z.strictObject({ ...shape, children: z.array(ElkLeaf).max(MAX_MESSAGE_NODES) });
const ElkRegion = z.strictObject({ ...shape, children: z.array(z.union([ElkLeaf, ElkZone])).max(MAX_MESSAGE_NODES + MAX_MESSAGE_GROUPS) });
const ElkFile = z.strictObject({ ...shape, children: z.array(z.union([ElkLeaf, ElkZone, ElkRegion])).max(MAX_MESSAGE_NODES + MAX_MESSAGE_GROUPS) });
const ElkEdge = z.strictObject({ id: Text(1000), sources: z.tuple([ElkId]), targets: z.tuple([ElkId]), labels: z.array(ElkLabel).max(2).optional() });
/** The graph to lay out. */
export const ElkGraph = z.strictObject({
  ...shape,
  children: z.array(z.union([ElkLeaf, ElkZone, ElkRegion, ElkFile])).max(MAX_MESSAGE_NODES + MAX_MESSAGE_GROUPS),
  edges: z.array(ElkEdge).max(MAX_MESSAGE_EDGES),
});

// --- the diagram -------------------------------------------------------------

const Counts = z.strictObject({ error: Count, warning: Count, info: Count });
const FindingItem = z.strictObject({ ruleId: Text(64), severity: Severity, message: Text(1000), range: LspRange });
const Findings = (max: number) => z.strictObject({ counts: Counts, items: z.array(FindingItem).max(max) });
/** A hover's lines of what changed. */
const ChangeLines = (max: number) => z.array(Text(MAX_CHANGE_LINE_CHARS)).max(max);
/** How a component came out of the change against the base. */
const NodeChange = z.strictObject({ status: z.enum(['added', 'changed', 'unchanged']), renamedFrom: Text(1000).optional(), lines: ChangeLines(MAX_CHANGE_LINES) });
/** The change against the base that no node of the head shows. */
const DiagramChange = z.strictObject({
  base: Text(200),
  summary: Text(MAX_CHANGE_LINE_CHARS),
  details: ChangeLines(MAX_CHANGE_DETAILS + 1),
  removedNodes: z.array(z.strictObject({ elkId: ElkId, id: Text(1000), kind: Text(64), lines: ChangeLines(MAX_CHANGE_LINES) })).max(MAX_MESSAGE_NODES),
  removedEdges: z.array(z.strictObject({ elkId: Text(1000), from: ElkId, to: ElkId })).max(MAX_MESSAGE_EDGES),
});
const RelationKind = z.enum(['fronts', 'sessionStore']);
/** A unit's figures: its rps, and each of its copies'. */
const UnitLoad = z.strictObject({ rps: Rate, copyRps: z.array(Rate).max(MAX_EXPANDED_COPIES) });
/** A store's shards and copies, which its glyph expands to (copies only for a store small enough to draw one by one). */
const ReplicaSet = z.strictObject({
  sharded: z.boolean(),
  units: Count,
  copiesPerUnit: Count,
  copies: z.array(z.strictObject({ role: z.enum(['primary', 'leader', 'node', 'replica']), mode: Text(16).optional() })).max(MAX_EXPANDED_COPIES).optional(),
  load: z.strictObject({ unit: UnitLoad, hottest: UnitLoad.extend({ unit: z.number().int().min(0).max(MAX_EXPANDED_UNITS), share: z.number().min(0).max(1) }).optional() }).optional(),
});
const DiagramNode = z.strictObject({
  elkId: ElkId,
  id: Text(1000),
  kind: Text(64),
  instances: Count.optional(),
  region: Text(200).optional(),
  zones: z.array(Text(64)).max(16).optional(),
  description: Text(400).optional(),
  valid: z.boolean(),
  duplicate: z.boolean(),
  keyRange: LspRange,
  range: LspRange,
  /** Another file declares it: its ranges are in `file` (a URI the host opens; a path in a report). */
  imported: z.strictObject({ file: Text(4096), from: Text(1000), via: Text(1000).optional() }).optional(),
  /** Shards, replication, sessions in a few words: a line each. */
  glyph: z.array(Text(400)).max(MAX_GLYPH_LINES).optional(),
  replicaSet: ReplicaSet.optional(),
  findings: Findings(20),
  load: z.strictObject({
    rps: Rate,
    text: Text(32),
    utilization: z.number().min(0).max(1e16).optional(),
    resource: z.enum(['rps', 'cpu', 'memory', 'connections', 'diskIops']).optional(),
  }).optional(),
  change: NodeChange.optional(),
});
const DiagramEdge = z.strictObject({
  elkId: Text(1000), from: ElkId, to: ElkId, rps: Rate.optional(), async: z.boolean(), op: z.enum(['read', 'write', 'mixed']), cycle: z.boolean(),
  relation: RelationKind.optional(),
  change: z.enum(['added', 'changed']).optional(),
  calls: Count.optional(),
  /** Set by the webview while it draws a simulation run whose partition cut the call: what the cut did, in words (the host sends none). */
  cut: Text(2000).optional(),
});
/** A relation no call carries (a cache's `fronts`, a service's `sessionStore`). */
const DiagramRelation = z.strictObject({ elkId: Text(1000), from: ElkId, to: ElkId, kind: RelationKind });
/** A box: an imported file's (named by the import's `from`, up to 1,024 characters), a region's or a zone's, which may sit in a file's box. */
const DiagramGroup = z.strictObject({ elkId: ElkId, kind: z.enum(['file', 'region', 'zone']), name: Text(1024), region: Text(200).optional(), file: Text(1024).optional() });

const GroupKey = Text(MAX_GROUP_KEY_CHARS);
const Opening = z.strictObject({ key: GroupKey, title: Text(200) });
/** A diagram past its bound, drawn collapsed: its groups drawn as one node each, and the reader's openings. */
const DiagramCollapse = z.strictObject({
  bound: Count,
  components: Count,
  note: Text(400),
  clusters: z.array(z.strictObject({
    elkId: ElkId,
    key: GroupKey,
    kind: z.enum(['file', 'region', 'zone', 'kind']),
    name: Text(200),
    title: Text(200),
    region: Text(200).optional(),
    zone: Text(200).optional(),
    file: Text(1024).optional(),
    components: Count,
    findings: Counts,
  })).max(MAX_MESSAGE_NODES),
  opened: z.array(Opening).max(MAX_OPENED_GROUPS),
  closed: z.array(Opening).max(MAX_OPENED_GROUPS),
});

/** The server's scale/diagram result, as the webview receives it. */
export const DiagramData = z.strictObject({
  uri: Text(4096),
  version: z.number().int(),
  name: Text(200).optional(),
  analysed: z.boolean(),
  graph: ElkGraph.optional(),
  notLaidOut: Text(400).optional(),
  layoutKey: Text(64),
  nodes: z.array(DiagramNode).max(MAX_MESSAGE_NODES),
  omittedNodes: Count,
  edges: z.array(DiagramEdge).max(MAX_MESSAGE_EDGES),
  omittedEdges: Count,
  relations: z.array(DiagramRelation).max(MAX_MESSAGE_NODES).optional(),
  groups: z.array(DiagramGroup).max(MAX_MESSAGE_GROUPS),
  /** The short title of each rule with a finding listed. */
  rules: z.array(z.strictObject({ id: Text(64), title: Text(400) })).max(200).optional(),
  fileFindings: Findings(100),
  totals: Counts,
  omittedFindings: Count,
  lastParsed: z.strictObject({ version: z.number().int(), problem: Text(400) }).optional(),
  change: DiagramChange.optional(),
  collapsed: DiagramCollapse.optional(),
});
export type DiagramData = z.infer<typeof DiagramData>;
/** Compile-time check that what the schema accepts is a DiagramResult (the server's type). */
type Assignable<T extends U, U> = T;
type DiagramDataIsResult = Assignable<DiagramData, DiagramResult>;

// --- host → webview ----------------------------------------------------------

/** host → webview: the diagram of the panel's document. */
export const ShowDiagramMessage = z.strictObject({ type: z.literal('diagram'), file: Text(1024), diagram: DiagramData });
/** host → webview: no diagram can be had (the document is closed, the server is not running); says why. */
export const UnavailableMessage = z.strictObject({ type: z.literal('unavailable'), file: Text(1024), reason: Text(1000) });
/**
 * host → webview: the editor's cursor in the panel's document moved (the webview highlights the node there).
 * `version` is the document's version the position is in: the webview holds a cursor until it shows a diagram
 * of that version or a later one, so that it is never matched against the lines of an older text.
 */
export const CursorMessage = z.strictObject({ type: z.literal('cursor'), uri: Text(4096), ...Position, version: z.number().int() });

/** Answers an import snapshot carries at most: one per import of each file a check reads. */
export const MAX_IMPORT_RECORDS = 4 * MAX_IMPORTED_FILES;
/** Characters of imported files' texts an import snapshot carries at most, all records together. */
export const MAX_IMPORTED_CHARS = MAX_FILE_CHARS;
const ImportReadData = z.union([z.strictObject({ file: Text(4096), text: Text(MAX_FILE_CHARS) }), z.strictObject({ refused: Text(1000) })]);
/** The files a check read for its imports (see ImportSnapshot), within bounds. */
const ImportSnapshotData = z.strictObject({
  file: Text(4096).nullable(),
  records: z.array(z.strictObject({ importer: Text(4096).nullable(), from: Text(4096), read: ImportReadData })).max(MAX_IMPORT_RECORDS),
}).refine((s) => importedChars(s) <= MAX_IMPORTED_CHARS, `the imported files hold more than ${MAX_IMPORTED_CHARS} characters`);
/** Compile-time check that what the schema accepts is an ImportSnapshot (the core's type). */
type ImportSnapshotDataIsSnapshot = Assignable<z.infer<typeof ImportSnapshotData>, ImportSnapshot>;

/**
 * host → webview: the document's text and the seed to simulate it with (`scale.simulationSeed`), while the
 * simulation panel is open; with the files its imports read, as the language server read them.
 */
export const SourceMessage = z.strictObject({
  type: z.literal('source'),
  uri: Text(4096),
  /** The document's name as results show it (relative to the workspace, as `scale simulate` is given it). */
  file: Text(1024),
  version: z.number().int(),
  text: Text(MAX_FILE_CHARS),
  seed: z.number().int().min(0).max(4_294_967_295),
  imports: ImportSnapshotData.optional(),
});

/** The image formats the drawing exports to. */
export const ImageFormat = z.enum(['svg', 'png']);
export type ImageFormat = z.infer<typeof ImageFormat>;
/** Numbers an export request, so that its answer is matched to it. */
const RequestId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** host → webview: make an image file of the drawing and send it back (`exported` or `exportFailed`, same id). */
export const ExportMessage = z.strictObject({ type: z.literal('export'), id: RequestId, format: ImageFormat });

/**
 * host → webview: whether the document can be compared with git HEAD (`reason` says why not: not in a
 * repository, not committed yet, git disabled) and whether the comparison is on; sent before each diagram.
 */
export const CompareStateMessage = z.strictObject({ type: z.literal('compareState'), available: z.boolean(), on: z.boolean(), reason: Text(1000).optional() });

/** Messages the host sends. */
export const HostMessage = z.discriminatedUnion('type', [ShowDiagramMessage, UnavailableMessage, CursorMessage, SourceMessage, ExportMessage, CompareStateMessage]);
export type HostMessage = z.infer<typeof HostMessage>;

// --- webview → host ----------------------------------------------------------

/** webview → host: the webview is ready for data (the host sends nothing before). */
export const ReadyMessage = z.strictObject({ type: z.literal('ready') });
/**
 * webview → host: reveal (and select) a range of the document in the editor; with `uri`, of another file: an
 * imported component's declaration (the host opens only a file the diagram it sent names).
 */
export const RevealMessage = z.strictObject({ type: z.literal('reveal'), ...Position, endLine: Line.optional(), endCharacter: Line.optional(), uri: Text(4096).optional() });
/** webview → host: how a layout went, for the output channel (figures for the layout budget). */
export const LayoutReportMessage = z.strictObject({
  type: z.literal('layoutReport'),
  outcome: z.enum(['laidOut', 'cached', 'timeout', 'error', 'skipped']),
  /** Milliseconds of layout in the worker (0 when none ran). */
  ms: z.number().min(0).max(1e7),
  /** Milliseconds on the webview's main thread: validating the message and drawing. */
  drawMs: z.number().min(0).max(1e7),
  /** Nodes laid out: the components drawn, and a collapsed diagram's groups. */
  nodes: Count,
  edges: Count,
  detail: Text(500).optional(),
});

/** webview → host: the simulation panel was opened or closed (the host sends `source` while it is open). */
export const SimulationPanelMessage = z.strictObject({ type: z.literal('simulationPanel'), open: z.boolean() });
/** webview → host: how a simulation in the webview's worker went, for the output channel. */
export const SimulationReportMessage = z.strictObject({
  type: z.literal('simulationReport'),
  kind: z.enum(['scenarios', 'whatIf', 'saturation']),
  outcome: z.enum(['done', 'notSimulated', 'timeout', 'error']),
  /** Milliseconds in the worker. */
  ms: z.number().min(0).max(1e7),
  /** Scenarios run, and budgets held and violated. */
  scenarios: Count,
  held: Count,
  violated: Count,
  detail: Text(500).optional(),
});

/** Largest image file an export sends, in bytes. */
export const MAX_EXPORT_BYTES = 50 * 1024 * 1024;
/** Base64 of a PNG: its 8-byte signature first, then base64 characters only. */
const PNG_BASE64 = /^iVBORw0KGgo[A-Za-z0-9+/]*={0,2}$/;

/** webview → host: the person asked to save the drawing as an image (the toolbar's SVG and PNG buttons). */
export const SaveImageMessage = z.strictObject({ type: z.literal('saveImage'), format: ImageFormat });
/** webview → host: the image file an `export` asked for: an SVG as its text, a PNG as base64 of its bytes. */
export const ExportedMessage = z.strictObject({
  type: z.literal('exported'),
  id: RequestId,
  format: ImageFormat,
  data: z.string().max(Math.ceil(MAX_EXPORT_BYTES / 3) * 4),
}).refine((m) => (m.format === 'svg' ? m.data.length <= MAX_EXPORT_BYTES && m.data.startsWith('<?xml') : PNG_BASE64.test(m.data)), 'not an SVG or PNG file of the allowed size');
/** webview → host: why an `export` has no file (no drawing, the list shown, the image too large or failing). */
export const ExportFailedMessage = z.strictObject({ type: z.literal('exportFailed'), id: RequestId, reason: Text(1000) });
/** webview → host: the toolbar's toggle turned the comparison with git HEAD on or off. */
export const CompareMessage = z.strictObject({ type: z.literal('compare'), on: z.boolean() });

/**
 * webview → host: the collapsed groups the reader opened, oldest first (a click on a group's node adds it, closing
 * one or "Collapse all" takes them away); the host asks for the diagram with them open.
 */
export const OpenGroupsMessage = z.strictObject({ type: z.literal('openGroups'), keys: z.array(GroupKey).max(MAX_OPENED_GROUPS) });

/** Messages the webview sends. */
export const WebviewMessage = z.discriminatedUnion('type', [ReadyMessage, RevealMessage, LayoutReportMessage, SimulationPanelMessage, SimulationReportMessage, SaveImageMessage, ExportedMessage, ExportFailedMessage, CompareMessage, OpenGroupsMessage]);
export type WebviewMessage = z.infer<typeof WebviewMessage>;

/** Zoom and pan of the diagram: screen = diagram × k + (x, y). */
export const ViewState = z.strictObject({ x: Coord, y: Coord, k: z.number().min(0.01).max(100) });
export type ViewState = z.infer<typeof ViewState>;

/** A fault the simulation panel puts on an instance (see WhatIfFault). */
const SimFault = z.strictObject({
  component: Text(200),
  instance: z.number().int().min(0).max(1_000_000),
  action: z.enum(['kill', 'slow']),
  latencyMs: z.number().min(0).max(3_600_000).optional(),
  restore: z.boolean().optional(),
});

/** A zone or region the simulation panel takes down (see WhatIfOutage). */
const SimOutage = z.strictObject({
  kind: z.enum(['zone', 'region']),
  name: Text(128),
  restore: z.boolean().optional(),
});

/** The simulation panel: open or not, its tab, and the what-if a person set up (never written to the file). */
export const SimulationState = z.strictObject({
  open: z.boolean(),
  tab: z.enum(['whatIf', 'scenarios']),
  /** The component whose instances are listed. */
  selected: Text(200).optional(),
  workload: z.strictObject({
    peakRps: z.number().positive().max(1e12).optional(),
    readFraction: z.number().min(0).max(1).optional(),
    keys: z.strictObject({ distribution: z.enum(KEY_DISTRIBUTIONS), exponent: z.number().positive().max(10).optional() }).optional(),
  }),
  algorithms: z.array(z.strictObject({ balancer: Text(200), algorithm: z.enum(BALANCER_ALGORITHMS) })).max(200),
  faults: z.array(SimFault).max(200),
  /** Zones and regions taken down (a state kept before they were offered has none). */
  outages: z.array(SimOutage).max(200).default([]),
  /** Instance counts in place of the file's (see WhatIfInput; a state kept before they were offered has none). */
  instances: z.array(z.strictObject({ component: Text(200), instances: z.number().int().min(1).max(1_000_000) })).max(200).default([]),
  /** Requests per second one instance serves, in place of the file's `capacity.rps`. */
  capacity: z.array(z.strictObject({ component: Text(200), rps: z.number().positive().max(1e12) })).max(200).default([]),
  /** When the faults happen and how long a restored one lasts, when not the defaults (within the run). */
  timing: z.strictObject({ atMs: z.number().min(0).max(WHAT_IF_DURATION_MS - 1), durationMs: z.number().positive().max(WHAT_IF_DURATION_MS) }).optional(),
  /** The scenario chosen to run. */
  scenario: z.number().int().min(0).max(100_000).optional(),
});
export type SimulationState = z.infer<typeof SimulationState>;

/** The state the webview keeps with setState, so that a reload restores the panel (its zoom and pan, the simulation panel, the comparison with HEAD, the groups opened, the legend). */
export const PanelState = z.strictObject({
  uri: Text(4096), view: ViewState.optional(), simulation: SimulationState.optional(), compare: z.boolean().optional(),
  opened: z.array(GroupKey).max(MAX_OPENED_GROUPS).optional(), legend: z.boolean().optional(),
});
export type PanelState = z.infer<typeof PanelState>;
