import assert from 'node:assert/strict';
import { textShift } from '../../../src/core/text/textShift';

/** The text of `range` in `text`. */
const at = (text: string, r: { offset: number; length: number }) => text.slice(r.offset, r.offset + r.length);
/** The range of the only `needle` in `text`. */
const find = (text: string, needle: string) => {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0 && text.indexOf(needle, offset + 1) < 0, `${needle} once`);
  return { offset, length: needle.length };
};

describe('textShift: ranges of a text in the same text edited', () => {
  const before = '{ "a": 1, "b": 2, "c": 3 }';

  it('keeps what is before the edit, moves what is after it by the change in length', () => {
    const after = '{ "a": 1, "new": { "ki "b": 2, "c": 3 }';
    const shift = textShift(before, after);
    assert.equal(at(after, shift(find(before, '"a"'))), '"a"');
    assert.equal(at(after, shift(find(before, '"b": 2'))), '"b": 2');
    assert.equal(at(after, shift(find(before, '"c": 3'))), '"c": 3');
  });

  it('a range around the edit grows or shrinks with it; one that reaches into it is cut back to its part outside', () => {
    const from = '{ "a": 123, "b": 2 }';
    const to = '{ "a": 4567, "b": 2 }';
    const shift = textShift(from, to);
    assert.equal(at(to, shift({ offset: 0, length: from.length })), to);
    assert.equal(at(to, shift(find(from, '"a": 123'))), '"a": 4567');
    assert.equal(at(to, shift(find(from, '"a": 12'))), '"a": ', 'the end was inside the change: cut back to where it began');
    assert.equal(at(to, shift(find(from, '23, "b"'))), ', "b"', 'the start was inside: moved to where the change ends');
    assert.deepEqual(shift({ offset: from.indexOf('2'), length: 1 }), { offset: to.indexOf(','), length: 0 }, 'inside it altogether: an empty range where it ends');
    // Inserted where a range starts: the range starts after the insertion; where it ends: the insertion is not taken in.
    const inserted = '{ "a": 1, "x": 0, "b": 2, "c": 3 }';
    assert.equal(at(inserted, textShift(before, inserted)(find(before, '"b": 2'))), '"b": 2');
    assert.equal(at(inserted, textShift(before, inserted)(find(before, '"a": 1, '))), '"a": 1, ');
  });

  it('maps everything to itself when nothing changed, and handles texts that are prefixes of each other', () => {
    const same = textShift(before, before);
    assert.deepEqual(same(find(before, '"c": 3')), find(before, '"c": 3'));
    const longer = `${before}\n`;
    assert.equal(at(longer, textShift(before, longer)(find(before, '"c": 3 }'))), '"c": 3 }');
    assert.equal(at(before, textShift(longer, before)(find(longer, '"c": 3 }'))), '"c": 3 }');
    // A component typed in front of another, each on its line: neither declaration takes in the new one.
    const lines = '{\n  "a": {},\n  "b": {}\n}';
    const typed = '{\n  "a": {},\n  "n": {},\n  "b": {}\n}';
    const shift = textShift(lines, typed);
    assert.equal(at(typed, shift(find(lines, '"a": {}'))), '"a": {}');
    assert.equal(at(typed, shift(find(lines, '"b": {}'))), '"b": {}');
    // Repeated characters at the edit: any split of them is a true mapping.
    assert.equal(at('aaab', textShift('aab', 'aaab')({ offset: 2, length: 1 })), 'b');
  });
});
