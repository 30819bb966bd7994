/**
 * A topology as an ELK graph, in ELK's JSON format, as plain data: the core
 * never imports elkjs (only the webview and the report writer lay out).
 *
 * - Every ELK id is derived from the component id by an injective escape and
 *   a prefix per element type, and a repeated id gets a suffix the escape can
 *   never produce: duplicate, reserved (`__proto__`) or odd ids never collide.
 * - Edges are the resolved calls only, between nodes of the graph: ELK throws
 *   on an edge whose end is missing, so none is ever emitted.
 * - Components are boxed by region, and by zone when they live in exactly one
 *   (a component spread over several zones sits in its region's box).
 *   Components imported from another file are boxed in that file's box first
 *   (named after the import's `from`), with their region and zone boxes
 *   inside it: what is external stays together, and a platform's zone "a" is
 *   not the design's zone "a" box.
 * - Sizes are fixed by the texts that shape them (ids, kinds, group names);
 *   numbers (instances, rps) sit in fixed-size slots. The layout key hashes
 *   exactly what shapes the layout, so a new number never re-lays out.
 */
import { callRates, computeTraffic, MAX_RATE, type TrafficModel } from '../load/traffic';
import type { Topology } from '../model/topology';
import { murmur3String } from '../sim/murmur3';
import { formatRps } from '../text/format';
import { type ElkLayoutOptions, groupLayoutOptions, rootLayoutOptions } from './elkOptions';
import {
  CLUSTER_MIN_WIDTH,
  EDGE_LABEL_HEIGHT,
  EDGE_LABEL_WIDTH,
  GLYPH_LINE_HEIGHT,
  glyphTextWidth,
  INSTANCE_BADGE_WIDTH,
  KIND_ICON_WIDTH,
  LINE_HEIGHT,
  NODE_HEIGHT,
  NODE_PADDING_X,
  NODE_PADDING_Y,
  nodeSize,
  groupTitle,
  type GroupKind,
  shorten,
  textWidth,
} from './metrics';

/** A label in ELK's JSON format. */
export interface ElkLabelJson {
  id?: string;
  text: string;
  x?: number;
  y?: number;
  width: number;
  height: number;
}

/** An edge section of a laid-out edge. */
export interface ElkEdgeSectionJson {
  id?: string;
  startPoint: { x: number; y: number };
  endPoint: { x: number; y: number };
  bendPoints?: { x: number; y: number }[];
}

/** An edge in ELK's JSON format (one source, one target). */
export interface ElkEdgeJson {
  id: string;
  sources: [string];
  targets: [string];
  labels?: ElkLabelJson[];
  /** Set by layout. */
  sections?: ElkEdgeSectionJson[];
}

/** A node (or the root graph) in ELK's JSON format. */
export interface ElkNodeJson {
  id: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  labels?: ElkLabelJson[];
  layoutOptions?: ElkLayoutOptions;
  children?: ElkNodeJson[];
  edges?: ElkEdgeJson[];
}

/** A component to draw. */
export interface DiagramSpecNode {
  /** The id as written in the file. */
  id: string;
  /** The kind as written ("?" when it has none). */
  kind: string;
  /** The instance count, when the component has one. */
  instances?: number;
  region?: string;
  /** The zone, when the component lives in exactly one. */
  zone?: string;
  /** The `from` of the import that brings it, as written, when another file declares it. */
  importedFrom?: string;
  /**
   * Set on a group of components drawn as one node (see collapse.ts): the
   * group's key; `id` is then its title, and region, zone and importedFrom
   * name the box it is drawn in.
   */
  cluster?: string;
  /** Replication, sharding and sessions in a few words, a line each (see nodeGlyph): lines under the box's three. */
  glyph?: string[];
}

/** A call to draw, between two nodes of the spec by index. */
export interface DiagramSpecEdge {
  from: number;
  to: number;
  /** The label's text (the rps); sized by the fixed slot, not by the text. */
  label?: string;
}

