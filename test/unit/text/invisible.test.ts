import assert from 'node:assert/strict';
import { INVISIBLE, quoted, spelledOut } from '../../../src/core/text/invisible';

describe('quoted: a text as a message shows it', () => {
  it('spells out every invisible character, DEL, C1 controls and the line separators as \\u escapes', () => {
    for (const cp of [...INVISIBLE.keys(), 0x7f, 0x85, 0x9f, 0x2028, 0x2029]) {
      const shown = quoted(`a${String.fromCharCode(cp)}b`);
      assert.equal(shown, `"a\\u${cp.toString(16).padStart(4, '0')}b"`);
    }
  });

  it('writes the rest as JSON does: quotes, C0 controls and unpaired surrogates escaped, other text as is', () => {
    assert.equal(quoted('say "hi"\u0007\ud800 ✓ é'), '"say \\"hi\\"\\u0007\\ud800 ✓ é"');
  });
});

describe('spelledOut: a text on one line, showing what it holds', () => {
  it('spells out line breaks, C0 and C1 controls, invisible characters and unpaired surrogates as quoted does', () => {
    assert.equal(spelledOut('a\nb\r\tc\u0000\u2028\u202e\u200b\ud800'), 'a\\nb\\r\\tc\\u0000\\u2028\\u202e\\u200b\\ud800');
  });

  it('leaves quotes, backslashes and other text as they are', () => {
    assert.equal(spelledOut('say "hi" \\ ✓ é 😀'), 'say "hi" \\ ✓ é 😀');
  });
});
