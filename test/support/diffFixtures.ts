/**
 * What `scale diff` computes for some changes, built by hand as the
 * renderers receive it: a change to examples/ecommerce.scale.json (web from
 * 3 to 6 instances and a catalogue cache added, with the figures the load
 * model and the scenario engine give for those two files), a file added, a
 * file deleted, a head that does not parse, a change to every component of
 * a 1,000-component topology, a 1,000-component graph where little changed,
 * and a change whose every text from the files is hostile; and the rows the
 * HTML page's tables must have for a comparison.
 */
import { outcomeRows } from '../../src/core/diff/diffWords';
import type { ComponentNumbers, DiffFinding, DiffGraph, DiffSide, FileDiff, LoadFigures, ScenarioOutcome, StructureDiff } from '../../src/core/diff/types';
import { COMMENT_MARKUP } from './markdownHazards';

/** A side that exists, parses and was simulated, with these finding counts. */
function side(label: string, findings: Partial<DiffSide['findings']> = {}): DiffSide {
  return { label, exists: true, analysed: true, modelErrors: 0, findings: { error: 0, warning: 0, info: 0, ...findings } };
}

/** A side the change has no file on. */
function absent(label: string): DiffSide {
  return { label, exists: false, analysed: false, modelErrors: 0, findings: { error: 0, warning: 0, info: 0 } };
}

function noStructure(): StructureDiff {
  return {
    components: { added: [], removed: [], changed: [] },
    calls: { added: [], removed: [], changed: [] },
    scenarios: { added: [], removed: [], changed: [] },
    file: [],
  };
}

/** A scenario outcome with every figure 0 but those given. */
function outcome(figures: Partial<ScenarioOutcome>): ScenarioOutcome {
  return {
    seed: 1, lostWrites: 0, writeDowntimeMs: 0, failedRequests: 0, failedRequestFraction: 0, keysMovedFraction: 0, staleReadFraction: 0,
    maxShardLoad: 1, rejectedWrites: 0, conflictingWrites: 0, detectionTimeMs: 0, unbounded: [], budgets: [], ...figures,
  };
}

function load(rps: number, figures: Partial<LoadFigures> = {}): LoadFigures {
  return { rps, busiestNodeRps: rps, nodes: 1, ...figures };
}

const ECOMMERCE = ['shoppers', 'cdn', 'edge-lb', 'web', 'sessions', 'catalog-db', 'cart-lb', 'cart', 'cart-store', 'checkout', 'payments', 'orders-db', 'order-queue', 'fulfilment'];
const KINDS: Record<string, string> = {
  shoppers: 'client', cdn: 'cdn', 'edge-lb': 'loadBalancer', web: 'service', sessions: 'cache', 'catalog-db': 'database', 'cart-lb': 'loadBalancer',
  cart: 'service', 'cart-store': 'database', checkout: 'service', payments: 'service', 'orders-db': 'database', 'order-queue': 'queue', fulfilment: 'service',
  'catalog-cache': 'cache',
};

/** The path of the example the change edits. */
export const ECOMMERCE_PATH = 'examples/ecommerce.scale.json';

