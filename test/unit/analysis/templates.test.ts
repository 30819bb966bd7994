/**
 * The starter template that "Scale: New Topology from Template" offers
 * first: the smallest complete topology a new user can grow — a client, a
 * load balancer, a service and a database — with no findings at all, and a
 * scenario whose budgets hold.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../../src/core/check';
import { runAllScenarios } from '../../../src/core/scenario/runScenario';

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
