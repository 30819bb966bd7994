/**
 * Accepted risks through `scale check` run as a process: accepted findings
 * are reported, counted apart and never fail the gates; SARIF carries them
 * as suppressed with their reason (valid under sarif-multitool); hostile
 * reasons stay text in every format.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runScale } from '../support/cliProcess';

const ROOT = path.resolve(__dirname, '../..');
const SARIF_MULTITOOL = path.join(ROOT, 'node_modules', '.bin', 'sarif-multitool');
const { parseStringPromise } = require('xml2js') as { parseStringPromise(xml: string, options: { strict: boolean }): Promise<any> };

const REASON = '≤ 50 writes per failover agreed with payments, see ADR-12';
/** Markup, a script end tag, a workflow command after a line break, a bidi override. */
const HOSTILE = '<img src=x onerror=alert(1)></script>\n::error file=x::pwned\u202e & "quoted"';

/**
 * A store with async failover (an async-failover-data-loss warning) and a
 * scenario that misses its budget (a scenario-budget error); `accepted` as given.
 */
function design(accepted?: unknown[]): string {
  return JSON.stringify({
    version: 1,
    name: 'links',
    workload: { peakRps: 1000, readFraction: 0.5 },
    components: {
      web: { kind: 'client', calls: ['api'] },
      api: { kind: 'service', instances: 2, calls: ['urls'] },
      urls: { kind: 'database', instances: 2, replication: { mode: 'async', replicas: 1, lag: { p50: '50ms', p99: '200ms' }, failover: { mode: 'automatic' } } },
    },
    scenarios: [{ name: 'urls primary dies', faults: [{ at: '10s', kill: 'urls' }], expect: { lostWrites: 0 } }],
    ...(accepted ? { accepted } : {}),
  }, null, 2) + '\n';
}

/** The 1-based line of the first entry of `accepted` (its opening brace) in a design's text. */
const entryLine = (text: string) => text.split('\n').findIndex((l) => l.includes('"rule": "async-failover-data-loss"'));

const BOTH = [
  { rule: 'async-failover-data-loss', component: 'urls', reason: REASON },
  { rule: 'scenario-budget', scenario: 'urls primary dies', reason: HOSTILE },
];

