/**
 * A laid-out ELK graph as the renderer needs it: absolute boxes of nodes and
 * groups, and edge polylines with their label boxes (edges come in root
 * coordinates: see `org.eclipse.elk.json.edgeCoords` in elkOptions).
 */
import type { ElkNodeJson } from '../src/core/diagram/elkGraph';
import { placedBoxes } from '../src/core/diagram/layoutHints';

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
  for (const [id, box] of placedBoxes(graph)) (groupIds.has(id) ? groups : nodes).set(id, box);
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

/** Components whose place is remembered at most: every one a message can carry, and the ids that typing went through. */
const MAX_REMEMBERED = 4000;

/**
 * Where each component was last drawn, across drawings: after a re-layout the
 * view shifts by the median move of the components drawn before, so that
 * those that did not move stay where the eye left them. Positions are kept
 * in a frame the shifts do not move, and a component keeps its place until
 * it is drawn again, so a drawing that shares nothing with the one before (a
 * half-typed state, the list fallback) does not lose the anchor.
 */
export class ViewAnchor {
  /** Each component's last drawn corner, less the shifts applied up to that drawing. */
  private readonly seen = new Map<string, { x: number; y: number }>();
  /** The sum of the shifts given so far. */
  private offset = { x: 0, y: 0 };

  /** Forgets every position (another document, or a view fitted afresh). */
  reset(): void {
    this.seen.clear();
    this.offset = { x: 0, y: 0 };
  }

  /** The components of a layout never drawn since the last reset, when some of it was (what an edit added); none for a drawing that shares nothing. */
  added(layout: Layout): string[] {
    const fresh = [...layout.nodes.keys()].filter((id) => !this.seen.has(id));
    return fresh.length < layout.nodes.size ? fresh : [];
  }

  /**
   * Takes a layout about to be drawn: gives the diagram-space shift that puts
   * the components seen before back where they were (undefined when none
   * was, or none moved), and remembers where this layout puts each one.
   */
  place(layout: Layout): { dx: number; dy: number } | undefined {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const [id, box] of layout.nodes) {
      const was = this.seen.get(id);
      if (!was) continue;
      xs.push(box.x - was.x);
      ys.push(box.y - was.y);
    }
    let shift: { dx: number; dy: number } | undefined;
    if (xs.length > 0) {
      const next = { x: median(xs), y: median(ys) };
      shift = { dx: next.x - this.offset.x, dy: next.y - this.offset.y };
      this.offset = next;
    }
    for (const [id, box] of layout.nodes) {
      // Re-inserted, so that the oldest entries are the ones dropped past the cap.
      this.seen.delete(id);
      this.seen.set(id, { x: box.x - this.offset.x, y: box.y - this.offset.y });
    }
    while (this.seen.size > MAX_REMEMBERED) this.seen.delete(this.seen.keys().next().value!);
    return shift && (shift.dx !== 0 || shift.dy !== 0) ? shift : undefined;
  }
}

function median(v: number[]): number {
  return v.sort((p, q) => p - q)[v.length >> 1]!;
}
