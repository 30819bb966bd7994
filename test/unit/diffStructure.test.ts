/**
 * The semantic diff of `scale diff`: a corpus of edits, each a small JSONC
 * base and head with what the change must come out as (components, calls,
 * scenarios and file-level fields exactly; the graph and the renames where
 * they matter), then the examples edited for real, and hostile shapes.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits as applyJsoncEdits, findNodeAtLocation, getNodeValue, modify, parse, parseTree, type ParseError } from 'jsonc-parser';
import { applyEdits } from '../../src/core/findings';
import { createLanguageService } from '../../src/core/service/languageService';
import { MAX_RENAME_PAIRS, RENAME_THRESHOLD, structureDiff } from '../../src/core/diff/structure';
import type { ChangeStatus, DiffGraph, JsonValue, StructureDiff } from '../../src/core/diff/types';

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');

/** The JSONC text as the caller reads it; the corpus's texts must parse cleanly (the hostile ones say so). */
function value(text: string | undefined, tolerateErrors = false): JsonValue | undefined {
  if (text === undefined) return undefined;
  const errors: ParseError[] = [];
  const v = parse(text, errors, { allowTrailingComma: true }) as JsonValue;
  if (!tolerateErrors) assert.deepEqual(errors, [], `the fixture parses: ${text}`);
  return v;
}

/** A topology with these components (and more root members, such as scenarios). */
function topo(components: string, rest = ''): string {
  return `{
  "version": 1, "name": "shop", "workload": { "peakRps": 1000 },
  "components": { ${components} }${rest ? `,\n  ${rest}` : ''}
}`;
}

const SHOP = `
    "users": { "kind": "client", "calls": ["lb"] },
    "lb": { "kind": "loadBalancer", "instances": 2, "calls": ["web"] },
    "web": { "kind": "service", "instances": 2, "zones": ["a", "b"], "calls": ["db"] },
    "db": { "kind": "database", "engine": "postgres", "replication": { "mode": "async", "replicas": 1 } }`;

const SCENARIOS = `"scenarios": [
    { "name": "db dies", "faults": [{ "at": "30s", "kill": "db" }], "expect": { "lostWrites": 0 } },
    { "name": "web slow", "duration": "2m", "faults": [{ "at": "10s", "slow": "web#1", "latency": "5s" }, { "at": "50s", "restore": "web#1" }] }
  ]`;

type Parts = Partial<{
  components: Partial<StructureDiff['components']>;
  calls: Partial<StructureDiff['calls']>;
  scenarios: Partial<StructureDiff['scenarios']>;
  file: StructureDiff['file'];
}>;

interface Case extends Parts {
  name: string;
  base: string | undefined;
  head: string | undefined;
  /** Base id -> head id of the renames (none unless given). */
  renames?: [string, string][];
  nodes?: DiffGraph['nodes'];
  edges?: DiffGraph['edges'];
  /** The texts are meant not to parse cleanly. */
  broken?: boolean;
}

/** The whole expected structure: what a case does not name is empty. */
function expected(c: Parts): StructureDiff {
  return {
    components: { added: [], removed: [], changed: [], ...c.components },
    calls: { added: [], removed: [], changed: [], ...c.calls },
    scenarios: { added: [], removed: [], changed: [], ...c.scenarios },
    file: c.file ?? [],
  };
}

const unchangedShopNodes: DiffGraph['nodes'] = [
  { id: 'users', kind: 'client', status: 'unchanged' },
  { id: 'lb', kind: 'loadBalancer', status: 'unchanged' },
  { id: 'web', kind: 'service', status: 'unchanged' },
  { id: 'db', kind: 'database', status: 'unchanged' },
];
const unchangedShopEdges: DiffGraph['edges'] = [
  { from: 'users', to: 'lb', status: 'unchanged' },
  { from: 'lb', to: 'web', status: 'unchanged' },
  { from: 'web', to: 'db', status: 'unchanged' },
];

const NEW_FILE: Case = {
  name: 'no base: everything is added',
  base: undefined, head: topo(`"web": { "kind": "service", "calls": ["db"] }, "db": { "kind": "database" }`, `"scenarios": [{ "name": "s" }]`),
  components: { added: [{ id: 'web', kind: 'service' }, { id: 'db', kind: 'database' }] },
  calls: { added: [{ from: 'web', to: 'db', op: 'mixed' }] },
  scenarios: { added: ['s'] },
  file: [{ path: ['version'], after: 1 }, { path: ['name'], after: 'shop' }, { path: ['workload'], after: { peakRps: 1000 } }],
  nodes: [{ id: 'web', kind: 'service', status: 'added' }, { id: 'db', kind: 'database', status: 'added' }],
  edges: [{ from: 'web', to: 'db', status: 'added' }],
};

/** An edit that only adds, undone: the sides swap, what was added is removed, before and after swap. */
function undone(c: Case, name: string): Case {
  const removed = (status: ChangeStatus): ChangeStatus => (status === 'added' ? 'removed' : status);
  return {
    name, base: c.head, head: c.base,
    components: { removed: c.components?.added ?? [] },
    calls: { removed: c.calls?.added ?? [] },
    scenarios: { removed: c.scenarios?.added ?? [] },
    file: (c.file ?? []).map((f) => ({ path: f.path, before: f.after })),
    nodes: c.nodes?.map((n) => ({ ...n, status: removed(n.status) })),
    edges: c.edges?.map((e) => ({ ...e, status: removed(e.status) })),
  };
}

