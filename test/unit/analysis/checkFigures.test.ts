/**
 * What a check reports on designs that read, pinned: for every example and
 * for generated topologies of 500 and 5,000 components (both wirings, and
 * with flaws sown through them so that every kind of rule has findings),
 * the findings (a digest of all of them, as JSON) and the load model's
 * figures for every component. How the pipeline does its work may change;
 * no number it gives may, unless the pinned file is regenerated on purpose
 * and the change reviewed:
 *
 *   UPDATE_GOLDEN=1 npx mocha test/unit/analysis/checkFigures.test.ts
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../../src/core/check';
import { DENSE, type GenerateOptions, generateTopology } from '../../bench/generateTopology';
import { EXAMPLES_DIR, importsOf } from '../../support/exampleImports';
import { digestOf, pinnedCases } from '../../support/pinned';

const GOLDEN = path.resolve(__dirname, '../../fixtures/golden/check-figures.json');

/** What a check of a text gives, in short: its findings and the load model's figures, each with a digest of all of them. */
interface Figures {
  findings: number;
  omitted: number;
  findingsDigest: string;
  /** Components the load model has a figure for. */
  loads: number;
  loadDigest: string;
}

function figuresOf(text: string, file?: string): Figures {
  const r = checkText(text, file === undefined ? {} : { imports: importsOf(file) });
  const load = r.load;
  const model = load && { peakRps: load.peakRps, loads: [...load.loads.values()], cycleEdges: load.cycleEdges.map((e) => [e.from, e.to]), sessionReads: [...load.sessionReads] };
  return { findings: r.findings.length, omitted: r.omitted, findingsDigest: digestOf(r.findings), loads: load?.loads.size ?? 0, loadDigest: digestOf(model ?? null) };
}

type Generated = Record<string, any>;

/**
 * A generated topology with flaws sown through it, each at every so many
 * components, so that the rules that judge redundancy, capacity, sharding,
 * health checks and placement all have findings at scale: a lone service
 * instance, manual failover, an overloaded service, modulo and low-cardinality
 * sharding, too few vnodes, a balancer without a health check, a service in
 * one zone, a cache that fronts nothing, and popular keys.
 */
function flawed(text: string): string {
  const file = JSON.parse(text) as Generated;
  file.workload.keys = { distribution: 'zipf', exponent: 1.1, cardinality: 10_000_000 };
  // Each flaw at every so many components of its kind.
  const seen = new Map<string, number>();
  for (const c of Object.values(file.components as Record<string, Generated>)) {
    const i = seen.get(c.kind) ?? 0;
    seen.set(c.kind, i + 1);
    if (c.kind === 'service' && i % 13 === 0) c.instances = 1;
    if (c.kind === 'service' && i % 19 === 0 && c.capacity) c.capacity.rps = 50;
    if (c.kind === 'service' && i % 37 === 0) c.zones = [c.zones[0]];
    if (c.kind === 'loadBalancer' && i % 31 === 0) delete c.healthCheck;
    if (c.kind === 'cache' && i % 3 === 0) delete c.fronts;
    if (c.kind === 'database' && c.replication?.failover && i % 17 === 0) c.replication.failover.mode = 'manual';
    const sharding = c.kind === 'database' ? c.sharding : undefined;
    if (!sharding) continue;
    if (i % 23 === 0) {
      sharding.strategy = 'modulo';
      delete sharding.vnodes;
    } else if (i % 29 === 0) sharding.key.cardinality = 50;
    else if (i % 41 === 0) sharding.vnodes = 8;
  }
  // One component per line, as the generator writes them.
  const lines = Object.entries(file.components).map(([id, c]) => `    ${JSON.stringify(id)}: ${JSON.stringify(c)}`);
  const { components: _, ...rest } = file;
  return `${JSON.stringify(rest, null, 2).slice(0, -2)},\n  "components": {\n${lines.join(',\n')}\n  }\n}\n`;
}

function examples(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return examples(file);
    return e.name.endsWith('.scale.json') ? [file] : [];
  }).sort();
}

function cases(): Map<string, () => Figures> {
  const out = new Map<string, () => Figures>();
  for (const file of examples(EXAMPLES_DIR)) {
    out.set(path.relative(EXAMPLES_DIR, file).split(path.sep).join('/'), () => figuresOf(fs.readFileSync(file, 'utf8'), file));
  }
  const wirings: [string, GenerateOptions][] = [['', {}], [', dense', DENSE]];
  for (const size of [500, 5_000]) {
    for (const [name, options] of wirings) {
      out.set(`${size} generated components${name}`, () => figuresOf(generateTopology(size, options)));
      out.set(`${size} generated components${name}, flawed`, () => figuresOf(flawed(generateTopology(size, options))));
    }
  }
  return out;
}

describe('findings and load figures of designs', function () {
  this.timeout(300_000);
  pinnedCases(GOLDEN, cases(), "the findings and every component's load are as pinned");

  it('the flawed topologies have findings of every kind sown (the pin covers the rules at scale)', () => {
    const r = checkText(flawed(generateTopology(5_000, DENSE)));
    const rules = new Set(r.findings.map((f) => f.ruleId));
    for (const rule of ['single-point-of-failure', 'capacity', 'modulo-sharding', 'low-cardinality-shard-key', 'too-few-vnodes', 'missing-health-check', 'hot-key']) {
      assert.ok(rules.has(rule), `${rule} among ${[...rules].join(', ')}`);
    }
  });
});
