/**
 * Imports across topology files, in the core: resolution (missing, not a
 * topology, cycle, depth, clash, not exported, not declared), the analysis of
 * imported parts (load flows in, their findings placed on the import with a
 * related location in their file), and what references may name.
 */
import assert from 'node:assert/strict';
import { checkText, type CheckResult } from '../../../src/core/check';
import type { Finding } from '../../../src/core/findings';
import { MAX_IMPORT_DEPTH } from '../../../src/core/model/imports';
import { MemoryHost } from '../../support/memoryImportHost';

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** A platform: auth (16 instances) calls auth-db (one primary, manual failover); events is a queue; auth and events are exported. */
const PLATFORM = json({
  version: 1,
  name: 'platform',
  workload: { peakRps: 1000 },
  components: {
    products: { kind: 'client', calls: ['auth'] },
    auth: { kind: 'service', instances: 4, zones: ['a', 'b'], capacity: { rps: 1000 }, calls: [{ to: 'auth-db', op: 'read', share: 0.5 }] },
    'auth-db': { kind: 'database', capacity: { rps: 10000 } },
    events: { kind: 'queue', instances: 3, zones: ['a', 'b', 'c'] },
    secret: { kind: 'service', instances: 2, zones: ['a', 'b'] },
  },
  exports: ['auth', 'events', 'auth-db'],
});

/** A design of 2,000 rps whose api calls the platform's auth. */
function design(extra: Record<string, unknown> = {}, components: Record<string, unknown> = {}, imports: unknown[] = [{ from: '../platform/platform.scale.json', components: ['auth'] }]): string {
  return json({
    version: 1,
    name: 'shop',
    imports,
    workload: { peakRps: 2000, readFraction: 1 },
    components: {
      users: { kind: 'client', calls: ['api'] },
      api: { kind: 'service', instances: 3, zones: ['a', 'b'], calls: ['auth'] },
      ...components,
    },
    ...extra,
  });
}

function check(text: string, files: Record<string, string> = { '/repo/platform/platform.scale.json': PLATFORM }, file = '/repo/shop/shop.scale.json'): CheckResult {
  return checkText(text, { imports: { host: new MemoryHost(files), file } });
}

const of = (r: CheckResult, rule: string): Finding[] => r.findings.filter((f) => f.ruleId === rule);
const at = (text: string, f: Pick<Finding, "range">) => text.slice(f.range.offset, f.range.offset + f.range.length);

