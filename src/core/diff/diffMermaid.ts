/**
 * The graph of a change as a Mermaid flowchart, as GitHub draws a ```mermaid
 * block: every component of the head and the removed ones, added nodes
 * green, removed ones dashed red, changed ones yellow, and the calls added,
 * removed (dashed) and changed coloured the same way. Node ids are generated
 * (n0, n1, …) and labels go through mermaidLabel: nothing from the file is
 * Mermaid syntax. A graph past Mermaid's limits is collapsed to what the
 * change touched, with a note that says so.
 */
import { shorten } from '../diagram/metrics';
import { mermaidLabel } from '../text/mermaid';
import { num, plural } from '../scenario/figures';
import type { ChangeStatus, DiffGraph } from './types';

/** Mermaid's default edge limit: a flowchart with more is refused. */
export const MERMAID_MAX_EDGES = 500;
/** Most nodes drawn: past a few hundred, a flowchart is slow to lay out and unreadable in a comment. */
export const MAX_DIAGRAM_NODES = 500;
/** Mermaid's default maxTextSize: a longer source is refused. */
export const MERMAID_MAX_TEXT = 50_000;
/** Longest id, kind or former id a label quotes, in code points. */
const LABEL_CHARS = 40;

/** The look of each status that is not "unchanged": node class, and edge style. */
const STYLE: Readonly<Record<Exclude<ChangeStatus, 'unchanged'>, { node: string; edge: string }>> = {
  added: { node: 'fill:#dafbe1,stroke:#1a7f37,color:#1f2328', edge: 'stroke:#1a7f37,stroke-width:2px' },
  removed: { node: 'fill:#ffebe9,stroke:#cf222e,stroke-dasharray:5 5,color:#1f2328', edge: 'stroke:#cf222e,stroke-dasharray:5 5' },
  changed: { node: 'fill:#fff8c5,stroke:#9a6700,color:#1f2328', edge: 'stroke:#9a6700,stroke-width:2px' },
};

/** A flowchart of a change. */
export interface ChangeFlowchart {
  /** The Mermaid source (no fence), or undefined when even what the change touched is past MERMAID_MAX_TEXT. */
  source?: string;
  /** What the drawing leaves out, in a sentence, when it was collapsed or left out. */
  note?: string;
}

type GraphNode = DiffGraph['nodes'][number];
type GraphEdge = DiffGraph['edges'][number];
/** An edge with its ends as node indices. */
interface Link {
  from: number;
  to: number;
  status: ChangeStatus;
}

/**
 * The edges with their ends found among the nodes: a removed edge's ends
 * among the removed nodes first (a removed id may be reused by the head),
 * any other edge's among the head's. An end that is no node drops the edge.
 */
function links(graph: DiffGraph): Link[] {
  const live = new Map<string, number>();
  const gone = new Map<string, number>();
  graph.nodes.forEach((n, i) => {
    const ids = n.status === 'removed' ? gone : live;
    if (!ids.has(n.id)) ids.set(n.id, i);
  });
  const end = (id: string, e: GraphEdge) => (e.status === 'removed' ? (gone.get(id) ?? live.get(id)) : (live.get(id) ?? gone.get(id)));
  const out: Link[] = [];
  for (const e of graph.edges) {
    const from = end(e.from, e);
    const to = end(e.to, e);
    if (from !== undefined && to !== undefined) out.push({ from, to, status: e.status });
  }
  return out;
}

/** What the drawing keeps: node indices in the graph's order, and links. */
interface Selection {
  nodes: number[];
  links: Link[];
  note?: string;
}

/**
 * The whole graph when it is within the limits; else what the change
 * touched (changed nodes and the ends of changed edges) with its neighbours;
 * else what it touched alone; else the first of those.
 */
