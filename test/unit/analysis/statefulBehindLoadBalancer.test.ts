import assert from 'node:assert/strict';
import { checkText } from '../../../src/core/check';
import { applyEdits } from '../../../src/core/findings';
import { assertEveryFixClears, findingsOf, rangeText, topology } from './harness';

const RULE = 'stateful-behind-load-balancer';
const check = { interval: '1s', timeout: '1s' };

/** web -> lb -> api (4 instances, local state), plus what is given. */
const behind = (lb: Record<string, unknown> = {}, api: Record<string, unknown> = {}, more: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => topology({
  web: { kind: 'client', calls: ['lb'] },
  lb: { kind: 'loadBalancer', instances: 2, healthCheck: check, calls: ['api'], ...lb },
  api: { kind: 'service', instances: 4, state: 'local', ...api },
  ...more,
}, extra);

describe('stateful-behind-load-balancer', () => {
  it('flags local state behind a balancer without stickiness: an error at the state value, the balancer related', () => {
    const text = behind();
    const [f, ...rest] = findingsOf(RULE, text);
    assert.equal(rest.length, 0);
    assert.equal(f!.severity, 'error');
    assert.equal(f!.message, "requests of one user land on api's 4 instances in turn: a session kept in local memory is missing on 3 of every 4 requests");
    assert.deepEqual(f!.path, ['components', 'api', 'state']);
    assert.equal(rangeText(text, f!), '"local"');
    assert.equal(rangeText(text, f!.related![0]!), '"lb"');
    assert.equal(f!.data!.missingShare, 0.75);
  });

  it('with sticky sessions, a warning: the users a dying instance logs out, from workload.users', () => {
    const text = behind({ stickySessions: true }, {}, {}, { workload: { peakRps: 1000, users: 200000 } });
    const [f] = findingsOf(RULE, text);
    assert.equal(f!.severity, 'warning');
    assert.equal(f!.message, "when one of api's 4 instances dies, its 25% of users (50,000 of 200,000) lose their sessions; stickiness also skews load");
    assert.equal(rangeText(text, f!.related![0]!), 'true');
    assert.equal(f!.data!.usersLoggedOut, 50000);
  });

  it('without workload.users, the share alone', () => {
    const [f] = findingsOf(RULE, behind({ stickySessions: true }, { instances: 3 }));
    assert.equal(f!.message, "when one of api's 3 instances dies, its 33.3% of users lose their sessions; stickiness also skews load");
  });

  it('consistent-hash balancing pins users like stickiness', () => {
    const [f] = findingsOf(RULE, behind({ algorithm: 'consistentHash' }));
    assert.equal(f!.severity, 'warning');
  });

  it('points at the balancer\'s stickySessions value when it is declared false', () => {
    const text = behind({ stickySessions: false });
    const [f] = findingsOf(RULE, text);
    assert.equal(f!.severity, 'error');
    assert.equal(rangeText(text, f!.related![0]!), 'false');
  });

  it('one finding per service, the unpinned balancers related, when several balancers call it', () => {
    const text = topology({
      web: { kind: 'client', calls: ['lb', 'lb2'] },
      lb: { kind: 'loadBalancer', instances: 2, healthCheck: check, stickySessions: true, calls: ['api'] },
      lb2: { kind: 'loadBalancer', instances: 2, healthCheck: check, calls: ['api'] },
      api: { kind: 'service', instances: 2, state: 'local' },
    });
    const [f, ...rest] = findingsOf(RULE, text);
    assert.equal(rest.length, 0);
    assert.equal(f!.severity, 'error');
    assert.deepEqual(f!.related!.map((r) => rangeText(text, r)), ['"lb2"']);
  });

  it('leaves alone one instance, stateless or external state, and a service no balancer calls', () => {
    assert.deepEqual(findingsOf(RULE, behind({}, { instances: 1 })), []);
    assert.deepEqual(findingsOf(RULE, behind({}, { state: 'stateless' })), []);
    assert.deepEqual(findingsOf(RULE, behind({}, { state: 'external', sessionStore: 'sessions' }, { sessions: { kind: 'cache', instances: 2 } })), []);
    const direct = topology({ web: { kind: 'client', calls: ['api'] }, api: { kind: 'service', instances: 4, state: 'local' } });
    assert.deepEqual(findingsOf(RULE, direct), []);
  });

  it('its fix moves the sessions to a cache of the file, preferring one named for sessions', () => {
    const text = behind({}, {}, { 'url-cache': { kind: 'cache', instances: 2 }, sessions: { kind: 'cache', instances: 2 } });
    const [f] = findingsOf(RULE, text);
    assert.equal(f!.fixes![0]!.title, "Keep api's sessions in sessions");
    assert.equal(assertEveryFixClears(RULE, text), 1);
    const sticky = behind({ stickySessions: true }, {}, { store: { kind: 'cache', instances: 2 } });
    assert.equal(findingsOf(RULE, sticky)[0]!.fixes![0]!.title, "Keep api's sessions in store");
    assert.equal(assertEveryFixClears(RULE, sticky), 1);
    const oneLine = '{"version":1,"name":"x","workload":{"peakRps":10},"components":{"c":{"kind":"client","calls":["lb"]},"lb":{"kind":"loadBalancer","instances":2,"calls":["api"]},"api":{"kind":"service","instances":2,"state":"local"},"kv":{"kind":"cache"}}}';
    assert.equal(assertEveryFixClears(RULE, oneLine), 1);
  });

  describe('with no cache to keep sessions in', () => {
    const REPLICATED = 'a new cache "sessions" (2 semi-sync replicas, automatic failover)';

    /** The findings of the whole check, by rule and place. */
    const keys = (text: string) => checkText(text).findings.map((f) => `${f.ruleId} ${JSON.stringify(f.path)}`);

    it('the fix adds a replicated session store and the call to it, and the file checks clean of it', () => {
      const text = behind({}, { calls: ['db'] }, { db: { kind: 'database', instances: 2 } });
      const [f] = findingsOf(RULE, text);
      assert.equal(f!.fixes!.length, 1);
      assert.equal(f!.fixes![0]!.title, `Keep api's sessions in ${REPLICATED}`);
      assert.equal(f!.fixes![0]!.preferred, true);
      const fixed = applyEdits(text, f!.fixes![0]!.edits);
      const value = JSON.parse(fixed).components;
      assert.deepEqual(value.api, { kind: 'service', instances: 4, state: 'external', calls: ['db', 'sessions'], sessionStore: 'sessions' });
      assert.deepEqual(value.sessions, { kind: 'cache', description: "Session state of api, shared by its instances", replication: { mode: 'semiSync', replicas: 2, failover: { mode: 'automatic', detection: '10s', promotion: '5s' } } });
      // Nothing new: no single point of failure, no loss on failover, nothing unreachable.
      const before = new Set(keys(text));
      assert.deepEqual(keys(fixed).filter((k) => !before.has(k)), []);
      assert.ok(!keys(fixed).some((k) => k.startsWith(RULE)));
    });

    it('adds "calls" when the service has none', () => {
      const fixed = applyEdits(behind(), findingsOf(RULE, behind())[0]!.fixes![0]!.edits);
      assert.deepEqual(JSON.parse(fixed).components.api.calls, ['sessions']);
      assert.deepEqual(findingsOf(RULE, fixed), []);
    });

    it('takes an id no component has, valid or not', () => {
      const taken = behind({}, {}, { sessions: { kind: 'database', instances: 2 }, 'sessions-2': { kind: 'service', instances: 'two' } });
      const all = checkText(taken).findings;
      assert.ok(all.some((f) => f.ruleId === 'schema'), 'sessions-2 does not validate');
      const fix = all.find((f) => f.ruleId === RULE)!.fixes![0]!;
      assert.match(fix.title, /a new cache "sessions-3"/);
      assert.ok(JSON.parse(applyEdits(taken, fix.edits)).components['sessions-3']);
    });

    it('lays the new store out like the file: tabs and CRLF, or one line', () => {
      const tabs = behind().replace(/^((?:  )+)/gm, (m) => '\t'.repeat(m.length / 2)).replace(/\n/g, '\r\n');
      const fixed = applyEdits(tabs, findingsOf(RULE, tabs)[0]!.fixes![0]!.edits);
      assert.ok(fixed.includes('\r\n\t\t"sessions": {\r\n\t\t\t"kind": "cache",\r\n'), fixed);
      assert.doesNotMatch(fixed, /[^\r]\n|^ /m);
      const oneLine = '{"version":1,"name":"x","workload":{"peakRps":10},"components":{"c":{"kind":"client","calls":["lb"]},"lb":{"kind":"loadBalancer","instances":2,"calls":["api"]},"api":{"kind":"service","instances":2,"state":"local","calls":["db"]},"db":{"kind":"database","instances":2}}}';
      const line = applyEdits(oneLine, findingsOf(RULE, oneLine)[0]!.fixes![0]!.edits);
      assert.ok(!line.includes('\n'), line);
      assert.ok(line.includes('"calls":["db", "sessions"]'), line);
      assert.deepEqual(findingsOf(RULE, line), []);
    });
  });
});
