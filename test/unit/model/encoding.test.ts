/**
 * A BOM, CRLF or lone-CR line endings and non-ASCII text before an error give
 * the same findings as without them, with ranges shifted by exactly the UTF-16
 * length of what was added, and lines/characters (UTF-16) from LineIndex.
 */
import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/findings';
import { LineIndex } from '../../../src/core/text/lineIndex';
import { assertFinding, check, pos, rangeOf, show, single } from './helpers';

/** A multi-line file with findings on several lines: a bad number, an unknown reference, an unknown kind. */
const LINES = [
  '{',
  '  "version": 1,',
  '  "name": "shop",',
  '  "workload": { "peakRps": 100 },',
  '  "components": {',
  '    "web": { "kind": "client", "calls": ["api"] },',
  '    "api": { "kind": "service", "instances": 1e400 },',
  '    "gw": { "kind": "service", "calls": ["dbb"] },',
  '    "db": { "kind": "databse" }',
  '  }',
  '}',
];
const PLAIN = LINES.join('\n');
/** Expected zero-based positions of the three findings, read off the fixture lines. */
const AT = {
  number: { line: 6, character: LINES[6]!.indexOf('1e400') },
  ref: { line: 7, character: LINES[7]!.indexOf('"dbb"') },
  kind: { line: 8, character: LINES[8]!.indexOf('"databse"') },
};

/** Findings without their ranges, fixes and related locations (compared separately). */
function strip(findings: Finding[]): Omit<Finding, 'range' | 'fixes' | 'related'>[] {
  return findings.map(({ range: _r, fixes: _f, related: _rel, ...rest }) => rest);
}

/** Asserts that `b`'s findings are `a`'s with every offset mapped by `shift`, fixes included. */
function assertShifted(a: Finding[], b: Finding[], shift: (offset: number) => number): void {
  assert.equal(b.length, a.length, `${show(a)}\n---\n${show(b)}`);
  assert.deepEqual(strip(b), strip(a));
  a.forEach((fa, i) => {
    const fb = b[i]!;
    assert.deepEqual(fb.range, { offset: shift(fa.range.offset), length: fa.range.length }, `finding ${i}: ${fa.message}`);
    assert.deepEqual(fb.fixes?.map((x) => x.edits), fa.fixes?.map((x) => x.edits.map((e) => ({ ...e, offset: shift(e.offset) }))));
  });
}

