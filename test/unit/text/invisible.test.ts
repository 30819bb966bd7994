import assert from 'node:assert/strict';
import { INVISIBLE, quoted } from '../../../src/core/text/invisible';

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