describe('imports across files', () => {
  it('brings a named component and what it depends on, and the importer\'s load flows into them', () => {
    const text = design();
    const r = check(text);
    assert.deepEqual(r.findings.filter((f) => f.severity === 'error').map((f) => f.message), []);
    const auth = r.topology!.components.get('auth')!;
    assert.equal(auth.origin?.file, '/repo/platform/platform.scale.json');
    assert.equal(auth.origin?.nameIndex, 0);
    assert.equal(r.topology!.components.get('auth-db')!.origin?.via, 'auth', 'auth-db comes as a dependency of auth');
    assert.equal(r.topology!.components.has('events'), false, 'what is not named or depended on is not imported');
    // 2,000 rps of the design reach auth, and half of them its database: the platform's own workload plays no part.
    assert.equal(r.load!.loads.get('auth')!.reads, 2000);
    assert.equal(r.load!.loads.get('auth-db')!.reads, 1000);
    assert.deepEqual([...r.imported.keys()], ['/repo/platform/platform.scale.json']);
  });

  it('reports a platform\'s single point of failure on the import, with a related location at its declaration in the platform file', () => {
    const text = design();
    const [spof] = of(check(text), 'single-point-of-failure');
    assert.ok(spof, 'auth-db is a single point of failure of the design');
    assert.match(spof.message, /^In "\.\.\/platform\/platform\.scale\.json" \(auth depends on it\): auth-db is a single point of failure/);
    assert.equal(at(text, spof), '"../platform/platform.scale.json"', 'placed on the import that brings it');
    const decl = spof.related![0]!;
    assert.equal(decl.file, '/repo/platform/platform.scale.json');
    assert.equal(decl.message, 'auth-db in "../platform/platform.scale.json"');
    assert.equal(PLATFORM.slice(decl.range.offset, decl.range.offset + decl.range.length), '"auth-db"', 'the range is in the platform file');
    assert.deepEqual(decl.path.slice(0, 2), ['components', 'auth-db']);
    assert.equal(spof.fixes, undefined, 'fixes edit the platform file: left to its own check');
    // A related location in the design itself stays there.
    assert.ok(spof.related!.some((x) => x.file === undefined && at(text, x) === '"users"'));
  });

  it('lets the importing design accept a platform finding for itself, with its reason', () => {
    const text = design({ accepted: [{ rule: 'single-point-of-failure', component: 'auth-db', reason: 'the platform team moves auth-db to automatic failover in Q3, PLAT-42' }] });
    const [spof] = of(check(text), 'single-point-of-failure');
    assert.equal(spof!.accepted?.reason, 'the platform team moves auth-db to automatic failover in Q3, PLAT-42');
    assert.deepEqual(of(check(text), 'stale-acceptance'), []);
    // The platform's own check is not the design's to accept for.
    assert.equal(checkText(PLATFORM).findings.find((f) => f.ruleId === 'single-point-of-failure')?.accepted, undefined);
  });

  it('places a finding about a named component on its name in the import', () => {
    // auth at 2,000 rps over 4 x 1,000: 50%; at 5,000 rps it is past its capacity.
    const text = design({ workload: { peakRps: 5000, readFraction: 1 } });
    const [capacity] = of(check(text), 'capacity').filter((f) => f.path[1] === 'auth');
    assert.ok(capacity);
    assert.equal(at(text, capacity), '"auth"');
    assert.match(capacity.message, /^In "\.\.\/platform\/platform\.scale\.json": auth is at 125% of capacity/);
  });

  it('refuses a missing file, and references to what it would have brought get no finding of their own', () => {
    const text = design({}, {}, [{ from: './nowhere.scale.json', components: ['auth'] }]);
    const r = check(text);
    assert.deepEqual(r.findings.filter((f) => f.severity === 'error').map((f) => [f.ruleId, f.message, at(text, f)]), [
      ['import', 'Cannot import "./nowhere.scale.json": there is no such file', '"./nowhere.scale.json"'],
    ]);
    assert.equal(r.modelErrors, 1, 'the design is not the system it describes: no simulation');
  });

  it('refuses a file that is not a topology, quoting its first error', () => {
    const r = check(design(), { '/repo/platform/platform.scale.json': '{ "version": 1, "name": ' });
    const [f] = of(r, 'import');
    assert.match(f!.message, /^Cannot import "\.\.\/platform\/platform\.scale\.json": it has 2 errors \(the first at 1:25: Expected "}" to close the object\); fix them there first$/);
    assert.equal(f!.related?.[0]?.file, '/repo/platform/platform.scale.json');
  });

  it('refuses a cycle, and a chain deeper than the bound', () => {
    const a = json({ version: 1, name: 'a', imports: [{ from: './b.scale.json', components: ['b'] }], workload: { peakRps: 1 }, components: { a: { kind: 'service', calls: ['b'] } } });
    const b = json({ version: 1, name: 'b', imports: [{ from: './a.scale.json', components: ['a'] }], workload: { peakRps: 1 }, components: { b: { kind: 'service', calls: ['a'] } } });
    const r = check(a, { '/repo/a.scale.json': a, '/repo/b.scale.json': b }, '/repo/a.scale.json');
    const [f] = of(r, 'import');
    assert.match(f!.message, /^Cannot import "\.\/b\.scale\.json": it has 1 error \(the first at \d+:\d+: Cannot import "\.\/a\.scale\.json": the imports form a cycle/);

    // f0 imports f1 imports … f9: the chain is cut at the bound, on the import that passes it.
    const files: Record<string, string> = {};
    for (let i = 0; i <= MAX_IMPORT_DEPTH + 1; i++) {
      files[`/repo/f${i}.scale.json`] = json({
        version: 1, name: `f${i}`, workload: { peakRps: 1 },
        ...(i <= MAX_IMPORT_DEPTH ? { imports: [{ from: `./f${i + 1}.scale.json`, components: [`c${i + 1}`] }] } : {}),
        components: { [`c${i}`]: { kind: 'service', ...(i <= MAX_IMPORT_DEPTH ? { calls: [`c${i + 1}`] } : {}) } },
      });
    }
    const deep = check(files['/repo/f0.scale.json']!, files, '/repo/f0.scale.json');
    const messages: string[] = [];
    for (let m = of(deep, 'import')[0]?.message; m; m = /the first at \d+:\d+: (.*)\); fix it there first$/.exec(m)?.[1]) messages.push(m);
    assert.match(messages.at(-1)!, new RegExp(`imports nest deeper than ${MAX_IMPORT_DEPTH} files`));
  });

  it('reads each file once per check, however many imports name it', () => {
    const host = new MemoryHost({ '/repo/platform/platform.scale.json': PLATFORM });
    const text = design({}, {}, [
      { from: '../platform/platform.scale.json', components: ['auth'] },
      { from: '../platform/./platform.scale.json', components: ['events'] },
    ]);
    const r = checkText(text, { imports: { host, file: '/repo/shop/shop.scale.json', cache: new Map() } });
    assert.deepEqual(of(r, 'import'), []);
    assert.equal(r.topology!.components.get('events')!.origin?.importIndex, 1);
  });

  it('refuses an id that clashes with the importer\'s own, named or as a dependency', () => {
    const named = design({}, { auth: { kind: 'service' } });
    const [f] = of(check(named), 'import');
    assert.equal(f!.message, '"auth" is imported from "../platform/platform.scale.json", and this file declares a component with that id: rename one of them');
    assert.equal(at(named, f!), '"auth"');
    assert.equal(at(named, f!.related![0]!), '"auth"');
    const dependency = design({}, { 'auth-db': { kind: 'database', instances: 2, zones: ['a', 'b'] } });
    assert.match(of(check(dependency), 'import')[0]!.message, /^"auth" from "\.\.\/platform\/platform\.scale\.json" depends on its "auth-db", and this file declares a component with that id/);
    // The design's own call to auth has no second finding.
    assert.deepEqual(of(check(dependency), 'unknown-reference'), []);
  });

  it('refuses a component the file does not export or does not declare, and one named twice', () => {
    const text = design({}, {}, [{ from: '../platform/platform.scale.json', components: ['auth', 'secret', 'atuh', 'auth'] }]);
    assert.deepEqual(of(check(text), 'import').map((f) => [f.message, at(text, f)]), [
      ['"../platform/platform.scale.json" does not export "secret": it exports "auth", "events", "auth-db"', '"secret"'],
      ['"../platform/platform.scale.json" declares no component "atuh"; did you mean "auth"?', '"atuh"'],
      ['"auth" is imported twice from "../platform/platform.scale.json"', '"auth"'],
    ]);
  });

  it('lets the importer name a dependency only once it imports it', () => {
    const text = design({}, { worker: { kind: 'service', calls: ['auth-db'] } });
    const r = check(text);
    const [f] = of(r, 'unknown-reference');
    assert.equal(f!.message, 'calls names "auth-db", which comes from "../platform/platform.scale.json" only as a dependency of what that import names: add it to the import\'s components to name it here');
    const named = check(design({}, { worker: { kind: 'service', calls: ['auth-db'] } }, [{ from: '../platform/platform.scale.json', components: ['auth', 'auth-db'] }]));
    assert.deepEqual(of(named, 'unknown-reference'), []);
    assert.equal(named.topology!.components.get('auth-db')!.origin?.nameIndex, 1);
  });

  it('says so when imports are not followed, and refuses what the host refuses', () => {
    const text = design();
    assert.equal(of(checkText(text), 'import')[0]!.message, 'Cannot import "../platform/platform.scale.json": imports are not followed where this file is checked');
    const outside = design({}, {}, [{ from: '../../etc/platform.scale.json', components: ['auth'] }]);
    assert.equal(of(check(outside), 'import')[0]!.message, 'Cannot import "../../etc/platform.scale.json": it is outside the repository, and imports are read only inside it');
  });

  it('refuses an import path that is absolute, a URL or not a topology file, as a schema error whose names do not cascade', () => {
    for (const from of ['/etc/platform.scale.json', 'https://example.com/p.scale.json', 'C:/p.scale.json', '..\\p.scale.json', './p.json']) {
      const text = design({}, {}, [{ from, components: ['auth'] }]);
      const r = check(text);
      assert.deepEqual(r.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId), ['schema'], from);
    }
  });
});
