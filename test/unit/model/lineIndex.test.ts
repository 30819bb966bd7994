import assert from 'node:assert/strict';
import { LineIndex } from '../../../src/core/text/lineIndex';

describe('LineIndex: offsets to UTF-16 lines and characters', () => {
  it('an empty text has one empty line', () => {
    const li = new LineIndex('');
    assert.equal(li.lineCount, 1);
    assert.deepEqual(li.positionAt(0), { line: 0, character: 0 });
    assert.equal(li.offsetAt({ line: 0, character: 5 }), 0);
  });

  it('LF, CRLF and lone CR each end one line', () => {
    const text = 'a\nb\r\nc\rd';
    const li = new LineIndex(text);
    assert.equal(li.lineCount, 4);
    const at = (ch: string) => li.positionAt(text.indexOf(ch));
    assert.deepEqual([at('a'), at('b'), at('c'), at('d')], [
      { line: 0, character: 0 }, { line: 1, character: 0 }, { line: 2, character: 0 }, { line: 3, character: 0 },
    ]);
    // The CR and LF of one CRLF both belong to the line they end.
    assert.deepEqual(li.positionAt(text.indexOf('\r')), { line: 1, character: 1 });
    assert.deepEqual(li.positionAt(text.indexOf('\r') + 1), { line: 1, character: 2 });
  });

  it('CR CR is two line breaks; LF CR is two line breaks', () => {
    assert.equal(new LineIndex('a\r\rb').lineCount, 3);
    assert.equal(new LineIndex('a\n\rb').lineCount, 3);
    assert.deepEqual(new LineIndex('a\n\rb').positionAt(3), { line: 2, character: 0 });
  });

  it('a text ending in a newline has an empty last line', () => {
    const li = new LineIndex('a\n');
    assert.equal(li.lineCount, 2);
    assert.deepEqual(li.positionAt(2), { line: 1, character: 0 });
  });

  it('Unicode line and paragraph separators and NEL do not end lines (as in LSP)', () => {
    const li = new LineIndex('a\u2028b\u2029c\u0085d');
    assert.equal(li.lineCount, 1);
    assert.deepEqual(li.positionAt(6), { line: 0, character: 6 });
  });

  it('characters count UTF-16 units: an emoji is two, a BOM is one', () => {
    const text = '\ufeff🚀名前 x\n🚀y';
    const li = new LineIndex(text);
    assert.deepEqual(li.positionAt(text.indexOf('x')), { line: 0, character: 6 });
    assert.deepEqual(li.positionAt(text.indexOf('y')), { line: 1, character: 2 });
  });

  it('offsets past either end clamp', () => {
    const li = new LineIndex('ab\ncd');
    assert.deepEqual(li.positionAt(-5), { line: 0, character: 0 });
    assert.deepEqual(li.positionAt(999), { line: 1, character: 2 });
  });

  it('offsetAt inverts positionAt on every offset of a mixed text', () => {
    const text = 'x\r\n🚀\ry\n\nz\r\n';
    const li = new LineIndex(text);
    for (let o = 0; o <= text.length; o++) {
      const p = li.positionAt(o);
      const back = li.offsetAt(p);
      // Offsets inside a line break map to the end of the line's content.
      const inBreak = o > 0 && (text[o - 1] === '\r' || text[o - 1] === '\n') && p.character > 0;
      if (!inBreak) assert.equal(back, o, `offset ${o} -> ${JSON.stringify(p)} -> ${back}`);
    }
  });

  it('offsetAt clamps a character past the line end to the end of its content, and lines past the end to the text end', () => {
    const text = 'ab\r\ncd';
    const li = new LineIndex(text);
    assert.equal(li.offsetAt({ line: 0, character: 99 }), 2);
    assert.equal(li.offsetAt({ line: 1, character: 99 }), 6);
    assert.equal(li.offsetAt({ line: 9, character: 0 }), 6);
    assert.equal(li.offsetAt({ line: -1, character: 3 }), 0);
    assert.equal(li.offsetAt({ line: 1, character: -3 }), 4);
  });

  it('handles many lines (the line table grows)', () => {
    const text = 'x\n'.repeat(100_000);
    const li = new LineIndex(text);
    assert.equal(li.lineCount, 100_001);
    assert.deepEqual(li.positionAt(text.length - 2), { line: 99_999, character: 0 });
    assert.equal(li.offsetAt({ line: 50_000, character: 1 }), 100_001);
  });
});
