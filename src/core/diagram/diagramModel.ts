/**
 * What the diagram shows of one checked document: the ELK graph with its
 * layout key, and per node what the webview draws on it (kind, instances,
 * load, findings) and where it is declared (click reveals it, the cursor in
 * it highlights the node).
 *
 * Nodes are the declarations in the syntax tree, in file order, so that a
 * component that does not validate, or a duplicate, still has its box and its
 * error badge; then the components the file imports (those it names and what
 * they depend on), which the topology has once its imports resolve: each is
 * boxed in its file's group, carries its load and the findings placed on its
 * import, and its ranges are those of its declaration in the file that
 * declares it (a click opens that file there). Edges are the calls the topology resolved; while the file does
 * not validate as a whole (no topology), the calls whose target is declared.
 * Findings are the check's own finding objects (those of the squiggles),
 * attributed to the declaration that contains them.
 *
 * Compared with a base (the file at git HEAD), the diagram also carries the
 * change: each component's and call's status with its hover lines, and the
 * components and calls only the base has, laid out with the others (after
 * them, outside any region box) so that they can be drawn ghosted.
 */
import { getNodeValue, type Node } from 'jsonc-parser';
import type { Resource } from '../load/traffic';
import type { CheckResult } from '../check';
import type { ComponentNode } from '../model/topology';
import type { Finding, Severity, TextRange } from '../findings';
import { countedShapeOf, nodeCountsOf } from '../model/nodeCounts';
import { indexReferences } from '../model/references';
import { type ComponentOverlay, type DiagramOverlay, overlayEdgeKey } from './diagramOverlay';
import { DIAGRAM_NODE_BOUND, LARGE_GRAPH_NODES, MAX_LAYOUT_EDGES, MAX_LAYOUT_NODES } from './elkOptions';
import { num } from '../text/format';
import { LineIndex, type Position } from '../text/lineIndex';
import { type Cluster, type ClusterKind, collapseNote, type CollapsePlan, type GroupRef, planCollapse } from './collapse';
import { type DiagramGroup, type DiagramSpecEdge, type DiagramSpecNode, edgeRates, type ElkGraphResult, type ElkNodeJson, specNodeOf, toElkGraph } from './elkGraph';
import { formatRps } from '../text/format';
import { glyphLines, groupTitle, shorten } from './metrics';
import { glyphParts } from './nodeGlyph';
import type { ReplicaSet } from './replicaSet';
import { replicaSetOf } from './replicaSetOf';
import { RULES_BY_ID } from '../ruleCatalog';

/** Findings listed per node at most (all are counted). */
export const MAX_NODE_FINDINGS = 20;
/** Findings not about one component listed at most (all are counted). */
export const MAX_FILE_FINDINGS = 100;
/** Longest finding message sent to the diagram, in characters. */
export const MAX_FINDING_MESSAGE = 1000;

/** Longest id sent to the diagram (a valid id has at most 128 characters; an invalid one may be any text). */
export const MAX_ID_CHARS = 1000;

/** Findings by severity. */
export interface FindingCounts {
  error: number;
  warning: number;
  info: number;
}

/** A finding as the diagram shows it; `R` is a text range (offsets in the core, LSP ranges on the wire). */
export interface DiagramFinding<R> {
  ruleId: string;
  severity: Severity;
  message: string;
  range: R;
}

/** Findings of a node or of the file: all counted, the first few listed. */
export interface FindingSummary<R> {
  counts: FindingCounts;
  items: DiagramFinding<R>[];
}

/** A component's load at peak, as its box shows it. */
export interface DiagramLoad {
  rps: number;
  /** "16.2k rps". */
  text: string;
  /** The busiest resource's utilization (1 = saturated), when a capacity is declared. */
  utilization?: number;
  resource?: Resource;
}

/** Where an imported component comes from: its node's ranges are in `file`, not in the diagram's document. */
export interface DiagramImport {
  /** The file that declares it: its import host's key in the core; on the wire, what the receiver opens it by (a URI in the editor). */
  file: string;
  /** The `from` of the import that brings it, as written: its box is named after it. */
  from: string;
  /** The imported component it comes with, when the import does not name it (a dependency). */
  via?: string;
}

/** A component's box. */
export interface DiagramNode<R> {
  elkId: string;
  /** The id as written. */
  id: string;
  kind: string;
  instances?: number;
  region?: string;
  zones?: string[];
  description?: string;
  /** False when the component does not validate: it is left out of the analysis and has no edges. */
  valid: boolean;
  /** True for a declaration whose id is declared again later in the file (the later one counts). */
  duplicate: boolean;
  /** The declaration's key: clicking the node reveals it. */
  keyRange: R;
  /** The whole declaration: the cursor inside it highlights the node. */
  range: R;
  /** Set when another file declares the component: both ranges are in that file. */
  imported?: DiagramImport;
  /** Shards, replication, sessions in a few words, as laid out: a line each ("64 shards · primary + 2 async", "automatic failover"). */
  glyph?: string[];
  /** A validated store's shards and copies with the load model's figures, which the glyph expands to (see replicaSet.ts). */
  replicaSet?: ReplicaSet;
  findings: FindingSummary<R>;
  load?: DiagramLoad;
  /** How it came out of the change, when the diagram is compared with a base; absent when unchanged with nothing moved. */
  change?: ComponentOverlay;
}

