/**
 * The saturation chart's data against the headroom it draws: on every
 * example, each line at each multiple is the headroom's utilization of that
 * component's busiest node times the multiple, and crosses 100% at the
 * headroom's multiple (within ±1%); the lines are the first to saturate, the
 * rest named in words; past the load model's cap, the line is the model
 * recomputed, as the headroom's bisection reads it.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../../src/core/check';
import { headroomOf } from '../../../src/core/load/headroom';
import { SATURATION_LINES, SATURATION_SIMULATED, saturationCurve, simulatedMultiples } from '../../../src/core/load/saturationCurve';
import { saturationRows, saturationSummary } from '../../../src/core/load/saturationText';
import { computeTraffic } from '../../../src/core/load/traffic';
import { runSaturation } from '../../../src/core/whatIf/whatIf';
import { EXAMPLES_DIR, importsOf } from '../../support/exampleImports';
import { topology } from '../analysis/harness';

const EXAMPLES = fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.scale.json')).sort();

/** The x at which a sampled line first reaches 1, interpolated between the samples around it. */
function crossing(xs: readonly number[], ys: readonly (number | null)[]): number | undefined {
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i]!;
    if (y < 1) continue;
    if (i === 0) return xs[0];
    const [x0, y0] = [xs[i - 1]!, ys[i - 1]!];
    return x0 + ((1 - y0) * (xs[i]! - x0)) / (y - y0);
  }
  return undefined;
}

describe('saturation curve', () => {
  for (const name of EXAMPLES) {
    it(`${name}: each line is the headroom's utilization times the multiple, and crosses 100% at the headroom's multiple`, () => {
      const file = path.join(EXAMPLES_DIR, name);
      const checked = checkText(fs.readFileSync(file, 'utf8'), { rules: [], imports: importsOf(file) });
      const h = headroomOf(checked.topology!, checked.load!);
      const c = saturationCurve(checked.topology!, checked.load!);
      assert.deepEqual(c.lines.map((l) => l.id), h.order.slice(0, SATURATION_LINES).map((s) => s.id), 'the first to saturate, in order');
      assert.deepEqual(c.later.map((l) => l.id), h.order.slice(SATURATION_LINES).map((s) => s.id));
      assert.ok(c.multiples[0]! <= 1 && c.multiples[0]! <= c.lines[0]!.multiple);
      assert.ok(c.multiples.at(-1)! > Math.max(c.target, c.lines.at(-1)!.multiple), 'past the target and the last drawn saturation');
      for (const l of c.lines) {
        const s = h.order.find((x) => x.id === l.id)!;
        assert.equal(l.today, s.utilization);
        c.multiples.forEach((m, i) => {
          const u = l.utilization[i]!;
          assert.ok(Math.abs(u - s.utilization * m) <= 1e-9 * Math.max(1, u), `${l.id} at ${m}×: ${u}, the headroom's ${s.utilization * m}`);
        });
        const x = crossing(c.multiples, l.utilization)!;
        assert.ok(Math.abs(x - s.multiple) <= 0.01 * s.multiple, `${l.id} crosses 100% at ${x}×, the headroom's ${s.multiple}×`);
      }
      const sim = simulatedMultiples(c);
      assert.ok(sim.length > 0 && sim.length <= SATURATION_SIMULATED);
      for (const m of [...c.lines.map((l) => l.multiple), c.target]) assert.ok(sim.includes(m), `${m}× is simulated`);
      assert.equal(saturationRows(c).length, c.lines.length);
    });
  }

  it('on the social feed: the hottest instances first, the rest in words, the target the default 10×', () => {
    const file = path.join(EXAMPLES_DIR, 'social-feed.scale.json');
    const checked = checkText(fs.readFileSync(file, 'utf8'), { rules: [], imports: importsOf(file) });
    const c = saturationCurve(checked.topology!, checked.load!);
    assert.deepEqual([c.target, c.targetFrom], [10, 'default']);
    assert.deepEqual(saturationRows(c)[0], ['feed-api', '1.8×', '55.6%', '555.6%']);
    assert.match(saturationSummary(c), /^feed-api saturates first, at 1\.8× today's peak \(180,000 rps\); then auth at 2×, fanout-worker at 2\.67×, .*\. \d+ more saturate later, from [\d.]+× \(\S+\) to [\d.]+× \(\S+\): not drawn\./);
  });

  it('a store is drawn by its hottest shard, not its mean', () => {
    const text = topology({
      web: { kind: 'client', calls: ['db'] },
      db: { kind: 'database', capacity: { rps: 1000 }, sharding: { strategy: 'consistentHash', shards: 8, key: { field: 'user_id', cardinality: 1000 } } },
    }, { workload: { peakRps: 2000, readFraction: 0.9, keys: { distribution: 'zipf', exponent: 1.2, cardinality: 1000 } } });
    const checked = checkText(text, { rules: [] });
    const c = saturationCurve(checked.topology!, checked.load!);
    const mean = 2000 / 8 / 1000;
    assert.ok(c.lines[0]!.today > 1.5 * mean, `hottest shard ${c.lines[0]!.today} against a mean of ${mean}`);
  });

  it('past the load model\'s cap, a line is the model recomputed at the multiple', () => {
    const text = topology({
      web: { kind: 'client', calls: ['hub'] },
      hub: { kind: 'service', instances: 1000, capacity: { rps: 1e10 }, calls: [{ to: 'sink', fanout: 1000 }] },
      sink: { kind: 'service', instances: 1000 },
    }, { workload: { peakRps: 1e11, readFraction: 0.9 } });
    const checked = checkText(text, { rules: [] });
    const c = saturationCurve(checked.topology!, checked.load!);
    const hub = c.lines.find((l) => l.id === 'hub')!;
    // 100× saturates it; the sink's 1,000-fold fan-out reaches the cap past 10×.
    assert.ok(Math.abs(hub.multiple - 100) < 1e-6, String(hub.multiple));
    const i = c.multiples.length - 1;
    assert.ok(c.multiples[i]! > 100);
    const recomputed = computeTraffic(checked.topology!, 1e11 * c.multiples[i]!).loads.get('hub')!.utilization[0]!.value;
    assert.equal(hub.utilization[i], recomputed);
  });

  it('a design with no capacity declared draws no line and runs no simulation; the words say why', () => {
    const text = topology({ web: { kind: 'client', calls: ['api'] }, api: { kind: 'service', instances: 2 } });
    const run = runSaturation(text, 1);
    assert.deepEqual([run.curve.lines, run.points], [[], []]);
    assert.equal(saturationSummary(run.curve), 'No component declares a capacity that load reaches: nothing saturates as the workload grows.');
  });
});