const CORPUS: Case[] = [
  // --- what never counts
  {
    name: 'the same text',
    base: topo(SHOP, SCENARIOS), head: topo(SHOP, SCENARIOS),
    nodes: unchangedShopNodes, edges: unchangedShopEdges,
  },
  {
    name: 'comments only',
    base: topo(SHOP, SCENARIOS),
    head: `// the shop, commented
{
  /* file */ "version": 1, "name": "shop", "workload": { "peakRps": 1000 /* at peak */ },
  "components": {
    "users": { "kind": "client", "calls": ["lb"] }, // entry point
    "lb": { "kind": "loadBalancer", "instances": 2, "calls": ["web"] },
    "web": { "kind": "service", "instances": 2, /* two zones */ "zones": ["a", "b"], "calls": ["db"] },
    "db": { "kind": "database", "engine": "postgres", "replication": { "mode": "async", "replicas": 1 } },
  },
  ${SCENARIOS}, // trailing comma too
}`,
    nodes: unchangedShopNodes, edges: unchangedShopEdges,
  },
  {
    name: 'whitespace only',
    base: topo(SHOP, SCENARIOS),
    head: JSON.stringify(parse(topo(SHOP, SCENARIOS)), null, '\t').replace(/\n/g, '\r\n'),
  },
  {
    name: 'reordered keys at every level (root, components, fields, nested objects, calls objects, scenarios)',
    base: topo(SHOP, SCENARIOS),
    head: `{
  ${SCENARIOS},
  "components": {
    "db": { "replication": { "replicas": 1, "mode": "async" }, "engine": "postgres", "kind": "database" },
    "web": { "calls": ["db"], "zones": ["a", "b"], "instances": 2, "kind": "service" },
    "users": { "calls": ["lb"], "kind": "client" },
    "lb": { "calls": ["web"], "instances": 2, "kind": "loadBalancer" }
  },
  "workload": { "peakRps": 1000 }, "name": "shop", "version": 1
}`,
  },
  {
    name: 'only $schema changed',
    base: `{ "$schema": "../schemas/scale.schema.json", "version": 1 }`,
    head: `{ "$schema": "https://example.com/scale.schema.json", "version": 1 }`,
  },

  // --- components added, removed, changed
  {
    name: 'a component added with a call to it',
    base: topo(SHOP),
    head: topo(`${SHOP}, "cache": { "kind": "cache", "engine": "redis", "instances": 2 }`.replace('"calls": ["db"]', '"calls": ["cache", "db"]')),
    components: { added: [{ id: 'cache', kind: 'cache' }] },
    calls: { added: [{ from: 'web', to: 'cache', op: 'mixed' }] },
    nodes: [...unchangedShopNodes, { id: 'cache', kind: 'cache', status: 'added' }],
    edges: [...unchangedShopEdges.slice(0, 2), { from: 'web', to: 'cache', status: 'added' }, unchangedShopEdges[2]!],
  },
  {
    name: 'a component removed with the call to it',
    base: topo(`${SHOP}, "cache": { "kind": "cache", "engine": "redis" }`.replace('"calls": ["db"]', '"calls": ["db", "cache"]')),
    head: topo(SHOP),
    components: { removed: [{ id: 'cache', kind: 'cache' }] },
    calls: { removed: [{ from: 'web', to: 'cache', op: 'mixed' }] },
    nodes: [...unchangedShopNodes, { id: 'cache', kind: 'cache', status: 'removed' }],
    edges: [...unchangedShopEdges, { from: 'web', to: 'cache', status: 'removed' }],
  },
  {
    name: 'a scalar field changed',
    base: topo(SHOP), head: topo(SHOP.replace('"kind": "service", "instances": 2', '"kind": "service", "instances": 3')),
    components: { changed: [{ id: 'web', kind: 'service', changes: [{ path: ['instances'], before: 2, after: 3 }] }] },
    nodes: unchangedShopNodes.map((n) => (n.id === 'web' ? { ...n, status: 'changed' } : n)),
    edges: unchangedShopEdges,
  },
  {
    name: 'a nested field changed',
    base: topo(SHOP), head: topo(SHOP.replace('"mode": "async"', '"mode": "semiSync"')),
    components: { changed: [{ id: 'db', kind: 'database', changes: [{ path: ['replication', 'mode'], before: 'async', after: 'semiSync' }] }] },
  },
  {
    name: 'an array field changed is one change of the whole array',
    base: topo(SHOP), head: topo(SHOP.replace('["a", "b"]', '["a", "b", "c"]')),
    components: { changed: [{ id: 'web', kind: 'service', changes: [{ path: ['zones'], before: ['a', 'b'], after: ['a', 'b', 'c'] }] }] },
  },
  {
    name: 'an array reordered is a change (zones place instances in turn)',
    base: topo(SHOP), head: topo(SHOP.replace('["a", "b"]', '["b", "a"]')),
    components: { changed: [{ id: 'web', kind: 'service', changes: [{ path: ['zones'], before: ['a', 'b'], after: ['b', 'a'] }] }] },
  },
  {
    name: 'a field written with its default value where it was left out is a change (compared literally)',
    base: topo(SHOP), head: topo(SHOP.replace('"kind": "database",', '"kind": "database", "instances": 1,')),
    components: { changed: [{ id: 'db', kind: 'database', changes: [{ path: ['instances'], after: 1 }] }] },
  },
  {
    name: 'a nested field removed, another added, and a whole object added',
    base: topo(`"web": { "kind": "service", "capacity": { "rps": 100, "cpuCores": 2 } }`),
    head: topo(`"web": { "kind": "service", "capacity": { "cpuCores": 2, "latency": "5ms" }, "healthCheck": { "interval": "2s" } }`),
    components: {
      changed: [{
        id: 'web', kind: 'service', changes: [
          { path: ['capacity', 'latency'], after: '5ms' },
          { path: ['capacity', 'rps'], before: 100 },
          { path: ['healthCheck'], after: { interval: '2s' } },
        ],
      }],
    },
  },
  {
    name: 'a kind changed under the same id is a field change, not a rename',
    base: topo(`"store": { "kind": "cache", "instances": 2 }`),
    head: topo(`"store": { "kind": "database", "instances": 2 }`),
    components: { changed: [{ id: 'store', kind: 'database', changes: [{ path: ['kind'], before: 'cache', after: 'database' }] }] },
  },

  // --- renames
  {
    name: 'a rename whose callers\' references are renamed: nothing else changed',
    base: topo(SHOP),
    head: topo(SHOP.replace('"calls": ["db"]', '"calls": ["orders-db"]').replace('"db": {', '"orders-db": {')),
    components: { changed: [{ id: 'orders-db', kind: 'database', renamedFrom: 'db', changes: [] }] },
    renames: [['db', 'orders-db']],
    nodes: [...unchangedShopNodes.slice(0, 3), { id: 'orders-db', kind: 'database', status: 'changed', renamedFrom: 'db' }],
    edges: [...unchangedShopEdges.slice(0, 2), { from: 'web', to: 'orders-db', status: 'unchanged' }],
  },
  {
    name: 'a rename with a field change',
    base: topo(SHOP),
    head: topo(SHOP.replace('"calls": ["db"]', '"calls": ["orders-db"]').replace('"db": {', '"orders-db": {').replace('"replicas": 1', '"replicas": 2')),
    components: { changed: [{ id: 'orders-db', kind: 'database', renamedFrom: 'db', changes: [{ path: ['replication', 'replicas'], before: 1, after: 2 }] }] },
    renames: [['db', 'orders-db']],
  },
  {
    name: 'a renamed caller: its calls are the same calls',
    base: topo(SHOP), head: topo(SHOP.replace('"users":', '"shoppers":')),
    components: { changed: [{ id: 'shoppers', kind: 'client', renamedFrom: 'users', changes: [] }] },
    renames: [['users', 'shoppers']],
    nodes: [{ id: 'shoppers', kind: 'client', status: 'changed', renamedFrom: 'users' }, ...unchangedShopNodes.slice(1)],
    edges: [{ from: 'shoppers', to: 'lb', status: 'unchanged' }, ...unchangedShopEdges.slice(1)],
  },
  {
    name: 'a rename with a call changed: the call is reported in head ids',
    base: topo(SHOP),
    head: topo(SHOP.replace('"calls": ["db"]', '"calls": [{ "to": "orders-db", "share": 0.5 }]').replace('"db": {', '"orders-db": {')),
    components: { changed: [{ id: 'orders-db', kind: 'database', renamedFrom: 'db', changes: [] }] },
    calls: { changed: [{ from: 'web', to: 'orders-db', op: 'mixed', changes: [{ path: ['share'], before: 1, after: 0.5 }] }] },
    renames: [['db', 'orders-db']],
    edges: [...unchangedShopEdges.slice(0, 2), { from: 'web', to: 'orders-db', status: 'changed' }],
  },
  {
    name: 'a reference other than a call follows the rename (sessionStore)',
    base: topo(`"web": { "kind": "service", "state": "external", "sessionStore": "sessions", "calls": ["sessions"] },
      "sessions": { "kind": "cache", "engine": "redis" }`),
    head: topo(`"web": { "kind": "service", "state": "external", "sessionStore": "session-cache", "calls": ["session-cache"] },
      "session-cache": { "kind": "cache", "engine": "redis" }`),
    components: { changed: [{ id: 'session-cache', kind: 'cache', renamedFrom: 'sessions', changes: [] }] },
    renames: [['sessions', 'session-cache']],
  },
  {
    name: 'a reference pointed elsewhere is a change, shown as written',
    base: topo(`"web": { "kind": "service", "sessionStore": "s1" }, "s1": { "kind": "cache" }, "s2": { "kind": "cache" }`),
    head: topo(`"web": { "kind": "service", "sessionStore": "s2" }, "s1": { "kind": "cache" }, "s2": { "kind": "cache" }`),
    components: { changed: [{ id: 'web', kind: 'service', changes: [{ path: ['sessionStore'], before: 's1', after: 's2' }] }] },
  },
  {
    name: 'two similar components, only one renamed',
    base: topo(`"web": { "kind": "service", "calls": ["cache-a", "cache-b"] },
      "cache-a": { "kind": "cache", "engine": "redis", "instances": 2 }, "cache-b": { "kind": "cache", "engine": "redis", "instances": 2 }`),
    head: topo(`"web": { "kind": "service", "calls": ["cache-a", "cache-c"] },
      "cache-a": { "kind": "cache", "engine": "redis", "instances": 2 }, "cache-c": { "kind": "cache", "engine": "redis", "instances": 2 }`),
    components: { changed: [{ id: 'cache-c', kind: 'cache', renamedFrom: 'cache-b', changes: [] }] },
    renames: [['cache-b', 'cache-c']],
  },
  {
    name: 'best first: the closest pair wins even when another base component comes first',
    // y–q 0.75 and y–p 0.6, but x–q is 1: x takes q, then y takes p.
    base: topo(`"y": { "kind": "service", "instances": 2, "zones": ["a"], "description": "shop", "capacity": { "rps": 1 } },
      "x": { "kind": "service", "instances": 2, "zones": ["a"], "description": "shop" }`),
    head: topo(`"p": { "kind": "service", "instances": 2, "zones": ["b"], "description": "shop", "capacity": { "rps": 1 } },
      "q": { "kind": "service", "instances": 2, "zones": ["a"], "description": "shop" }`),
    components: {
      changed: [
        { id: 'p', kind: 'service', renamedFrom: 'y', changes: [{ path: ['zones'], before: ['a'], after: ['b'] }] },
        { id: 'q', kind: 'service', renamedFrom: 'x', changes: [] },
      ],
    },
    renames: [['x', 'q'], ['y', 'p']],
  },
  {
    name: 'equally similar candidates pair in base order, then head order',
    base: topo(`"r1": { "kind": "cache", "engine": "redis" }, "r2": { "kind": "cache", "engine": "redis" }`),
    head: topo(`"a1": { "kind": "cache", "engine": "redis" }, "a2": { "kind": "cache", "engine": "redis" }`),
    components: {
      changed: [
        { id: 'a1', kind: 'cache', renamedFrom: 'r1', changes: [] },
        { id: 'a2', kind: 'cache', renamedFrom: 'r2', changes: [] },
      ],
    },
    renames: [['r1', 'a1'], ['r2', 'a2']],
  },
  {
    name: `a rename at exactly the threshold (${RENAME_THRESHOLD}: 2 equal of 4 features)`,
    base: topo(`"web": { "kind": "service", "calls": ["old"] }, "old": { "kind": "cache", "engine": "redis", "instances": 2 }`),
    head: topo(`"web": { "kind": "service", "calls": ["new"] }, "new": { "kind": "cache", "engine": "redis", "instances": 3 }`),
    components: { changed: [{ id: 'new', kind: 'cache', renamedFrom: 'old', changes: [{ path: ['instances'], before: 2, after: 3 }] }] },
    renames: [['old', 'new']],
  },
  {
    name: 'just under the threshold (2 equal of 5 features): removed and added',
    base: topo(`"web": { "kind": "service", "calls": ["old"] }, "old": { "kind": "cache", "engine": "redis", "instances": 2 }`),
    head: topo(`"web": { "kind": "service", "calls": ["new"] }, "new": { "kind": "cache", "engine": "redis", "instances": 3, "ttl": "1m" }`),
    components: { added: [{ id: 'new', kind: 'cache' }], removed: [{ id: 'old', kind: 'cache' }] },
    calls: { added: [{ from: 'web', to: 'new', op: 'mixed' }], removed: [{ from: 'web', to: 'old', op: 'mixed' }] },
    nodes: [
      { id: 'web', kind: 'service', status: 'unchanged' },
      { id: 'new', kind: 'cache', status: 'added' },
      { id: 'old', kind: 'cache', status: 'removed' },
    ],
    edges: [{ from: 'web', to: 'new', status: 'added' }, { from: 'web', to: 'old', status: 'removed' }],
  },
  {
    name: 'a weak match stays removed and added',
    base: topo(`"old": { "kind": "service", "instances": 2, "zones": ["a"], "calls": ["db"] }, "db": { "kind": "database" }`),
    head: topo(`"new": { "kind": "service", "instances": 4, "zones": ["b"], "calls": ["cache"] }, "db": { "kind": "database" }, "cache": { "kind": "cache" }`),
    components: { added: [{ id: 'new', kind: 'service' }, { id: 'cache', kind: 'cache' }], removed: [{ id: 'old', kind: 'service' }] },
    calls: { added: [{ from: 'new', to: 'cache', op: 'mixed' }], removed: [{ from: 'old', to: 'db', op: 'mixed' }] },
  },
  {
    name: 'another kind is never a rename, however alike',
    base: topo(`"store": { "kind": "cache", "instances": 2, "zones": ["a"] }`),
    head: topo(`"store2": { "kind": "database", "instances": 2, "zones": ["a"] }`),
    components: { added: [{ id: 'store2', kind: 'database' }], removed: [{ id: 'store', kind: 'cache' }] },
  },
  {
    name: 'components with nothing but a kind give no evidence of a rename',
    base: topo(`"a": { "kind": "service" }`), head: topo(`"b": { "kind": "service" }`),
    components: { added: [{ id: 'b', kind: 'service' }], removed: [{ id: 'a', kind: 'service' }] },
  },
  {
    name: 'a self-call follows the rename',
    base: topo(`"loop": { "kind": "service", "calls": ["loop"] }`), head: topo(`"cycle": { "kind": "service", "calls": ["cycle"] }`),
    components: { changed: [{ id: 'cycle', kind: 'service', renamedFrom: 'loop', changes: [] }] },
    renames: [['loop', 'cycle']],
    edges: [{ from: 'cycle', to: 'cycle', status: 'unchanged' }],
  },

  // --- calls
  {
    name: 'a call added between existing components',
    base: topo(SHOP), head: topo(SHOP.replace('"calls": ["web"]', '"calls": ["web", "db"]')),
    calls: { added: [{ from: 'lb', to: 'db', op: 'mixed' }] },
    edges: [unchangedShopEdges[0]!, unchangedShopEdges[1]!, { from: 'lb', to: 'db', status: 'added' }, unchangedShopEdges[2]!],
  },
  {
    name: 'a call removed',
    base: topo(SHOP), head: topo(SHOP.replace('"calls": ["db"]', '"calls": []')),
    calls: { removed: [{ from: 'web', to: 'db', op: 'mixed' }] },
    edges: [...unchangedShopEdges.slice(0, 2), { from: 'web', to: 'db', status: 'removed' }],
  },
  {
    name: 'an op changed is one call removed and another added (identity is caller, callee, op); the edge changed',
    base: topo(SHOP.replace('"calls": ["db"]', '"calls": [{ "to": "db", "op": "read" }]')),
    head: topo(SHOP.replace('"calls": ["db"]', '"calls": [{ "to": "db", "op": "write" }]')),
    calls: { added: [{ from: 'web', to: 'db', op: 'write' }], removed: [{ from: 'web', to: 'db', op: 'read' }] },
    edges: [...unchangedShopEdges.slice(0, 2), { from: 'web', to: 'db', status: 'changed' }],
  },
  {
    name: 'an op added while another stayed: the edge changed',
    base: topo(SHOP.replace('"calls": ["db"]', '"calls": [{ "to": "db", "op": "read" }]')),
    head: topo(SHOP.replace('"calls": ["db"]', '"calls": [{ "to": "db", "op": "read" }, { "to": "db", "op": "write", "share": 0.1 }]')),
    calls: { added: [{ from: 'web', to: 'db', op: 'write' }] },
    edges: [...unchangedShopEdges.slice(0, 2), { from: 'web', to: 'db', status: 'changed' }],
  },
  {
    name: 'a share changed',
    base: topo(SHOP.replace('"calls": ["db"]', '"calls": [{ "to": "db", "share": 0.5 }]')),
    head: topo(SHOP.replace('"calls": ["db"]', '"calls": [{ "to": "db", "share": 0.7 }]')),
    calls: { changed: [{ from: 'web', to: 'db', op: 'mixed', changes: [{ path: ['share'], before: 0.5, after: 0.7 }] }] },
    edges: [...unchangedShopEdges.slice(0, 2), { from: 'web', to: 'db', status: 'changed' }],
  },
  {
    name: 'fan-out and async changed, against the defaults of a bare id',
    base: topo(SHOP),
    head: topo(SHOP.replace('"calls": ["db"]', '"calls": [{ "to": "db", "fanout": 3, "async": true }]')),
    calls: { changed: [{ from: 'web', to: 'db', op: 'mixed', changes: [{ path: ['fanout'], before: 1, after: 3 }, { path: ['async'], before: false, after: true }] }] },
  },
  {
    name: 'a bare id and an object with the defaults written out are the same call',
    base: topo(SHOP),
    head: topo(SHOP.replace('"calls": ["db"]', '"calls": [{ "op": "mixed", "to": "db", "share": 1, "fanout": 1, "async": false }]').replace('"calls": ["web"]', '"calls": [{ "to": "web" }]')),
    edges: unchangedShopEdges,
  },
  {
    // A request makes its synchronous calls in order and stops at the first that fails: the order decides how its
    // failures split between failed and refused, so it is a change of the caller (the calls themselves are the same).
    name: 'synchronous calls reordered are one change of the caller\'s call order',
    base: topo(`"web": { "kind": "service", "calls": ["a", { "to": "b", "op": "write" }, "c"] }, "a": { "kind": "cache" }, "b": { "kind": "database" }, "c": { "kind": "queue" }`),
    head: topo(`"web": { "kind": "service", "calls": ["c", "a", { "to": "b", "op": "write" }] }, "a": { "kind": "cache" }, "b": { "kind": "database" }, "c": { "kind": "queue" }`),
    components: { changed: [{ id: 'web', kind: 'service', changes: [{ path: ['calls'], before: ['a', 'b (write)', 'c'], after: ['c', 'a', 'b (write)'] }] }] },
  },
  {
    name: 'an async call moved among synchronous ones is not a change (it never fails its caller)',
    base: topo(`"web": { "kind": "service", "calls": [{ "to": "q", "async": true }, "a", "b"] }, "a": { "kind": "cache" }, "b": { "kind": "database" }, "q": { "kind": "queue" }`),
    head: topo(`"web": { "kind": "service", "calls": ["a", "b", { "to": "q", "async": true }] }, "a": { "kind": "cache" }, "b": { "kind": "database" }, "q": { "kind": "queue" }`),
  },
  {
    name: 'a call added in the middle does not reorder the others',
    base: topo(`"web": { "kind": "service", "calls": ["a", "b"] }, "a": { "kind": "cache" }, "b": { "kind": "database" }, "c": { "kind": "queue" }`),
    head: topo(`"web": { "kind": "service", "calls": ["a", "c", "b"] }, "a": { "kind": "cache" }, "b": { "kind": "database" }, "c": { "kind": "queue" }`),
    calls: { added: [{ from: 'web', to: 'c', op: 'mixed' }] },
  },
  {
    name: 'a duplicated identical call removed: the first is kept, the second removed',
    base: topo(`"web": { "kind": "service", "calls": ["db", "db"] }, "db": { "kind": "database" }`),
    head: topo(`"web": { "kind": "service", "calls": ["db"] }, "db": { "kind": "database" }`),
    calls: { removed: [{ from: 'web', to: 'db', op: 'mixed' }] },
    edges: [{ from: 'web', to: 'db', status: 'changed' }],
  },
  {
    name: 'duplicated calls are paired in order',
    base: topo(`"web": { "kind": "service", "calls": [{ "to": "db", "share": 0.2 }, { "to": "db", "share": 0.3 }] }, "db": { "kind": "database" }`),
    head: topo(`"web": { "kind": "service", "calls": [{ "to": "db", "share": 0.2 }, { "to": "db", "share": 0.4 }] }, "db": { "kind": "database" }`),
    calls: { changed: [{ from: 'web', to: 'db', op: 'mixed', changes: [{ path: ['share'], before: 0.3, after: 0.4 }] }] },
  },

  // --- scenarios
  {
    name: 'a scenario added',
    base: topo(SHOP, SCENARIOS),
    head: topo(SHOP, SCENARIOS.replace('\n  ]', ',\n    { "name": "lb dies", "faults": [{ "at": "1s", "kill": "lb" }] }\n  ]')),
    scenarios: { added: ['lb dies'] },
  },
  {
    name: 'a scenario removed',
    base: topo(SHOP, SCENARIOS), head: topo(SHOP, SCENARIOS.replace(/,\n {4}\{ "name": "web slow".*\n/, '\n')),
    scenarios: { removed: ['web slow'] },
  },
  {
    name: 'scenarios reordered are not a change',
    base: topo(SHOP, SCENARIOS),
    head: topo(SHOP, `"scenarios": [
    { "duration": "2m", "name": "web slow", "faults": [{ "at": "10s", "slow": "web#1", "latency": "5s" }, { "at": "50s", "restore": "web#1" }] },
    { "name": "db dies", "expect": { "lostWrites": 0 }, "faults": [{ "kill": "db", "at": "30s" }] }
  ]`),
  },
  {
    name: 'a budget changed',
    base: topo(SHOP, SCENARIOS), head: topo(SHOP, SCENARIOS.replace('"lostWrites": 0', '"lostWrites": 10')),
    scenarios: { changed: [{ name: 'db dies', changes: [{ path: ['expect', 'lostWrites'], before: 0, after: 10 }] }] },
  },
  {
    name: 'a budget added to a scenario without one',
    base: topo(SHOP, SCENARIOS), head: topo(SHOP, SCENARIOS.replace('"duration": "2m",', '"duration": "2m", "expect": { "failedRequests": 100 },')),
    scenarios: { changed: [{ name: 'web slow', changes: [{ path: ['expect'], after: { failedRequests: 100 } }] }] },
  },
  {
    name: 'faults changed: one change of the whole list',
    base: topo(SHOP, SCENARIOS), head: topo(SHOP, SCENARIOS.replace('"at": "30s", "kill": "db"', '"at": "20s", "kill": "db"')),
    scenarios: { changed: [{ name: 'db dies', changes: [{ path: ['faults'], before: [{ at: '30s', kill: 'db' }], after: [{ at: '20s', kill: 'db' }] }] }] },
  },
  {
    name: 'faults reordered are not a change (each happens at its own time)',
    base: topo(SHOP, SCENARIOS),
    head: topo(SHOP, SCENARIOS.replace('[{ "at": "10s", "slow": "web#1", "latency": "5s" }, { "at": "50s", "restore": "web#1" }]', '[{ "restore": "web#1", "at": "50s" }, { "at": "10s", "slow": "web#1", "latency": "5s" }]')),
  },
  {
    name: 'faults naming a renamed component ("db", "web#1") are not a change',
    base: topo(SHOP, SCENARIOS),
    head: topo(SHOP.replace(/"db"/g, '"orders-db"').replace(/"web"/g, '"storefront"'), SCENARIOS.replace('"kill": "db"', '"kill": "orders-db"').replace(/web#1/g, 'storefront#1')),
    components: {
      changed: [
        { id: 'storefront', kind: 'service', renamedFrom: 'web', changes: [] },
        { id: 'orders-db', kind: 'database', renamedFrom: 'db', changes: [] },
      ],
    },
    renames: [['web', 'storefront'], ['db', 'orders-db']],
  },
  {
    name: 'a scenario\'s workload and duration changed',
    base: topo(SHOP, SCENARIOS),
    head: topo(SHOP, SCENARIOS.replace('"duration": "2m",', '"duration": "5m", "workload": { "peakRps": 10000 },')),
    scenarios: { changed: [{ name: 'web slow', changes: [{ path: ['duration'], before: '2m', after: '5m' }, { path: ['workload'], after: { peakRps: 10000 } }] }] },
  },
  {
    name: 'a scenario\'s workload field changed',
    base: topo(SHOP, `"scenarios": [{ "name": "10x", "workload": { "peakRps": 10000 } }]`),
    head: topo(SHOP, `"scenarios": [{ "name": "10x", "workload": { "peakRps": 20000 } }]`),
    scenarios: { changed: [{ name: '10x', changes: [{ path: ['workload', 'peakRps'], before: 10000, after: 20000 }] }] },
  },
  {
    name: 'scenarios of one name are paired in order',
    base: topo(SHOP, `"scenarios": [{ "name": "twice", "seed": 1 }, { "name": "twice", "seed": 2 }]`),
    head: topo(SHOP, `"scenarios": [{ "name": "twice", "seed": 1 }, { "name": "twice", "seed": 3 }, { "name": "twice", "seed": 4 }]`),
    scenarios: { added: ['twice'], changed: [{ name: 'twice', changes: [{ path: ['seed'], before: 2, after: 3 }] }] },
  },

  // --- file level
  {
    name: 'the workload changed',
    base: topo(SHOP), head: topo(SHOP).replace('"peakRps": 1000', '"peakRps": 2000, "readFraction": 0.9'),
    file: [{ path: ['workload', 'peakRps'], before: 1000, after: 2000 }, { path: ['workload', 'readFraction'], after: 0.9 }],
  },
  {
    name: 'name, description and rules changed',
    base: topo(SHOP, `"rules": { "modulo-sharding": "off", "capacity": "warning" }`),
    head: topo(SHOP, `"rules": { "capacity": "error" }, "description": "A shop."`).replace('"name": "shop"', '"name": "store"'),
    file: [
      { path: ['name'], before: 'shop', after: 'store' },
      { path: ['rules', 'capacity'], before: 'warning', after: 'error' },
      { path: ['rules', 'modulo-sharding'], before: 'off' },
      { path: ['description'], after: 'A shop.' },
    ],
  },

  // --- a side that does not exist
  NEW_FILE,
  undone(NEW_FILE, 'no head: everything is removed'),

  // --- hostile and partial shapes
  {
    name: 'components as an array on the base: nothing is read from it',
    base: `{ "components": [{ "kind": "service" }, "web"] }`,
    head: `{ "components": { "web": { "kind": "service" } } }`,
    components: { added: [{ id: 'web', kind: 'service' }] },
  },
  {
    name: 'components that are not objects, and a component without a kind',
    base: `{ "components": { "a": 5, "b": null, "c": [], "d": "service", "e": { "instances": 2 } } }`,
    head: `{ "components": { "a": { "kind": "cache" }, "b": 6, "e": { "kind": 7, "instances": 2 } } }`,
    components: { added: [{ id: 'a', kind: 'cache' }], changed: [{ id: 'e', kind: '', changes: [{ path: ['kind'], after: 7 }] }] },
  },
  {
    name: 'calls that are numbers, null, objects without a string "to" or with an unknown op are skipped; "calls" not a list is no calls',
    base: `{ "components": { "web": { "kind": "service", "calls": "db" }, "db": { "kind": "database" } } }`,
    head: `{ "components": { "web": { "kind": "service", "calls": [42, null, true, ["db"], { "op": "read" }, { "to": 5 }, { "to": "db", "op": "delete" }, { "to": "db", "op": 1 }, "db"] }, "db": { "kind": "database" } } }`,
    calls: { added: [{ from: 'web', to: 'db', op: 'mixed' }] },
  },
  {
    name: 'a call\'s unknown key and ill-typed share are compared as written',
    base: `{ "components": { "web": { "kind": "service", "calls": [{ "to": "db", "share": "half" }] } } }`,
    head: `{ "components": { "web": { "kind": "service", "calls": [{ "to": "db", "share": null, "note": "x" }] } } }`,
    calls: { changed: [{ from: 'web', to: 'db', op: 'mixed', changes: [{ path: ['share'], before: 'half', after: null }, { path: ['note'], after: 'x' }] }] },
    edges: [],
  },
  {
    name: 'scenarios without a name, with a name that is not a string, or not objects are skipped; "scenarios" not a list is none',
    base: `{ "scenarios": { "name": "x" } }`,
    head: `{ "scenarios": [{ "faults": [] }, { "name": 7 }, "s", null, [{ "name": "y" }], { "name": "ok", "faults": "not a list" }] }`,
    scenarios: { added: ['ok'] },
  },
  {
    name: 'faults that are not objects, and ill-typed targets, compare as written',
    base: topo(SHOP, `"scenarios": [{ "name": "s", "faults": [1, { "kill": 5 }, { "partition": { "between": ["db", [7, "db"]] } }, { "addShards": "db" }] }]`),
    head: topo(SHOP.replace(/"db"/g, '"store"'), `"scenarios": [{ "name": "s", "faults": [1, { "kill": 5 }, { "partition": { "between": ["db", [7, "store"]] } }, { "addShards": "db" }] }]`),
    components: { changed: [{ id: 'store', kind: 'database', renamedFrom: 'db', changes: [] }] },
    renames: [['db', 'store']],
  },
  {
    name: 'a root that is not an object on either side',
    base: `[1, 2, { "components": { "a": { "kind": "service" } } }]`, head: `"components"`,
    nodes: [], edges: [],
  },
  {
    name: 'text that does not parse as a whole: what the parser recovered is compared',
    base: topo(SHOP), head: topo(SHOP).replace('"instances": 2, "zones"', '"instances": 3 "zones"').slice(0, -30),
    broken: true,
    components: {
      changed: [
        { id: 'web', kind: 'service', changes: [{ path: ['instances'], before: 2, after: 3 }] },
        { id: 'db', kind: 'database', changes: [{ path: ['replication', 'mode'], before: 'async' }, { path: ['replication', 'replicas'], before: 1 }] },
      ],
    },
  },
  {
    name: 'ids with markup, Markdown and Mermaid syntax are carried verbatim',
    base: `{ "components": {
      "a]b": { "kind": "service", "calls": ["x-->y"] },
      "x-->y": { "kind": "database", "engine": "pg" }
    }, "scenarios": [{ "name": "<img src=x onerror=alert(1)>|\`x\`", "faults": [{ "kill": "x-->y#1" }] }] }`,
    head: `{ "components": {
      "a]b": { "kind": "service", "calls": ["<script>alert(1)</script>", { "to": "p|q", "op": "write" }] },
      "<script>alert(1)</script>": { "kind": "database", "engine": "pg" },
      "p|q": { "kind": "queue", "calls": ["\`tick\`"] },
      "\`tick\`": { "kind": "cache" }
    }, "scenarios": [{ "name": "<img src=x onerror=alert(1)>|\`x\`", "faults": [{ "kill": "<script>alert(1)</script>#1" }] }] }`,
    components: {
      added: [{ id: 'p|q', kind: 'queue' }, { id: '`tick`', kind: 'cache' }],
      changed: [{ id: '<script>alert(1)</script>', kind: 'database', renamedFrom: 'x-->y', changes: [] }],
    },
    calls: { added: [{ from: 'a]b', to: 'p|q', op: 'write' }, { from: 'p|q', to: '`tick`', op: 'mixed' }] },
    renames: [['x-->y', '<script>alert(1)</script>']],
    nodes: [
      { id: 'a]b', kind: 'service', status: 'unchanged' },
      { id: '<script>alert(1)</script>', kind: 'database', status: 'changed', renamedFrom: 'x-->y' },
      { id: 'p|q', kind: 'queue', status: 'added' },
      { id: '`tick`', kind: 'cache', status: 'added' },
    ],
    edges: [
      { from: 'a]b', to: '<script>alert(1)</script>', status: 'unchanged' },
      { from: 'a]b', to: 'p|q', status: 'added' },
      { from: 'p|q', to: '`tick`', status: 'added' },
    ],
  },
  {
    name: 'a call to an id no side declares is listed but not drawn',
    base: `{ "components": { "web": { "kind": "service", "calls": ["ghost"] } } }`,
    head: `{ "components": { "web": { "kind": "service", "calls": ["ghost", "phantom"] } } }`,
    calls: { added: [{ from: 'web', to: 'phantom', op: 'mixed' }] },
    nodes: [{ id: 'web', kind: 'service', status: 'unchanged' }],
    edges: [],
  },
];

describe('diff: the structure of a change', () => {
  it('has a corpus of at least 40 edits', () => {
    assert.ok(CORPUS.length >= 40, `${CORPUS.length} edits`);
    assert.equal(new Set(CORPUS.map((c) => c.name)).size, CORPUS.length, 'each edit has its own name');
  });

  for (const c of CORPUS) {
    it(c.name, () => {
      const result = structureDiff(value(c.base, c.broken), value(c.head, c.broken));
      assert.deepEqual(result.structure, expected(c));
      assert.deepEqual([...result.renames], c.renames ?? []);
      if (c.nodes) assert.deepEqual(result.graph.nodes, c.nodes);
      if (c.edges) assert.deepEqual(result.graph.edges, c.edges);
      // The same inputs, the same output, to the byte.
      assert.equal(JSON.stringify(structureDiff(value(c.base, c.broken), value(c.head, c.broken))), JSON.stringify(result));
    });
  }

  it('the graph: head order, then the removed; one edge per caller and callee in head ids', () => {
    const { graph } = structureDiff(value(topo(`
      "users": { "kind": "client", "calls": ["web", "old"] },
      "web": { "kind": "service", "calls": [{ "to": "db", "op": "read" }, { "to": "db", "op": "write" }, "gone"] },
      "db": { "kind": "database", "engine": "pg", "instances": 3 },
      "gone": { "kind": "cache", "ttl": "1m", "instances": 4 },
      "old": { "kind": "service", "instances": 9, "description": "legacy" }`)), value(topo(`
      "new": { "kind": "service", "instances": 9, "description": "legacy" },
      "users": { "kind": "client", "calls": ["web", "new"] },
      "web": { "kind": "service", "instances": 2, "calls": [{ "to": "db", "op": "write" }, { "to": "db", "op": "read", "share": 0.5 }] },
      "db": { "kind": "database", "engine": "pg", "instances": 3 }`)));
    assert.deepEqual(graph, {
      nodes: [
        { id: 'new', kind: 'service', status: 'changed', renamedFrom: 'old' },
        { id: 'users', kind: 'client', status: 'unchanged' },
        { id: 'web', kind: 'service', status: 'changed' },
        { id: 'db', kind: 'database', status: 'unchanged' },
        { id: 'gone', kind: 'cache', status: 'removed' },
      ],
      edges: [
        { from: 'users', to: 'web', status: 'unchanged' },
        { from: 'users', to: 'new', status: 'unchanged' },
        { from: 'web', to: 'db', status: 'changed' },
        { from: 'web', to: 'gone', status: 'removed' },
      ],
    });
  });

  it('an example: the instances of a service changed and a cache added give exactly those changes', () => {
    const text = fs.readFileSync(path.join(EXAMPLES, 'ecommerce.scale.json'), 'utf8');
    const edit = (t: string, at: (string | number)[], v: unknown, insert = false) =>
      applyJsoncEdits(t, modify(t, at, v, { formattingOptions: { insertSpaces: true, tabSize: 2 }, isArrayInsertion: insert }));
    let head = edit(text, ['components', 'web', 'instances'], 8);
    head = edit(head, ['components', 'product-cache'], { kind: 'cache', engine: 'redis', instances: 2, hitRatio: 0.8 });
    head = edit(head, ['components', 'web', 'calls', 1], { to: 'product-cache', op: 'read', share: 0.7 }, true);
    const result = structureDiff(value(text), value(head));
    assert.deepEqual(result.structure, expected({
      components: {
        added: [{ id: 'product-cache', kind: 'cache' }],
        changed: [{ id: 'web', kind: 'service', changes: [{ path: ['instances'], before: 6, after: 8 }] }],
      },
      calls: { added: [{ from: 'web', to: 'product-cache', op: 'read' }] },
    }));
    assert.deepEqual(result.graph.nodes.filter((n) => n.status !== 'unchanged'), [
      { id: 'web', kind: 'service', status: 'changed' },
      { id: 'product-cache', kind: 'cache', status: 'added' },
    ]);
    assert.deepEqual(result.graph.edges.filter((e) => e.status !== 'unchanged'), [{ from: 'web', to: 'product-cache', status: 'added' }]);
    assert.equal(result.graph.nodes.length, Object.keys(parse(head).components).length);
  });

  describe('every example', () => {
    const files = fs.readdirSync(EXAMPLES).filter((n) => n.endsWith('.scale.json'));

    it('against itself reformatted, comments dropped: no change', () => {
      for (const f of files) {
        const text = fs.readFileSync(path.join(EXAMPLES, f), 'utf8');
        const result = structureDiff(value(text), JSON.parse(JSON.stringify(value(text))) as JsonValue);
        assert.deepEqual(result.structure, expected({}), f);
        assert.ok(result.graph.nodes.every((n) => n.status === 'unchanged') && result.graph.edges.every((e) => e.status === 'unchanged'), f);
      }
    });

    it('each component renamed with the editor\'s rename (references and fault targets follow): one rename and nothing else', () => {
      const service = createLanguageService();
      let renamed = 0;
      for (const f of files) {
        const text = fs.readFileSync(path.join(EXAMPLES, f), 'utf8');
        const root = parseTree(text)!;
        for (const id of Object.keys((parse(text) as { components: object }).components)) {
          const key = findNodeAtLocation(root, ['components', id])!.parent!.children![0]!;
          const out = service.rename({ uri: `file:///x/${f}`, version: 1, text }, key.offset + 1, `${id}-v2`);
          assert.ok('edits' in out, `${f}: ${id}`);
          const result = structureDiff(value(text), value(applyEdits(text, out.edits)));
          const kind = (parse(text) as { components: Record<string, { kind: string }> }).components[id]!.kind;
          assert.deepEqual(result.structure, expected({ components: { changed: [{ id: `${id}-v2`, kind, renamedFrom: id, changes: [] }] } }), `${f}: ${id}`);
          assert.deepEqual([...result.renames], [[id, `${id}-v2`]]);
          renamed++;
        }
      }
      assert.ok(renamed > 40, `${renamed} renames`);
    });
  });

  it('docs/diff.md states the rename threshold and the pair limit the code uses', () => {
    const docs = fs.readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'diff.md'), 'utf8');
    const section = docs.slice(docs.indexOf('## What counts as a change'));
    assert.ok(section.includes(`**at least ${RENAME_THRESHOLD}**`), 'the threshold');
    assert.ok(section.includes(`more than ${MAX_RENAME_PAIRS.toLocaleString('en-US')} pairs`), 'the pair limit');
  });

  describe('robustness', () => {
    it('keys named like Object.prototype members are ids, fields and references like any other', () => {
      const read = (text: string) => getNodeValue(parseTree(text)!) as JsonValue;
      const base = `{ "components": {
        "__proto__": { "kind": "service", "instances": 1, "calls": ["constructor"] },
        "constructor": { "kind": "database", "toString": 1 },
        "toString": { "kind": "client", "calls": ["__proto__"] } },
        "scenarios": [{ "name": "__proto__", "hasOwnProperty": 1 }], "valueOf": 1 }`;
      const head = base.replace('"instances": 1', '"instances": 2').replace('"toString": 1', '"toString": 2')
        .replace('"calls": ["__proto__"]', '"calls": ["__proto__", { "to": "constructor", "__proto__": 1 }]').replace('"hasOwnProperty": 1', '"hasOwnProperty": 2').replace('"valueOf": 1', '"valueOf": 2');
      const result = structureDiff(read(base), read(head));
      assert.deepEqual(result.structure, expected({
        components: {
          changed: [
            { id: '__proto__', kind: 'service', changes: [{ path: ['instances'], before: 1, after: 2 }] },
            { id: 'constructor', kind: 'database', changes: [{ path: ['toString'], before: 1, after: 2 }] },
          ],
        },
        calls: { added: [{ from: 'toString', to: 'constructor', op: 'mixed' }] },
        scenarios: { changed: [{ name: '__proto__', changes: [{ path: ['hasOwnProperty'], before: 1, after: 2 }] }] },
        file: [{ path: ['valueOf'], before: 1, after: 2 }],
      }));
      // A plain parse turns "__proto__" into the object's prototype: nothing inherited is read as an id.
      assert.doesNotThrow(() => structureDiff(parse(base) as JsonValue, parse(head) as JsonValue));
      assert.deepEqual(structureDiff(parse(base) as JsonValue, parse(base) as JsonValue).structure, expected({}));
    });

    it('nesting ten thousand levels deep, in objects and in arrays', () => {
      const deep = (leaf: JsonValue, wrap: (v: JsonValue) => JsonValue) => {
        let v = leaf;
        for (let i = 0; i < 10_000; i++) v = wrap(v);
        return v;
      };
      const obj = (leaf: number) => deep(leaf, (v) => ({ a: v }));
      const arr = (leaf: number) => deep(leaf, (v) => [v]);
      const side = (leaf: number): JsonValue => ({ components: { web: { kind: 'service', deep: obj(leaf), list: arr(leaf) } }, deep: obj(leaf) });
      const result = structureDiff(side(1), side(2));
      const change = result.structure.components.changed[0]!.changes;
      assert.deepEqual(change.map((c) => [c.path.length, c.path.at(-1)]), [[10_001, 'a'], [1, 'list']]);
      assert.equal(change[0]!.before, 1);
      assert.deepEqual(result.structure.file.map((c) => [c.path.length, c.before, c.after]), [[10_001, 1, 2]]);
    });

    it(`renames are not looked for past ${MAX_RENAME_PAIRS} pairs, and are below it`, function () {
      this.timeout(60_000);
      const services = (n: number, prefix: string) =>
        Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, { kind: 'service', instances: i + 1, description: `unit ${i}` }]));
      const over = Math.floor(Math.sqrt(MAX_RENAME_PAIRS)) + 1;
      const big = structureDiff({ components: services(over, 'old') }, { components: services(over, 'new') });
      assert.equal(big.renames.size, 0);
      assert.equal(big.structure.components.removed.length, over);
      const under = Math.floor(Math.sqrt(MAX_RENAME_PAIRS)) - 1;
      const small = structureDiff({ components: services(under, 'old') }, { components: services(under, 'new') });
      assert.equal(small.renames.size, under);
      assert.ok([...small.renames].every(([b, h]) => b.slice(3) === h.slice(3)));
    });
  });
});
