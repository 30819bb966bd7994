/**
 * The diagram webview (browser): says it is ready, then draws each diagram
 * the host sends. Layout runs in an inline Web Worker (elkjs), with a timeout
 * and the readable list as fallback; layouts are cached by layout key, so an
 * edit that only changes numbers redraws without re-laying out. An edit of
 * the structure is laid out with the places of the drawing shown as hints
 * (layoutHints.ts): what was drawn keeps its place, a new component lands
 * beside its neighbours. Zoom and pan survive updates (and reloads, through
 * setState), and after a re-layout the view shifts so that components that
 * did not move stay where they were; a component the edit added that landed
 * out of view is brought in with the least pan. The drawing flows the way
 * the panel's shape suits (left to right, or top to bottom in a tall panel),
 * chosen again when the panel turns. Fitted, a component's text is never
 * below MIN_FIT_TEXT_PX: a drawing larger than that is shown from its start.
 * Every message is validated before use; every text from the file is drawn
 * as text.
 *
 * The toolbar's "Legend" toggle shows what the shapes, badges, edges and
 * colours mean (kept with the panel's state), docked beside or below the
 * drawing; an exported image always has it, under the topology's name. A
 * click on a component's finding badges lists its findings, each a link to
 * its place in the text. A click (or Enter) on a small store's replication
 * glyph expands it to each shard's copies: the drawing is laid out again
 * with that box grown and the places drawn before as hints, so the rest
 * stays put; a second click (or Escape) folds it.
 *
 * The toolbar's "Compare with HEAD" toggle asks the host for the comparison
 * with the file at git HEAD; the host says whether it can be had (the toggle
 * is disabled, its tooltip saying why, when it cannot) and, while it is on,
 * each diagram carries the change, drawn over the diagram with a line above
 * it that sums it up.
 *
 * While the simulation panel shows a what-if that changes something, or a
 * scenario it ran, the diagram shows that run: the loads and heat are the
 * run's, killed instances are hatched, failures and failovers are noted
 * under their components, and a bar above the diagram says so, with a way
 * back to the file's figures (closing the panel is another).
 *
 * A file with more components than the diagram draws at once comes
 * collapsed (groups drawn as one node each), with a line above it that says
 * what was collapsed and why; a click on a group asks the host for the
 * diagram with that group open (`openGroups`), and the line offers to close
 * the groups opened again.
 */
// First: zod must be jitless before any schema is created.
import './zodJitless';
import { HostMessage, type DiagramData, type ImageFormat, MAX_EXPORT_BYTES, PanelState, type WebviewMessage } from '../src/core/webviewProtocol';
import { type Box, type Layout, layoutOf, ViewAnchor } from './geometry';
import { renderList } from './fallbackList';
import { type LayoutOutcome, LayoutRunner } from './layoutRunner';
import layoutWorkerSource from 'inline-worker:./layoutWorker';
import { button, el } from './dom';
import { base64, pngFile, type SvgFile, svgFile } from './exportImage';
import { plural } from '../src/core/text/format';
import { diagramCanvas, type Drawing, MARKS, renderDiagram } from './render';
import { type DiagramCluster, drawClusters, showCollapse } from './clusterNodes';
import { dockLegend, drawLegend, type RunShown } from './legend';
import { markRun, type ShownRun, simulatedComponents, withRunLoads } from './simOverlay';
import { svgEl } from './svg';
import { emptySimulationState, SimPanel } from './simPanel';
import { Viewport } from './viewport';
import { type Flow, flowFor, flowOnResize } from '../src/core/diagram/elkOptions';
import { graphToLayOut, placedBoxes } from '../src/core/diagram/layoutHints';
import { expandedBox } from '../src/core/diagram/replicaSet';
import { adoptChartStyles } from './charts';
import uPlotCss from 'uplot/dist/uPlot.min.css' with { type: 'text' };
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';

/** A layout that takes longer than this ends its worker and shows the list (the budget at 1,000 components is 2 s). */
const LAYOUT_TIMEOUT_MS = 15_000;
/** Performance marks of each diagram's arrival and drawing (its version and size in `detail`): how long an edit takes to show, and where, can be read from outside. */
const RECEIVED_MARK = 'scale-diagram-received';
const DRAWN_MARK = 'scale-diagram-drawn';
/** A resize is acted on once the panel has kept its size this long (a drag of the panel's edge sends many). */
const RESIZE_SETTLE_MS = 200;
/** The legend's rows are at most this wide. */
const LEGEND_WIDTH = 360;
/** Layouts kept by key, so that undo and redo redraw at once. */
const LAYOUT_CACHE_SIZE = 8;

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  setState(state: PanelState): void;
  getState(): unknown;
}
declare function acquireVsCodeApi(): VsCodeApi;

