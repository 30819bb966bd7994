/**
 * A file of 100,000 invalid components (test/support/invalidComponents.ts,
 * 4.4 MB, under the reader's 5 MiB bound): its check, which keeps the first
 * 1,000 findings and counts the rest without building them, against the
 * position-keeping parse of the same text (within 2.5x; the check of valid
 * files is held to 2x) and at most 1.5 s; `scale check` of it as a whole
 * process (at most 2 s and 275 MB peak RSS: Node and the CLI take ~110 MB and
 * ~0.5 s for a one-component file, and the file's syntax tree, from which every
 * finding's range comes, ~0.9 KB per component); and the heap the language
 * server keeps for it once open, outlined and hovered (at most 25 MB, about
 * five times the text: the text, the editor's line index and the check
 * without its syntax).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseTree } from 'jsonc-parser';
import { checkText } from '../../src/core/check';
import { LspClient } from '../server/lspClient';
import { invalidComponentsText } from '../support/invalidComponents';
import { type Batch, compare, type Figure, median } from './harness';

const ROOT = path.resolve(__dirname, '../..');
const PROBE = path.join(__dirname, 'memoryProbe.cjs');
const COMPONENTS = 100_000;
/** What the figures are of. */
const NAME = `${COMPONENTS.toLocaleString('en-US')} invalid components`;
/** Interleaved pairs of a check and a parse (each about a second). */
const PAIRS = 7;
/** Runs of the whole `scale check` process. */
const PROCESS_RUNS = 5;

/** The figures of the file of 100,000 invalid components. */
export async function invalidComponentsFigures(): Promise<Figure[]> {
  const text = invalidComponentsText(COMPONENTS);
  const size = `${(text.length / 1e6).toFixed(1)} MB`;
  const checked = checkText(text);
  const parse: Batch = () => parseTree(text, [], { allowTrailingComma: true })!.children!.length;
  const check: Batch = () => checkText(text).findings.length;
  const { baselineNs, candidateNs, ratio } = compare(parse, check, 1, PAIRS);
  const figures: Figure[] = [
    { name: `${NAME}: check / position-keeping parse`, value: ratio, unit: 'x', budget: { max: 2.5 }, detail: `${size}, ${checked.findings.length} findings and ${checked.omitted} counted; parse ${(baselineNs / 1e6).toFixed(0)} ms` },
    { name: `${NAME}: check`, value: candidateNs / 1e6, unit: 'ms', budget: { max: 1500 } },
  ];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-bench-'));
  try {
    const file = path.join(dir, 'invalid-components.scale.json');
    fs.writeFileSync(file, text);
    figures.push(...processFigures(file), ...(await serverFigures(file, text)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

/** `scale check` of the file as a process (the built CLI): median wall time and peak RSS of PROCESS_RUNS runs. */
function processFigures(file: string): Figure[] {
  const cli = path.join(ROOT, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) return [];
  const wall: number[] = [];
  const peak: number[] = [];
  for (let i = 0; i < PROCESS_RUNS; i++) {
    const t0 = performance.now();
    const run = spawnSync(process.execPath, ['--require', PROBE, path.join(ROOT, 'bin', 'scale.js'), 'check', file], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    wall.push(performance.now() - t0);
    const rss = /peak-rss (\d+)/.exec(run.stderr)?.[1];
    if (run.status !== 1 || rss === undefined) throw new Error(`scale check exited with ${run.status}: ${run.stderr}`);
    peak.push(Number(rss) / 1e6);
  }
  return [
    { name: `${NAME}: scale check process`, value: median(wall), unit: 'ms', budget: { max: 2000 }, detail: `${wall.map((w) => Math.round(w)).join(', ')} ms` },
    { name: `${NAME}: scale check process, peak RSS`, value: median(peak), unit: 'MB', budget: { max: 275 }, detail: `${peak.map((p) => Math.round(p)).join(', ')} MB` },
  ];
}

/** The heap the language server keeps for the file once open, after the requests an editor makes on opening it (and a hover). */
async function serverFigures(file: string, text: string): Promise<Figure[]> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'server.js'))) return [];
  const client = new LspClient(undefined, undefined, { nodeArgs: ['--expose-gc', '--require', PROBE], ipc: true });
  const memory = () => new Promise<{ heapUsed: number; rss: number }>((resolve) => {
    client.process.once('message', (m) => resolve(m as { heapUsed: number; rss: number }));
    client.process.send('memory');
  });
  try {
    await client.initialize();
    const before = await memory();
    const uri = pathToFileURL(file).href;
    await client.open(uri, text);
    await client.diagnostics(uri, (d) => d.length > 0, 120_000);
    const textDocument = { uri };
    await client.request('textDocument/documentSymbol', { textDocument });
    await client.request('textDocument/codeLens', { textDocument });
    await client.request('textDocument/hover', { textDocument, position: { line: 3, character: 4 } });
    const after = await memory();
    const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
    return [{
      name: `${NAME}: language server heap once open`,
      value: (after.heapUsed - before.heapUsed) / 1e6,
      unit: 'MB',
      budget: { max: 25 },
      detail: `after a full GC; RSS ${mb(before.rss)} before opening, ${mb(after.rss)} after`,
    }];
  } finally {
    await client.stop();
  }
}