/** web 3 → 6 instances, and a catalogue cache in front of catalog-db: the capacity error and the scenario's budget resolved, a single point of failure introduced. */
export function ecommerceChange(): FileDiff {
  const nodes: DiffGraph['nodes'] = ECOMMERCE.map((id) => ({ id, kind: KINDS[id]!, status: id === 'web' ? 'changed' as const : 'unchanged' as const }));
  nodes.splice(6, 0, { id: 'catalog-cache', kind: 'cache', status: 'added' });
  const edges: DiffGraph['edges'] = [
    ['shoppers', 'cdn'], ['cdn', 'edge-lb'], ['edge-lb', 'web'], ['web', 'sessions'], ['web', 'cart-lb'], ['web', 'checkout'], ['cart-lb', 'cart'],
    ['cart', 'cart-store'], ['checkout', 'payments'], ['checkout', 'orders-db'], ['checkout', 'order-queue'], ['order-queue', 'fulfilment'], ['fulfilment', 'orders-db'],
  ].map(([from, to]) => ({ from: from!, to: to!, status: 'unchanged' as const }));
  edges.push({ from: 'web', to: 'catalog-cache', status: 'added' }, { from: 'catalog-cache', to: 'catalog-db', status: 'added' }, { from: 'web', to: 'catalog-db', status: 'removed' });
  const introduced: DiffFinding[] = [{
    ruleId: 'single-point-of-failure', severity: 'warning', line: 376, column: 20, component: 'catalog-cache', path: ['components', 'catalog-cache'],
    message: 'catalog-cache is a single point of failure: the 3,990 rps (33.2% of shoppers\' requests) that reach it depend on its 1 instance',
  }];
  const resolved: DiffFinding[] = [
    {
      ruleId: 'capacity', severity: 'error', line: 61, column: 16, component: 'web', path: ['components', 'web', 'capacity'],
      message: 'web is at 105% of capacity at peak (error from 100%): its busiest instance takes 2,100 rps and its request rate saturates first; the ceiling is 11,429 rps of peak load (today 12,000): requests queue without bound and time out',
    },
    {
      ruleId: 'scenario-budget', severity: 'error', line: 390, column: 34, path: ['scenarios', 0, 'expect', 'failedRequestFraction'],
      message: 'Scenario "an API server dies": failedRequestFraction: measured 11.3%, budget 1% - violated; sampled, 49% of the events simulated',
    },
  ];
  const unchanged: DiffFinding[] = [{
    ruleId: 'async-failover-data-loss', severity: 'warning', line: 109, column: 17, component: 'sessions', path: ['components', 'sessions', 'replication', 'failover', 'mode'],
    message: 'async failover of sessions can lose about 3.26 acknowledged writes (200 writes/s per primary × 16.3 ms mean lag; 600 writes/s over 3 primaries; assumed lag, as none is declared: p50 10 ms, p99 100 ms) each time a primary dies',
  }];
  const components: ComponentNumbers[] = [
    { id: 'shoppers', before: load(12_000), after: load(12_000), moved: false },
    { id: 'web', before: load(6300, { busiestNodeRps: 2100, nodes: 3, utilization: 1.05, resource: 'rps', ceilingRps: 11_428.57 }), after: load(6300, { busiestNodeRps: 1050, nodes: 6, utilization: 0.525, resource: 'rps', ceilingRps: 22_857.14 }), moved: true },
    { id: 'catalog-cache', after: load(3990, { utilization: 0.0798, resource: 'rps', ceilingRps: 150_375.9 }), moved: true },
    { id: 'catalog-db', before: load(4590, { busiestNodeRps: 1330, nodes: 3, utilization: 0.3325, resource: 'rps', ceilingRps: 36_090.2 }), after: load(1398, { busiestNodeRps: 266, nodes: 3, utilization: 0.0665, resource: 'rps', ceilingRps: 180_451.1 }), moved: true },
    { id: 'checkout', before: load(174, { utilization: 0.193, resource: 'rps', ceilingRps: 62_068.97 }), after: load(174, { utilization: 0.193, resource: 'rps', ceilingRps: 62_068.97 }), moved: false },
  ];
  return {
    path: ECOMMERCE_PATH,
    status: 'modified',
    base: side(`${ECOMMERCE_PATH}@main`, { error: 2, warning: 1 }),
    head: side(ECOMMERCE_PATH, { warning: 2 }),
    structure: {
      components: {
        added: [{ id: 'catalog-cache', kind: 'cache' }],
        removed: [],
        changed: [{ id: 'web', kind: 'service', changes: [{ path: ['instances'], before: 3, after: 6 }] }],
      },
      calls: {
        added: [{ from: 'web', to: 'catalog-cache', op: 'read' }, { from: 'catalog-cache', to: 'catalog-db', op: 'mixed' }],
        removed: [{ from: 'web', to: 'catalog-db', op: 'read' }],
        changed: [],
      },
      scenarios: { added: [], removed: [], changed: [] },
      file: [],
    },
    graph: { nodes, edges },
    findings: { introduced, resolved, unchanged },
    numbers: {
      entries: [{ id: 'shoppers', before: { availability: 0.999957, p50Ms: 3.1, p99Ms: 412 }, after: { availability: 0.999961, p50Ms: 2.4, p99Ms: 287 }, moved: true }],
      peakRps: { before: 12_000, after: 12_000 },
      components,
      firstToSaturate: { before: { component: 'web', resource: 'rps', ceilingRps: 11_428.57 }, after: { component: 'web', resource: 'rps', ceilingRps: 22_857.14 } },
    },
    scenarios: [
      {
        name: 'an API server dies',
        before: outcome({
          failedRequests: 162_583, failedRequestFraction: 0.1129, rejectedWrites: 14_674, detectionTimeMs: 4300, sampled: 'web: simulated 49% of the requests',
          budgets: [{ metric: 'failedRequestFraction', budget: 0.01, measured: 0.1129, held: false, unbounded: false }, { metric: 'detectionTime', budget: 8000, measured: 4300, held: true, unbounded: false }],
        }),
        after: outcome({
          failedRequests: 4602, failedRequestFraction: 0.0032, detectionTimeMs: 4300, sampled: 'web: simulated 49% of the requests',
          budgets: [{ metric: 'failedRequestFraction', budget: 0.01, measured: 0.0032, held: true, unbounded: false }, { metric: 'detectionTime', budget: 8000, measured: 4300, held: true, unbounded: false }],
        }),
        moved: true,
      },
      {
        name: 'orders primary dies',
        before: outcome({ writeDowntimeMs: 20_000, budgets: [{ metric: 'lostWrites', budget: 0, measured: 0, held: true, unbounded: false }] }),
        after: outcome({ writeDowntimeMs: 20_000, budgets: [{ metric: 'lostWrites', budget: 0, measured: 0, held: true, unbounded: false }] }),
        moved: false,
      },
    ],
  };
}

