/**
 * Draws a laid-out diagram as SVG: imported files', region and zone boxes,
 * call edges with their rps (thicker as they carry more; asynchronous calls
 * and a queue's consumers dashed with an open arrow head), the relations a
 * component declares besides its calls (a cache's `fronts`, a session store)
 * in short dashes, component boxes in their kind's shape with its icon, the
 * instance badge, the load with its heat (the binding resource's utilization
 * as a colour and a bar), the replication and sharding glyph (a button that
 * expands a small store to its shards' primaries and replicas, see
 * replicaSet.ts, when the drawing is given what to do on it), and finding
 * badges whose hover gives each rule's title (an imported component's, and
 * its file's box, drawn as external). Compared with a base (git HEAD), added and changed components and
 * calls are marked (a ring and a badge, a coloured edge), the base's removed
 * ones drawn ghosted (dashed and faded, not clickable), and what changed and
 * moved is in each hover. Every text from the file goes in through
 * `textContent` of SVG text nodes, never as markup. Colours come only from
 * CSS classes themed by VS Code's variables (see panelHtml).
 */
import { FONT_SIZE, GLYPH_FONT_SIZE, GLYPH_LINE_HEIGHT, GROUP_TITLE_HEIGHT, groupTitle, KIND_ICON_WIDTH, LINE_HEIGHT, NODE_HEIGHT, NODE_PADDING_X, NODE_PADDING_Y, shorten, textWidth } from '../src/core/diagram/metrics';
import { plural } from '../src/core/text/format';
import { CAPACITY_ERROR, CAPACITY_WARNING, reaches } from '../src/core/model/loadThresholds';
import type { DiagramData } from '../src/core/webviewProtocol';
import type { Box, Layout } from './geometry';
import type { Flow } from '../src/core/diagram/elkOptions';
import { copyLines, REPLICA_CELL_HEIGHT, REPLICA_FONT_SIZE, REPLICA_CELL_WIDTH, REPLICA_GAP, REPLICA_LABEL_WIDTH, REPLICA_TITLE_HEIGHT, replicaGrid, type ReplicaSet, replicaTitle, tooManyWords, unitName } from '../src/core/diagram/replicaSet';
import { cutMark, heatLevel, kindIcon, nodeOutline, weightOf } from './shapes';
import { svgEl, svgText, svgTitle } from './svg';

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

/** What a drawing does when a component's finding badges are clicked: lists its findings (without it, a click on them is a click on the node). */
export interface RenderOptions {
  onFindings?: (node: DiagramNode, badges: Element) => void;
  /** Expands or folds a store's replication glyph (by a click, Enter or Space on it; Escape folds it): without it, the glyph is text. */
  onGlyph?: (node: DiagramNode) => void;
  /** The components (by ELK id) whose glyph is expanded: their boxes were laid out grown (see replicaSet.ts). */
  expanded?: ReadonlySet<string>;
  /** The flow the layout was made in: the expanded drawings are arranged by it. */
  flow?: Flow;
}

