/**
 * The project configuration (`scale.config.json`) in the core: its check
 * (findings with did-you-mean, as a topology's; what applies of a partly
 * invalid file) and the precedence of severity settings, from the rule's
 * default to a run's `--rule`.
 */
import assert from 'node:assert/strict';
import type { Rule } from '../../../src/core/analysis/rule';
import type { RuleSetting } from '../../../src/core/check';
import { checkConfigText, DEFAULT_PROJECT_CONFIG, ruleSettingsBeneathFile } from '../../../src/core/projectConfig';
import { runScenario } from '../../../src/core/scenario/runScenario';
import { check, doc, rangeOf, show } from './helpers';

const settings = (entries: Record<string, RuleSetting>) => new Map(Object.entries(entries));

describe('project configuration', () => {
  describe('precedence of severities: default < user < project < the file\'s own rules < --rule', () => {
    const fake: Rule = { id: 'capacity', run: () => [{ message: 'fake', path: [], range: { offset: 0, length: 1 } }] };
    const severity = (fileRules: string, user: Record<string, RuleSetting>, project: Record<string, RuleSetting>, run: Record<string, RuleSetting> = {}) => {
      const text = doc('"web":{"kind":"client"}', fileRules ? `,"rules":{${fileRules}}` : '');
      const r = check(text, { rules: [fake], ruleSettings: ruleSettingsBeneathFile(settings(user), { ...DEFAULT_PROJECT_CONFIG, rules: settings(project) }), ruleOverrides: settings(run) });
      return r.findings.find((f) => f.ruleId === 'capacity')?.severity ?? 'off';
    };

    it('each level wins over the ones beneath it', () => {
      assert.equal(severity('', {}, {}), 'warning');
      assert.equal(severity('', { capacity: 'info' }, {}), 'info');
      assert.equal(severity('', { capacity: 'info' }, { capacity: 'error' }), 'error');
      assert.equal(severity('', { capacity: 'error' }, { capacity: 'off' }), 'off');
      assert.equal(severity('"capacity":"info"', { capacity: 'off' }, { capacity: 'error' }), 'info');
      assert.equal(severity('"capacity":"off"', {}, { capacity: 'error' }, { capacity: 'warning' }), 'warning');
      assert.equal(severity('"capacity":"error"', {}, {}, { capacity: 'off' }), 'off');
    });

    it('a level that says nothing of a rule leaves it to the levels beneath', () => {
      assert.equal(severity('"hot-key":"off"', { capacity: 'info' }, { 'hot-key': 'error' }, { 'hot-key': 'info' }), 'info');
    });
  });

  describe('checkConfigText', () => {
    it('a valid configuration applies whole', () => {
      const r = checkConfigText('{\n  // the team\'s\n  "$schema": "./schemas/scale.config.schema.json",\n  "rules": { "capacity": "error", "too-few-vnodes": "off" },\n  "ignore": ["legacy/**"],\n  "seed": 42,\n}\n');
      assert.deepEqual(r.findings, [], show(r.findings));
      assert.deepEqual([...r.config.rules], [['capacity', 'error'], ['too-few-vnodes', 'off']]);
      assert.deepEqual(r.config.ignore, ['legacy/**']);
      assert.equal(r.config.seed, 42);
    });

    it('unknown keys, rules and severities are findings at their range, with did-you-mean and its fix', () => {
      const text = '{ "rulez": {}, "rules": { "capacty": "error", "hot-key": "eror", "cross-shard-query": "warn", "modulo-sharding": "off" }, "sed": 3 }';
      const r = checkConfigText(text);
      assert.deepEqual(r.findings.map((f) => [f.ruleId, f.severity, f.message, f.range]), [
        ['schema', 'error', 'Unknown property "rulez" in the file; did you mean "rules"?', rangeOf(text, '"rulez"')],
        ['schema', 'error', 'Unknown rule "capacty"; did you mean "capacity"?', rangeOf(text, '"capacty"')],
        ['schema', 'error', 'Unknown value "eror" for rules.hot-key; did you mean "error"?', rangeOf(text, '"eror"')],
        ['schema', 'error', 'rules.cross-shard-query: expected one of "off", "info", "warning", "error", found "warn"', rangeOf(text, '"warn"')],
        ['schema', 'error', 'Unknown property "sed" in the file; did you mean "seed"?', rangeOf(text, '"sed"')],
      ], show(r.findings));
      assert.deepEqual(r.findings[1]!.fixes?.[0]?.edits, [{ ...rangeOf(text, '"capacty"'), newText: '"capacity"' }]);
      // What is valid still applies; what is not is left out.
      assert.deepEqual([...r.config.rules], [['modulo-sharding', 'off']]);
      assert.equal(r.config.seed, undefined);
    });

    it('wrong values are findings, and only the wrong entry is left out', () => {
      const text = '{ "ignore": ["ok/**", "/etc/**", "!keep.scale.json", "../up/**", 3], "seed": -1, "rules": "off" }';
      const r = checkConfigText(text);
      assert.deepEqual(r.findings.map((f) => f.message), [
        'ignore[1]: patterns are relative to the folder of scale.config.json: remove the leading "/" or drive',
        'ignore[2]: a pattern cannot be negated with "!": list only what to leave out',
        'ignore[3]: patterns stay inside the folder of scale.config.json: ".." is not allowed',
        'ignore[4]: expected a string, found a number',
        'seed must be at least 0, found -1',
        'rules: expected an object, found a string',
      ].sort((a, b) => text.indexOf(a.split(':')[0]!) - text.indexOf(b.split(':')[0]!)), show(r.findings));
      assert.deepEqual(r.config.ignore, ['ok/**']);
      assert.equal(r.config.seed, undefined);
      assert.deepEqual([...r.config.rules], []);
    });

    it('a configuration that does not read gives its syntax findings and the defaults', () => {
      for (const [text, message] of [
        ['{ "rules": { "capacity": "off" ', /expected/i],
        ['', /^File is empty: expected a configuration object/],
        ['["rules"]', /^Expected a configuration object, found an? array/],
      ] as const) {
        const r = checkConfigText(text);
        assert.ok(r.findings.length > 0 && r.findings.every((f) => f.severity === 'error'), show(r.findings));
        assert.match(r.findings[0]!.message, message);
        assert.deepEqual(r.config, DEFAULT_PROJECT_CONFIG);
      }
    });

    it('survives hostile keys and deep nesting', () => {
      const r = checkConfigText('{ "__proto__": { "rules": 1 }, "constructor": 1, "rules": { "toString": "off" } }');
      assert.ok(r.findings.length >= 3, show(r.findings));
      assert.deepEqual([...r.config.rules], []);
      const deep = checkConfigText(`{"rules":${'['.repeat(100_000)}`);
      assert.match(deep.findings[0]!.message, /Nesting is deeper/);
    });
  });

  it('the project\'s seed seeds the check\'s scenario budgets as `scale simulate` would, a scenario\'s own seed winning', () => {
    const text = JSON.stringify({
      version: 1, name: 'x', workload: { peakRps: 2000, readFraction: 0.5 },
      components: {
        web: { kind: 'client', calls: ['db'] },
        db: { kind: 'database', replication: { mode: 'async', replicas: 1, lag: { p50: '200ms', p99: '3s' }, failover: { mode: 'automatic', detection: '2s', promotion: '1s' } } },
      },
      scenarios: [{ name: 'primary dies', duration: '20s', faults: [{ at: '5s', kill: 'db' }], expect: { lostWrites: 0 } }],
    });
    const budget = (seed?: number) => check(text, { rules: undefined, seed }).findings.find((f) => f.ruleId === 'scenario-budget')!.data!.measured;
    const simulated = (seed: number) => runScenario(check(text).topology!, 0, { seed }).budgets[0]!.measured;
    assert.equal(budget(), simulated(1));
    assert.equal(budget(7), simulated(7));
    assert.notEqual(budget(7), budget());
    const ownSeed = text.replace('"duration":"20s"', '"duration":"20s","seed":7');
    assert.equal(check(ownSeed, { rules: undefined, seed: 42 }).findings.find((f) => f.ruleId === 'scenario-budget')!.data!.measured, simulated(7));
  });
});