/** What the ELK graph is built from: nodes in file order, and the calls between them. */
export interface DiagramSpec {
  nodes: DiagramSpecNode[];
  edges: DiagramSpecEdge[];
  /** Whether edges carry an rps label (true when the load model ran): a slot is reserved on every edge. */
  edgeLabels: boolean;
}

/** A box of components: an imported file (named by the import's `from`), a region or a zone. */
export interface DiagramGroup {
  elkId: string;
  kind: GroupKind;
  name: string;
  /** The region a zone box sits in. */
  region?: string;
  /** The imported file's `from` a region or zone box sits in: its components are external too. */
  file?: string;
}


/** The ELK graph with the ids it gave to the spec's elements. */
export interface ElkGraphResult {
  graph: ElkNodeJson;
  /** Changes exactly when the layout would: ids, edges, grouping, sizes, options. */
  layoutKey: string;
  /** ELK id of each spec node, by index. */
  nodeIds: string[];
  /** ELK id of each spec edge, by index; undefined for an edge that was left out (an end missing). */
  edgeIds: (string | undefined)[];
  groups: DiagramGroup[];
}

/** Bumped when the builder's output changes shape, so that layouts cached under an older key are not reused. */
const BUILDER_VERSION = 2;

/**
 * Escapes any text into [A-Za-z0-9_.-%]: every other UTF-16 unit becomes
 * "%" and four hex digits (fixed width, "%" itself escaped), so the escape is
 * injective and its output never contains ":", "/", ">", "#" or "~".
 */
