/**
 * The component and id parsers compiled ahead of time (compiledModel.ts)
 * against zod's own parse of the same schemas: on every component of the
 * examples and fixtures, and on thousands of components altered at random
 * (seeded) with values from those files and values at the model's bounds.
 * Where the compiled parser answers, zod accepts and builds the same value
 * (the same properties in the same order); where zod refuses, the compiled
 * parser answers INVALID, so zod's issues are reported.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'jsonc-parser';
import * as z from 'zod';
import { COMPILED_MODEL_PATH, compiledModelText } from '../../../scripts/compiledModel';
import { parseComponent, parseId } from '../../../src/core/model/compiledModel';
import { Component, Id } from '../../../src/core/model/schema';
import { checkText } from '../../../src/core/check';

const ROOT = path.resolve(__dirname, '../../..');

/** Every topology file under a folder. */
function topologyFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.scale.json')).map((f) => path.join(dir, f));
}
const FILES = [...topologyFiles(path.join(ROOT, 'examples')), ...topologyFiles(path.join(ROOT, 'test', 'fixtures'))].sort();
const COMPONENTS: unknown[] = FILES.flatMap((f) => {
  const file = parse(fs.readFileSync(f, 'utf8')) as { components?: Record<string, unknown> } | undefined;
  return Object.values(file?.components ?? {});
});

/** zod's parse, with the schema zod runs when nothing is compiled ahead of time. */
function zodParse(schema: z.ZodType, value: unknown): { ok: true; value: unknown } | { ok: false } {
  const payload = (schema as any)._zod.run({ value, issues: [] }, { async: false });
  return payload.issues.length === 0 ? { ok: true, value: payload.value } : { ok: false };
}

