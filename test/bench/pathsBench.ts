/**
 * Availability and latency's cost on the validation pipeline, 500 components.
 *
 * - The analytic availability and latency of every entry point (zone states,
 *   shared components and read/write outcomes summed over; grids widened to
 *   hold each p99) against the pipeline: at most 20% of it.
 * - The slo rule runs them only when the file declares `slos`: the pipeline
 *   with an availability and a p99 objective on the entry point (met, as a
 *   design's objectives mostly are: no costliest component is searched for)
 *   against the same file without, at most 20% more.
 * - For information: what costs the entry point the most (availability
 *   recomputed with each of the first-ranked components and zones perfect,
 *   latency with their own time 0), which the hover, `scale paths` and a
 *   missed objective ask for.
 * - A component's hover on a DENSE design of 2,000 and 5,000 components, its
 *   models made afresh (the first hover after a check): its path figures and
 *   what it costs the entry point, within HOVER_MS. Past the work each model
 *   allows, costs are first-order estimates, said as such.
 */
import { availabilityOf } from '../../src/core/availability/availability';
import { checkText } from '../../src/core/check';
import { latencyOf } from '../../src/core/latency/latency';
import { componentMarkdown } from '../../src/core/service/languageService';
import { DENSE, generateTopology } from './generateTopology';
import { type Batch, type BenchSuite, compare, type Figure, msPerCall, pipeline } from './harness';

const COMPONENTS = 500;
/** Calls per timed batch, as the analysis suite times its 500-component pipeline. */
const CALLS_PER_BATCH = 10;
const PAIRS = 21;
/** Availability and latency may add at most this share to the pipeline. */
const ADDED = 0.2;
/** A component's hover on a large design, its path figures and costs worked out afresh, answers within this (ms). */
const HOVER_MS = 100;

/** The generated topology with an objective on its entry point. */
function withSlo(text: string): string {
  const out = text.replace('  "components": {', '  "slos": [{ "entry": "web", "availability": 0.99, "p99": "10s" }],\n  "components": {');
  if (out === text) throw new Error('the generated topology changed: update pathsBench');
  return out;
}

/** The paths suite. */
export const pathsSuite: BenchSuite = {
  name: 'paths',
  run() {
    const figures: Figure[] = [];
    const text = generateTopology(COMPONENTS);
    const checked = checkText(text, { rules: [] });
    const topology = checked.topology!;
    const load = checked.load!;
    // A fresh model object per call (the loads shared), so that nothing of an earlier call is reused.
    const analytic: Batch = (ops) => {
      let n = 0;
      for (let i = 0; i < ops; i++) {
        const model = { ...load };
        n += availabilityOf(topology, model).entries().length + latencyOf(topology, model).entries().length;
      }
      return n;
    };
    const a = compare(pipeline(text), analytic, CALLS_PER_BATCH, PAIRS);
    const sample = availabilityOf(topology, load).entries()[0]!;
    const lat = latencyOf(topology, load).entries()[0]!;
    figures.push({
      name: `analytic availability and latency / pipeline, ${COMPONENTS} components`,
      value: a.ratio,
      unit: 'x',
      budget: { max: ADDED },
      detail: `${topology.entryPoints.length} entry point, ${sample.components} components reached, ${sample.availability.toFixed(6)} available, p99 ${lat.all.p99.toFixed(1)} ms; pipeline ${(a.baselineNs / 1e6).toFixed(1)} ms, paths ${(a.candidateNs / 1e6).toFixed(2)} ms`,
    });
    const slo = withSlo(text);
    const findings = checkText(slo).findings.filter((f) => f.ruleId === 'slo').length;
    const p = compare(pipeline(text), pipeline(slo), CALLS_PER_BATCH, PAIRS);
    figures.push({
      name: `pipeline with an SLO / without, ${COMPONENTS} components`,
      value: p.ratio,
      unit: 'x',
      budget: { max: 1 + ADDED },
      detail: `${findings} slo findings; without ${(p.baselineNs / 1e6).toFixed(1)} ms, with ${(p.candidateNs / 1e6).toFixed(1)} ms`,
    });
    const costs: Batch = (ops) => {
      let n = 0;
      for (let i = 0; i < ops; i++) {
        const model = { ...load };
        n += availabilityOf(topology, model).costs('web').length + latencyOf(topology, model).costs('web').length;
      }
      return n;
    };
    const c = compare(pipeline(text), costs, 2, 7);
    figures.push({
      name: `what costs the most (availability and p99) / pipeline, ${COMPONENTS} components`,
      value: c.ratio,
      unit: 'x',
      detail: `pipeline ${(c.baselineNs / 1e6).toFixed(1)} ms, costs ${(c.candidateNs / 1e6).toFixed(1)} ms`,
    });
    for (const size of [2_000, 5_000]) {
      const large = checkText(generateTopology(size, DENSE));
      let markdown = '';
      // A fresh load object per call: the availability and latency models are made again, as after an edit.
      const ms = msPerCall(() => (markdown = componentMarkdown('svc-3-2', { ...large, load: { ...large.load! } })));
      const costs = /\n\nCosts (.*)/.exec(markdown)?.[1] ?? 'none';
      figures.push({
        name: `a component's hover (path figures, what it costs the entry point), ${size} components DENSE`,
        value: ms,
        unit: 'ms',
        budget: { max: HOVER_MS },
        detail: `costs: ${costs}`,
      });
    }
    return figures;
  },
};