/** What each relation reads as in a hover: "cache fronts db (cache-aside: reads try it first)". */
const RELATION_WORDS: Readonly<Record<'fronts' | 'sessionStore', (from: string, to: string) => string>> = {
  fronts: (from, to) => `${from} fronts ${to} (cache-aside: reads try ${from} first)`,
  sessionStore: (from, to) => `${from} keeps its sessions in ${to}`,
};

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
  if (n.glyph) lines.push(n.glyph.join(' · '));
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
export function renderDiagram(layer: SVGGElement, layout: Layout, data: DiagramData, onActivate: (node: DiagramNode) => void, options: RenderOptions = {}): Drawing {
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
      el.append(svgTitle(`Declared in ${g.name}, which this file imports: its components are drawn here with this file's load, and its findings are reported on the import`));
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
  let busiest = 0;
  for (const e of data.edges) if (e.rps !== undefined && e.rps > busiest) busiest = e.rps;
  /** An edge's label on its slot, when the layout placed one and it has a text. */
  const label = (el: SVGGElement, geo: NonNullable<ReturnType<typeof layout.edges.get>>, text: string) => {
    if (!geo.label || !text) return;
    const l = geo.label;
    el.append(svgEl('rect', { x: l.x, y: l.y, width: l.width, height: l.height, rx: 3 }, 'edge-label-bg'));
    el.append(svgText(text, l.x + l.width / 2, l.y + l.height - 3, 'edge-label'));
  };
  for (const e of data.edges) {
    const geo = layout.edges.get(e.elkId);
    if (!geo || geo.points.length < 2) continue;
    const mark = change ? markOf(e.change) : undefined;
    // A queue's consumers take its messages when they can: decoupled from the producer, as an asynchronous call is.
    const consumed = nodeById.get(e.from)?.kind === 'queue';
    const async = e.async || consumed;
    const cls = ['edge', async ? 'async' : 'sync', `weight-${weightOf(e.rps, busiest)}`, e.cycle ? 'cycle' : '', e.op !== 'mixed' ? e.op : '', e.relation ? `relation-${e.relation}` : '', mark ? `change-${mark}` : '', e.cut !== undefined ? 'sim-cut' : ''].filter(Boolean).join(' ');
    const el = svgEl('g', {}, cls);
    const path = svgEl('path', { d: pathOf(geo.points), 'marker-end': `url(#${arrowId(mark, async)})` });
    // A call that is also the caller's session store starts with a dot.
    if (e.relation === 'sessionStore') path.setAttribute('marker-start', 'url(#session-dot)');
    el.append(path);
    // A call a simulated partition cut: marked a third of the way along, clear of the label in the middle.
    if (e.cut !== undefined) {
      const at = alongPath(geo.points, 1 / 3);
      el.append(cutMark(at.x, at.y, at.angle));
    }
    const text = labelText.get(e.elkId) ?? '';
    label(el, geo, text);
    const since = mark && change ? `; ${MARKS[mark].words} since ${change.base}` : '';
    const how = e.async ? ', asynchronous' : consumed ? ', consumed asynchronously from the queue' : '';
    const relation = e.relation ? `; ${RELATION_WORDS[e.relation](nameOf(e.from), nameOf(e.to))}` : '';
    const calls = e.calls !== undefined ? ` in ${e.calls} call${e.calls === 1 ? '' : 's'}` : '';
    el.append(svgTitle(`${nameOf(e.from)} → ${nameOf(e.to)}${text ? `: ${text}` : ''}${calls}${e.op !== 'mixed' ? ` (${e.op}s)` : ''}${how}${e.cycle ? ', closes a cycle: carries no load' : ''}${relation}${since}${e.cut !== undefined ? `; ${e.cut}` : ''}`));
    edgesLayer.append(el);
  }
  // Relations no call carries: short dashes, their name on the label slot, beneath the calls.
  for (const r of data.relations ?? []) {
    const geo = layout.edges.get(r.elkId);
    if (!geo || geo.points.length < 2) continue;
    const el = svgEl('g', {}, `edge relation relation-${r.kind}`);
    el.append(svgEl('path', { d: pathOf(geo.points), 'marker-end': 'url(#arrow-relation)' }));
    label(el, geo, labelText.get(r.elkId) ?? '');
    el.append(svgTitle(`${RELATION_WORDS[r.kind](nameOf(r.from), nameOf(r.to))}: a relation, not a call`));
    edgesLayer.prepend(el);
  }
  // The base's calls the change removed: dashed, faded, beneath nothing the head has.
  for (const e of change?.removedEdges ?? []) {
    const geo = layout.edges.get(e.elkId);
    if (!geo || geo.points.length < 2) continue;
    const el = svgEl('g', {}, 'edge change-removed');
    el.append(svgEl('path', { d: pathOf(geo.points), 'marker-end': `url(#${arrowId('removed')})` }));
    el.append(svgTitle(`${nameOf(e.from)} → ${nameOf(e.to)}; removed since ${change!.base}`));
    edgesLayer.prepend(el);
  }

  const nodes = new Map<string, SVGGElement>();
  const squeeze: Squeezed[] = [];
  for (const n of data.nodes) {
    const box = layout.nodes.get(n.elkId);
    if (!box) continue;
    const sev = worst(n.findings.counts);
    const mark = change ? markOf(n.change?.status) : undefined;
    const u = n.load?.utilization;
    const heat = u === undefined ? undefined : heatLevel(u);
    const cls = ['node', `kind-${/^[a-zA-Z]+$/.test(n.kind) ? n.kind : 'unknown'}`, n.imported ? 'external' : '', n.valid ? '' : 'invalid', n.duplicate ? 'duplicate' : '', sev ? `sev-${sev}` : '', heat === undefined ? '' : `heat-${heat}`, mark ? `change-${mark}` : ''].filter(Boolean).join(' ');
    const el = svgEl('g', { transform: `translate(${box.x} ${box.y})`, tabindex: 0, role: 'button' }, cls);
    const since = mark && change ? `, ${MARKS[mark].words} since ${change.base}` : '';
    const from = n.imported ? `, ${importedWords(n.imported)}` : '';
    el.setAttribute('aria-label', `${n.id}, ${n.kind}${from}${sev ? `, ${plural(n.findings.counts.error, 'error')}, ${plural(n.findings.counts.warning, 'warning')}, ${plural(n.findings.counts.info, 'info')}` : ''}${since}`);
    const marks = mark ? changeMark(mark, box) : [];
    // The ring beneath the box, the badge above it.
    // External: a strip down the left edge, within the padding (the box's border keeps its severity's colour).
    const strip = n.imported ? [svgEl('rect', { x: 1.5, y: 4, width: 3.5, height: box.height - 8, rx: 1.5 }, 'external-strip')] : [];
    // A hot component is tinted with its heat beneath everything else drawn on the box.
    const tint = heat !== undefined && heat >= 2 ? [nodeOutline(n.kind, box.width, box.height)] : [];
    tint[0]?.setAttribute('class', 'heat-tint');
    el.append(...marks.slice(0, -1), nodeOutline(n.kind, box.width, box.height), ...tint, ...strip, ...marks.slice(-1));
    const baseline = (line: number) => NODE_PADDING_Y + LINE_HEIGHT * line + FONT_SIZE;
    const idText = svgText(shorten(n.id), NODE_PADDING_X, baseline(0), 'node-id');
    el.append(idText);
    el.append(kindIcon(n.kind, NODE_PADDING_X, baseline(1) - 11), svgText(shorten(n.kind, 24), NODE_PADDING_X + KIND_ICON_WIDTH, baseline(1), 'node-kind'));
    if (n.instances !== undefined) el.append(...instanceBadge(n.instances, box));
    const load = loadLine(n);
    if (load) {
      const t = svgText(load, NODE_PADDING_X, baseline(2), `node-load${u === undefined ? '' : reaches(u, CAPACITY_ERROR) ? ' over' : reaches(u, CAPACITY_WARNING) ? ' high' : ''}`);
      el.append(t);
      squeeze.push({ text: t, max: box.width - NODE_PADDING_X * 2 });
    }
    if (u !== undefined && heat !== undefined) el.append(...heatBar(u, heat, box));
    if (n.glyph && n.glyph.length > 0) {
      const set = n.replicaSet;
      const open = set?.copies !== undefined && options.expanded?.has(n.elkId) === true;
      const glyph = drawGlyph(n, n.glyph, box, open, options.onGlyph);
      el.append(glyph.group);
      squeeze.push(...glyph.texts);
      if (open && set) el.append(...drawReplicaSet(set, box, options.flow ?? 'RIGHT', squeeze));
    }
    squeeze.push({ text: idText, max: box.width - NODE_PADDING_X * 2 - findingBadgesWidth(n) });
    const badges = findingBadges(n, box, data.rules);
    if (badges) {
      el.append(badges);
      const onFindings = options.onFindings;
      if (onFindings) {
        badges.addEventListener('click', (ev) => {
          ev.stopPropagation();
          onFindings(n, badges);
        });
      }
    }
    el.append(svgTitle(tooltip(n, change?.base)));
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
    el.append(svgTitle([`${g.id} — ${g.kind}`, '', ...changeLines('removed', change!.base, g.lines)].join('\n')));
    nodesLayer.append(el);
  }

  // A text wider than its room (by the core's generous estimate, so no DOM measuring: 1,000 reads would force
  // as many layouts) is squeezed into it rather than spilling over the badges.
  for (const { text, max, size } of squeeze) {
    const glyph = text.classList.contains('node-glyph');
    const width = textWidth(text.textContent ?? '', text.classList.contains('node-id')) * ((size ?? (glyph ? GLYPH_FONT_SIZE : FONT_SIZE)) / FONT_SIZE);
    if (max > 0 && width > max) {
      text.setAttribute('textLength', String(max));
      text.setAttribute('lengthAdjust', 'spacingAndGlyphs');
    }
  }
  layer.replaceChildren(groupsLayer, edgesLayer, nodesLayer);
  return { nodes };
}

