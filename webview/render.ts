/**
 * Draws a laid-out diagram as SVG: imported files', region and zone boxes,
 * call edges with their rps, component boxes with kind, instance badge, load
 * and finding badges (an imported component's, and its file's box, drawn as
 * external). Compared with a base (git HEAD), added and changed components and
 * calls are marked (a ring and a badge, a coloured edge), the base's removed
 * ones drawn ghosted (dashed and faded, not clickable), and what changed and
 * moved is in each hover. Every text from the file goes in through
 * `textContent` of SVG text nodes, never as markup. Colours come only from
 * CSS classes themed by VS Code's variables (see panelHtml).
 */
import { FONT_SIZE, GROUP_TITLE_HEIGHT, groupTitle, LINE_HEIGHT, NODE_PADDING_X, NODE_PADDING_Y, shorten, textWidth } from '../src/core/diagram/metrics';
import { plural } from '../src/core/text/format';
import { CAPACITY_ERROR, CAPACITY_WARNING, reaches } from '../src/core/model/loadThresholds';
import type { DiagramData } from '../src/core/webviewProtocol';
import type { Box, Layout } from './geometry';

const SVG_NS = 'http://www.w3.org/2000/svg';

type DiagramNode = DiagramData['nodes'][number];
type Severity = 'error' | 'warning' | 'info';
/** How a drawn component or call came out of the comparison with the base. */
export type ChangeMark = 'added' | 'changed' | 'removed';

/** What each mark reads as: its badge, and its words in a hover, the legend and to a screen reader. */
export const MARKS: Readonly<Record<ChangeMark, { badge: string; words: string }>> = {
  added: { badge: '+', words: 'added' },
  changed: { badge: '~', words: 'changed' },
  removed: { badge: '−', words: 'removed' },
};

/** Short names of the resource that saturates first, for a node's load line. */
const RESOURCE_SHORT: Readonly<Record<string, string>> = { rps: 'util', cpu: 'CPU', memory: 'mem', connections: 'conns', diskIops: 'IOPS' };

/** What a drawing offers back: each node's element by ELK id. */
export interface Drawing {
  nodes: Map<string, SVGGElement>;
}

/** Creates an SVG element with attributes. */
export function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, cls?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (cls) e.setAttribute('class', cls);
  return e;
}

function svgText(text: string, x: number, y: number, cls: string): SVGTextElement {
  const t = svgEl('text', { x, y }, cls);
  t.textContent = text;
  return t;
}

/** A utilization as a percentage: "45%", "<1%", ">999%". */
export function percent(u: number): string {
  if (u < 0.01) return '<1%';
  if (u > 9.99) return '>999%';
  return `${Math.round(u * 100)}%`;
}

/** A node's load line: "16.2k rps · 45% CPU". */
export function loadLine(n: DiagramNode): string {
  if (!n.load) return n.valid ? '' : n.duplicate ? 'duplicate id: the later one counts' : 'does not validate';
  const u = n.load.utilization;
  return u === undefined ? n.load.text : `${n.load.text} · ${percent(u)} ${RESOURCE_SHORT[n.load.resource ?? 'rps'] ?? ''}`.trimEnd();
}

/** The most serious severity among a node's findings. */
export function worst(counts: Record<Severity, number>): Severity | undefined {
  return counts.error > 0 ? 'error' : counts.warning > 0 ? 'warning' : counts.info > 0 ? 'info' : undefined;
}

/** Where an imported component comes from, in words: "imported from ./platform/platform.scale.json (auth depends on it)". */
export function importedWords(imported: NonNullable<DiagramNode['imported']>): string {
  return `imported from ${imported.from}${imported.via !== undefined ? ` (${imported.via} depends on it)` : ''}`;
}

/** A node's tooltip: what it is, where it comes from when imported, its load, its findings, and what changed since the base. */
function tooltip(n: DiagramNode, base: string | undefined): string {
  const lines = [`${n.id} — ${n.kind}${n.instances !== undefined ? `, ${n.instances} instance${n.instances === 1 ? '' : 's'}` : ''}`];
  if (n.imported) lines.push(importedWords(n.imported));
  if (n.region) lines.push(`region ${n.region}`);
  if (n.zones) lines.push(`zones ${n.zones.join(', ')}`);
  if (n.description) lines.push(n.description);
  const load = loadLine(n);
  if (load) lines.push(load);
  const { error, warning, info } = n.findings.counts;
  if (error + warning + info > 0) {
    lines.push('');
    for (const f of n.findings.items) lines.push(`${f.severity} ${f.ruleId}: ${f.message}`);
    const more = error + warning + info - n.findings.items.length;
    if (more > 0) lines.push(`… and ${more} more`);
  }
  if (n.change && base !== undefined) lines.push('', ...changeLines(n.change.status === 'unchanged' ? undefined : n.change.status, base, n.change.lines));
  return lines.join('\n');
}

