/** Characters that hide text or make two ids look alike, by name. */

/** Invisible and bidirectional-control characters, by code point. */
export const INVISIBLE: ReadonlyMap<number, string> = new Map([
  [0x200b, 'ZERO WIDTH SPACE'], [0x200c, 'ZERO WIDTH NON-JOINER'], [0x200d, 'ZERO WIDTH JOINER'], [0x2060, 'WORD JOINER'],
  [0xfeff, 'ZERO WIDTH NO-BREAK SPACE'], [0x00ad, 'SOFT HYPHEN'], [0x202a, 'LEFT-TO-RIGHT EMBEDDING'], [0x202b, 'RIGHT-TO-LEFT EMBEDDING'],
  [0x202c, 'POP DIRECTIONAL FORMATTING'], [0x202d, 'LEFT-TO-RIGHT OVERRIDE'], [0x202e, 'RIGHT-TO-LEFT OVERRIDE'], [0x2066, 'LEFT-TO-RIGHT ISOLATE'],
  [0x2067, 'RIGHT-TO-LEFT ISOLATE'], [0x2068, 'FIRST STRONG ISOLATE'], [0x2069, 'POP DIRECTIONAL ISOLATE'], [0x200e, 'LEFT-TO-RIGHT MARK'], [0x200f, 'RIGHT-TO-LEFT MARK'],
]);

/** What JSON.stringify leaves raw yet a reader cannot see: DEL and C1 controls, every character of INVISIBLE, the line and paragraph separators, and the other invisible format characters near them. */
const UNSEEN = /[\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/**
 * A text as a message quotes it: as JSON writes it, with every character a
 * reader could not see spelled out as a \u escape, so that "api\u200b" does
 * not read as "api" and a right-to-left override cannot reorder the line.
 */
export function quoted(text: string): string {
  return JSON.stringify(text).replace(UNSEEN, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Characters that would break a line, or that a reader could not see: C0 controls (line breaks included), what UNSEEN holds, and unpaired surrogates. */
const UNSEEN_OR_BREAKING = new RegExp(`[\\u0000-\\u001f]|${UNSEEN.source}|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]`, 'g');

/**
 * The text with each of those characters spelled out as `quoted` spells it
 * ("a\nb", "api\u200b") and nothing else changed: text shown without quotes
 * on one line (a table cell, a diagram label) stays on it, and shows what it holds.
 */
export function spelledOut(text: string): string {
  return text.replace(UNSEEN_OR_BREAKING, (c) => quoted(c).slice(1, -1));
}

/** "U+200B". */
export function codePoint(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The text without its invisible characters, and the names of those it had ("U+200B ZERO WIDTH SPACE"). */
export function splitInvisible(text: string): { visible: string; hidden: string[] } {
  const hidden: string[] = [];
  let visible = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const name = INVISIBLE.get(cp);
    if (name) hidden.push(`${codePoint(cp)} ${name}`);
    else visible += ch;
  }
  return { visible, hidden: [...new Set(hidden)] };
}
