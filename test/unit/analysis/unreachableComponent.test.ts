import assert from 'node:assert/strict';
import { checkText } from '../../../src/core/check';
import { findingsOf, rangeText, topology } from './harness';

const RULE = 'unreachable-component';

describe('unreachable-component', () => {
  it('flags a component no entry point reaches, at its id, as information', () => {
    const text = topology({
      web: { kind: 'client', calls: ['api'] },
      api: { kind: 'service', instances: 2, calls: ['db'] },
      db: { kind: 'database' },
      reports: { kind: 'service', calls: ['db'] },
    });
    const [f, ...rest] = findingsOf(RULE, text);
    assert.equal(rest.length, 0);
    assert.equal(f!.severity, 'info');
    assert.equal(f!.message, 'reports is not called by anything reachable from the entry points (web): it receives no load');
    assert.equal(rangeText(text, f!), '"reports"');
    assert.equal(f!.fixes, undefined);
  });

  it('follows every call, async and from queues too, and references: session stores, fronted stores, directories', () => {
    const text = topology({
      web: { kind: 'client', calls: ['api'] },
      api: { kind: 'service', instances: 2, state: 'external', sessionStore: 'sessions', calls: ['cache', { to: 'events', async: true }, 'media'] },
      sessions: { kind: 'cache', instances: 2 },
      cache: { kind: 'cache', instances: 2, fronts: 'db' },
      db: { kind: 'database', instances: 2 },
      events: { kind: 'queue', instances: 2, calls: ['worker'] },
      worker: { kind: 'service', instances: 2 },
      media: { kind: 'database', instances: 4, sharding: { strategy: 'directory', shards: 4, directory: 'dir' } },
      dir: { kind: 'directory', instances: 2 },
    });
    assert.deepEqual(findingsOf(RULE, text), []);
  });

  it('what only an unreachable component references is unreachable too', () => {
    const text = topology({
      web: { kind: 'client', calls: ['api'] },
      api: { kind: 'service', instances: 2 },
      old: { kind: 'service', state: 'external', sessionStore: 'old-sessions' },
      'old-sessions': { kind: 'cache' },
    });
    assert.deepEqual(findingsOf(RULE, text).map((f) => f.path[1]), ['old', 'old-sessions']);
  });

  it('without clients, the entry points are the components nothing calls; a cycle nothing enters is unreachable', () => {
    const text = topology({
      api: { kind: 'service', calls: ['db'] },
      db: { kind: 'database' },
      a: { kind: 'service', calls: ['b'] },
      b: { kind: 'service', calls: ['a'] },
    });
    const found = findingsOf(RULE, text);
    assert.deepEqual(found.map((f) => f.path[1]), ['a', 'b']);
    assert.equal(found[0]!.message, 'a is not called by anything reachable from the entry points (api): it receives no load');
  });

  it('says so when the file has no entry point at all', () => {
    const text = topology({ a: { kind: 'service', calls: ['b'] }, b: { kind: 'service', calls: ['a'] } });
    assert.equal(findingsOf(RULE, text)[0]!.message, 'a is not called by anything reachable from an entry point (the file has none: add a client): it receives no load');
  });

  it('waits while a reference names nothing or a component is invalid', () => {
    const typo = topology({
      web: { kind: 'client', calls: ['apj'] },
      api: { kind: 'service', instances: 2 },
    });
    const all = checkText(typo).findings;
    assert.deepEqual(all.filter((f) => f.ruleId === 'unknown-reference').length, 1);
    assert.deepEqual(all.filter((f) => f.ruleId === RULE), []);
    const invalid = topology({
      web: { kind: 'client', calls: ['api'] },
      api: { kind: 'service', instances: 0, calls: ['db'] },
      db: { kind: 'database' },
    });
    assert.deepEqual(checkText(invalid).findings.filter((f) => f.ruleId === RULE), []);
  });

  it('lists many entry points briefly', () => {
    const clients = Object.fromEntries(['a', 'b', 'c', 'd'].map((id) => [id, { kind: 'client', calls: ['api'] }]));
    const text = topology({ ...clients, api: { kind: 'service', instances: 2 }, lost: { kind: 'service' } });
    assert.equal(findingsOf(RULE, text)[0]!.message, 'lost is not called by anything reachable from the entry points (a, b, c and 1 more): it receives no load');
  });
});
