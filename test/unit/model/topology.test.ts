import assert from 'node:assert/strict';
import { checkText } from '../../../src/core/check';
import type { JsonPath } from '../../../src/core/findings';
import { instancesOf, parseTarget } from '../../../src/core/model/topology';
import { createLanguageService } from '../../../src/core/service/languageService';
import { blockingFindings } from '../../../src/core/sim/simulable';
import { applyFirstFix, assertClean, assertFinding, byRule, check, doc, lastRangeOf, rangeOf, show, single } from './helpers';

describe('topology: resolution and cross-field checks', () => {
  describe('the resolved graph', () => {
    it('ids that are Object.prototype members (toString, hasOwnProperty, valueOf) are ordinary ids', () => {
      const text = doc(
        '"toString":{"kind":"client","calls":["hasOwnProperty",{"to":"valueOf","share":0.5}]},' +
        '"hasOwnProperty":{"kind":"service","instances":2,"calls":["valueOf"]},' +
        '"valueOf":{"kind":"database"}',
        ',"scenarios":[{"name":"s","faults":[{"at":0,"kill":"hasOwnProperty#1"},{"at":0,"slow":"valueOf","latency":"1s"}]}]',
      );
      const r = assertClean(text);
      const t = r.topology!;
      assert.deepEqual([...t.components.keys()], ['toString', 'hasOwnProperty', 'valueOf']);
      assert.deepEqual(t.edges.map((e) => `${e.from}->${e.to}`), ['toString->hasOwnProperty', 'toString->valueOf', 'hasOwnProperty->valueOf']);
      assert.deepEqual(t.components.get('valueOf')!.callers.map((e) => e.from), ['toString', 'hasOwnProperty']);
      assert.deepEqual(t.entryPoints, ['toString']);
      assert.deepEqual(t.scenarios[0]!.faults.map((f) => f.target), [
        { component: 'hasOwnProperty', instance: 1 },
        { component: 'valueOf', instance: undefined },
      ]);
    });

    it('string and object calls become edges with defaults filled in', () => {
      const text = doc('"web":{"kind":"client","calls":["api",{"to":"q","share":0.1,"fanout":3,"op":"write","async":true}]},"api":{"kind":"service"},"q":{"kind":"queue"}');
      const t = assertClean(text).topology!;
      assert.deepEqual(t.edges.map(({ path: _p, ...e }) => e), [
        { from: 'web', to: 'api', share: 1, fanout: 1, op: 'mixed', async: false },
        { from: 'web', to: 'q', share: 0.1, fanout: 3, op: 'write', async: true },
      ]);
      assert.deepEqual(t.edges.map((e) => e.path), [['components', 'web', 'calls', 0], ['components', 'web', 'calls', 1]]);
    });

    it('a self-loop and a call cycle are accepted (the simulation bounds them)', () => {
      const t = assertClean(doc('"a":{"kind":"service","calls":["a","b"]},"b":{"kind":"service","calls":["a"]}')).topology!;
      assert.equal(t.edges.length, 3);
    });

    it('entry points: the clients; without clients, the components nothing calls', () => {
      assert.deepEqual(assertClean(doc('"a":{"kind":"service","calls":["b"]},"b":{"kind":"database"},"c":{"kind":"cache"}')).topology!.entryPoints, ['a', 'c']);
    });

    it('instance counts: the declared count, 1 by default and for clients', () => {
      const t = assertClean(doc('"web":{"kind":"client"},"api":{"kind":"service","instances":8},"db":{"kind":"database"}')).topology!;
      assert.deepEqual([...t.components.values()].map((c) => c.instances), [1, 8, 1]);
      assert.equal(instancesOf(t.components.get('web')!.data), 1);
    });

    it('durations are milliseconds in the topology', () => {
      const text = doc(
        '"lb":{"kind":"loadBalancer","healthCheck":{"interval":"500ms","timeout":1500}},' +
        '"q":{"kind":"queue","retention":"7d"},"c":{"kind":"cache","ttl":"1h"},' +
        '"d":{"kind":"database","replication":{"replicas":2,"lag":{"p50":"5ms","p99":"1.5s"}}}',
        ',"scenarios":[{"name":"a","duration":"2m","faults":[{"at":"30s","kill":"lb"},{"at":2500,"restore":"lb"}]},{"name":"b"}]',
      );
      const t = assertClean(text).topology!;
      const lb = t.components.get('lb')!.data as { healthCheck: { interval: number; timeout: number } };
      assert.equal(lb.healthCheck.interval, 500);
      assert.equal(lb.healthCheck.timeout, 1500);
      assert.equal((t.components.get('q')!.data as { retention: number }).retention, 7 * 86_400_000);
      assert.equal((t.components.get('c')!.data as { ttl: number }).ttl, 3_600_000);
      assert.deepEqual((t.components.get('d')!.data as { replication: { lag: unknown } }).replication.lag, { p50: 5, p99: 1500 });
      assert.equal(t.scenarios[0]!.data.duration, 120_000);
      assert.deepEqual(t.scenarios[0]!.data.faults.map((f) => f.at), [30_000, 2500]);
      assert.equal(t.scenarios[1]!.data.duration, 60_000); // the default
    });

    it('the rules section becomes rule settings', () => {
      const t = assertClean(doc('"c":{"kind":"client"}', ',"rules":{"hot-key":"off","capacity":"error"}')).topology!;
      assert.deepEqual([...t.ruleSettings], [['hot-key', 'off'], ['capacity', 'error']]);
    });

    it('parseTarget: "id", "id#n", and "#" forms that are not instance numbers', () => {
      assert.deepEqual(parseTarget('api'), { component: 'api', instance: undefined });
      assert.deepEqual(parseTarget('api#3'), { component: 'api', instance: 3 });
      assert.deepEqual(parseTarget('api#x'), { component: 'api#x', instance: undefined });
      assert.deepEqual(parseTarget('api#-1'), { component: 'api#-1', instance: undefined });
      assert.deepEqual(parseTarget('#1'), { component: '#1', instance: undefined });
      assert.deepEqual(parseTarget('a#b#2'), { component: 'a#b', instance: 2 });
    });
  });

  describe('unknown references, with did-you-mean fixes', () => {
    const cases: [string, string, string, string][] = [
      ['a string call', '"web":{"kind":"client","calls":["apu"]},"api":{"kind":"service"}', '"apu"', 'api'],
      ['an object call', '"web":{"kind":"client","calls":[{"to":"apu","share":0.5}]},"api":{"kind":"service"}', '"apu"', 'api'],
      ['sessionStore', '"api":{"kind":"service","state":"external","sessionStore":"sesions"},"sessions":{"kind":"cache"}', '"sesions"', 'sessions'],
      ['fronts', '"c":{"kind":"cache","fronts":"url"},"urls":{"kind":"database"}', '"url"', 'urls'],
      ['sharding.directory', '"d":{"kind":"database","sharding":{"strategy":"directory","shards":2,"directory":"shard-dir"}},"shard-dirs":{"kind":"directory"}', '"shard-dir"', 'shard-dirs'],
    ];
    for (const [label, components, token, guess] of cases) {
      it(`${label}: at the value, did-you-mean "${guess}", and the fix resolves it`, () => {
        const text = doc(components);
        const f = single(text);
        assertFinding(f, 'unknown-reference', rangeOf(text, token), new RegExp(`${token}.*did you mean "${guess}"\\?`));
        assert.equal(f.severity, 'error');
        assert.deepEqual(f.fixes?.[0]?.edits, [{ ...rangeOf(text, token), newText: `"${guess}"` }]);
        assertClean(applyFirstFix(text, f));
      });
    }

    it('no close id: no fix', () => {
      const text = doc('"web":{"kind":"client","calls":["zzzzzz"]},"api":{"kind":"service"}');
      const f = single(text);
      assertFinding(f, 'unknown-reference', rangeOf(text, '"zzzzzz"'), /"zzzzzz"/);
      assert.equal(f.fixes, undefined);
    });

    it('an unresolved call leaves no edge', () => {
      const r = check(doc('"web":{"kind":"client","calls":["nope","api"]},"api":{"kind":"service"}'));
      assert.equal(byRule(r, 'unknown-reference').length, 1);
      assert.deepEqual(r.topology!.edges.map((e) => e.to), ['api']);
    });

    it('a directory that is not a directory component: at the value', () => {
      const text = doc('"d":{"kind":"database","sharding":{"strategy":"directory","shards":2,"directory":"x"}},"x":{"kind":"cache"}');
      assertFinding(single(text), 'schema', { offset: text.indexOf('"directory":"x"') + '"directory":'.length, length: 3 }, /"x" is a cache, not a directory/);
    });

    // Regression (fixed): a reference with an invisible character is reported with the character
    // printed raw and not named: 'calls names "api\u200b", which is not a
    // component; did you mean "api"?' reads as '"api" ... did you mean "api"?'.
    // Ids get 'contains invisible characters (U+200B ZERO WIDTH SPACE)'; a
    // reference should say the same.
    it('a reference with a zero-width character names the character', () => {
      const text = doc('"api":{"kind":"service"},"web":{"kind":"client","calls":["api\u200b"]}');
      const f = single(text);
      assertFinding(f, 'unknown-reference', rangeOf(text, '"api\u200b"'), /U\+200B/);
      assertClean(applyFirstFix(text, f));
    });
  });

  describe('fault targets', () => {
    const comps = '"api":{"kind":"service","instances":3},"db":{"kind":"database","sharding":{"strategy":"range","shards":2}}';
    const withFaults = (faults: string): string => doc(comps, `,"scenarios":[{"name":"scenario","faults":[${faults}]}]`);

    it('kill / slow / restore an unknown component: did-you-mean, and the fix resolves it', () => {
      for (const action of ['kill', 'slow', 'restore']) {
        const text = withFaults(`{"at":"1s","${action}":"apj"}`);
        const f = single(text);
        assertFinding(f, 'unknown-reference', rangeOf(text, '"apj"'), /"apj".*did you mean "api"/);
        assert.deepEqual(f.path, ['scenarios', 0, 'faults', 0, action]);
        assertClean(applyFirstFix(text, f));
      }
    });

    it('"api#9" past the instance count: at the value, with the count', () => {
      const text = withFaults('{"at":"1s","kill":"api#9"}');
      const f = single(text);
      assertFinding(f, 'unknown-reference', rangeOf(text, '"api#9"'), /api has 3 instances \(#0 to #2\); there is no #9/);
      assert.equal(check(text).topology!.scenarios[0]!.faults[0]!.target, undefined);
    });

    it('"api#3" is one past the last instance; "api#2" and "api#0" resolve', () => {
      const bad = withFaults('{"at":0,"kill":"api#3"}');
      assertFinding(single(bad), 'unknown-reference', rangeOf(bad, '"api#3"'), /no #3/);
      const t = assertClean(withFaults('{"at":0,"kill":"api#2"},{"at":0,"restore":"api#0"},{"at":0,"kill":"db"}')).topology!;
      assert.deepEqual(t.scenarios[0]!.faults.map((f) => f.target), [
        { component: 'api', instance: 2 },
        { component: 'api', instance: 0 },
        { component: 'db', instance: undefined },
      ]);
    });

    it('malformed instance suffixes are unknown targets', () => {
      const text = withFaults('{"at":0,"kill":"api#x"},{"at":0,"kill":"api#-1"},{"at":0,"kill":"#1"}');
      const r = check(text);
      assert.deepEqual(r.findings.map((f) => f.range), [rangeOf(text, '"api#x"'), rangeOf(text, '"api#-1"'), rangeOf(text, '"#1"')], show(r.findings));
      assert.ok(r.findings.every((f) => f.ruleId === 'unknown-reference'));
    });

    it('addShards on an unsharded store: at the target', () => {
      const text = withFaults('{"at":0,"addShards":{"target":"api","count":1}}');
      assertFinding(single(text), 'schema', lastRangeOf(text, '"api"'), /api is not sharded: addShards needs a component with "sharding"/);
    });

    it('addShards / removeShards on a sharded store resolve; an unknown one gets did-you-mean', () => {
      const t = assertClean(withFaults('{"at":0,"addShards":{"target":"db","count":1}},{"at":0,"removeShards":{"target":"db","count":1}}')).topology!;
      assert.deepEqual(t.scenarios[0]!.faults.map((f) => f.target?.component), ['db', 'db']);
      const text = withFaults('{"at":0,"removeShards":{"target":"dbx","count":1}}');
      const f = single(text);
      assertFinding(f, 'unknown-reference', rangeOf(text, '"dbx"'), /did you mean "db"/);
      assertClean(applyFirstFix(text, f));
    });

    it('partition sides: regions, zones and component ids are known; unknown names are reported at each name', () => {
      const zoned = '"api":{"kind":"service","region":"us-east","zones":["us-east-1a","us-east-1b"]},"db":{"kind":"database","region":"eu-west"}';
      assertClean(doc(zoned, ',"scenarios":[{"name":"p","faults":[{"at":0,"partition":{"between":[["us-east","us-east-1a"],["eu-west","db"]]}}]}]'));
      const text = doc(zoned, ',"scenarios":[{"name":"p","faults":[{"at":0,"partition":{"between":[["us-eas","mars"],["db"]]}}]}]');
      const r = check(text);
      assert.equal(r.findings.length, 2, show(r.findings));
      assertFinding(r.findings[0], 'unknown-reference', rangeOf(text, '"us-eas"'), /did you mean "us-east"/);
      assert.deepEqual(r.findings[0]!.path, ['scenarios', 0, 'faults', 0, 'partition', 'between', 0, 0]);
      assertFinding(r.findings[1], 'unknown-reference', rangeOf(text, '"mars"'), /"mars".*region, zone or component/);
      assert.equal(r.findings[1]!.fixes, undefined);
      assertClean(applyFirstFix(text, r.findings[0]!).replace('"mars"', '"us-east-1b"'));
    });

    it('zone and region outages: a fault names a declared zone or region; an unknown one is reported at its name with did-you-mean among places of its kind', () => {
      const zoned = '"api":{"kind":"service","region":"us-east","zones":["us-east-1a","us-east-1b"]},"db":{"kind":"database","region":"eu-west"}';
      const faults = (list: string) => doc(zoned, `,"scenarios":[{"name":"z","faults":[${list}]}]`);
      const ok = assertClean(faults('{"at":0,"kill":{"zone":"us-east-1a"}},{"at":"5s","restore":{"zone":"us-east-1a"}},{"at":0,"kill":{"region":"eu-west"}}'));
      assert.deepEqual(ok.topology!.scenarios[0]!.faults.map((f) => [f.place, f.target]), [
        [{ kind: 'zone', name: 'us-east-1a' }, undefined],
        [{ kind: 'zone', name: 'us-east-1a' }, undefined],
        [{ kind: 'region', name: 'eu-west' }, undefined],
      ]);
      const text = faults('{"at":0,"kill":{"zone":"us-east-1x"}},{"at":0,"restore":{"region":"eu-wset"}},{"at":0,"kill":{"zone":"mars"}},{"at":0,"kill":{"zone":"eu-west"}}');
      const r = check(text);
      assert.equal(r.findings.length, 4, show(r.findings));
      assertFinding(r.findings[0], 'unknown-reference', rangeOf(text, '"us-east-1x"'), /The kill fault's zone names "us-east-1x", which is not a zone of any component; did you mean "us-east-1a"\?/);
      assert.deepEqual(r.findings[0]!.path, ['scenarios', 0, 'faults', 0, 'kill', 'zone']);
      assertFinding(r.findings[1], 'unknown-reference', rangeOf(text, '"eu-wset"'), /which is not the region of any component; did you mean "eu-west"\?/);
      assertFinding(r.findings[2], 'unknown-reference', rangeOf(text, '"mars"'), /"mars", which is not a zone of any component/);
      assert.equal(r.findings[2]!.fixes, undefined);
      // A region named as a zone: said so, with the fix to the right key left to the writer.
      assertFinding(r.findings[3], 'unknown-reference', rangeOf(text, '"eu-west"', 1), /"eu-west" is a region, not a zone: write \{ "region": "eu-west" \}/);
      assertClean(applyFirstFix(applyFirstFix(text, r.findings[0]!), check(applyFirstFix(text, r.findings[0]!)).findings[0]!).replace('"mars"', '"us-east-1b"').replace('{"zone":"eu-west"}', '{"region":"eu-west"}'));
    });

    it('a zone or region fault has exactly one of zone and region', () => {
      const zoned = '"api":{"kind":"service","region":"r","zones":["z"]}';
      const both = check(doc(zoned, ',"scenarios":[{"name":"z","faults":[{"at":0,"kill":{"zone":"z","region":"r"}}]}]'));
      assert.ok(both.findings.some((f) => f.ruleId === 'schema'), show(both.findings));
      const none = check(doc(zoned, ',"scenarios":[{"name":"z","faults":[{"at":0,"kill":{}}]}]'));
      assert.ok(none.findings.some((f) => f.ruleId === 'schema'), show(none.findings));
    });

    it('completion offers the declared zones at a fault\'s "zone" and the declared regions at its "region"', () => {
      const zoned = '"api":{"kind":"service","region":"us-east","zones":["us-east-1a","us-east-1b"]},"db":{"kind":"database","region":"eu-west","zones":["eu-west-1a"]}';
      const service = createLanguageService();
      const labels = (key: string) => {
        const text = doc(zoned, `,"scenarios":[{"name":"z","faults":[{"at":0,"kill":{"${key}":""}}]}]`);
        const at = text.indexOf(`"${key}":""`) + key.length + 4;
        return service.completions({ uri: 'file:///z.scale.json', version: 1, text }, at).map((c) => c.label);
      };
      assert.deepEqual(labels('zone'), ['eu-west-1a', 'us-east-1a', 'us-east-1b']);
      assert.deepEqual(labels('region'), ['eu-west', 'us-east']);
    });

    // Regression (fixed): the did-you-mean fix of a fault target with an instance suffix drops
    // the suffix: for "apl#1" the fix is 'Change to "api"' and replaces the whole
    // value with "api", so applying it kills instance #0 instead of #1. Expected
    // the fix to write "api#1".
    it('the did-you-mean fix of "apl#1" keeps the instance: "api#1"', () => {
      const text = withFaults('{"at":0,"kill":"apl#1"}');
      const f = single(text);
      assertFinding(f, 'unknown-reference', rangeOf(text, '"apl#1"'), /did you mean "api#1"/);
      assert.deepEqual(f.fixes?.[0]?.edits, [{ ...rangeOf(text, '"apl#1"'), newText: '"api#1"' }]);
    });

    // Regression (fixed): when an earlier scenario is invalid, validate.ts prunes it from the
    // array, so the later scenarios shift down one index. resolveTopology then
    // reports the unknown target "cc" of scenario 1 at the path
    // scenarios[0].faults[0].kill -- which resolves to scenario 0's text: the
    // finding lands on the "faults" key of the *first* scenario, and its fix
    // ('Change to "c"') overwrites that key, corrupting the file. The topology's
    // ScenarioNode.index and path are wrong the same way (duplicate-name related
    // locations too).
    it('findings of a scenario after an invalid one are at that scenario\'s own text', () => {
      const text = doc('"c":{"kind":"client"}', ',"scenarios":[{"name":"","faults":[]},{"name":"b","faults":[{"at":0,"kill":"cc"}]}]');
      const r = check(text);
      assert.equal(r.findings.length, 2, show(r.findings));
      assertFinding(r.findings[0], 'schema', rangeOf(text, '""'), /name/);
      assertFinding(r.findings[1], 'unknown-reference', rangeOf(text, '"cc"'), /did you mean "c"/);
      assert.deepEqual(r.findings[1]!.path, ['scenarios', 1, 'faults', 0, 'kill']);
      assert.deepEqual(r.topology!.scenarios.map((s) => s.index), [1]);
    });
  });

  describe('cross-field checks', () => {
    const cases: [string, string, (text: string) => { offset: number; length: number }, RegExp][] = [
      ['state "external" without sessionStore: at the state value',
        '"api":{"kind":"service","state":"external"}', (t) => rangeOf(t, '"external"'), /sessionStore/],
      ['sessionStore with state "stateless": at the sessionStore key',
        '"api":{"kind":"service","sessionStore":"s"},"s":{"kind":"cache"}', (t) => rangeOf(t, '"sessionStore"'), /applies when state is "external"/],
      ['leaderless without quorum: at the topology value',
        '"d":{"kind":"database","replication":{"topology":"leaderless","replicas":2}}', (t) => rangeOf(t, '"leaderless"'), /needs "quorum"/],
      ['quorum r > n: at r',
        '"d":{"kind":"database","replication":{"topology":"leaderless","replicas":2,"quorum":{"n":3,"r":4,"w":2}}}', (t) => rangeOf(t, '4'), /quorum\.r = 4 is more than n = 3/],
      ['quorum w > n: at w',
        '"d":{"kind":"database","replication":{"topology":"leaderless","replicas":2,"quorum":{"n":3,"r":2,"w":5}}}', (t) => rangeOf(t, '5'), /quorum\.w = 5 is more than n = 3/],
      ['quorum with a single leader: at the quorum key',
        '"d":{"kind":"database","replication":{"replicas":2,"quorum":{"n":3,"r":2,"w":2}}}', (t) => rangeOf(t, '"quorum"'), /applies to topology "leaderless"/],
      ['leaders without multiLeader: at the leaders key',
        '"d":{"kind":"database","replication":{"replicas":2,"leaders":2}}', (t) => rangeOf(t, '"leaders"'), /applies to topology "multiLeader"/],
      ['lag p99 < p50: at p99',
        '"d":{"kind":"database","replication":{"replicas":2,"lag":{"p50":"100ms","p99":"50ms"}}}', (t) => rangeOf(t, '"50ms"'), /p99 \(50 ms\) is below lag\.p50 \(100 ms\)/],
      ['semiSyncTimeout without semiSync: at the key',
        '"d":{"kind":"database","replication":{"replicas":2,"semiSyncTimeout":"10s"}}', (t) => rangeOf(t, '"semiSyncTimeout"'), /applies to mode "semiSync"/],
      ['directory strategy without directory: at the strategy value',
        '"d":{"kind":"database","sharding":{"strategy":"directory","shards":2}}', (t) => rangeOf(t, '"directory"'), /needs "directory"/],
      ['a directory with another strategy: at the directory key',
        '"d":{"kind":"database","sharding":{"strategy":"range","shards":2,"directory":"x"}},"x":{"kind":"directory"}', (t) => rangeOf(t, '"directory"'), /applies to strategy "directory", not "range"/],
      ['vnodes with range sharding: at the vnodes key',
        '"d":{"kind":"database","sharding":{"strategy":"range","shards":2,"vnodes":10}}', (t) => rangeOf(t, '"vnodes"'), /applies to strategy "consistentHash"/],
      ['more weights than the backend has instances: at the weights',
        '"lb":{"kind":"loadBalancer","algorithm":"weighted","weights":[2,1,1,1],"calls":["api"]},"api":{"kind":"service","instances":3}',
        (t) => rangeOf(t, '[2,1,1,1]'), /lb has 4 weights, but api has 3 instances: give one weight per instance/],
      ['fewer weights than the backend has instances: at the weights',
        '"lb":{"kind":"loadBalancer","algorithm":"weighted","weights":[2,1],"calls":["api"]},"api":{"kind":"service","instances":3}',
        (t) => rangeOf(t, '[2,1]'), /lb has 2 weights, but api has 3 instances: give one weight per instance/],
      ['weights with another algorithm: at the weights key',
        '"lb":{"kind":"loadBalancer","weights":[1],"calls":["api"]},"api":{"kind":"service"}', (t) => rangeOf(t, '"weights"'), /"weights" applies to algorithm "weighted", not "roundRobin"/],
      ['geographic without regions: at the strategy value',
        '"d":{"kind":"database","sharding":{"strategy":"geographic","shards":2}}', (t) => rangeOf(t, '"geographic"'), /needs "regions"/],
    ];
    for (const [label, components, range, message] of cases) {
      it(label, () => {
        const text = doc(components);
        assertFinding(single(text), 'schema', range(text), message);
      });
    }

    it('one weight per instance, some of them 0, is fine', () => {
      assertClean(doc('"lb":{"kind":"loadBalancer","algorithm":"weighted","weights":[2,0,1],"calls":["api"]},"api":{"kind":"service","instances":3}'));
    });

    // Regression (fixed): all-zero weights were accepted, and the scenario run behind the balancer
    // divided by their sum: an internal-error finding ("non-finite figure NaN") instead of a schema one.
    it('every weight 0: a schema error at the weights, and no rule fails', () => {
      const text = doc(
        '"web":{"kind":"client","calls":["lb"]},"lb":{"kind":"loadBalancer","algorithm":"weighted","weights":[0,0,0],"calls":["api"]},"api":{"kind":"service","instances":3}',
        ',"scenarios":[{"name":"s","faults":[{"at":"1s","kill":"api#0"}],"expect":{"failedRequests":10}}]',
      );
      const r = checkText(text);
      assert.deepEqual(r.findings.filter((f) => f.severity === 'error').map((f) => [f.ruleId, f.range, f.message]), [
        ['schema', rangeOf(text, '[0,0,0]'), 'At least one weight must be above 0: with every weight 0, the balancer sends requests nowhere'],
      ], show(r.findings));
    });

    it('r + w equal to n and p99 equal to p50 are fine', () => {
      assertClean(doc('"d":{"kind":"database","replication":{"topology":"leaderless","replicas":2,"quorum":{"n":3,"r":3,"w":3},"lag":{"p50":5,"p99":"5ms"}}}'));
    });

    it('a duplicate scenario name: at the second name, related to the first', () => {
      const text = doc('"c":{"kind":"client"}', ',"scenarios":[{"name":"kill db"},{"name":"kill db"}]');
      const f = single(text);
      assertFinding(f, 'schema', rangeOf(text, '"kill db"', 1), /Duplicate scenario name "kill db"/);
      assert.deepEqual(f.related?.map((r) => r.range), [rangeOf(text, '"kill db"', 0)]);
    });
  });
});

// Regression (fixed): a reference with an escaped TAB, LF or CR ("calls": ["d\nb"]) was dropped with no
// finding: the reader reports other control characters but not these three (they are fine in free text),
// while resolution skipped every reference with a control character "because it was reported". The file
// read as clean, the edge was gone, and the simulation ran a different system. Every reference that
// resolves to nothing now has an error finding at its own place.
describe('every dropped reference has a finding', () => {
  /** Each place a reference can be, with a valid value and its path, in a file where every other place is valid. */
  const places: { name: string; path: JsonPath }[] = [
    { name: 'calls (string)', path: ['components', 'web', 'calls', 0] },
    { name: 'calls (object "to")', path: ['components', 'web', 'calls', 1, 'to'] },
    { name: 'sessionStore', path: ['components', 'api', 'sessionStore'] },
    { name: 'fronts', path: ['components', 'c', 'fronts'] },
    { name: 'sharding.directory', path: ['components', 'd', 'sharding', 'directory'] },
    { name: 'kill', path: ['scenarios', 0, 'faults', 0, 'kill'] },
    { name: 'slow', path: ['scenarios', 0, 'faults', 1, 'slow'] },
    { name: 'restore', path: ['scenarios', 0, 'faults', 2, 'restore'] },
    { name: 'addShards.target', path: ['scenarios', 0, 'faults', 3, 'addShards', 'target'] },
    { name: 'removeShards.target', path: ['scenarios', 0, 'faults', 4, 'removeShards', 'target'] },
    { name: 'partition.between', path: ['scenarios', 0, 'faults', 5, 'partition', 'between', 0, 0] },
  ];
  /** Hostile references, as JSON tokens (a raw lone surrogate cannot come out of JSON.stringify). */
  const hostile: [string, string][] = [
    ...['d\tb', 'd\nb', 'd\rb', 'db\n', '\n', 'd\u0000b', 'd\u0001b', 'd\u001fb', 'd\u007fb', 'd\ud800b', 'db\udc00',
      'd\u200bb', 'd\u202eb', '\ufeffdb', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '',
      ' ', 'x'.repeat(5000), 'db#x', 'api#99\n']
      .map((r): [string, string] => [JSON.stringify(r), JSON.stringify(r)]),
    ['a raw lone surrogate', '"db\ud800"'],
  ];

  /** The fixture with `token` at `path` (every other reference valid). */
  function fixture(path: JsonPath, token: string): string {
    const at = (p: JsonPath, valid: string) => (JSON.stringify(p) === JSON.stringify(path) ? token : JSON.stringify(valid));
    return doc(
      `"web":{"kind":"client","calls":[${at(places[0]!.path, 'api')},{"to":${at(places[1]!.path, 'api')}}]},` +
      `"api":{"kind":"service","state":"external","sessionStore":${at(places[2]!.path, 'c')}},` +
      `"c":{"kind":"cache","fronts":${at(places[3]!.path, 'db')}},` +
      `"d":{"kind":"database","sharding":{"strategy":"directory","shards":2,"directory":${at(places[4]!.path, 'dir')}}},` +
      `"db":{"kind":"database","sharding":{"strategy":"modulo","shards":2}},"dir":{"kind":"directory"}`,
      `,"scenarios":[{"name":"s","faults":[{"at":0,"kill":${at(places[5]!.path, 'db')}},{"at":0,"slow":${at(places[6]!.path, 'api')}},` +
      `{"at":0,"restore":${at(places[7]!.path, 'db')}},{"at":0,"addShards":{"target":${at(places[8]!.path, 'db')},"count":1}},` +
      `{"at":0,"removeShards":{"target":${at(places[9]!.path, 'd')},"count":1}},` +
      `{"at":0,"partition":{"between":[[${at(places[10]!.path, 'web')}],["db"]]}}]}]`,
    );
  }

  it('the fixture with every reference valid is clean', () => {
    assertClean(fixture([], ''));
  });

  for (const [label, token] of hostile) {
    it(`${label.length > 40 ? `${label.slice(0, 40)}…` : label}: an error at its own place, wherever it is`, () => {
      for (const { name, path } of places) {
        const text = fixture(path, token);
        const r = check(text);
        const here = blockingFindings(r.findings).filter((f) => JSON.stringify(f.path) === JSON.stringify(path));
        assert.ok(here.length > 0, `${name}: no error at ${JSON.stringify(path)} (so the simulation would run without it)\n${show(r.findings)}`);
        assert.ok(here.length === 1, `${name}: reported more than once\n${show(here)}`);
        assert.deepEqual(here[0]!.range, r.locator.valueRange(path), `${name}: not at the reference\n${show(here)}`);
      }
    });
  }

  it('a reference with LF names the character and offers the id it looks like', () => {
    const text = doc('"web":{"kind":"client","calls":["d\\nb"]},"db":{"kind":"database"}');
    const f = single(text);
    assertFinding(f, 'unknown-reference', rangeOf(text, '"d\\nb"'), /"d\\nb", which is not a component \(it contains the control character U\+000A\); did you mean "db"\?/);
    assertClean(applyFirstFix(text, f));
  });

  it('a reference with LF to a declared id with LF: an error at each', () => {
    const text = doc('"web":{"kind":"client","calls":["a\\nb"]},"a\\nb":{"kind":"database"}');
    const r = check(text);
    assert.deepEqual(r.findings.map((f) => [f.ruleId, f.range]), [
      ['unknown-reference', rangeOf(text, '"a\\nb"', 0)],
      ['schema', rangeOf(text, '"a\\nb"', 1)],
    ], show(r.findings));
  });

  it('a component id with TAB, LF or CR: an error at the id', () => {
    for (const c of ['\\t', '\\n', '\\r']) {
      const text = doc(`"a${c}b":{"kind":"client"}`);
      assertFinding(single(text), 'schema', rangeOf(text, `"a${c}b"`), /U\+000[9AD]/);
    }
  });
});
