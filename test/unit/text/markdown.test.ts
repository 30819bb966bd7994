/**
 * Text from a pull request in a GitHub comment: every hostile string reads
 * back, through a real CommonMark parser, as exactly its own text (controls
 * spelled out), in a paragraph, a list item and a table cell, with no HTML,
 * link, image, extra cell, or anything GitHub would turn into a mention, a
 * reference or a link after rendering.
 */
import assert from 'node:assert/strict';
import { spelledOut } from '../../../src/core/text/invisible';
import { commentText } from '../../../src/core/text/markdown';
import { markupTokens, parseMarkdown, renderedTexts, sourceCells, tablesOf } from '../../support/commonMark';
import { COMMENT_MARKUP, githubAutolinks, markdownHazards } from '../../support/markdownHazards';

/** What a reader sees of commentText's output: the word joiners it adds are invisible. */
const seen = (text: string) => text.replace(/\u2060/g, '');

describe('commentText: text from a pull request in a GitHub comment', () => {
  for (const s of COMMENT_MARKUP) {
    it(`reads back as itself: ${JSON.stringify(s)}`, () => {
      const shown = commentText(s);
      const markdown = `| id | note |\n| --- | --- |\n| ${shown} | after |\n\n- item ${shown}\n\npara ${shown}\n`;
      const tokens = parseMarkdown(markdown);
      assert.deepEqual(markupTokens(tokens), { html: [], links: [], images: [] });
      const [table, ...more] = tablesOf(tokens);
      assert.equal(more.length, 0);
      assert.deepEqual(table!.header, ['id', 'note']);
      assert.deepEqual(table!.rows.map((r) => r.map(seen)), [[spelledOut(s).trim(), 'after']]);
      assert.equal(sourceCells(markdown.split('\n')[2]!), 2);
      const texts = renderedTexts(tokens);
      assert.deepEqual(texts.slice(4).map(seen), [`item ${spelledOut(s)}`.trim(), `para ${spelledOut(s)}`.trim()]);
      for (const t of texts) assert.deepEqual(githubAutolinks(t), []);
      assert.deepEqual(markdownHazards(shown), []);
      assert.ok(!/[\n\r\u2028\u2029\u202e]/.test(shown), 'one line, no bidi control');
    });
  }

  it('breaks mentions, references and e-mail with an invisible word joiner after `@` and `#`', () => {
    assert.equal(commentText('@octocat'), '\\@\u2060octocat');
    assert.equal(commentText('#12'), '\\#\u206012');
    assert.equal(commentText('GH-12 www.x.io'), 'GH\u2060\\-12 www\u2060\\.x\\.io');
  });

  it('spells out line breaks, controls and bidi overrides, and leaves other text alone', () => {
    assert.equal(commentText('a\nb\u202ec é ✓'), 'a\\\\nb\\\\u202ec é ✓');
  });
});
