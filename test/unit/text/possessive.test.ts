/**
 * The possessive of a component id in messages: "api's", but "clients'".
 * Held for the function itself and for the rules' messages that build one (the
 * simulation's note on a held connection pool is held in scenario.test.ts).
 */
import assert from 'node:assert/strict';
import { checkText } from '../../../src/core/check';
import type { Finding } from '../../../src/core/findings';
import { possessive } from '../../../src/core/text/possessive';
import { topology } from '../analysis/harness';

/** Every text a finding shows: its message, its related locations' messages, its fixes' titles. */
function textsOf(findings: readonly Finding[]): string[] {
  return findings.flatMap((f) => [f.message, ...(f.related ?? []).map((r) => r.message), ...(f.fixes ?? []).map((x) => x.title)]);
}

describe('possessive of an id', () => {
  it("adds 's, or only an apostrophe after a final s", () => {
    assert.equal(possessive('api'), "api's");
    assert.equal(possessive('clients'), "clients'");
    assert.equal(possessive('DNS'), "DNS'");
    assert.equal(possessive('edge-lb'), "edge-lb's");
    assert.equal(possessive('s'), "s'");
  });

  // Regression: messages built `${id}'s` and wrote "clients's", "apis's 4 instances".
  it('every rule message, related location and fix title about an id ending in s writes its possessive with an apostrophe alone', () => {
    const withDirectory = topology({
      clients: { kind: 'client', calls: ['edge-lbs'] },
      'edge-lbs': { kind: 'loadBalancer', instances: 2, zones: ['us-east-1a'], algorithm: 'leastConnections', healthCheck: { interval: '5s' }, calls: ['apis'] },
      apis: { kind: 'service', instances: 4, zones: ['us-east-1a'], state: 'local', capacity: { rps: 100 }, calls: ['dirs', 'urls', 'dbs'] },
      dirs: { kind: 'directory', instances: 1 },
      urls: { kind: 'database', instances: 2, zones: ['a', 'b'], sharding: { strategy: 'directory', shards: 64, directory: 'dirs', key: { field: 'short_code' } } },
      dbs: { kind: 'database', zones: ['z1'], replication: { mode: 'semiSync', replicas: 2, failover: { mode: 'automatic' } } },
    });
    const lone = topology({
      clients: { kind: 'client', calls: ['lbs', 'apis'] },
      lbs: { kind: 'loadBalancer', instances: 1, healthCheck: { interval: '2s', timeout: '500ms' }, calls: ['pools'] },
      pools: { kind: 'service', instances: 8 },
      apis: { kind: 'service', instances: 2, zones: ['a', 'b'], calls: [{ to: 'dbs', op: 'write' }] },
      dbs: { kind: 'database', replication: { mode: 'semiSync', replicas: 2, readsFrom: 'replicas' } },
    });
    const texts = [...textsOf(checkText(withDirectory).findings), ...textsOf(checkText(lone).findings)];
    for (const expected of [
      "edge-lbs' 2 instances are all in zone",
      "edge-lbs' health check has no timeout",
      "apis' 4 instances",
      "Keep apis' sessions",
      "apis' instances",
      "through dirs' 1 instance",
      "dbs' primary and 2 replicas are all in zone",
      "in front of pools' 8 instances",
    ]) assert.ok(texts.some((t) => t.includes(expected)), `no text says "${expected}":\n${texts.join('\n')}`);
    assert.deepEqual(texts.filter((t) => /s's\b/.test(t)), []);
  });

  it('the one-entry share of single-point-of-failure: "of clients\' requests"', () => {
    const text = topology({
      clients: { kind: 'client', calls: ['api'] },
      api: { kind: 'service', instances: 2, zones: ['a', 'b'], calls: ['db'] },
      db: { kind: 'database', replication: { replicas: 2, readsFrom: 'replicas' } },
    });
    const messages = checkText(text).findings.map((f) => f.message);
    assert.ok(messages.some((m) => m.includes("(10% of clients' requests)")), messages.join('\n'));
  });
});