/** A topology the change adds: every finding is introduced. */
export function addedFile(): FileDiff {
  return {
    path: 'topologies/search.scale.json',
    status: 'added',
    base: absent('topologies/search.scale.json@main'),
    head: side('topologies/search.scale.json', { warning: 1 }),
    structure: { ...noStructure(), components: { added: [{ id: 'search', kind: 'service' }, { id: 'index', kind: 'database' }], removed: [], changed: [] }, calls: { added: [{ from: 'search', to: 'index', op: 'read' }], removed: [], changed: [] } },
    graph: { nodes: [{ id: 'search', kind: 'service', status: 'added' }, { id: 'index', kind: 'database', status: 'added' }], edges: [{ from: 'search', to: 'index', status: 'added' }] },
    findings: { introduced: [{ ruleId: 'single-point-of-failure', severity: 'warning', line: 9, column: 5, component: 'index', path: ['components', 'index'], message: 'index is a single point of failure: the 800 rps that reach it depend on its 1 instance' }], resolved: [], unchanged: [] },
    numbers: { entries: [], peakRps: { after: 800 }, components: [{ id: 'search', after: load(800), moved: true }, { id: 'index', after: load(800, { utilization: 0.4, resource: 'diskIops', ceilingRps: 2000 }), moved: true }], firstToSaturate: { after: { component: 'index', resource: 'diskIops', ceilingRps: 2000 } } },
    scenarios: [],
  };
}

/** A topology the change deletes: every finding is resolved. */
export function deletedFile(): FileDiff {
  return {
    path: 'topologies/legacy.scale.json',
    status: 'deleted',
    base: side('topologies/legacy.scale.json@main', { error: 1 }),
    head: absent('topologies/legacy.scale.json'),
    structure: { ...noStructure(), components: { added: [], removed: [{ id: 'mainframe', kind: 'database' }], changed: [] } },
    graph: { nodes: [{ id: 'mainframe', kind: 'database', status: 'removed' }], edges: [] },
    findings: { introduced: [], resolved: [{ ruleId: 'multi-leader-conflicts', severity: 'error', line: 4, column: 3, component: 'mainframe', path: ['components', 'mainframe', 'replication'], message: 'mainframe replicates multi-leader with no conflict resolution' }], unchanged: [] },
    numbers: { entries: [], peakRps: { before: 100 }, components: [{ id: 'mainframe', before: load(100), moved: true }], firstToSaturate: {} },
    scenarios: [],
  };
}

/** A head that does not parse: its findings are the syntax findings, and what could be compared is. */
export function unparsedHead(): FileDiff {
  return {
    path: 'examples/url-shortener.scale.json',
    status: 'modified',
    base: side('examples/url-shortener.scale.json@main', { warning: 1 }),
    head: { label: 'examples/url-shortener.scale.json', exists: true, analysed: false, modelErrors: 1, notSimulated: 'the file does not parse', findings: { error: 1, warning: 0, info: 0 } },
    structure: noStructure(),
    graph: { nodes: [], edges: [] },
    findings: {
      introduced: [{ ruleId: 'syntax', severity: 'error', line: 12, column: 7, path: ['components'], message: 'Expected a property name in double quotes' }],
      // The base's hot-key finding is not resolved by a head no design rule judged: it is counted, not compared.
      resolved: [],
      unchanged: [],
      notCompared: 1,
    },
    numbers: { entries: [], peakRps: {}, components: [], firstToSaturate: {} },
    scenarios: [],
  };
}

/** Component ids of the generated topologies: svc-0000, svc-0001, … */
const svc = (i: number) => `svc-${String(i).padStart(4, '0')}`;