/** A group of components drawn as one node (the diagram is collapsed): what it is and its counts. */
export interface DiagramCluster {
  elkId: string;
  /** What opens it (the panel sends it back). */
  key: string;
  kind: ClusterKind;
  /** The zone's, region's or imported file's name, or the components' kind. */
  name: string;
  /** "zone us-east-1a", "kind service": the node's title. */
  title: string;
  /** The box its node is drawn in, when it sits in one. */
  region?: string;
  zone?: string;
  file?: string;
  /** Components it stands for. */
  components: number;
  /** Their findings, by severity. */
  findings: FindingCounts;
}

/** A group the reader opened (or could not keep open). */
export interface DiagramOpening {
  key: string;
  /** "zone us-east-1a". */
  title: string;
}

/** How a diagram past its bound is drawn collapsed (see collapse.ts). */
export interface DiagramCollapse {
  /** Nodes one layout handles at most. */
  bound: number;
  /** Components of the file (its own and those it imports), drawn or in a group. */
  components: number;
  /** What was collapsed and why, in one sentence. */
  note: string;
  clusters: DiagramCluster[];
  /** The groups the reader opened that are open. */
  opened: DiagramOpening[];
  /** The groups the reader opened that were closed again: with them open, the drawing passes the bound. */
  closed: DiagramOpening[];
}

/** A call's edge. */
export interface DiagramEdge {
  elkId: string;
  /** ELK ids of the caller's and the callee's nodes. */
  from: string;
  to: string;
  /** Requests per second at peak, when the load model ran. */
  rps?: number;
  async: boolean;
  op: 'read' | 'write' | 'mixed';
  /** The call closes a cycle: the load model carries nothing on it. */
  cycle: boolean;
  /** The call is also a relation the caller declares: to the store it fronts, or to its session store. */
  relation?: RelationKind;
  /** Added or changed by the change, when the diagram is compared with a base. */
  change?: 'added' | 'changed';
  /** Set on an edge to or from a collapsed group: the calls it sums up (its rps is theirs added). */
  calls?: number;
}

/** A relation a component declares besides its calls: a cache's `fronts` (the store it sits in front of), a service's `sessionStore`. */
export type RelationKind = 'fronts' | 'sessionStore';

/** A relation no call carries (a cache-aside cache does not call its store): an edge of its own in the ELK graph. */
export interface DiagramRelation {
  elkId: string;
  /** ELK ids of the declaring component's node and of the one it names. */
  from: string;
  to: string;
  kind: RelationKind;
}

/** What each relation's edge label says. */
export const RELATION_LABELS: Readonly<Record<RelationKind, string>> = { fronts: 'fronts', sessionStore: 'session store' };

/** The change the diagram is compared with: what no node of the head shows. */
export interface DiagramChange {
  /** What the base is: "HEAD". */
  base: string;
  /** The change in one line. */
  summary: string;
  /** Changes no component shows (the file's fields, scenarios), a line each. */
  details: string[];
  /** Components only the base has, in the ELK graph after the others. */
  removedNodes: { elkId: string; id: string; kind: string; lines: string[] }[];
  /** Calls only the base has, between ELK ids of live or removed nodes. */
  removedEdges: { elkId: string; from: string; to: string }[];
}

/** Everything the diagram webview draws for one document version. */
export interface DiagramModel<R = TextRange> {
  /** The system's name, when the file has one. */
  name?: string;
  /** True when the file validated far enough to compute loads (rps on edges and nodes). */
  analysed: boolean;
  /** The ELK graph to lay out; absent when the file is too large to lay out (see `notLaidOut`). */
  graph?: ElkNodeJson;
  /** Why there is no graph: the webview shows the list instead. */
  notLaidOut?: string;
  /** Changes exactly when the layout must: a new number never changes it. */
  layoutKey: string;
  nodes: DiagramNode<R>[];
  /** Declarations beyond the nodes listed. */
  omittedNodes: number;
  edges: DiagramEdge[];
  /** Calls beyond the edges listed. */
  omittedEdges: number;
  /** Relations no call carries, each an edge of the graph (after the calls and the base's removed calls). */
  relations?: DiagramRelation[];
  groups: DiagramGroup[];
  /** The short title of each rule that has a finding listed, for the badges' hovers. */
  rules?: { id: string; title: string }[];
  /** Findings not inside any component's declaration (workload, scenarios, syntax). */
  fileFindings: FindingSummary<R>;
  /** Every finding of the file by severity but those it accepts, including those the check left out past its cap. */
  totals: FindingCounts;
  /** Findings the check left out past its cap. */
  omittedFindings: number;
  /** The change against a base, when the diagram is compared with one. */
  change?: DiagramChange;
  /** Set when the file has more components than the diagram draws at once: the groups drawn as one node each. */
  collapsed?: DiagramCollapse;
}