describe('encoding: BOM, line endings and non-ASCII text', () => {
  const plain = check(PLAIN).findings;

  it('the fixture has findings on three lines', () => {
    assert.equal(plain.length, 3, show(plain));
    assertFinding(plain[0], 'schema', rangeOf(PLAIN, '1e400'), /Infinity/);
    assertFinding(plain[1], 'unknown-reference', rangeOf(PLAIN, '"dbb"'), /did you mean "db"/);
    assertFinding(plain[2], 'schema', rangeOf(PLAIN, '"databse"'), /did you mean "database"/);
    assert.deepEqual(plain.map((f) => pos(PLAIN, f.range.offset)), [AT.number, AT.ref, AT.kind]);
    assert.deepEqual(AT, { number: { line: 6, character: 45 }, ref: { line: 7, character: 41 }, kind: { line: 8, character: 20 } });
  });

  it('a UTF-8 BOM: the same findings, shifted by one UTF-16 unit', () => {
    const text = '\ufeff' + PLAIN;
    const findings = check(text).findings;
    assertShifted(plain, findings, (o) => o + 1);
    // The BOM is on line 0: the findings' lines and characters are unchanged.
    assert.deepEqual(findings.map((f) => pos(text, f.range.offset)), plain.map((f) => pos(PLAIN, f.range.offset)));
  });

  it('a UTF-8 BOM before a syntax error on line 0 moves its character by one', () => {
    const a = '{"version":1 "name":"x"}';
    const b = '\ufeff' + a;
    const fa = single(a);
    const fb = single(b);
    assert.deepEqual(fb.range, { offset: fa.range.offset + 1, length: fa.range.length });
    assert.deepEqual(pos(b, fb.range.offset), { line: 0, character: pos(a, fa.range.offset).character + 1 });
  });

  it('CRLF line endings: shifted by the number of line breaks before each finding, same line and character', () => {
    const text = PLAIN.replace(/\n/g, '\r\n');
    const findings = check(text).findings;
    assertShifted(plain, findings, (o) => o + (PLAIN.slice(0, o).match(/\n/g)?.length ?? 0));
    assert.deepEqual(findings.map((f) => pos(text, f.range.offset)), plain.map((f) => pos(PLAIN, f.range.offset)));
  });

  it('lone CR line endings: the same offsets, the same lines and characters', () => {
    const text = PLAIN.replace(/\n/g, '\r');
    const findings = check(text).findings;
    assertShifted(plain, findings, (o) => o);
    assert.deepEqual(findings.map((f) => pos(text, f.range.offset)), plain.map((f) => pos(PLAIN, f.range.offset)));
  });

  it('mixed LF, CRLF and CR: LineIndex counts each as one line break', () => {
    const text = LINES.map((l, i) => l + ['\n', '\r\n', '\r'][i % 3]).join('');
    const findings = check(text).findings;
    assert.equal(findings.length, 3, show(findings));
    assert.deepEqual(findings.map((f) => pos(text, f.range.offset)), plain.map((f) => pos(PLAIN, f.range.offset)));
  });

  it('emoji and CJK text before the errors on the same line: shifted by the UTF-16 length', () => {
    const inserted = '"description": "名前 🚀", ';
    assert.equal([...'名前 🚀'].length, 4); // code points
    assert.equal('名前 🚀'.length, 5); // UTF-16 units: the rocket is a surrogate pair
    const at = PLAIN.indexOf('"calls": ["dbb"]');
    const text = PLAIN.slice(0, at) + inserted + PLAIN.slice(at);
    const findings = check(text).findings;
    assertShifted(plain, findings, (o) => (o >= at ? o + inserted.length : o));
    // Same line as the insertion: the character moves by the UTF-16 length; later lines do not move.
    assert.deepEqual(pos(text, findings[1]!.range.offset), { line: 7, character: AT.ref.character + inserted.length });
    assert.deepEqual(pos(text, findings[2]!.range.offset), AT.kind);
    assert.equal(text.split('\n')[7]!.indexOf('"dbb"'), AT.ref.character + inserted.length);
  });

  it('emoji in a key and a value before a syntax error', () => {
    const text = '{"description":"🚀🚀 ünïcødé 名前", "name" "x"}';
    const f = single(text);
    assertFinding(f, 'syntax', rangeOf(text, '"x"'));
    assert.deepEqual(pos(text, f.range.offset), { line: 0, character: text.indexOf('"x"') });
    // "🚀🚀 ünïcødé 名前" is 13 code points but 15 UTF-16 units: offsets count units.
    assert.equal(f.range.offset, '{"description":"'.length + 15 + '", "name" '.length);
  });

  it('everything at once: BOM, CRLF and emoji before each error', () => {
    const at = PLAIN.indexOf('"calls": ["dbb"]');
    const inserted = '"description": "🚀", ';
    const withEmoji = PLAIN.slice(0, at) + inserted + PLAIN.slice(at);
    const text = '\ufeff' + withEmoji.replace(/\n/g, '\r\n');
    const findings = check(text).findings;
    const shift = (o: number): number => {
      const e = o >= at ? o + inserted.length : o;
      return 1 + e + (withEmoji.slice(0, e).match(/\n/g)?.length ?? 0);
    };
    assertShifted(plain, findings, shift);
    const index = new LineIndex(text);
    assert.deepEqual(findings.map((f) => index.positionAt(f.range.offset)), [
      AT.number,
      { line: 7, character: AT.ref.character + inserted.length },
      AT.kind,
    ]);
  });

  it('a nesting bomb after a BOM and CRLF lines: the finding is at the 65th bracket of the text', () => {
    const prefix = '\ufeff// header\r\n';
    const text = prefix + '['.repeat(10_000);
    const f = single(text);
    assertFinding(f, 'syntax', { offset: prefix.length + 64, length: 1 });
    assert.deepEqual(pos(text, f.range.offset), { line: 1, character: 64 });
  });
});