/** Calls of a generated topology: each component calls the next two (about 1.5 per component, as generated topologies have). */
function chainEdges(n: number, status: (from: number) => 'unchanged' | 'changed'): DiffGraph['edges'] {
  const edges: DiffGraph['edges'] = [];
  for (let i = 0; i + 1 < n; i++) {
    edges.push({ from: svc(i), to: svc(i + 1), status: status(i) });
    if (i % 2 === 0 && i + 2 < n) edges.push({ from: svc(i), to: svc(i + 2), status: status(i) });
  }
  return edges;
}

/** Every component of an `n`-component topology changed (instances 2 → 3), each with its numbers moved, and a finding per tenth resolved. */
export function bigChange(n = 1000): FileDiff {
  const ids = Array.from({ length: n }, (_, i) => svc(i));
  return {
    path: 'topologies/big.scale.json',
    status: 'modified',
    base: side('topologies/big.scale.json@main', { warning: n / 10 }),
    head: side('topologies/big.scale.json'),
    structure: { ...noStructure(), components: { added: [], removed: [], changed: ids.map((id) => ({ id, kind: 'service', changes: [{ path: ['instances'], before: 2, after: 3 }] })) } },
    graph: { nodes: ids.map((id) => ({ id, kind: 'service', status: 'changed' })), edges: chainEdges(n, () => 'unchanged') },
    findings: {
      introduced: [],
      resolved: ids.filter((_, i) => i % 10 === 0).map((id, i) => ({ ruleId: 'capacity', severity: 'warning', line: 10 + i * 7, column: 5, component: id, path: ['components', id, 'capacity'], message: `${id} is at 85% of capacity at peak (warning from 80%)` })),
      unchanged: [],
    },
    numbers: {
      entries: [],
      peakRps: { before: 50_000, after: 50_000 },
      components: ids.map((id, i) => ({ id, before: load(1000 + i, { nodes: 2, utilization: 0.85, resource: 'rps', ceilingRps: 58_823.5 }), after: load(1000 + i, { nodes: 3, utilization: 0.5667, resource: 'rps', ceilingRps: 88_235.3 }), moved: true })),
      firstToSaturate: { before: { component: svc(0), resource: 'rps', ceilingRps: 58_823.5 }, after: { component: svc(0), resource: 'rps', ceilingRps: 88_235.3 } },
    },
    scenarios: [],
  };
}

/** An `n`-component topology where only a few components (and their calls) changed: its diagram is collapsed to them and their neighbours. */
export function bigGraphSmallChange(n = 1000): FileDiff {
  const ids = Array.from({ length: n }, (_, i) => svc(i));
  const touched = new Set([100, 101, 500, 900]);
  return {
    path: 'topologies/big.scale.json',
    status: 'modified',
    base: side('topologies/big.scale.json@main'),
    head: side('topologies/big.scale.json'),
    structure: { ...noStructure(), components: { added: [], removed: [], changed: [...touched].map((i) => ({ id: svc(i), kind: 'service', changes: [{ path: ['instances'], before: 2, after: 4 }] })) } },
    graph: { nodes: ids.map((id, i) => ({ id, kind: 'service', status: touched.has(i) ? 'changed' : 'unchanged' })), edges: chainEdges(n, (i) => (touched.has(i) ? 'changed' : 'unchanged')) },
    findings: { introduced: [], resolved: [], unchanged: [] },
    numbers: { entries: [], peakRps: { before: 50_000, after: 50_000 }, components: [...touched].map((i) => ({ id: svc(i), before: load(1000, { nodes: 2 }), after: load(1000, { nodes: 4 }), moved: true })), firstToSaturate: {} },
    scenarios: [],
  };
}

/** The hostile texts used as ids, kinds, messages, paths, values and scenario names. */
export const HOSTILE_TEXTS = COMMENT_MARKUP;

/**
 * A change whose every text from the files is hostile, on both sides:
 * components added, removed, renamed and changed under hostile ids and
 * kinds, hostile calls, findings with hostile messages and paths, hostile
 * values, scenarios with hostile names, hostile file-level changes; the
 * path and the side labels are hostile too.
 */