/** A declaration read from the syntax tree. */
interface Declaration {
  id: string;
  key: Node;
  prop: Node;
  value: Node | undefined;
}

/** How much of a diagram is drawn: the bound on the nodes one layout handles, and the groups the reader opened. */
export interface DiagramView {
  /** Nodes one layout handles at most (DIAGRAM_NODE_BOUND unless given; at most MAX_LAYOUT_NODES): past it, groups are collapsed. */
  maxNodes?: number;
  /** Keys of the collapsed groups the reader opened, oldest first (see collapse.ts). */
  opened?: readonly string[];
}

/**
 * Builds the diagram of a checked document, with the change against a base
 * when given; never throws on any checked input. A file with more components
 * than the view's bound is drawn collapsed (`collapsed` says how); when even
 * that is too many nodes, it gets no graph: `notLaidOut` says why, and the
 * first components are listed.
 */
export function buildDiagram(result: CheckResult, overlay?: DiagramOverlay, view: DiagramView = {}): DiagramModel {
  const topology = result.topology;
  const declarations = readDeclarations(result.parsed.root);
  // Components other files declare come after the file's own: the topology has them once its imports resolve.
  const imported = topology ? [...topology.components.values()].filter((c) => c.origin !== undefined) : [];
  /** The file's own component of an id (an invalid declaration's id may be an imported one's). */
  const own = (id: string): ComponentNode | undefined => {
    const c = topology?.components.get(id);
    return c && c.origin === undefined ? c : undefined;
  };

  // The declaration that counts for an id: the last (as in the value), and its node index.
  const lastIndex = new Map<string, number>();
  declarations.forEach((d, i) => lastIndex.set(d.id, i));
  // The node of each id the topology's calls and findings name: the declaration that counts, or the imported component.
  const nodeIndex = new Map(lastIndex);
  imported.forEach((c, k) => nodeIndex.set(c.id, declarations.length + k));
  const ids = [...declarations.map((d) => d.id), ...imported.map((c) => c.id)];

  const traffic = result.load;
  const specNodes: DiagramSpecNode[] = declarations.map((d, i) => {
    const c = lastIndex.get(d.id) === i ? own(d.id) : undefined;
    if (c) return specNodeOf(d.id, c.kind, c.kind === 'client' ? undefined : c.instances, c.data.region, c.data.zones, undefined, glyphLines(glyphParts(c.data)));
    // Counted as the topology counts it, so that a file invalid for a moment keeps its layout key.
    const kind = stringProp(d.value, 'kind');
    const raw = kind !== undefined && d.value ? getNodeValue(d.value) : undefined;
    const shape = raw !== undefined ? countedShapeOf(raw) : undefined;
    const instances = shape ? nodeCountsOf(shape).instances : 1;
    return specNodeOf(d.id, kind ?? '?', kind === 'client' ? undefined : instances, stringProp(d.value, 'region'), stringArrayProp(d.value, 'zones'), undefined, shape ? glyphLines(glyphParts(raw, shape)) : undefined);
  });
  for (const c of imported) specNodes.push(specNodeOf(c.id, c.kind, c.kind === 'client' ? undefined : c.instances, c.data.region, c.data.zones, c.origin!.from, glyphLines(glyphParts(c.data))));

  // Edges: resolved calls, or while there is no topology, calls to a declared id.
  const edgeSources: EdgeSource[] = [];
  // Relations (a cache's `fronts`, a service's `sessionStore`) by the node indices of their ends, the same way.
  const declaredRelations: RelationSource[] = [];
  if (topology && traffic) {
    const rates = edgeRates(topology, traffic);
    const cycles = new Set(traffic.cycleEdges);
    for (const e of topology.edges) {
      const from = nodeIndex.get(e.from);
      const to = nodeIndex.get(e.to);
      if (from === undefined || to === undefined) continue;
      edgeSources.push({ from, to, rps: rates.get(e) ?? 0, async: e.async, op: e.op, cycle: cycles.has(e) });
    }
    for (const c of topology.components.values()) {
      const target = c.data.kind === 'cache' ? c.data.fronts : c.data.kind === 'service' ? c.data.sessionStore : undefined;
      const from = nodeIndex.get(c.id);
      const to = target === undefined ? undefined : nodeIndex.get(target);
      if (from !== undefined && to !== undefined) declaredRelations.push({ from, to, kind: c.data.kind === 'cache' ? 'fronts' : 'sessionStore' });
    }
  } else {
    const starts = declarations.map((d) => d.prop.offset);
    for (const r of indexReferences(result.parsed.root).references) {
      if (r.kind !== 'calls' && r.kind !== 'fronts' && r.kind !== 'sessionStore') continue;
      const from = containing(starts, declarations, r.range.offset);
      const to = lastIndex.get(r.id);
      if (from === undefined || to === undefined) continue;
      if (r.kind === 'calls') edgeSources.push({ from, to, async: false, op: 'mixed', cycle: false });
      else declaredRelations.push({ from, to, kind: r.kind });
    }
  }
  // A relation that a call carries marks that call; the others get edges of their own, after the calls.
  const firstCall = new Map<string, EdgeSource>();
  for (const e of edgeSources) if (!firstCall.has(`${e.from}>${e.to}`)) firstCall.set(`${e.from}>${e.to}`, e);
  const relationSources = declaredRelations.filter((r) => {
    const call = firstCall.get(`${r.from}>${r.to}`);
    if (call) call.relation = r.kind;
    return !call;
  });

  // Findings to the declaration that contains them, or to the component they are about (one imported is placed on
  // the import, outside any declaration); the rest are the file's.
  const starts = declarations.map((d) => d.prop.offset);
  const nodeFindings = ids.map((): FindingSummary<TextRange> => ({ counts: { error: 0, warning: 0, info: 0 }, items: [] }));
  const fileFindings: FindingSummary<TextRange> = { counts: { error: 0, warning: 0, info: 0 }, items: [] };
  const totals: FindingCounts = { error: 0, warning: 0, info: 0 };
  for (const f of result.findings) {
    // An accepted finding is no problem: no badge, not counted (the editor shows it as a hint).
    if (f.accepted) continue;
    totals[f.severity]++;
    let i = containing(starts, declarations, f.range.offset);
    if (i === undefined && f.path[0] === 'components' && typeof f.path[1] === 'string') i = nodeIndex.get(f.path[1]);
    add(i === undefined ? fileFindings : nodeFindings[i]!, f, i === undefined ? MAX_FILE_FINDINGS : MAX_NODE_FINDINGS);
  }

  // What is drawn: every component; past the bound, groups collapsed; past what even they fit in, the first few listed.
  const bound = Math.min(view.maxNodes ?? DIAGRAM_NODE_BOUND, MAX_LAYOUT_NODES);
  const plan = planCollapse(specNodes, bound, view.opened);
  const drawing = plan ? collapsedSpec(plan, specNodes, edgeSources, relationSources) : listedSpec(specNodes, edgeSources, relationSources, plan === null ? MAX_LAYOUT_NODES : specNodes.length);
  const removed = overlay && !plan ? removedSpec(overlay, nodeIndex, drawing.nodes, drawing.edges) : undefined;
  const firstRelation = drawing.edges.length;
  // Within the edges the layout takes (and a diagram message carries); none past LARGE_GRAPH_NODES nodes drawn, where
  // every edge costs layout time (measured here: 10% more edges, 30% more time at 1,000) and the hovers still say them.
  const relationRoom = drawing.nodes.length > LARGE_GRAPH_NODES ? 0 : Math.max(0, MAX_LAYOUT_EDGES - firstRelation);
  drawing.relations.splice(relationRoom);
  for (const r of drawing.relations) drawing.edges.push({ from: r.from, to: r.to, label: RELATION_LABELS[r.kind] });
  // Label slots on every edge, with or without figures: the file going invalid for a moment keeps its layout.
  const elk = toElkGraph({ nodes: drawing.nodes, edges: drawing.edges, edgeLabels: true });

  /** A node's box: what every node has, and what the component (validated, when it is) tells of itself. */
  const nodeOf = (i: number, c: ComponentNode | undefined, value: Node | undefined, ranges: Pick<DiagramNode<TextRange>, 'keyRange' | 'range'>, duplicate: boolean): DiagramNode<TextRange> => {
    const spec = specNodes[i]!;
    const node: DiagramNode<TextRange> = {
      elkId: elk.nodeIds[drawing.at[i]!]!,
      id: shorten(ids[i]!, MAX_ID_CHARS),
      kind: shorten(spec.kind, 64),
      valid: c !== undefined,
      duplicate,
      ...ranges,
      findings: nodeFindings[i]!,
    };
    if (spec.instances !== undefined) node.instances = spec.instances;
    if (spec.glyph) node.glyph = spec.glyph;
    const region = c ? c.data.region : stringProp(value, 'region');
    const zones = c ? c.data.zones : stringArrayProp(value, 'zones');
    if (region !== undefined) node.region = shorten(region, 200);
    if (zones !== undefined) node.zones = zones.slice(0, 16).map((z) => shorten(z, 64));
    const description = c ? c.data.description : stringProp(value, 'description');
    if (description !== undefined) node.description = shorten(description, 400);
    const load = c && traffic?.loads.get(c.id);
    const replicas = c && spec.glyph ? replicaSetOf(c.data, load || undefined) : undefined;
    if (replicas) node.replicaSet = replicas;
    if (load) {
      const rps = load.reads + load.writes;
      const top = load.utilization[0];
      node.load = { rps, text: formatRps(rps), ...(top ? { utilization: top.value, resource: top.resource } : {}) };
    }
    const change = duplicate ? undefined : overlay?.components.get(ids[i]!);
    if (change && (change.status !== 'unchanged' || change.lines.length > 0)) node.change = change;
    return node;
  };
  const nodes: DiagramNode<TextRange>[] = [];
  for (const i of drawing.shown) {
    if (i < declarations.length) {
      const d = declarations[i]!;
      const counts = lastIndex.get(d.id) === i;
      const ranges = { keyRange: { offset: d.key.offset, length: d.key.length }, range: { offset: d.prop.offset, length: d.prop.length } };
      nodes.push(nodeOf(i, counts ? own(d.id) : undefined, d.value, ranges, !counts));
      continue;
    }
    const c = imported[i - declarations.length]!;
    const origin = c.origin!;
    // Its declaration in the file that declares it: a click opens that file there.
    const locator = result.imported.get(origin.file)?.locator;
    const prop = locator?.property(c.path);
    const keyRange = locator?.keyRange(c.path) ?? { offset: 0, length: 0 };
    const node = nodeOf(i, c, undefined, { keyRange, range: prop ? { offset: prop.offset, length: prop.length } : keyRange }, false);
    node.imported = { file: origin.file, from: shorten(origin.from, MAX_ID_CHARS), ...(origin.via !== undefined ? { via: shorten(origin.via, MAX_ID_CHARS) } : {}) };
    nodes.push(node);
  }

  const edges: DiagramEdge[] = [];
  drawing.edges.forEach((e, k) => {
    const elkId = elk.edgeIds[k];
    const source = drawing.edgeSources[k];
    if (elkId === undefined || !source || edges.length >= MAX_LAYOUT_EDGES) return;
    const edge: DiagramEdge = { elkId, from: elk.nodeIds[e.from]!, to: elk.nodeIds[e.to]!, async: source.async, op: source.op, cycle: source.cycle };
    if (source.rps !== undefined) edge.rps = source.rps;
    if (source.relation) edge.relation = source.relation;
    if (source.calls !== undefined) edge.calls = source.calls;
    const change = source.calls === undefined ? overlay?.calls.get(overlayEdgeKey(ids[source.from]!, ids[source.to]!)) : undefined;
    if (change) edge.change = change;
    edges.push(edge);
  });

  const name = topology?.file.name ?? stringProp(result.parsed.root, 'name');
  const total = ids.length;
  const notLaidOut = plan === null
    ? `${num(total)} components: even grouped by kind, more than the ${num(bound)} nodes the diagram draws at once`
    : drawing.edgeSources.length > MAX_LAYOUT_EDGES ? `${num(drawing.edgeSources.length)} calls: the diagram lays out at most ${num(MAX_LAYOUT_EDGES)}` : undefined;
  const model: DiagramModel = {
    analysed: topology !== undefined,
    layoutKey: notLaidOut ? '' : elk.layoutKey,
    nodes,
    omittedNodes: plan === null ? total - nodes.length : 0,
    edges,
    omittedEdges: drawing.edgeSources.length - edges.length,
    groups: elk.groups,
    fileFindings,
    totals,
    omittedFindings: result.omitted,
  };
  if (name !== undefined) model.name = shorten(name, 200);
  const relations: DiagramRelation[] = [];
  drawing.relations.forEach((r, k) => {
    const elkId = elk.edgeIds[firstRelation + k];
    if (elkId !== undefined) relations.push({ elkId, from: elk.nodeIds[r.from]!, to: elk.nodeIds[r.to]!, kind: r.kind });
  });
  if (relations.length > 0) model.relations = relations;
  const rules = ruleTitles([fileFindings, ...nodeFindings]);
  if (rules.length > 0) model.rules = rules;
  if (plan) model.collapsed = diagramCollapse(plan, total, bound, drawing, elk, nodeFindings);
  if (overlay) model.change = diagramChange(overlay, removed ?? { nodes: [], edges: [] }, elk, drawing.nodes.length - (removed?.nodes.length ?? 0), drawing.edgeSources.length, plan ? 'the diagram is drawn collapsed' : undefined);
  if (notLaidOut) model.notLaidOut = notLaidOut;
  else model.graph = elk.graph;
  return model;
}

