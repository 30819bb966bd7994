/** The rule catalogue is the one list of rules: every rule documented, registered, and offered as a setting. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIGURABLE_RULE_IDS, RULES } from '../../../src/core/ruleCatalog';
import { ANALYSIS_RULES } from '../../../src/core/analysis/rules/index';
import { PACKAGE_PATH, packageText } from '../../../scripts/generate';

const ROOT = path.resolve(__dirname, '../../..');
/**
 * Findings of these come from the pipeline itself, not from an analysis rule
 * module; stale-acceptance has its module, but judges the other rules'
 * findings, so the pipeline runs it after them.
 */
const PIPELINE_RULES = new Set(['syntax', 'schema', 'unknown-reference', 'import', 'internal-error', 'stale-acceptance']);

describe('rule catalogue', () => {
  it('has stable kebab-case ids, unique, with short and full descriptions within SARIF limits', () => {
    const ids = RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const r of RULES) {
      assert.match(r.id, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(r.short.length > 10 && r.full.length > r.short.length, r.id);
      assert.ok(r.full.length <= 1024, `${r.id}: full description is ${r.full.length} characters`);
    }
  });

  it('documents every rule in docs/rules/<id>.md with the standard sections', () => {
    for (const r of RULES) {
      const file = path.join(ROOT, 'docs', 'rules', `${r.id}.md`);
      assert.ok(fs.existsSync(file), `missing ${path.relative(ROOT, file)}`);
      const text = fs.readFileSync(file, 'utf8');
      assert.match(text, new RegExp(`^# ${r.id}\\n`), r.id);
      for (const section of ['## What it finds', '## Why it matters', '## How to fix', '## Triggers it', '## Does not trigger it']) {
        assert.ok(text.includes(section), `${r.id}: no "${section}"`);
      }
    }
  });

  it('registers one analysis rule module per catalogued analysis rule, in catalogue order', () => {
    const expected = RULES.map((r) => r.id).filter((id) => !PIPELINE_RULES.has(id));
    assert.deepEqual(ANALYSIS_RULES.map((r) => r.id), expected);
  });

  it('offers every configurable rule in the extension\'s scale.rules setting (run `npm run generate` when this fails)', () => {
    const current = fs.readFileSync(PACKAGE_PATH, 'utf8');
    assert.equal(current, packageText(current));
    const pkg = JSON.parse(current);
    const setting = pkg.contributes.configuration.properties['scale.rules'];
    assert.deepEqual(Object.keys(setting.properties).sort(), [...CONFIGURABLE_RULE_IDS].sort());
    for (const r of RULES.filter((x) => x.configurable)) {
      assert.ok(setting.properties[r.id].markdownDescription.includes(r.short), r.id);
    }
  });
});
