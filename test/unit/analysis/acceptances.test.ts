/** Accepted risks: the file's `accepted` entries, matched against the findings of every check, and what they get wrong. */
import assert from 'node:assert/strict';
import { acceptFindingEdit } from '../../../src/core/analysis/acceptances';
import { checkText, type CheckResult, scenarioBudgetFindings, scenarioBudgetsDue, withFindings } from '../../../src/core/check';
import { applyEdits, type Finding } from '../../../src/core/findings';
import { PLACEHOLDER_REASON } from '../../../src/core/model/schema';
import { buildDiagram } from '../../../src/core/diagram/diagramModel';
import { blockingFindings } from '../../../src/core/sim/simulable';
import { rangeText } from './harness';

/** A design with findings at components (one and two per component) and at scenarios, and `extra` top-level fields. */
function design(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    version: 1, name: 'links', workload: { peakRps: 1000, readFraction: 0.5 },
    components: {
      web: { kind: 'client', calls: ['api'] },
      api: { kind: 'service', instances: 2, calls: ['urls', 'posts'] },
      urls: { kind: 'database', replication: { mode: 'async', replicas: 1, lag: { p50: '50ms', p99: '200ms' }, failover: { mode: 'automatic' } } },
      posts: { kind: 'database', sharding: { strategy: 'consistentHash', shards: 8, vnodes: 160, key: { field: 'id' } }, queries: [{ name: 'by_email', by: ['email'] }, { name: 'by_author', by: ['author'] }] },
    },
    scenarios: [
      { name: 'urls primary dies', faults: [{ at: '10s', kill: 'urls' }], expect: { lostWrites: 0 } },
      { name: 'urls primary dies again', faults: [{ at: '20s', kill: 'urls' }], expect: { lostWrites: 0 } },
    ],
    ...extra,
  }, null, 2);
}

const REASON = '≤ 50 writes per failover agreed with payments, see ADR-12';
const accepting = (...entries: unknown[]) => design({ accepted: entries });
const byRule = (r: CheckResult, ruleId: string) => r.findings.filter((f) => f.ruleId === ruleId);
/** Findings about the `accepted` list itself. */
const aboutAccepted = (r: CheckResult) => r.findings.filter((f) => f.path[0] === 'accepted').map((f) => `${f.ruleId}: ${f.message}`);
const accepted = (r: CheckResult) => r.findings.filter((f) => f.accepted).map((f) => JSON.stringify(f.path));