/** A call to draw: a resolved call (or, while the file does not validate, one to a declared id), or those collapsed groups sum up. */
interface EdgeSource {
  /** Spec indices of the caller and callee (of one of the calls, for a sum). */
  from: number;
  to: number;
  rps?: number;
  async: boolean;
  op: DiagramEdge['op'];
  cycle: boolean;
  /** The calls a sum stands for. */
  calls?: number;
  /** The call is also a relation its caller declares (never set on a sum). */
  relation?: RelationKind;
}

/** A relation no call carries, between two nodes by index (of the spec, or of the drawing once in a DrawingSpec). */
interface RelationSource {
  from: number;
  to: number;
  kind: RelationKind;
}

/** What goes into the ELK graph, and where each component of the spec went. */
interface DrawingSpec {
  nodes: DiagramSpecNode[];
  edges: DiagramSpecEdge[];
  /** Per edge of `edges` (before the base's removed calls), the call or sum it draws. */
  edgeSources: EdgeSource[];
  /** The relations no call carries between the nodes drawn, by index in `nodes`: their edges come after all others. */
  relations: RelationSource[];
  /** Spec indices of the components drawn (or listed) as themselves, in file order. */
  shown: number[];
  /** Per spec index, the index in `nodes` of what draws it (the component, or its group); -1 when left out. */
  at: Int32Array;
  /** Per cluster of the plan, its index in `nodes`. */
  clusterAt: number[];
}

