/**
 * Headroom's cost on the validation pipeline, 500 components.
 *
 * - The analytic headroom (every component's multiple, in saturation order)
 *   against the pipeline: at most 20% of it.
 * - The headroom rule runs only when the file declares `workload.growth`: the
 *   pipeline with a plausible 10× declared against the same file without a
 *   target, at most 20% more.
 * - The worst case, for information and a looser bound: a target (1,000×)
 *   every tier falls short of, so that each gets a sized move (shards
 *   measured at candidate counts): the computation alone against the
 *   pipeline (at most half of it), and the pipeline with that target, where
 *   every tier also becomes a finding with a message and a Quick Fix
 *   (findings cost the pipeline about what the capacity rule's cost on the
 *   same tiers).
 */
import { checkText } from '../../src/core/check';
import { headroomOf } from '../../src/core/load/headroom';
import { headroomPlan } from '../../src/core/load/headroomPlan';
import { generateTopology } from './generateTopology';
import { type Batch, type BenchSuite, compare, type Figure, pipeline } from './harness';

const COMPONENTS = 500;
/** Calls per timed batch, as the analysis suite times its 500-component pipeline. */
const CALLS_PER_BATCH = 10;
const PAIRS = 21;
/** Headroom may add at most this share to the pipeline. */
const ADDED = 0.2;
/** A move sized for every tier may cost at most this share of the pipeline. */
const EVERY_TIER = 0.5;

/** The generated topology with `workload.growth` declared. */
function withGrowth(text: string, growth: number): string {
  const grown = text.replace('"workload": { "peakRps": 50000,', `"workload": { "peakRps": 50000, "growth": ${growth},`);
  if (grown === text) throw new Error('the generated workload changed: update headroomBench');
  return grown;
}

/** The headroom suite. */
export const headroomSuite: BenchSuite = {
  name: 'headroom',
  run() {
    const figures: Figure[] = [];
    const text = generateTopology(COMPONENTS);
    for (const growth of [10, 1000]) {
      const grown = withGrowth(text, growth);
      const findings = checkText(grown).findings.filter((f) => f.ruleId === 'headroom').length;
      const { baselineNs, candidateNs, ratio } = compare(pipeline(text), pipeline(grown), CALLS_PER_BATCH, PAIRS);
      figures.push({
        name: `pipeline with growth ${growth} / without, ${COMPONENTS} components`,
        value: ratio,
        unit: 'x',
        ...(growth === 10 ? { budget: { max: 1 + ADDED } } : {}),
        detail: `${findings} headroom findings; without ${(baselineNs / 1e6).toFixed(1)} ms, with ${(candidateNs / 1e6).toFixed(1)} ms`,
      });
    }
    // The computations alone, on a fresh model object per call (the loads shared) so that nothing of an earlier call is reused.
    const checked = checkText(text, { rules: [] });
    const topology = checked.topology!;
    const load = checked.load!;
    const multiples: Batch = (ops) => {
      let n = 0;
      for (let i = 0; i < ops; i++) n += headroomOf(topology, { ...load }).order.length;
      return n;
    };
    let moves = 0;
    const everyTier: Batch = (ops) => {
      let n = 0;
      for (let i = 0; i < ops; i++) {
        moves = headroomPlan(topology, { ...load }, 1000).order.filter((s) => s.move).length;
        n += moves + 1;
      }
      return n;
    };
    const analytic = compare(pipeline(text), multiples, CALLS_PER_BATCH, PAIRS);
    figures.push({
      name: `analytic headroom / pipeline, ${COMPONENTS} components`,
      value: analytic.ratio,
      unit: 'x',
      budget: { max: ADDED },
      detail: `${headroomOf(topology, load).order.length} multiples; pipeline ${(analytic.baselineNs / 1e6).toFixed(1)} ms, headroom ${(analytic.candidateNs / 1e6).toFixed(3)} ms`,
    });
    const worst = compare(pipeline(text), everyTier, CALLS_PER_BATCH, PAIRS);
    figures.push({
      name: `headroom with a move for every tier (1,000×) / pipeline, ${COMPONENTS} components`,
      value: worst.ratio,
      unit: 'x',
      budget: { max: EVERY_TIER },
      detail: `${moves} moves sized; pipeline ${(worst.baselineNs / 1e6).toFixed(1)} ms, headroom ${(worst.candidateNs / 1e6).toFixed(2)} ms`,
    });
    return figures;
  },
};
