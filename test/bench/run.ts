/**
 * `npm run bench` (scripts/bench.ts bundles this file and runs it with --expose-gc [suite...]):
 * runs every registered suite but the optional ones (or those named: `npm run
 * bench -- anchors` runs the comparison with LikeC4), prints one line per figure
 * with its budget and PASS/FAIL, and exits 1 when any budget fails. A new
 * suite is a module under test/bench exporting a BenchSuite, added to SUITES.
 */

import { type BenchSuite, checksum, type Figure, withinBudget } from './harness';
import { analysisSuite } from './analysisBench';
import { anchorsSuite } from './anchorsBench';
import { diagramSuite } from './diagramBench';
import { diffSuite } from './diffBench';
import { headroomSuite } from './headroomBench';
import { layoutSuite } from './layoutBench';
import { pathsSuite } from './pathsBench';
import { scenarioSuite } from './scenarioBench';
import { simSuite } from './simBench';
import { startupSuite } from './startupBench';

const SUITES: BenchSuite[] = [startupSuite, analysisSuite, headroomSuite, pathsSuite, simSuite, scenarioSuite, diagramSuite, layoutSuite, diffSuite, anchorsSuite];

function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs >= 100) return x.toFixed(0);
  if (abs >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

function formatBudget(figure: Figure): string {
  const { budget, unit } = figure;
  if (!budget) return '';
  const parts: string[] = [];
  if (budget.min !== undefined) parts.push(`>= ${budget.min} ${unit}`);
  if (budget.max !== undefined) parts.push(`<= ${budget.max} ${unit}`);
  return parts.join(', ');
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  // A name that is no suite's is refused, not skipped: a figure asked for is never silently missing.
  const unknown = wanted.filter((w) => !SUITES.some((s) => s.name === w));
  if (unknown.length > 0) {
    console.error(`no suite named ${unknown.join(', ')}; suites: ${SUITES.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const suites = wanted.length > 0 ? SUITES.filter((s) => wanted.includes(s.name)) : SUITES.filter((s) => !s.optional);
  let failed = 0;
  let checked = 0;
  for (const suite of suites) {
    const figures = await suite.run();
    for (const figure of figures) {
      const ok = withinBudget(figure);
      const verdict = figure.budget ? (ok ? 'PASS' : 'FAIL') : 'info';
      if (figure.budget) checked++;
      if (!ok) failed++;
      const value = `${formatNumber(figure.value)} ${figure.unit}`;
      const budget = figure.budget ? `budget ${formatBudget(figure)}` : '';
      const detail = figure.detail ? `  (${figure.detail})` : '';
      console.log(`${verdict.padEnd(4)}  ${suite.name.padEnd(5)} ${figure.name.padEnd(62)} ${value.padStart(16)}  ${budget.padEnd(24)}${detail}`);
    }
  }
  // Printing the checksum keeps every timed batch's result observable.
  console.log(`\n${checked - failed}/${checked} budgets met${failed > 0 ? `, ${failed} FAILED` : ''} (checksum ${checksum() >>> 0})`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
