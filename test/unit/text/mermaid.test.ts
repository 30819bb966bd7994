/**
 * Text in a Mermaid label: nothing of the text is Mermaid syntax or markup,
 * and Mermaid's entity codes give back exactly the text (controls spelled
 * out). That Mermaid draws such labels as text is checked in Chromium by the
 * e2e suite (test/e2e/mermaid.test.ts).
 */
import assert from 'node:assert/strict';
import { spelledOut } from '../../../src/core/text/invisible';
import { mermaidLabel } from '../../../src/core/text/mermaid';
import { COMMENT_MARKUP } from '../../support/markdownHazards';

/** Mermaid's decoding of its entity codes, as the drawing shows them (the word joiners are invisible). */
const decoded = (label: string) => label.replace(/#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))).replace(/\u2060/g, '');

describe('mermaidLabel: text inside a quoted Mermaid label', () => {
  for (const s of COMMENT_MARKUP) {
    it(`holds no syntax and decodes to the text: ${JSON.stringify(s)}`, () => {
      const label = mermaidLabel(s);
      assert.match(label, /^(?:[A-Za-z0-9 ]|#\d+;)*$/);
      assert.equal(decoded(label), spelledOut(s));
    });
  }

  it('codes quotes, brackets, arrows, directives and the text\'s own entity codes', () => {
    assert.equal(mermaidLabel('a"]'), 'a#34;#93;');
    assert.equal(mermaidLabel('A-->B'), 'A#45;#45;#62;B');
    assert.equal(mermaidLabel('%%{init}%%'), '#37;#37;#123;init#125;#37;#37;');
    assert.equal(mermaidLabel('#quot;'), '#35;quot#59;');
    assert.equal(mermaidLabel('café 😀'), 'caf#233; #128512;');
    // Mermaid's own marks for the entities it decoded, broken by a word joiner so that they stay text.
    assert.equal(mermaidLabel('ﬂ°°60¶ß'), '#64258;#8288;#176;#176;60#182;#8288;#223;');
  });
});
