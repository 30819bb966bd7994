/**
 * Headroom against the simulation: each example's components, run through
 * the what-if simulation with the workload scaled to 95% and to 105% of the
 * growth multiple headroom gives them. Stated tolerance: saturation within
 * ±5% of the multiple: under it, the component is under capacity and refuses
 * nothing; over it, the simulated run has it past capacity, refusing the
 * excess (unless a component that saturates earlier, in front of it, already
 * refuses and so thins what reaches it).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../../src/core/check';
import { headroomOf } from '../../../src/core/load/headroom';
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
});
