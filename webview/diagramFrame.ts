/**
 * A laid-out diagram in a page of its own (the pages `scale report` and
 * `scale diff --format html` write): a toolbar (fit, zoom, the legend, save
 * as SVG or PNG, each image with the topology's name and the legend) over the
 * webview's own drawing and zoom/pan, or the readable list when the CLI could
 * not lay the diagram out. The legend is shown at first: a page is read by
 * people who may not know the shapes. The page marks a component in it,
 * and is told when one is clicked.
 */
import type { ElkNodeJson } from '../src/core/diagram/elkGraph';
import { MIN_FIT_TEXT_PX } from '../src/core/diagram/metrics';
import type { DiagramData } from '../src/core/webviewProtocol';
import { button, el } from './dom';
import { pngFile, svgFile } from './exportImage';
import { renderList } from './fallbackList';
import { layoutOf, type Layout } from './geometry';
import { dockLegend, drawLegend } from './legend';
import { diagramCanvas, renderDiagram } from './render';
import { drawClusters, showCollapse } from './clusterNodes';
import { svgEl } from './svg';
import { FIT_MARGIN, Viewport } from './viewport';

type DiagramNode = DiagramData['nodes'][number];

/** What a page gives a frame to draw. */
export interface FrameInput {
  diagram: DiagramData;
  /** The ELK graph with positions; absent when it was not laid out (`layoutNote` says why). */
  laidOut?: ElkNodeJson;
  layoutNote?: string;
  /** The saved images' name, without its extension. */
  imageName: string;
  /** The frame's accessible name. */
  label: string;
  onActivate: (node: DiagramNode) => void;
}

/** A drawn frame. */
export interface DiagramFrame {
  element: HTMLElement;
  /** Each component's element (a box, or an item of the list), by the component's ELK id. */
  nodes: Map<string, Element>;
  /** Marks a component (by its id in the file) as selected, bringing it into view when asked; undefined clears the mark. */
  mark(component: string | undefined, reveal: boolean): void;
}

