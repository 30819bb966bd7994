/**
 * A simulation run drawn over the diagram (see the core's
 * simulationOverlay): each component's load and heat are the run's, its
 * instances killed are hatched (struck through when none is left), and
 * under its box a note says what the run did to it — instances down or
 * slow, the requests that failed there (in red), a store's failover
 * timeline; each call carries the run's rps, and a call a partition cut is
 * drawn cut (render.ts). The layout is the file's: the notes sit just below the boxes,
 * over whatever is there, on a background of their own. Every text is set
 * as text.
 */
import type { CallSimulation, ComponentSimulation, SimulationOverlay } from '../src/core/diagram/simulationOverlay';
import { FONT_SIZE, GLYPH_FONT_SIZE, shorten, textWidth } from '../src/core/diagram/metrics';
import type { DiagramData } from '../src/core/webviewProtocol';
import type { Box, Layout } from './geometry';
import type { Drawing } from './render';
import { nodeOutline } from './shapes';
import { svgEl, svgText, svgTitle } from './svg';

/** A run the simulation panel shows on the diagram: what it is, in words, and its overlay. */
export interface ShownRun {
  /** "the what-if: kill urls#0", "scenario 2/4: add a shard" (the bar above the diagram says "The diagram shows …"). */
  heading: string;
  overlay: SimulationOverlay;
}

/** Longest note line, in code points (a failover's line is the longest). */
const MAX_NOTE_CHARS = 90;
const NOTE_LINE_HEIGHT = 13;

/** The components of a run by id. */
export function simulatedComponents(run: ShownRun): Map<string, ComponentSimulation> {
  return new Map(run.overlay.components.map((c) => [c.component, c] as const));
}

/**
 * The diagram with the run's figures: each component's load (the heat and load lines are drawn from it), each
 * call's rps (its label and thickness) and the calls a partition cut. An edge standing for a group's calls has
 * no figure of the run (the run gives calls one by one): it is drawn without a label. `byId`: the run's
 * components, as simulatedComponents gives them.
 */
export function withRunLoads(d: DiagramData, run: ShownRun, byId: ReadonlyMap<string, ComponentSimulation>): DiagramData {
  const nodes = d.nodes.map((n) => {
    const c = n.valid && !n.duplicate ? byId.get(n.id) : undefined;
    if (!c) return n;
    const { utilization, resource } = c.load;
    return { ...n, load: { rps: c.load.rps, text: c.load.text, ...(utilization !== undefined ? { utilization } : {}), ...(resource !== undefined ? { resource } : {}) } };
  });
  // The k-th call from one component to another in the run is the k-th edge drawn between them: both keep each caller's calls in the file's order.
  const idOf = new Map(d.nodes.filter((n) => n.valid && !n.duplicate).map((n) => [n.elkId, n.id] as const));
  const pair = (from: string, to: string) => JSON.stringify([from, to]);
  const calls = new Map<string, CallSimulation[]>();
  for (const c of run.overlay.calls) {
    const list = calls.get(pair(c.from, c.to));
    if (list) list.push(c);
    else calls.set(pair(c.from, c.to), [c]);
  }
  const labels = new Map<string, string>();
  const edges = d.edges.map((e) => {
    const from = idOf.get(e.from);
    const to = idOf.get(e.to);
    const c = e.calls === undefined && from !== undefined && to !== undefined ? calls.get(pair(from, to))?.shift() : undefined;
    const { rps: _, ...rest } = e;
    labels.set(e.elkId, c?.text ?? '');
    return c ? { ...rest, rps: c.rps, ...(c.cut ? { cut: c.cut.text } : {}) } : rest;
  });
  const graph = d.graph && {
    ...d.graph,
    edges: d.graph.edges?.map((g) => {
      const text = labels.get(g.id);
      return text === undefined || !g.labels ? g : { ...g, labels: g.labels.map((l, i) => (i === 0 ? { ...l, text } : l)) };
    }),
  };
  return { ...d, nodes, edges, ...(graph ? { graph } : {}) };
}

/** Marks what the run did on the drawn components; returns the layout's bounds grown to hold the notes (what Fit fits). */
export function markRun(drawing: Drawing, layout: Layout, d: DiagramData, byId: ReadonlyMap<string, ComponentSimulation>): Box {
  let right = layout.bounds.x + layout.bounds.width;
  let bottom = layout.bounds.y + layout.bounds.height;
  for (const n of d.nodes) {
    const c = n.valid && !n.duplicate ? byId.get(n.id) : undefined;
    const el = drawing.nodes.get(n.elkId);
    const box = layout.nodes.get(n.elkId);
    if (!c || !el || !box) continue;
    el.classList.add('sim-shown');
    if (c.down) {
      el.classList.add('sim-down');
      const hatch = nodeOutline(n.kind, box.width, box.height);
      hatch.setAttribute('class', 'sim-hatch');
      el.insertBefore(hatch, el.querySelector('.node-id'));
      // None left: struck through.
      if (c.down.instances >= c.down.of) {
        el.classList.add('sim-dead');
        el.append(svgEl('line', { x1: 2, y1: box.height - 2, x2: box.width - 2, y2: 2 }, 'sim-strike'));
      }
    }
    if (c.failed) el.classList.add('sim-failing');
    const lines: { text: string; cls: string }[] = [];
    if (c.down) lines.push({ text: c.down.text, cls: 'sim-note-down' });
    if (c.slow) lines.push({ text: c.slow.text, cls: 'sim-note-slow' });
    if (c.failed) lines.push({ text: c.failed.text, cls: 'sim-note-failed' });
    for (const f of c.failover ?? []) lines.push({ text: f, cls: 'sim-note-failover' });
    if (lines.length === 0) continue;
    const shown = note(lines, box.height);
    el.append(shown.group);
    right = Math.max(right, box.x + shown.width);
    bottom = Math.max(bottom, box.y + box.height + shown.height + 3);
  }
  return { ...layout.bounds, width: right - layout.bounds.x, height: bottom - layout.bounds.y };
}

/** The note under a box: a line each, on a background sized to the widest. */
function note(lines: readonly { text: string; cls: string }[], top: number): { group: SVGGElement; width: number; height: number } {
  const g = svgEl('g', { transform: `translate(0 ${top + 3})` }, 'sim-note');
  const width = Math.max(...lines.map((l) => (textWidth(shorten(l.text, MAX_NOTE_CHARS)) * GLYPH_FONT_SIZE) / FONT_SIZE)) + 10;
  const height = lines.length * NOTE_LINE_HEIGHT + 4;
  g.append(svgEl('rect', { x: 0, y: 0, width, height, rx: 3 }, 'sim-note-bg'));
  lines.forEach((l, i) => g.append(svgText(shorten(l.text, MAX_NOTE_CHARS), 5, NOTE_LINE_HEIGHT * (i + 1) - 1, `sim-note-line ${l.cls}`)));
  g.append(svgTitle(lines.map((l) => l.text).join('\n')));
  return { group: g, width, height };
}
