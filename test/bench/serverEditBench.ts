/**
 * The language server while a large generated topology is edited, as an
 * editor drives it over JSON-RPC: the file opened, then EDITS edits of one
 * number, each sent after the previous one was validated, with the outline
 * and the code lenses an editor asks for after each. Its peak resident memory
 * over all of it (at most 250 MB at 5,000 components: Node and the server take
 * ~65 MB at rest), and the median time from an edit to its validation (the
 * server's short wait for more edits included).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../server/lspClient';
import { type GenerateOptions, generateTopology } from './generateTopology';
import { type Figure, median } from './harness';

const ROOT = path.resolve(__dirname, '../..');
const PROBE = path.join(__dirname, 'memoryProbe.cjs');
/** Edits made, each validated before the next. */
const EDITS = 20;

/** The figures of editing a generated topology of `size` components (`name` says which) in the built server; none when it is not built. */
export async function serverEditFigures(size: number, name: string, options: GenerateOptions = {}, maxRssMb?: number): Promise<Figure[]> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'server.js'))) return [];
  const text = generateTopology(size, options);
  const components = Object.keys(JSON.parse(text).components).length;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-bench-'));
  const client = new LspClient(undefined, undefined, { nodeArgs: ['--require', PROBE], ipc: true });
  try {
    const file = path.join(dir, 'generated.scale.json');
    fs.writeFileSync(file, text);
    const uri = pathToFileURL(file).href;
    const textDocument = { uri };
    await client.initialize();
    await client.open(uri, text);
    await client.validatedVersion(uri, 1, 120_000);
    // The number edited: the first service's instances, as someone sizing it would type them.
    const at = text.indexOf('"instances":4');
    if (at < 0) throw new Error('no service to edit in the generated topology');
    const latency: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const edited = `${text.slice(0, at)}"instances":${5 + i}${text.slice(at + '"instances":4'.length)}`;
      const sent = performance.now();
      const version = await client.change(uri, edited);
      await client.validatedVersion(uri, version, 120_000);
      latency.push(performance.now() - sent);
      await client.request('textDocument/documentSymbol', { textDocument });
      await client.request('textDocument/codeLens', { textDocument });
    }
    const { peakRss, rss } = await new Promise<{ peakRss: number; rss: number }>((resolve) => {
      client.process.once('message', (m) => resolve(m as { peakRss: number; rss: number }));
      client.process.send('peak');
    });
    const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
    return [
      {
        name: `language server editing ${name}: peak RSS`,
        value: peakRss / 1e6,
        unit: 'MB',
        ...(maxRssMb !== undefined ? { budget: { max: maxRssMb } } : {}),
        detail: `${components} components, ${(text.length / 1e6).toFixed(2)} MB, opened and edited ${EDITS} times; RSS ${mb(rss)} at the end`,
      },
      { name: `language server editing ${name}: edit to validation`, value: median(latency), unit: 'ms', detail: `${latency.map((t) => Math.round(t)).join(', ')} ms` },
    ];
  } finally {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
