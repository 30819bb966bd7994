/**
 * Every ELK layout option the diagram uses, in one place (the ELK graph
 * builder puts them on the graph; nothing else sets options). Layered,
 * left to right: requests flow from the clients on the left to the stores on
 * the right.
 */
import { GROUP_TITLE_HEIGHT, type GroupKind } from './metrics';

/** ELK layout options: option ids to string values, as ELK's JSON format takes them. */
export type ElkLayoutOptions = Record<string, string>;

/** Past this many components ELK's crossing minimization is made cheaper (thoroughness 1, no greedy switch), for the 2 s budget at 1,000. */
export const LARGE_GRAPH_NODES = 500;
/**
 * Past this many components a diagram with boxes (regions, zones, imported
 * files) gets the cheaper crossing minimization too: with boxes, ELK sweeps
 * every box's layers in each of its `thoroughness` tries. Measured in the
 * webview's worker on a generated design in regions and zones (1.5 calls
 * each), scaled to an unloaded machine: 30 components 208 ms thorough, 100
 * cheap; 100 components 615 ms thorough, 429 cheap. Crossings rise from 27
 * to 38 at 100 components; up to this size they cost nothing worth saving.
 */
export const GROUPED_THOROUGH_MAX_NODES = 20;
/**
 * Up to this many components the file's order guides the order in each
 * layer, so an edit moves fewer boxes. It costs: measured here about +80 ms
 * at 200 components, and 8-17 s instead of ~1 s at 1,000.
 */
export const MODEL_ORDER_MAX_NODES = 100;

/**
 * The most nodes one layout may be asked to handle (`--max-diagram-nodes`
 * tops out here): measured here, ELK takes several seconds past it, and an
 * SVG of thousands of boxes is no longer read at a glance.
 */
export const MAX_LAYOUT_NODES = 2000;

/**
 * Past this many nodes the diagram is drawn collapsed (collapse.ts): no
 * layout handles more, and `--max-diagram-nodes` sets another bound.
 *
 * Why 50: the largest drawing laid out whole must stay within the layout
 * budget of 250 ms on every design, with room for a slower machine. With
 * the options below, a generated design in regions and zones (1.5 calls per
 * component) lays out in ~155 ms at 46 components, ~241 ms at 55 and ~430 ms
 * at 100; the base wiring (1.1 calls, no boxes) in ~108 ms at 55. (Measured
 * in the webview's worker, `npm run bench -- layout`, and as elkjs's CPU
 * time interleaved with a layout timed at 269 ms on a quiet machine, which
 * scales them to it.) It is also what is read at the size that fits a
 * panel: 50 boxes of 150 × 60 px, laid out in layers, fit 1200 × 700 px at
 * about 0.96 (12 px text shows at 11.5 px); 200 fit at 0.48 (6 px, not read
 * without zooming in).
 */
export const DIAGRAM_NODE_BOUND = 50;
/** Calls laid out at most, for the same reason. */
export const MAX_LAYOUT_EDGES = 10_000;

/** Options of the root graph, by the number of components and whether any are boxed (by imported file, region or zone). */
export function rootLayoutOptions(nodeCount: number, grouped: boolean): ElkLayoutOptions {
  const large = nodeCount > LARGE_GRAPH_NODES || (grouped && nodeCount > GROUPED_THOROUGH_MAX_NODES);
  return {
    'elk.algorithm': 'layered',
    'elk.direction': 'RIGHT',
    // Edges between boxes are laid out with the whole graph, not box by box.
    ...(grouped ? { 'elk.hierarchyHandling': 'INCLUDE_CHILDREN' } : {}),
    // Edge coordinates relative to the root, node coordinates relative to their box: the renderer draws edges in one layer.
    'org.eclipse.elk.json.edgeCoords': 'ROOT',
    'org.eclipse.elk.json.shapeCoords': 'PARENT',
    'elk.edgeRouting': 'ORTHOGONAL',
    'elk.spacing.nodeNode': '28',
    'elk.layered.spacing.nodeNodeBetweenLayers': '56',
    'elk.spacing.edgeNode': '16',
    'elk.spacing.edgeEdge': '10',
    'elk.layered.spacing.edgeNodeBetweenLayers': '16',
    'elk.spacing.edgeLabel': '3',
    'elk.spacing.componentComponent': '40',
    'elk.edgeLabels.placement': 'CENTER',
    'elk.layered.edgeLabels.sideSelection': 'ALWAYS_UP',
    ...(nodeCount <= MODEL_ORDER_MAX_NODES ? { 'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES' } : {}),
    'elk.randomSeed': '1',
    'elk.layered.thoroughness': large ? '1' : '7',
    ...(large ? { 'elk.layered.crossingMinimization.greedySwitch.type': 'OFF' } : {}),
    ...(large && grouped ? { 'elk.layered.crossingMinimization.greedySwitchHierarchical.type': 'OFF' } : {}),
    'elk.padding': '[top=16,left=16,bottom=16,right=16]',
  };
}

