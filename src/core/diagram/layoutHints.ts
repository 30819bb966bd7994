/**
 * A layout that stays put: after an edit that changes the structure (a
 * component or call added or removed, a group opened), the graph is laid out
 * again with the places of the layout drawn before as hints, through ELK
 * Layered's interactive means (KEEP_PLACES_OPTIONS: the order in each layer
 * and the place across the flow follow `elk.position`). A component that is
 * new is hinted beside the components it calls or is called by — a layer
 * after its callers, a layer before its callees, across the flow where they
 * are — so it lands near its neighbours instead of reshuffling the rest.
 *
 * The graph is plain data: the core never imports elkjs. Places are read
 * from boxes in absolute diagram coordinates (as the renderer keeps them) and
 * written relative to each node's box, as ELK reads `elk.position`.
 */
import { type ElkLayoutOptions, type Flow, KEEP_PLACES_OPTIONS, withFlow } from './elkOptions';
import type { ElkNodeJson } from './elkGraph';

/** A node's or a box's place in a layout, in absolute diagram coordinates. */
export interface PlacedBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Room between a new component and the neighbour it is hinted beside, along the flow (more than the gap between layers). */
const HINT_GAP = 60;
/** Room between two new components hinted at the same place, across the flow. */
const STACK_GAP = 28;

/**
 * The graph to lay out with the places of a layout drawn before, in the same
 * flow, as hints (`previous`: absolute boxes of its nodes and boxes by ELK
 * id): a copy with KEEP_PLACES_OPTIONS, the graph given is left as it was.
 * Undefined when no component of the graph was placed before: there is
 * nothing to keep, and the graph is laid out afresh.
 */
export function withPositionHints<G extends ElkNodeJson>(graph: G, previous: ReadonlyMap<string, PlacedBox>, flow: Flow): G | undefined {
  const leaves: ElkNodeJson[] = [];
  const parentOf = new Map<string, string>();
  const isBox = (n: ElkNodeJson) => (n.children?.length ?? 0) > 0;
  const stack: ElkNodeJson[] = [graph];
  while (stack.length > 0) {
    const n = stack.pop()!;
    for (const c of n.children ?? []) {
      parentOf.set(c.id, n.id);
      if (isBox(c)) stack.push(c);
      else leaves.push(c);
    }
  }
  if (!leaves.some((n) => previous.has(n.id))) return undefined;

  const down = flow === 'DOWN';
  // Along the flow: x left to right, y top to bottom.
  const along = (p: PlacedBox) => (down ? p.y : p.x);
  const across = (p: PlacedBox) => (down ? p.x : p.y);
  const alongSize = (p: { width?: number | undefined; height?: number | undefined }) => (down ? p.height : p.width) ?? 0;
  const acrossSize = (p: { width?: number | undefined; height?: number | undefined }) => (down ? p.width : p.height) ?? 0;
  const boxAt = (a: number, c: number, n: ElkNodeJson): PlacedBox => ({ ...(down ? { x: c, y: a } : { x: a, y: c }), width: n.width ?? 0, height: n.height ?? 0 });

  const hint = new Map<string, PlacedBox>();
  for (const n of leaves) {
    const was = previous.get(n.id);
    if (was) hint.set(n.id, was);
  }
  /**
   * What a new node is placed beside for a neighbour: the neighbour, or the
   * box it sits in that is laid out beside the new node (ELK layers each box's
   * content apart, the box as one node of the graph around it).
   */
  const beside = (neighbour: string, node: string): PlacedBox => {
    const level = parentOf.get(node);
    for (let a: string | undefined = neighbour; a !== undefined; a = parentOf.get(a)) {
      if (parentOf.get(a) === level) return (a === neighbour ? undefined : previous.get(a)) ?? hint.get(neighbour)!;
    }
    return hint.get(neighbour)!;
  };
  const callers = new Map<string, string[]>();
  const callees = new Map<string, string[]>();
  const link = (m: Map<string, string[]>, k: string, v: string) => (m.get(k) ?? m.set(k, []).get(k)!).push(v);
  for (const e of graph.edges ?? []) {
    if (e.sources[0] === e.targets[0]) continue;
    link(callers, e.targets[0], e.sources[0]);
    link(callees, e.sources[0], e.targets[0]);
  }
  // New components reached from placed ones, nearest first: a chain of them is hinted link by link.
  const byId = new Map(leaves.map((n) => [n.id, n] as const));
  const queue: string[] = [];
  const queued = new Set<string>();
  const enqueueAround = (id: string) => {
    for (const m of [...(callers.get(id) ?? []), ...(callees.get(id) ?? [])]) {
      if (!hint.has(m) && !queued.has(m) && byId.has(m)) {
        queued.add(m);
        queue.push(m);
      }
    }
  };
  for (const id of hint.keys()) enqueueAround(id);
  const taken = new Set<string>();
  const settle = (n: ElkNodeJson, a: number, c: number) => {
    // Two new components wanting one place are stacked across the flow.
    let at = Math.round(c);
    while (taken.has(`${Math.round(a)} ${at}`)) at += Math.round(acrossSize(n) + STACK_GAP);
    taken.add(`${Math.round(a)} ${at}`);
    hint.set(n.id, boxAt(a, at, n));
  };
  for (let i = 0; i < queue.length; i++) {
    const n = byId.get(queue[i]!)!;
    // A layer after its furthest caller, as ELK's layering puts it (or before its nearest callee); across, among its neighbours.
    const after: number[] = [];
    const before: number[] = [];
    const acrossAt: number[] = [];
    for (const from of callers.get(n.id) ?? []) {
      if (!hint.has(from)) continue;
      const p = beside(from, n.id);
      after.push(along(p) + alongSize(p) + HINT_GAP);
      acrossAt.push(across(p));
    }
    for (const to of callees.get(n.id) ?? []) {
      if (!hint.has(to)) continue;
      const p = beside(to, n.id);
      before.push(along(p) - alongSize(n) - HINT_GAP);
      acrossAt.push(across(p));
    }
    settle(n, after.length > 0 ? Math.max(...after) : Math.min(...before), acrossAt.reduce((s, c) => s + c, 0) / acrossAt.length);
    enqueueAround(n.id);
  }
  // A component with no placed neighbour starts a row of its own past everything, across the flow.
  let past = 0;
  for (const p of previous.values()) past = Math.max(past, across(p) + acrossSize(p));
  for (const n of leaves) {
    if (hint.has(n.id)) continue;
    hint.set(n.id, boxAt(0, past + HINT_GAP, n));
    past += HINT_GAP + acrossSize(n);
  }

  // A box keeps its place; a new one is where its components are hinted.
  const boxCorner = new Map<string, { x: number; y: number }>();
  const corner = (n: ElkNodeJson): { x: number; y: number } => {
    if (!isBox(n)) return hint.get(n.id)!;
    let at = boxCorner.get(n.id);
    if (!at) {
      const was = previous.get(n.id);
      const inside = was ? [] : n.children!.map(corner);
      at = was ? { x: was.x, y: was.y } : { x: Math.min(...inside.map((p) => p.x)) - HINT_GAP / 2, y: Math.min(...inside.map((p) => p.y)) - HINT_GAP / 2 };
      boxCorner.set(n.id, at);
    }
    return at;
  };
  const place = (n: ElkNodeJson, origin: { x: number; y: number }): ElkNodeJson => {
    const abs = corner(n);
    const x = finite(abs.x - origin.x);
    const y = finite(abs.y - origin.y);
    // Crossing minimization reads `elk.position`, interactive node placement the node's own x and y: both are given.
    const options: ElkLayoutOptions = { ...n.layoutOptions, 'elk.position': `(${x},${y})` };
    return { ...n, x, y, layoutOptions: options, ...(isBox(n) ? { children: n.children!.map((c) => place(c, abs)) } : {}) };
  };
  return { ...graph, layoutOptions: { ...graph.layoutOptions, ...KEEP_PLACES_OPTIONS }, children: (graph.children ?? []).map((c) => place(c, { x: 0, y: 0 })) };
}