/** Every component as itself, the first `limit` of them (the list shows those past the bound). */
function listedSpec(specNodes: readonly DiagramSpecNode[], sources: readonly EdgeSource[], relationSources: readonly RelationSource[], limit: number): DrawingSpec {
  const nodes = specNodes.slice(0, limit);
  const at = new Int32Array(specNodes.length).fill(-1);
  nodes.forEach((_, i) => (at[i] = i));
  const edgeSources = sources.filter((e) => e.from < nodes.length && e.to < nodes.length);
  const edges = edgeSources.map((e) => ({ from: e.from, to: e.to, label: rpsLabel(e.rps) }));
  const relations = relationSources.filter((r) => r.from < nodes.length && r.to < nodes.length);
  return { nodes, edges, edgeSources, relations, shown: nodes.map((_, i) => i), at, clusterAt: [] };
}

/**
 * The components drawn and their groups, each group where its first member
 * is (in the box it sits in), and the calls: those between two components
 * drawn as they are, those with an end in a group summed per pair of nodes
 * (their rps added, from the one load model), those inside a group left out.
 * Relations (a cache's `fronts`, a service's `sessionStore`) are not summed:
 * one is what a component says of another, which a group's node does not
 * show, so only those between two components drawn as they are keep their
 * edge, and a sum of calls carries no relation mark (a group opened shows them).
 */
