/**
 * A fix that trades one problem for another says so in its title, and the
 * combined fix is offered, so that following the preferred fixes does not walk
 * around a trade-off one warning at a time: applied, a fix adds no finding but
 * those its title names as a trade-off, and a chain of preferred fixes ends
 * after the combined one.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../../src/core/check';
import { applyEdits, type Finding, type Fix } from '../../../src/core/findings';
import { topology } from './harness';

/** How a fix's title names the finding it knowingly brings, by rule id. */
const TRADE_OFF_WORDS: Readonly<Record<string, RegExp>> = {
  'async-failover-data-loss': /can lose acknowledged writes/,
  'sync-replication-availability': /writes stop/,
  'single-point-of-failure': /stops (reads|writes)|single point of failure/,
  'stale-read': /stale reads/,
  capacity: /capacity/,
};

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const HOSTILE = path.resolve(__dirname, '../../fixtures/webview/hostile-text.scale.json');

/** web -> api (2 instances in 2 zones) -> the component given. */
const behindApi = (id: string, c: Record<string, unknown>, more: Record<string, unknown> = {}) => topology({
  web: { kind: 'client', calls: ['api'] },
  api: { kind: 'service', instances: 2, zones: ['a', 'b'], calls: [id] },
  [id]: c,
  ...more,
});

/** Small files, each with a finding whose obvious fix has a trade-off. */
const FIXTURES: Record<string, string> = {
  'database without replication': behindApi('db', { kind: 'database' }),
  'replicas without failover (async by default)': behindApi('db', { kind: 'database', replication: { replicas: 1 } }),
  'two async replicas, manual failover': behindApi('db', { kind: 'database', replication: { replicas: 2, failover: { mode: 'manual' } } }),
  'semi-sync with a timeout, manual failover': behindApi('db', { kind: 'database', replication: { mode: 'semiSync', semiSyncTimeout: '5s', replicas: 2, failover: { mode: 'manual' } } }),
  'replication block without replicas': behindApi('db', { kind: 'database', replication: { replicas: 0, failover: { mode: 'manual' } } }),
  'sync to one replica, strong reads from replicas': behindApi('db', { kind: 'database', replication: { mode: 'sync', replicas: 1, readsFrom: 'replicas', failover: { mode: 'automatic' } } }),
  'strong reads from async replicas, a primary that cannot take them all': behindApi('db', { kind: 'database', capacity: { rps: 700 }, replication: { replicas: 1, readsFrom: 'any', failover: { mode: 'automatic' } } }),
  'sync to one replica, reads from any node, a primary that cannot take them all': behindApi('db', { kind: 'database', capacity: { rps: 700 }, replication: { mode: 'sync', replicas: 1, readsFrom: 'any', failover: { mode: 'automatic' } } }),
  'leaderless R + W = N': behindApi('db', { kind: 'database', replication: { topology: 'leaderless', replicas: 2, quorum: { n: 3, r: 1, w: 1 }, conflictResolution: 'lastWriteWins' } }),
  'leaderless over two nodes': behindApi('db', { kind: 'database', replication: { topology: 'leaderless', replicas: 1, quorum: { n: 2, r: 1, w: 1 }, conflictResolution: 'lastWriteWins' } }),
  'local sessions and no cache to keep them in': topology({
    web: { kind: 'client', calls: ['lb'] },
    lb: { kind: 'loadBalancer', instances: 2, calls: ['app'], healthCheck: { interval: '2s', timeout: '1s' } },
    app: { kind: 'service', instances: 3, zones: ['a', 'b'], state: 'local', calls: ['db'] },
    db: { kind: 'database', replication: { mode: 'semiSync', replicas: 2, failover: { mode: 'automatic' } } },
  }),
  'local sessions, a one-instance cache to keep them in': topology({
    web: { kind: 'client', calls: ['lb'] },
    lb: { kind: 'loadBalancer', instances: 2, calls: ['app'], healthCheck: { interval: '2s', timeout: '1s' } },
    app: { kind: 'service', instances: 3, zones: ['a', 'b'], state: 'local', calls: ['cache'] },
    cache: { kind: 'cache', instances: 2, hitRatio: 0.5 },
    sessions: { kind: 'cache' },
  }),
};

/** Every file the sweep covers: the examples, the hostile-text fixture and the small files above. */
function files(): [string, string][] {
  const out: [string, string][] = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.scale.json')).sort().map((f) => [f, fs.readFileSync(path.join(EXAMPLES, f), 'utf8')]);
  out.push(['hostile-text.scale.json', fs.readFileSync(HOSTILE, 'utf8')]);
  for (const [name, text] of Object.entries(FIXTURES)) out.push([name, text]);
  return out;
}