/**
 * A store's glyph lines, in a group of their own: when the store is small
 * enough to draw one by one and the drawing says what a click does, a
 * button (a click, Enter or Space expands or folds it, Escape folds it) with
 * a disclosure mark; a larger store's glyph says in its hover why it does not
 * expand.
 */
function drawGlyph(n: DiagramNode, lines: readonly string[], box: Box, open: boolean, onGlyph: RenderOptions['onGlyph']): { group: SVGGElement; texts: Squeezed[] } {
  const set = n.replicaSet;
  const expandable = set?.copies !== undefined && onGlyph !== undefined;
  const group = svgEl('g', {}, `node-glyph-group${expandable ? ' expandable' : ''}${open ? ' open' : ''}`);
  const room = box.width - NODE_PADDING_X * 2 - (expandable ? GLYPH_TOGGLE_WIDTH : 0);
  const texts = lines.map((line, i) => ({ text: svgText(line, NODE_PADDING_X, NODE_HEIGHT + GLYPH_LINE_HEIGHT * i + GLYPH_FONT_SIZE, 'node-glyph'), max: room }));
  if (expandable) {
    // The whole strip answers a click, not only the letters.
    group.append(svgEl('rect', { x: NODE_PADDING_X - 3, y: NODE_HEIGHT - 2, width: box.width - 2 * NODE_PADDING_X + 6, height: lines.length * GLYPH_LINE_HEIGHT + 3, rx: 3 }, 'glyph-hit'));
  }
  group.append(...texts.map((t) => t.text));
  if (set && !set.copies) group.append(svgTitle(`${lines.join(' · ')}\n${tooManyWords(set)}`));
  if (!expandable) return { group, texts };
  const words = `${lines.join(' · ')}: ${open ? 'fold the' : 'show each'} ${set.sharded ? 'shard' : 'primary'}'s copies`;
  group.append(svgText(open ? '▾' : '▸', box.width - NODE_PADDING_X, NODE_HEIGHT + GLYPH_FONT_SIZE, 'glyph-toggle'), svgTitle(words));
  group.setAttribute('tabindex', '0');
  group.setAttribute('role', 'button');
  group.setAttribute('aria-expanded', String(open));
  group.setAttribute('aria-label', words);
  group.addEventListener('click', (ev) => {
    ev.stopPropagation();
    onGlyph(n);
  });
  group.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter' && ev.key !== ' ' && !(ev.key === 'Escape' && open)) return;
    // The node's own keys (Enter reveals it in the text) are not this button's.
    ev.preventDefault();
    ev.stopPropagation();
    onGlyph(n);
  });
  return { group, texts };
}

