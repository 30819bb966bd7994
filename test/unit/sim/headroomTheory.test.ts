/**
 * Headroom against the simulation: each example's components, run through
 * the what-if simulation with the workload scaled to 95% and to 105% of the
 * growth multiple headroom gives them. Stated tolerance: saturation within
 * ±5% of the multiple: under it, the component is under capacity and refuses
 * nothing; over it, the simulated run has it past capacity, refusing the
 * excess (unless a component that saturates earlier, in front of it, already
 * refuses and so thins what reaches it). The saturation chart's simulated
 * points (the function the panel's worker and the report run) are held to
 * the same tolerance against the chart's analytic lines.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../../src/core/check';
import { headroomOf } from '../../../src/core/load/headroom';
import { saturationCurve, simulatedMultiples } from '../../../src/core/load/saturationCurve';
import { saturationPoints } from '../../../src/core/scenario/saturationPoints';
import { runWhatIf } from '../../../src/core/whatIf/whatIf';
import { EXAMPLES, exampleFiles } from './scenarioHelpers';
import { importSnapshotOf, importsOf } from '../../support/exampleImports';

/** The stated tolerance on the multiple. */
const TOLERANCE = 0.05;

describe('headroom against the what-if simulation (theory)', function () {
  this.timeout(120_000);

  for (const name of exampleFiles()) {
    it(`${name}: every component saturates in the simulation within ±${TOLERANCE * 100}% of its multiple`, () => {
      const file = path.join(EXAMPLES, name);
      const text = fs.readFileSync(file, 'utf8');
      // An example's imports read beside it, as scale headroom reads them; the what-if gets them as the panel does.
      const checked = checkText(text, { rules: [], imports: importsOf(file) });
      const snapshot = importSnapshotOf(file, text);
      const h = headroomOf(checked.topology!, checked.load!);
      assert.ok(h.order.length > 0);
      const multipleOf = new Map(h.order.map((s) => [s.id, s.multiple]));
      for (const s of h.order) {
        const at = (factor: number) => {
          const r = runWhatIf(text, { seed: 1, workload: { peakRps: h.peakRps * s.multiple * factor } }, snapshot).result;
          return { tiers: r.capacity.tiers, tier: r.capacity.tiers.find((t) => t.component === s.id)!, rejected: r.requests.total.rejected };
        };
        const under = at(1 - TOLERANCE);
        assert.ok(under.tier.utilization < 1, `${s.id} at ${1 - TOLERANCE} of ${s.multiple}×: ${under.tier.utilization}`);
        assert.equal(under.tier.rejectedFraction, 0, `${s.id} refuses under its multiple`);
        if (s === h.order[0]) assert.equal(under.rejected, 0, 'nothing saturates before the first');
        const over = at(1 + TOLERANCE);
        assert.ok(over.tier.utilization > 1, `${s.id} at ${1 + TOLERANCE} of ${s.multiple}×: ${over.tier.utilization}`);
        const thinned = over.tiers.some((t) => t.rejectedFraction > 0 && multipleOf.get(t.component)! < s.multiple);
        assert.ok(over.tier.rejectedFraction > 0 || thinned, `${s.id} refuses nothing past its multiple`);
        if (s === h.order[0]) assert.ok(over.tier.rejectedFraction > 0 && over.rejected > 0, 'the first refuses requests past its multiple');
      }
    });
  }

  for (const name of exampleFiles()) {
    it(`${name}: the saturation chart's simulated points saturate each drawn component within ±${TOLERANCE * 100}% of its multiple, and follow its line`, () => {
      const file = path.join(EXAMPLES, name);
      const checked = checkText(fs.readFileSync(file, 'utf8'), { rules: [], imports: importsOf(file) });
      const topology = checked.topology!;
      const curve = saturationCurve(topology, checked.load!);
      const ids = curve.lines.map((l) => l.id);
      const around = curve.lines.flatMap((l) => [l.multiple * (1 - TOLERANCE), l.multiple * (1 + TOLERANCE)]);
      const points = saturationPoints(topology, ids, around, 1);
      assert.equal(points.length, around.length);
      curve.lines.forEach((l, i) => {
        const [under, over] = [points[2 * i]!.utilization[i]!, points[2 * i + 1]!.utilization[i]!];
        assert.ok(under < 1, `${l.id} at ${1 - TOLERANCE} of ${l.multiple}×: ${under}`);
        // A line drawn earlier saturates first and may refuse what would reach this one.
        const thinned = curve.lines.slice(0, i).some((e) => e.multiple < l.multiple) && points[2 * i + 1]!.rejected > 0;
        assert.ok(over > 1 || thinned, `${l.id} at ${1 + TOLERANCE} of ${l.multiple}×: ${over}`);
      });
      // Where nothing has saturated yet, every measured point is on its line within the tolerance; past that, at most on it.
      const xs = simulatedMultiples(curve);
      const measured = saturationPoints(topology, ids, xs, 1);
      measured.forEach((p) => {
        const k = curve.multiples.indexOf(p.multiple);
        curve.lines.forEach((l, i) => {
          const line = l.utilization[k]!;
          const u = p.utilization[i]!;
          if (p.multiple < curve.lines[0]!.multiple) assert.ok(Math.abs(u - line) <= TOLERANCE * line, `${l.id} at ${p.multiple}×: ${u} against ${line}`);
          else assert.ok(u <= line * (1 + TOLERANCE), `${l.id} at ${p.multiple}×: ${u} past ${line}`);
        });
      });
    });
  }
});