const key = (f: Finding) => `${f.ruleId} ${JSON.stringify(f.path)}`;

/** The findings a fix adds: after it, and not (by rule and place) before it. */
function added(text: string, before: Finding[], fix: Fix): Finding[] {
  const had = new Set(before.map(key));
  return checkText(applyEdits(text, fix.edits)).findings.filter((g) => !had.has(key(g)));
}

/** Of the findings a fix adds, those its title does not name as a trade-off. */
function unannounced(fix: Fix, findings: Finding[]): string[] {
  return findings.filter((g) => !TRADE_OFF_WORDS[g.ruleId]?.test(fix.title)).map((g) => `${g.ruleId}: ${g.message}`);
}

describe('fix trade-offs', function () {
  this.timeout(120_000);

  it('every fix on the examples and fixtures adds only findings its title names as a trade-off', () => {
    let fixes = 0;
    const problems: string[] = [];
    for (const [name, text] of files()) {
      const before = checkText(text).findings;
      for (const f of before) {
        for (const fix of f.fixes ?? []) {
          fixes++;
          for (const p of unannounced(fix, added(text, before, fix))) problems.push(`${name}: "${fix.title}" (for ${f.ruleId}) adds ${p}`);
        }
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(fixes >= 20, `only ${fixes} fixes`);
  });

  it('a fix that brings a trade-off is never the preferred one, and its finding says what the trade-off is', () => {
    for (const [name, text] of Object.entries(FIXTURES)) {
      const before = checkText(text).findings;
      for (const f of before) {
        const risky = (f.fixes ?? []).filter((fix) => added(text, before, fix).length > 0);
        for (const fix of risky) assert.notEqual(fix.preferred, true, `${name}: "${fix.title}"`);
      }
    }
    const [spof] = checkText(FIXTURES['two async replicas, manual failover']!).findings.filter((f) => f.ruleId === 'single-point-of-failure');
    assert.match(spof!.message, /failing over automatically with async replication can lose acknowledged writes/);
    const [quorum] = checkText(FIXTURES['leaderless R + W = N']!).findings.filter((f) => f.ruleId === 'quorum-consistency');
    assert.match(quorum!.message, /raising R or W alone to N = 3 stops reads or writes when one node is down/);
    const [stale] = checkText(FIXTURES['strong reads from async replicas, a primary that cannot take them all']!).findings.filter((f) => f.ruleId === 'stale-read');
    assert.match(stale!.message, /; reading from the primary instead would put it at 142.9% of its capacity$/);
    assert.equal(stale!.fixes![0]!.title, 'Read from the primary (it then takes every read: 142.9% of its capacity)');
    const [sync] = checkText(FIXTURES['sync to one replica, reads from any node, a primary that cannot take them all']!).findings.filter((f) => f.ruleId === 'sync-replication-availability');
    assert.match(sync!.message, /; semi-sync replicas can lag, so reads would move to the primary, putting it at 142.9% of its capacity$/);
  });

  for (const name of ['database without replication', 'replicas without failover (async by default)', 'two async replicas, manual failover', 'semi-sync with a timeout, manual failover', 'replication block without replicas', 'leaderless R + W = N', 'leaderless over two nodes', 'local sessions and no cache to keep them in']) {
    it(`${name}: the preferred fixes end after one, with nothing left to fix`, () => {
      let text = FIXTURES[name]!;
      const applied: string[] = [];
      for (let step = 0; step < 5; step++) {
        const fix = checkText(text).findings.flatMap((f) => f.fixes ?? []).find((x) => x.preferred);
        if (!fix) break;
        applied.push(fix.title);
        text = applyEdits(text, fix.edits);
      }
      assert.equal(applied.length, 1, applied.join(' → '));
      assert.deepEqual(checkText(text).findings.filter((f) => f.severity !== 'info').map((f) => `${f.ruleId}: ${f.message}`), []);
    });
  }

  it('the combined fix for replicas without automatic failover is "fail over automatically with semi-sync replication"', () => {
    const [spof] = checkText(FIXTURES['two async replicas, manual failover']!).findings.filter((f) => f.ruleId === 'single-point-of-failure');
    const preferred = spof!.fixes!.find((x) => x.preferred)!;
    assert.match(preferred.title, /^Fail db over automatically, with semi-sync replication/);
    const plain = spof!.fixes!.find((x) => !x.preferred)!;
    assert.match(plain.title, /^Fail db over automatically \(async replication: each failover can lose acknowledged writes\)/);
  });
});