/**
 * A store's units and copies, drawn under its glyph in the room its box was
 * laid out with (replicaGrid's geometry): a title with the load model's
 * figures, then each unit's name and its copies — role, replication mode and
 * rps where the load model gives them — the hottest shard marked.
 */
function drawReplicaSet(set: ReplicaSet, box: Box, flow: Flow, squeeze: Squeezed[]): SVGElement[] {
  const grid = replicaGrid(set, flow);
  const top = box.height - grid.height;
  const g = svgEl('g', { transform: `translate(${NODE_PADDING_X} ${top})` }, 'replica-set');
  g.setAttribute('role', 'group');
  const titleText = replicaTitle(set);
  g.setAttribute('aria-label', titleText);
  const title = svgText(titleText, 0, REPLICA_TITLE_HEIGHT - 6, 'replica-title');
  g.append(title);
  squeeze.push({ text: title, max: Math.max(grid.width, box.width - 2 * NODE_PADDING_X), size: GLYPH_FONT_SIZE });
  const hottest = set.load?.hottest?.unit;
  for (let u = 0; u < set.units; u++) {
    const at = grid.unitAt(u);
    const row = svgEl('g', { transform: `translate(${at.x} ${at.y})` }, `replica-unit${u === hottest ? ' hottest' : ''}`);
    row.append(svgText(unitName(set, u), 0, REPLICA_CELL_HEIGHT / 2 + 4, 'replica-unit-name'));
    (set.copies ?? []).forEach((c, k) => {
      const x = REPLICA_LABEL_WIDTH + k * (REPLICA_CELL_WIDTH + REPLICA_GAP);
      const [role, detail] = copyLines(set, u, k);
      const cell = svgEl('g', { transform: `translate(${x} 0)` }, `replica-copy role-${c.role}${c.mode ? ` mode-${c.mode}` : ''}`);
      cell.append(svgEl('rect', { width: REPLICA_CELL_WIDTH, height: REPLICA_CELL_HEIGHT, rx: 3 }, 'replica-box'));
      const lines = [svgText(role, 5, 12, 'replica-role'), ...(detail ? [svgText(detail, 5, 25, 'replica-detail')] : [])];
      cell.append(...lines, svgTitle(`${unitName(set, u)}: ${role}${detail ? `, ${detail}` : ''}`));
      for (const t of lines) squeeze.push({ text: t, max: REPLICA_CELL_WIDTH - 8, size: REPLICA_FONT_SIZE });
      row.append(cell);
    });
    g.append(row);
  }
  return [g];
}