/** What a hover says of a change: "added since HEAD:" (or "since HEAD:" for figures that moved alone), then its lines. */
function changeLines(mark: ChangeMark | undefined, base: string, lines: readonly string[]): string[] {
  return [`${mark ? `${MARKS[mark].words} since ` : 'since '}${base}${lines.length > 0 ? ':' : ''}`, ...lines.map((l) => `  ${l}`)];
}

/** The mark of a node or edge, when it has one other than unchanged. */
function markOf(status: string | undefined): ChangeMark | undefined {
  return status === 'added' || status === 'changed' || status === 'removed' ? status : undefined;
}

/** Draws the diagram into `layer` (replacing what was there). */
export function renderDiagram(layer: SVGGElement, layout: Layout, data: DiagramData, onActivate: (node: DiagramNode) => void): Drawing {
  const groupsLayer = svgEl('g', {}, 'groups');
  const edgesLayer = svgEl('g', {}, 'edges');
  const nodesLayer = svgEl('g', {}, 'nodes');

  // An imported file's box before the boxes inside it (the order the ELK graph made them in): they are drawn over it.
  for (const g of data.groups) {
    const box = layout.groups.get(g.elkId);
    if (!box) continue;
    const external = g.kind === 'file' || g.file !== undefined;
    const el = svgEl('g', {}, `group ${g.kind}${external ? ' external' : ''}`);
    el.append(svgEl('rect', { x: box.x, y: box.y, width: box.width, height: box.height, rx: 8 }));
    el.append(svgText(groupTitle(g.kind, g.name), box.x + 10, box.y + GROUP_TITLE_HEIGHT - 4, 'group-title'));
    if (g.kind === 'file') {
      // The whole path on hover; the title may have cut its start.
      const title = svgEl('title');
      title.textContent = `Declared in ${g.name}, which this file imports: its components are drawn here with this file's load, and its findings are reported on the import`;
      el.append(title);
    }
    groupsLayer.append(el);
  }

  // Edge label texts of this version (a cached layout may carry older numbers).
  const labelText = new Map<string, string>();
  for (const e of data.graph?.edges ?? []) labelText.set(e.id, e.labels?.[0]?.text ?? '');
  const nodeById = new Map(data.nodes.map((n) => [n.elkId, n] as const));
  const change = data.change;
  const ghostName = new Map((change?.removedNodes ?? []).map((n) => [n.elkId, n.id] as const));
  // A collapsed group's node (see clusterNodes.ts) by its title.
  for (const c of data.collapsed?.clusters ?? []) ghostName.set(c.elkId, c.title);
  const nameOf = (elkId: string) => nodeById.get(elkId)?.id ?? ghostName.get(elkId) ?? '?';
  for (const e of data.edges) {
    const geo = layout.edges.get(e.elkId);
    if (!geo || geo.points.length < 2) continue;
    const mark = change ? markOf(e.change) : undefined;
    const cls = ['edge', e.async ? 'async' : '', e.cycle ? 'cycle' : '', e.op !== 'mixed' ? e.op : '', mark ? `change-${mark}` : ''].filter(Boolean).join(' ');
    const el = svgEl('g', {}, cls);
    el.append(svgEl('path', { d: pathOf(geo.points), 'marker-end': `url(#${arrowId(mark)})` }));
    const text = labelText.get(e.elkId) ?? '';
    if (geo.label && text) {
      const l = geo.label;
      el.append(svgEl('rect', { x: l.x, y: l.y, width: l.width, height: l.height, rx: 3 }, 'edge-label-bg'));
      el.append(svgText(text, l.x + l.width / 2, l.y + l.height - 3, 'edge-label'));
    }
    const title = svgEl('title');
    const since = mark && change ? `; ${MARKS[mark].words} since ${change.base}` : '';
    title.textContent = `${nameOf(e.from)} → ${nameOf(e.to)}${text ? `: ${text}` : ''}${e.calls !== undefined ? ` in ${e.calls} call${e.calls === 1 ? '' : 's'}` : ''}${e.op !== 'mixed' ? ` (${e.op}s)` : ''}${e.async ? ', asynchronous' : ''}${e.cycle ? ', closes a cycle: carries no load' : ''}${since}`;
    el.append(title);
    edgesLayer.append(el);
  }
  // The base's calls the change removed: dashed, faded, beneath nothing the head has.
  for (const e of change?.removedEdges ?? []) {
    const geo = layout.edges.get(e.elkId);
    if (!geo || geo.points.length < 2) continue;
    const el = svgEl('g', {}, 'edge change-removed');
    el.append(svgEl('path', { d: pathOf(geo.points), 'marker-end': `url(#${arrowId('removed')})` }));
    const title = svgEl('title');
    title.textContent = `${nameOf(e.from)} → ${nameOf(e.to)}; removed since ${change!.base}`;
    el.append(title);
    edgesLayer.prepend(el);
  }

  const nodes = new Map<string, SVGGElement>();
  const squeeze: { text: SVGTextElement; max: number }[] = [];
  for (const n of data.nodes) {
    const box = layout.nodes.get(n.elkId);
    if (!box) continue;
    const sev = worst(n.findings.counts);
    const mark = change ? markOf(n.change?.status) : undefined;
    const cls = ['node', `kind-${/^[a-zA-Z]+$/.test(n.kind) ? n.kind : 'unknown'}`, n.imported ? 'external' : '', n.valid ? '' : 'invalid', n.duplicate ? 'duplicate' : '', sev ? `sev-${sev}` : '', mark ? `change-${mark}` : ''].filter(Boolean).join(' ');
    const el = svgEl('g', { transform: `translate(${box.x} ${box.y})`, tabindex: 0, role: 'button' }, cls);
    const since = mark && change ? `, ${MARKS[mark].words} since ${change.base}` : '';
    const from = n.imported ? `, ${importedWords(n.imported)}` : '';
    el.setAttribute('aria-label', `${n.id}, ${n.kind}${from}${sev ? `, ${plural(n.findings.counts.error, 'error')}, ${plural(n.findings.counts.warning, 'warning')}, ${plural(n.findings.counts.info, 'info')}` : ''}${since}`);
    const marks = mark ? changeMark(mark, box) : [];
    // The ring beneath the box, the badge above it.
    // External: a strip down the left edge, within the padding (the box's border keeps its severity's colour).
    const strip = n.imported ? [svgEl('rect', { x: 1.5, y: 4, width: 3.5, height: box.height - 8, rx: 1.5 }, 'external-strip')] : [];
    el.append(...marks.slice(0, -1), svgEl('rect', { width: box.width, height: box.height, rx: 6 }, 'node-box'), ...strip, ...marks.slice(-1));
    const baseline = (line: number) => NODE_PADDING_Y + LINE_HEIGHT * line + FONT_SIZE;
    const idText = svgText(shorten(n.id), NODE_PADDING_X, baseline(0), 'node-id');
    el.append(idText);
    el.append(svgText(shorten(n.kind, 24), NODE_PADDING_X, baseline(1), 'node-kind'));
    if (n.instances !== undefined) el.append(...instanceBadge(n.instances, box));
    const load = loadLine(n);
    if (load) {
      const u = n.load?.utilization;
      const t = svgText(load, NODE_PADDING_X, baseline(2), `node-load${u === undefined ? '' : reaches(u, CAPACITY_ERROR) ? ' over' : reaches(u, CAPACITY_WARNING) ? ' high' : ''}`);
      el.append(t);
      squeeze.push({ text: t, max: box.width - NODE_PADDING_X * 2 });
    }
    squeeze.push({ text: idText, max: box.width - NODE_PADDING_X * 2 - findingBadgesWidth(n) });
    el.append(...findingBadges(n, box));
    const title = svgEl('title');
    title.textContent = tooltip(n, change?.base);
    el.append(title);
    el.addEventListener('click', () => onActivate(n));
    el.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        onActivate(n);
      }
    });
    nodes.set(n.elkId, el);
    nodesLayer.append(el);
  }
  // The base's components the change removed: in the layout with the others, drawn ghosted; nothing to reveal in the text.
  for (const g of change?.removedNodes ?? []) {
    const box = layout.nodes.get(g.elkId);
    if (!box) continue;
    const el = svgEl('g', { transform: `translate(${box.x} ${box.y})`, role: 'img' }, 'node ghost change-removed');
    el.setAttribute('aria-label', `${g.id}, ${g.kind}, removed since ${change!.base}`);
    el.append(svgEl('rect', { width: box.width, height: box.height, rx: 6 }, 'node-box'));
    const idText = svgText(shorten(g.id), NODE_PADDING_X, NODE_PADDING_Y + FONT_SIZE, 'node-id');
    el.append(idText, svgText(shorten(g.kind, 24), NODE_PADDING_X, NODE_PADDING_Y + LINE_HEIGHT + FONT_SIZE, 'node-kind'));
    squeeze.push({ text: idText, max: box.width - NODE_PADDING_X * 2 });
    el.append(...changeMark('removed', box, false));
    const title = svgEl('title');
    title.textContent = [`${g.id} — ${g.kind}`, '', ...changeLines('removed', change!.base, g.lines)].join('\n');
    el.append(title);
    nodesLayer.append(el);
  }

  // A text wider than its room (by the core's generous estimate, so no DOM measuring: 1,000 reads would force
  // as many layouts) is squeezed into it rather than spilling over the badges.
  for (const { text, max } of squeeze) {
    if (max > 0 && textWidth(text.textContent ?? '', text.classList.contains('node-id')) > max) {
      text.setAttribute('textLength', String(max));
      text.setAttribute('lengthAdjust', 'spacingAndGlyphs');
    }
  }
  layer.replaceChildren(groupsLayer, edgesLayer, nodesLayer);
  return { nodes };
}

