import assert from 'node:assert/strict';
import { assertEveryFixClears, findingsOf, rangeText, topology } from './harness';

const pool = (lb: Record<string, unknown>) => topology({
  web: { kind: 'client', calls: ['edge-lb'] },
  'edge-lb': { kind: 'loadBalancer', calls: ['api'], healthCheck: { interval: '2s', timeout: '500ms' }, ...lb },
  api: { kind: 'service', instances: 8 },
});

describe('lone-load-balancer', () => {
  it('flags a one-instance balancer in front of a pool, at its instances value, with the traffic it carries', () => {
    const text = pool({ instances: 1 });
    const [f, ...rest] = findingsOf('lone-load-balancer', text);
    assert.equal(rest.length, 0);
    assert.equal(f!.severity, 'warning');
    assert.equal(f!.message, "edge-lb is a lone load balancer in front of api's 8 instances: when its 1 instance dies, all 1,000 rps through it fail");
    assert.deepEqual(f!.path, ['components', 'edge-lb', 'instances']);
    assert.equal(rangeText(text, f!), '1');
    assert.equal(rangeText(text, f!.related![0]!), '"api"');
  });

  it('points at the id when instances is left at its default of 1', () => {
    const text = pool({});
    const [f] = findingsOf('lone-load-balancer', text);
    assert.equal(rangeText(text, f!), '"edge-lb"');
  });

  it('flags two instances that share one zone, at the zones value', () => {
    const text = pool({ instances: 2, zones: ['us-east-1a'] });
    const [f] = findingsOf('lone-load-balancer', text);
    assert.match(f!.message, /edge-lb's 2 instances are all in zone us-east-1a: a zone outage takes out the balancer and all 1,000 rps/);
    assert.deepEqual(JSON.parse(rangeText(text, f!)), ['us-east-1a']);
  });

  it('leaves alone two instances, two zones, or a balancer with nothing redundant behind it', () => {
    assert.deepEqual(findingsOf('lone-load-balancer', pool({ instances: 2 })), []);
    assert.deepEqual(findingsOf('lone-load-balancer', pool({ instances: 2, zones: ['a', 'b'] })), []);
    const single = topology({ web: { kind: 'client', calls: ['lb'] }, lb: { kind: 'loadBalancer', calls: ['api'] }, api: { kind: 'service' } });
    assert.deepEqual(findingsOf('lone-load-balancer', single), []);
  });

  it('its fix (2 instances) clears it, in one-line and multi-line layouts', () => {
    assert.equal(assertEveryFixClears('lone-load-balancer', pool({ instances: 1 })), 1);
    assert.equal(assertEveryFixClears('lone-load-balancer', pool({})), 1);
    const oneLine = '{"version":1,"name":"x","workload":{"peakRps":10},"components":{"c":{"kind":"client","calls":["lb"]},"lb":{"kind":"loadBalancer","calls":["api"],"healthCheck":{"interval":"1s","timeout":"1s"}},"api":{"kind":"service","instances":3}}}';
    assert.equal(assertEveryFixClears('lone-load-balancer', oneLine), 1);
  });

  it('can be turned off or raised in the file\'s rules section', () => {
    const text = JSON.parse(pool({}));
    assert.deepEqual(findingsOf('lone-load-balancer', JSON.stringify({ ...text, rules: { 'lone-load-balancer': 'off' } })), []);
    assert.equal(findingsOf('lone-load-balancer', JSON.stringify({ ...text, rules: { 'lone-load-balancer': 'error' } }))[0]!.severity, 'error');
  });
});

describe('missing-health-check', () => {
  const noCheck = topology({
    web: { kind: 'client', calls: ['lb'] },
    lb: { kind: 'loadBalancer', instances: 2, calls: ['api'] },
    api: { kind: 'service', instances: 4 },
  });

  it('flags a balancer without health checks, with the requests that keep failing', () => {
    const [f] = findingsOf('missing-health-check', noCheck);
    assert.equal(f!.message, 'lb has no health check: when one of its 4 backend instances dies, its share of requests (about 250 rps, 1/4 of 1,000) keeps failing until someone intervenes');
    assert.equal(rangeText(noCheck, f!), '"lb"');
  });

  it('names the heaviest instance\'s share when the balancer weighs its backends, as the load model spreads them', () => {
    const weighted = topology({
      web: { kind: 'client', calls: ['lb'] },
      lb: { kind: 'loadBalancer', instances: 2, algorithm: 'weighted', weights: [2, 1, 1, 0], calls: ['api'] },
      api: { kind: 'service', instances: 4 },
    });
    const [f] = findingsOf('missing-health-check', weighted);
    assert.equal(f!.message, 'lb has no health check: when one of its 4 backend instances dies, its share of requests (about 500 rps for the heaviest by weight, 50% of 1,000) keeps failing until someone intervenes');
    const checked = JSON.stringify({ ...JSON.parse(weighted), components: { ...JSON.parse(weighted).components, lb: { ...JSON.parse(weighted).components.lb, healthCheck: { interval: '5s' } } } });
    assert.match(findingsOf('liveness-only-health-check', checked)[0]!.message, /it keeps receiving about 500 rps \(50% of the traffic, the heaviest by weight\)$/);
  });

  it('leaves alone a balancer with a health check', () => {
    const text = JSON.stringify({ ...JSON.parse(noCheck), components: { ...JSON.parse(noCheck).components, lb: { kind: 'loadBalancer', instances: 2, calls: ['api'], healthCheck: { interval: '1s', timeout: '1s' } } } });
    assert.deepEqual(findingsOf('missing-health-check', text), []);
  });

  it('its fix adds a health check with a timeout, which raises no liveness-only finding', () => {
    assert.equal(assertEveryFixClears('missing-health-check', noCheck), 1);
  });
});

describe('liveness-only-health-check', () => {
  const text = topology({
    web: { kind: 'client', calls: ['lb'] },
    lb: { kind: 'loadBalancer', instances: 2, algorithm: 'leastConnections', calls: ['api'], healthCheck: { interval: '5s' } },
    api: { kind: 'service', instances: 5 },
  });

  it('flags a check without timeout, at the healthCheck key, naming what least-connections does', () => {
    const [f] = findingsOf('liveness-only-health-check', text);
    assert.equal(f!.severity, 'info');
    assert.match(f!.message, /lb's health check has no timeout: a backend that turns slow still passes, and least-connections keeps a queue/);
    assert.equal(rangeText(text, f!), '"healthCheck"');
  });

  it('its fix adds a timeout', () => {
    assert.equal(assertEveryFixClears('liveness-only-health-check', text), 1);
  });
});
