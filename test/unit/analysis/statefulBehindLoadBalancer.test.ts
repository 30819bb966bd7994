import assert from 'node:assert/strict';
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

  it('offers no fix when the file has no cache', () => {
    assert.equal(findingsOf(RULE, behind())[0]!.fixes, undefined);
  });
});
