/**
 * The diagram's legend, as SVG drawn with the diagram's own classes (so it
 * reads the same in every theme and goes into an exported image as it is):
 * the kinds of component drawn, the finding badges shown, the kinds of edge
 * drawn (calls, asynchronous calls, relations), the heat scale when loads
 * have a utilization, the replication glyph when a box has one, a collapsed
 * group's node when one is drawn, and a simulation run's marks (killed
 * instances hatched, none left struck through, failed or refused requests in
 * red) while a run is drawn. Only what the diagram shows is explained. Widths
 * are the core's estimates, so no text is measured in the DOM.
 *
 * In the panel and on the pages the legend is docked beside or below the
 * drawing (whichever leaves the drawing more room), never over it: the
 * drawing's own area shrinks, and Fit fits into what is left.
 */
import type { ComponentSimulation } from '../src/core/diagram/simulationOverlay';
import { FONT_SIZE, textWidth } from '../src/core/diagram/metrics';
import type { DiagramData } from '../src/core/webviewProtocol';
import { cutMark, HEAT_LEVELS, isKind, kindIcon, KINDS } from './shapes';
import { svgEl, svgText } from './svg';

/** A drawn legend and its size. */
export interface Legend {
  group: SVGGElement;
  width: number;
  height: number;
}

/** One entry: a symbol in a SYMBOL_WIDTH slot, then its words. */
interface Entry {
  symbol: (x: number, y: number) => SVGElement;
  text: string;
}

const PAD = 8;
const ROW = 18;
const SYMBOL_WIDTH = 26;
const GAP = 14;
/** The legend's texts are drawn at 11 px: the core's 12 px estimate, scaled. */
const LEGEND_FONT = 11;
const width = (text: string, bold = false) => Math.ceil((textWidth(text, bold) * LEGEND_FONT) / FONT_SIZE);

/** An edge sample: a short stroke in the classes of the edges it stands for, with their head. */
function edgeSample(cls: string, marker: string | undefined, start?: string): (x: number, y: number) => SVGElement {
  return (x, y) => {
    const g = svgEl('g', {}, `edge ${cls}`);
    const path = svgEl('path', { d: `M${x} ${y} H${x + SYMBOL_WIDTH - 6}` });
    if (marker) path.setAttribute('marker-end', `url(#${marker})`);
    if (start) path.setAttribute('marker-start', `url(#${start})`);
    g.append(path);
    return g;
  };
}

/** A sample box, its corners rounded as a component's: what the marks drawn on a box are shown on. */
function sampleBox(x: number, y: number, cls = 'node-box'): SVGElement {
  return svgEl('rect', { x: x + 1, y: y - 6, width: SYMBOL_WIDTH - 8, height: 12, rx: 3 }, cls);
}

/** What a simulation run drawn over the diagram marks, for its legend: its components by id (see simOverlay). */
export type RunShown = ReadonlyMap<string, ComponentSimulation>;

/** The marks a run drew: killed instances (hatched), components with none left (struck through), failed or refused requests (red), slowed instances. */
function runEntries(run: RunShown): Entry[] {
  const all = [...run.values()];
  const entries: Entry[] = [];
  if (all.some((c) => c.down)) {
    entries.push({
      symbol: (x, y) => {
        const g = svgEl('g', {});
        g.append(sampleBox(x, y), sampleBox(x, y, 'sim-hatch'));
        return g;
      },
      text: 'instances killed (hatched)',
    });
  }
  if (all.some((c) => c.down && c.down.instances >= c.down.of)) {
    entries.push({
      symbol: (x, y) => {
        const g = svgEl('g', {});
        g.append(sampleBox(x, y), sampleBox(x, y, 'sim-hatch'), svgEl('line', { x1: x + 2, y1: y + 5, x2: x + SYMBOL_WIDTH - 8, y2: y - 5 }, 'sim-strike'));
        return g;
      },
      text: 'none left (struck through)',
    });
  }
  if (all.some((c) => c.failed)) entries.push({ symbol: (x, y) => svgText('12%', x, y + 4, 'sim-note-line sim-note-failed'), text: 'requests failed or refused there (red)' });
  if (all.some((c) => c.slow)) entries.push({ symbol: (x, y) => svgText('slow', x, y + 4, 'sim-note-line sim-note-slow'), text: 'instances slowed' });
  return entries;
}