describe('accepted risks', () => {
  it('a design without `accepted` has no accepted finding', () => {
    const r = checkText(design());
    assert.deepEqual(accepted(r), []);
    assert.equal(byRule(r, 'async-failover-data-loss').length, 1);
  });

  it('accept a rule\'s findings on one component, with the reason and where the entry is; other rules and components are untouched', () => {
    const text = accepting({ rule: 'async-failover-data-loss', component: 'urls', reason: REASON }, { rule: 'cross-shard-query', component: 'posts', reason: 'both queries are admin-only, a few per day' });
    const r = checkText(text);
    assert.deepEqual(aboutAccepted(r), []);
    const [f] = byRule(r, 'async-failover-data-loss');
    assert.equal(f!.severity, 'warning', 'an accepted finding keeps its severity');
    assert.equal(f!.accepted!.reason, REASON);
    assert.deepEqual(f!.accepted!.path, ['accepted', 0]);
    assert.deepEqual(JSON.parse(rangeText(text, f!.accepted!)), { rule: 'async-failover-data-loss', component: 'urls', reason: REASON });
    // Both findings of the rule on posts, and nothing else.
    assert.deepEqual(accepted(r), [
      '["components","urls","replication","mode"]',
      '["components","posts","queries",0,"by"]',
      '["components","posts","queries",1,"by"]',
    ]);
    assert.equal(byRule(r, 'cross-shard-query')[1]!.accepted!.reason, 'both queries are admin-only, a few per day');
  });

  it('accept a scenario\'s missed budgets by the scenario\'s name; another scenario\'s are still problems', () => {
    const r = checkText(accepting({ rule: 'scenario-budget', scenario: 'urls primary dies', reason: 'the failover drill accepts the loss' }));
    assert.deepEqual(aboutAccepted(r), []);
    const [first, second] = byRule(r, 'scenario-budget');
    assert.deepEqual(first!.path.slice(0, 2), ['scenarios', 0]);
    assert.equal(first!.accepted!.reason, 'the failover drill accepts the loss');
    assert.equal(second!.accepted, undefined);
    assert.equal(second!.severity, 'error');
  });

  it('accept by JSON path: the findings at the path and inside it, so one of a component\'s two findings', () => {
    const r = checkText(accepting({ rule: 'cross-shard-query', path: ['components', 'posts', 'queries', 1], reason: 'by_author runs nightly' }));
    assert.deepEqual(aboutAccepted(r), []);
    assert.deepEqual(accepted(r), ['["components","posts","queries",1,"by"]']);
  });

  it('an accepted error counts as no error: the scenarios are still simulated, and nothing blocks a simulation', () => {
    const r = checkText(accepting({ rule: 'scenario-budget', scenario: 'urls primary dies', reason: 'drill' }, { rule: 'scenario-budget', scenario: 'urls primary dies again', reason: 'drill' }));
    assert.equal(r.modelErrors, 0);
    assert.equal(byRule(r, 'scenario-budget').every((f) => f.accepted), true);
    assert.deepEqual(blockingFindings(r.findings), []);
  });

  it('the diagram neither badges nor counts an accepted finding', () => {
    const urls = (t: string) => buildDiagram(checkText(t)).nodes.find((n) => n.id === 'urls')!;
    assert.equal(urls(design()).findings.counts.warning, 1);
    const text = accepting({ rule: 'async-failover-data-loss', component: 'urls', reason: REASON }, { rule: 'scenario-budget', scenario: 'urls primary dies', reason: 'drill' });
    assert.deepEqual(urls(text).findings, { counts: { error: 0, warning: 0, info: 0 }, items: [] });
    assert.deepEqual(buildDiagram(checkText(text)).totals, { error: 1, warning: 2, info: 0 });
    assert.deepEqual(buildDiagram(checkText(design())).totals, { error: 2, warning: 3, info: 0 });
  });

  it('the first entry that covers a finding gives the reason; a second one covering it is not stale', () => {
    const r = checkText(accepting(
      { rule: 'cross-shard-query', component: 'posts', reason: 'first' },
      { rule: 'cross-shard-query', path: ['components', 'posts', 'queries', 0], reason: 'second' },
    ));
    assert.deepEqual(aboutAccepted(r), []);
    assert.deepEqual(byRule(r, 'cross-shard-query').map((f) => f.accepted!.reason), ['first', 'first']);
  });

  describe('reasons', () => {
    for (const [what, reason] of [['empty', ''], ['white space only', ' \t\n ']] as const) {
      it(`an ${what} reason is an error at the reason, and the entry still accepts its finding`, () => {
        const text = accepting({ rule: 'async-failover-data-loss', component: 'urls', reason });
        const r = checkText(text);
        const [f, ...rest] = r.findings.filter((x) => x.path[0] === 'accepted');
        assert.equal(rest.length, 0);
        assert.equal(f!.ruleId, 'schema');
        assert.equal(f!.severity, 'error');
        assert.equal(f!.message, 'An accepted risk needs a reason: write why it is accepted (who agreed, what bounds the risk, where it is recorded)');
        assert.deepEqual(f!.path, ['accepted', 0, 'reason']);
        assert.equal(rangeText(text, f!), JSON.stringify(reason));
        assert.ok(byRule(r, 'async-failover-data-loss')[0]!.accepted);
        assert.equal(r.modelErrors, 0, 'a reason to write changes nothing of the system');
      });
    }

    it('the Quick Fix\'s placeholder is an error until it is replaced', () => {
      const text = accepting({ rule: 'async-failover-data-loss', component: 'urls', reason: PLACEHOLDER_REASON });
      const [f] = checkText(text).findings.filter((x) => x.path[0] === 'accepted');
      assert.equal(f!.message, 'The reason is still the placeholder: write why this risk is accepted (who agreed, what bounds the risk, where it is recorded)');
      assert.equal(rangeText(text, f!), JSON.stringify(PLACEHOLDER_REASON));
    });

    it('hostile reasons stay text: markup kept as written, control characters reported by the reader, 10,000 characters refused at the reason', () => {
      const markup = '<img src=x onerror=alert(1)></script><script>alert(2)</script> [link](javascript:alert(3)) ::error::x';
      let r = checkText(accepting({ rule: 'async-failover-data-loss', component: 'urls', reason: markup }));
      assert.equal(byRule(r, 'async-failover-data-loss')[0]!.accepted!.reason, markup);

      r = checkText(accepting({ rule: 'async-failover-data-loss', component: 'urls', reason: 'bell \u0007 here' }));
      assert.deepEqual(aboutAccepted(r), ['schema: Text contains the control character U+0007']);
      assert.equal(r.modelErrors, 0);
      assert.equal(byRule(r, 'scenario-budget').length, 2, 'the scenarios are still simulated');

      const long = 'x'.repeat(10_000);
      const text = accepting({ rule: 'async-failover-data-loss', component: 'urls', reason: long });
      r = checkText(text);
      const [f, ...rest] = r.findings.filter((x) => x.path[0] === 'accepted');
      assert.equal(rest.length, 0);
      assert.equal(f!.message, 'accepted[0].reason must have at most 1,000 characters');
      assert.equal(rangeText(text, f!), JSON.stringify(long));
      assert.equal(byRule(r, 'async-failover-data-loss')[0]!.accepted, undefined, 'a refused entry accepts nothing');
      assert.equal(r.modelErrors, 0);
      assert.equal(byRule(r, 'scenario-budget').length, 2, 'the scenarios are still simulated');
    });
  });

  describe('entries that name nothing', () => {
    it('an unknown rule is a schema error with a did-you-mean fix; the other entries still accept', () => {
      const text = accepting({ rule: 'async-failover-dataloss', component: 'urls', reason: 'r' }, { rule: 'cross-shard-query', component: 'posts', reason: 'r' });
      const r = checkText(text);
      const [f, ...rest] = r.findings.filter((x) => x.path[0] === 'accepted');
      assert.equal(rest.length, 0);
      assert.equal(f!.ruleId, 'schema');
      assert.equal(f!.message, 'Unknown value "async-failover-dataloss" for accepted[0].rule; did you mean "async-failover-data-loss"?');
      assert.deepEqual(f!.path, ['accepted', 0, 'rule']);
      assert.deepEqual(checkText(applyEdits(text, f!.fixes![0]!.edits)).findings.filter((x) => x.path[0] === 'accepted'), []);
      assert.deepEqual(accepted(r), ['["components","posts","queries",0,"by"]', '["components","posts","queries",1,"by"]']);
      assert.equal(r.modelErrors, 0);
      assert.equal(byRule(r, 'scenario-budget').length, 2);
    });

    it('rules about the file itself, and stale-acceptance, cannot be accepted', () => {
      for (const rule of ['schema', 'unknown-reference', 'syntax', 'internal-error', 'stale-acceptance']) {
        const [f] = checkText(accepting({ rule, component: 'urls', reason: 'r' })).findings.filter((x) => x.path[0] === 'accepted');
        assert.equal(f?.ruleId, 'schema', rule);
        assert.match(f!.message, /^accepted\[0\]\.rule: expected one of "lone-load-balancer", /, rule);
      }
    });

    it('an unknown component is an unknown-reference error with a did-you-mean fix that makes the entry accept', () => {
      const text = accepting({ rule: 'async-failover-data-loss', component: 'ulrs', reason: 'r' });
      const r = checkText(text);
      const [f, ...rest] = r.findings.filter((x) => x.path[0] === 'accepted');
      assert.equal(rest.length, 0, 'named nothing: not stale as well');
      assert.equal(f!.ruleId, 'unknown-reference');
      assert.equal(f!.message, 'The acceptance names "ulrs", which is not a component; did you mean "urls"?');
      assert.equal(rangeText(text, f!), '"ulrs"');
      const fixed = checkText(applyEdits(text, f!.fixes![0]!.edits));
      assert.deepEqual(aboutAccepted(fixed), []);
      assert.ok(byRule(fixed, 'async-failover-data-loss')[0]!.accepted);
      assert.equal(r.modelErrors, 0);
      assert.deepEqual(blockingFindings(r.findings), [], 'an entry naming nothing keeps nothing from being simulated');
    });

    it('an unknown scenario, and a path to nothing, are unknown-reference errors', () => {
      const text = accepting({ rule: 'scenario-budget', scenario: 'urls primary died', reason: 'r' }, { rule: 'hot-key', path: ['workload', 'keys'], reason: 'r' });
      const r = checkText(text);
      assert.deepEqual(aboutAccepted(r), [
        'unknown-reference: The acceptance names "urls primary died", which is not a scenario of this file; did you mean "urls primary dies"?',
        'unknown-reference: The acceptance\'s path "workload.keys" names nothing in this file',
      ]);
      assert.deepEqual(JSON.parse(rangeText(text, r.findings.find((f) => f.path[0] === 'accepted' && f.path[2] === 'path')!)), ['workload', 'keys']);
    });

    it('a component declared but invalid has its own finding: the entry naming it is left alone', () => {
      const text = design({ accepted: [{ rule: 'capacity', component: 'cache', reason: 'r' }] }).replace('"components": {', '"components": {\n    "cache": { "kind": "cache", "instances": 0 },');
      const r = checkText(text);
      assert.deepEqual(aboutAccepted(r), []);
      assert.equal(r.findings.filter((f) => f.path[1] === 'cache').length, 1);
    });

    it('an entry names exactly one place', () => {
      let r = checkText(accepting({ rule: 'capacity', reason: 'r' }));
      assert.deepEqual(aboutAccepted(r), ['schema: An acceptance names the place of the findings it accepts: "component", "scenario" or "path"']);
      r = checkText(accepting({ rule: 'capacity', component: 'urls', scenario: 'urls primary dies', reason: 'r' }));
      assert.deepEqual(aboutAccepted(r), ['schema: An acceptance names one place; this one has component and scenario: keep one, or write one acceptance per place']);
      assert.equal(r.modelErrors, 0);
    });

    it('an entry\'s errors are reported in a file too broken to analyse', () => {
      const r = checkText(design({ compnents: {}, accepted: [{ rule: 'capacty', component: 'urls', reason: 'r' }] }));
      assert.equal(r.topology, undefined);
      assert.deepEqual(aboutAccepted(r), ['schema: Unknown value "capacty" for accepted[0].rule; did you mean "capacity"?']);
    });

    it('a misspelt property of an entry gets a did-you-mean, and a list that is not one is refused whole', () => {
      let r = checkText(accepting({ rule: 'capacity', component: 'urls', reasn: 'r' }));
      assert.ok(aboutAccepted(r).includes('schema: Unknown property "reasn" in accepted[0]; did you mean "reason"?'), aboutAccepted(r).join('\n'));
      r = checkText(design({ accepted: { rule: 'capacity' } }));
      assert.deepEqual(aboutAccepted(r), ['schema: accepted: expected an array, found an object']);
      assert.equal(r.modelErrors, 0);
    });
  });

  describe('scenario budgets judged apart (the language server)', () => {
    const apart = (text: string) => {
      const first = checkText(text, { scenarioBudgets: false });
      assert.equal(scenarioBudgetsDue(first), true);
      return { first, whole: withFindings(first, scenarioBudgetFindings(text)) };
    };

    it('budgets found apart are accepted as in one check', () => {
      const text = accepting({ rule: 'scenario-budget', scenario: 'urls primary dies', reason: 'drill' }, { rule: 'async-failover-data-loss', component: 'urls', reason: REASON });
      const { first, whole } = apart(text);
      assert.deepEqual(aboutAccepted(first), [], 'not stale before the budgets are simulated');
      assert.deepEqual(whole.findings, checkText(text).findings);
      assert.ok(byRule(whole, 'scenario-budget')[0]!.accepted);
    });

    it('an entry for a budget that holds is stale once the budgets are simulated, as in one check', () => {
      const text = design({
        scenarios: [{ name: 'calm', faults: [{ at: '10s', kill: 'api#1' }], expect: { lostWrites: 0 } }],
        accepted: [{ rule: 'scenario-budget', scenario: 'calm', reason: 'drill' }],
      });
      const { first, whole } = apart(text);
      assert.deepEqual(aboutAccepted(first), []);
      assert.deepEqual(aboutAccepted(whole), ['stale-acceptance: Nothing to accept here any more: scenario-budget finds nothing in scenario "calm"; remove this acceptance, or move it to where the finding is now']);
      assert.deepEqual(whole.findings, checkText(text).findings);
    });
  });
});