type DiagramNode = DiagramData['nodes'][number];
type Position = { line: number; character: number };

// The charts' stylesheet, while this script is the current one (its nonce is the page's).
adoptChartStyles(uPlotCss);

(() => {
  // The handle stays in this closure: nothing else on the page can reach it.
  const vscode = acquireVsCodeApi();

  // State: what the host put in the page (the document), and what a reload kept (its zoom and pan).
  const fromPage = PanelState.safeParse(safeJson(document.body.dataset.state));
  const kept = PanelState.safeParse(vscode.getState());
  let state: PanelState | undefined = kept.success ? kept.data : fromPage.success ? fromPage.data : undefined;
  if (fromPage.success && state && state.uri !== fromPage.data.uri) state = fromPage.data;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => state && vscode.setState(state), 150);
  };

  // --- the page ------------------------------------------------------------
  const root = document.getElementById('root')!;
  const toolbar = el('header', undefined, 'toolbar');
  const fitButton = button('Fit', 'Fit the diagram to the view, its text no smaller than can be read (0)');
  const zoomOut = button('−', 'Zoom out (-)');
  const zoomIn = button('+', 'Zoom in (+)');
  const title = el('span', undefined, 'title');
  const totals = el('span', undefined, 'totals');
  const status = el('span', undefined, 'status');
  status.setAttribute('role', 'status');
  const saveSvg = button('SVG', 'Save the diagram as an SVG image');
  const savePng = button('PNG', 'Save the diagram as a PNG image');
  const simulate = button('Simulate', 'Show or hide the simulation panel');
  const legendButton = button('Legend', 'Show or hide the legend: what the shapes, badges, edges and colours mean');
  // Disabled until the host says whether the file has a version at HEAD.
  const compare = el('vscode-checkbox', undefined, 'compare');
  compare.toggle = true;
  compare.label = 'Compare with HEAD';
  compare.disabled = true;
  compare.title = 'Looking for the file in git…';
  let compareOn = state?.compare === true;
  compare.checked = compareOn;
  // Together at the right; on a narrow panel they wrap below the title rather than being cut off.
  const actions = el('div', undefined, 'toolbar-actions');
  actions.append(status, compare, legendButton, saveSvg, savePng, simulate);
  toolbar.append(fitButton, zoomOut, zoomIn, title, totals, actions);
  const banner = el('div', undefined, 'banner');
  banner.hidden = true;
  // The comparison in one line, and what its marks mean, while it is on.
  const changeBar = el('div', undefined, 'change-bar');
  changeBar.hidden = true;
  // What a collapsed diagram collapsed and why, and the groups opened.
  const collapseBar = el('div', undefined, 'collapse-bar');
  collapseBar.setAttribute('role', 'status');
  collapseBar.hidden = true;
  // The simulation run the diagram shows, and the way back to the file's figures.
  const simBar = el('div', undefined, 'sim-bar');
  simBar.setAttribute('role', 'status');
  simBar.hidden = true;
  const fileFindings = el('details', undefined, 'file-findings');
  fileFindings.hidden = true;
  const stage = el('main', undefined, 'stage');
  const { svg, layer } = diagramCanvas();
  const list = el('div', undefined, 'fallback');
  list.hidden = true;
  const message = el('p', 'Loading…', 'message');
  // The legend, docked beside or below the drawing (it does not move with pan and zoom), and the list a badge's click opens.
  const legendView = svgEl('svg', { role: 'img', 'aria-label': 'Legend' }, 'legend-overlay');
  const findingsPopup = el('div', undefined, 'findings-popup');
  findingsPopup.hidden = true;
  stage.append(svg, legendView, findingsPopup, list, message);
  let legendOn = state?.legend === true;
  // Components with a fault in the simulation panel's what-if, marked in the diagram.
  let faulted: ReadonlySet<string> = new Set();
  /** The run the simulation panel shows, drawn over the diagram. */
  let run: ShownRun | undefined;
  const sim = new SimPanel({
    post: (m) => vscode.postMessage(m),
    save: (simulation) => {
      if (!state) return;
      state = { ...state, simulation };
      save();
    },
    faultsChanged: (ids) => {
      faulted = ids;
      markFaulted();
    },
    runShown: (r) => {
      run = r;
      showRun();
      // Drawn again from the layout shown: no layout runs.
      if (data && shown) draw(data, shown);
    },
  }, state?.simulation ?? emptySimulationState(), state?.uri);
  const showSim = (open: boolean) => {
    sim.setOpen(open);
    // The diagram's space changed: fit it to what is left (or given back).
    if (shown) fitView(fitted);
    simulate.setAttribute('aria-pressed', String(open));
    simulate.classList.toggle('on', open);
  };
  simulate.setAttribute('aria-pressed', String(sim.open));
  simulate.classList.toggle('on', sim.open);
  simulate.addEventListener('click', () => showSim(!sim.open));
  const body = el('div', undefined, 'body');
  body.append(stage, sim.element);
  root.replaceChildren(toolbar, banner, simBar, collapseBar, changeBar, fileFindings, body);

  const viewport = new Viewport(svg, layer, (view) => {
    if (state) {
      state = { ...state, view };
      save();
    }
  });
  const runner = new LayoutRunner(layoutWorkerSource, LAYOUT_TIMEOUT_MS);
  runner.prestart();
  const cache = new Map<string, Layout>();

  // --- what is shown -------------------------------------------------------
  let data: DiagramData | undefined;
  /** What is drawn of it: the same, or with a simulation run's loads. */
  let drawn: DiagramData | undefined;
  /** The simulation run drawn over it, by component, if any (its marks are in the legend). */
  let runDrawn: RunShown | undefined;
  /** The name the host gave the shown document's file (an export's title when the topology has no name). */
  let shownFile = '';
  let shown: Layout | undefined;
  /** What Fit fits: the layout's bounds, grown to hold a simulation run's notes under the boxes. */
  let fitted: Layout['bounds'] = { x: 0, y: 0, width: 0, height: 0 };
  let drawing: Drawing | undefined;
  let listItems: Map<string, HTMLElement> | undefined;
  let highlighted: Element | undefined;
  let cursor: Position | undefined;
  /** A cursor the host sent for a newer text than the diagram shown: it waits for that text's diagram. */
  let heldCursor: (Position & { uri: string; version: number }) | undefined;
  /** The text the host's last cursor message was sent for: a cursor that moves within one text was moved by the user. */
  let cursorText: { uri: string; version: number } | undefined;
  const anchor = new ViewAnchor();
  /** Fit once the first drawing of a document is shown, unless a reload restored its view. */
  let fitPending = true;
  /** Which way the current document is drawn (see flowFor; chosen again when the panel turns, see flowOnResize). */
  let flow: Flow = 'RIGHT';
  /** The flow of the layout shown: only a layout in the same flow gives hints to the next one. */
  let shownFlow: Flow | undefined;
  /**
   * Fits the view to `box`. A drawing larger than the view at readable text is
   * shown from its start, and the corner of its bounds can be empty (a wide
   * drawing whose first components sit to the right): when no component is in
   * view, its first in the flow's reading order is brought in, with the least pan.
   */
  const fitView = (box: Box): void => {
    if (viewport.fit(box) || !shown || [...shown.nodes.values()].some((b) => viewport.shows(b))) return;
    let first: Box | undefined;
    const before = (a: Box, b: Box) => (shownFlow === 'DOWN' ? a.y < b.y || (a.y === b.y && a.x < b.x) : a.x < b.x || (a.x === b.x && a.y < b.y));
    for (const b of shown.nodes.values()) if (!first || before(b, first)) first = b;
    if (first) viewport.include(first);
  };
  /** The stores (by ELK id) whose replication glyph is expanded; a glyph toggled last is brought into view once redrawn. */
  let expanded = new Set<string>();
  let toggledGlyph: string | undefined;
  if (state?.view) {
    viewport.set(state.view);
    fitPending = false;
  }

  fitButton.addEventListener('click', () => shown && fitView(fitted));
  legendButton.addEventListener('click', () => {
    legendOn = !legendOn;
    showLegend();
    if (state) {
      const { legend: _, ...rest } = state;
      state = legendOn ? { ...rest, legend: true } : rest;
      save();
    }
  });
  showLegend();
  document.addEventListener('keydown', (e) => e.key === 'Escape' && closeFindings());
  document.addEventListener('pointerdown', (e) => {
    if (!findingsPopup.hidden && !findingsPopup.contains(e.target as Node)) closeFindings();
  });
  // The host runs the export (its save dialog, then `export` back here), as the commands do.
  saveSvg.addEventListener('click', () => vscode.postMessage({ type: 'saveImage', format: 'svg' }));
  savePng.addEventListener('click', () => vscode.postMessage({ type: 'saveImage', format: 'png' }));
  compare.addEventListener('change', () => {
    compareOn = compare.checked;
    keepCompare();
    vscode.postMessage({ type: 'compare', on: compareOn });
  });
  zoomOut.addEventListener('click', () => viewport.zoomBy(0.8));
  zoomIn.addEventListener('click', () => viewport.zoomBy(1.25));
  svg.addEventListener('keydown', (e) => {
    if (e.key === '0' && shown) fitView(fitted);
  });

  const activate = (n: DiagramNode) => {
    if (sim.open) sim.select(n.id);
    const { start, end } = n.keyRange;
    // An imported component is declared in its own file: that file is opened there, and the cursor in this document stays.
    vscode.postMessage({ type: 'reveal', line: start.line, character: start.character, endLine: end.line, endCharacter: end.character, ...(n.imported ? { uri: n.imported.file } : {}) });
    if (n.imported) return;
    cursor = start;
    highlight(false);
  };

  /** Asks the host for the diagram with these groups open (oldest first). */
  const openGroups = (keys: string[]) => {
    status.textContent = keys.length > 0 ? 'Opening…' : 'Collapsing…';
    vscode.postMessage({ type: 'openGroups', keys });
  };
  const openCluster = (c: DiagramCluster) => openGroups([...(data?.collapsed?.opened.map((o) => o.key) ?? []), c.key]);

  const round = (ms: number) => Math.round(Math.max(0, ms) * 10) / 10;
  /** Nodes a layout of the diagram handles: its components drawn and its groups. */
  const nodeCount = (d: DiagramData) => d.nodes.length + (d.collapsed?.clusters.length ?? 0);
  const report = (outcome: Extract<WebviewMessage, { type: 'layoutReport' }>['outcome'], ms: number, d: DiagramData, drawMs: number, detail?: string) => {
    vscode.postMessage({ type: 'layoutReport', outcome, ms: round(ms), drawMs: round(drawMs), nodes: nodeCount(d), edges: d.edges.length, ...(detail ? { detail: detail.slice(0, 500) } : {}) });
  };

  /** The legend of what is drawn, while the toggle is on and something is drawn. */
  function showLegend(): void {
    legendButton.setAttribute('aria-pressed', String(legendOn));
    legendButton.classList.toggle('on', legendOn);
    // At most the stage's width (less its margins): a narrow panel gets a taller legend rather than one cut off.
    const legend = legendOn && drawn && drawing ? drawLegend(drawn, Math.max(160, Math.min(LEGEND_WIDTH, stage.clientWidth - 16)), runDrawn) : undefined;
    // A drawing seen whole stays whole when the legend takes its room (or gives it back); otherwise the view stays put.
    const whole = shown !== undefined && viewport.shows(fitted);
    if (dockLegend(svg, legendView, legend) && whole) fitView(fitted);
  }

  /** Lists a component's findings beside its badges: each one's severity, rule and title, and message; a click reveals it in the text. */
  function listFindings(n: DiagramNode, badges: Element): void {
    const titles = new Map((data?.rules ?? []).map((r) => [r.id, r.title] as const));
    const items = el('ul');
    for (const f of n.findings.items) {
      const li = el('li');
      li.tabIndex = 0;
      const title = titles.get(f.ruleId);
      li.append(el('span', f.severity, `sev ${f.severity}`), el('span', ` ${f.ruleId} `, 'rule'), ...(title ? [el('span', title, 'rule-title')] : []), el('div', f.message, 'finding-message'));
      const go = () => {
        closeFindings();
        vscode.postMessage({ type: 'reveal', line: f.range.start.line, character: f.range.start.character, endLine: f.range.end.line, endCharacter: f.range.end.character, ...(n.imported ? { uri: n.imported.file } : {}) });
      };
      li.addEventListener('click', go);
      li.addEventListener('keydown', (e) => e.key === 'Enter' && go());
      items.append(li);
    }
    const { error, warning, info } = n.findings.counts;
    const more = error + warning + info - n.findings.items.length;
    findingsPopup.replaceChildren(el('div', `${n.id}: ${plural(error + warning + info, 'finding')}`, 'findings-popup-head'), items, ...(more > 0 ? [el('div', `… and ${more} more`, 'sim-muted')] : []));
    const at = badges.getBoundingClientRect();
    const frame = stage.getBoundingClientRect();
    findingsPopup.style.left = `${Math.max(0, Math.min(at.left - frame.left, frame.width - 360))}px`;
    findingsPopup.style.top = `${Math.max(0, at.bottom - frame.top + 4)}px`;
    findingsPopup.hidden = false;
    (items.firstElementChild as HTMLElement | null)?.focus();
  }

  function closeFindings(): void {
    findingsPopup.hidden = true;
    findingsPopup.replaceChildren();
  }

  function showHeader(file: string, d: DiagramData): void {
    shownFile = file;
    title.textContent = d.name ? `${d.name} — ${file}` : file;
    // A narrow panel cuts the title short: the whole of it on hover.
    title.title = title.textContent;
    const t = d.totals;
    totals.replaceChildren(
      el('span', plural(t.error, 'error'), t.error ? 'count error' : 'count'),
      el('span', plural(t.warning, 'warning'), t.warning ? 'count warning' : 'count'),
      el('span', plural(t.info, 'info'), t.info ? 'count info' : 'count'),
    );
    const notes: string[] = [];
    if (d.lastParsed) notes.push(`The text does not parse (${d.lastParsed.problem}): this is the diagram of the last text that did.`);
    if (!d.analysed) notes.push('The file does not validate yet: loads and rps appear once it does.');
    if (d.omittedFindings > 0) notes.push(`${plural(d.omittedFindings, 'more finding')} ${d.omittedFindings === 1 ? 'is' : 'are'} not shown.`);
    banner.textContent = notes.join(' ');
    banner.hidden = notes.length === 0;
    const ff = d.fileFindings;
    fileFindings.hidden = ff.items.length === 0;
    const summary = el('summary', `${plural(ff.counts.error + ff.counts.warning + ff.counts.info, 'finding')} not about one component`);
    const items = el('ul');
    for (const f of ff.items) {
      const li = el('li');
      li.tabIndex = 0;
      li.append(el('span', f.severity, `sev ${f.severity}`), el('span', ` ${f.ruleId} `, 'rule'), el('span', f.message));
      const go = () => vscode.postMessage({ type: 'reveal', line: f.range.start.line, character: f.range.start.character, endLine: f.range.end.line, endCharacter: f.range.end.character });
      li.addEventListener('click', go);
      li.addEventListener('keydown', (e) => e.key === 'Enter' && go());
      items.append(li);
    }
    fileFindings.replaceChildren(summary, items);
    showChange(d.change);
    showCollapse(collapseBar, d, openGroups);
  }

  /** The line above the diagram that sums up the comparison, with the marks' legend; hidden without one. */
  function showChange(change: DiagramData['change']): void {
    changeBar.hidden = !change;
    if (!change) return;
    const legend = el('span', undefined, 'change-legend');
    for (const [mark, { badge, words }] of Object.entries(MARKS)) legend.append(el('span', `${badge} ${words}`, `change-key change-${mark}`));
    const summary = el('span', `Compared with ${change.base}: ${change.summary}`, 'change-summary');
    // The changes no component shows (the workload, scenarios) on hover.
    summary.title = change.details.length > 0 ? `Also changed:\n${change.details.join('\n')}` : summary.textContent ?? '';
    changeBar.replaceChildren(summary, legend);
  }

  /** The bar above the diagram while it shows a simulation run: which one, and the way back. */
  function showRun(): void {
    simBar.hidden = !run;
    if (!run) {
      simBar.replaceChildren();
      return;
    }
    const back = button('Back to the file\'s figures', 'Show the file\'s loads again: undo the what-if, or put the scenario away');
    back.classList.add('sim-back');
    back.addEventListener('click', () => sim.reset());
    simBar.replaceChildren(el('span', `The diagram shows ${run.heading}`, 'sim-bar-text'), el('span', 'loads, rps on calls, failures and failovers of the simulation, not the file\'s', 'sim-muted'), back);
  }

  /** Keeps whether the comparison is on with the panel's state (a reload restores it). */
  function keepCompare(): void {
    if (!state) return;
    const { compare: _, ...rest } = state;
    state = compareOn ? { ...rest, compare: true } : rest;
    save();
  }

  function showMessage(text: string | undefined): void {
    message.textContent = text ?? '';
    message.hidden = text === undefined;
  }

  /**
   * The node (or its glyph's button) that has the keyboard's focus: a redraw makes every element anew, and would
   * otherwise leave the focus nowhere, so a key pressed as a simulation's result or an edit arrives was lost.
   */
  function focusedPart(): { elkId: string; glyph: boolean } | undefined {
    const active = document.activeElement;
    const node = active?.closest('g.node');
    if (!drawing || !active || !node) return undefined;
    for (const [elkId, el] of drawing.nodes) {
      if (el === node) return { elkId, glyph: active !== node && active.classList.contains('node-glyph-group') };
    }
    return undefined;
  }
  /** Gives the focus back to the same part of the new drawing, without scrolling to it. */
  function refocus(part: { elkId: string; glyph: boolean }): void {
    const node = drawing?.nodes.get(part.elkId);
    const target = part.glyph ? node?.querySelector<SVGGElement>('g.node-glyph-group[tabindex]') : node;
    (target ?? node)?.focus({ preventScroll: true });
  }

  function draw(d: DiagramData, layout: Layout): void {
    // Keep what did not move where the eye left it: shift the view by the median move of the components drawn before.
    const added = fitPending ? [] : anchor.added(layout);
    const shift = anchor.place(layout);
    if (shift && !fitPending) viewport.shiftBy(shift.dx, shift.dy);
    closeFindings();
    const byId = run ? simulatedComponents(run) : undefined;
    runDrawn = byId;
    drawn = run && byId ? withoutReplicaFigures(withRunLoads(d, run, byId)) : d;
    const focused = focusedPart();
    drawing = renderDiagram(layer, layout, drawn, activate, { onFindings: listFindings, onGlyph: toggleGlyph, expanded, flow });
    if (focused) refocus(focused);
    fitted = byId ? markRun(drawing, layout, d, byId) : layout.bounds;
    svg.classList.toggle('sim-on', byId !== undefined);
    drawClusters(layer, layout, d, openCluster);
    showLegend();
    mark(DRAWN_MARK, performance.now(), d);
    markFaulted();
    shown = layout;
    shownFlow = flow;
    listItems = undefined;
    list.hidden = true;
    svg.style.display = '';
    showMessage(undefined);
    if (fitPending) {
      fitView(layout.bounds);
      fitPending = false;
    } else {
      // What an edit added and the layout put out of view is brought in, with the least pan (and zoom) that shows it.
      const boxes = added.map((id) => layout.nodes.get(id)!);
      if (boxes.some((b) => !viewport.shows(b))) viewport.include(union(boxes));
    }
    highlight(false);
    if (toggledGlyph !== undefined) {
      // An expanded drawing is brought into view (the glyph's button kept the focus: see refocus).
      const box = layout.nodes.get(toggledGlyph);
      if (box && expanded.has(toggledGlyph) && !viewport.shows(box)) viewport.include(box);
      toggledGlyph = undefined;
    }
  }

  /** Expands a store's replication glyph, or folds it: laid out again with its box grown (or not), the rest kept in place. */
  function toggleGlyph(n: DiagramNode): void {
    if (!data) return;
    if (!expanded.delete(n.elkId)) expanded.add(n.elkId);
    toggledGlyph = n.elkId;
    void onDiagram(shownFile, data, 0);
  }

  function showFallback(d: DiagramData, reason: string): void {
    listItems = renderList(list, d, reason, activate);
    closeFindings();
    drawing = undefined;
    showLegend();
    shown = undefined;
    layer.replaceChildren();
    svg.style.display = 'none';
    list.hidden = false;
    showMessage(undefined);
    highlight(false);
  }

  /** Layouts under way by key: a diagram whose structure is already being laid out waits for that layout. */
  const inflight = new Map<string, Promise<LayoutOutcome>>();
  const layoutOnce = (key: string, graph: NonNullable<DiagramData['graph']>): Promise<LayoutOutcome> => {
    let p = inflight.get(key);
    if (!p) {
      p = runner.layout(graph);
      inflight.set(key, p);
      void p.then(() => inflight.delete(key));
    }
    return p;
  };

  /** Shows a diagram; `validateMs` is what checking the message cost (reported with the drawing time). */
  async function onDiagram(file: string, d: DiagramData, validateMs: number): Promise<void> {
    const started = performance.now();
    if (data?.uri !== d.uri) {
      // Another document: its own view, fitted when first drawn.
      fitPending = !(state?.uri === d.uri && state.view && !data);
      shown = undefined;
      anchor.reset();
      // Chosen by the panel's shape when the document is first drawn, then kept until the panel turns (see onResize).
      flow = flowFor(stage.clientWidth, stage.clientHeight);
      expanded = new Set();
    }
    data = d;
    // A store gone, or grown past what is drawn one by one, is folded.
    const expandable = new Set(d.nodes.filter((n) => n.replicaSet?.copies).map((n) => n.elkId));
    expanded = new Set([...expanded].filter((id) => expandable.has(id)));
    if (heldCursor && heldCursor.uri === d.uri && d.version >= heldCursor.version) {
      // The text the cursor was sent for (or a later one: the server may skip versions) is here; drawn, it is highlighted.
      // Not panned to: a cursor held for a newer text is one being typed at, and the view stays put while the file is edited.
      cursor = { line: heldCursor.line, character: heldCursor.character };
      heldCursor = undefined;
    }
    sim.setDocument(d.uri);
    const opened = d.collapsed?.opened.map((o) => o.key) ?? [];
    state = {
      uri: d.uri, ...(state?.uri === d.uri && state.view ? { view: state.view } : {}), simulation: sim.snapshot,
      ...(compareOn ? { compare: true } : {}), ...(opened.length > 0 ? { opened } : {}), ...(legendOn ? { legend: true } : {}),
    };
    save();
    showHeader(file, d);
    const drawMs = (since: number) => validateMs + performance.now() - since;
    if (!d.graph) {
      showFallback(d, `Showing a list: ${d.notLaidOut ?? 'the file is too large to lay out'}.`);
      report('skipped', 0, d, drawMs(started), d.notLaidOut);
      return;
    }
    const key = `${d.layoutKey}|${flow}${[...expanded].sort().map((id) => `|+${id}`).join('')}`;
    const cached = cache.get(key);
    if (cached) {
      // Only numbers changed (or an earlier structure came back): no layout.
      cache.delete(key);
      cache.set(key, cached);
      draw(d, cached);
      status.textContent = '';
      report('cached', 0, d, drawMs(started));
      return;
    }
    const laying = d.collapsed ? `Laying out ${plural(nodeCount(d), 'node')}…` : `Laying out ${plural(d.nodes.length, 'component')}…`;
    status.textContent = laying;
    if (!shown && list.hidden) showMessage(laying);
    const groupIds = new Set(d.groups.map((g) => g.elkId));
    const beforeLayout = drawMs(started);
    // After an edit of the structure, what was drawn keeps its place: the layout drawn before (in this flow) gives the hints.
    const before = shown && shownFlow === flow ? new Map([...shown.nodes, ...shown.groups]) : undefined;
    const outcome = await layoutOnce(key, graphToLayOut(d.graph, flow, before, grownBoxes(d, d.graph, expanded, flow)));
    if (outcome.kind === 'superseded') return;
    // A newer diagram arrived meanwhile: it draws itself (from this layout, when its key is the same).
    if (data !== d) {
      if (outcome.kind === 'laidOut' && !cache.has(key)) remember(key, layoutOf(outcome.graph, key, groupIds));
      return;
    }
    const after = performance.now();
    if (outcome.kind === 'laidOut') {
      const layout = cache.get(key) ?? layoutOf(outcome.graph, key, groupIds);
      remember(key, layout);
      draw(d, layout);
      status.textContent = '';
      report('laidOut', outcome.ms, d, beforeLayout + performance.now() - after);
      return;
    }
    const reason = outcome.kind === 'timeout'
      ? `The layout took longer than ${LAYOUT_TIMEOUT_MS / 1000} s and was stopped; showing a list.`
      : `The layout failed (${outcome.message}); showing a list.`;
    showFallback(d, reason);
    status.textContent = '';
    report(outcome.kind, outcome.ms, d, beforeLayout + performance.now() - after, outcome.kind === 'error' ? outcome.message : undefined);
  }

  function remember(key: string, layout: Layout): void {
    cache.set(key, layout);
    while (cache.size > LAYOUT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }

  /** Answers an `export`: the drawing as an image file, or why there is none. */
  async function exportImage(id: number, format: ImageFormat): Promise<void> {
    try {
      if (!shown) {
        throw new Error(!list.hidden ? 'the diagram is shown as a list, not drawn' : data ? 'the diagram is still being laid out' : 'no diagram is shown yet');
      }
      // The editor's cursor ring is the panel's, not the design's: left out of the image.
      highlighted?.classList.remove('cursor');
      let image: SvgFile;
      try {
        const d = drawn;
        image = svgFile({ svg, layer, bounds: fitted, title: d?.name ?? shownFile, legend: d ? (width) => drawLegend(d, width, runDrawn) : undefined });
      } finally {
        highlighted?.classList.add('cursor');
      }
      const file = format === 'svg' ? image.text : await pngFile(image);
      if (file.length > MAX_EXPORT_BYTES) throw new Error(`the image would be ${Math.ceil(file.length / 2 ** 20)} MB, more than the ${MAX_EXPORT_BYTES / 2 ** 20} MB an export may be`);
      vscode.postMessage({ type: 'exported', id, format, data: typeof file === 'string' ? file : base64(file) });
    } catch (e) {
      vscode.postMessage({ type: 'exportFailed', id, reason: `No ${format.toUpperCase()}: ${e instanceof Error ? e.message : String(e)}.`.slice(0, 1000) });
    }
  }


  /** Marks the node at the editor's cursor; with `reveal`, pans to it when it is out of view. */
  function highlight(reveal: boolean): void {
    highlighted?.classList.remove('cursor');
    highlighted = undefined;
    if (!data || !cursor) return;
    const n = nodeAt(data.nodes, cursor);
    if (!n) return;
    const target = drawing?.nodes.get(n.elkId) ?? listItems?.get(n.elkId);
    if (!target) return;
    target.classList.add('cursor');
    highlighted = target;
    if (reveal && shown) {
      const box = shown.nodes.get(n.elkId);
      if (box) viewport.reveal(box);
    } else if (reveal && target instanceof HTMLElement) target.scrollIntoView({ block: 'nearest' });
  }

  window.addEventListener('message', (event: MessageEvent) => {
    const received = performance.now();
    const parsed = HostMessage.safeParse(event.data);
    if (!parsed.success) return; // not ours, or malformed: ignored
    const msg = parsed.data;
    if (msg.type === 'diagram') {
      mark(RECEIVED_MARK, received, msg.diagram);
      void onDiagram(msg.file, msg.diagram, performance.now() - received);
    }
    else if (msg.type === 'cursor') {
      // Navigation, not typing: the text is the one of the previous cursor message. A cursor carried along by an edit (typed,
      // pasted, undone) comes with a new version, and the view stays put while the file is edited.
      const sameText = cursorText?.uri === msg.uri && cursorText.version === msg.version;
      cursorText = { uri: msg.uri, version: msg.version };
      // Lines of another document, or of a newer text than the one drawn, would land on whatever is there: wait for its diagram.
      if (!data || data.uri !== msg.uri || data.version < msg.version) heldCursor = msg;
      else {
        heldCursor = undefined;
        // Panned to only when the cursor moved: the host repeats where it is after each diagram, and that must not move the view.
        const moved = !cursor || cursor.line !== msg.line || cursor.character !== msg.character;
        cursor = { line: msg.line, character: msg.character };
        highlight(moved && sameText);
      }
    } else if (msg.type === 'export') {
      void exportImage(msg.id, msg.format);
    } else if (msg.type === 'source') {
      sim.setSource(msg);
    } else if (msg.type === 'compareState') {
      compareOn = msg.on;
      compare.checked = msg.on;
      compare.disabled = !msg.available;
      compare.title = msg.available ? 'Mark what changed since the file at git HEAD: added, changed, removed components and calls' : msg.reason ?? 'No version of the file at git HEAD';
      compare.setAttribute('aria-description', compare.title);
      keepCompare();
    } else if (msg.type === 'unavailable') {
      title.textContent = msg.file;
      banner.textContent = msg.reason;
      banner.hidden = false;
      if (!data) showMessage(msg.reason);
    }
  });
  /** Marks the components the what-if faults (drawn again with every diagram). */
  function markFaulted(): void {
    if (!data || !drawing) return;
    for (const n of data.nodes) drawing.nodes.get(n.elkId)?.classList.toggle('sim-faulted', faulted.has(n.id));
  }

  /** A panel that turned (taller than wide, or wider than tall, by FLOW_TURN_RATIO) lays the drawing out again in the flow that suits it, fitted. */
  let resizeTimer: ReturnType<typeof setTimeout> | undefined;
  const onResize = () => {
    if (resizeTimer) clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      // Docked again: beside or below, whichever leaves the drawing more room at the new size.
      showLegend();
      const next = flowOnResize(flow, stage.clientWidth, stage.clientHeight);
      if (next === flow || !data?.graph) return;
      flow = next;
      fitPending = true;
      anchor.reset();
      void onDiagram(shownFile, data, 0);
    }, RESIZE_SETTLE_MS);
  };
  new ResizeObserver(onResize).observe(stage);

  window.addEventListener('unload', () => {
    runner.dispose();
    sim.dispose();
  });
  vscode.postMessage({ type: 'ready' });
  // A restored panel that was open asks for the document's text again.
  if (sim.open) vscode.postMessage({ type: 'simulationPanel', open: true });
})();