function select(graph: DiffGraph, all: Link[], maxEdges: number): Selection {
  const fits = (nodes: number, edges: number) => nodes <= MAX_DIAGRAM_NODES && edges <= maxEdges;
  const n = graph.nodes.length;
  if (fits(n, all.length)) return { nodes: graph.nodes.map((_, i) => i), links: all };
  const of = `of ${plural(n, 'component')} and ${plural(all.length, 'call')}`;
  const touched = new Set<number>();
  graph.nodes.forEach((node, i) => {
    if (node.status !== 'unchanged') touched.add(i);
  });
  for (const l of all) {
    if (l.status !== 'unchanged') touched.add(l.from).add(l.to);
  }
  if (touched.size === 0) return { nodes: [], links: [], note: `Nothing in the graph changed, and it is too big to draw (${of}).` };
  const inOrder = (set: Set<number>) => [...set].sort((a, b) => a - b);

  const near = all.filter((l) => touched.has(l.from) || touched.has(l.to));
  const kept = new Set(touched);
  for (const l of near) kept.add(l.from).add(l.to);
  if (fits(kept.size, near.length)) {
    return { nodes: inOrder(kept), links: near, note: `The diagram is collapsed to the ${plural(touched.size, 'component')} the change touched and the ${plural(kept.size - touched.size, 'component')} next to them (${of}); the full report draws everything.` };
  }
  const between = all.filter((l) => touched.has(l.from) && touched.has(l.to));
  if (fits(touched.size, between.length)) {
    return { nodes: inOrder(touched), links: between, note: `The diagram is collapsed to the ${plural(touched.size, 'component')} the change touched and the calls between them (${of}); the full report draws everything.` };
  }
  const first = new Set(inOrder(touched).slice(0, MAX_DIAGRAM_NODES));
  const firstLinks = between.filter((l) => first.has(l.from) && first.has(l.to)).slice(0, maxEdges);
  return {
    nodes: inOrder(first),
    links: firstLinks,
    note: `The diagram shows the first ${num(first.size)} of the ${num(touched.size)} components the change touched and ${plural(firstLinks.length, 'call')} between them (${of}); the full report draws everything.`,
  };
}

/** A node's label: its id and kind, and its former id when it was renamed. */
function label(node: GraphNode): string {
  const renamed = node.renamedFrom !== undefined ? `, was ${shorten(node.renamedFrom, LABEL_CHARS)}` : '';
  return mermaidLabel(`${shorten(node.id, LABEL_CHARS)} (${shorten(node.kind, LABEL_CHARS)}${renamed})`);
}

/** The flowchart of a change's graph, with at most `maxEdges` edges (and MAX_DIAGRAM_NODES nodes). */
export function changeFlowchart(graph: DiffGraph, maxEdges = MERMAID_MAX_EDGES): ChangeFlowchart {
  const selection = select(graph, links(graph), maxEdges);
  if (selection.nodes.length === 0) return { note: selection.note };
  const lines = ['flowchart LR'];
  const id = new Map<number, string>();
  const classes: Record<string, string[]> = { added: [], removed: [], changed: [] };
  for (const i of selection.nodes) {
    const node = graph.nodes[i]!;
    const name = `n${id.size}`;
    id.set(i, name);
    lines.push(`  ${name}["${label(node)}"]`);
    if (node.status !== 'unchanged') classes[node.status]!.push(name);
  }
  const styled: Record<string, number[]> = { added: [], removed: [], changed: [] };
  selection.links.forEach((l, k) => {
    lines.push(`  ${id.get(l.from)} ${l.status === 'removed' ? '-.->' : '-->'} ${id.get(l.to)}`);
    if (l.status !== 'unchanged') styled[l.status]!.push(k);
  });
  for (const status of ['added', 'removed', 'changed'] as const) {
    if (classes[status]!.length > 0) lines.push(`  classDef ${status} ${STYLE[status].node}`, `  class ${classes[status]!.join(',')} ${status}`);
    if (styled[status]!.length > 0) lines.push(`  linkStyle ${styled[status]!.join(',')} ${STYLE[status].edge}`);
  }
  const source = lines.join('\n');
  if (source.length > MERMAID_MAX_TEXT) {
    return { note: `The diagram is left out: its source would be ${num(source.length)} characters, past Mermaid's ${num(MERMAID_MAX_TEXT)}; the full report draws it.` };
  }
  return { source, note: selection.note };
}