function collapsedSpec(plan: CollapsePlan, specNodes: readonly DiagramSpecNode[], sources: readonly EdgeSource[], relationSources: readonly RelationSource[]): DrawingSpec {
  const nodes: DiagramSpecNode[] = [];
  const at = new Int32Array(specNodes.length).fill(-1);
  const clusterAt: number[] = plan.clusters.map(() => -1);
  const shown: number[] = [];
  specNodes.forEach((n, i) => {
    const c = plan.clusterOf[i]!;
    if (c < 0) {
      at[i] = nodes.length;
      shown.push(i);
      nodes.push(n);
      return;
    }
    if (clusterAt[c]! < 0) {
      const cluster = plan.clusters[c]!;
      clusterAt[c] = nodes.length;
      nodes.push({ id: clusterTitle(cluster), kind: cluster.kind, cluster: cluster.key, ...clusterPlace(cluster) });
    }
    at[i] = clusterAt[c]!;
  });
  const edgeSources: EdgeSource[] = [];
  const sums = new Map<string, EdgeSource>();
  for (const e of sources) {
    const from = at[e.from]!;
    const to = at[e.to]!;
    const grouped = plan.clusterOf[e.from]! >= 0 || plan.clusterOf[e.to]! >= 0;
    if (!grouped) {
      edgeSources.push(e);
      continue;
    }
    if (from === to) continue; // inside one group
    const key = `${from}>${to}`;
    const sum = sums.get(key);
    if (!sum) {
      const s: EdgeSource = { ...e, calls: 1 };
      delete s.relation;
      sums.set(key, s);
      edgeSources.push(s);
      continue;
    }
    sum.calls!++;
    if (e.rps !== undefined) sum.rps = (sum.rps ?? 0) + e.rps;
    sum.async &&= e.async;
    sum.cycle &&= e.cycle;
    if (sum.op !== e.op) sum.op = 'mixed';
  }
  const edges = edgeSources.map((e) => ({ from: at[e.from]!, to: at[e.to]!, label: rpsLabel(e.rps) }));
  const relations = relationSources.filter((r) => plan.clusterOf[r.from]! < 0 && plan.clusterOf[r.to]! < 0).map((r) => ({ from: at[r.from]!, to: at[r.to]!, kind: r.kind }));
  return { nodes, edges, edgeSources, relations, shown, at, clusterAt };
}

