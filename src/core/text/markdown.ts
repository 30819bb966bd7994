/**
 * File text in Markdown. Hovers quote the file (ids, zones, descriptions,
 * finding messages), and an editor renders them: a `[link](url)`, an image
 * or an `<img>` in the file would become one, and the editor would fetch a
 * URL the file chose. A pull-request comment quotes it too, and GitHub adds
 * mentions and references of its own.
 */
import { spelledOut } from './invisible';

/**
 * Text from the file as Markdown that renders as exactly that text: every
 * ASCII punctuation character is backslash-escaped, which CommonMark allows
 * for all of them. That leaves no syntax: no link, image or HTML, no
 * autolink (GitHub's bare `https://`, `www.` and e-mail forms need a `:`,
 * `.` or `@` as written), no code span, no emphasis, and no backslash of the
 * file's escaping what follows. Never put the result inside a code span,
 * where escapes do not work.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/**
 * U+2060 WORD JOINER: invisible, never a line break, and unlike U+200D (ZERO
 * WIDTH JOINER) it joins nothing, so no emoji or script around it changes shape.
 */
export const WORD_JOINER = '\u2060';

/**
 * Text from a pull request as one line of a GitHub comment: a table cell, a
 * list item, a heading. On top of `escapeMarkdown` (no link, image, HTML,
 * entity or code span; an escaped `|` does not end a table cell), controls
 * and invisible characters are spelled out (`spelledOut`), so a line break
 * cannot end the cell and a bidi override cannot reorder the line. GitHub
 * finds @mentions, #123 and GH-123 references, e-mail and www. autolinks and
 * :emoji: in the text *after* rendering, where an escape has done its work and
 * is gone: a word joiner after `@`, `#` and `:`, and inside `www.` and `GH-`,
 * breaks each pattern while the text reads the same. (A code span would stop
 * them too, but escapes do not work inside one, so it would need an escaping
 * of its own, and it would show every name in code font.)
 */
export function commentText(text: string): string {
  return escapeMarkdown(spelledOut(text))
    .replace(/\\[@#:]/g, `$&${WORD_JOINER}`)
    .replace(/(www|gh)(?=\\[.-])/gi, `$1${WORD_JOINER}`);
}
