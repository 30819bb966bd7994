/**
 * Sizes of the diagram's shapes and texts, shared by the ELK graph (which
 * must know every size before layout) and the webview's renderer (which draws
 * inside them). The core has no DOM to measure text with, so widths are
 * estimated per character, generously: the renderer squeezes a text that
 * still overflows rather than the layout depending on the fonts installed.
 */

/** Font size of the diagram's texts, in CSS pixels. */
export const FONT_SIZE = 12;
/** The smallest size a component's text is fitted to the panel at, in CSS pixels: a diagram that fits only smaller is shown from its start, to be panned (or drawn collapsed: see DIAGRAM_NODE_BOUND). */
export const MIN_FIT_TEXT_PX = 9;
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
/** Room for a kind's icon before the kind's name on the kind line. */
export const KIND_ICON_WIDTH = 18;
/** The replication and sharding glyph: its lines' font size and height, under the three lines of every node. */
export const GLYPH_FONT_SIZE = 10.5;
export const GLYPH_LINE_HEIGHT = 14;
/** A glyph line holds parts up to this width; a longer part has a line of its own. */
export const GLYPH_MAX_WIDTH = 210;
/** Lines a glyph takes at most (the rest are in the tooltip). */
export const MAX_GLYPH_LINES = 3;
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

/** Estimated width of one character at FONT_SIZE. */
function charWidth(ch: string): number {
  const c = ch.codePointAt(0)!;
  if (c >= 0x2e80) return 12; // CJK, emoji and other wide glyphs
  if (/[iljtf.,:;'!|()[\]\s]/.test(ch)) return 4;
  if (/[mwMW@%]/.test(ch)) return 10.5;
  if (/[A-Z0-9#&_]/.test(ch)) return 8;
  return 7;
}

/** The widths of the Latin characters (a glyph's "·" among them), looked up rather than matched: every box of a large diagram is measured. */
const LATIN_WIDTHS = Float64Array.from({ length: 0x300 }, (_, c) => charWidth(String.fromCharCode(c)));
/** Other characters' widths as they are met (a glyph's "·", an id's letters), bounded so that no text grows it without end. */
const OTHER_WIDTHS = new Map<string, number>();

/** Estimated width of a text at FONT_SIZE in a proportional UI font, rounded up to whole pixels. */
export function textWidth(text: string, bold = false): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (c < 0x300) w += LATIN_WIDTHS[c]!;
    else {
      let cw = OTHER_WIDTHS.get(ch);
      if (cw === undefined) {
        cw = charWidth(ch);
        if (OTHER_WIDTHS.size < 4096) OTHER_WIDTHS.set(ch, cw);
      }
      w += cw;
    }
  }
  return Math.ceil(w * (bold ? 1.08 : 1));
}

/**
 * Estimated width of a glyph line: every number counts as four digits, so a
 * new figure ("64 shards" to "128 shards") never resizes the node (the
 * renderer squeezes a longer one).
 */
export function glyphTextWidth(text: string): number {
  return Math.ceil((textWidth(text.replace(/\d[\d,.]*/g, '0000')) * GLYPH_FONT_SIZE) / FONT_SIZE);
}

/** A glyph's parts ("64 shards", "primary + 2 async", "automatic failover") joined by " · " into lines of at most GLYPH_MAX_WIDTH. */
export function glyphLines(parts: readonly string[]): string[] {
  const lines: string[] = [];
  for (const part of parts) {
    const last = lines[lines.length - 1];
    if (last !== undefined && glyphTextWidth(`${last} · ${part}`) <= GLYPH_MAX_WIDTH) lines[lines.length - 1] = `${last} · ${part}`;
    else lines.push(part);
  }
  if (lines.length > MAX_GLYPH_LINES) lines.splice(MAX_GLYPH_LINES - 1, Infinity, lines.slice(MAX_GLYPH_LINES - 1).join(' · '));
  return lines;
}

/** A component's box: wide enough for its id, its kind line (icon, name and instance badge) and its glyph; three lines tall and a line per glyph line. */
export function nodeSize(idText: string, kindText: string, glyph: readonly string[] = []): { width: number; height: number } {
  let inner = Math.max(textWidth(idText, true), KIND_ICON_WIDTH + textWidth(kindText) + 8 + INSTANCE_BADGE_WIDTH);
  for (const line of glyph) inner = Math.max(inner, glyphTextWidth(line));
  return { width: Math.max(NODE_MIN_WIDTH, NODE_PADDING_X * 2 + inner), height: NODE_HEIGHT + (glyph.length > 0 ? glyph.length * GLYPH_LINE_HEIGHT + 4 : 0) };
}
