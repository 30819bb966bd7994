/**
 * The bundled examples as a whole: the startup design trips at least ten
 * distinct rules, the well-designed ones have no errors, every rule fires on
 * an example designed to trip it, and every fix offered on them, applied,
 * clears its finding.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../../src/core/analysis/catalog';
import { checkText } from '../../../src/core/check';
import { applyEdits } from '../../../src/core/findings';

const DIR = path.resolve(__dirname, '../../../examples');
const examples = Object.fromEntries(fs.readdirSync(DIR).filter((f) => f.endsWith('.scale.json')).sort().map((f) => [f, fs.readFileSync(path.join(DIR, f), 'utf8')]));
const PIPELINE = new Set(['syntax', 'schema', 'unknown-reference', 'internal-error']);

describe('examples', function () {
  this.timeout(60_000);

  it('the startup design trips at least ten distinct rules', () => {
    const ids = new Set(checkText(examples['startup.scale.json']!).findings.map((f) => f.ruleId));
    assert.ok(ids.size >= 10, [...ids].join(', '));
  });

  it('every analysis rule fires on an example designed to trip it', () => {
    const fired = new Set(Object.values(examples).flatMap((t) => checkText(t).findings.map((f) => f.ruleId)));
    const missing = RULES.map((r) => r.id).filter((id) => !PIPELINE.has(id) && !fired.has(id));
    assert.deepEqual(missing, []);
  });

  for (const name of ['url-shortener.scale.json', 'ecommerce.scale.json', 'social-feed.scale.json', 'payments.scale.json']) {
    it(`${name} is well designed: no errors`, () => {
      const errors = checkText(examples[name]!).findings.filter((f) => f.severity === 'error');
      assert.deepEqual(errors.map((f) => `${f.ruleId}: ${f.message}`), []);
    });
  }

  it('every fix offered on the examples, applied, gives a valid file without that finding', () => {
    let applied = 0;
    for (const [name, text] of Object.entries(examples)) {
      for (const f of checkText(text).findings) {
        for (const fix of f.fixes ?? []) {
          const fixed = applyEdits(text, fix.edits);
          const after = checkText(fixed).findings;
          assert.deepEqual(after.filter((g) => PIPELINE.has(g.ruleId)).map((g) => g.message), [], `${name}: "${fix.title}" breaks the file`);
          const same = after.filter((g) => g.ruleId === f.ruleId && JSON.stringify(g.path) === JSON.stringify(f.path) && g.message === f.message);
          assert.deepEqual(same.map((g) => g.message), [], `${name}: "${fix.title}" does not clear: ${f.message}`);
          applied++;
        }
      }
    }
    assert.ok(applied >= 10, `only ${applied} fixes applied`);
  });
});
