/** The pipeline around the rules: severity settings, a rule that throws, the findings cap. */
import assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type { Rule, RuleContext, RuleFinding } from '../../../src/core/analysis/rule';
import { checkText, MAX_FINDINGS, type RuleSetting, scenarioBudgetFindings, scenarioBudgetsDue, withFindings } from '../../../src/core/check';
import { assertFinding, byRule, check, doc, rangeOf, show } from './helpers';
import { generateTopology } from '../../bench/generateTopology';

/** A rule that reports one finding at the given range. */
function fake(id: string, finding: Partial<RuleFinding> = {}): Rule {
  return { id, run: () => [{ message: `fake ${id}`, path: [], range: { offset: 0, length: 1 }, ...finding }] };
}

const FILE = doc('"web":{"kind":"client","calls":["api"]},"api":{"kind":"service"}');
const withRules = (rules: string): string => doc('"web":{"kind":"client","calls":["api"]},"api":{"kind":"service"}', `,"rules":{${rules}}`);

describe('check: rules, settings and limits', () => {
  describe('severity settings', () => {
    it('a rule\'s findings get its id and its default severity from the catalogue', () => {
      const r = check(FILE, { rules: [fake('hot-key'), fake('unreachable-component'), fake('capacity')] });
      assert.deepEqual(r.findings.map((f) => [f.ruleId, f.severity]), [['capacity', 'warning'], ['hot-key', 'warning'], ['unreachable-component', 'info']]);
    });

    it('a severity a rule sets on a finding is kept', () => {
      const r = check(FILE, { rules: [fake('capacity', { severity: 'error' })] });
      assert.equal(r.findings[0]!.severity, 'error');
    });

    it('"off" in the file drops the rule\'s findings; "error" and "info" change their severity', () => {
      const rules = [fake('hot-key'), fake('capacity'), fake('modulo-sharding')];
      const r = check(withRules('"hot-key":"off","capacity":"error","modulo-sharding":"info"'), { rules });
      assert.deepEqual(r.findings.map((f) => [f.ruleId, f.severity]), [['capacity', 'error'], ['modulo-sharding', 'info']], show(r.findings));
    });

    it('user settings apply when the file says nothing; the file wins over the user', () => {
      const rules = [fake('hot-key'), fake('capacity')];
      const user = new Map<string, RuleSetting>([['hot-key', 'off'], ['capacity', 'off']]);
      assert.deepEqual(check(FILE, { rules, ruleSettings: user }).findings, []);
      const r = check(withRules('"capacity":"error"'), { rules, ruleSettings: user });
      assert.deepEqual(r.findings.map((f) => [f.ruleId, f.severity]), [['capacity', 'error']]);
    });

    it('a rule turned off is not run: not by the file, the user\'s settings or a run\'s override', () => {
      const ran: string[] = [];
      const counted = (id: string): Rule => ({ id, run: () => (ran.push(id), [{ message: `fake ${id}`, path: [], range: { offset: 0, length: 1 } }]) });
      const rules = [counted('hot-key'), counted('capacity'), counted('slo')];
      check(withRules('"hot-key":"off"'), { rules, ruleSettings: new Map([['capacity', 'off']]), ruleOverrides: new Map([['slo', 'off']]) });
      assert.deepEqual(ran, []);
      // Turned back on over the file's "off", it runs.
      check(withRules('"hot-key":"off"'), { rules, ruleOverrides: new Map([['hot-key', 'warning']]) });
      assert.deepEqual(ran, ['hot-key', 'capacity', 'slo']);
    });

    it('syntax, schema, unknown-reference and internal-error cannot be turned off or changed by user settings', () => {
      const user = new Map<string, RuleSetting>([['syntax', 'off'], ['schema', 'info'], ['unknown-reference', 'off'], ['internal-error', 'off']]);
      assert.equal(check('{"version":1 "name":"x"}', { ruleSettings: user }).findings[0]!.ruleId, 'syntax');
      const text = doc('"web":{"kind":"clent","calls":["x"]},"api":{"kind":"service","calls":["apx"]}');
      const r = check(text, { ruleSettings: user, rules: [{ id: 'capacity', run: () => { throw new Error('boom'); } }] });
      assert.deepEqual(r.findings.map((f) => [f.ruleId, f.severity]), [['internal-error', 'error'], ['schema', 'error'], ['unknown-reference', 'error']], show(r.findings));
    });

    it('"schema": "off" in the file is itself a finding and turns nothing off', () => {
      const text = doc('"web":{"kind":"clent"}', ',"rules":{"schema":"off"}');
      const r = check(text);
      assert.deepEqual(r.findings.map((f) => f.range), [rangeOf(text, '"clent"'), rangeOf(text, '"schema"')], show(r.findings));
      assert.ok(r.findings.every((f) => f.ruleId === 'schema' && f.severity === 'error'));
    });

    // Regression (fixed): one bad entry in the "rules" section makes validate.ts drop the whole
    // section, so the file's other, valid settings stop applying: with
    // {"hot-kye": "off", "capacity": "off"} the typo is reported (good) but the
    // capacity findings the team turned off come back, all at once, until the
    // typo is fixed. Components get partial validation; rule entries should too.
    it('a typo in one rule id does not discard the other settings of the file', () => {
      const text = withRules('"hot-kye":"off","capacity":"off"');
      const r = check(text, { rules: [fake('capacity')] });
      assert.deepEqual(r.findings.map((f) => f.ruleId), ['schema'], show(r.findings));
      assertFinding(r.findings[0], 'schema', rangeOf(text, '"hot-kye"'), /did you mean "hot-key"/);
    });
  });

  describe('a rule that throws', () => {
    it('gives one internal-error finding naming the rule; the other rules still run', () => {
      const hot = fake('hot-key', { message: 'hot shard', range: rangeOf(FILE, '"api"', 1) });
      const r = check(FILE, { rules: [{ id: 'capacity', run() { throw new Error('boom'); } }, hot] });
      assert.equal(r.findings.length, 2, show(r.findings));
      const internal = byRule(r, 'internal-error');
      assert.equal(internal.length, 1);
      assert.equal(internal[0]!.severity, 'error');
      assert.match(internal[0]!.message, /\bcapacity\b/);
      assert.match(internal[0]!.message, /boom/);
      assert.equal(internal[0]!.data?.rule, 'capacity');
      assert.deepEqual(byRule(r, 'hot-key').map((f) => [f.message, f.range]), [['hot shard', rangeOf(FILE, '"api"', 1)]]);
    });

    it('a rule that throws a non-Error value, or after yielding some findings, is contained too', () => {
      const partial: Rule = {
        id: 'hot-key',
        *run(): Generator<RuleFinding> {
          yield { message: 'before', path: [], range: { offset: 0, length: 1 } };
          throw new Error('midway');
        },
      } as unknown as Rule;
      const r = check(FILE, { rules: [{ id: 'capacity', run() { throw 'a string'; } }, partial, fake('cross-shard-query')] });
      const internal = byRule(r, 'internal-error');
      assert.deepEqual(internal.map((f) => f.data?.rule), ['capacity', 'hot-key'], show(r.findings));
      assert.match(internal[0]!.message, /a string/);
      assert.equal(byRule(r, 'cross-shard-query').length, 1);
    });

    it('rules receive the topology, a locator and the text', () => {
      let seen: RuleContext | undefined;
      check(FILE, { rules: [{ id: 'capacity', run(ctx) { seen = ctx; return []; } }] });
      assert.ok(seen);
      assert.equal(seen.text, FILE);
      assert.deepEqual([...seen.topology.components.keys()], ['web', 'api']);
      assert.deepEqual(seen.locator.valueRange(['components', 'web', 'calls', 0]), rangeOf(FILE, '"api"'));
    });

    it('rules do not run without a topology (a syntax error, an unreadable top level)', () => {
      let runs = 0;
      const rules = [{ id: 'capacity', run: () => { runs++; return []; } }];
      check('{"version":1 "name":"x"}', { rules });
      check('[1]', { rules });
      check('{"version":1,"components":{}}', { rules });
      assert.equal(runs, 0);
    });
  });

  describe('the findings cap', () => {
    it('a rule returning 1,500 findings: the first MAX_FINDINGS by position, the rest counted', () => {
      const many: Rule = {
        id: 'capacity',
        run: () => Array.from({ length: 1500 }, (_, i) => ({ message: `n${i}`, path: [], range: { offset: 1500 - i, length: 1 } })),
      };
      const r = check(FILE, { rules: [many] });
      assert.equal(r.findings.length, MAX_FINDINGS);
      assert.equal(r.omitted, 500);
      assert.deepEqual(r.findings.slice(0, 2).map((f) => f.range.offset), [1, 2]);
      assert.ok(r.findings.every((f, i) => i === 0 || r.findings[i - 1]!.range.offset <= f.range.offset));
    });

    it('findings are sorted by position, then severity, then rule id', () => {
      const r = check(FILE, { rules: [fake('unreachable-component'), fake('capacity', { severity: 'error' }), fake('hot-key'), fake('cross-shard-query', { range: { offset: 0, length: 0 } })] });
      assert.deepEqual(r.findings.map((f) => f.ruleId), ['capacity', 'cross-shard-query', 'hot-key', 'unreachable-component']);
    });
  });

  // A language server publishes a check without its simulations, then adds them: the
  // result must be what one check with everything gives, settings and cap included.
  describe('scenario budgets checked apart', () => {
    const text = (extra = '') => JSON.stringify({
      version: 1, name: 'x', workload: { peakRps: 1000, readFraction: 0.5 },
      components: { web: { kind: 'client', calls: ['db'] }, db: { kind: 'database', replication: { mode: 'async', replicas: 1, lag: { p50: '50ms', p99: '200ms' }, failover: { mode: 'automatic' } } } },
      scenarios: [{ name: 'primary dies', faults: [{ at: '10s', kill: 'db' }], expect: { lostWrites: 0, writeDowntime: '1s' } }],
      ...(extra ? { rules: JSON.parse(extra) } : {}),
    });
    const apart = (t: string, ruleSettings?: ReadonlyMap<string, RuleSetting>) => {
      const first = checkText(t, { scenarioBudgets: false, ruleSettings });
      return { first, whole: withFindings(first, scenarioBudgetFindings(t), ruleSettings) };
    };

    it('without them a check runs no scenario, and says some are due; with them added it is the whole check', () => {
      const { first, whole } = apart(text());
      assert.deepEqual(byRule(first, 'scenario-budget'), []);
      assert.equal(scenarioBudgetsDue(first), true);
      assert.equal(byRule(whole, 'scenario-budget').length, 2);
      assert.deepEqual(whole.findings, checkText(text()).findings);
    });

    it('the file\'s and the user\'s settings apply to them as in one check; "off" leaves none due', () => {
      const user = new Map<string, RuleSetting>([['scenario-budget', 'info']]);
      const { whole } = apart(text('{"scenario-budget":"warning"}'), user);
      assert.deepEqual(byRule(whole, 'scenario-budget').map((f) => f.severity), ['warning', 'warning']);
      assert.deepEqual(apart(text(), user).whole.findings, checkText(text(), { ruleSettings: user }).findings);
      assert.equal(scenarioBudgetsDue(checkText(text('{"scenario-budget":"off"}'), { scenarioBudgets: false })), false);
      assert.equal(scenarioBudgetsDue(checkText(text(), { scenarioBudgets: false }), new Map([['scenario-budget', 'off']])), false);
      assert.equal(scenarioBudgetsDue(checkText(text().replace(/"expect":\{[^}]*\}/, '"expect":{}'), { scenarioBudgets: false })), false);
    });

    it('added past the cap, they take their place by position and the rest are counted', () => {
      const rule: Rule = { id: 'capacity', run: () => Array.from({ length: MAX_FINDINGS }, () => ({ message: 'late', path: [], range: { offset: text().length - 1, length: 1 } })) };
      const first = checkText(text(), { scenarioBudgets: false, rules: [rule] });
      const whole = withFindings(first, scenarioBudgetFindings(text()));
      assert.equal(whole.findings.length, MAX_FINDINGS);
      assert.equal(whole.omitted, 2);
      assert.equal(byRule(whole, 'scenario-budget').length, 2);
    });
  });
});

// Regression: a check kept the plain value JSON.parse gives of the whole text (its document held it), though once
// validated only the validated data is read: 1.6 MB for 5,000 components, held through every check and, in the
// language server, between requests.
describe('check: what a check keeps of a text', () => {
  it('not the plain value of the text, until something asks for it', () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const heap = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const text = generateTopology(5_000);
    const checked = checkText(text);
    const before = heap();
    const value = checked.parsed.value as { components: Record<string, unknown> };
    const grown = heap() - before;
    assert.ok(grown > text.length / 2, `reading the value kept ${grown} bytes more for ${text.length} characters of text`);
    assert.equal(Object.keys(value.components).length, 4996);
    assert.equal(checked.parsed.value, value, 'read once, then kept');
  });
});
