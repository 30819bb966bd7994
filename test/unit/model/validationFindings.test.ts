/**
 * What a check reports on invalid files, pinned: for the 100,000 invalid
 * components, a file with every kind of problem past the cap, every example
 * and seeded mutants of each, the findings kept (each one's digest) and the
 * count of those left out. How validation and the cap do their work may
 * change; what they report may not, unless the pinned file is regenerated on
 * purpose and the change reviewed:
 *
 *   UPDATE_GOLDEN=1 npx mocha test/unit/model/validationFindings.test.ts
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../../src/core/check';
import { EXAMPLES_DIR, importsOf, REPO_ROOT } from '../../support/exampleImports';
import { invalidComponentsText, mixedInvalidText, mutantsOf } from '../../support/invalidComponents';

const GOLDEN = path.resolve(__dirname, '../../fixtures/golden/validation-findings.json');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** What a check of a text reports, in short: the findings kept (and a digest of every one), the count left out. */
interface Reported {
  findings: number;
  omitted: number;
  digest: string;
}

function reported(text: string, file?: string): Reported {
  const r = checkText(text, file === undefined ? {} : { imports: importsOf(file) });
  // Related locations in imported files name them by absolute path: digested relative to the repository, so that
  // what is pinned does not depend on where the repository is checked out.
  const findings = JSON.stringify(r.findings, (key, value) => (key === 'file' && typeof value === 'string' ? path.relative(REPO_ROOT, value).split(path.sep).join('/') : value));
  return { findings: r.findings.length, omitted: r.omitted, digest: createHash('sha256').update(findings).digest('hex') };
}

function cases(): Map<string, () => Reported> {
  const out = new Map<string, () => Reported>();
  out.set('100,000 invalid components', () => reported(invalidComponentsText(100_000)));
  out.set('3,000 components invalid in every way', () => reported(mixedInvalidText(3_000)));
  out.set('300 components invalid in every way', () => reported(mixedInvalidText(300)));
  const examples = fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.scale.json')).sort();
  for (const name of examples) {
    const file = path.join(EXAMPLES_DIR, name);
    const text = fs.readFileSync(file, 'utf8');
    out.set(name, () => reported(text, file));
    mutantsOf(text, 40, 7).forEach((mutant, i) => out.set(`${name} mutant ${i}`, () => reported(mutant, file)));
  }
  return out;
}

describe('findings of invalid files', function () {
  this.timeout(300_000);
  const expected: Record<string, Reported> = UPDATE || !fs.existsSync(GOLDEN) ? {} : JSON.parse(fs.readFileSync(GOLDEN, 'utf8'));
  const actual: Record<string, Reported> = {};
  after(() => {
    if (UPDATE) fs.writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 2)}\n`);
  });
  for (const [name, check] of cases()) {
    it(`${name}: the findings and the count left out are as pinned`, () => {
      actual[name] = check();
      if (UPDATE) return;
      assert.ok(expected[name], `${name} is not pinned in ${GOLDEN}: run with UPDATE_GOLDEN=1`);
      assert.deepEqual(actual[name], expected[name]);
    });
  }
});
