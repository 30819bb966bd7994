/**
 * Sizes of the diagram's shapes and texts, shared by the ELK graph (which
 * must know every size before layout) and the webview's renderer (which draws
 * inside them). The core has no DOM to measure text with, so widths are
 * estimated per character, generously: the renderer squeezes a text that
 * still overflows rather than the layout depending on the fonts installed.
 */

/** Font size of the diagram's texts, in CSS pixels. */
export const FONT_SIZE = 12;
/** Height of one line of text inside a node. */
export const LINE_HEIGHT = 16;
/** Inner padding of a node. */
export const NODE_PADDING_X = 10;
export const NODE_PADDING_Y = 6;
/** Nodes are never narrower than this, so that short ids still leave room for the badges and the load line ("16.2k rps · 45% util"). */
export const NODE_MIN_WIDTH = 150;
/** A collapsed group's node is never narrower than this: its counts ("12,345 components", "1,234 findings") fit whatever they become. */
export const CLUSTER_MIN_WIDTH = 170;
/** Three lines: the id, the kind with the instance badge, the load. */
export const NODE_HEIGHT = NODE_PADDING_Y * 2 + LINE_HEIGHT * 3;
/** The instance badge's slot, wide enough for "×1,000,000": its text is a number and never resizes the node. */
export const INSTANCE_BADGE_WIDTH = 64;
/** Edge labels have one fixed size, wide enough for "999.9k rps", so that new numbers never change the layout. */
export const EDGE_LABEL_WIDTH = 70;
export const EDGE_LABEL_HEIGHT = 14;
/** Height of a group's (file, region or zone) title strip. */
export const GROUP_TITLE_HEIGHT = 20;
/** Texts from the file longer than this are shown shortened (the full text is in the tooltip). */
export const MAX_LABEL_CHARS = 40;

/** A text shortened to MAX_LABEL_CHARS code points, with an ellipsis when cut. */
export function shorten(text: string, max = MAX_LABEL_CHARS): string {
  // By code points, so that a surrogate pair is never split.
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}

/** A text shortened to `max` code points from its start, keeping its end ("…/platform/platform.scale.json"): for paths, whose file name is at the end. */
export function shortenStart(text: string, max = MAX_LABEL_CHARS): string {
  const points = Array.from(text);
  return points.length <= max ? text : `…${points.slice(points.length - max + 1).join('')}`;
}

/** The kinds of boxes: an imported file's, a region's, a zone's. */
export type GroupKind = 'file' | 'region' | 'zone';

/** Longest import path a file box's title shows; the start is cut, the file name kept. */
const MAX_FILE_TITLE_CHARS = 60;

/** A box's title, as the ELK graph sizes it and the renderer draws it: "imported from ./platform/platform.scale.json", "region east", "zone a". */
export function groupTitle(kind: GroupKind, name: string): string {
  return kind === 'file' ? `imported from ${shortenStart(name, MAX_FILE_TITLE_CHARS)}` : shorten(`${kind} ${name}`);
}

/** Estimated width of a text at FONT_SIZE in a proportional UI font, rounded up to whole pixels. */
export function textWidth(text: string, bold = false): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x2e80) w += 12; // CJK, emoji and other wide glyphs
    else if (/[iljtf.,:;'!|()[\]\s]/.test(ch)) w += 4;
    else if (/[mwMW@%]/.test(ch)) w += 10.5;
    else if (/[A-Z0-9#&_]/.test(ch)) w += 8;
    else w += 7;
  }
  return Math.ceil(w * (bold ? 1.08 : 1));
}
