/**
 * What a Markdown renderer would make of text that should read as text:
 * links, images, autolinks (CommonMark's `<…>` and GitHub's bare URLs and
 * e-mail addresses, which VS Code's renderer links too), HTML and entity
 * references. Hover Markdown quotes the file; none of these may come out of
 * it. The scan follows CommonMark's inline rules where they decide whether a
 * character is syntax: backslash escapes, and code spans (literal, but HTML
 * and autolinks take precedence over them, and escapes do not work inside).
 */

/** Markdown strings that each render as a link, an image, an autolink or HTML when not escaped. */
export const MARKDOWN_MARKUP: readonly string[] = [
  '[link](https://example.com/link)',
  '![image](https://example.com/image.png)',
  '<img src="https://example.com/img.png" onerror="alert(1)">',
  '<https://example.com/autolink>',
  'see https://example.com/bare',
  'www.example.com/bare',
  'mail@example.com',
  '`<img src=https://example.com/in-code.png>`',
  '``</code><img src=https://example.com/code-end.png>``',
  '`a` [x](https://example.com/after-code) `b`',
  '<b>bold</b> and a trailing backslash \\',
  '\\[escaped](https://example.com/escaped-by-the-file)',
  '[ref]\n\n[ref]: https://example.com/reference',
  '&lt;img src=x&gt; &#60;b&#62;',
  '<!-- comment --> <?php ?>',
  '[command](command:workbench.action.terminal.new)',
];

const PUNCTUATION = /[!-/:-@[-`{-~]/;
/** GitHub's extended autolinks, recognised on raw text (an escape in between breaks them, as in the renderers). */
const BARE_LINK = /^(?:(?:https?|ftp):\/\/|www\.|[A-Za-z0-9._+-]+@[A-Za-z0-9_-]+\.[A-Za-z0-9_-])/i;

/** The constructs `markdown` would render as a link, image, autolink, HTML or entity; empty when it renders as plain text and emphasis. */
export function markdownHazards(markdown: string): string[] {
  const found: string[] = [];
  const at = (i: number, what: string) => found.push(`${what} at ${i}: ${JSON.stringify(markdown.slice(Math.max(0, i - 20), i + 30))}`);
  let i = 0;
  while (i < markdown.length) {
    const c = markdown[i]!;
    if (c === '\\' && PUNCTUATION.test(markdown[i + 1] ?? '')) {
      i += 2;
      continue;
    }
    if (c === '`') {
      const open = /^`+/.exec(markdown.slice(i))![0].length;
      let j = i + open;
      let close = -1;
      while (j < markdown.length) {
        if (markdown[j] !== '`') {
          j++;
          continue;
        }
        const run = /^`+/.exec(markdown.slice(j))![0].length;
        if (run === open) {
          close = j;
          break;
        }
        j += run;
      }
      if (close < 0) {
        i += open;
        continue;
      }
      const content = markdown.slice(i + open, close);
      // Backslashes are literal in a span, so escaped text cannot go in one; `<` may start HTML that outranks the span.
      if (/[\\<]/.test(content)) at(i, 'code span holding escapes or `<`');
      i = close + open;
      continue;
    }
    if (c === '<' && /^<[A-Za-z/!?]/.test(markdown.slice(i))) at(i, 'HTML or autolink');
    else if (c === '[' || c === ']') at(i, 'link or image bracket');
    else if (c === '&' && /^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});/.test(markdown.slice(i))) at(i, 'entity reference');
    else if ((i === 0 || !/[A-Za-z0-9._+-]/.test(markdown[i - 1]!)) && BARE_LINK.test(markdown.slice(i))) at(i, 'bare link');
    i++;
  }
  return found;
}

/**
 * Texts a pull request can put in a PR comment, on top of MARKDOWN_MARKUP:
 * table and code-span breakers, GitHub's own links (mentions, issue
 * references, e-mail, emoji), entities, line breaks, bidi controls, and
 * Mermaid syntax (arrows, keywords, click handlers, directives, classes).
 */
export const COMMENT_MARKUP: readonly string[] = [
  ...MARKDOWN_MARKUP,
  ']',
  '[x](javascript:alert(1))',
  '--> end of comment',
  'a | b || c \\| d',
  '`code` ``two`` ```fence',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '@octocat and @github/security please look',
  '#123 and owner/repo#7 and GH-42',
  'line one\nline two\r\n| --- |\n# heading',
  '&amp; &lt;b&gt; &#64;x',
  'abc\u202edcba\u2066x\u2069 \u200bhidden',
  'A-->B',
  'end',
  'subgraph evil',
  'click x call alert()',
  '%%{init: {"securityLevel": "loose"}}%%',
  'a:::cls',
  'n0["x"] --> n1',
  '#quot; #35; #lt;script#gt;',
  ':tada: :+1:',
  'ﬂ°°60¶ß ﬂ°lt¶ß',
];

/** What GitHub links in a comment's rendered text (mentions, issue references, bare URLs, e-mail, emoji); empty when none. */
export function githubAutolinks(text: string): string[] {
  const patterns: [string, RegExp][] = [
    ['mention', /(?:^|[^\w`])@[a-z0-9]/i],
    ['issue reference', /#\d/],
    ['GH- reference', /\bGH-\d/i],
    ['www autolink', /\bwww\./i],
    ['URL autolink', /[a-z][a-z0-9+.-]*:\/\//i],
    ['e-mail autolink', /[\w.+-]@[\w-]+\.[\w-]/],
    ['emoji', /:[a-z0-9_+-]+:/i],
  ];
  return patterns.filter(([, re]) => re.test(text)).map(([name]) => `${name} in ${JSON.stringify(text.slice(0, 80))}`);
}