export function escapeId(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Longest id part of an ELK id; a longer escaped id keeps its start and a hash of the whole (ELK ids stay short on the wire). */
const MAX_ID_PART = 160;

/** The id part of an ELK id for a text: its escape, shortened with a hash when long. "~" never occurs in an escape. */
function idPart(text: string): string {
  const escaped = escapeId(text);
  if (escaped.length <= MAX_ID_PART) return escaped;
  const h = (murmur3String(text, 1) >>> 0).toString(16).padStart(8, '0');
  return `${escapeId(text.slice(0, 24))}~h${h}`;
}

/** A box's key: its kind, its name, and the region and imported file it sits in (what tells two boxes apart). */
export function groupKey(kind: GroupKind, name: string, region: string | undefined, file: string | undefined): string {
  return JSON.stringify([kind, name, region ?? null, file ?? null]);
}

/** Builds the ELK graph of a spec. */
export function toElkGraph(spec: DiagramSpec): ElkGraphResult {
  const used = new Set<string>();
  const unique = (base: string) => {
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}~${n}`;
    used.add(id);
    return id;
  };

  const grouped = spec.nodes.some((n) => n.region !== undefined || n.zone !== undefined || n.importedFrom !== undefined);
  const root: ElkNodeJson = { id: 'root', layoutOptions: rootLayoutOptions(spec.nodes.length, grouped), children: [], edges: [] };
  const groups: DiagramGroup[] = [];
  const groupNodes = new Map<string, ElkNodeJson>();
  const parentOf: string[] = [];
  /** The box a node goes in, created at its first member so that boxes keep the file's order. */
  const container = (n: DiagramSpecNode): ElkNodeJson => {
    const file = n.importedFrom;
    let parent = file === undefined ? root : group(root, 'file', file, undefined, undefined);
    if (n.region !== undefined) parent = group(parent, 'region', n.region, undefined, file);
    if (n.zone !== undefined) parent = group(parent, 'zone', n.zone, n.region, file);
    return parent;
  };
  /** A box by its names (not by its ELK id, which may be shortened with a hash). */
  const group = (parent: ElkNodeJson, kind: GroupKind, name: string, region: string | undefined, file: string | undefined): ElkNodeJson => {
    const key = groupKey(kind, name, region, file);
    let g = groupNodes.get(key);
    if (!g) {
      // Boxes inside a file's box carry its id part, "/" joining: no escape yields it, so they never meet the design's own.
      const inFile = file === undefined || kind === 'file' ? '' : `f:${idPart(file)}/`;
      const elkId = unique(kind === 'file' ? `f:${idPart(name)}` : kind === 'region' ? `${inFile}r:${idPart(name)}` : `${inFile}z:${idPart(region ?? '')}/${idPart(name)}`);
      const title = groupTitle(kind, name);
      const w = textWidth(title, true);
      g = { id: elkId, labels: [{ id: `${elkId}#title`, text: title, width: w, height: LINE_HEIGHT }], layoutOptions: groupLayoutOptions(kind, w), children: [] };
      groupNodes.set(key, g);
      parent.children!.push(g);
      groups.push({ elkId, kind, name: kind === 'file' ? name : shorten(name, 200), ...(region !== undefined ? { region: shorten(region, 200) } : {}), ...(file !== undefined && kind !== 'file' ? { file } : {}) });
    }
    return g;
  };

  const nodeIds = spec.nodes.map((n) => {
    if (n.cluster !== undefined) {
      // Its title sizes it; its counts sit in a fixed room, so a new count never re-lays out.
      const elkId = unique(`k:${idPart(n.cluster)}`);
      const title = shorten(n.id);
      const titleW = textWidth(title, true);
      const parent = container(n);
      parent.children!.push({ id: elkId, width: Math.max(CLUSTER_MIN_WIDTH, NODE_PADDING_X * 2 + titleW), height: NODE_HEIGHT, labels: [{ id: `${elkId}#title`, text: title, x: NODE_PADDING_X, y: NODE_PADDING_Y, width: titleW, height: LINE_HEIGHT }] });
      parentOf.push(parent.id);
      return elkId;
    }
    const elkId = unique(`c:${idPart(n.id)}`);
    const idText = shorten(n.id);
    const kindText = shorten(n.kind, 24);
    const { width, height } = nodeSize(idText, kindText, n.glyph);
    const labels: ElkLabelJson[] = [
      { id: `${elkId}#id`, text: idText, x: NODE_PADDING_X, y: NODE_PADDING_Y, width: textWidth(idText, true), height: LINE_HEIGHT },
      { id: `${elkId}#kind`, text: kindText, x: NODE_PADDING_X + KIND_ICON_WIDTH, y: NODE_PADDING_Y + LINE_HEIGHT, width: textWidth(kindText), height: LINE_HEIGHT },
    ];
    if (n.instances !== undefined) {
      labels.push({ id: `${elkId}#instances`, text: `×${n.instances}`, x: width - NODE_PADDING_X - INSTANCE_BADGE_WIDTH, y: NODE_PADDING_Y + LINE_HEIGHT, width: INSTANCE_BADGE_WIDTH, height: LINE_HEIGHT });
    }
    if (n.glyph && n.glyph.length > 0) {
      labels.push({ id: `${elkId}#glyph`, text: n.glyph.join('\n'), x: NODE_PADDING_X, y: NODE_HEIGHT, width: Math.max(...n.glyph.map(glyphTextWidth)), height: n.glyph.length * GLYPH_LINE_HEIGHT });
    }
    const parent = container(n);
    parent.children!.push({ id: elkId, width, height, labels });
    parentOf.push(parent.id);
    return elkId;
  });

  const edgeCounts = new Map<string, number>();
  const edgeIds = spec.edges.map((e) => {
    const source = nodeIds[e.from];
    const target = nodeIds[e.to];
    if (source === undefined || target === undefined) return undefined; // never a dangling edge
    const base = `e:${source.slice(2)}>${target.slice(2)}`;
    const k = (edgeCounts.get(base) ?? 0) + 1;
    edgeCounts.set(base, k);
    const id = `${base}#${k}`;
    const edge: ElkEdgeJson = { id, sources: [source], targets: [target] };
    if (spec.edgeLabels) edge.labels = [{ id: `${id}#rps`, text: e.label ?? '', width: EDGE_LABEL_WIDTH, height: EDGE_LABEL_HEIGHT }];
    root.edges!.push(edge);
    return id;
  });

  return { graph: root, layoutKey: layoutKeyOf(root), nodeIds, edgeIds, groups };
}

