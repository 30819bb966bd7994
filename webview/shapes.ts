/**
 * The shape of each kind of component: a small icon on the kind line (a
 * path of a few strokes on a 16-unit grid, drawn in the bundle: no image, no
 * font, no network), and the box's outline (a database is a cylinder, a client
 * a rounded pill, every other kind a rounded box). Colours come from CSS
 * classes (panelHtml), so the icons follow the theme.
 */
import { CAPACITY_ERROR, CAPACITY_WARNING, reaches } from '../src/core/model/loadThresholds';
import type { COMPONENT_KINDS } from '../src/core/model/schema';
import { svgEl } from './svg';

/** A kind the diagram has an icon for. */
export type Kind = (typeof COMPONENT_KINDS)[number];

/** Each kind's icon as one path on a 16 × 16 grid, stroked (a database's rings, a globe's meridian, a balancer's fork). */
const ICONS: Readonly<Record<Kind, string>> = {
  // A screen on a stand.
  client: 'M2 3h12v8H2z M6 14h4 M8 11v3',
  // A globe: the edge is everywhere.
  cdn: 'M2 8a6 6 0 1 0 12 0a6 6 0 1 0-12 0 M5.5 8a2.5 6 0 1 0 5 0a2.5 6 0 1 0-5 0 M2 8h12',
  // One line spread over three servers.
  loadBalancer: 'M1.5 8h3 M4.5 8L10 3.5 M4.5 8H10 M4.5 8L10 12.5 M10.5 2h3v3h-3z M10.5 6.5h3v3h-3z M10.5 11h3v3h-3z',
  // A hexagon: a unit of the application.
  service: 'M8 1.5l5.6 3.25v6.5L8 14.5l-5.6-3.25v-6.5z',
  // A lightning bolt: fast, in memory.
  cache: 'M9.5 1.5L3.5 9H8l-1.5 5.5L12.5 7H8z',
  // A cylinder with a ring.
  database: 'M3 3.5a5 2 0 1 0 10 0a5 2 0 1 0-10 0v9a5 2 0 0 0 10 0v-9 M3 8a5 2 0 0 0 10 0',
  // Messages in line.
  queue: 'M1.5 4.5h13v7h-13z M5 4.5v7 M8.5 4.5v7 M12 4.5v7',
  // A lookup table.
  directory: 'M2.5 2.5h11v11h-11z M2.5 6h11 M2.5 9.5h11 M6 2.5v11',
};
/** The kinds with an icon, in the order the format lists them (its COMPONENT_KINDS, by type only: the schema module would bring zod into the page). */
export const KINDS = Object.keys(ICONS) as Kind[];

/** A kind the format does not know (a file being typed): a dashed square. */
const UNKNOWN_ICON = 'M3 3h10v10H3z';

/** Whether a kind as written is one the diagram draws (anything else is drawn as unknown). */
export function isKind(kind: string): kind is Kind {
  return Object.hasOwn(ICONS, kind);
}

/** A kind's icon, its top-left corner at (x, y), `size` units a side: its grid in a viewport of its own (no transform to read). */
export function kindIcon(kind: string, x: number, y: number, size = 14): SVGSVGElement {
  const known = isKind(kind);
  const icon = svgEl('svg', { x, y, width: size, height: size, viewBox: '0 0 16 16', overflow: 'visible' });
  icon.append(svgEl('path', { d: known ? ICONS[kind] : UNKNOWN_ICON }, `kind-icon${known ? '' : ' unknown'}`));
  return icon;
}

/** Depth of a cylinder's top and bottom ellipses. */
const CYLINDER_RY = 4;

/** A component's outline in its kind's shape, `width` × `height` from the origin (class `node-box`, which the themes and marks style). */
export function nodeOutline(kind: string, width: number, height: number): SVGElement {
  if (kind === 'database') {
    const rx = width / 2;
    const ry = CYLINDER_RY;
    // The body with its bottom curve, then the top ellipse's front edge: a cylinder seen from a little above.
    const d = `M0 ${ry}A${rx} ${ry} 0 0 1 ${width} ${ry}V${height - ry}A${rx} ${ry} 0 0 1 0 ${height - ry}Z M0 ${ry}A${rx} ${ry} 0 0 0 ${width} ${ry}`;
    return svgEl('path', { d }, 'node-box');
  }
  return svgEl('rect', { width, height, rx: kind === 'client' ? Math.min(14, height / 2) : 6 }, 'node-box');
}

/** Heat levels: the share of the binding resource a component uses at peak, from idle to past saturation. */
export const HEAT_LEVELS = [
  { label: 'under 50%' },
  { label: `50–${CAPACITY_WARNING * 100}%` },
  { label: `${CAPACITY_WARNING * 100}–${CAPACITY_ERROR * 100}%` },
  { label: `${CAPACITY_ERROR * 100}% and over` },
] as const;

/** The heat level of a utilization (1 = saturated): 0 to HEAT_LEVELS.length - 1, hotter as it grows; the capacity rule's thresholds. */
export function heatLevel(utilization: number): number {
  return reaches(utilization, CAPACITY_ERROR) ? 3 : reaches(utilization, CAPACITY_WARNING) ? 2 : reaches(utilization, 0.5) ? 1 : 0;
}

/** Edge weights: a call's rps against the busiest call of the diagram, thicker as it carries more. */
export const WEIGHT_STEPS = [0.03, 0.15, 0.5] as const;

/** A call's weight, 0 to WEIGHT_STEPS.length, by its share of the busiest call's rps. */
export function weightOf(rps: number | undefined, busiest: number): number {
  if (rps === undefined || !(busiest > 0)) return 0;
  const share = rps / busiest;
  let w = 0;
  for (const step of WEIGHT_STEPS) if (share >= step) w++;
  return w;
}

/** The mark of a call a simulated partition cut: a gap across the stroke between two bars, at (x, y), turned to the stroke's angle (degrees). */
export function cutMark(x: number, y: number, angle: number): SVGGElement {
  const g = svgEl('g', { transform: `translate(${x} ${y}) rotate(${angle})` }, 'sim-cut-mark');
  g.append(svgEl('rect', { x: -3, y: -7, width: 6, height: 14 }, 'sim-cut-gap'), svgEl('path', { d: 'M-4 -7 L-2 7 M2 -7 L4 7' }, 'sim-cut-bars'));
  return g;
}
