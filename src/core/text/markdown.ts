/**
 * File text in Markdown. Hovers quote the file (ids, zones, descriptions,
 * finding messages), and an editor renders them: a `[link](url)`, an image
 * or an `<img>` in the file would become one, and the editor would fetch a
 * URL the file chose.
 */

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