/**
 * The layout key: a hash of what shapes the layout (ids, nesting and order,
 * sizes, edges and label slots, options), never of label texts, whose
 * numbers change with every edit of a figure.
 */
export function layoutKeyOf(graph: ElkNodeJson): string {
  const parts: string[] = [`v${BUILDER_VERSION}`];
  const walk = (n: ElkNodeJson, depth: number) => {
    parts.push(`n${depth} ${n.id} ${n.width ?? ''} ${n.height ?? ''} ${JSON.stringify(n.layoutOptions ?? {})}`);
    for (const l of n.labels ?? []) parts.push(`l ${l.width} ${l.height} ${l.x ?? ''} ${l.y ?? ''}`);
    for (const c of n.children ?? []) walk(c, depth + 1);
    for (const e of n.edges ?? []) parts.push(`e ${e.id} ${e.sources[0]} ${e.targets[0]} ${(e.labels ?? []).map((l) => `${l.width}x${l.height}`).join(',')}`);
  };
  walk(graph, 0);
  const text = parts.join('\n');
  const hex = (h: number) => (h >>> 0).toString(16).padStart(8, '0');
  return `${hex(murmur3String(text, 0x5ca1e))}${hex(murmur3String(text, 0x1a7007))}-${text.length.toString(36)}`;
}

/** Requests per second on each resolved call at peak, from the load model (calls that close a cycle carry 0). */
export function edgeRates(topology: Topology, traffic: TrafficModel = computeTraffic(topology)): Map<Topology['edges'][number], number> {
  const rates = new Map<Topology['edges'][number], number>();
  for (const [e, rps] of callRates(topology, traffic)) rates.set(e, Math.min(MAX_RATE, rps));
  return rates;
}

/** The zone a component is boxed in: its only zone, if it declares exactly one. */
export function singleZone(zones: readonly string[] | undefined): string | undefined {
  return zones && zones.length === 1 ? zones[0] : undefined;
}

/** The ELK graph of a resolved topology: its components in file order (imported ones in their file's box), its resolved calls labelled with their rps at peak. */
export function elkGraphOfTopology(topology: Topology, traffic: TrafficModel = computeTraffic(topology)): ElkGraphResult {
  const index = new Map<string, number>();
  const nodes: DiagramSpecNode[] = [];
  for (const c of topology.components.values()) {
    index.set(c.id, nodes.length);
    nodes.push(specNodeOf(c.id, c.kind, c.kind === 'client' ? undefined : c.instances, c.data.region, c.data.zones, c.origin?.from));
  }
  const rates = edgeRates(topology, traffic);
  const edges: DiagramSpecEdge[] = topology.edges.map((e) => ({ from: index.get(e.from) ?? -1, to: index.get(e.to) ?? -1, label: formatRps(rates.get(e) ?? 0) }));
  return toElkGraph({ nodes, edges, edgeLabels: true });
}

/** A spec node from a component's fields; `importedFrom` for one another file declares. */
export function specNodeOf(id: string, kind: string, instances: number | undefined, region: string | undefined, zones: readonly string[] | undefined, importedFrom?: string, glyph?: string[]): DiagramSpecNode {
  const n: DiagramSpecNode = { id, kind };
  if (glyph && glyph.length > 0) n.glyph = glyph;
  if (instances !== undefined) n.instances = instances;
  if (region !== undefined) n.region = region;
  const zone = singleZone(zones);
  if (zone !== undefined) n.zone = zone;
  if (importedFrom !== undefined) n.importedFrom = importedFrom;
  return n;
}
