/**
 * The core's layers, read from its import statements: `src/core` is pure (no
 * Node built-ins, no `vscode`, no DOM, no clock or `Math.random`), and every
 * module imports only from its own layer or the layers below it, in this
 * order. There is no list of exceptions: code that needs something above
 * its layer belongs higher up.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';

const CORE = path.resolve(__dirname, '..', '..', 'src', 'core');

/** Bottom to top: each entry is a folder (`name/`) or a file of src/core. */
export const LAYERS: readonly (readonly string[])[] = [
  ['text/', 'findings.ts', 'ruleCatalog.ts', 'findingCap.ts'], // words, numbers, findings and the rules' identities
  ['sim/'], // simulation primitives: random numbers, hashing, rings, sharders, queueing, balancing
  ['model/'], // reading and validating a file into a topology
  ['load/'], // the load model: request flow, key popularity, per-shard and per-instance load
  ['scenario/'], // the scenario engine: faults over time, budgets
  ['availability/', 'latency/'], // how many nines and what p99 along each request path, from the load model and the failure figures
  ['analysis/'], // the rules
  ['check.ts', 'projectConfig.ts'], // the pipeline: read, validate, analyse; and a project configuration's check
  ['diagram/'], // the diagram model and its layout graph
  ['whatIf/'], // the simulation panel's edits of a checked topology
  ['diff/'], // what a change to a topology did: structure, findings, load and scenarios before and after
  ['protocol.ts', 'webviewProtocol.ts'], // what travels between processes
  ['report/'], // the report page's data
  ['service/'], // the language service
];

function layerOf(file: string): number {
  const rel = path.relative(CORE, file).split(path.sep).join('/');
  const i = LAYERS.findIndex((layer) => layer.some((entry) => (entry.endsWith('/') ? rel.startsWith(entry) : rel === entry)));
  assert.ok(i >= 0, `src/core/${rel} belongs to no layer: add it to LAYERS in ${path.basename(__filename)}`);
  return i;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** Every module a file imports or re-exports (static and dynamic), as written. */
function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    out.push((m[1] ?? m[2] ?? m[3] ?? m[4])!);
  }
  return out;
}

function resolveLocal(from: string, spec: string): string {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  assert.fail(`${path.relative(CORE, from)} imports ${spec}, which is not a file of src/core`);
}

const NODE = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
/** Browser globals a pure module has no business touching. */
const DOM = /\b(?:document|window|navigator|localStorage|sessionStorage|HTMLElement|XMLHttpRequest|fetch)\s*[.(]/;
/** Time and randomness break determinism: the simulation has its own seeded random and virtual clock. */
const IMPURE = /\b(?:Date\.now|new Date\(\)|performance\.now|Math\.random)\s*\(/;

describe('architecture of src/core', () => {
  const files = sources(CORE);

  it('finds the core\'s sources', () => {
    assert.ok(files.length > 50, `${files.length} files`);
  });

  it('imports no Node built-in, no vscode module and uses no DOM, clock or Math.random', () => {
    const problems: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
      for (const spec of importsOf(text)) {
        if (NODE.has(spec) || NODE.has(spec.split('/')[0]!)) problems.push(`${path.relative(CORE, f)} imports the Node built-in ${spec}`);
        if (/^vscode(?:$|-)/.test(spec)) problems.push(`${path.relative(CORE, f)} imports ${spec}`);
      }
      if (DOM.test(code)) problems.push(`${path.relative(CORE, f)} touches the DOM: ${DOM.exec(code)![0]}`);
      if (IMPURE.test(code)) problems.push(`${path.relative(CORE, f)} reads the clock or Math.random: ${IMPURE.exec(code)![0]}`);
    }
    assert.deepEqual(problems, []);
  });

  it('imports only from its own layer or the layers below it', () => {
    const problems: string[] = [];
    for (const f of files) {
      const own = layerOf(f);
      for (const spec of importsOf(readFileSync(f, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = resolveLocal(f, spec);
        const theirs = layerOf(target);
        if (theirs > own) problems.push(`${path.relative(CORE, f)} (${LAYERS[own]!.join(' ')}) imports ${path.relative(CORE, target)} (${LAYERS[theirs]!.join(' ')}), a layer above it`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