/** An edge's route as a path. */
function pathOf(points: readonly { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' ');
}

/** The id of the arrow head marker for an edge's mark (its colour is the edge's). */
function arrowId(mark: ChangeMark | undefined): string {
  return mark ? `arrow-${mark}` : 'arrow';
}

/** A badge at a component's top-left corner in its mark's colour, and a ring around its box (a ghost's own box is dashed instead). */
function changeMark(mark: ChangeMark, box: Box, ring = true): SVGElement[] {
  const badge = svgEl('g', { transform: 'translate(-2 -2)' }, 'change-badge');
  badge.append(svgEl('circle', { r: 8 }), svgText(MARKS[mark].badge, 0, 4, 'change-badge-text'));
  return ring ? [svgEl('rect', { x: -3, y: -3, width: box.width + 6, height: box.height + 6, rx: 8 }, 'change-ring'), badge] : [badge];
}

/** The instance count as a pill at the right of the kind line. */
function instanceBadge(instances: number, box: Box): SVGElement[] {
  const text = `×${instances.toLocaleString('en-US')}`;
  const w = 10 + text.length * 7;
  const x = box.width - NODE_PADDING_X - w;
  const y = NODE_PADDING_Y + LINE_HEIGHT + 1;
  return [svgEl('rect', { x, y, width: w, height: LINE_HEIGHT - 2, rx: 7 }, 'instance-badge'), svgText(text, x + w / 2, y + LINE_HEIGHT - 5, 'instance-badge-text')];
}

