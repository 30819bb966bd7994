/**
 * An edit's new text as an LSP snippet (SnippetTextEdit, LSP 3.18) whose
 * first tab stop is a placeholder to type over: a code action can change
 * text but not select it, and a snippet edit selects its first placeholder.
 */
import type { TextRange } from '../core/findings';

/** Escapes text for a snippet, outside or inside a placeholder: `$`, `}` and `\` are snippet syntax. */
function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

/**
 * The snippet that inserts `newText` at `offset` of `text` with the span
 * `placeholder` of it as tab stop 1. VS Code indents each line of a snippet
 * after the first by the leading white space of the line the snippet starts
 * on (as it does for every snippet it inserts), so those lines are written
 * relative to it: the text that results is `newText` as given.
 */
export function snippetOf(text: string, offset: number, newText: string, placeholder: TextRange): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  const indent = /^[ \t]*/.exec(text.slice(start, offset))![0];
  const relative = (part: string) => escapeSnippet(indent === '' ? part : part.replace(/(\r\n|\r|\n)([ \t]*)/g, (m, eol: string, ws: string) => (ws.startsWith(indent) ? eol + ws.slice(indent.length) : m)));
  const end = placeholder.offset + placeholder.length;
  return `${relative(newText.slice(0, placeholder.offset))}\${1:${escapeSnippet(newText.slice(placeholder.offset, end))}}${relative(newText.slice(end))}`;
}