/** An edge label: its rps, or a dash while the load model did not run. */
function rpsLabel(rps: number | undefined): string {
  return rps === undefined ? '– rps' : formatRps(rps);
}

/** A group's title, as its node shows it: "zone us-east-1a", "region eu", "imported from ./platform.scale.json", "kind service". */
export function clusterTitle(c: Pick<Cluster, 'kind' | 'name'>): string {
  return c.kind === 'kind' ? shorten(`kind ${c.name}`) : groupTitle(c.kind, c.name);
}

/** The box a group's node is drawn in: the one its box sits in, or the one its components sit in. */
function clusterPlace(c: Cluster): Pick<DiagramSpecNode, 'region' | 'zone' | 'importedFrom'> {
  const file = c.kind === 'file' ? undefined : c.file;
  return {
    ...(file !== undefined ? { importedFrom: file } : {}),
    ...(c.region !== undefined ? { region: c.region } : {}),
    ...(c.kind === 'kind' && c.zone !== undefined ? { zone: c.zone } : {}),
  };
}

/** The model's account of a collapsed drawing: its groups with their counts, and the reader's openings. */
function diagramCollapse(plan: CollapsePlan, components: number, bound: number, drawing: DrawingSpec, elk: ElkGraphResult, findings: readonly FindingSummary<TextRange>[]): DiagramCollapse {
  const opening = (g: GroupRef): DiagramOpening => ({ key: g.key, title: clusterTitle(g) });
  const clusters = plan.clusters.map((c, k): DiagramCluster => {
    const counts: FindingCounts = { error: 0, warning: 0, info: 0 };
    for (const i of c.members) for (const s of ['error', 'warning', 'info'] as const) counts[s] += findings[i]!.counts[s];
    const place = { ...(c.region !== undefined ? { region: shorten(c.region, 200) } : {}), ...(c.zone !== undefined ? { zone: shorten(c.zone, 200) } : {}), ...(c.file !== undefined ? { file: shorten(c.file, 1024) } : {}) };
    return { elkId: elk.nodeIds[drawing.clusterAt[k]!]!, key: c.key, kind: c.kind, name: shorten(c.name, 200), title: clusterTitle(c), ...place, components: c.members.length, findings: counts };
  });
  return { bound, components, note: collapseNote(components, bound, plan), clusters, opened: plan.opened.map(opening), closed: plan.closed.map(opening) };
}

/** What the spec holds of the base: its removed components and calls, as far as the layout's limits let them in. */
interface RemovedSpec {
  /** The removed components in the spec, in the overlay's order (the first ones, within the limit). */
  nodes: DiagramOverlay['removedComponents'];
  /** The removed calls in the spec, by spec index of their ends. */
  edges: { from: number; to: number }[];
}

/**
 * Appends the base's removed components and calls to the spec: the
 * components outside any region box, a call's end found among the removed
 * components first (a removed id is never a head id, but a duplicate may
 * be), then among the head's.
 */
function removedSpec(overlay: DiagramOverlay, lastIndex: ReadonlyMap<string, number>, specNodes: DiagramSpecNode[], specEdges: DiagramSpecEdge[]): RemovedSpec {
  const nodes = overlay.removedComponents.slice(0, Math.max(0, MAX_LAYOUT_NODES - specNodes.length));
  const ghostIndex = new Map<string, number>();
  for (const n of nodes) {
    if (!ghostIndex.has(n.id)) ghostIndex.set(n.id, specNodes.length);
    specNodes.push(specNodeOf(n.id, n.kind, undefined, undefined, undefined));
  }
  const edges: RemovedSpec['edges'] = [];
  for (const e of overlay.removedCalls) {
    if (specEdges.length >= MAX_LAYOUT_EDGES) break;
    const from = e.fromRemoved ? ghostIndex.get(e.from) : lastIndex.get(e.from);
    const to = e.toRemoved ? ghostIndex.get(e.to) : lastIndex.get(e.to);
    if (from === undefined || to === undefined) continue;
    specEdges.push({ from, to, label: '' });
    edges.push({ from, to });
  }
  return { nodes, edges };
}

/** The model's change: the removed components and calls under their ELK ids, and what was left out of the drawing. */
function diagramChange(overlay: DiagramOverlay, removed: RemovedSpec, elk: ElkGraphResult, firstGhost: number, firstGhostEdge: number, why = `the diagram lays out at most ${num(MAX_LAYOUT_NODES)}`): DiagramChange {
  const removedNodes = removed.nodes.map((n, i) => ({ elkId: elk.nodeIds[firstGhost + i]!, id: shorten(n.id, MAX_ID_CHARS), kind: shorten(n.kind, 64), lines: n.lines }));
  const removedEdges: DiagramChange['removedEdges'] = [];
  removed.edges.forEach((e, i) => {
    const elkId = elk.edgeIds[firstGhostEdge + i];
    if (elkId !== undefined) removedEdges.push({ elkId, from: elk.nodeIds[e.from]!, to: elk.nodeIds[e.to]! });
  });
  const left = overlay.removedComponents.length - removed.nodes.length;
  const details = left > 0 ? [`${num(left)} removed components are not drawn: ${why}`, ...overlay.details] : overlay.details;
  return { base: shorten(overlay.base, 200), summary: overlay.summary, details, removedNodes, removedEdges };
}

