/**
 * `scale simulate` run as a process: the text and JSON layouts, exit codes,
 * byte-identical output for a seed, usage errors and files that do not
 * validate.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pct } from '../../src/core/scenario/figures';
import { runFileScenarios } from '../../src/core/whatIf/whatIf';
import { file } from '../unit/sim/scenarioHelpers';

const ROOT = path.resolve(__dirname, '../..');
const SCALE = [path.join(ROOT, 'bin', 'scale.js'), 'simulate'];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function simulate(args: string[], cwd = ROOT): Run {
  const r = spawnSync(process.execPath, [...SCALE, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scale simulate (process)', function () {
  this.timeout(120_000);
  let dir: string;
  const write = (name: string, content: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-simulate-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints each scenario\'s outcome and budgets as text, and exits 0 when every budget holds', () => {
    const r = simulate(['examples/url-shortener.scale.json']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '', 'no progress output when stderr is not a terminal');
    const out = r.stdout;
    assert.match(out, /^examples\/url-shortener\.scale\.json: 4 scenarios\n/);
    assert.match(out, /Scenario 1\/4: primary dies under write load {2}\(2 min, seed 7\)/);
    assert.match(out, /failover {5}urls#0 \(shard 0 of 64\) killed at 30 s \(async, 2 replicas, automatic failover\)/);
    assert.match(out, /write downtime 15 s \(detection 10 s \+ promotion 5 s\)/);
    assert.match(out, /held {5}lostWrites: measured \d+, budget 50/);
    assert.match(out, /shards {7}urls 64 -> 65 \(consistentHash\): 1\.66% of keys moved \(exact\)/);
    assert.match(out, /busiest shard [\d.]+x the mean \(shard \d+/);
    assert.match(out, /#3 turns slow \(5 s per request\) at 20 s: taken out at/);
    assert.match(out, /first to saturate: api \(request rate\) at 88,670 rps/);
    assert.match(out, /stale reads {2}urls: [\d.]+% of reads/);
    assert.match(out, /\n5 budgets: 5 held, 0 violated\n$/);
  });

  it('says how far past capacity a tier ran while instances were out, the figure the diagram heats it with', () => {
    // Three API servers of 400 rps at 3,000 rps, one killed: the two left carry it all (375%), the tier as declared is at 250%.
    const text = file(
      {
        clients: { kind: 'client', calls: ['lb'] },
        lb: { kind: 'loadBalancer', instances: 2, healthCheck: { interval: '2s', unhealthyThreshold: 3, timeout: '500ms' }, calls: ['api'] },
        api: { kind: 'service', instances: 3, capacity: { rps: 400, latency: '20ms' } },
      },
      [{ name: 'api overloaded', workload: { peakRps: 3000 }, faults: [{ at: '5s', kill: 'api#0' }] }],
      { workload: { peakRps: 900, readFraction: 0.5 } },
    );
    const r = simulate([write('killed.scale.json', text), '--seed', '1']);
    assert.equal(r.status, 0, r.stderr);
    const drawn = runFileScenarios(text, 1).overlays[0]!.components.find((c) => c.component === 'api')!.load.utilization!;
    assert.ok(Math.abs(drawn - 3000 / 800) < 1e-3, `${drawn}`);
    assert.match(r.stdout, /busiest: api at 250%/);
    assert.ok(r.stdout.includes(`api at ${pct(drawn)} over the instances left while some were out of rotation, `), r.stdout);
  });

  it('exits 1 when a budget is violated, naming it', () => {
    const r = simulate(['examples/startup.scale.json']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /VIOLATED lostWrites: measured \d+, budget 0 - violated/);
    assert.match(r.stdout, /VIOLATED writeDowntime: measured 60 s, budget 5 s - violated/);
    assert.match(r.stdout, /VIOLATED keysMovedFraction: measured 98\.5%, budget 5% - violated/);
    assert.match(r.stdout, /3 budgets: 0 held, 3 violated/);
  });

  it('--format json prints the results; the same seed gives byte-identical output, another seed different figures', () => {
    const a = simulate(['examples/ecommerce.scale.json', '--format', 'json', '--seed', '3']);
    const b = simulate(['examples/ecommerce.scale.json', '--format', 'json', '--seed', '3']);
    assert.equal(a.status, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
    const parsed = JSON.parse(a.stdout) as { file: string; seed: number; scenarios: { seed: number; budgets: unknown[] }[] };
    assert.equal(parsed.file, 'examples/ecommerce.scale.json');
    assert.equal(parsed.seed, 3);
    assert.deepEqual(parsed.scenarios.map((s) => s.seed), [3, 3, 3]);
    const c = simulate(['examples/ecommerce.scale.json', '--format', 'json', '--seed', '4']);
    assert.notEqual(c.stdout, a.stdout);
    const text1 = simulate(['examples/payments.scale.json']);
    const text2 = simulate(['examples/payments.scale.json']);
    assert.equal(text1.stdout, text2.stdout);
  });

  it('a scenario\'s own seed wins over --seed, which seeds only the scenarios that name none', () => {
    const own = JSON.parse(simulate(['examples/url-shortener.scale.json', '--format', 'json']).stdout) as { scenarios: { seed: number }[] };
    const given = JSON.parse(simulate(['examples/url-shortener.scale.json', '--format', 'json', '--seed', '3']).stdout) as { seed: number; scenarios: { seed: number }[] };
    // The first scenario declares seed 7; the others declare none.
    assert.deepEqual(given.scenarios.map((s) => s.seed), [7, 3, 3, 3]);
    assert.deepEqual(given.scenarios[0], own.scenarios[0]);
    assert.equal(given.seed, 3);
  });

  it('--scenario runs one scenario by name; an unknown name is a usage error listing the names', () => {
    const r = simulate(['examples/payments.scale.json', '--scenario', 'ledger primary dies']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /: 1 scenario of 2\n/);
    assert.match(r.stdout, /Scenario 2\/2: ledger primary dies/);
    assert.doesNotMatch(r.stdout, /Europe cut off/);
    const bad = simulate(['examples/payments.scale.json', '--scenario', 'nope']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /has no scenario named "nope"; its scenarios: "Europe cut off from the US", "ledger primary dies"/);
  });

  it('exits 2 on usage and I/O errors, with a message on stderr', () => {
    for (const args of [[], ['a.scale.json', 'b.scale.json'], ['missing.scale.json'], ['examples/payments.scale.json', '--format', 'xml'], ['examples/payments.scale.json', '--seed', '-1'], ['examples/payments.scale.json', '--seed', 'x'], ['examples/payments.scale.json', '--bogus']]) {
      const r = simulate(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.match(r.stderr, /^scale simulate: /, args.join(' '));
      assert.equal(r.stdout, '');
    }
  });

  it('exits 2 on a file that does not validate, printing its findings', () => {
    write('bad.scale.json', JSON.stringify({ version: 1, name: 'bad', workload: { peakRps: 10 }, components: { web: { kind: 'client', calls: ['apj'] }, api: { kind: 'service' } }, scenarios: [{ name: 's', faults: [{ at: '1s', kill: 'api' }] }] }, null, 2));
    const r = simulate(['bad.scale.json'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /bad\.scale\.json does not validate/);
    assert.match(r.stderr, /bad\.scale\.json:\d+:\d+ error unknown-reference calls names "apj"/);
    write('broken.scale.json', '{ "version": 1, ');
    assert.equal(simulate(['broken.scale.json'], dir).status, 2);
  });

  it('a file with no scenarios has nothing to simulate and exits 0; names from the file stay on one line', () => {
    write('calm.scale.json', JSON.stringify({ version: 1, name: 'calm', workload: { peakRps: 10 }, components: { web: { kind: 'client', calls: ['api'] }, api: { kind: 'service' } } }));
    const r = simulate(['calm.scale.json'], dir);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, 'calm.scale.json declares no scenarios: nothing to simulate\n');
    write('odd.scale.json', JSON.stringify({ version: 1, name: 'odd', workload: { peakRps: 10 }, components: { web: { kind: 'client', calls: ['api'] }, api: { kind: 'service', instances: 2 } }, scenarios: [{ name: 'line\nbreak ::error x', faults: [{ at: '1s', kill: 'api#1' }] }] }));
    const o = simulate(['odd.scale.json'], dir);
    assert.equal(o.status, 0, o.stderr);
    assert.match(o.stdout, /Scenario 1\/1: line\\u000abreak ::error x/);
  });

  // Regression (fixed): a year at 10^9 rps printed "28,442,003,040,000,056 failed": every digit of the
  // double, well past what a computation in doubles can vouch for. Past 2^53, figures are written with
  // at most 15 significant digits; the budget's finding in `scale check` writes them the same way.
  it('figures past 2^53 are written with at most 15 significant digits, never as an exponent', () => {
    write('huge.scale.json', JSON.stringify({
      version: 1, name: 'huge', workload: { peakRps: 1e9 },
      components: { web: { kind: 'client', calls: ['api'] }, api: { kind: 'service', instances: 3, capacity: { rps: 1e9 }, calls: ['db'] }, db: { kind: 'database' } },
      scenarios: [{ name: 'a year', duration: '365d', faults: [{ at: '1s', kill: 'db' }], expect: { failedRequests: 10 } }],
    }));
    const r = simulate(['huge.scale.json'], dir);
    assert.equal(r.status, 1, r.stderr);
    const check = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'scale.js'), 'check', 'huge.scale.json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.match(r.stdout, /requests {5}31,536,000,000,000,000: /);
    for (const out of [r.stdout, check.stdout]) {
      assert.doesNotMatch(out, /\de\+\d/, out);
      const past = (out.match(/\d{1,3}(?:,\d{3})+/g) ?? []).map((n) => n.replaceAll(',', '')).filter((d) => BigInt(d) > 2n ** 53n);
      assert.ok(past.length > 0, out);
      for (const d of past) assert.ok(d.replace(/0+$/, '').length <= 15, `${d} has more than 15 significant digits in:\n${out}`);
    }
  });
});
