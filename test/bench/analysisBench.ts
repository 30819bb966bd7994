/**
 * The validation pipeline (read with positions, validate, resolve, every
 * rule, the load model) against jsonc-parser's position-keeping parse of the
 * same text, the dominant cost: within 2x of it, and at most 50 ms at 500
 * components and 150 ms at 5,000, on the generator's base wiring (~1.1 calls
 * per component) and on its dense one (1.5, in regions and zones, as designs
 * met in practice); the language server editing the 5,000 components of each
 * (serverEditBench.ts); and a file of 100,000 invalid components, checked and
 * held by the language server (invalidComponentsBench.ts).
 */
import { parseTree } from 'jsonc-parser';
import { checkText } from '../../src/core/check';
import { DENSE, type GenerateOptions, generateTopology } from './generateTopology';
import { type Batch, type BenchSuite, compare, type Figure } from './harness';
import { invalidComponentsFigures } from './invalidComponentsBench';
import { serverEditFigures } from './serverEditBench';

/**
 * Calls per timed batch: a batch of the 500-component text runs about 30 ms, so
 * the scavenges that both sides' allocations trigger are spread over the calls
 * that caused them instead of landing whole in whichever single call they hit
 * (timed one call at a time, the ratio at 500 components swung from 1.5x to 4x
 * with where a collection fell).
 */
const SIZES: { components: number; maxMs?: number; callsPerBatch: number; pairs: number }[] = [
  { components: 500, maxMs: 50, callsPerBatch: 10, pairs: 21 },
  { components: 5_000, maxMs: 150, callsPerBatch: 1, pairs: 15 },
  { components: 20_000, callsPerBatch: 1, pairs: 11 },
];

/** The generator's wirings, each timed at every size: how figures name them, and the options that make them. */
const WIRINGS: { name: string; options: GenerateOptions }[] = [
  { name: '', options: {} },
  { name: ', dense', options: DENSE },
];

/** The language server's peak RSS while a file of this many components is edited. */
const SERVER_COMPONENTS = 5_000;
const SERVER_MAX_RSS_MB = 250;

/** The analysis suite. */
export const analysisSuite: BenchSuite = {
  name: 'check',
  async run() {
    const figures: Figure[] = [];
    for (const wiring of WIRINGS) figures.push(...pipelineFigures(wiring.name, wiring.options));
    for (const wiring of WIRINGS) {
      figures.push(...(await serverEditFigures(SERVER_COMPONENTS, `${SERVER_COMPONENTS.toLocaleString('en-US')} components${wiring.name}`, wiring.options, SERVER_MAX_RSS_MB)));
    }
    figures.push(...(await invalidComponentsFigures()));
    return figures;
  },
};

/** The pipeline against the parse at every size, on one wiring. */
function pipelineFigures(wiring: string, options: GenerateOptions): Figure[] {
  const figures: Figure[] = [];
  for (const { components, maxMs, callsPerBatch, pairs } of SIZES) {
    const text = generateTopology(components, options);
    const count = Object.keys(JSON.parse(text).components).length;
    const findings = checkText(text).findings.length;
    const parse: Batch = (ops) => {
      let n = 0;
      for (let i = 0; i < ops; i++) n += parseTree(text, [], { allowTrailingComma: true })!.children!.length;
      return n;
    };
    const pipeline: Batch = (ops) => {
      let n = 0;
      for (let i = 0; i < ops; i++) n += checkText(text).findings.length + 1;
      return n;
    };
    // Interleaved pairs of batches, both sides warmed alike (the pipeline does not run jsonc-parser on
    // well-formed text, so a baseline not warmed on its own would be cold and flatter the ratio).
    const { baselineNs, candidateNs, ratio } = compare(parse, pipeline, callsPerBatch, pairs);
    const parseMs = baselineNs / 1e6;
    const pipelineMs = candidateNs / 1e6;
    const detail = `${count} components, ${(text.length / 1e6).toFixed(2)} MB, ${findings} findings; parse ${parseMs.toFixed(1)} ms, pipeline ${pipelineMs.toFixed(1)} ms`;
    figures.push({ name: `pipeline / position-keeping parse, ${count} components${wiring}`, value: ratio, unit: 'x', budget: { max: 2 }, detail });
    if (maxMs !== undefined) figures.push({ name: `pipeline, ${count} components${wiring}`, value: pipelineMs, unit: 'ms', budget: { max: maxMs } });
  }
  return figures;
}
