import assert from 'node:assert/strict';
import { checkText } from '../../../src/core/check';
import { criticalEntries, single_point_of_failure } from '../../../src/core/analysis/rules/singlePointOfFailure';
import { assertEveryFixClears, findingsOf, rangeText, topology } from './harness';

const RULE = 'single-point-of-failure';

/** Ids the rule reports, in document order. */
const flagged = (text: string) => findingsOf(RULE, text).map((f) => f.path[1]);

/** web -> api (2 instances, 2 zones) -> db, with db as given. */
const withDb = (db: Record<string, unknown>, call: unknown = 'db') => topology({
  web: { kind: 'client', calls: ['api'] },
  api: { kind: 'service', instances: 2, zones: ['a', 'b'], calls: [call] },
  db: { kind: 'database', ...db },
});

describe('single-point-of-failure', () => {
  describe('one instance on every request path', () => {
    it('flags a one-instance database, at its instances value, with the traffic at stake and the entry point related', () => {
      const text = withDb({ instances: 1 });
      const [f, ...rest] = findingsOf(RULE, text);
      assert.equal(rest.length, 0);
      assert.equal(f!.severity, 'warning');
      assert.equal(f!.message, 'db is a single point of failure: all 1,000 rps from web depend on its 1 instance');
      assert.deepEqual(f!.path, ['components', 'db', 'instances']);
      assert.equal(rangeText(text, f!), '1');
      assert.equal(f!.related!.length, 1);
      assert.equal(rangeText(text, f!.related![0]!), '"web"');
      assert.deepEqual(f!.data, { rps: 1000, entryRps: 1000, entryPoints: 1, instances: 1, share: 1 });
    });

    it('points at the id when instances is left at its default', () => {
      const text = withDb({});
      const [f] = findingsOf(RULE, text);
      assert.deepEqual(f!.path, ['components', 'db']);
      assert.equal(rangeText(text, f!), '"db"');
    });

    it('says which part of the traffic depends on it when only some requests reach it', () => {
      const text = withDb({}, { to: 'db', share: 0.4 });
      const [f] = findingsOf(RULE, text);
      assert.equal(f!.message, "db is a single point of failure: the 400 rps (40% of web's requests) that reach it depend on its 1 instance");
      assert.equal(f!.data!.share, 0.4);
    });

    it('merges the entry points that depend on it into one finding', () => {
      const text = topology({
        web: { kind: 'client', calls: ['api'] },
        mobile: { kind: 'client', calls: ['api'] },
        api: { kind: 'service', instances: 3, calls: ['db'] },
        db: { kind: 'database' },
      });
      const [f, ...rest] = findingsOf(RULE, text);
      assert.equal(rest.length, 0);
      assert.equal(f!.message, 'db is a single point of failure: all 1,000 rps from web and mobile depend on its 1 instance');
      assert.deepEqual(f!.related!.map((r) => rangeText(text, r)), ['"web"', '"mobile"']);
    });

    it('names only the entry points that depend on it', () => {
      const text = topology({
        web: { kind: 'client', share: 0.6, calls: ['api'] },
        partners: { kind: 'client', share: 0.4, calls: ['partner-api'] },
        api: { kind: 'service', instances: 3, calls: ['db'] },
        'partner-api': { kind: 'service', instances: 3 },
        db: { kind: 'database' },
      });
      const [f] = findingsOf(RULE, text);
      assert.equal(f!.message, 'db is a single point of failure: all 600 rps from web depend on its 1 instance');
    });

    it('flags every one-instance component of a chain, the first ones included', () => {
      const text = topology({
        web: { kind: 'client', calls: ['lb'] },
        lb: { kind: 'loadBalancer', calls: ['api'], healthCheck: { interval: '1s', timeout: '1s' } },
        api: { kind: 'service', calls: ['cache'] },
        cache: { kind: 'cache', calls: ['db'] },
        db: { kind: 'database' },
      });
      assert.deepEqual(flagged(text), ['lb', 'api', 'cache', 'db']);
    });

    it('without clients, the component nothing calls receives the requests and is critical for them', () => {
      const text = topology({ api: { kind: 'service', calls: ['db'] }, db: { kind: 'database', instances: 2 } });
      const [f] = findingsOf(RULE, text);
      assert.equal(f!.message, 'api is a single point of failure: all 1,000 rps entering at api depend on its 1 instance');
      assert.equal(f!.related, undefined);
    });

    it('lists many entry points briefly', () => {
      const clients = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((id) => [id, { kind: 'client', calls: ['db'] }]));
      const [f] = findingsOf(RULE, topology({ ...clients, db: { kind: 'database' } }));
      assert.equal(f!.message, 'db is a single point of failure: all 1,000 rps from a, b, c and 2 more entry points depend on its 1 instance');
    });
  });

  describe('redundancy that counts', () => {
    it('leaves alone two instances in two zones, and a database whose replica takes over automatically', () => {
      assert.deepEqual(flagged(withDb({ instances: 2 })), []);
      assert.deepEqual(flagged(withDb({ replication: { replicas: 1, failover: { mode: 'automatic' } } })), []);
    });

    it('leaves alone clients and CDNs', () => {
      const text = topology({
        web: { kind: 'client', calls: ['cdn'] },
        cdn: { kind: 'cdn', hitRatio: 0.5, calls: ['api'] },
        api: { kind: 'service', instances: 2 },
      });
      assert.deepEqual(flagged(text), []);
    });

    it('leaves alone multi-leader stores and leaderless quorums that survive a node', () => {
      assert.deepEqual(flagged(withDb({ replication: { topology: 'multiLeader', leaders: 2, replicas: 0, conflictResolution: 'lastWriteWins' } })), []);
      assert.deepEqual(flagged(withDb({ replication: { topology: 'leaderless', replicas: 2, quorum: { n: 3, r: 2, w: 2 } } })), []);
      // W = N: a write needs every replica, so one node's loss stops writes.
      assert.deepEqual(flagged(withDb({ replication: { topology: 'leaderless', replicas: 2, quorum: { n: 3, r: 1, w: 3 } } })), ['db']);
    });

    it('leaves a lone balancer in front of a pool to lone-load-balancer', () => {
      const text = topology({
        web: { kind: 'client', calls: ['lb'] },
        lb: { kind: 'loadBalancer', instances: 1, calls: ['api'], healthCheck: { interval: '1s', timeout: '1s' } },
        api: { kind: 'service', instances: 3 },
      });
      assert.deepEqual(flagged(text), []);
      assert.equal(findingsOf('lone-load-balancer', text).length, 1);
      const zone = topology({
        web: { kind: 'client', calls: ['lb'] },
        lb: { kind: 'loadBalancer', instances: 2, zones: ['a'], calls: ['api'], healthCheck: { interval: '1s', timeout: '1s' } },
        api: { kind: 'service', instances: 3 },
      });
      assert.deepEqual(flagged(zone), []);
    });

    it('leaves a one-instance shard directory to directory-spof', () => {
      const text = topology({
        web: { kind: 'client', calls: ['api'] },
        api: { kind: 'service', instances: 2, calls: ['dir', 'media'] },
        dir: { kind: 'directory' },
        media: { kind: 'database', instances: 4, sharding: { strategy: 'directory', shards: 4, directory: 'dir' } },
      });
      assert.deepEqual(flagged(text), []);
    });

    it('does not report a component no request reaches at peak', () => {
      const text = topology({
        web: { kind: 'client', calls: ['api'] },
        api: { kind: 'service', instances: 2, calls: [{ to: 'audit', op: 'write' }] },
        audit: { kind: 'database' },
      }, { workload: { peakRps: 1000, readFraction: 1 } });
      assert.deepEqual(flagged(text), []);
    });
  });

  describe('soft calls', () => {
    it('an async call and a queue\'s consumers do not make the caller fail', () => {
      const text = topology({
        web: { kind: 'client', calls: ['api'] },
        api: { kind: 'service', instances: 2, calls: [{ to: 'mailer', async: true }, { to: 'jobs', op: 'write' }] },
        mailer: { kind: 'service' },
        jobs: { kind: 'queue', instances: 3, calls: ['worker'] },
        worker: { kind: 'service' },
      });
      assert.deepEqual(flagged(text), []);
    });

    it('a cache-aside cache is not critical when the caller also reads the store; a read-through cache is', () => {
      const aside = topology({
        web: { kind: 'client', calls: ['api'] },
        api: { kind: 'service', instances: 2, calls: ['cache', 'db'] },
        cache: { kind: 'cache', hitRatio: 0.9, fronts: 'db' },
        db: { kind: 'database', instances: 2 },
      });
      assert.deepEqual(flagged(aside), []);
      const through = topology({
        web: { kind: 'client', calls: ['api'] },
        api: { kind: 'service', instances: 2, calls: ['cache'] },
        cache: { kind: 'cache', hitRatio: 0.9, calls: ['db'] },
        db: { kind: 'database', instances: 2 },
      });
      assert.deepEqual(flagged(through), ['cache']);
      // A cache that fronts a store the caller does not call is the only way to the data.
      const fronting = topology({
        web: { kind: 'client', calls: ['api'] },
        api: { kind: 'service', instances: 2, calls: ['cache'] },
        cache: { kind: 'cache', hitRatio: 0.9, fronts: 'db' },
        db: { kind: 'database', instances: 2 },
      });
      assert.deepEqual(flagged(fronting), ['cache']);
    });
  });

  describe('load balancers are the OR', () => {
    const lb = { kind: 'loadBalancer', instances: 2, healthCheck: { interval: '1s', timeout: '1s' } };

    it('a one-instance pool beside another pool is not critical; what both pools need is', () => {
      const text = topology({
        web: { kind: 'client', calls: ['lb'] },
        lb: { ...lb, calls: ['blue', 'green'] },
        blue: { kind: 'service', calls: ['db'] },
        green: { kind: 'service', calls: ['db'] },
        db: { kind: 'database' },
      });
      const [f, ...rest] = findingsOf(RULE, text);
      assert.equal(rest.length, 0);
      assert.equal(f!.path[1], 'db');
      assert.match(f!.message, /^db is a single point of failure: .* from web depend on its 1 instance$/);
    });

    it('pools with stores of their own leave nothing critical', () => {
      const text = topology({
        web: { kind: 'client', calls: ['lb'] },
        lb: { ...lb, calls: ['blue', 'green'] },
        blue: { kind: 'service', calls: ['blue-db'] },
        green: { kind: 'service', calls: ['green-db'] },
        'blue-db': { kind: 'database' },
        'green-db': { kind: 'database' },
      });
      assert.deepEqual(flagged(text), []);
    });

    it('finds what every alternative needs through nested balancers and shared chains', () => {
      const text = topology({
        web: { kind: 'client', calls: ['lb'] },
        lb: { ...lb, calls: ['a', 'b'] },
        a: { kind: 'service', calls: ['inner'] },
        b: { kind: 'service', calls: ['x', 'shared'] },
        inner: { ...lb, calls: ['c', 'd'] },
        c: { kind: 'service', calls: ['shared'] },
        d: { kind: 'service', calls: ['shared', 'x'] },
        x: { kind: 'service' },
        shared: { kind: 'service', calls: ['deep'] },
        deep: { kind: 'database' },
      });
      // Every way through needs shared (and deep below it); x is needed by b and d, but c avoids it.
      assert.deepEqual(flagged(text), ['shared', 'deep']);
    });

    it('intersects many pools too', () => {
      const pools = (reachDb: (i: number) => boolean) => {
        const comps: Record<string, unknown> = { web: { kind: 'client', calls: ['lb'] }, lb: { ...lb, calls: [] as string[] }, db: { kind: 'database' }, other: { kind: 'database' } };
        for (let i = 0; i < 40; i++) {
          (comps.lb as { calls: string[] }).calls.push(`p${i}`);
          comps[`p${i}`] = { kind: 'service', calls: [reachDb(i) ? 'db' : 'other'] };
        }
        return topology(comps);
      };
      assert.deepEqual(flagged(pools(() => true)), ['db']);
      assert.deepEqual(flagged(pools((i) => i !== 39)), []);
    });

    it('a balancer with one hard callee and async others is no OR', () => {
      const text = topology({
        web: { kind: 'client', calls: ['lb'] },
        lb: { ...lb, calls: ['api', { to: 'shadow', async: true }] },
        api: { kind: 'service', instances: 1 },
        shadow: { kind: 'service', instances: 1 },
      });
      assert.deepEqual(flagged(text), ['api']);
    });

    it('matches a brute-force evaluation of the success function on generated graphs', () => {
      let seed = 12345;
      const rnd = () => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return seed / 2 ** 32;
      };
      for (let round = 0; round < 150; round++) {
        const n = 3 + Math.floor(rnd() * 9);
        const comps: Record<string, Record<string, unknown>> = { web: { kind: 'client', calls: ['n0'] } };
        for (let i = 0; i < n; i++) {
          const kind = rnd() < 0.3 ? 'loadBalancer' : 'service';
          const calls: unknown[] = [];
          for (let j = i + 1; j < n; j++) {
            if (rnd() < 0.3) calls.push(rnd() < 0.15 ? { to: `n${j}`, async: true } : `n${j}`);
          }
          if (rnd() < 0.1 && i > 0) calls.push(`n${Math.floor(rnd() * i)}`); // a back edge now and then
          comps[`n${i}`] = { kind, calls, ...(kind === 'loadBalancer' ? { instances: 2 } : {}) };
        }
        const text = topology(comps);
        const topo = checkText(text).topology!;
        const nodes = [...topo.components.values()];
        const cycleEdges = new Set(topo.edges.filter((e) => Number(e.to.slice(1)) <= Number(e.from.slice(1)) && e.from !== 'web'));
        const got = criticalEntries(topo, nodes, cycleEdges).map((s) => (s && s.length > 0 ? 1 : 0));
        const hardCallees = (id: string) => [...new Set(topo.components.get(id)!.calls.filter((e) => !e.async && !cycleEdges.has(e)).map((e) => e.to))];
        const want = nodes.map((x) => {
          const memo = new Map<string, boolean>();
          const ok = (id: string): boolean => {
            if (memo.has(id)) return memo.get(id)!;
            const c = topo.components.get(id)!;
            const callees = hardCallees(id);
            const r = id !== x.id && (c.kind === 'loadBalancer' && callees.length >= 2 ? callees.some(ok) : callees.every(ok));
            memo.set(id, r);
            return r;
          };
          return ok('web') ? 0 : 1;
        });
        assert.deepEqual(got, want, `round ${round}:\n${text}`);
      }
    });
  });

  describe('zones', () => {
    it('flags instances all in one zone, at the zones value', () => {
      const text = topology({
        web: { kind: 'client', calls: ['api'] },
        api: { kind: 'service', instances: 3, zones: ['us-east-1a'] },
      });
      const [f] = findingsOf(RULE, text);
      assert.equal(f!.message, "api's 3 instances are all in zone us-east-1a: a zone outage stops all 1,000 rps from web");
      assert.deepEqual(JSON.parse(rangeText(text, f!)), ['us-east-1a']);
      assert.equal(f!.fixes, undefined);
    });

    it('flags a primary and its replicas in one zone', () => {
      const [f] = findingsOf(RULE, withDb({ zones: ['z1'], replication: { replicas: 2, failover: { mode: 'automatic' } } }));
      assert.equal(f!.message, "db's primary and 2 replicas are all in zone z1: a zone outage stops all 1,000 rps from web");
    });
  });

  describe('regions', () => {
    /** A store in us-east behind an API in each of two regions; the store survives a node and a zone. */
    const twoRegions = (db: Record<string, unknown> = {}, euCall: unknown = 'db', extra: Record<string, unknown> = {}) => topology({
      'web-us': { kind: 'client', share: 0.6, region: 'us-east', calls: ['api-us'] },
      'web-eu': { kind: 'client', share: 0.4, region: 'eu-west', calls: ['api-eu'] },
      'api-us': { kind: 'service', region: 'us-east', instances: 2, zones: ['us-east-a', 'us-east-b'], calls: ['db'] },
      'api-eu': { kind: 'service', region: 'eu-west', instances: 2, zones: ['eu-west-a', 'eu-west-b'], calls: [euCall] },
      db: { kind: 'database', region: 'us-east', zones: ['us-east-a', 'us-east-b'], replication: { mode: 'semiSync', replicas: 1, failover: { mode: 'automatic' } }, ...db },
      ...extra,
    });

    it('flags a store in one region that callers in another region depend on, at its region, naming them and their traffic', () => {
      const text = twoRegions();
      const [f, ...rest] = findingsOf(RULE, text);
      assert.equal(rest.length, 0);
      assert.equal(f!.severity, 'warning');
      assert.equal(f!.message, 'db runs only in region us-east: a us-east outage stops the 400 rps that api-eu (eu-west) sends it (40% of its 1,000 rps at peak)');
      assert.deepEqual(f!.path, ['components', 'db', 'region']);
      assert.equal(rangeText(text, f!), '"us-east"');
      assert.deepEqual(f!.related!.map((r) => rangeText(text, r)), ['"eu-west"']);
      assert.deepEqual(f!.data, { rps: 400, share: 0.4, region: 'us-east', callers: 1, regions: 1, instances: 1 });
      assert.equal(f!.fixes, undefined);
    });

    it('takes the rates from the load model: a call\'s share and fan-out', () => {
      // api-eu calls db for half its 400 requests, three times each: 600 calls/s, beside api-us's 600.
      const [f] = findingsOf(RULE, twoRegions({}, { to: 'db', share: 0.5, fanout: 3 }));
      assert.equal(f!.message, 'db runs only in region us-east: a us-east outage stops the 600 rps that api-eu (eu-west) sends it (50% of its 1,200 rps at peak)');
      assert.equal(f!.data!.rps, 600);
      assert.equal(f!.data!.share, 0.5);
    });

    it('names callers in several other regions, each with its region', () => {
      const text = twoRegions({}, 'db', {
        'web-us': { kind: 'client', share: 0.4, region: 'us-east', calls: ['api-us'] },
        'web-ap': { kind: 'client', share: 0.2, region: 'ap-south', calls: ['api-ap'] },
        'api-ap': { kind: 'service', region: 'ap-south', instances: 2, zones: ['ap-south-a', 'ap-south-b'], calls: ['db'] },
        jobs: { kind: 'service', region: 'eu-west', instances: 2, zones: ['eu-west-a', 'eu-west-b'], calls: [{ to: 'db', op: 'write' }] },
        'api-eu': { kind: 'service', region: 'eu-west', instances: 2, zones: ['eu-west-a', 'eu-west-b'], calls: ['db', 'jobs'] },
      });
      const [f] = findingsOf(RULE, text);
      // Biggest first: api-eu 400 rps, api-ap 200, jobs the 40 writes/s of api-eu's requests it passes on; api-us sends 400 more.
      assert.equal(f!.message, 'db runs only in region us-east: a us-east outage stops the 640 rps that api-eu (eu-west), api-ap (ap-south) and jobs (eu-west) send it (61.5% of its 1,040 rps at peak)');
      assert.deepEqual(f!.related!.map((r) => r.message), ['caller in eu-west whose requests depend on db', 'caller in ap-south whose requests depend on db', 'caller in eu-west whose requests depend on db']);
      assert.equal(f!.data!.callers, 3);
      assert.equal(f!.data!.regions, 2);
    });

    it('names the first three callers and counts the rest', () => {
      const workers = Object.fromEntries([1, 2, 3, 4, 5].map((k) => [`worker-${k}`, { kind: 'service', region: `r${k}`, instances: 2, zones: [`r${k}a`, `r${k}b`], calls: [{ to: 'db', share: k / 10 }] }]));
      const text = twoRegions({}, 'db', { 'api-eu': { kind: 'service', region: 'eu-west', instances: 2, zones: ['eu-west-a', 'eu-west-b'], calls: ['db', ...Object.keys(workers)] }, ...workers });
      const [f] = findingsOf(RULE, text);
      // api-eu sends 400 rps to db and to each worker; worker-k passes k/10 of them on.
      assert.equal(f!.message, 'db runs only in region us-east: a us-east outage stops the 1,000 rps that api-eu (eu-west), worker-5 (r5), worker-4 (r4) and 3 more callers send it (62.5% of its 1,600 rps at peak)');
      assert.equal(f!.related!.length, 6);
    });

    it('says nothing when every caller is in the store\'s own region', () => {
      const text = twoRegions({}, 'db', {
        'web-eu': { kind: 'client', share: 0.4, region: 'us-east', calls: ['api-eu'] },
        'api-eu': { kind: 'service', region: 'us-east', instances: 2, zones: ['us-east-a', 'us-east-b'], calls: ['db'] },
      });
      assert.deepEqual(findingsOf(RULE, text), []);
    });

    it('says nothing about regions that are not declared: a store or a caller without one, zones alone', () => {
      // Zone names are free-form: "us-east-a" and "eu-west-a" imply no region.
      assert.deepEqual(findingsOf(RULE, twoRegions({ region: undefined, zones: ['us-east-a', 'eu-west-a'] })), []);
      const text = twoRegions({}, 'db', { 'api-eu': { kind: 'service', instances: 2, zones: ['eu-west-a', 'eu-west-b'], calls: ['db'] } });
      assert.deepEqual(findingsOf(RULE, text), []);
    });

    it('leaves alone a store sharded geographically over several regions', () => {
      const sharded = { sharding: { strategy: 'geographic', shards: 4, regions: ['us-east', 'eu-west'], key: { field: 'country', cardinality: 200 } } };
      assert.deepEqual(findingsOf(RULE, twoRegions(sharded)), []);
    });

    it('reports the smaller failure domain only: one instance, or one zone, before one region', () => {
      const [one, ...rest] = findingsOf(RULE, twoRegions({ replication: undefined, zones: undefined }));
      assert.equal(rest.length, 0);
      assert.deepEqual(one!.path, ['components', 'db']);
      const [zone] = findingsOf(RULE, twoRegions({ zones: ['us-east-a'] }));
      assert.deepEqual(zone!.path, ['components', 'db', 'zones']);
    });

    it('does not count callers that do not fail with it: async calls', () => {
      assert.deepEqual(findingsOf(RULE, twoRegions({}, { to: 'db', async: true })), []);
    });

    it('looks through a load balancer without a region to its callers, sharing its traffic out', () => {
      const text = topology({
        'web-us': { kind: 'client', share: 0.75, region: 'us-east', calls: ['lb'] },
        'web-eu': { kind: 'client', share: 0.25, region: 'eu-west', calls: ['lb'] },
        lb: { kind: 'loadBalancer', instances: 2, zones: ['a', 'b'], healthCheck: { interval: '1s', timeout: '1s' }, calls: ['api'] },
        api: { kind: 'service', region: 'us-east', instances: 3, zones: ['us-east-a', 'us-east-b'] },
      });
      const [f, ...rest] = findingsOf(RULE, text);
      assert.equal(rest.length, 0);
      assert.equal(f!.message, 'api runs only in region us-east: a us-east outage stops the 250 rps that web-eu (eu-west) sends it (25% of its 1,000 rps at peak)');
      assert.deepEqual(f!.related!.map((r) => rangeText(text, r)), ['"eu-west"']);
      // A balancer that declares its region is a caller of its own: it is the one flagged.
      const regional = text.replace('"kind": "loadBalancer",', '"kind": "loadBalancer",\n      "region": "us-east",');
      assert.deepEqual(findingsOf(RULE, regional).map((g) => g.path), [['components', 'lb', 'region']]);
    });

    it('does not count a balancer\'s callers when it has another pool to route to', () => {
      const text = topology({
        'web-us': { kind: 'client', share: 0.75, region: 'us-east', calls: ['lb'] },
        'web-eu': { kind: 'client', share: 0.25, region: 'eu-west', calls: ['lb'] },
        lb: { kind: 'loadBalancer', instances: 2, zones: ['a', 'b'], healthCheck: { interval: '1s', timeout: '1s' }, calls: ['api-us', 'api-eu'] },
        'api-us': { kind: 'service', region: 'us-east', instances: 3, zones: ['us-east-a', 'us-east-b'] },
        'api-eu': { kind: 'service', region: 'eu-west', instances: 3, zones: ['eu-west-a', 'eu-west-b'] },
      });
      assert.deepEqual(findingsOf(RULE, text), []);
    });

    it('shows region names with invisible characters escaped, so look-alikes are told apart', () => {
      const text = twoRegions({ region: 'us-east\u200b' }, 'db', { 'api-us': { kind: 'service', region: 'us-east\u200b', instances: 2, zones: ['us-east-a', 'us-east-b'], calls: ['db'] } });
      // A look-alike is another region: web-us in "us-east" depends on api-us in "us-east\u200b", and the message tells them apart.
      const [api, db] = findingsOf(RULE, text);
      assert.equal(api!.message, 'api-us runs only in region "us-east\\u200b": a "us-east\\u200b" outage stops the 600 rps that web-us (us-east) sends it (100% of its 600 rps at peak)');
      assert.equal(db!.message, 'db runs only in region "us-east\\u200b": a "us-east\\u200b" outage stops the 400 rps that api-eu (eu-west) sends it (40% of its 1,000 rps at peak)');
    });
  });

  describe('manual failover', () => {
    it('flags replicas without automatic failover, at the failover mode', () => {
      const text = withDb({ replication: { replicas: 2, failover: { mode: 'manual' } } });
      const [f] = findingsOf(RULE, text);
      assert.equal(f!.message, 'db is a single point of failure: all 1,000 rps from web depend on its primary, and failover is manual: writes stop until someone promotes a replica; failing over automatically with async replication can lose acknowledged writes, which semi-sync replication avoids');
      // Semi-sync replicas hold every acknowledged write: automatic failover loses nothing, and the message says nothing of it.
      const [g] = findingsOf(RULE, withDb({ replication: { mode: 'semiSync', replicas: 2, failover: { mode: 'manual' } } }));
      assert.equal(g!.message, 'db is a single point of failure: all 1,000 rps from web depend on its primary, and failover is manual: writes stop until someone promotes a replica');
      assert.deepEqual(g!.fixes!.map((x) => x.title), ['Fail db over automatically']);
      assert.equal(rangeText(text, f!), '"manual"');
    });

    it('says what is declared: "no failover is declared" without a failover block, "failover is disabled" for mode "none"', () => {
      // Regression: a store with replicas and no failover block was said to have manual failover, which nothing declared.
      const undeclared = findingsOf(RULE, withDb({ replication: { mode: 'semiSync', replicas: 2 } }));
      assert.equal(undeclared[0]!.message, 'db is a single point of failure: all 1,000 rps from web depend on its primary, and no failover is declared: writes stop until someone promotes a replica');
      assert.equal(undeclared[0]!.data!.failover, 'none');
      const disabled = findingsOf(RULE, withDb({ replication: { mode: 'semiSync', replicas: 2, failover: { mode: 'none' } } }));
      assert.equal(disabled[0]!.message, 'db is a single point of failure: all 1,000 rps from web depend on its primary, and failover is disabled: writes stop until someone promotes a replica');
    });

    it('counts only the writes when replicas serve the reads', () => {
      const text = withDb({ replication: { replicas: 2, readsFrom: 'replicas' } });
      const [f] = findingsOf(RULE, text);
      assert.equal(f!.message, "db is a single point of failure: the 100 writes/s (10% of web's requests) that reach it depend on its primary, and no failover is declared: writes stop until someone promotes a replica; failing over automatically with async replication can lose acknowledged writes, which semi-sync replication avoids");
      assert.equal(rangeText(text, f!), '"replication"');
      // Read-only traffic does not need the primary.
      assert.deepEqual(flagged(withDb({ replication: { replicas: 2, readsFrom: 'replicas', failover: { mode: 'manual' } } }, { to: 'db', op: 'read' })), []);
    });
  });

  describe('fixes', () => {
    it('a second instance for services, caches, queues and directories', () => {
      const text = topology({
        web: { kind: 'client', calls: ['api'] },
        api: { kind: 'service', calls: ['cache', 'dir', 'q'] },
        cache: { kind: 'cache', calls: [{ to: 'q', op: 'write' }] },
        dir: { kind: 'directory', instances: 1 },
        q: { kind: 'queue' },
      });
      assert.deepEqual(flagged(text), ['api', 'cache', 'dir', 'q']);
      assert.equal(assertEveryFixClears(RULE, text), 4);
      assert.equal(findingsOf(RULE, text)[0]!.fixes![0]!.title, 'Run 2 instances of api');
    });

    it('two semi-synchronous replicas with automatic failover for a database', () => {
      const text = withDb({ instances: 1 });
      assert.equal(findingsOf(RULE, text)[0]!.fixes![0]!.title, 'Add 2 semi-synchronous replicas of db with automatic failover (a write waits for the first of the two)');
      assert.equal(assertEveryFixClears(RULE, text), 1);
      const [f] = findingsOf(RULE, withDb({ replication: { replicas: 0 } }));
      assert.equal(f!.fixes!.length, 1);
      assert.equal(assertEveryFixClears(RULE, withDb({ replication: { replicas: 0 } })), 1);
      assert.equal(assertEveryFixClears(RULE, withDb({ replication: { replicas: 0, failover: { mode: 'manual' } } })), 1);
    });

    it('automatic failover where replicas exist: with semi-sync replication (preferred) where async replicas would lose writes', () => {
      const text = withDb({ replication: { replicas: 2, failover: { mode: 'manual' } } });
      assert.deepEqual(findingsOf(RULE, text)[0]!.fixes!.map((x) => [x.title, x.preferred]), [
        ['Fail db over automatically, with semi-sync replication (a promoted replica has every acknowledged write)', true],
        ['Fail db over automatically (async replication: each failover can lose acknowledged writes)', false],
      ]);
      assert.equal(assertEveryFixClears(RULE, text), 2);
      assert.equal(assertEveryFixClears(RULE, withDb({ replication: { replicas: 2, readsFrom: 'replicas' } })), 2);
      const oneLine = '{"version":1,"name":"x","workload":{"peakRps":10},"components":{"c":{"kind":"client","calls":["db"]},"db":{"kind":"database","replication":{"replicas":1}}}}';
      assert.equal(findingsOf(RULE, oneLine)[0]!.fixes![0]!.title, 'Fail db over automatically, with semi-sync replication to 2 replicas (a promoted replica has every acknowledged write)');
      assert.equal(assertEveryFixClears(RULE, oneLine), 2);
    });
  });

  it('survives call cycles and self-calls', () => {
    const text = topology({
      web: { kind: 'client', calls: ['a'] },
      a: { kind: 'service', instances: 2, calls: ['b', 'a'] },
      b: { kind: 'service', instances: 2, calls: ['a', 'db'] },
      db: { kind: 'database' },
    });
    assert.deepEqual(flagged(text), ['db']);
  });

  it('handles a long chain and a wide fan-out behind a balancer', function () {
    this.timeout(20_000);
    const chain: Record<string, unknown> = { web: { kind: 'client', calls: ['s0'] } };
    for (let i = 0; i < 5000; i++) chain[`s${i}`] = { kind: 'service', calls: i + 1 < 5000 ? [`s${i + 1}`] : [] };
    const run = (text: string) => {
      const { topology: topo, locator, load } = checkText(text);
      return single_point_of_failure.run({ topology: topo!, locator, text, load: load! });
    };
    assert.equal(run(topology(chain)).length, 5000); // past the pipeline's cap of reported findings
    const fan: Record<string, unknown> = { web: { kind: 'client', calls: ['lb'] }, lb: { kind: 'loadBalancer', instances: 2, healthCheck: { interval: '1s', timeout: '1s' }, calls: [] as string[] }, db: { kind: 'database' } };
    for (let i = 0; i < 5000; i++) {
      (fan.lb as { calls: string[] }).calls.push(`p${i}`);
      fan[`p${i}`] = { kind: 'service', calls: ['db'] };
    }
    assert.deepEqual(flagged(topology(fan)), ['db']);
    // A region behind a long chain of balancers without one: found through all of them, without recursion.
    const lbs: Record<string, unknown> = {
      web: { kind: 'client', region: 'eu-west', calls: ['b0'] },
      db: { kind: 'database', region: 'us-east', instances: 2 },
    };
    for (let i = 0; i < 5000; i++) lbs[`b${i}`] = { kind: 'loadBalancer', instances: 2, healthCheck: { interval: '1s', timeout: '1s' }, calls: [i + 1 < 5000 ? `b${i + 1}` : 'db'] };
    const [f] = run(topology(lbs)).filter((g) => g.path[1] === 'db');
    assert.equal(f!.message, 'db runs only in region us-east: a us-east outage stops the 1,000 rps that web (eu-west) sends it (100% of its 1,000 rps at peak)');
  });
});
