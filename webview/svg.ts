/** SVG elements made from data: attributes set one by one and text as text nodes, never markup. */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Creates an SVG element with attributes. */
export function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, cls?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (cls) e.setAttribute('class', cls);
  return e;
}

/** A text element at (x, y) whose text is set as a text node. */
export function svgText(text: string, x: number, y: number, cls: string): SVGTextElement {
  const t = svgEl('text', { x, y }, cls);
  t.textContent = text;
  return t;
}

/** An SVG <title> (a hover's text) with its text set as a text node. */
export function svgTitle(text: string): SVGTitleElement {
  const t = svgEl('title');
  t.textContent = text;
  return t;
}