describe('scale check with accepted risks (process)', function () {
  this.timeout(120_000);
  let dir: string;
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-accepted-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('accepted findings fail no gate (--fail-on, --max-warnings); the same findings not accepted do', () => {
    write('open.scale.json', design());
    write('accepted.scale.json', design(BOTH));
    for (const gate of [[], ['--fail-on', 'warning'], ['--fail-on', 'info'], ['--max-warnings', '0']]) {
      assert.equal(runScale(['check', 'open.scale.json', ...gate], dir).status, 1, `open, ${gate.join(' ')}`);
      const r = runScale(['check', 'accepted.scale.json', ...gate], dir);
      assert.equal(r.status, 0, `accepted, ${gate.join(' ')}: ${r.stdout}${r.stderr}`);
    }
  });

  it('text: each accepted finding on its line with its reason on the same line, counted apart in the summary', () => {
    write('accepted.scale.json', design(BOTH));
    const r = runScale(['check', 'accepted.scale.json'], dir);
    // Findings and the summary (related locations are indented, notes on what was not judged too).
    const lines = r.stdout.trimEnd().split('\n').filter((l) => !l.startsWith(' '));
    assert.equal(lines.length, 3, r.stdout);
    assert.match(lines[0]!, /^accepted\.scale\.json:\d+:\d+ accepted async-failover-data-loss async failover of urls can lose .* — accepted: ≤ 50 writes per failover agreed with payments, see ADR-12$/);
    assert.match(lines[1]!, /^accepted\.scale\.json:\d+:\d+ accepted scenario-budget Scenario "urls primary dies": lostWrites: .* — accepted: <img src=x onerror=alert\(1\)><\/script>\\u000a::error file=x::pwned\u202e & "quoted"$/);
    assert.equal(lines[2], '0 errors, 0 warnings, 0 infos, 2 accepted in 1 file');
    // --quiet shows errors only, and an accepted error is none; the summary still counts what it hides.
    assert.equal(runScale(['check', 'accepted.scale.json', '--quiet'], dir).stdout, '0 errors, 0 warnings, 0 infos, 2 accepted in 1 file (only errors shown: --quiet)\n');
  });

  it('json: `accepted` with the reason and where the entry is; totals count accepted findings apart', () => {
    const text = design(BOTH);
    write('accepted.scale.json', text);
    const out = JSON.parse(runScale(['check', 'accepted.scale.json', '--format', 'json'], dir).stdout);
    assert.deepEqual(out.totals, { errors: 0, warnings: 0, infos: 0, accepted: 2, omitted: 0, files: 1 });
    const [failover, budget] = out.files[0].findings;
    assert.equal(failover.severity, 'warning');
    assert.deepEqual(failover.accepted, { reason: REASON, path: ['accepted', 0], line: entryLine(text), column: 5 });
    assert.equal(text.split('\n')[entryLine(text) - 1]!.trim(), '{');
    assert.equal(budget.accepted.reason, HOSTILE);
  });

  it('sarif: accepted findings are results suppressed in source with the reason, and the log validates with sarif-multitool', () => {
    const text = design([...BOTH, { rule: 'capacity', component: 'api', reason: 'x'.repeat(1000) }]);
    write('accepted.scale.json', text);
    const out = path.join(dir, 'accepted.sarif');
    const r = runScale(['check', 'accepted.scale.json', '--format', 'sarif', '--output', out], dir);
    assert.equal(r.status, 0, r.stderr);
    const v = spawnSync(SARIF_MULTITOOL, ['validate', out], { encoding: 'utf8' });
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.doesNotMatch(v.stdout, /: error /, v.stdout);
    const results = JSON.parse(fs.readFileSync(out, 'utf8')).runs[0].results;
    const byRule = (id: string) => results.filter((x: { ruleId: string }) => x.ruleId === id);
    const [failover] = byRule('async-failover-data-loss');
    assert.equal(failover.level, 'warning');
    assert.equal(failover.suppressions.length, 1);
    assert.deepEqual({ ...failover.suppressions[0], location: undefined }, { kind: 'inSource', status: 'accepted', justification: REASON, location: undefined });
    assert.equal(failover.suppressions[0].location.physicalLocation.artifactLocation.uri, 'accepted.scale.json');
    assert.equal(failover.suppressions[0].location.physicalLocation.region.startLine, entryLine(text));
    assert.equal(byRule('scenario-budget')[0].suppressions[0].justification, HOSTILE);
    // The stale entry is an open result, with no suppression.
    const [stale] = byRule('stale-acceptance');
    assert.equal(stale.suppressions, undefined);
    assert.equal(stale.level, 'warning');
  });

  it('github, junit and gitlab: an accepted finding is no annotation, no failure and no issue', async () => {
    write('accepted.scale.json', design(BOTH));
    const github = runScale(['check', 'accepted.scale.json', '--format', 'github'], dir).stdout;
    assert.equal(github, 'scale: 0 errors, 0 warnings, 0 infos, 2 accepted in 1 file.\n');
    const junit = await parseStringPromise(runScale(['check', 'accepted.scale.json', '--format', 'junit'], dir).stdout, { strict: true });
    const suite = junit.testsuites.testsuite[0];
    assert.equal(junit.testsuites.$.failures, '0');
    assert.deepEqual([suite.$.tests, suite.$.failures, suite.$.skipped], ['2', '0', '2']);
    assert.deepEqual(suite.testcase.map((t: any) => t.skipped[0].$.message), [`accepted: ${REASON}`, `accepted: ${HOSTILE}`]);
    assert.deepEqual(JSON.parse(runScale(['check', 'accepted.scale.json', '--format', 'gitlab'], dir).stdout), []);
  });
});