export function hostileChange(): FileDiff {
  const t = HOSTILE_TEXTS;
  const at = (i: number) => t[i % t.length]!;
  const nodes: DiffGraph['nodes'] = t.map((id, i) => ({ id, kind: at(i + 1), status: (['added', 'removed', 'changed', 'unchanged'] as const)[i % 4]!, ...(i % 4 === 2 ? { renamedFrom: at(i + 3) } : {}) }));
  const edges: DiffGraph['edges'] = t.map((from, i) => ({ from, to: at(i + 1), status: (['added', 'removed', 'changed', 'unchanged'] as const)[i % 4]! }));
  const finding = (i: number): DiffFinding => ({ ruleId: at(i), severity: (['error', 'warning', 'info'] as const)[i % 3]!, line: i + 1, column: 1, component: at(i), path: ['components', at(i), at(i + 1)], message: at(i + 2) });
  return {
    path: `topologies/${at(0)}.scale.json`,
    status: 'modified',
    base: { ...side(at(1), { error: 3 }), notSimulated: at(2) },
    head: side(at(3), { warning: 3 }),
    structure: {
      components: {
        added: t.map((id, i) => ({ id, kind: at(i + 1) })),
        removed: t.map((id, i) => ({ id: `${id} old`, kind: at(i + 2) })),
        changed: t.map((id, i) => ({ id, kind: at(i + 3), renamedFrom: at(i + 4), changes: [{ path: [at(i), i], before: at(i + 5), after: { [at(i + 6)]: [at(i + 7), 1] } }] })),
      },
      calls: {
        added: t.map((from, i) => ({ from, to: at(i + 1), op: 'read' as const })),
        removed: t.map((from, i) => ({ from, to: at(i + 2), op: 'write' as const })),
        changed: t.map((from, i) => ({ from, to: at(i + 3), op: 'mixed' as const, changes: [{ path: ['share'], before: at(i), after: 0.5 }] })),
      },
      scenarios: { added: [...t], removed: t.map((s) => `${s} 2`), changed: t.map((name, i) => ({ name, changes: [{ path: ['faults', 0, 'kill'], before: at(i + 1), after: at(i + 2) }] })) },
      file: t.map((v, i) => ({ path: ['workload', at(i)], before: v, after: at(i + 1) })),
    },
    graph: { nodes, edges },
    findings: { introduced: t.map((_, i) => finding(i)), resolved: t.map((_, i) => finding(i + 1)), unchanged: t.map((_, i) => (i % 2 === 0 ? { ...finding(i + 2), was: at(i + 3) } : finding(i + 2))) },
    numbers: {
      entries: t.map((id, i) => ({ id, renamedFrom: at(i + 1), before: { availability: 0.999, p50Ms: null, p99Ms: null }, after: { availability: 0.9999, p50Ms: 5, p99Ms: 50 }, moved: true })),
      peakRps: { before: 1000, after: 2000 },
      components: t.map((id, i) => ({ id, renamedFrom: at(i + 1), before: load(100 + i, { utilization: 0.5, resource: at(i + 2), ceilingRps: 2000 }), after: load(200 + i, { utilization: 0.9, resource: at(i + 3), ceilingRps: 1100 }), moved: true })),
      firstToSaturate: { before: { component: at(0), resource: at(1), ceilingRps: 2000 }, after: { component: at(2), resource: at(3), ceilingRps: 1100 } },
    },
    scenarios: t.map((name, i) => ({
      name,
      before: outcome({ lostWrites: i, unbounded: [at(i)], budgets: [{ metric: at(i + 1), budget: 1, measured: 2, held: false, unbounded: false }] }),
      after: outcome({ lostWrites: i + 1, budgets: [{ metric: at(i + 1), budget: 1, measured: 0, held: true, unbounded: false }] }),
      moved: true,
    })),
  };
}

/** The rows each table of the HTML page must have for a comparison, by table name: counted from the comparison itself. */
export function expectedTableRows(f: FileDiff): Record<string, number> {
  const s = f.structure;
  const { peakRps, firstToSaturate } = f.numbers;
  return {
    introduced: f.findings.introduced.length,
    resolved: f.findings.resolved.length,
    unchanged: f.findings.unchanged.length,
    components: s.components.added.length + s.components.removed.length + s.components.changed.length,
    calls: s.calls.added.length + s.calls.removed.length + s.calls.changed.length,
    scenarios: s.scenarios.added.length + s.scenarios.removed.length + s.scenarios.changed.length,
    settings: s.file.length,
    entries: f.numbers.entries.filter((e) => e.moved).length,
    load: f.numbers.components.filter((c) => c.moved).length,
    saturation: (peakRps.before !== undefined || peakRps.after !== undefined ? 1 : 0) + (firstToSaturate.before || firstToSaturate.after ? 1 : 0),
    outcomes: f.scenarios.filter((d) => d.moved).flatMap(outcomeRows).length,
  };
}