/** The absolute boxes of a laid-out graph's nodes and boxes by ELK id (node coordinates are relative to their box, as elkOptions asks). */
export function placedBoxes(laidOut: ElkNodeJson): Map<string, PlacedBox> {
  const out = new Map<string, PlacedBox>();
  const stack: { n: ElkNodeJson; ox: number; oy: number }[] = (laidOut.children ?? []).map((n) => ({ n, ox: 0, oy: 0 }));
  while (stack.length > 0) {
    const { n, ox, oy } = stack.pop()!;
    const box = { x: ox + finite(n.x), y: oy + finite(n.y), width: finite(n.width), height: finite(n.height) };
    out.set(n.id, box);
    for (const c of n.children ?? []) stack.push({ n: c, ox: box.x, oy: box.y });
  }
  return out;
}

function finite(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/**
 * The graph with some components' boxes grown (by ELK id: their new width
 * and height), as a glyph expanded under its box grows it; a copy, the graph
 * given is left as it was. Labels keep their places: what grows is below
 * and beside them.
 */
export function withGrownNodes<G extends ElkNodeJson>(graph: G, grown: ReadonlyMap<string, { width: number; height: number }>): G {
  if (grown.size === 0) return graph;
  const grow = (n: ElkNodeJson): ElkNodeJson => {
    const size = grown.get(n.id);
    const children = n.children?.map(grow);
    return { ...n, ...(size ? { width: size.width, height: size.height } : {}), ...(children ? { children } : {}) };
  };
  return grow(graph) as G;
}

/**
 * The graph the panel lays out: in its flow, with the boxes of expanded
 * glyphs grown (`grown`, see withGrownNodes), and with the places of the
 * layout drawn before as hints when there is one in the same flow — so that
 * expanding or folding a glyph moves the rest as little as an edit does (the
 * webview and the tests lay out through this one function).
 */
export function graphToLayOut<G extends ElkNodeJson>(graph: G, flow: Flow, previous?: ReadonlyMap<string, PlacedBox>, grown: ReadonlyMap<string, { width: number; height: number }> = new Map()): G {
  const flowed = withFlow(withGrownNodes(graph, grown), flow);
  return (previous && withPositionHints(flowed, previous, flow)) ?? flowed;
}