/** The sections the diagram needs explained, in reading order; `run`: the simulation run drawn over it, if any. */
function sections(d: DiagramData, run?: RunShown): { title: string; entries: Entry[] }[] {
  const out: { title: string; entries: Entry[] }[] = [];
  const kinds = new Set<string>(d.nodes.map((n) => (isKind(n.kind) ? n.kind : '?')));
  const kindEntries: Entry[] = [...KINDS, '?'].filter((k) => kinds.has(k)).map((k) => ({
    symbol: (x, y) => kindIcon(k, x + 4, y - 7),
    text: k === '?' ? 'kind not known' : k,
  }));
  if ((d.collapsed?.clusters.length ?? 0) > 0) {
    // A stack, as a group's node is drawn (see clusterNodes.ts).
    kindEntries.push({
      symbol: (x, y) => {
        const g = svgEl('g', {});
        for (const k of [4, 2]) g.append(svgEl('rect', { x: x + 1 + k, y: y - 6 - k, width: SYMBOL_WIDTH - 12, height: 11, rx: 3 }, 'cluster-behind'));
        g.append(svgEl('rect', { x: x + 1, y: y - 5, width: SYMBOL_WIDTH - 12, height: 11, rx: 3 }, 'node-box'));
        return g;
      },
      text: 'a group drawn as one node: its components and findings counted',
    });
  }
  if (kindEntries.length > 0) out.push({ title: 'Components', entries: kindEntries });

  const t = d.totals;
  const badges: Entry[] = (['error', 'warning', 'info'] as const).filter((s) => t[s] > 0).map((s) => ({
    symbol: (x, y) => {
      const g = svgEl('g', { transform: `translate(${x + 9} ${y})` }, `finding-badge ${s}`);
      g.append(svgEl('circle', { r: 8 }), svgText('1', 0, 3.5, 'finding-badge-text'));
      return g;
    },
    text: `${s === 'info' ? 'info findings' : `${s}s`} on the component`,
  }));
  if (badges.length > 0) out.push({ title: 'Findings', entries: badges });

  const edges: Entry[] = [];
  const queueIds = new Set(d.nodes.filter((n) => n.kind === 'queue').map((n) => n.elkId));
  const syncCalls = d.edges.some((e) => !e.async && !queueIds.has(e.from));
  if (syncCalls) edges.push({ symbol: edgeSample('sync weight-1', 'arrow'), text: 'call (thicker: more rps)' });
  if (d.edges.some((e) => e.async || queueIds.has(e.from))) edges.push({ symbol: edgeSample('async weight-1', 'arrow-async'), text: 'asynchronous call, queue consumer' });
  if (d.edges.some((e) => e.relation === 'sessionStore')) edges.push({ symbol: edgeSample('sync weight-1', 'arrow', 'session-dot'), text: 'call to its session store' });
  for (const [kind, text] of [['fronts', 'cache in front of a store'], ['sessionStore', 'session store, not called']] as const) {
    if ((d.relations ?? []).some((r) => r.kind === kind)) edges.push({ symbol: edgeSample('relation', 'arrow-relation'), text });
  }
  if (d.edges.some((e) => e.cycle)) edges.push({ symbol: edgeSample('cycle weight-1', 'arrow'), text: 'closes a cycle (no load)' });
  if (d.edges.some((e) => e.cut !== undefined)) {
    const sample = edgeSample('sync weight-1 sim-cut', 'arrow');
    const symbol = (x: number, y: number) => {
      const g = sample(x, y);
      g.append(cutMark(x + 8, y, 0));
      return g;
    };
    edges.push({ symbol, text: 'call cut by a partition (simulation)' });
  }
  if (edges.length > 0) out.push({ title: 'Edges', entries: edges });

  if (d.nodes.some((n) => n.load?.utilization !== undefined)) {
    out.push({
      title: 'Load: busiest resource at peak',
      entries: HEAT_LEVELS.map((h, i) => ({ symbol: (x, y) => svgEl('rect', { x, y: y - 5, width: SYMBOL_WIDTH - 6, height: 10, rx: 2 }, `heat-swatch heat-${i}`), text: h.label })),
    });
  }
  if (d.nodes.some((n) => n.glyph)) {
    // Three stacked slabs: the units a store is split into.
    const stack = (x: number, y: number) => svgEl('path', { d: `M${x + 3} ${y - 6}h14v3h-14z M${x + 3} ${y - 1}h14v3h-14z M${x + 3} ${y + 4}h14v3h-14z` }, 'kind-icon');
    out.push({ title: 'Under a box', entries: [{ symbol: stack, text: 'shards · replicas and their mode · failover' }] });
  }
  const marks = run ? runEntries(run) : [];
  if (marks.length > 0) out.push({ title: 'What-if', entries: marks });
  return out;
}

