/**
 * The validation pipeline (read with positions, validate, resolve, every
 * rule) against jsonc-parser's position-keeping parse of the same text, the
 * dominant cost: within 2x of it, and at most 50 ms at 500 components and
 * 150 ms at 5,000.
 */
import { parseTree } from 'jsonc-parser';
import { checkText } from '../../src/core/check';
import { generateTopology } from './generateTopology';
import { type BenchSuite, type Figure, median } from './harness';

const SIZES: { components: number; maxMs?: number; warmups: number }[] = [
  { components: 500, maxMs: 50, warmups: 15 },
  { components: 5_000, maxMs: 150, warmups: 4 },
  { components: 20_000, warmups: 2 },
];

/** Median ms of `fn` over `runs` calls after two warm-ups. */
function time(fn: () => unknown, runs: number): number {
  fn();
  fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    xs.push(performance.now() - t0);
  }
  return median(xs);
}

/** The analysis suite. */
export const analysisSuite: BenchSuite = {
  name: 'check',
  run() {
    const figures: Figure[] = [];
    for (const { components, maxMs, warmups } of SIZES) {
      const text = generateTopology(components);
      const count = Object.keys(JSON.parse(text).components).length;
      const runs = components >= 20_000 ? 5 : 9;
      const findings = checkText(text).findings.length;
      // Warm both sides up alike first: the pipeline does not run jsonc-parser on well-formed text, so the
      // baseline's code is no longer warmed by it, and a cold baseline would flatter the ratio.
      for (let i = 0; i < warmups; i++) {
        parseTree(text, [], { allowTrailingComma: true });
        checkText(text);
      }
      // Interleave parse and pipeline runs so both see the same machine load.
      const ratios: number[] = [];
      const parses: number[] = [];
      const checks: number[] = [];
      for (let i = 0; i < runs; i++) {
        const p = time(() => parseTree(text, [], { allowTrailingComma: true }), 1);
        const c = time(() => checkText(text), 1);
        parses.push(p);
        checks.push(c);
        ratios.push(c / p);
      }
      const detail = `${count} components, ${(text.length / 1e6).toFixed(2)} MB, ${findings} findings; parse ${median(parses).toFixed(1)} ms, pipeline ${median(checks).toFixed(1)} ms`;
      figures.push({ name: `pipeline / position-keeping parse, ${count} components`, value: median(ratios), unit: 'x', budget: { max: 2 }, detail });
      if (maxMs !== undefined) figures.push({ name: `pipeline, ${count} components`, value: median(checks), unit: 'ms', budget: { max: maxMs } });
    }
    return figures;
  },
};
