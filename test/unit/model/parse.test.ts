import assert from 'node:assert/strict';
import { findExcessNesting, MAX_DEPTH, MAX_FILE_CHARS, MAX_SYNTAX_FINDINGS, parseDocument } from '../../../src/core/model/parse';
import { assertClean, assertFinding, check, doc, lastRangeOf, pos, rangeOf, show, single } from './helpers';

describe('parse: reading the text', () => {
  describe('a minimal file', () => {
    it('reads a minimal valid file with no findings and a topology', () => {
      const r = assertClean(doc('"c":{"kind":"client"}'));
      assert.ok(r.topology);
      assert.deepEqual([...r.topology.components.keys()], ['c']);
      assert.equal(r.omitted, 0);
    });

    it('accepts comments (line and block) and trailing commas everywhere', () => {
      const text = [
        '// a topology',
        '{ /* version */ "version": 1,',
        '  "name": "x", // the name',
        '  "workload": { "peakRps": 1, },',
        '  "components": {',
        '    "c": { "kind": "client", "calls": ["s",], }, /* trailing */',
        '    "s": { "kind": "service", },',
        '  },',
        '}',
        '/* after the value */',
      ].join('\n');
      const r = assertClean(text);
      assert.equal(r.topology?.edges.length, 1);
    });
  });

  describe('empty and non-object documents', () => {
    it('an empty file: one syntax finding at offset 0', () => {
      const f = single('');
      assertFinding(f, 'syntax', { offset: 0, length: 0 }, /empty/i);
      assert.equal(check('').topology, undefined);
    });

    it('a whitespace-only file: one syntax finding at offset 0', () => {
      const f = single(' \n\t\r\n  ');
      assertFinding(f, 'syntax', { offset: 0, length: 0 }, /empty/i);
    });

    it('a BOM-only file reads as empty', () => {
      assertFinding(single('\ufeff'), 'syntax', { offset: 0, length: 0 }, /empty/i);
    });

    it('a comment-only file: "expected a value" at the end', () => {
      const text = '// nothing here\n';
      assertFinding(single(text), 'syntax', { offset: text.length, length: 0 }, /value/i);
    });

    it('a top-level array: one schema finding over the array', () => {
      const text = '[1, 2]';
      assertFinding(single(text), 'schema', { offset: 0, length: text.length }, /topology object.*array/);
    });

    it('a top-level number: one schema finding over the number', () => {
      const text = '  42  ';
      assertFinding(single(text), 'schema', rangeOf(text, '42'), /topology object.*number/);
    });

    it('a top-level string and null', () => {
      assertFinding(single('"hi"'), 'schema', { offset: 0, length: 4 }, /string/);
      assertFinding(single('null'), 'schema', { offset: 0, length: 4 }, /null/);
    });
  });

  describe('syntax errors at exact ranges', () => {
    it('a missing comma: at the next property name', () => {
      const text = '{"version":1 "name":"x"}';
      assertFinding(single(text), 'syntax', rangeOf(text, '"name"'), /","/);
    });

    it('a missing colon: at the value after the key', () => {
      const text = '{"version" 1}';
      assertFinding(single(text), 'syntax', rangeOf(text, '1'), /":"/);
    });

    it('an extra closing brace: at the brace', () => {
      const text = '{"version":1}}';
      assertFinding(single(text), 'syntax', lastRangeOf(text, '}'), /end of the file/);
    });

    it('text after the value: at the stray token', () => {
      const text = '{"version":1} x';
      assertFinding(single(text), 'syntax', rangeOf(text, 'x'), /Unexpected character/);
    });

    it('an invalid escape and a short \\u escape: over the string', () => {
      const a = '{"name":"a\\qb"}';
      assertFinding(single(a), 'syntax', rangeOf(a, '"a\\qb"'), /escape/);
      const b = '{"name":"\\u12"}';
      assertFinding(single(b), 'syntax', rangeOf(b, '"\\u12"'), /\\u escape/);
    });

    it('an unclosed block comment: over the comment', () => {
      const text = '{"version":1} /* open';
      assertFinding(single(text), 'syntax', rangeOf(text, '/* open'), /Comment is not closed/);
    });

    it('non-JSON literals (NaN, Infinity, hex) are syntax errors at the token', () => {
      for (const lit of ['NaN', 'Infinity']) {
        const text = `{"version":${lit}}`;
        const r = check(text);
        assertFinding(r.findings[0], 'syntax', rangeOf(text, lit), /Unexpected character/);
        assert.ok(r.findings.every((f) => f.ruleId === 'syntax'), show(r.findings));
      }
    });

    it('caps syntax findings and says how many more there are', () => {
      const text = '{"a":[' + '1 '.repeat(200) + ']}';
      const r = check(text);
      assert.equal(r.findings.length, MAX_SYNTAX_FINDINGS + 1);
      assert.match(r.findings.at(-1)!.message, /^149 more syntax errors/);
      // The first finding is at the second "1", which lacks a comma before it.
      assert.deepEqual(r.findings[0]!.range, { offset: 8, length: 1 });
    });

    it('gives no topology and runs no rules on a syntax error', () => {
      let ran = false;
      const r = check('{"version":1 "name":"x"}', { rules: [{ id: 'capacity', run: () => { ran = true; return []; } }] });
      assert.equal(r.topology, undefined);
      assert.equal(ran, false);
    });
  });

  describe('a file cut off mid-token', () => {
    it('mid-string: "string is not closed" over the open string', () => {
      const text = '{"version":1,"name":"ur';
      const r = check(text);
      assertFinding(r.findings[0], 'syntax', rangeOf(text, '"ur'), /String is not closed/);
      assert.ok(r.findings.every((f) => f.ruleId === 'syntax'), show(r.findings));
      assert.ok(r.findings.slice(1).every((f) => f.range.offset === text.length), show(r.findings));
    });

    it('mid-key: "string is not closed" over the open key', () => {
      const text = '{"version":1,"na';
      const r = check(text);
      assertFinding(r.findings[0], 'syntax', rangeOf(text, '"na'), /String is not closed/);
      assert.ok(r.findings.every((f) => f.ruleId === 'syntax'));
    });

    it('mid-number: "number is cut off" over the number', () => {
      for (const num of ['1.', '1e', '1e+']) {
        const text = `{"version":${num}`;
        const r = check(text);
        assertFinding(r.findings[0], 'syntax', rangeOf(text, num), /Number is cut off/);
        assert.ok(r.findings.every((f) => f.ruleId === 'syntax'));
      }
    });

    it('mid-object after a value: one "expected }" at the end', () => {
      const text = '{"version":1,"workload":{"peakRps":1';
      // Two unclosed objects end at one place: reported once.
      assertFinding(single(text), 'syntax', { offset: text.length, length: 0 }, /"}"/);
    });

    it('mid-array: "expected ]" and "expected }" at the end, once each', () => {
      const text = '{"a":[1,2';
      const r = check(text);
      assert.deepEqual(r.findings.map((f) => f.range), [{ offset: 9, length: 0 }, { offset: 9, length: 0 }]);
      assert.deepEqual(r.findings.map((f) => f.message).sort(), ['Expected "]" to close the array', 'Expected "}" to close the object']);
    });

    it('after a colon: every finding at the end, including "expected a value"', () => {
      const text = '{"version":';
      const r = check(text);
      assert.ok(r.findings.length >= 1);
      assert.ok(r.findings.every((f) => f.ruleId === 'syntax' && f.range.offset === text.length && f.range.length === 0), show(r.findings));
      assert.ok(r.findings.some((f) => /value/.test(f.message)));
    });

    // Regression (fixed): a file cut off right after a comma (`{"version":1,`) gives three syntax
    // findings at the same end offset: 'Expected "}"', 'Expected a property name
    // in double quotes' and 'Expected a value'. Trailing commas are allowed, so
    // only the closing brace is missing; the other two are jsonc-parser cascades
    // that parse.ts's de-duplication (same code at same offset only) lets through.
    it('after a comma: one "expected }" at the end, no cascade findings', () => {
      const text = '{"version":1,';
      assertFinding(single(text), 'syntax', { offset: text.length, length: 0 }, /"}"/);
    });
  });

  describe('a nesting bomb', () => {
    it(`'['.repeat(100000): one syntax finding at the ${MAX_DEPTH + 1}th bracket`, () => {
      const text = '['.repeat(100_000);
      const f = single(text);
      assertFinding(f, 'syntax', { offset: MAX_DEPTH, length: 1 }, /deeper than 64/);
    });

    it(`'{"a":'.repeat(100000): one syntax finding at the ${MAX_DEPTH + 1}th brace`, () => {
      const unit = '{"a":';
      const text = unit.repeat(100_000);
      const f = single(text);
      assertFinding(f, 'syntax', { offset: MAX_DEPTH * unit.length, length: 1 });
      assert.equal(text[f.range.offset], '{');
    });

    it('mixed objects and arrays, closed properly, still stop at the 65th opening', () => {
      const unit = '[{"k":';
      const text = unit.repeat(50_000) + '1' + '}]'.repeat(50_000);
      const f = single(text);
      // 32 units open 64 levels; the 33rd unit's "[" is the 65th opening.
      assertFinding(f, 'syntax', { offset: 32 * unit.length, length: 1 });
    });

    it('brackets inside strings and comments do not count', () => {
      const text = [
        '// ' + '['.repeat(100_000),
        '/* ' + '{'.repeat(100_000) + ' */',
        '{"version":1,"name":"x",',
        ` "description":"${'['.repeat(4000)}\\"${'{'.repeat(4000)}\\\\",`,
        ' "workload":{"peakRps":1},"components":{"c":{"kind":"client"}}}',
      ].join('\n');
      assertClean(text);
    });

    it('brackets in strings are skipped but real ones after them are counted exactly', () => {
      const prefix = `{"description":"${'['.repeat(1000)}\\"[[[","x":`;
      const text = prefix + '['.repeat(100);
      // The root object is level 1: the 64th "[" of the run is the 65th opening.
      assertFinding(single(text), 'syntax', { offset: prefix.length + MAX_DEPTH - 1, length: 1 });
    });

    it('a block comment that is never closed hides its brackets (and is a syntax error)', () => {
      const text = '{"version":1 /* ' + '['.repeat(100_000);
      const r = check(text);
      assert.ok(r.findings.every((f) => !/deeper/.test(f.message)), show(r.findings));
      assert.ok(r.findings.some((f) => /Comment is not closed/.test(f.message)));
    });

    it('depth exactly 64 is read (arrays)', () => {
      const text = '['.repeat(MAX_DEPTH) + ']'.repeat(MAX_DEPTH);
      // Read fine: only the top-level shape is wrong.
      assertFinding(single(text), 'schema', { offset: 0, length: text.length }, /array/);
    });

    it('depth exactly 64 is read inside a topology; 65 is not', () => {
      const prefix = '{"version":1,"name":"x","workload":{"peakRps":1},"components":{},"x":';
      const ok = prefix + '['.repeat(MAX_DEPTH - 1) + ']'.repeat(MAX_DEPTH - 1) + '}';
      assertFinding(single(ok), 'schema', { offset: ok.indexOf('"x":'), length: 3 }, /Unknown property "x"/);
      const deep = prefix + '['.repeat(MAX_DEPTH) + ']'.repeat(MAX_DEPTH) + '}';
      assertFinding(single(deep), 'syntax', { offset: prefix.length + MAX_DEPTH - 1, length: 1 });
    });

    it('findExcessNesting: -1 when within bounds, the offset otherwise', () => {
      assert.equal(findExcessNesting('[[]]', 2), -1);
      assert.equal(findExcessNesting('[[[]]]', 2), 2);
      assert.equal(findExcessNesting(']]]][[', 2), -1); // stray closings do not go below zero
      assert.equal(findExcessNesting('"\\\\"[[[', 2), 6); // an escaped backslash ends before the quote
      assert.equal(findExcessNesting('"[[[\n[[[', 2), 7); // a string ends at a line break
      assert.equal(findExcessNesting('// [[[\r[[[', 2), 9); // a line comment ends at a lone CR
    });
  });

  describe('a file larger than the bound', () => {
    it('gives one syntax finding and reads nothing', () => {
      const text = '{"description":"' + 'x'.repeat(MAX_FILE_CHARS) + '"}';
      const r = check(text);
      assert.equal(r.findings.length, 1);
      assertFinding(r.findings[0], 'syntax', { offset: 0, length: 0 }, /too large/);
      assert.equal(r.parsed.root, undefined);
    });
  });

  describe('reserved JavaScript names', () => {
    for (const id of ['__proto__', 'constructor', 'prototype']) {
      it(`"${id}" as a component id: a finding at the key; the other components still work`, () => {
        const text = doc(`"${id}":{"kind":"service"},"web":{"kind":"client","calls":["api"]},"api":{"kind":"service"}`);
        const r = check(text);
        assert.equal(r.findings.length, 1, show(r.findings));
        assertFinding(r.findings[0], 'schema', rangeOf(text, `"${id}"`), new RegExp(`"${id}" is reserved.*component id`));
        assert.deepEqual([...r.topology!.components.keys()], ['web', 'api']);
        assert.equal(r.topology!.edges.length, 1);
      });

      it(`"${id}" as a key inside a component: a finding at the key`, () => {
        const text = doc(`"c":{"kind":"client","${id}":{"polluted":true}}`);
        const f = single(text);
        assertFinding(f, 'schema', rangeOf(text, `"${id}"`), new RegExp(`"${id}" is reserved.*a key`));
        assert.deepEqual(f.path, ['components', 'c', id]);
      });
    }

    it('"__proto__" at the top level does not pollute Object.prototype', () => {
      const text = '{"__proto__":{"polluted":1},"version":1,"name":"x","workload":{"peakRps":1},"components":{}}';
      const f = single(text);
      assertFinding(f, 'schema', rangeOf(text, '"__proto__"'), /reserved/);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      const value = parseDocument(text).value as Record<string, unknown>;
      const proto = Object.getPrototypeOf(value);
      assert.ok(proto === null || proto === Object.prototype, 'the file replaced the prototype of the value');
      assert.equal(value.polluted, undefined);
      assert.equal(Object.hasOwn(value, '__proto__'), false);
    });

    it('"constructor" and "__proto__" as references are unknown references, not resolved to Object internals', () => {
      const text = doc('"api":{"kind":"service","calls":["constructor","__proto__","toString"]}');
      const r = check(text);
      assert.deepEqual(r.findings.map((f) => f.ruleId), ['unknown-reference', 'unknown-reference', 'unknown-reference'], show(r.findings));
      assert.deepEqual(r.findings.map((f) => f.range), [rangeOf(text, '"constructor"'), rangeOf(text, '"__proto__"'), rangeOf(text, '"toString"')]);
      assert.equal(r.topology!.edges.length, 0);
    });

    // Regression (fixed): a reserved id is reported where it is declared ("__proto__" is reserved)
    // and then again at every reference to it as an unknown reference ("calls
    // names "__proto__", which is not a component"). A declared-but-invalid id is
    // otherwise quiet at its references; a reserved one should be too (or the
    // reference finding should say the id is reserved, not undeclared).
    it('a declared reserved id is not also reported as unknown where it is referenced', () => {
      const text = doc('"constructor":{"kind":"service"},"web":{"kind":"client","calls":["constructor"]}');
      const f = single(text);
      assertFinding(f, 'schema', rangeOf(text, '"constructor"'), /reserved/);
    });
  });

  describe('numbers judged from the raw token', () => {
    const cases: [string, string, string, RegExp][] = [
      ['1e400 (Infinity)', 'service', '"instances":1e400', /1e400 is too large.*Infinity/],
      ['-1e400 (-Infinity)', 'service', '"instances":-1e400', /-1e400 is too large.*-Infinity/],
      ['1e-400 (underflow to 0)', 'client', '"share":1e-400', /1e-400 is too small.*0/],
      ['9007199254740993 (2^53 + 1)', 'service', '"instances":9007199254740993', /9007199254740993 .*precision.*9007199254740992/],
      ['-9007199254740993', 'service', '"instances":-9007199254740993', /precision/],
      ['1e99999999999999999999', 'client', '"share":1e99999999999999999999', /too large/],
    ];
    for (const [label, kind, member, message] of cases) {
      it(`${label}: one finding at the number, no zod finding for the same value`, () => {
        const text = doc(`"c":{"kind":"${kind}",${member}}`);
        const token = member.slice(member.indexOf(':') + 1);
        const f = single(text);
        assertFinding(f, 'schema', lastRangeOf(text, token), message);
      });
    }

    it('2^53 + 1 in a field whose bound is 2^53 - 1 (key cardinality): one finding', () => {
      const text = '{"version":1,"name":"x","workload":{"peakRps":1,"keys":{"cardinality":9007199254740993}},"components":{}}';
      assertFinding(single(text), 'schema', rangeOf(text, '9007199254740993'), /precision/);
    });

    it('1e400 as the peak rate: one finding at the number', () => {
      const text = '{"version":1,"name":"x","workload":{"peakRps":1e400},"components":{}}';
      assertFinding(single(text), 'schema', rangeOf(text, '1e400'), /Infinity/);
    });

    it('1e400 inside an array (weights): one finding at the element', () => {
      const text = doc('"lb":{"kind":"loadBalancer","weights":[1,1e400,2]}');
      const f = single(text);
      assertFinding(f, 'schema', rangeOf(text, '1e400'));
      assert.deepEqual(f.path, ['components', 'lb', 'weights', 1]);
    });

    it('numbers that survive conversion are not flagged (subnormals, 2^53 - 1, 0e400, long fractions)', () => {
      assertClean(doc('"c":{"kind":"client","share":1e-320}'));
      assertClean(doc('"c":{"kind":"client","share":0e400}'));
      assertClean(doc('"c":{"kind":"client","share":0.1000000000000000055511151231257827}'));
      assertClean('{"version":1,"name":"x","workload":{"peakRps":1,"keys":{"cardinality":9007199254740991}},"components":{}}');
    });

    it('-0 reads as 0 (not -0)', () => {
      const r = assertClean(doc('"c":{"kind":"client","share":-0}'));
      const share = (r.topology!.components.get('c')!.data as { share?: number }).share;
      assert.ok(Object.is(share, 0), `share is ${Object.is(share, -0) ? '-0' : share}`);
      const v = parseDocument('{"a":-0.0e5}').value as { a: number };
      assert.ok(Object.is(v.a, 0));
    });

    it('instances: -0 gets the normal "must be at least 1" finding at the token', () => {
      const text = doc('"c":{"kind":"service","instances":-0}');
      assertFinding(single(text), 'schema', rangeOf(text, '-0'), /instances must be at least 1/);
    });

    // Regression (fixed): 9007199254740992 (exactly 2^53) is exactly representable as a double,
    // but checkNumber flags every integer token that is not a *safe* integer:
    // "Integer 9007199254740992 is beyond 2^53 and loses precision: it would read
    // as 9007199254740992" -- it is not beyond 2^53 and reads back unchanged. The
    // same happens for 2^54 = 18014398509481984. Expected: no precision finding
    // (the raw digits equal BigInt(value)); here the cardinality's own bound then
    // applies (max 2^53 - 1), as a zod finding.
    it('2^53 itself (exactly representable) is not reported as losing precision', () => {
      const text = '{"version":1,"name":"x","workload":{"peakRps":1,"keys":{"cardinality":9007199254740992}},"components":{}}';
      const f = single(text);
      assert.doesNotMatch(f.message, /precision/);
      assertFinding(f, 'schema', rangeOf(text, '9007199254740992'), /at most/);
    });

    // Regression (fixed): 9007199254740993.0 (2^53 + 1 written with a fraction) loses precision
    // exactly like 9007199254740993 but is not flagged, because checkNumber only
    // looks at tokens without "." or "e". What is reported instead is zod's bound,
    // twice, quoting the rounded value: "components.c.instances must be at most
    // 1,000,000, found 9007199254740992" and "... at most 9,007,199,254,740,991,
    // found 9007199254740992" -- a number the file does not contain.
    it('2^53 + 1 written with ".0" is reported as losing precision', () => {
      const text = doc('"c":{"kind":"service","instances":9007199254740993.0}');
      assertFinding(single(text), 'schema', rangeOf(text, '9007199254740993.0'), /precision/);
    });
  });

  describe('duplicate keys', () => {
    it('a duplicate component id: at the second key, related to the first', () => {
      const text = doc('"api":{"kind":"service"},"api":{"kind":"service","instances":2}');
      const f = single(text);
      assertFinding(f, 'schema', rangeOf(text, '"api"', 1), /Duplicate key "api"/);
      assert.deepEqual(f.related?.map((r) => r.range), [rangeOf(text, '"api"', 0)]);
      // The later value wins, as in JSON.parse.
      assert.equal(check(text).topology!.components.get('api')!.instances, 2);
    });

    it('a duplicate property: at the second key, related to the first', () => {
      const text = doc('"c":{"kind":"service","instances":2,"instances":3}');
      const f = single(text);
      assertFinding(f, 'schema', rangeOf(text, '"instances"', 1), /Duplicate key "instances"/);
      assert.equal(f.related?.length, 1);
      assert.deepEqual(f.related![0]!.range, rangeOf(text, '"instances"', 0));
      assert.deepEqual(f.related![0]!.path, ['components', 'c', 'instances']);
    });

    // Regression (fixed): parse.ts records the path of a duplicate key in `reported`, and
    // validate.ts drops every zod issue whose path starts with a reported path
    // (it is meant for bad numbers). So a duplicate hides every problem inside
    // the value that wins: here the second "api" has kind "servce", and only
    // the duplicate is reported -- no 'Unknown value "servce"' finding.
    it('a duplicate component id does not hide the problems of the value that wins', () => {
      const text = doc('"api":{"kind":"service"},"api":{"kind":"servce"}');
      const r = check(text);
      assert.equal(r.findings.length, 2, show(r.findings));
      assertFinding(r.findings[1], 'schema', rangeOf(text, '"servce"'), /did you mean "service"/);
    });

    // Regression (fixed): same cause as above, at the top level: a duplicate "components" key
    // hides every finding in the components that win (an unknown kind, an
    // unknown reference); the file shows one duplicate-key finding only.
    it('a duplicate "components" key does not hide the findings inside it', () => {
      const text = '{"version":1,"name":"x","workload":{"peakRps":1},"components":{},"components":{"c":{"kind":"servce"},"d":{"kind":"client","calls":["zz"]}}}';
      const r = check(text);
      assert.ok(r.findings.some((f) => f.range.offset === rangeOf(text, '"servce"').offset), show(r.findings));
      assert.ok(r.findings.some((f) => f.ruleId === 'unknown-reference' && f.range.offset === rangeOf(text, '"zz"').offset), show(r.findings));
    });

    // Regression (fixed): same cause, for a property: "instances" given twice, the winning
    // value 0 is out of range, yet no "must be at least 1" finding appears.
    it('a duplicate property does not hide that the winning value is out of range', () => {
      const text = doc('"c":{"kind":"service","instances":2,"instances":0}');
      const r = check(text);
      assert.equal(r.findings.length, 2, show(r.findings));
      assertFinding(r.findings[1], 'schema', lastRangeOf(text, '0'), /at least 1/);
    });
  });

  describe('NUL and invalid UTF-16', () => {
    it('a raw NUL inside a string is a syntax error over that string', () => {
      const text = doc('"c":{"kind":"client","description":"a\u0000b"}');
      const f = single(text);
      assert.equal(f.ruleId, 'syntax');
      assert.match(f.message, /Control character/);
      const nul = text.indexOf('\u0000');
      assert.ok(f.range.offset <= nul && nul < f.range.offset + f.range.length, show([f]));
      assert.deepEqual(f.range, rangeOf(text, '"a\u0000b"'));
    });

    it('a raw NUL between tokens is a syntax error at the NUL', () => {
      const text = '{"version":1,\u0000"name":"x"}';
      const r = check(text);
      assertFinding(r.findings[0], 'syntax', rangeOf(text, '\u0000'));
    });

    it('an escaped NUL in an id: a finding naming U+0000', () => {
      const text = doc('"a\\u0000":{"kind":"client"}');
      assertFinding(single(text), 'schema', rangeOf(text, '"a\\u0000"'), /U\+0000/);
    });

    it('an escaped lone surrogate in an id: a finding naming U+D800', () => {
      const text = doc('"a\\ud800b":{"kind":"client"}');
      assertFinding(single(text), 'schema', rangeOf(text, '"a\\ud800b"'), /U\+D800/);
    });

    it('a raw lone surrogate in an id: a finding naming it, no crash', () => {
      const text = doc('"a\udc00":{"kind":"client"}');
      assertFinding(single(text), 'schema', rangeOf(text, '"a\udc00"'), /U\+DC00/);
    });

    it('a lone surrogate or NUL in a reference is reported once, where it is read, no crash', () => {
      const text = doc('"a":{"kind":"client","calls":["b\\ud800","b\\u0000"]},"b":{"kind":"service"}');
      const r = check(text);
      assert.deepEqual(r.findings.map((f) => f.message), ['Text contains an unpaired surrogate U+D800, which is not valid Unicode', 'Text contains the control character U+0000'], show(r.findings));
      assert.deepEqual(r.findings.map((f) => f.range), [rangeOf(text, '"b\\ud800"'), rangeOf(text, '"b\\u0000"')]);
    });

    // A lone surrogate cannot be encoded as UTF-8 (it turns into U+FFFD or an error in SARIF,
    // terminals and the webview), so free text with one gets a finding, as NUL does.
    it('an escaped lone surrogate in a description gets a finding at the string', () => {
      const text = doc('"c":{"kind":"client","description":"x\\ud800y"}');
      assertFinding(single(text), 'schema', rangeOf(text, '"x\\ud800y"'), /U\+D800/);
    });

    // Regression (fixed): see above; an escaped NUL in a description gets no finding.
    it('an escaped NUL in a description gets a finding at the string', () => {
      const text = doc('"c":{"kind":"client","description":"x\\u0000y"}');
      assertFinding(single(text), 'schema', rangeOf(text, '"x\\u0000y"'), /U\+0000/);
    });

    it('a raw lone surrogate in a description does not crash the pipeline', () => {
      const text = doc('"c":{"kind":"client","description":"x\ud800y"}');
      const r = check(text);
      assert.ok(r.findings.every((f) => f.ruleId !== 'internal-error'), show(r.findings));
    });
  });

  describe('positions of syntax findings', () => {
    it('a syntax error on line 3 has the right line and character', () => {
      const text = '{\n  "version": 1,\n  "name" "x"\n}';
      const f = single(text);
      assertFinding(f, 'syntax', rangeOf(text, '"x"'));
      assert.deepEqual(pos(text, f.range.offset), { line: 2, character: 9 });
    });

    it('parse findings carry the document text unchanged (BOM kept)', () => {
      const text = '\ufeff{"version":1}';
      assert.equal(parseDocument(text).text, text);
    });
  });
});