/** Options of an imported file's, a region's or a zone's box: room at the top for its title. */
export function groupLayoutOptions(kind: GroupKind, titleWidth: number): ElkLayoutOptions {
  const top = GROUP_TITLE_HEIGHT + 10;
  return {
    'elk.padding': `[top=${top},left=14,bottom=14,right=14]`,
    // A box is at least as wide as its title.
    'elk.nodeSize.constraints': 'MINIMUM_SIZE',
    'elk.nodeSize.minimum': `(${titleWidth + 28},${top + 24})`,
    'elk.spacing.nodeNode': kind === 'zone' ? '20' : '28',
  };
}

/**
 * Options of a layout that follows the places of an earlier one (see
 * layoutHints.ts), each node's given in `elk.position`: the order within each
 * layer is kept from the places across the flow
 * (`crossingMinimization.semiInteractive`), and nodes keep their place across
 * the flow where no other is in the way (interactive node placement). Layers
 * are still assigned by network simplex, not by the places along the flow
 * (`layering.strategy: INTERACTIVE`): measured on the examples with a
 * component added, interactive layering moved the boxes of a design in
 * regions by 13-15% of its size (a box is one node of its parent's layering,
 * and a call between two boxes pushed one of them a layer on), network
 * simplex by 0-3%.
 */
export const KEEP_PLACES_OPTIONS: ElkLayoutOptions = {
  'elk.layered.crossingMinimization.semiInteractive': 'true',
  'elk.layered.nodePlacement.strategy': 'INTERACTIVE',
  // The places give the order: the file's order would put a component declared first above the places kept.
  'elk.layered.considerModelOrder.strategy': 'NONE',
  // Components laid out apart would be packed again by size, whatever their places.
  'elk.separateConnectedComponents': 'false',
};

/** Which way requests flow in the drawing: left to right, or top to bottom. */
export type Flow = 'RIGHT' | 'DOWN';

/**
 * The flow that suits a view of this size: top to bottom in a view taller
 * than wide (a panel beside the editor), where a chain laid out left to right
 * would be fitted too small to read.
 */
export function flowFor(width: number, height: number): Flow {
  return width > 0 && height > width ? 'DOWN' : 'RIGHT';
}

/** How much taller than wide (or wider than tall) a view must become for its drawing to turn: a panel resized a little keeps its flow. */
export const FLOW_TURN_RATIO = 1.25;

/**
 * The flow of a drawing once its view is resized: turned top to bottom when
 * the view became clearly taller than wide, left to right when clearly wider
 * than tall, else kept (so that a view near square does not flip to and fro).
 */
export function flowOnResize(current: Flow, width: number, height: number): Flow {
  if (width <= 0 || height <= 0) return current;
  if (current === 'RIGHT' && height > width * FLOW_TURN_RATIO) return 'DOWN';
  if (current === 'DOWN' && width > height * FLOW_TURN_RATIO) return 'RIGHT';
  return current;
}

/** The graph to lay out in a flow: a copy with the root's direction set (the builder's default is RIGHT). */
export function withFlow<G extends { layoutOptions?: ElkLayoutOptions | undefined }>(graph: G, flow: Flow): G {
  return flow === 'RIGHT' ? graph : { ...graph, layoutOptions: { ...graph.layoutOptions, 'elk.direction': flow } };
}