describe('acceptFindingEdit (the "Accept this risk…" Quick Fix)', () => {
  /** Accepts `finding`'s first finding of `ruleId`, applies the edit, and gives the new text, after checking the placeholder span. */
  function accept(text: string, pick: (f: Finding) => boolean): string {
    const r = checkText(text);
    const f = r.findings.find(pick)!;
    const a = acceptFindingEdit(f, r.topology, r.locator, text)!;
    assert.ok(a, 'an edit is offered');
    assert.equal(a.edit.newText.slice(a.placeholder.offset, a.placeholder.offset + a.placeholder.length), PLACEHOLDER_REASON);
    return applyEdits(text, [a.edit]);
  }

  it('creates `accepted`, laid out like the file, with the finding\'s component; the finding is accepted and the placeholder is the finding', () => {
    const text = design();
    const after = accept(text, (f) => f.ruleId === 'async-failover-data-loss');
    assert.ok(after.endsWith(`  ],
  "accepted": [
    {
      "rule": "async-failover-data-loss",
      "component": "urls",
      "reason": "${PLACEHOLDER_REASON}"
    }
  ]
}`), after.slice(-300));
    const r = checkText(after);
    assert.ok(byRule(r, 'async-failover-data-loss')[0]!.accepted);
    assert.deepEqual(aboutAccepted(r), ['schema: The reason is still the placeholder: write why this risk is accepted (who agreed, what bounds the risk, where it is recorded)']);
  });

  it('appends to `accepted`; a scenario\'s budget is accepted by the scenario\'s name', () => {
    const text = accepting({ rule: 'async-failover-data-loss', component: 'urls', reason: REASON });
    const after = accept(text, (f) => f.ruleId === 'scenario-budget');
    const r = checkText(after);
    assert.deepEqual(JSON.parse(after).accepted[1], { rule: 'scenario-budget', scenario: 'urls primary dies', reason: PLACEHOLDER_REASON });
    assert.deepEqual(byRule(r, 'scenario-budget').map((f) => f.accepted?.reason), [PLACEHOLDER_REASON, undefined]);
  });

  it('a file written on one line stays on one line', () => {
    const text = JSON.stringify(JSON.parse(design()));
    const after = accept(text, (f) => f.ruleId === 'async-failover-data-loss');
    assert.equal(after.split('\n').length, 1);
    assert.ok(after.endsWith(`, "accepted": [ { "rule": "async-failover-data-loss", "component": "urls", "reason": "${PLACEHOLDER_REASON}" } ]}`), after.slice(-200));
  });

  it('offers nothing for an accepted finding, a finding of the file itself, or `accepted` that is not a list', () => {
    let text = accepting({ rule: 'async-failover-data-loss', component: 'urls', reason: REASON });
    let r = checkText(text);
    assert.equal(acceptFindingEdit(byRule(r, 'async-failover-data-loss')[0]!, r.topology, r.locator, text), undefined);
    text = design().replace('"kind": "client"', '"kind": "client", "shards": 2');
    r = checkText(text);
    assert.equal(acceptFindingEdit(byRule(r, 'schema')[0]!, r.topology, r.locator, text), undefined);
    text = design({ accepted: 'none' });
    r = checkText(text);
    assert.equal(acceptFindingEdit(byRule(r, 'async-failover-data-loss')[0]!, r.topology, r.locator, text), undefined);
  });
});
