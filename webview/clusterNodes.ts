/**
 * A collapsed diagram's groups (a zone, region or imported file's box, or
 * components of one kind, drawn as one node each) and the line that says
 * what was collapsed and why: drawn as a stack of boxes with the group's
 * title, its count of components and of findings. In the panel a click (or
 * Enter) opens the group; the report page draws them as they are. Texts from
 * the file go in through `textContent`.
 */
import type { DiagramData } from '../src/core/webviewProtocol';
import { FONT_SIZE, LINE_HEIGHT, NODE_PADDING_X, NODE_PADDING_Y, shorten } from '../src/core/diagram/metrics';
import { count, plural } from '../src/core/text/format';
import { button, el } from './dom';
import type { Layout } from './geometry';
import { worst } from './render';
import { svgEl, svgText, svgTitle } from './svg';

/** A group drawn as one node. */
export type DiagramCluster = NonNullable<DiagramData['collapsed']>['clusters'][number];

/** "140 components · 3 findings", as a group's node and its hover say it. */
function countsLine(c: DiagramCluster): [string, string] {
  const { error, warning, info } = c.findings;
  const findings = error + warning + info;
  return [plural(c.components, 'component'), findings === 0 ? 'no findings' : `${count(findings)} finding${findings === 1 ? '' : 's'}`];
}

/**
 * Draws the groups of a collapsed diagram into the drawing's nodes layer
 * (`layer`'s `g.nodes`); `onOpen`, when given, makes each one open on click
 * or Enter. Returns each group's element by ELK id.
 */
export function drawClusters(layer: SVGGElement, layout: Layout, data: DiagramData, onOpen?: (c: DiagramCluster) => void): Map<string, SVGGElement> {
  const drawn = new Map<string, SVGGElement>();
  const nodesLayer = layer.querySelector('g.nodes') ?? layer;
  for (const c of data.collapsed?.clusters ?? []) {
    const box = layout.nodes.get(c.elkId);
    if (!box) continue;
    const sev = worst(c.findings);
    const g = svgEl('g', { transform: `translate(${box.x} ${box.y})` }, ['node', 'cluster', `cluster-${c.kind}`, sev ? `sev-${sev}` : '', onOpen ? '' : 'fixed'].filter(Boolean).join(' '));
    // A stack: two edges peeking out behind the box say "more than one".
    for (const d of [6, 3]) g.append(svgEl('rect', { x: d, y: -d, width: box.width, height: box.height, rx: 6 }, 'cluster-behind'));
    g.append(svgEl('rect', { width: box.width, height: box.height, rx: 6 }, 'node-box'));
    const [components, findings] = countsLine(c);
    const baseline = (line: number) => NODE_PADDING_Y + LINE_HEIGHT * line + FONT_SIZE;
    g.append(svgText(shorten(c.title), NODE_PADDING_X, baseline(0), 'node-id'));
    g.append(svgText(components, NODE_PADDING_X, baseline(1), 'node-kind'));
    g.append(svgText(findings, NODE_PADDING_X, baseline(2), `node-load${sev ? ` ${sev}` : ''}`));
    const words = `${c.title}, collapsed: ${components}, ${findings}`;
    g.append(svgTitle(`${words}${onOpen ? '\nClick to open it' : ''}`));
    g.setAttribute('aria-label', words);
    if (onOpen) {
      g.append(svgText('+', box.width - NODE_PADDING_X, baseline(0), 'cluster-open'));
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      g.addEventListener('click', () => onOpen(c));
      g.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') {
          ev.preventDefault();
          onOpen(c);
        }
      });
    }
    drawn.set(c.elkId, g);
    nodesLayer.append(g);
  }
  return drawn;
}

/**
 * The line above a collapsed diagram: what was collapsed and why, and in the
 * panel (with `reopen`) how to open a group, the groups opened (each with a
 * button that closes it) and a button that collapses them all again. Hidden
 * when the diagram is drawn whole.
 */
export function showCollapse(bar: HTMLElement, data: DiagramData, reopen?: (keys: string[]) => void): void {
  const c = data.collapsed;
  bar.hidden = !c;
  if (!c) {
    bar.replaceChildren();
    return;
  }
  const note = el('span', `Drawn collapsed: ${c.note}.${reopen ? ' Click a group to open it.' : ''}`, 'collapse-note');
  bar.replaceChildren(note);
  if (c.closed.length > 0) bar.append(el('span', `Closed again, to stay within ${count(c.bound)} nodes: ${c.closed.map((o) => o.title).join(', ')}.`, 'collapse-closed'));
  if (!reopen || c.opened.length === 0) return;
  const keys = c.opened.map((o) => o.key);
  const chips = el('span', undefined, 'collapse-opened');
  for (const o of c.opened) {
    const close = button(`${o.title} ×`, `Collapse ${o.title} again`);
    close.addEventListener('click', () => reopen(keys.filter((k) => k !== o.key)));
    chips.append(close);
  }
  const all = button('Collapse all', 'Collapse every group opened');
  all.addEventListener('click', () => reopen([]));
  chips.append(all);
  bar.append(chips);
}