/** The diagram with its stores' expanded figures left out: they are the file's load, and a simulation run drawn over it has its own. */
function withoutReplicaFigures(d: DiagramData): DiagramData {
  return { ...d, nodes: d.nodes.map((n) => (n.replicaSet?.load ? { ...n, replicaSet: { ...n.replicaSet, load: undefined } } : n)) };
}

/** The boxes of the stores whose glyph is expanded, grown to hold their shards and copies (in the flow they are laid out in). */
function grownBoxes(d: DiagramData, graph: NonNullable<DiagramData['graph']>, expanded: ReadonlySet<string>, flow: Flow): Map<string, { width: number; height: number }> {
  const grown = new Map<string, { width: number; height: number }>();
  if (expanded.size === 0) return grown;
  const folded = placedBoxes(graph);
  for (const n of d.nodes) {
    const box = folded.get(n.elkId);
    if (box && n.replicaSet && expanded.has(n.elkId)) grown.set(n.elkId, expandedBox(box, n.replicaSet, flow));
  }
  return grown;
}

/** The smallest box around boxes. */
function union(boxes: readonly Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return { x, y, width: Math.max(...boxes.map((b) => b.x + b.width)) - x, height: Math.max(...boxes.map((b) => b.y + b.height)) - y };
}

/** Leaves a performance mark for a diagram; the last hundred or so of each name are kept. */
function mark(name: string, at: number, d: DiagramData): void {
  if (performance.getEntriesByName(name).length >= 128) performance.clearMarks(name);
  performance.mark(name, { startTime: at, detail: { version: d.version, nodes: d.nodes.length } });
}

/** The node whose declaration contains a position of the document (declarations do not overlap; an imported one is in another file). */
function nodeAt(nodes: readonly DiagramNode[], p: Position): DiagramNode | undefined {
  const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  for (const n of nodes) if (!n.imported && before(n.range.start, p) && before(p, n.range.end)) return n;
  return undefined;
}

function safeJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
