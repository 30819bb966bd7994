/**
 * Files that fail validation, for the finding cap's work and memory bounds
 * and for pinning what validation reports: a topology of many components,
 * every one invalid in a way the model refuses (a misspelt kind, a misspelt
 * property, a ratio above 1, a count written as a string), one per line as a
 * large hand-kept file is written (100,000 of them stay under the reader's
 * 5 MiB bound); a file with every kind of problem validation reports, past the
 * cap; and seeded mutants of a valid file.
 */
import { parse as parseJsonc } from 'jsonc-parser';
import { createRandom, type Random } from '../../src/core/sim/random';

/** The ways a component of the fixture is invalid, in turn: each makes one schema finding. */
const INVALID: readonly string[] = [
  '{"kind":"servce","instances":2}',
  '{"kind":"service","instancs":2}',
  '{"kind":"cache","hitRatio":2}',
  '{"kind":"database","instances":"3"}',
];

/** A file of `count` components, each invalid (one schema finding each), with a valid client calling the first. */
export function invalidComponentsText(count: number): string {
  const lines = ['  "web":{"kind":"client","calls":["c0"]}'];
  for (let i = 0; i < count; i++) lines.push(`  "c${i}":${INVALID[i % INVALID.length]}`);
  return `{"version":1,"name":"invalid-components","workload":{"peakRps":1000},\n"components":{\n${lines.join(',\n')}\n}}\n`;
}

/**
 * Components invalid in every way validation tells apart, several findings
 * to some, with valid ones between that call them and each other.
 */
const MIXED: readonly ((i: number) => string)[] = [
  (i) => `"m${i}":{"kind":"servce"}`,
  (i) => `"m${i}":{"kind":"service","instancs":2,"capacty":{},"zone":"a"}`,
  (i) => `"m${i}":{"kind":"database","instances":"3","replication":{"mode":"async","replicas":-1,"lag":{"p50":"5ms","p99":"1ms"}}}`,
  (i) => `"m ${i}!":{"kind":"service"}`,
  (i) => `"m${i}":{"kind":"service","calls":[1,{"share":2},{"to":"v${i}","op":"delete"}]}`,
  (i) => `"m${i}":{"instances":2}`,
  (i) => `"m${i}":{"kind":"cache","hitRatio":1e400,"ttl":"forever"}`,
  (i) => `"m${i}":{"kind":"loadBalancer","algorithm":"weighted","weights":[0,0],"healthCheck":{"interval":0}}`,
  (i) => `"m${i}":{"kind":"service","instances":2.5,"capacity":{"rps":1e20}}`,
  (i) => `"m${i}":"service"`,
  (i) => `"v${i}":{"kind":"service","instances":2,"calls":["v${i + 1}","m${i}","nowhere${i}"]}`,
];

/**
 * A file with `count` components invalid in every way (and valid ones
 * between), an invalid top level (a missing name, a workload out of bounds),
 * invalid scenarios, rules and accepted risks, still analysable: more than
 * the cap's worth of findings from the reader, validation and references.
 */
export function mixedInvalidText(count: number): string {
  const components = Array.from({ length: count }, (_, i) => `    ${MIXED[i % MIXED.length]!(i)}`);
  return [
    '{',
    '  "version": 2,',
    '  "workload": { "peakRps": -5, "readFraction": 1.5 },',
    '  "components": {',
    components.join(',\n'),
    '  },',
    '  "scenarios": [{ "name": "kill", "faults": [{ "at": "1s", "kill": "m0" }] }, { "faults": [] }, { "name": 3 }],',
    '  "rules": { "modulo-sharding": "of", "no-such-rule": "off" },',
    '  "accepted": [{ "rule": "capacity", "component": "v10", "reason": "" }, { "rule": "nope" }]',
    '}',
    '',
  ].join('\n');
}

/** What a mutation does to a file's plain value. */
type Mutation = (file: Record<string, any>, random: Random) => void;

const pick = <T>(random: Random, list: readonly T[]): T => list[random.intBelow(list.length)]!;
const componentIds = (file: Record<string, any>): string[] => Object.keys(file.components ?? {});

/** Mutations of the kinds a user makes by hand: misspellings, wrong types, values out of range, broken ids. */
const MUTATIONS: readonly Mutation[] = [
  (f, r) => {
    const id = pick(r, componentIds(f));
    f.components[id].kind = pick(r, ['servce', 'databse', '', 7]);
  },
  (f, r) => {
    const id = pick(r, componentIds(f));
    f.components[id][pick(r, ['instancs', 'capcity', 'zone', 'calls '])] = 1;
  },
  (f, r) => {
    const id = pick(r, componentIds(f));
    f.components[id][pick(r, ['instances', 'hitRatio', 'calls', 'region'])] = pick(r, ['3', -1, 2.5, 1e9, {}, [1]]);
  },
  (f, r) => {
    const id = pick(r, componentIds(f));
    const c = f.components[id];
    delete f.components[id];
    f.components[pick(r, [`${id}!`, ` ${id}`, `-${id}`, `${id}\u200b`])] = c;
  },
  (f, r) => {
    const id = pick(r, componentIds(f));
    delete f.components[id].kind;
  },
  (f, r) => {
    const id = pick(r, componentIds(f));
    f.components[id].calls = [pick(r, [...componentIds(f), 'nowhere']), { to: 5 }, { share: 3 }];
  },
  (f, r) => {
    const key = pick(r, ['name', 'version', 'workload', 'colour', 'rules', 'scenarios', 'accepted']);
    f[key] = pick(r, ['', 2, { peakRps: -1 }, { 'modulo-sharding': 'loud' }, [{ name: 'x', faults: [{ at: 'soon', kill: 'nowhere' }] }], [{ rule: 'capacity' }]]);
  },
];

/** `count` mutants of a valid topology's text (comments dropped), each with one to four mutations, the same for the same seed. */
export function mutantsOf(text: string, count: number, seed: number): string[] {
  const random = createRandom(seed);
  const out: string[] = [];
  for (let m = 0; m < count; m++) {
    const file = parseJsonc(text) as Record<string, any>;
    const n = 1 + random.intBelow(4);
    for (let k = 0; k < n; k++) pick(random, MUTATIONS)(file, random);
    out.push(JSON.stringify(file, null, 2));
  }
  return out;
}
