/**
 * Markdown read back with a real CommonMark parser (markdown-it, with
 * GitHub's tables, strikethrough and bare-URL links), for tests of what a
 * renderer makes of Markdown the project writes: tables as header and cell
 * texts, and every HTML, link and image token it produced.
 */
import MarkdownIt from 'markdown-it';

/** markdown-it's token (its type is not re-exported under a stable name across versions). */
export type MdToken = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

const md = new MarkdownIt('default', { html: true, linkify: true });
// GitHub links only `www.` and scheme URLs and e-mail addresses, not bare domains.
md.linkify.set({ fuzzyLink: false });

/** The block tokens of a Markdown text. */
export function parseMarkdown(markdown: string): MdToken[] {
  return md.parse(markdown, {});
}

/** Every token, inline children included, in order. */
export function allTokens(tokens: readonly MdToken[]): MdToken[] {
  return tokens.flatMap((t) => [t, ...(t.children ?? [])]);
}

/** What an inline token renders as text (escapes resolved, code spans as their content, line breaks as "\n"). */
export function inlineText(token: MdToken): string {
  return (token.children ?? []).map((c) => (c.type === 'softbreak' || c.type === 'hardbreak' ? '\n' : c.content)).join('');
}

/** A table as its parser read it. */
export interface ParsedTable {
  header: string[];
  rows: string[][];
  /** The source lines of the table (header, delimiter row, body). */
  lines: [number, number];
}

/** The tables of a parsed text, with the rendered text of each cell. */
export function tablesOf(tokens: readonly MdToken[]): ParsedTable[] {
  const out: ParsedTable[] = [];
  let table: ParsedTable | undefined;
  let row: string[] | undefined;
  let inHead = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'table_open') table = { header: [], rows: [], lines: (t.map ?? [0, 0]) as [number, number] };
    else if (t.type === 'thead_open') inHead = true;
    else if (t.type === 'thead_close') inHead = false;
    else if (t.type === 'tr_open') row = [];
    else if (t.type === 'inline' && row) row.push(inlineText(t));
    else if (t.type === 'tr_close' && table && row) {
      if (inHead) table.header = row;
      else table.rows.push(row);
      row = undefined;
    } else if (t.type === 'table_close' && table) {
      out.push(table);
      table = undefined;
    }
  }
  return out;
}

/** How many cells a table row of the source has: its `|`s that no backslash escapes, less the leading and trailing ones. */
export function sourceCells(line: string): number {
  const pipes = [...line.matchAll(/(?<!\\)\|/g)].length;
  return pipes - (line.trimStart().startsWith('|') ? 1 : 0) - (line.trimEnd().endsWith('|') && !line.trimEnd().endsWith('\\|') ? 1 : 0) + 1;
}

/** The HTML the parser passed through (blocks and inline), links and images, each as its type and source. */
export function markupTokens(tokens: readonly MdToken[]): { html: string[]; links: string[]; images: string[] } {
  const all = allTokens(tokens);
  return {
    html: all.filter((t) => t.type === 'html_block' || t.type === 'html_inline').map((t) => `${t.type}: ${t.content.trim()}`),
    links: all.filter((t) => t.type === 'link_open').map((t) => String(t.attrGet('href') ?? '')),
    images: all.filter((t) => t.type === 'image').map((t) => String(t.attrGet('src') ?? '')),
  };
}

/** The text of every inline token (what a reader sees, paragraph by paragraph and cell by cell). */
export function renderedTexts(tokens: readonly MdToken[]): string[] {
  return tokens.filter((t) => t.type === 'inline').map(inlineText);
}
