/**
 * What `diffTopology` says of a change beyond its structure: findings matched
 * by rule, severity and place (never by line), each component's load from the
 * load model on both sides, what saturates first, and scenarios run on both
 * sides with the same seed as `scale simulate` runs them.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../src/core/check';
import { availabilityOf } from '../../src/core/availability/availability';
import { diffTopology } from '../../src/core/diff/diff';
import { latencyOf } from '../../src/core/latency/latency';
import { availabilityFigure, figure } from '../../src/core/text/format';
import { runScenario } from '../../src/core/scenario/runScenario';
import { MemoryHost } from '../support/memoryImportHost';

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');
const read = (name: string) => fs.readFileSync(path.join(EXAMPLES, name), 'utf8');
const side = (label: string, text: string | undefined) => ({ label, read: text === undefined ? undefined : { text } });
const diff = (base: string | undefined, head: string | undefined, seed?: number) => diffTopology(side('base', base), side('head', head), { seed });

/** Replaces `from` (which must be there) with `to`. */
function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the text holds ${from}`);
  return text.replace(from, to);
}

describe('diffTopology', () => {
  const startup = read('startup.scale.json');

  it('finds nothing new when lines are added above every finding', () => {
    // Above the SLOs, the first thing findings are about.
    const moved = edit(startup, '"slos": [', '// Reviewed in March.\n  // Nothing changed below.\n\n\n  "slos": [');
    const d = diff(startup, moved);
    assert.equal(d.status, 'unchanged');
    assert.deepEqual([d.findings.introduced, d.findings.resolved], [[], []]);
    assert.equal(d.findings.unchanged.length, checkText(moved).findings.length);
    assert.ok(d.findings.unchanged.every((f) => f.was === undefined));
    // Listed as on the head: their lines moved by four.
    const first = d.findings.unchanged[0]!;
    const before = checkText(startup).findings[0]!;
    assert.equal(first.ruleId, before.ruleId);
    assert.equal(first.line, startup.slice(0, before.range.offset).split('\n').length + 4);
  });

  // A reviewer saw "unchanged" beside a finding whose figures the change had moved (a utilization, a p99).
  it('gives a finding on both sides whose figures moved the base\'s message (was); one whose figures did not, none', () => {
    const more = edit(startup, '"capacity": { "rps": 1500, "connectionPool": 100, "latency": "10ms" }', '"capacity": { "rps": 1600, "connectionPool": 100, "latency": "10ms" }');
    const d = diff(startup, more);
    assert.equal(d.status, 'modified');
    const capacity = d.findings.unchanged.find((f) => f.ruleId === 'capacity' && f.component === 'db')!;
    assert.match(capacity.message, /^db is at 125% of capacity/);
    assert.match(capacity.was!, /^db is at 133\.3% of capacity/);
    // Findings of other components read as before: no `was`.
    const lb = d.findings.unchanged.find((f) => f.ruleId === 'lone-load-balancer')!;
    assert.equal(lb.was, undefined);
    assert.ok(d.findings.unchanged.filter((f) => f.was !== undefined).every((f) => f.component === 'db' || f.ruleId === 'slo' || f.ruleId === 'headroom'), JSON.stringify(d.findings.unchanged.filter((f) => f.was !== undefined).map((f) => [f.ruleId, f.component])));
    // Figures that moved below what the messages show (133.333% → 133.332% of capacity, "133.3%" both): nothing new to read.
    const hair = diff(startup, edit(startup, '"capacity": { "rps": 1500, "connectionPool": 100, "latency": "10ms" }', '"capacity": { "rps": 1500.01, "connectionPool": 100, "latency": "10ms" }'));
    const same = hair.findings.unchanged.find((f) => f.ruleId === 'capacity' && f.component === 'db')!;
    assert.match(same.message, /^db is at 133\.3% of capacity/);
    assert.equal(same.was, undefined);
    assert.ok(hair.findings.unchanged.every((f) => f.was === undefined || f.was !== f.message));
  });

  it('gives each entry point\'s availability, p50 and p99 on both sides as scale paths computes them, moved when one reads otherwise', () => {
    const url = read('url-shortener.scale.json');
    const from = '"edge-lb": {\n      "kind": "loadBalancer",\n      "instances": 2,';
    const head = edit(url, from, from.replace('"instances": 2', '"instances": 3'));
    const d = diff(url, head);
    const paths = (text: string) => {
      const c = checkText(text);
      const a = availabilityOf(c.topology!, c.load!).path('clients');
      const l = latencyOf(c.topology!, c.load!).path('clients').all;
      return { availability: availabilityFigure(a.availability), p50Ms: figure(l.p50), p99Ms: figure(l.p99) };
    };
    assert.deepEqual(d.numbers.entries.map((e) => e.id), ['clients']);
    const [e] = d.numbers.entries;
    assert.equal(e!.moved, true);
    assert.deepEqual(e!.before, paths(url));
    assert.deepEqual(e!.after, paths(head));
    assert.ok(e!.after!.availability > e!.before!.availability, 'a third balancer instance is more available');
    // Comments move nothing.
    assert.equal(diff(url, `// reviewed\n${url}`).numbers.entries[0]!.moved, false);
  });

  it('keeps the findings of a renamed component as unchanged, and its load and scenario runs unmoved', () => {
    // The editor's rename: the declaration, the calls and the fault that name it.
    const renamed = startup.replaceAll('"orders"', '"orders-db"').replace('"kill": "orders"', '"kill": "orders-db"');
    const d = diff(startup, renamed);
    assert.deepEqual(d.structure.components.changed.map((c) => [c.id, c.renamedFrom, c.changes.length]), [['orders-db', 'orders', 0]]);
    assert.deepEqual(d.findings.introduced.map((f) => f.ruleId), []);
    assert.deepEqual(d.findings.resolved.map((f) => f.ruleId), []);
    const orders = d.findings.unchanged.filter((f) => f.component === 'orders-db').map((f) => f.ruleId).sort();
    assert.deepEqual(orders, ['async-failover-data-loss', 'stale-read']);
    // Their messages name the new id, but their figures are the same: no new figures. Only the budget the rename's
    // new sample measures otherwise (see resampledByRename below) reads anew.
    assert.deepEqual(d.findings.unchanged.filter((f) => f.was !== undefined).map((f) => [f.ruleId, f.path.join('.')]), [['scenario-budget', 'scenarios.0.expect.lostWrites']]);
    const numbers = d.numbers.components.find((c) => c.id === 'orders-db')!;
    assert.equal(numbers.renamedFrom, 'orders');
    assert.equal(numbers.moved, false, 'the same load under a new name');
    // A simulation draws a component's randomness by its id: run under the old id, the failover's sample differs.
    assert.notEqual(runScenario(checkText(startup).topology!, 0).metrics.lostWrites, runScenario(checkText(renamed).topology!, 0).metrics.lostWrites);
    assert.deepEqual(d.scenarios.filter((s) => s.moved).map((s) => s.name), [], 'run under the head\'s ids, the base gives the head\'s figures');
    const failover = d.scenarios.find((s) => s.name === 'orders primary dies')!;
    assert.equal(failover.resampledByRename, true);
    // The figures before are the base's as scale simulate gives them.
    assert.equal(failover.before!.lostWrites, runScenario(checkText(startup).topology!, 0).metrics.lostWrites);
    assert.deepEqual(d.scenarios.filter((s) => s.resampledByRename).map((s) => s.name), ['orders primary dies'], 'the other runs do not touch orders');
  });

  it('matches a finding on a call by the callee, wherever the call stands in the list', () => {
    // A call to a component nobody declares is an error at the call; the call moves from the end to the front.
    const last = edit(startup, '{ "to": "payments-db", "op": "write", "share": 0.05 }\n', '{ "to": "payments-db", "op": "write", "share": 0.05 },\n        "ghost"\n');
    const first = edit(startup, '"calls": [\n        "db",', '"calls": [\n        "ghost",\n        "db",');
    const at = (text: string) => checkText(text).findings.filter((f) => f.path.includes('calls')).map((f) => [f.ruleId, f.path.join('.')]);
    assert.deepEqual(at(last), [['unknown-reference', 'components.app.calls.11']]);
    assert.deepEqual(at(first), [['unknown-reference', 'components.app.calls.0']]);
    const d = diff(last, first);
    assert.deepEqual([d.findings.introduced, d.findings.resolved], [[], []]);
    assert.ok(d.findings.unchanged.some((f) => f.ruleId === 'unknown-reference'));
  });

  it('matches a scenario\'s budget findings by the scenario\'s name, not its index', () => {
    const text = edit(startup, '  "scenarios": [\n', '  "scenarios": [\n    { "name": "a new first scenario", "faults": [{ "at": "5s", "kill": "app#0" }] },\n');
    const d = diff(startup, text);
    assert.deepEqual(d.structure.scenarios.added, ['a new first scenario']);
    assert.deepEqual(d.findings.introduced, []);
    assert.deepEqual(d.findings.resolved, []);
    // Head order; the added scenario has no run before.
    assert.deepEqual(d.scenarios.map((s) => [s.name, s.moved, s.before !== undefined]), [
      ['a new first scenario', true, false],
      ['orders primary dies', false, true],
      ['add a listings shard', false, true],
      ['an app server dies', false, true],
    ]);
  });

  it('resolves a warning and introduces an error when a finding\'s severity rises', () => {
    // 1,960 rps on 3 x 700 = 2,100: 93% (a warning); on 3 x 600: 109% (an error).
    const warning = edit(startup, '"capacity": { "rps": 500, "cpuCores": 2, "latency": "80ms" }', '"capacity": { "rps": 700, "cpuCores": 2, "latency": "80ms" }');
    const error = edit(startup, '"capacity": { "rps": 500, "cpuCores": 2, "latency": "80ms" }', '"capacity": { "rps": 600, "cpuCores": 2, "latency": "80ms" }');
    const up = diff(warning, error);
    const appCapacity = (fs: readonly { ruleId: string; component?: string; severity: string }[]) => fs.filter((f) => f.ruleId === 'capacity' && f.component === 'app').map((f) => f.severity);
    assert.deepEqual(appCapacity(up.findings.resolved), ['warning']);
    assert.deepEqual(appCapacity(up.findings.introduced), ['error']);
    // The same severity with other numbers is the same finding.
    const same = diff(startup, error);
    assert.deepEqual(appCapacity(same.findings.unchanged), ['error']);
    assert.deepEqual(appCapacity(same.findings.introduced), []);
  });

  it('gives each component\'s load from the load model on both sides, and what saturates first', () => {
    const head = edit(startup, '"kind": "service", "instances": 3, "zones": ["us-east-1a"]', '"kind": "service", "instances": 6, "zones": ["us-east-1a"]');
    const d = diff(startup, head);
    const loadOf = (text: string, id: string) => checkText(text).load!.loads.get(id)!;
    const app = d.numbers.components.find((c) => c.id === 'app')!;
    assert.equal(app.moved, true);
    assert.equal(app.before!.busiestNodeRps, loadOf(startup, 'app').busiestNodeRps);
    assert.equal(app.after!.busiestNodeRps, loadOf(head, 'app').busiestNodeRps);
    assert.equal(app.after!.ceilingRps, loadOf(head, 'app').ceilingRps);
    assert.equal(app.after!.nodes, 6);
    // Twice the servers: half the load on each, twice the ceiling (to float residue).
    assert.ok(Math.abs(app.after!.busiestNodeRps * 2 - app.before!.busiestNodeRps) < 1e-9);
    assert.ok(Math.abs(app.after!.ceilingRps! - 2 * app.before!.ceilingRps!) < 1e-6);
    // Nothing else moved.
    assert.deepEqual(d.numbers.components.filter((c) => c.moved).map((c) => c.id), ['app']);
    assert.deepEqual(d.numbers.firstToSaturate.before, { component: 'db', resource: 'request rate', ceilingRps: 1500 });
    assert.deepEqual(d.numbers.firstToSaturate.after, { component: 'db', resource: 'request rate', ceilingRps: 1500 });
    assert.deepEqual(d.numbers.peakRps, { before: 2000, after: 2000 });
  });

  it('runs each scenario on both sides with the same seed, as scale simulate does', () => {
    const head = edit(startup, '"mode": "async", "replicas": 1, "lag"', '"mode": "sync", "replicas": 1, "lag"');
    const d = diff(startup, head, 9);
    const orders = d.scenarios.find((s) => s.name === 'orders primary dies')!;
    const topology = (text: string) => checkText(text).topology!;
    const simulated = (text: string) => runScenario(topology(text), 0, { seed: 9 });
    assert.equal(orders.before!.seed, 9);
    assert.equal(orders.after!.seed, 9);
    assert.equal(orders.before!.lostWrites, simulated(startup).metrics.lostWrites);
    assert.equal(orders.after!.lostWrites, simulated(head).metrics.lostWrites);
    assert.ok(orders.before!.lostWrites > 0);
    assert.equal(orders.after!.lostWrites, 0, 'sync replication loses no acknowledged write');
    assert.equal(orders.moved, true);
    assert.deepEqual(orders.before!.budgets.map((b) => [b.metric, b.held]), [['lostWrites', false], ['writeDowntime', false]]);
    assert.deepEqual(orders.after!.budgets.map((b) => [b.metric, b.held]), [['lostWrites', true], ['writeDowntime', false]]);
  });

  it('compares an added file with nothing, and a deleted one', () => {
    const added = diff(undefined, startup);
    assert.equal(added.status, 'added');
    assert.equal(added.base.exists, false);
    assert.equal(added.findings.introduced.length, checkText(startup).findings.length);
    assert.ok(added.numbers.components.every((c) => c.before === undefined && c.after !== undefined && c.moved));
    assert.ok(added.scenarios.every((s) => s.before === undefined && s.after !== undefined));
    const deleted = diff(startup, undefined);
    assert.equal(deleted.status, 'deleted');
    assert.equal(deleted.findings.resolved.length, checkText(startup).findings.length);
    assert.equal(deleted.path, 'base');
  });

  it('reports a side that does not read as a topology by its findings, and still compares the rest', () => {
    const broken = startup.replace('"workload": {', '"workload": {{');
    const d = diff(startup, broken);
    assert.equal(d.head.analysed, false);
    assert.ok(d.head.notSimulated);
    assert.ok(d.findings.introduced.some((f) => f.ruleId === 'syntax'));
    assert.ok(d.scenarios.every((s) => s.after === undefined));
    const notText = diffTopology(side('base', startup), { label: 'head', read: { prefix: '{', finding: { ruleId: 'syntax', severity: 'error', message: 'File is not valid UTF-8', path: [], range: { offset: 1, length: 0 } } } });
    assert.equal(notText.head.analysed, false);
    assert.deepEqual(notText.findings.introduced.map((f) => [f.ruleId, f.line, f.column]), [['syntax', 1, 2]]);
  });

  it('a head cut short resolves none of the base\'s findings of its design: they are not compared, and neither are load, paths or scenarios', () => {
    const cut = startup.slice(0, 600);
    const d = diff(startup, cut);
    assert.equal(d.head.analysed, false);
    assert.deepEqual(d.findings.resolved, [], 'a file cut short resolves nothing');
    const base = d.base.findings.error + d.base.findings.warning + d.base.findings.info;
    assert.ok(base > 10);
    assert.equal(d.findings.notCompared, base);
    assert.ok(d.findings.introduced.length > 0 && d.findings.introduced.every((f) => f.ruleId === 'syntax'));
    assert.deepEqual(d.numbers, { peakRps: {}, components: [], entries: [], firstToSaturate: {} }, 'no component reads as removed');
    assert.deepEqual(d.scenarios, [], 'no scenario reads as moved to nothing');
    // A base that does not read (a change mending a broken file): its syntax findings are resolved, and the head's are introduced, so that a gate on new errors still sees them.
    const mended = diff(cut, startup);
    assert.equal(mended.findings.notCompared, undefined);
    assert.ok(mended.findings.resolved.length > 0 && mended.findings.resolved.every((f) => f.ruleId === 'syntax'));
    assert.equal(mended.findings.introduced.length, mended.head.findings.error + mended.head.findings.warning + mended.head.findings.info);
  });

  it('compares no scenario of a side whose scenarios were not run (an error of references): none reads as moved to nothing', () => {
    const dangling = edit(startup, '"calls": [', '"calls": ["nowhere", ');
    const d = diff(startup, dangling);
    assert.equal(d.head.analysed, true);
    assert.ok(d.head.notSimulated);
    assert.deepEqual(d.scenarios, []);
    assert.ok(d.numbers.components.length > 0, 'its load is compared');
  });

  it('treats figures equal to float residue as not moved', () => {
    // 0.1 + 0.2 written as 0.30000000000000004 against 0.3: the load differs by residue only.
    const a = edit(startup, '{ "to": "search", "op": "read", "share": 0.2 }', '{ "to": "search", "op": "read", "share": 0.3 }');
    const b = edit(startup, '{ "to": "search", "op": "read", "share": 0.2 }', '{ "to": "search", "op": "read", "share": 0.30000000000000004 }');
    const d = diff(a, b);
    assert.equal(d.structure.calls.changed.length, 1, 'the file changed');
    assert.deepEqual(d.numbers.components.filter((c) => c.moved).map((c) => c.id), []);
  });

  it('with scenarios: false, gives the structure, graph and numbers of the full comparison and runs no scenario', () => {
    // The check's scenario budgets are simulations too: startup's scenarios have budgets, so a run would show as their findings.
    const head = edit(startup, '"kind": "service", "instances": 3, "zones": ["us-east-1a"]', '"kind": "service", "instances": 6, "zones": ["us-east-1a"]');
    const full = diff(startup, head);
    assert.ok(full.scenarios.length > 0 && full.findings.unchanged.some((f) => f.ruleId === 'scenario-budget'), 'the full comparison runs the scenarios');
    const quick = diffTopology(side('base', startup), side('head', head), { scenarios: false });
    assert.deepEqual(quick.scenarios, []);
    assert.deepEqual([...quick.findings.introduced, ...quick.findings.resolved, ...quick.findings.unchanged].filter((f) => f.ruleId === 'scenario-budget'), []);
    assert.deepEqual([quick.base.notSimulated, quick.head.notSimulated], [undefined, undefined], 'both sides could have been simulated');
    assert.deepEqual(quick.structure, full.structure);
    assert.deepEqual(quick.graph, full.graph);
    assert.deepEqual(quick.numbers, full.numbers);
  });

  it('uses a side\'s check when the caller already has it, instead of checking its text again', () => {
    const head = edit(startup, '"kind": "service", "instances": 3, "zones": ["us-east-1a"]', '"kind": "service", "instances": 6, "zones": ["us-east-1a"]');
    // A check made with other settings than the comparison's: its findings are the ones compared.
    const quiet = checkText(head, { ruleSettings: new Map([['stale-read', 'off']]), scenarioBudgets: false });
    const d = diffTopology(side('base', startup), { label: 'head', read: { text: head, checked: quiet } }, { scenarios: false });
    assert.ok(d.findings.resolved.some((f) => f.ruleId === 'stale-read'), 'the given check has no stale-read finding');
    assert.deepEqual(d.numbers, diffTopology(side('base', startup), side('head', head), { scenarios: false }).numbers);
  });

  describe('with imports', () => {
    const PLATFORM = JSON.stringify({
      version: 1, name: 'platform', workload: { peakRps: 1000 },
      components: {
        auth: { kind: 'service', instances: 4, zones: ['a', 'b'], calls: [{ to: 'auth-db', op: 'read', share: 0.5 }] },
        'auth-db': { kind: 'database' },
      },
    }, null, 2);
    const shop = (imports: string[]) => JSON.stringify({
      version: 1, name: 'shop', imports: imports.map((from, i) => ({ from, components: [i === imports.indexOf('../platform/platform.scale.json') ? 'auth' : `ghost${i}`] })),
      workload: { peakRps: 100 }, components: { users: { kind: 'client', calls: ['api'] }, api: { kind: 'service', instances: 2, zones: ['a', 'b'], calls: ['auth'] } },
    }, null, 2);
    const withImports = (label: string, text: string) => ({
      label, read: { text },
      imports: { host: new MemoryHost({ '/repo/platform/platform.scale.json': PLATFORM }), file: '/repo/shop/shop.scale.json' },
      fileName: (key: string) => key.replace('/repo/', ''),
    });

    it('follows each side\'s imports, and matches findings about imported components and about imports by the file the import names, not by its place in the list', () => {
      // The base imports the platform and a file that is gone; the head imports another missing file first, shifting both.
      const base = shop(['../platform/platform.scale.json', '../platform/gone.scale.json']);
      const head = shop(['../platform/new.scale.json', '../platform/platform.scale.json', '../platform/gone.scale.json']);
      const d = diffTopology(withImports('base', base), withImports('head', head), { scenarios: false });
      const list = (fs: readonly { ruleId: string; message: string }[]) => fs.map((f) => `${f.ruleId}: ${f.message}`).sort();
      assert.deepEqual(list(d.findings.introduced), ['import: Cannot import "../platform/new.scale.json": there is no such file']);
      assert.deepEqual(list(d.findings.resolved), []);
      const spof = d.findings.unchanged.find((f) => f.ruleId === 'single-point-of-failure')!;
      assert.match(spof.message, /^In "\.\.\/platform\/platform\.scale\.json" \(auth depends on it\): auth-db is a single point of failure/);
      assert.deepEqual(list(d.findings.unchanged.filter((f) => f.ruleId === 'import')), ['import: Cannot import "../platform/gone.scale.json": there is no such file']);
      // Placed on the from of the head's import that brings it, with the declaration in the platform file, named as the caller names it.
      assert.equal(spof.line, head.slice(0, head.indexOf('"../platform/platform.scale.json"')).split('\n').length);
      const declared = spof.related![0]!;
      assert.equal(declared.file, 'platform/platform.scale.json');
      assert.deepEqual(declared.path.slice(0, 2), ['components', 'auth-db']);
      assert.equal(declared.line, PLATFORM.slice(0, PLATFORM.indexOf('"auth-db": {')).split('\n').length);
      // Without the imports followed, neither side has the platform's finding.
      const blind = diffTopology(side('base', base), side('head', head), { scenarios: false });
      assert.equal([...blind.findings.unchanged, ...blind.findings.introduced].some((f) => f.ruleId === 'single-point-of-failure'), false);
    });
  });
});