/** The legend of a diagram (with the marks of the simulation `run` drawn over it, if any), its rows at most `maxWidth` wide (an entry wider than that has a row of its own); undefined when there is nothing to explain. */
export function drawLegend(d: DiagramData, maxWidth: number, run?: RunShown): Legend | undefined {
  const parts = sections(d, run);
  if (parts.length === 0) return undefined;
  const group = svgEl('g', {}, 'legend');
  const background = svgEl('rect', { x: 0, y: 0, rx: 4 }, 'legend-bg');
  group.append(background);
  let y = PAD;
  let widest = 0;
  for (const section of parts) {
    group.append(svgText(section.title, PAD, y + 11, 'legend-title'));
    widest = Math.max(widest, width(section.title, true));
    y += ROW;
    let x = PAD;
    for (const e of section.entries) {
      const w = SYMBOL_WIDTH + width(e.text);
      if (x > PAD && x + w > maxWidth - PAD) {
        x = PAD;
        y += ROW;
      }
      group.append(e.symbol(x, y + 6), svgText(e.text, x + SYMBOL_WIDTH, y + 10, 'legend-text'));
      x += w + GAP;
      widest = Math.max(widest, x - GAP);
    }
    y += ROW + 4;
  }
  const w = widest + PAD;
  const h = y - 4 + PAD - ROW / 2;
  background.setAttribute('width', String(w));
  background.setAttribute('height', String(h));
  return { group, width: w, height: h };
}

/** Room between a docked legend and the edges of the stage and the drawing. */
const DOCK_GAP = 8;

/**
 * Shows a legend (or none) in `view`, docked beside or below the drawing in
 * their stage, whichever leaves the drawing the larger area: the drawing's
 * SVG is narrowed or shortened by the legend's room, so that no component is
 * ever under the legend, and what fits the drawing fits it into what is left.
 * Whether the drawing's area changed.
 */
export function dockLegend(canvas: SVGSVGElement, view: SVGSVGElement, legend: Legend | undefined): boolean {
  const was = `${canvas.style.width}|${canvas.style.height}`;
  view.replaceChildren(...(legend ? [legend.group] : []));
  view.setAttribute('width', String(legend?.width ?? 0));
  view.setAttribute('height', String(legend?.height ?? 0));
  view.style.display = legend ? '' : 'none';
  canvas.style.width = '';
  canvas.style.height = '';
  const stage = canvas.parentElement;
  if (!legend || !stage) return was !== '|';
  const w = stage.clientWidth;
  const h = stage.clientHeight;
  const across = legend.width + 2 * DOCK_GAP;
  const down = legend.height + 2 * DOCK_GAP;
  const beside = Math.max(0, w - across) * h > w * Math.max(0, h - down);
  view.classList.toggle('beside', beside);
  if (beside) canvas.style.width = `${Math.max(0, w - across)}px`;
  else canvas.style.height = `${Math.max(0, h - down)}px`;
  return `${canvas.style.width}|${canvas.style.height}` !== was;
}
