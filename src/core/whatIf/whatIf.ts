/**
 * What the diagram's simulation panel asks of the core: the file's scenarios
 * run exactly as `scale simulate` runs them, and "what if" runs built from
 * the file plus a person's changes (workload, balancing algorithms, instance
 * counts and capacities, instances killed, slowed or restored, zones and
 * regions taken down or restored, when the faults happen and for how long).
 * Each run comes with its overlay: the figures the diagram draws of it.
 *
 * A what-if never touches the person's file: its changes are applied to a
 * copy of the text with jsonc-parser's edits, the copy goes through the same
 * validation as the file (so an impossible value is reported, not simulated),
 * and the faults become one more scenario at the end of the copy, run by the
 * same engine: a zone outage is the `{ "kill": { "zone": … } }` a scenario
 * would declare, so it costs what that scenario costs. Per-shard load and
 * the keys a new shard moves come from the same functions the engine uses
 * for its shard changes.
 */
import { applyEdits, type JSONPath, modify } from 'jsonc-parser';
import { checkText } from '../check';
import type { Finding } from '../findings';
import { nodeCountsOf } from '../model/nodeCounts';
import { domainsOfNodes, failureDomainsOf } from '../model/placement';
import type { ComponentData, PlaceData } from '../model/schema';
import type { ComponentNode, FaultPlace, Topology } from '../model/topology';
import { type ImportSnapshot, replayedImports, sameImportSnapshot } from '../model/imports';
import { buildGraph } from '../scenario/graph';
import { workloadKeys } from '../scenario/keyModel';
import { sig } from '../scenario/numbers';
import { runScenario } from '../scenario/runScenario';
import { keysMoved, RingCache, shardLoad } from '../scenario/shards';
import type { ScenarioResult } from '../scenario/types';
import { type BalancerAlgorithm, WHAT_IF_DURATION_MS, WHAT_IF_FAULT_AT_MS, WHAT_IF_RESTORE_AT_MS, WHAT_IF_SLOW_LATENCY_MS } from './whatIfOptions';
import { blockingFindings } from '../sim/simulable';
import { type SaturationCurve, saturationCurve, simulatedMultiples } from '../load/saturationCurve';
import type { TrafficModel } from '../load/traffic';
import { type SaturationPoint, saturationPoints } from '../scenario/saturationPoints';
import { type SimulationOverlay, simulationOverlay } from '../diagram/simulationOverlay';

/** Virtual nodes per shard of the ring a store is compared with when it declares none (the usual figure). */
export const COMPARISON_VNODES = 160;
/** Sharded stores shown with their per-shard load at most, and shards per store. */
export const MAX_SHARD_VIEWS = 32;
export const MAX_SHARDS_SHOWN = 1024;

/** A fault a person puts on one instance. */
export interface WhatIfFault {
  component: string;
  instance: number;
  action: 'kill' | 'slow';
  /** Per-request time of a slow instance (default WHAT_IF_SLOW_LATENCY_MS). */
  latencyMs?: number;
  /** Brings the instance back at WHAT_IF_RESTORE_AT_MS. */
  restore?: boolean;
}

/** A zone or region a person takes down: every instance placed in it, as a scenario's `{ "kill": { "zone": … } }` does. */
export interface WhatIfOutage extends FaultPlace {
  /** Brings the zone or region back at WHAT_IF_RESTORE_AT_MS. */
  restore?: boolean;
}

/** When a what-if's faults happen, and how long a restored one lasts. */
export interface WhatIfTiming {
  /** From the start of the run (before WHAT_IF_DURATION_MS). */
  atMs: number;
  /** A fault or outage with `restore` ends this long after it began. */
  durationMs: number;
}

/** A person's what-if: changes to the workload, balancers, instance counts and capacities, and faults. */
export interface WhatIfInput {
  seed: number;
  workload?: {
    peakRps?: number;
    readFraction?: number;
    keys?: { distribution: 'uniform' | 'zipf' | 'sequential'; exponent?: number };
  };
  algorithms?: { balancer: string; algorithm: BalancerAlgorithm }[];
  /** Instance counts in place of the file's. */
  instances?: { component: string; instances: number }[];
  /** Requests per second one instance serves (`capacity.rps`) in place of the file's. */
  capacity?: { component: string; rps: number }[];
  /** When the faults happen and how long restored ones last (default: at WHAT_IF_FAULT_AT_MS, back at WHAT_IF_RESTORE_AT_MS). */
  timing?: WhatIfTiming;
  faults?: WhatIfFault[];
  outages?: WhatIfOutage[];
}

