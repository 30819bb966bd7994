/**
 * A laid-out ELK graph as the renderer needs it: absolute boxes of nodes and
 * groups, and edge polylines with their label boxes (edges come in root
 * coordinates: see `org.eclipse.elk.json.edgeCoords` in elkOptions).
 */
import type { ElkNodeJson } from '../src/core/diagram/elkGraph';

/** A rectangle in diagram coordinates. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An edge's route and its label's box. */
export interface EdgeGeometry {
  points: { x: number; y: number }[];
  label?: Box;
}

/** Where everything went; cached by layout key. */
export interface Layout {
  key: string;
  bounds: Box;
  nodes: Map<string, Box>;
  groups: Map<string, Box>;
  edges: Map<string, EdgeGeometry>;
}

const finite = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Reads a laid-out graph; `groupIds` tells boxes of regions and zones from components. */
export function layoutOf(graph: ElkNodeJson, key: string, groupIds: ReadonlySet<string>): Layout {
  const nodes = new Map<string, Box>();
  const groups = new Map<string, Box>();
  // Iterative: the depth is bounded by the builder, but nothing here relies on it.
  const stack: { n: ElkNodeJson; ox: number; oy: number }[] = (graph.children ?? []).map((n) => ({ n, ox: 0, oy: 0 }));
  while (stack.length > 0) {
    const { n, ox, oy } = stack.pop()!;
    const box = { x: ox + finite(n.x), y: oy + finite(n.y), width: finite(n.width), height: finite(n.height) };
    (groupIds.has(n.id) ? groups : nodes).set(n.id, box);
    for (const c of n.children ?? []) stack.push({ n: c, ox: box.x, oy: box.y });
  }
  const edges = new Map<string, EdgeGeometry>();
  for (const e of graph.edges ?? []) {
    const points: { x: number; y: number }[] = [];
    for (const s of e.sections ?? []) {
      points.push({ x: finite(s.startPoint?.x), y: finite(s.startPoint?.y) });
      for (const b of s.bendPoints ?? []) points.push({ x: finite(b.x), y: finite(b.y) });
      points.push({ x: finite(s.endPoint?.x), y: finite(s.endPoint?.y) });
    }
    const l = e.labels?.[0];
    edges.set(e.id, { points, ...(l ? { label: { x: finite(l.x), y: finite(l.y), width: finite(l.width), height: finite(l.height) } } : {}) });
  }
  return { key, bounds: { x: 0, y: 0, width: finite(graph.width), height: finite(graph.height) }, nodes, groups, edges };
}

/**
 * The median displacement of the nodes two layouts share: shifting the view
 * by it keeps the components that did not move where the eye left them.
 */
export function sharedShift(before: Layout, after: Layout): { dx: number; dy: number } | undefined {
  const dx: number[] = [];
  const dy: number[] = [];
  for (const [id, a] of before.nodes) {
    const b = after.nodes.get(id);
    if (!b) continue;
    dx.push(b.x - a.x);
    dy.push(b.y - a.y);
  }
  if (dx.length === 0) return undefined;
  const median = (v: number[]) => v.sort((p, q) => p - q)[v.length >> 1]!;
  return { dx: median(dx), dy: median(dy) };
}