/** An edge's route as a path. */
function pathOf(points: readonly { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' ');
}

/** The point a share of the way along a polyline, and the angle (degrees) of the segment it is on. */
function alongPath(points: readonly { x: number; y: number }[], share: number): { x: number; y: number; angle: number } {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y);
  let left = total * share;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    if (left <= length || i === points.length - 1) {
      const t = length > 0 ? Math.min(1, left / length) : 0;
      return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t, angle: (Math.atan2(b.y - a.y, b.x - a.x) * 180) / Math.PI };
    }
    left -= length;
  }
  return { x: points[0]!.x, y: points[0]!.y, angle: 0 };
}

/** The id of the arrow head marker for an edge's mark (its colour is the edge's), or of an asynchronous call's open head. */
function arrowId(mark: ChangeMark | undefined, async = false): string {
  return mark ? `arrow-${mark}` : async ? 'arrow-async' : 'arrow';
}

/** The heat bar under the load line: a track, filled to the utilization (full past saturation) in its heat's colour. */
function heatBar(utilization: number, heat: number, box: Box): SVGElement[] {
  const y = NODE_PADDING_Y + LINE_HEIGHT * 3 - 1;
  const width = box.width - NODE_PADDING_X * 2;
  return [
    svgEl('rect', { x: NODE_PADDING_X, y, width, height: 3, rx: 1.5 }, 'heat-track'),
    svgEl('rect', { x: NODE_PADDING_X, y, width: Math.max(2, width * Math.min(1, utilization)), height: 3, rx: 1.5 }, `heat-bar heat-${heat}`),
  ];
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
/** A text that is squeezed into `max` when the core's estimate of its width at `size` (by its class when not given) is more. */
interface Squeezed {
  text: SVGTextElement;
  max: number;
  size?: number;
}

/** Room at the right of an expandable glyph's first line for its disclosure mark. */
const GLYPH_TOGGLE_WIDTH = 12;

function findingBadgesWidth(n: DiagramNode): number {
  const { error, warning, info } = n.findings.counts;
  return [error, warning, info].filter((c) => c > 0).length * (BADGE_R * 2 + 4);
}

/**
 * Counts of findings by severity as coloured circles at the node's top
 * right, together in one group; each circle's hover lists its findings by
 * rule with the rule's short title. Undefined without findings.
 */
function findingBadges(n: DiagramNode, box: Box, rules: DiagramData['rules']): SVGGElement | undefined {
  const group = svgEl('g', {}, 'finding-badges');
  const titles = new Map((rules ?? []).map((r) => [r.id, r.title] as const));
  let x = box.width - NODE_PADDING_X - BADGE_R;
  for (const sev of ['info', 'warning', 'error'] as const) {
    const count = n.findings.counts[sev];
    if (count === 0) continue;
    const g = svgEl('g', { transform: `translate(${x} ${NODE_PADDING_Y + BADGE_R})` }, `finding-badge ${sev}`);
    g.append(svgEl('circle', { r: BADGE_R }));
    g.append(svgText(count > 99 ? '99+' : String(count), 0, 3.5, 'finding-badge-text'));
    const items = n.findings.items.filter((f) => f.severity === sev);
    const lines = items.map((f) => `${f.ruleId}: ${titles.get(f.ruleId) ?? ''}`.replace(/: $/, ''));
    const more = count - items.length;
    g.append(svgTitle([`${plural(count, sev)} (click to list them)`, ...new Set(lines), ...(more > 0 ? [`… and ${more} more`] : [])].join('\n')));
    group.append(g);
    x -= BADGE_R * 2 + 4;
  }
  return group.childElementCount > 0 ? group : undefined;
}

/** An empty drawing surface: the SVG with its arrow-head marker, and the layer the viewport moves. */
export function diagramCanvas(): { svg: SVGSVGElement; layer: SVGGElement } {
  const svg = svgEl('svg', { tabindex: 0, role: 'img', 'aria-label': 'Diagram of the topology' }, 'canvas');
  const defs = svgEl('defs');
  // One marker per edge colour: a marker's paint is its own, not the edge's. Oriented "auto" (every marker is at an
  // end), which renderers other than browsers read too. Sized in user space, so a thicker edge keeps its head.
  const marker = (id: string, d: string, cls: string, size = 7) => {
    const m = svgEl('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: size, markerHeight: size, markerUnits: 'userSpaceOnUse', orient: 'auto' });
    m.append(svgEl('path', { d }, cls));
    defs.append(m);
  };
  for (const mark of [undefined, 'added', 'changed', 'removed'] as const) marker(arrowId(mark), 'M0,0 L10,5 L0,10 z', mark ? `arrow-head change-${mark}` : 'arrow-head', 9);
  // An asynchronous call's head is open: the caller does not wait for it.
  marker(arrowId(undefined, true), 'M1,1 L9,5 L1,9', 'arrow-head open', 10);
  marker('arrow-relation', 'M1,2 L9,5 L1,8', 'arrow-head open relation', 8);
  const dot = svgEl('marker', { id: 'session-dot', viewBox: '0 0 10 10', refX: 5, refY: 5, markerWidth: 7, markerHeight: 7, markerUnits: 'userSpaceOnUse', orient: 'auto' });
  dot.append(svgEl('circle', { cx: 5, cy: 5, r: 4 }, 'session-dot'));
  defs.append(dot);
  // A simulation's killed instances: their box hatched (see simOverlay.ts).
  const hatch = svgEl('pattern', { id: 'sim-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
  hatch.append(svgEl('line', { x1: 0, y1: 0, x2: 0, y2: 6 }, 'sim-hatch-line'));
  defs.append(hatch);
  const layer = svgEl('g', {}, 'viewport');
  svg.append(defs, layer);
  return { svg, layer };
}
