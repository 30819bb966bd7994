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
 * - The saturation chart's simulated points: the job the simulation panel's
 *   worker runs (the file's curve, then the simulation at up to ten
 *   multiples), on each example, in the worker in headless Chromium as it
 *   reports its own time (on Node too, for information): at most 3 s on the
 *   slowest example.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../src/core/check';
import { runSaturation } from '../../src/core/whatIf/whatIf';
import { importSnapshotOf } from '../support/exampleImports';
import { CHROMIUM, diagramOf, openWebview } from '../unit/webview/chromiumPage';
import { headroomOf } from '../../src/core/load/headroom';
import { headroomPlan } from '../../src/core/load/headroomPlan';
import { generateTopology } from './generateTopology';
import { type Batch, type BenchSuite, compare, type Figure, median, pipeline } from './harness';

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

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLES = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.scale.json')).sort();
/** The worker's saturation job may take at most this long on an example. */
const SATURATION_MS = 3000;
/** Runs of the saturation job per example; the median is the figure. */
const SATURATION_RUNS = 3;

/** Milliseconds of runSaturation on Node per example (median of a few runs, each on a fresh copy of the text so nothing is reused). */
function saturationOnNode(): Map<string, { ms: number; points: number }> {
  const out = new Map<string, { ms: number; points: number }>();
  for (const name of EXAMPLES) {
    const file = `examples/${name}`;
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const imports = importSnapshotOf(file, text);
    const samples: number[] = [];
    let points = 0;
    for (let i = 0; i <= SATURATION_RUNS; i++) {
      const t0 = performance.now();
      points = runSaturation(`${text}${' '.repeat(i + 1)}`, 1, imports).points.length;
      if (i > 0) samples.push(performance.now() - t0);
    }
    out.set(name, { ms: median(samples), points });
  }
  return out;
}

/** The saturation job in the simulation panel's own worker, in headless Chromium, as the worker reports its time; empty without Chromium. */
async function saturationInWorker(): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!fs.existsSync(CHROMIUM) || !fs.existsSync(path.join(ROOT, 'dist', 'webview.js'))) return out;
  const page = await openWebview();
  try {
    await page.waitFor((m) => m.type === 'ready');
    await page.page.locator('button', { hasText: 'Simulate' }).click();
    for (const name of EXAMPLES) {
      const file = `examples/${name}`;
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      const uri = `file:///w/${file}`;
      await page.post({ type: 'diagram', file, diagram: diagramOf(text, uri) });
      const samples: number[] = [];
      for (let i = 0; i < SATURATION_RUNS; i++) {
        const before = (await page.record()).sent.length;
        await page.post({ type: 'source', uri, file, version: i + 1, text: `${text}${' '.repeat(i + 1)}`, seed: 1, imports: importSnapshotOf(file, text) });
        const r = await page.waitFor((m) => m.type === 'simulationReport' && m.kind === 'saturation', before, 120_000);
        if (r.outcome !== 'done') throw new Error(`saturation chart in the webview: ${JSON.stringify(r)}`);
        samples.push(r.ms as number);
      }
      out.set(name, median(samples));
    }
  } finally {
    await page.close();
  }
  return out;
}

/** The figures of the saturation chart's simulated points: the worker's slowest example against the budget, Node's for information. */
async function saturationFigures(): Promise<Figure[]> {
  const node = saturationOnNode();
  const worker = await saturationInWorker();
  const slowest = (m: Map<string, number>) => [...m].reduce((a, b) => (b[1] > a[1] ? b : a));
  const nodeMs = new Map([...node].map(([k, v]) => [k, v.ms]));
  const each = (m: Map<string, number>) => [...m].map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ');
  const points = `${[...node.values()].map((v) => v.points).join('/')} points`;
  const figures: Figure[] = [];
  const [nodeName, nodeWorst] = slowest(nodeMs);
  figures.push({ name: 'saturation chart, curve and simulated points on Node, slowest example', value: nodeWorst, unit: 'ms', detail: `${nodeName}; ${points}; ${each(nodeMs)}`, ...(worker.size === 0 ? { budget: { max: SATURATION_MS } } : {}) });
  if (worker.size > 0) {
    const [name, worst] = slowest(worker);
    figures.push({ name: 'saturation chart, curve and simulated points in the panel\'s worker, slowest example', value: worst, unit: 'ms', detail: `${name}; ${each(worker)}`, budget: { max: SATURATION_MS } });
  }
  return figures;
}

/** The headroom suite. */
export const headroomSuite: BenchSuite = {
  name: 'headroom',
  async run() {
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
    figures.push(...(await saturationFigures()));
    return figures;
  },
};