const BADGE_R = 8;

function findingBadgesWidth(n: DiagramNode): number {
  const { error, warning, info } = n.findings.counts;
  return [error, warning, info].filter((c) => c > 0).length * (BADGE_R * 2 + 4);
}

/** Counts of findings by severity as coloured circles at the node's top right. */
function findingBadges(n: DiagramNode, box: Box): SVGElement[] {
  const out: SVGElement[] = [];
  let x = box.width - NODE_PADDING_X - BADGE_R;
  for (const sev of ['info', 'warning', 'error'] as const) {
    const count = n.findings.counts[sev];
    if (count === 0) continue;
    const g = svgEl('g', { transform: `translate(${x} ${NODE_PADDING_Y + BADGE_R})` }, `finding-badge ${sev}`);
    g.append(svgEl('circle', { r: BADGE_R }));
    g.append(svgText(count > 99 ? '99+' : String(count), 0, 3.5, 'finding-badge-text'));
    out.push(g);
    x -= BADGE_R * 2 + 4;
  }
  return out;
}

/** An empty drawing surface: the SVG with its arrow-head marker, and the layer the viewport moves. */
export function diagramCanvas(): { svg: SVGSVGElement; layer: SVGGElement } {
  const svg = svgEl('svg', { tabindex: 0, role: 'img', 'aria-label': 'Diagram of the topology' }, 'canvas');
  const defs = svgEl('defs');
  // One marker per edge colour: a marker's paint is its own, not the edge's.
  for (const mark of [undefined, 'added', 'changed', 'removed'] as const) {
    const marker = svgEl('marker', { id: arrowId(mark), viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    marker.append(svgEl('path', { d: 'M0,0 L10,5 L0,10 z' }, mark ? `arrow-head change-${mark}` : 'arrow-head'));
    defs.append(marker);
  }
  const layer = svgEl('g', {}, 'viewport');
  svg.append(defs, layer);
  return { svg, layer };
}