/**
 * The same model with every text range converted (offsets to LSP ranges in
 * the server): `convert` is told the file of an imported component's ranges
 * (its key; undefined for the document's own), and `fileName` gives the name
 * the receiver knows that file by. Findings are all in the document (one
 * about an imported component is placed on the import).
 */
export function mapDiagramRanges<R>(model: DiagramModel<TextRange>, convert: (range: TextRange, file?: string) => R, fileName: (file: string) => string = (file) => file): DiagramModel<R> {
  const summary = (s: FindingSummary<TextRange>): FindingSummary<R> => ({ counts: s.counts, items: s.items.map((f) => ({ ...f, range: convert(f.range) })) });
  return {
    ...model,
    nodes: model.nodes.map((n) => {
      const file = n.imported?.file;
      const ranges = { keyRange: convert(n.keyRange, file), range: convert(n.range, file), findings: summary(n.findings) };
      return n.imported ? { ...n, ...ranges, imported: { ...n.imported, file: fileName(n.imported.file) } } : { ...n, ...ranges };
    }),
    fileFindings: summary(model.fileFindings),
  };
}

/** A range in lines and columns (an LSP range). */
export interface LineRange {
  start: Position;
  end: Position;
}

/**
 * The converter `mapDiagramRanges` takes, to lines and columns: the
 * document's ranges by `own`, an imported component's in the lines of the
 * file that declares it (`imported`: a check's files; each indexed once).
 */
export function lineRanges(imported: ReadonlyMap<string, { text: string }>, own: (range: TextRange) => LineRange): (range: TextRange, file?: string) => LineRange {
  const lines = new Map<string, LineIndex>();
  return (range, file) => {
    if (file === undefined) return own(range);
    let l = lines.get(file);
    if (!l) lines.set(file, (l = new LineIndex(imported.get(file)?.text ?? '')));
    return { start: l.positionAt(range.offset), end: l.positionAt(range.offset + range.length) };
  };
}

/** The short title of each rule with a finding listed, in order of first appearance. */
function ruleTitles(summaries: readonly FindingSummary<TextRange>[]): { id: string; title: string }[] {
  const ids = new Set<string>();
  for (const s of summaries) for (const f of s.items) ids.add(f.ruleId);
  return [...ids].map((id) => ({ id, title: RULES_BY_ID.get(id)?.short ?? id }));
}

function add(summary: FindingSummary<TextRange>, f: Finding, cap: number): void {
  summary.counts[f.severity]++;
  if (summary.items.length < cap) summary.items.push({ ruleId: f.ruleId, severity: f.severity, message: shorten(f.message, MAX_FINDING_MESSAGE), range: f.range });
}

/** The index of the declaration whose text contains an offset (declarations are disjoint and in order). */
function containing(starts: number[], decls: Declaration[], offset: number): number | undefined {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return undefined;
  const p = decls[found]!.prop;
  return offset < p.offset + p.length ? found : undefined;
}

/** The component declarations of a syntax tree, in file order (duplicates included). */
function readDeclarations(root: Node | undefined): Declaration[] {
  const components = prop(root, 'components');
  if (!components || components.type !== 'object') return [];
  const out: Declaration[] = [];
  for (const p of components.children ?? []) {
    const key = p.children?.[0];
    if (!key || typeof key.value !== 'string') continue;
    out.push({ id: key.value, key, prop: p, value: p.children?.[1] });
  }
  return out;
}

function prop(obj: Node | undefined, key: string): Node | undefined {
  if (!obj || obj.type !== 'object') return undefined;
  let found: Node | undefined;
  for (const p of obj.children ?? []) if (p.children?.[0]?.value === key) found = p.children[1]; // the last one counts, as in the value
  return found;
}

function stringProp(obj: Node | undefined, key: string): string | undefined {
  const v = prop(obj, key)?.value;
  return typeof v === 'string' ? v : undefined;
}

function stringArrayProp(obj: Node | undefined, key: string): string[] | undefined {
  const n = prop(obj, key);
  if (!n || n.type !== 'array') return undefined;
  const out: string[] = [];
  for (const c of n.children ?? []) if (typeof c.value === 'string' && c.type === 'string') out.push(c.value);
  return out.length > 0 ? out : undefined;
}
