/**
 * The bundled examples as a whole: the startup design trips at least ten
 * distinct rules, the well-designed ones have no errors, every rule fires on
 * an example designed to trip it, and every fix offered on them, applied,
 * clears its finding.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits as applyJsonEdits, format, type FormattingOptions } from 'jsonc-parser';
import { RULES } from '../../../src/core/ruleCatalog';
import { FIGURE_DIGITS } from '../../../src/core/text/format';
import { checkText, scenarioBudgetFindings } from '../../../src/core/check';
import { importsOf } from '../../support/exampleImports';
import { applyEdits } from '../../../src/core/findings';

const DIR = path.resolve(__dirname, '../../../examples');
const examples = Object.fromEntries(fs.readdirSync(DIR).filter((f) => f.endsWith('.scale.json')).sort().map((f) => [f, fs.readFileSync(path.join(DIR, f), 'utf8')]));
/** Rules no example is designed to trip: the file's own mistakes, and a stale acceptance (an example keeps its `accepted` current). */
const PIPELINE = new Set(['syntax', 'schema', 'unknown-reference', 'import', 'internal-error', 'stale-acceptance']);
/** Checks an example's text (or a text in its place) with its imports read beside it, as `scale check` reads them. */
const check = (name: string, text = examples[name]!) => checkText(text, { imports: importsOf(path.join(DIR, name)) });

/** A way of writing the same file: its indentation and line endings, and whether objects written on one line are kept so. */
interface Rendering {
  name: string;
  options: FormattingOptions;
  /** The example as written (one-line objects kept), else every object laid out one member per line. */
  asWritten: boolean;
}

const RENDERINGS: Rendering[] = [
  { name: 'as written (2 spaces, LF)', options: { insertSpaces: true, tabSize: 2, eol: '\n' }, asWritten: true },
  { name: 'as written, tabs and CRLF', options: { insertSpaces: false, tabSize: 1, eol: '\r\n' }, asWritten: true },
  { name: 'one member per line, tabs', options: { insertSpaces: false, tabSize: 1, eol: '\n' }, asWritten: false },
  { name: 'one member per line, 4 spaces and CRLF', options: { insertSpaces: true, tabSize: 4, eol: '\r\n' }, asWritten: false },
];

/** An example rewritten in a rendering, by the JSON formatter (which keeps the line breaks it finds). */
function render(text: string, r: Rendering): string {
  return applyJsonEdits(text, format(text, undefined, { ...r.options, keepLines: r.asWritten })).replace(/\r?\n/g, r.options.eol!);
}

describe('examples', function () {
  this.timeout(60_000);

  it('the startup design trips at least ten distinct rules', () => {
    const ids = new Set(check('startup.scale.json').findings.map((f) => f.ruleId));
    assert.ok(ids.size >= 10, [...ids].join(', '));
  });

  it('every analysis rule fires on an example designed to trip it', () => {
    const fired = new Set(Object.keys(examples).flatMap((name) => check(name).findings.map((f) => f.ruleId)));
    const missing = RULES.map((r) => r.id).filter((id) => !PIPELINE.has(id) && !fired.has(id));
    assert.deepEqual(missing, []);
  });

  for (const name of ['url-shortener.scale.json', 'ecommerce.scale.json', 'social-feed.scale.json', 'payments.scale.json']) {
    it(`${name} is well designed: no errors`, () => {
      const errors = check(name).findings.filter((f) => f.severity === 'error');
      assert.deepEqual(errors.map((f) => `${f.ruleId}: ${f.message}`), []);
    });
  }

  // Regression: finding data carried figures as computed (storeWritesPerSecond 600.0000000000006,
  // writesPerSecond 195.99999999999994, utilization 1.3066666666666666); they are rounded where findings
  // leave the rules, to FIGURE_DIGITS significant digits, integers whole.
  it('finding data carries rounded figures, no float residue, on every example (scenario budgets included)', () => {
    const long: string[] = [];
    for (const [name, text] of Object.entries(examples)) {
      for (const f of [...check(name, text).findings, ...scenarioBudgetFindings(text, undefined, importsOf(path.join(DIR, name)))]) {
        for (const [key, value] of Object.entries(f.data ?? {})) {
          if (typeof value === 'number' && !Number.isInteger(value) && value !== Number(value.toPrecision(FIGURE_DIGITS))) long.push(`${name} ${f.ruleId} ${key}: ${value}`);
        }
      }
    }
    assert.deepEqual(long, []);
  });

  it('every fix offered on the examples, applied, gives a valid file without that finding', () => {
    let applied = 0;
    for (const [name, text] of Object.entries(examples)) {
      for (const f of check(name, text).findings) {
        for (const fix of f.fixes ?? []) {
          const fixed = applyEdits(text, fix.edits);
          const after = check(name, fixed).findings;
          assert.deepEqual(after.filter((g) => PIPELINE.has(g.ruleId)).map((g) => g.message), [], `${name}: "${fix.title}" breaks the file`);
          const same = after.filter((g) => g.ruleId === f.ruleId && JSON.stringify(g.path) === JSON.stringify(f.path) && g.message === f.message);
          assert.deepEqual(same.map((g) => g.message), [], `${name}: "${fix.title}" does not clear: ${f.message}`);
          applied++;
        }
      }
    }
    assert.ok(applied >= 10, `only ${applied} fixes applied`);
  });

  for (const r of RENDERINGS) {
    it(`every fix on the examples written ${r.name} inserts text laid out like the file, and clears its finding`, () => {
      let inserted = 0;
      for (const [name, original] of Object.entries(examples)) {
        const text = render(original, r);
        for (const f of check(name, text).findings) {
          for (const fix of f.fixes ?? []) {
            for (const e of fix.edits) {
              if (!/[{[]/.test(e.newText)) continue;
              inserted++;
              const lineBreaks = e.newText.match(/\r\n|\r|\n/g) ?? [];
              assert.ok(lineBreaks.every((b) => b === r.options.eol), `${name}: "${fix.title}" inserts line breaks other than the file's: ${JSON.stringify(e.newText)}`);
              // The formatter, keeping the lines as they are, would change nothing in the inserted text.
              const alone = applyEdits(text, [e]);
              const changes = format(alone, { offset: e.offset, length: e.newText.length }, { ...r.options, keepLines: true })
                .filter((c) => alone.slice(c.offset, c.offset + c.length) !== c.content);
              assert.deepEqual(changes, [], `${name}: "${fix.title}" inserts ${JSON.stringify(e.newText)}`);
            }
            const after = check(name, applyEdits(text, fix.edits)).findings;
            assert.deepEqual(after.filter((g) => PIPELINE.has(g.ruleId)).map((g) => g.message), [], `${name}: "${fix.title}" breaks the file`);
            assert.ok(!after.some((g) => g.ruleId === f.ruleId && JSON.stringify(g.path) === JSON.stringify(f.path) && g.message === f.message), `${name}: "${fix.title}" does not clear: ${f.message}`);
          }
        }
      }
      assert.ok(inserted >= 2, `only ${inserted} fixes insert an object or array`);
    });
  }
});