/** What the panel shows of a file before anything runs. */
export interface TopologyOutline {
  name: string;
  workload: { peakRps: number; readFraction: number; keys: { distribution: 'uniform' | 'zipf' | 'sequential'; exponent?: number; cardinality: number } | null };
  components: OutlineComponent[];
  scenarios: { index: number; name: string }[];
  /** Scenarios in the file, valid or not (results say "1/4" as the CLI does). */
  declaredScenarios: number;
  /** The zones and regions the components name, in the order first named: what an outage may take down. */
  failureDomains: { zones: OutlineDomain[]; regions: OutlineDomain[] };
}

/** A zone or region, with the components that have nodes in it (clients aside), in the file's order. */
export interface OutlineDomain {
  name: string;
  components: string[];
}

/** A component, with what the panel can do to it. */
export interface OutlineComponent {
  id: string;
  kind: ComponentData['kind'];
  instances: number;
  /** Balancers: the declared algorithm. */
  algorithm?: BalancerAlgorithm;
  /** Requests per second one instance serves, when declared (`capacity.rps`). */
  capacityRps?: number;
  /** Declared in a file this one imports: a what-if changes none of its fields (its faults still run). */
  imported?: true;
  /** Data stores: units of data (shards, else instances) and replicas per primary. */
  store?: { units: number; replicas: number; replication: string };
}

/** Per-shard load of a sharded store under the what-if's workload, and what one more shard would move. */
export interface ShardView {
  component: string;
  strategy: string;
  shards: number;
  /** Requests per second per shard (the first MAX_SHARDS_SHOWN). */
  perShard: number[];
  meanRps: number;
  maxRps: number;
  maxOverMean: number;
  hottestShard: number;
  /** Keys moved by adding one shard: hash mod N against a ring (the store's vnodes, else COMPARISON_VNODES). */
  addShard: { modulo: number; ring: number; ringVnodes: number; ringMethod: 'exact' | 'expected' };
}

/** A what-if run. */
export interface WhatIfResult {
  outline: TopologyOutline;
  result: ScenarioResult;
  /** The run as the diagram draws it over the file's figures. */
  overlay: SimulationOverlay;
  /** The file scenario whose budgets the run is held to (one that injects the same kind of fault into the same component). */
  budgetFrom?: string;
  shards: ShardView[];
}

/** What running the file's scenarios gives: the same results as `scale simulate --seed`. */
export interface ScenarioRuns {
  outline: TopologyOutline;
  results: ScenarioResult[];
  /** Each result as the diagram draws it. */
  overlays: SimulationOverlay[];
}

/** A simulation the file (or the what-if applied to it) does not allow, with the reason. */
export class NotSimulated extends Error {}

/**
 * The outline of a file's text; throws NotSimulated when the file does not
 * validate. `imports`: the files its imports read where it was checked (the
 * webview has none of its own), as the functions below take them too.
 */
export function outlineOf(text: string, imports?: ImportSnapshot): TopologyOutline {
  return outline(simulable(text, 'the file', imports));
}

/** Runs scenarios of the file (by index; all of them when none are given), as `scale simulate --seed` does. */
export function runFileScenarios(text: string, seed: number, indices?: readonly number[], imports?: ImportSnapshot): ScenarioRuns {
  const topology = simulable(text, 'the file', imports);
  const wanted = indices ?? topology.scenarios.map((s) => s.index);
  const results = wanted.map((i) => runScenario(topology, i, { seed }));
  const instances = instancesOf(topology);
  return { outline: outline(topology), results, overlays: results.map((r) => simulationOverlay(r, instances)) };
}

/** Runs a what-if on a copy of the file's text (whose imports are the file's). */
export function runWhatIf(text: string, input: WhatIfInput, imports?: ImportSnapshot): WhatIfResult {
  const original = checkedFile(text, imports);
  const topology = original.topology;
  const edited = whatIfText(text, input, topology, original.value);
  const copy = simulable(edited.text, 'the what-if', imports);
  const index = copy.scenarios.at(-1)?.index;
  if (index === undefined || index !== edited.index) throw new NotSimulated('the what-if scenario does not validate');
  const result = runScenario(copy, index, { seed: input.seed });
  return { outline: outline(topology), result, overlay: simulationOverlay(result, instancesOf(copy)), ...(edited.budgetFrom !== undefined ? { budgetFrom: edited.budgetFrom } : {}), shards: shardViews(copy) };
}

