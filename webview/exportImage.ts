/**
 * The drawn diagram as a standalone image: an SVG file that looks as it does
 * on screen without the page's stylesheet or VS Code's theme variables (each
 * element gets its computed paint and font as attributes, every font with a
 * generic fallback, every colour in a notation SVG 1.1 readers know), framed on the whole diagram rather than the current
 * view, with the topology's name above it and its legend below; and a PNG of
 * it, drawn on a canvas from a blob: URL of that SVG (the page's own data: no
 * network).
 */
import type { Legend } from './legend';
import { svgEl, svgText } from './svg';


/**
 * Properties copied from each drawn element's computed style, as SVG
 * presentation attributes (a `style` attribute would be inline style, which
 * the page's CSP refuses). All but opacity are inherited: an element gets
 * one only where it differs from its parent's.
 */
const PAINT = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity',
  'font-family', 'font-size', 'font-weight', 'text-anchor', 'visibility',
] as const;

/** What an export needs from the page. */
export interface ExportSource {
  /** The SVG as drawn (its arrow marker in <defs>, the diagram in `layer`). */
  svg: SVGSVGElement;
  /** The group the viewport transforms: its transform is dropped, so the image frames the whole diagram. */
  layer: SVGGElement;
  /** The diagram's extent in its own coordinates. */
  bounds: { x: number; y: number; width: number; height: number };
  /** The image's title (the topology's name), above the diagram. */
  title?: string;
  /** Draws the legend at most that wide, for below the diagram. */
  legend?: (maxWidth: number) => Legend | undefined;
}

/** Room around the diagram in the image. */
const MARGIN = 16;
/** Room the title takes above the diagram, and the gap above the legend. */
const TITLE_HEIGHT = 30;
const LEGEND_GAP = 16;
/** A legend is laid out at least this wide, however narrow the diagram. */
const MIN_LEGEND_WIDTH = 420;
/** Families every renderer has: a font list ending in none of them gets "sans-serif" (a renderer without the theme's font falls back to it, not to a serif). */
const GENERIC_FONT = /(^|,)\s*(serif|sans-serif|monospace|cursive|fantasy)\s*$/i;

/** A standalone SVG file: its text, and its size in pixels (what a PNG of it is drawn at). */
export interface SvgFile {
  text: string;
  width: number;
  height: number;
}

/** The diagram as a standalone SVG file. */
export function svgFile({ svg, layer, bounds, title, legend: drawLegend }: ExportSource): SvgFile {
  // The title and the legend are drawn in the page for a moment (no frame is painted meanwhile), so that they get
  // their computed styles as the diagram does.
  const extras = svgEl('g', {}, 'export-extras');
  const top = bounds.y - (title ? TITLE_HEIGHT : 0);
  if (title) extras.append(svgText(title, bounds.x, bounds.y - TITLE_HEIGHT + 16, 'export-title'));
  const legend = drawLegend?.(Math.max(bounds.width, MIN_LEGEND_WIDTH));
  if (legend) {
    legend.group.setAttribute('transform', `translate(${bounds.x} ${bounds.y + bounds.height + LEGEND_GAP})`);
    extras.append(legend.group);
  }
  svg.append(extras);
  let copy: SVGSVGElement;
  try {
    copy = svg.cloneNode(true) as SVGSVGElement;
    inlineStyles(svg, copy);
  } finally {
    extras.remove();
  }
  const width = Math.ceil(Math.max(bounds.width, legend?.width ?? 0) + 2 * MARGIN);
  const height = Math.ceil(bounds.y + bounds.height + (legend ? LEGEND_GAP + legend.height : 0) - top + 2 * MARGIN);
  for (const a of ['class', 'tabindex', 'role', 'style']) copy.removeAttribute(a);
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  copy.setAttribute('viewBox', `${bounds.x - MARGIN} ${top - MARGIN} ${width} ${height}`);
  // The viewport's pan and zoom are the reader's, not the diagram's.
  copy.children[Array.prototype.indexOf.call(svg.children, layer)]?.removeAttribute('transform');
  // Any renderer finds a font: the theme's list, then a generic family.
  for (const e of [copy, ...copy.querySelectorAll('[font-family]')]) {
    const family = e.getAttribute('font-family');
    if (family && !GENERIC_FONT.test(family)) e.setAttribute('font-family', `${family}, sans-serif`);
  }
  // The page's background, so that the image reads the same on any viewer.
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  for (const [k, v] of Object.entries({ x: bounds.x - MARGIN, y: top - MARGIN, width, height })) background.setAttribute(k, String(v));
  background.setAttribute('fill', plainColour(getComputedStyle(document.body).backgroundColor));
  copy.insertBefore(background, copy.firstChild?.nextSibling ?? null);
  // Elements carry no classes or interaction in the file: everything they need is in their attributes now.
  for (const e of copy.querySelectorAll('*')) {
    e.removeAttribute('class');
    e.removeAttribute('tabindex');
    e.removeAttribute('role');
  }
  return { text: `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`, width, height };
}

/** Copies each element's computed paint and font onto its copy (the two trees have the same shape). */
function inlineStyles(from: Element, to: Element, parent?: CSSStyleDeclaration): void {
  const style = getComputedStyle(from);
  for (const p of PAINT) {
    const v = style.getPropertyValue(p);
    if (v && v !== parent?.getPropertyValue(p)) to.setAttribute(p, COLOURS.has(p) ? plainColour(v) : v);
  }
  const opacity = style.getPropertyValue('opacity');
  if (opacity && opacity !== '1') to.setAttribute('opacity', opacity);
  for (let i = 0; i < from.children.length; i++) inlineStyles(from.children[i]!, to.children[i]!, style);
}

/** The painted properties whose values are colours. */
const COLOURS: ReadonlySet<string> = new Set(['fill', 'stroke']);
/** Colours already made plain, by their computed value (a drawing repeats a few colours on thousands of elements). */
const plainColours = new Map<string, string>();

/**
 * A computed colour as `rgb()` or `rgba()`, which every SVG renderer reads:
 * a stylesheet's `color-mix()` computes to `color(srgb …)`, which librsvg
 * (and so ImageMagick, Inkscape's import, many wikis) does not read, and
 * draws black. The browser resolves the notation itself: the colour is
 * painted on one pixel and read back. `none` and `url(…)` paints stay.
 */
function plainColour(value: string): string {
  if (/^(none|rgba?\(|url\()/.test(value)) return value;
  let plain = plainColours.get(value);
  if (plain === undefined) {
    const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
    if (!ctx) return value;
    ctx.canvas.width = ctx.canvas.height = 1;
    ctx.fillStyle = value;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    plain = a === 255 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${Number((a! / 255).toFixed(3))})`;
    plainColours.set(value, plain);
  }
  return plain;
}

/** The SVG file drawn into a PNG at `scale` pixels per unit (2: sharp on high-density screens). */
export async function pngFile({ text, width, height }: SvgFile, scale = 2): Promise<Uint8Array<ArrayBuffer>> {
  // Canvases past ~16k pixels a side or ~260M pixels fail in Chromium: scale down what would not fit.
  const fit = Math.min(scale, 16_000 / Math.max(1, width), 16_000 / Math.max(1, height), Math.sqrt(200e6 / Math.max(1, width * height)));
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * fit));
    canvas.height = Math.max(1, Math.round(height * fit));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('the canvas gave no PNG');
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Bytes as base64 (how the panel posts a PNG to the extension host). */
export function base64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: one call with millions of arguments would overflow the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