/** A value written out with its properties in order, undefined ones included, and -0 apart from 0. */
function exact(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (Array.isArray(value)) return `[${value.map(exact).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    return `{${Object.keys(value).map((k) => `${JSON.stringify(k)}:${exact((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** mulberry32: a small seeded generator, so a failure is found again from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values at and past the model's bounds, of every JSON type and some that JSON cannot hold. */
const EDGES: unknown[] = [
  0, -0, -1, 0.5, 1, 1.0000001, 2, 3, 100, 100_000, 100_001, 1_000_000, 1_000_001, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e308, Infinity, -Infinity, NaN, 31_536_000_000, 31_536_000_001,
  '', 'a', 'x'.repeat(128), 'x'.repeat(129), 'x'.repeat(4000), 'x'.repeat(4001), '\u{1F600}', '\u{1F600}'.repeat(64), '\u{1F600}'.repeat(65), '\uD83D', '\uD83Dx',
  '0s', '0ms', '1ms', '1.5h', '365d', '366d', '8761h', '10x', '30s', 'api', 'db', 'primary', 'replicas', 'async', 'sync', 'semiSync', 'uniform', 'zipf', 'L4', 'read', 'write', 'mixed', 'constructor', '__proto__',
  true, false, null, [], {}, ['a'], [0], [1, 2], [0, 0], ['us-east-1a', 'us-east-1a'], { to: 'api' }, { availability: 0.999, mtbf: '30d' }, { mtbf: '30d', mttr: '1h' }, undefined,
];

/** The values found under each key, and every sub-value, in the corpus. */
function harvest(values: unknown[]): { byKey: Map<string, unknown[]>; all: unknown[] } {
  const byKey = new Map<string, unknown[]>();
  const all: unknown[] = [];
  const visit = (v: unknown) => {
    all.push(v);
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (!byKey.has(k)) byKey.set(k, []);
        byKey.get(k)!.push(x);
        visit(x);
      }
    }
  };
  values.forEach(visit);
  return { byKey, all };
}

const clone = (v: unknown): unknown => (v === undefined ? undefined : structuredClone(v));

/** One random alteration somewhere in `value` (a copy). */
function alter(value: unknown, next: () => number, pool: ReturnType<typeof harvest>): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const root = { v: clone(value) };
  // A random place: an object or array on the way down, and one of its keys.
  let parent: any = root;
  let key: string | number = 'v';
  while (parent[key] && typeof parent[key] === 'object' && next() < 0.6) {
    const child = parent[key];
    const keys: (string | number)[] = Array.isArray(child) ? child.map((_: unknown, i: number) => i) : Object.keys(child);
    if (keys.length === 0) break;
    parent = child;
    key = pick(keys);
  }
  const r = next();
  const target = parent[key];
  if (r < 0.15) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (r < 0.4) parent[key] = clone(pick(EDGES));
  else if (r < 0.65 && typeof key === 'string' && pool.byKey.has(key)) parent[key] = clone(pick(pool.byKey.get(key)!));
  else if (r < 0.75) parent[key] = clone(pick(pool.all));
  else if (r < 0.85 && target && typeof target === 'object' && !Array.isArray(target)) {
    // A property the object may or may not have: of the model, or not, or __proto__ as JSON.parse makes it (an own property).
    const name = next() < 0.8 ? pick([...pool.byKey.keys()]) : pick(['extra', '__proto__', 'toString', 'kind']);
    const v = next() < 0.5 && pool.byKey.has(name) ? clone(pick(pool.byKey.get(name)!)) : clone(pick(EDGES));
    Object.defineProperty(target, name, { value: v, enumerable: true, writable: true, configurable: true });
  } else if (Array.isArray(target)) target.push(clone(pick(target.length > 0 && next() < 0.7 ? target : pool.all)));
  else parent[key] = clone(pick(EDGES));
  return root.v;
}

describe('the model compiled ahead of time', () => {
  it('is generated from the model as it is (run `npm run generate` when this fails)', () => {
    assert.equal(fs.readFileSync(COMPILED_MODEL_PATH, 'utf8'), compiledModelText());
  });

  it('gives zod\'s value, without falling back, for every component of the examples and fixtures', () => {
    assert.ok(COMPONENTS.length > 50, `${COMPONENTS.length} components`);
    let valid = 0;
    for (const c of COMPONENTS) {
      const expected = zodParse(Component, c);
      const got = parseComponent(c);
      if (!expected.ok) {
        assert.equal(got, z.INVALID, exact(c));
        continue;
      }
      valid++;
      assert.notEqual(got, z.INVALID, `fell back on a valid component: ${exact(c)}`);
      assert.equal(exact(got), exact(expected.value));
      assert.notEqual(got, c, 'a new value, not the input');
    }
    assert.ok(valid > 50);
  });

  it('agrees with zod on 20,000 altered components: the same value when it answers, INVALID whenever zod refuses', function () {
    this.timeout(60_000);
    const pool = harvest(COMPONENTS);
    const tally = { bothValid: 0, bothInvalid: 0, fellBack: 0 };
    const fellBack: string[] = [];
    for (let seed = 1; seed <= 20_000; seed++) {
      const next = random(seed);
      let value: unknown = COMPONENTS[Math.floor(next() * COMPONENTS.length)];
      const steps = 1 + Math.floor(next() * 3);
      for (let i = 0; i < steps; i++) value = alter(value, next, pool);
      const expected = zodParse(Component, value);
      const got = parseComponent(value);
      if (got === z.INVALID) {
        if (expected.ok) {
          tally.fellBack++;
          if (fellBack.length < 5) fellBack.push(exact(value));
        } else tally.bothInvalid++;
        continue;
      }
      assert.ok(expected.ok, `seed ${seed}: the compiled parser accepts what zod refuses: ${exact(value)}`);
      assert.equal(exact(got), exact(expected.value), `seed ${seed}`);
      tally.bothValid++;
    }
    // Both outcomes are well represented, and falling back on a valid component is rare (a property present as undefined, a string near a bound in code points).
    assert.ok(tally.bothValid > 2_000 && tally.bothInvalid > 2_000, JSON.stringify(tally));
    assert.ok(tally.fellBack < tally.bothValid / 50, `${JSON.stringify(tally)}; for example ${fellBack.join('\n')}`);
  });

  it('judges ids as zod does', () => {
    const ids: unknown[] = ['api', 'a', 'A-b_c.d', '0', '-a', '.a', 'a b', 'a#1', '', 'x'.repeat(128), 'x'.repeat(129), 'é', '\u{1F600}', 1, null, undefined, ['a'], { a: 1 }];
    for (const id of ids) {
      const expected = zodParse(Id, id);
      const got = parseId(id);
      if (got === z.INVALID) assert.equal(expected.ok, false, String(id));
      else assert.deepEqual({ ok: true, value: got }, expected);
    }
  });

  it('leaves a check\'s findings as they were: an invalid component gets zod\'s issues', () => {
    const text = JSON.stringify({
      version: 1, name: 'x', workload: { peakRps: 10 },
      components: {
        web: { kind: 'client', calls: ['api'] },
        api: { kind: 'service', instances: 2, calls: ['db'], reliability: { availability: 0.999, mtbf: '30d' } },
        db: { kind: 'database', replication: { mode: 'async', replicas: 1, lag: { p50: '0s', p99: '366d' } } },
      },
    }, null, 2);
    const messages = checkText(text).findings.filter((f) => f.ruleId === 'schema').map((f) => f.message);
    assert.ok(messages.some((m) => m.includes('"availability" stands for the whole component')), messages.join('\n'));
    assert.ok(messages.some((m) => m.includes('at most one year')), messages.join('\n'));
  });
});