/** The saturation chart of a file: its analytic lines, and the simulation run with no fault at a few multiples. */
export interface SaturationRun {
  curve: SaturationCurve;
  points: SaturationPoint[];
}

/** The saturation chart of a file's text, its points simulated with `seed` (as the report draws it for the same seed). */
export function runSaturation(text: string, seed: number, imports?: ImportSnapshot): SaturationRun {
  const file = checkedFile(text, imports);
  const load = file.load();
  if (!load) throw new NotSimulated('the file\'s workload gives no load to grow');
  return saturationRun(file.topology, load, seed);
}

/** The saturation chart of a checked topology, with its simulated points. */
export function saturationRun(topology: Topology, load: TrafficModel, seed: number): SaturationRun {
  const curve = saturationCurve(topology, load);
  // Nothing drawn, nothing to measure: no run.
  return { curve, points: curve.lines.length > 0 ? saturationPoints(topology, curve.lines.map((l) => l.id), simulatedMultiples(curve), seed) : [] };
}

/**
 * The file's text with the what-if applied: workload and algorithm changes
 * in place, the faults as a scenario appended to `scenarios` (with the
 * budgets of a file scenario that injects the same fault, if there is one).
 */
export function whatIfText(text: string, input: WhatIfInput, topology: Topology, value: unknown): { text: string; index: number; budgetFrom?: string } {
  let out = text;
  const set = (path: JSONPath, v: unknown) => {
    out = applyEdits(out, modify(out, path, v, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
  };
  const w = input.workload;
  if (w?.peakRps !== undefined) set(['workload', 'peakRps'], w.peakRps);
  if (w?.readFraction !== undefined) set(['workload', 'readFraction'], w.readFraction);
  if (w?.keys) {
    const keys = topology.file.workload.keys;
    // The engine assumes a uniform million keys when none are declared: a distribution needs a count.
    if (!keys) set(['workload', 'keys'], { distribution: w.keys.distribution, cardinality: workloadKeys(topology).cardinality });
    else set(['workload', 'keys', 'distribution'], w.keys.distribution);
    set(['workload', 'keys', 'exponent'], w.keys.distribution === 'zipf' ? (w.keys.exponent ?? keys?.exponent ?? 1) : undefined);
  }
  // An imported component is declared in its own file, which a what-if does not edit.
  const own = (id: string) => {
    const node = topology.components.get(id);
    return node && !node.origin ? node : undefined;
  };
  for (const a of input.algorithms ?? []) {
    if (own(a.balancer)?.kind === 'loadBalancer') set(['components', a.balancer, 'algorithm'], a.algorithm);
  }
  const counts = new Map<string, number>();
  for (const c of input.instances ?? []) {
    if (!own(c.component)) continue;
    set(['components', c.component, 'instances'], c.instances);
    counts.set(c.component, c.instances);
  }
  for (const c of input.capacity ?? []) if (own(c.component)) set(['components', c.component, 'capacity', 'rps'], c.rps);
  const at = input.timing?.atMs ?? WHAT_IF_FAULT_AT_MS;
  const back = input.timing ? at + input.timing.durationMs : WHAT_IF_RESTORE_AT_MS;
  const faults: Record<string, unknown>[] = [];
  for (const f of input.faults ?? []) {
    const node = topology.components.get(f.component);
    // The what-if's instance count: a server it adds may be killed too.
    const count = node && own(f.component) ? (counts.get(f.component) ?? node.instances) : node?.instances ?? 0;
    if (!node || !nameable(node) || !Number.isInteger(f.instance) || f.instance < 0 || f.instance >= count) continue;
    const target = `${f.component}#${f.instance}`;
    faults.push(f.action === 'kill'
      ? { at, kill: target }
      : { at, slow: target, latency: f.latencyMs ?? WHAT_IF_SLOW_LATENCY_MS });
    if (f.restore) faults.push({ at: back, restore: target });
  }
  const outages = namedOutages(input.outages ?? [], topology);
  for (const o of outages) {
    faults.push({ at, kill: placeData(o) });
    if (o.restore) faults.push({ at: back, restore: placeData(o) });
  }
  const borrowed = borrowBudgets(input.faults ?? [], outages, topology, value);
  const scenario = {
    name: 'what if',
    duration: WHAT_IF_DURATION_MS,
    seed: input.seed,
    faults,
    ...(borrowed ? { expect: borrowed.expect } : {}),
  };
  const declared = Array.isArray((value as { scenarios?: unknown } | null)?.scenarios) ? (value as { scenarios: unknown[] }).scenarios.length : 0;
  set(['scenarios', -1], scenario);
  return { text: out, index: declared, ...(borrowed ? { budgetFrom: borrowed.name } : {}) };
}

/** The outages of zones and regions the topology names, each once (the format refuses any other name). */
function namedOutages(outages: readonly WhatIfOutage[], topology: Topology): WhatIfOutage[] {
  const named = failureDomainsOf(topology.components.values());
  const known = { zone: new Set(named.zones), region: new Set(named.regions) };
  const seen = new Set<string>();
  return outages.filter((o) => {
    const key = `${o.kind} ${o.name}`;
    if (!known[o.kind]?.has(o.name) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A failure domain as a scenario's fault names it: `{ "zone": "us-east-1a" }`. */
function placeData(place: FaultPlace): PlaceData {
  return place.kind === 'zone' ? { zone: place.name } : { region: place.name };
}

/**
 * The `expect` of the first file scenario that kills (or slows) a component
 * the what-if kills (or slows), or takes down a zone or region it takes
 * down, as written.
 */
function borrowBudgets(faults: readonly WhatIfFault[], outages: readonly WhatIfOutage[], topology: Topology, value: unknown): { name: string; expect: unknown } | undefined {
  const raw = (value as { scenarios?: unknown } | null)?.scenarios;
  if (!Array.isArray(raw)) return undefined;
  type Declared = Topology['scenarios'][number]['faults'][number];
  const same: ((x: Declared) => boolean)[] = [
    ...faults.map((f) => (x: Declared) => x.target?.component === f.component && (f.action === 'kill' ? x.data.kill !== undefined : x.data.slow !== undefined)),
    ...outages.map((o) => (x: Declared) => x.data.kill !== undefined && x.place?.kind === o.kind && x.place.name === o.name),
  ];
  for (const matches of same) {
    for (const s of topology.scenarios) {
      const expect = (raw[s.index] as { expect?: unknown } | undefined)?.expect;
      if (expect === undefined || !s.data.expect) continue;
      if (s.faults.some(matches)) return { name: s.data.name, expect };
    }
  }
  return undefined;
}

/** Per-shard load of each sharded store at the topology's workload, and keys moved by one more shard. */
function shardViews(topology: Topology): ShardView[] {
  const w = topology.file.workload;
  const graph = buildGraph(topology, w.peakRps, w.readFraction);
  const rings = new RingCache();
  const out: ShardView[] = [];
  for (const n of graph.order) {
    const sharding = 'sharding' in n.node.data ? n.node.data.sharding : undefined;
    if (!sharding || out.length >= MAX_SHARD_VIEWS) continue;
    const s = sharding.shards;
    const load = shardLoad(sharding, s, workloadKeys(topology, sharding.key), n.load.reads, n.load.writes, rings);
    if (!load) continue;
    const vnodes = sharding.strategy === 'consistentHash' ? (sharding.vnodes ?? 1) : COMPARISON_VNODES;
    const ring = keysMoved({ ...sharding, strategy: 'consistentHash', vnodes }, s, s + 1, rings);
    const total = n.load.reads + n.load.writes;
    out.push({
      component: n.id,
      strategy: sharding.strategy,
      shards: s,
      perShard: load.perShard.slice(0, MAX_SHARDS_SHOWN),
      meanRps: sig(total / s),
      maxRps: load.load.busiestShardRps,
      maxOverMean: load.load.maxOverMean,
      hottestShard: load.load.hottestShard,
      addShard: { modulo: sig(keysMoved({ ...sharding, strategy: 'modulo' }, s, s + 1).fraction), ring: sig(ring.fraction), ringVnodes: ring.vnodesUsed ?? vnodes, ringMethod: ring.method },
    });
  }
  return out;
}

/** Each component's instance count in a topology. */
function instancesOf(topology: Topology): Map<string, number> {
  return new Map([...topology.components.values()].map((n) => [n.id, n.instances]));
}

/** Whether the file may name a component (in a scenario's fault): its own, or one it imports by name; not one that comes along with those. */
function nameable(node: ComponentNode): boolean {
  return node.origin === undefined || node.origin.nameIndex !== undefined;
}

function outline(topology: Topology): TopologyOutline {
  const w = topology.file.workload;
  const components: OutlineComponent[] = [];
  for (const node of topology.components.values()) {
    if (!nameable(node)) continue;
    const d = node.data;
    const c: OutlineComponent = { id: node.id, kind: node.kind, instances: node.instances };
    if (d.kind === 'loadBalancer') c.algorithm = d.algorithm;
    if ('capacity' in d && d.capacity?.rps !== undefined) c.capacityRps = d.capacity.rps;
    if (node.origin) c.imported = true;
    if (d.kind === 'database' || d.kind === 'cache' || d.kind === 'queue' || d.kind === 'directory') {
      const rep = 'replication' in d ? d.replication : undefined;
      c.store = { units: nodeCountsOf(d).units, replicas: rep?.replicas ?? 0, replication: rep ? `${rep.topology === 'singleLeader' ? '' : `${rep.topology}, `}${rep.mode}` : 'none' };
    }
    components.push(c);
  }
  return {
    name: topology.file.name,
    workload: { peakRps: w.peakRps, readFraction: w.readFraction, keys: w.keys ? { distribution: w.keys.distribution, ...(w.keys.exponent !== undefined ? { exponent: w.keys.exponent } : {}), cardinality: w.keys.cardinality } : null },
    components,
    scenarios: topology.scenarios.map((s) => ({ index: s.index, name: s.data.name })),
    declaredScenarios: topology.file.scenarios.length,
    failureDomains: outlineDomains(topology),
  };
}

/** The zones and regions the topology names, each with the components that have nodes in it. */
function outlineDomains(topology: Topology): TopologyOutline['failureDomains'] {
  const named = failureDomainsOf(topology.components.values());
  const zones = new Map(named.zones.map((name) => [name, [] as string[]]));
  const regions = new Map(named.regions.map((name) => [name, [] as string[]]));
  const regionSet = new Set(named.regions);
  for (const node of topology.components.values()) {
    // Clients are where requests come from: an outage takes none of them (as the engine's placeHits says).
    if (node.kind === 'client') continue;
    for (const p of domainsOfNodes(node.data, regionSet)) (p.kind === 'zone' ? zones : regions).get(p.name)?.push(node.id);
  }
  const list = (m: Map<string, string[]>) => [...m].map(([name, components]) => ({ name, components }));
  return { zones: list(zones), regions: list(regions) };
}

/**
 * The file's text last checked, and what it gave: each change of a what-if
 * control runs again on the same text, which need not be read again. (Only
 * the file's own text is kept; the edited copies differ each time.)
 */
let lastFile: { text: string; imports: ImportSnapshot | undefined; checked: Checked } | undefined;

/** A checked text: its topology, its plain value, and its load model (computed when first asked for). */
interface Checked {
  topology: Topology;
  value: unknown;
  load: () => TrafficModel | undefined;
}

/** The file's topology and plain value, checked once per text (and the imports it came with: each job's own copy, compared by what it holds). */
function checkedFile(text: string, imports: ImportSnapshot | undefined): Checked {
  if (lastFile?.text !== text || !sameImportSnapshot(lastFile.imports, imports)) lastFile = { text, imports, checked: checked(text, 'the file', imports) };
  return lastFile.checked;
}

/** The topology of a text that validates, with its plain value; NotSimulated otherwise (as `scale simulate` refuses it). */
function checked(text: string, what: string, imports: ImportSnapshot | undefined): Checked {
  // The analysis rules do not change the topology: only reading, validation and resolution run.
  const r = checkText(text, { rules: [], imports: replayedImports(imports) });
  const blocking: Finding | undefined = blockingFindings(r.findings)[0];
  if (!r.topology || blocking) throw new NotSimulated(`${what} does not validate${blocking ? `: ${blocking.message}` : ''}`);
  return { topology: r.topology, value: r.parsed.value, load: () => r.load };
}

function simulable(text: string, what: string, imports: ImportSnapshot | undefined): Topology {
  return checked(text, what, imports).topology;
}
