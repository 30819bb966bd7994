/**
 * The starter template that "Scale: New Topology from Template" offers
 * first: the smallest complete topology a new user can grow — a client, a
 * load balancer, a service and a database — with no findings at all, and a
 * scenario whose budgets hold. The examples it offers too import only files
 * the package ships.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../../src/core/check';
import { runAllScenarios } from '../../../src/core/scenario/runScenario';
import { Minimatch } from 'minimatch';
import { EXAMPLES_DIR, importsOf } from '../../support/exampleImports';

const STARTER = path.resolve(__dirname, '../../../templates/starter.scale.json');

describe('starter template', () => {
  const text = fs.readFileSync(STARTER, 'utf8');
  const result = checkText(text);

  it('checks with no findings at all', () => {
    assert.deepEqual(result.findings.map((f) => `${f.severity} ${f.ruleId}: ${f.message}`), []);
  });

  it('has one component of each kind a first design needs, and teaches with comments', () => {
    assert.deepEqual([...result.topology!.components.values()].map((c) => c.kind).sort(), ['client', 'database', 'loadBalancer', 'service']);
    assert.ok((text.match(/^\s*\/\/ /gm) ?? []).length >= 8, 'commented');
  });

  it('has a scenario whose budgets hold', () => {
    const runs = runAllScenarios(result.topology!);
    assert.equal(runs.length, 1);
    assert.ok(runs[0]!.budgets.length > 0 && runs[0]!.budgets.every((b) => b.held), JSON.stringify(runs[0]!.budgets));
  });
});

describe('examples offered as templates', () => {
  const ROOT = path.resolve(__dirname, '../../..');
  // What the package ships: the allowlist's "!" patterns.
  const shipped = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n').filter((l) => l.startsWith('!')).map((l) => new Minimatch(l.slice(1)));
  const examples = fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.scale.json'));

  it('import only files the package ships, which New Topology writes beside a copy: the copy\'s imports read', () => {
    const imported = new Set<string>();
    for (const name of examples) {
      const file = path.join(EXAMPLES_DIR, name);
      const result = checkText(fs.readFileSync(file, 'utf8'), { imports: importsOf(file) });
      assert.deepEqual(result.findings.filter((f) => f.ruleId === 'import').map((f) => f.message), [], name);
      for (const key of result.imported.keys()) imported.add(path.relative(ROOT, key).split(path.sep).join('/'));
    }
    assert.ok(imported.has('examples/platform/platform.scale.json'), [...imported].join(', '));
    for (const rel of imported) assert.ok(shipped.some((m) => m.match(rel)), `${rel} is imported by an example but not shipped`);
  });
});
