import assert from 'node:assert/strict';
import { checkText } from '../../../src/core/check';
import { applyEdits } from '../../../src/core/findings';
import { rangeText, topology } from './harness';

const RULE = 'stale-acceptance';

/** A store with async failover (async-failover-data-loss) and a query across shards (cross-shard-query), and `accepted`. */
const design = (accepted: unknown[], extra: Record<string, unknown> = {}) => topology({
  web: { kind: 'client', calls: ['api'] },
  api: { kind: 'service', instances: 2, calls: ['urls'] },
  urls: {
    kind: 'database', instances: 2,
    replication: { mode: 'async', replicas: 1, lag: { p50: '5ms', p99: '50ms' }, failover: { mode: 'automatic' } },
    sharding: { strategy: 'consistentHash', shards: 4, vnodes: 160, key: { field: 'id' } },
    queries: [{ name: 'by_email', by: ['email'] }],
  },
}, { accepted, ...extra });

const stale = (text: string) => checkText(text).findings.filter((f) => f.ruleId === RULE);

describe(RULE, () => {
  it('flags an entry whose rule finds nothing at its place any more, at the place, as a warning, with a fix that removes it', () => {
    const text = design([
      { rule: 'async-failover-data-loss', component: 'urls', reason: 'agreed' },
      { rule: 'capacity', component: 'api', reason: 'black friday only' },
    ]);
    const [f, ...rest] = stale(text);
    assert.equal(rest.length, 0);
    assert.equal(f!.severity, 'warning');
    assert.equal(f!.message, 'Nothing to accept here any more: capacity finds nothing on api; remove this acceptance, or move it to where the finding is now');
    assert.deepEqual(f!.path, ['accepted', 1, 'component']);
    assert.equal(rangeText(text, f!), '"api"');
    assert.equal(f!.data!.rule, 'capacity');
    const fixed = applyEdits(text, f!.fixes![0]!.edits);
    assert.equal(f!.fixes![0]!.title, 'Remove this acceptance');
    assert.deepEqual(JSON.parse(fixed).accepted, [{ rule: 'async-failover-data-loss', component: 'urls', reason: 'agreed' }]);
    assert.deepEqual(stale(fixed), []);
  });

  it('says where in words for a scenario and a path; the last entry is removed with its list', () => {
    let text = design([{ rule: 'cross-shard-query', path: ['components', 'urls', 'queries'], reason: 'admin only' }, { rule: 'async-failover-data-loss', component: 'urls', reason: 'agreed' }]);
    assert.deepEqual(stale(text), []);
    text = design([{ rule: 'hot-key', path: ['components', 'urls', 'queries'], reason: 'admin only' }]);
    const [f] = stale(text);
    assert.equal(f!.message, 'Nothing to accept here any more: hot-key finds nothing at components.urls.queries; remove this acceptance, or move it to where the finding is now');
    const fixed = applyEdits(text, f!.fixes![0]!.edits);
    assert.equal('accepted' in JSON.parse(fixed), false);
    assert.deepEqual(checkText(fixed).findings.filter((x) => x.ruleId === 'schema'), []);

    text = design([{ rule: 'scenario-budget', scenario: 'kill one api', reason: 'drill' }], { scenarios: [{ name: 'kill one api', faults: [{ at: '1s', kill: 'api#1' }], expect: { lostWrites: 0 } }] });
    assert.equal(stale(text)[0]!.message, 'Nothing to accept here any more: scenario-budget finds nothing in scenario "kill one api"; remove this acceptance, or move it to where the finding is now');
  });

  it('a scenario budget in a file with no budget to simulate is stale in a check with budgets and in one without', () => {
    const text = design([{ rule: 'scenario-budget', scenario: 'kill one api', reason: 'drill' }], { scenarios: [{ name: 'kill one api', faults: [{ at: '1s', kill: 'api#1' }] }] });
    assert.equal(stale(text).length, 1);
    assert.equal(checkText(text, { scenarioBudgets: false }).findings.filter((f) => f.ruleId === RULE).length, 1);
  });

  it('is not judged for a rule that is off (in the file or for the user), while the file has errors, or for a rule that failed', () => {
    const entry = { rule: 'capacity', component: 'api', reason: 'r' };
    assert.deepEqual(stale(design([entry], { rules: { capacity: 'off' } })), []);
    assert.deepEqual(checkText(design([entry]), { ruleSettings: new Map([['capacity', 'off']]) }).findings.filter((f) => f.ruleId === RULE), []);
    const broken = design([entry]).replace('"calls": [\n        "urls"\n      ]', '"calls": ["ursl"]');
    assert.notEqual(broken, design([entry]));
    assert.deepEqual(stale(broken), []);
    const throwing = { id: 'capacity', run: () => { throw new Error('boom'); } };
    assert.deepEqual(checkText(design([entry]), { rules: [throwing] }).findings.filter((f) => f.ruleId === RULE), []);
  });

  it('can be turned off, or raised, like any rule', () => {
    const text = (rules: Record<string, string>) => design([{ rule: 'capacity', component: 'api', reason: 'r' }], { rules });
    assert.deepEqual(stale(text({ 'stale-acceptance': 'off' })), []);
    assert.equal(stale(text({ 'stale-acceptance': 'error' }))[0]!.severity, 'error');
  });
});