/** Draws a diagram in a frame with its toolbar; the frame is sized and fitted once the page has laid itself out. */
export function diagramFrame(input: FrameInput): DiagramFrame {
  const d = input.diagram;
  const frame = el('section', undefined, 'diagram-frame');
  frame.setAttribute('aria-label', input.label);
  const toolbar = el('div', undefined, 'toolbar');
  const fit = button('Fit', 'Fit the diagram to the view, its text no smaller than can be read (0)');
  const zoomOut = button('−', 'Zoom out (-)');
  const zoomIn = button('+', 'Zoom in (+)');
  const saveSvg = button('SVG', 'Save the diagram as SVG');
  const savePng = button('PNG', 'Save the diagram as PNG');
  const legendButton = button('Legend', 'Show or hide the legend: what the shapes, badges, edges and colours mean');
  const spacer = el('span', undefined, 'status');
  toolbar.append(fit, zoomOut, zoomIn, spacer, legendButton, saveSvg, savePng);
  const stage = el('div', undefined, 'stage');
  // What a collapsed diagram collapsed and why (the page draws its groups as they are).
  const collapse = el('div', undefined, 'collapse-bar');
  showCollapse(collapse, d);
  frame.append(toolbar, collapse, stage);

  let layout: Layout | undefined;
  let viewport: Viewport | undefined;
  let nodes = new Map<string, Element>();
  const elkIdOf = new Map(d.nodes.map((n) => [n.id, n.elkId] as const));
  let marked: Element | undefined;
  const mark = (component: string | undefined, reveal: boolean) => {
    marked?.classList.remove('cursor');
    marked = component === undefined ? undefined : nodes.get(elkIdOf.get(component) ?? '');
    marked?.classList.add('cursor');
    const box = component === undefined ? undefined : layout?.nodes.get(elkIdOf.get(component) ?? '');
    if (reveal && box && viewport) viewport.reveal(box);
  };

  if (input.laidOut && d.graph) {
    const { svg, layer } = diagramCanvas();
    stage.append(svg);
    layout = layoutOf(input.laidOut, d.layoutKey, new Set(d.groups.map((g) => g.elkId)));
    nodes = renderDiagram(layer, layout, d, input.onActivate).nodes;
    drawClusters(layer, layout, d);
    const v = new Viewport(svg, layer, () => undefined);
    viewport = v;
    const bounds = layout.bounds;
    // Fitted, the page's smallest text (a badge's count, not only a component's name) is MIN_FIT_TEXT_PX at least:
    // the page is read at its width, often printed. Fit gives this view back, never a smaller one.
    const leastZoom = () => MIN_FIT_TEXT_PX / smallestFontSize(layer);
    const readable = () => v.fit(bounds, leastZoom(), FIT_MARGIN);
    fit.addEventListener('click', () => readable());
    zoomOut.addEventListener('click', () => v.zoomBy(0.8));
    zoomIn.addEventListener('click', () => v.zoomBy(1.25));
    svg.addEventListener('keydown', (e) => e.key === '0' && readable());
    const base = input.imageName;
    const image = () => svgFile({ svg, layer, bounds, title: d.name ?? base, legend: (width) => drawLegend(d, width) });
    saveSvg.addEventListener('click', () => download(`${base}.svg`, new Blob([image().text], { type: 'image/svg+xml' })));
    savePng.addEventListener('click', () => {
      void pngFile(image()).then(
        (png) => download(`${base}.png`, new Blob([png], { type: 'image/png' })),
        (e: unknown) => {
          spacer.textContent = `The PNG could not be made (${e instanceof Error ? e.message : String(e)}).`;
        },
      );
    });
    const legend = drawLegend(d, 360);
    let legendOn = legend !== undefined;
    const view = svgEl('svg', { role: 'img', 'aria-label': 'Legend' }, 'legend-overlay');
    // Docked once the page has its size (below).
    view.style.display = 'none';
    stage.append(view);
    // Docked beside or below the drawing, never over it (see dockLegend).
    const showLegend = () => {
      dockLegend(svg, view, legendOn ? legend : undefined);
      legendButton.setAttribute('aria-pressed', String(legendOn));
      legendButton.classList.toggle('on', legendOn);
    };
    if (legend) {
      legendButton.addEventListener('click', () => {
        legendOn = !legendOn;
        showLegend();
      });
    } else legendButton.disabled = true;
    // Once the page has its size: a frame as tall as the diagram needs at its width (within limits), then fitted
    // readable: a wide diagram is read a part at a time, panned.
    requestAnimationFrame(() => {
      const scale = Math.min(1, Math.max(leastZoom(), (frame.clientWidth - 32) / Math.max(1, bounds.width)));
      const legendRoom = legend ? legend.height + 16 : 0;
      frame.style.height = `${Math.round(Math.min(window.innerHeight * 0.75, Math.max(260, toolbar.offsetHeight + collapse.offsetHeight + 32 + legendRoom + bounds.height * scale)))}px`;
      showLegend();
      if (readable()) return;
      spacer.textContent = 'Drag or use the arrow keys for the rest; zoom out (−) to see it all, at smaller text.';
      // The note may have taken a line of the toolbar from the stage: fitted again at the stage's final size.
      readable();
    });
  } else {
    const list = el('div', undefined, 'fallback');
    stage.append(list);
    nodes = renderList(list, d, `Showing a list: ${input.layoutNote ?? 'the diagram was not laid out'}.`, input.onActivate);
    for (const b of [fit, zoomOut, zoomIn, legendButton, saveSvg, savePng]) b.disabled = true;
  }
  return { element: frame, nodes, mark };
}

/** The smallest font size of the drawn texts, in the drawing's units (12 when there are none). */
function smallestFontSize(layer: SVGGElement): number {
  let smallest = Infinity;
  for (const t of layer.querySelectorAll('text')) {
    const size = parseFloat(getComputedStyle(t).fontSize);
    if (size > 0) smallest = Math.min(smallest, size);
  }
  return Number.isFinite(smallest) ? smallest : 12;
}

/** A file's name without its folders and its `.scale.json` (or `.json`): "url-shortener". */
export function fileStem(file: string): string {
  return (file.split('/').pop() ?? '').replace(/\.scale\.json$|\.json$/, '') || 'diagram';
}

/** Offers a file to the reader's browser to save. */
function download(name: string, blob: Blob): void {
  const a = el('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
