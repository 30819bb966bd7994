/**
 * File text in a Mermaid diagram. A label is parsed by Mermaid before it is
 * drawn: a `"` would end it, `-->` or `end` outside it would be syntax,
 * `%%{init}%%` anywhere in the source is a directive, a label opening with a
 * backtick is Markdown, and the label becomes HTML in the drawing.
 */
import { spelledOut } from './invisible';
import { WORD_JOINER } from './markdown';

/**
 * Text as the inside of a double-quoted Mermaid label (`n0["…"]`) that shows
 * exactly that text: letters, digits and spaces as they are, everything else
 * as Mermaid's numeric entity code (`#34;` for `"`, `#60;` for `<`), which
 * Mermaid turns into an HTML character reference only once the diagram is
 * parsed. So no character of the text is syntax to Mermaid (quote, bracket,
 * arrow, `%`, `:`, `;`, backtick) or markup in the drawing, and a `#…;` the
 * text holds shows as written. Controls and invisible characters are spelled
 * out first (`spelledOut`). Mermaid marks the entities it decodes with `ﬂ°`,
 * `ﬂ°°` and `¶ß` and turns those into `&` and `;` in the finished drawing:
 * a word joiner after each `ﬂ` and `¶` of the text keeps its own from being
 * read as marks.
 */
export function mermaidLabel(text: string): string {
  return spelledOut(text)
    .replace(/[\ufb02\u00b6]/g, `$&${WORD_JOINER}`)
    .replace(/[^A-Za-z0-9 ]/gu, (c) => `#${c.codePointAt(0)};`);
}
