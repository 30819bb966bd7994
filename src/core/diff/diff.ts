/**
 * What a change to one topology file did: both sides are checked as
 * `scale check` checks them, their load models compared component by
 * component, each entry point's availability and latency compared as
 * `scale paths` gives them, and each scenario run on both sides with the
 * same seed as `scale simulate` runs it, so every figure here is the one
 * those commands print. Findings are matched by rule, severity and where they are (the JSON
 * path, with a renamed component under its new id, a scenario by its name,
 * a call by its callee, an import by the file it names), never by line: an
 * edit above a finding does not make it new. Each side follows its imports
 * with its own context (a revision's files for that revision), and a finding
 * about an imported component is matched by the import it comes through and
 * its path in that file.
 */
import { availabilityOf } from '../availability/availability';
import { type CheckOptions, type CheckResult, checkText } from '../check';
import { applyEdits, type Finding, type JsonPath, type RelatedLocation } from '../findings';
import { latencyOf } from '../latency/latency';
import { type ImportContext, importedOrigin } from '../model/imports';
import { indexReferences, renameEdits } from '../model/references';
import { firstToSaturate, RESOURCE_NAMES, type ComponentLoad } from '../load/traffic';
import type { Topology } from '../model/topology';
import { runScenario } from '../scenario/runScenario';
import type { ScenarioResult } from '../scenario/types';
import { availabilityFigure, finiteFigure } from '../text/format';
import { LineIndex } from '../text/lineIndex';
import { entryTexts, scenariosNotRun, unreadable, withNewFigures } from './diffWords';
import { structureDiff } from './structure';
import type { ComponentNumbers, DiffFinding, DiffRelated, DiffSide, EntryFigures, EntryNumbers, FileDiff, FindingsDiff, JsonValue, LoadFigures, NumbersDiff, ScenarioDelta, ScenarioOutcome } from './types';

/**
 * One side as read: its text (with its check, when the caller already has one: a language server keeps its
 * documents' checks), or the one finding that says why it is not text (with the text the finding's offset counts
 * in); none when the file does not exist on that side.
 */
export type DiffRead = { text: string; checked?: CheckResult } | { finding: Finding; prefix: string } | undefined;

/** One side of a comparison. */
export interface DiffInput {
  /** What the side is called in the output: a file name, or `path@revision`. */
  label: string;
  read: DiffRead;
  /** How this side's imports are read (each side as it was: a revision's files for that revision); without it, an import is a finding that says imports are not followed. */
  imports?: ImportContext;
  /** The name the output gives a file this side's imports read, from its host key (default: the key). */
  fileName?: (key: string) => string;
}

/** Options of a comparison. */
export interface DiffOptions {
  /** Severity settings on top of each file's own `rules` (as `scale check --rule`). */
  ruleSettings?: CheckOptions['ruleSettings'];
  /** Severity settings over everything, the file's own `rules` included (as `scale check --rule`). */
  ruleOverrides?: CheckOptions['ruleOverrides'];
  /** Seed of the scenarios that name none (as `scale simulate --seed`, or the project's); default 1. */
  seed?: number;
  /** The path shown for the file; defaults to the head's label (the base's when the head does not exist). */
  path?: string;
  /**
   * False: no scenario is run on either side, neither the scenarios compared nor the check's scenario budgets
   * (`scenarios` is then empty and no scenario-budget finding is compared): for a caller that draws the change and
   * needs its structure, graph and numbers only. Default true.
   */
  scenarios?: boolean;
  /** The files the change touched that this file imports, as the output names them, when that is why it is compared (see `FileDiff.importsChanged`). */
  importsChanged?: readonly string[];
}

/** A checked side: the check, its text's line index, its JSON value, its scenario runs by name, and how it reads imports. */
interface CheckedSide {
  side: DiffSide;
  findings: Finding[];
  lines: LineIndex;
  value: JsonValue | undefined;
  check: CheckResult | undefined;
  runs: Map<string, ScenarioResult>;
  imports: ImportContext | undefined;
  /** Places a related location in the file it is in. */
  related: (r: RelatedLocation) => DiffRelated;
}

/** A side's check as a comparison makes it, with that side's imports (a caller that keeps the check passes it in as `read.checked`). */
export function checkForDiff(text: string, options: DiffOptions, imports?: ImportContext): CheckResult {
  return checkText(text, { ruleSettings: options.ruleSettings, ruleOverrides: options.ruleOverrides, seed: options.seed, scenarioBudgets: options.scenarios !== false, imports });
}

/** Compares two sides of one topology file. */
export function diffTopology(base: DiffInput, head: DiffInput, options: DiffOptions = {}): FileDiff {
  const b = checkSide(base, options);
  const h = checkSide(head, options);
  const { structure, graph, renames } = structureDiff(b.value, h.value);
  const simulate = options.scenarios !== false;
  if (simulate) {
    runScenarios(b, options.seed);
    runScenarios(h, options.seed);
  }
  // A simulation draws each component's randomness by its id, so a renamed component's runs are other samples: the
  // base is run again under the head's ids, and a scenario whose runs then agree moved only by that.
  const renamedBase = simulate && renames.size > 0 ? renamedRuns(b, renames, options.seed) : undefined;
  const empty = structure.components.added.length + structure.components.removed.length + structure.components.changed.length +
    structure.calls.added.length + structure.calls.removed.length + structure.calls.changed.length +
    structure.scenarios.added.length + structure.scenarios.removed.length + structure.scenarios.changed.length + structure.file.length === 0;
  const findings = diffFindings(b, h, renames);
  const status = !b.side.exists ? 'added' : !h.side.exists ? 'deleted' : empty && findings.introduced.length + findings.resolved.length === 0 && withNewFigures(findings).length === 0 ? 'unchanged' : 'modified';
  return {
    path: options.path ?? (head.read ? head.label : base.label),
    status,
    ...(options.importsChanged ? { importsChanged: [...options.importsChanged] } : {}),
    base: b.side,
    head: h.side,
    structure,
    graph,
    findings,
    // A side that exists but does not read as a topology has no load or paths: nothing of them is compared (its
    // components would otherwise all read as removed or added).
    numbers: unreadable(b.side) || unreadable(h.side) ? { peakRps: {}, components: [], entries: [], firstToSaturate: {} } : diffNumbers(b.check, h.check, renames),
    // A side whose scenarios were not run has no outcome to compare: every run would read as moved to nothing.
    scenarios: scenariosNotRun(b.side) || scenariosNotRun(h.side) ? [] : diffScenarios(b, h, renamedBase),
  };
}

function checkSide(input: DiffInput, options: DiffOptions): CheckedSide {
  const read = input.read;
  const counts = (fs: readonly Finding[]) => ({ error: fs.filter((f) => f.severity === 'error').length, warning: fs.filter((f) => f.severity === 'warning').length, info: fs.filter((f) => f.severity === 'info').length });
  const unread = { value: undefined, check: undefined, runs: new Map(), imports: input.imports };
  if (read === undefined) {
    const lines = new LineIndex('');
    return { side: { label: input.label, exists: false, analysed: false, modelErrors: 0, findings: counts([]) }, findings: [], lines, ...unread, related: relatedPlacer(lines, undefined, input.fileName) };
  }
  if ('finding' in read) {
    const lines = new LineIndex(read.prefix);
    return {
      side: { label: input.label, exists: true, analysed: false, modelErrors: 1, notSimulated: read.finding.message, findings: counts([read.finding]) },
      findings: [read.finding], lines, ...unread, related: relatedPlacer(lines, undefined, input.fileName),
    };
  }
  const check = read.checked ?? checkForDiff(read.text, options, input.imports);
  const topology = check.topology;
  const simulable = topology !== undefined && check.modelErrors === 0;
  const notSimulated = simulable
    ? undefined
    : topology === undefined
      ? 'the file does not validate as a topology'
      : `the file has ${check.modelErrors} error${check.modelErrors === 1 ? '' : 's'} of reading, validation or references`;
  const lines = new LineIndex(read.text);
  return {
    side: { label: input.label, exists: true, analysed: topology !== undefined, modelErrors: check.modelErrors, ...(notSimulated ? { notSimulated } : {}), findings: counts(check.findings) },
    findings: check.findings,
    lines,
    value: check.parsed.root ? (check.parsed.value as JsonValue) : undefined,
    check,
    runs: new Map(),
    imports: input.imports,
    related: relatedPlacer(lines, check.imported, input.fileName),
  };
}

/** Places related locations: in the side's own text, or in the imported file a location names (its lines indexed once). */
function relatedPlacer(own: LineIndex, imported: CheckResult['imported'] | undefined, fileName: ((key: string) => string) | undefined): (r: RelatedLocation) => DiffRelated {
  const indexes = new Map<string, LineIndex>();
  return (r) => {
    const text = r.file === undefined ? undefined : imported?.get(r.file)?.text;
    let lines = own;
    if (r.file !== undefined && text !== undefined) {
      lines = indexes.get(r.file) ?? new LineIndex(text);
      indexes.set(r.file, lines);
    }
    const at = lines.positionAt(r.range.offset);
    return { message: r.message, ...(r.file !== undefined ? { file: fileName ? fileName(r.file) : r.file } : {}), path: [...r.path], line: at.line + 1, column: at.character + 1 };
  };
}

/** Runs a simulable side's scenarios by name, as `scale simulate` runs them. */
function runScenarios(side: CheckedSide, seed: number | undefined): void {
  const checked = side.check;
  if (!checked?.topology || checked.modelErrors > 0) return;
  runAll(checked.topology, seed, side.runs);
}

function runAll(topology: Topology, seed: number | undefined, into: Map<string, ScenarioResult>): void {
  for (const s of topology.scenarios) {
    // Names are unique in a valid file; the first of a repeated name stands for it.
    if (!into.has(s.data.name)) into.set(s.data.name, runScenario(topology, s.index, { seed }));
  }
}

/** The base's scenario runs with its renamed components under their head ids (declarations and references renamed in its text). */
function renamedRuns(side: CheckedSide, renames: ReadonlyMap<string, string>, seed: number | undefined): Map<string, ScenarioResult> | undefined {
  const parsed = side.check?.parsed;
  if (!parsed?.root || side.runs.size === 0) return undefined;
  const topology = checkText(applyEdits(parsed.text, renameEdits(parsed.text, indexReferences(parsed.root), renames)), { rules: [], imports: side.imports }).topology;
  if (!topology) return undefined;
  const runs = new Map<string, ScenarioResult>();
  runAll(topology, seed, runs);
  return runs;
}

// ---------------------------------------------------------------------------
// Findings

/**
 * Where a finding is, in terms that survive edits elsewhere: components by (head) id, scenarios by name, calls by
 * callee, imports by the file they name; an imported component by the import it comes through and its path in its
 * own file (the same on both sides while the import names the same file).
 */
function placeKey(path: JsonPath, side: CheckedSide, renames: ReadonlyMap<string, string> | undefined): string {
  const value = side.value;
  const out: (string | number)[] = [...path];
  const topology = side.check?.topology;
  const origin = topology && importedOrigin(topology, path);
  if (topology && origin) {
    if (out[2] === 'calls' && typeof out[3] === 'number') {
      const index = out[3];
      const to = topology.components.get(out[1] as string)?.calls.find((e) => e.path[3] === index)?.to;
      if (to !== undefined) out[3] = `->${to}`;
    }
    return JSON.stringify([`import:${origin.from}`, ...out]);
  }
  if (out[0] === 'components' && typeof out[1] === 'string') {
    const id = out[1];
    out[1] = renames?.get(id) ?? id;
    if (out[2] === 'calls' && typeof out[3] === 'number') {
      const to = calleeOf(member(member(member(value, 'components'), id), 'calls'), out[3]);
      if (to !== undefined) out[3] = `->${renames?.get(to) ?? to}`;
    }
  } else if (out[0] === 'scenarios' && typeof out[1] === 'number') {
    const name = member(member(value, 'scenarios'), out[1]);
    const named = member(name, 'name');
    if (typeof named === 'string') out[1] = `name:${named}`;
  } else if (out[0] === 'imports' && typeof out[1] === 'number') {
    const entry = member(member(value, 'imports'), out[1]);
    const from = member(entry, 'from');
    const name = out[2] === 'components' && typeof out[3] === 'number' ? member(member(entry, 'components'), out[3]) : undefined;
    if (typeof name === 'string') out[3] = `name:${name}`;
    if (typeof from === 'string') out[1] = `from:${from}`;
  }
  return JSON.stringify(out);
}

function member(value: JsonValue | undefined, key: string | number): JsonValue | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) return typeof key === 'number' ? value[key] : undefined;
  return typeof key === 'string' && Object.hasOwn(value, key) ? value[key] : undefined;
}

/** The callee of the call at `index` of a `calls` array: a bare id or the object's `to`. */
function calleeOf(calls: JsonValue | undefined, index: number): string | undefined {
  const call = member(calls, index);
  if (typeof call === 'string') return call;
  const to = member(call, 'to');
  return typeof to === 'string' ? to : undefined;
}

function diffFinding(f: Finding, side: CheckedSide): DiffFinding {
  const at = side.lines.positionAt(f.range.offset);
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    path: [...f.path],
    line: at.line + 1,
    column: at.character + 1,
    ...(f.path[0] === 'components' && typeof f.path[1] === 'string' ? { component: f.path[1] } : {}),
    ...(f.related?.length ? { related: f.related.map(side.related) } : {}),
    ...(f.accepted ? { accepted: { reason: f.accepted.reason } } : {}),
  };
}

/** The rules that judge a file as it is read: the only ones run on a side that does not read as a topology. */
const READING_RULES: ReadonlySet<string> = new Set(['syntax', 'schema']);

/**
 * Pairs the findings of the two sides by rule, severity and place; of several
 * at one place, in order. A finding whose severity changed is resolved at
 * the old and introduced at the new (a warning that became an error is a
 * new error to a gate).
 */
function diffFindings(b: CheckedSide, h: CheckedSide, renames: ReadonlyMap<string, string>): FindingsDiff {
  // Accepting a finding (or no longer accepting it) is a change of it: resolved as it was, introduced as it is.
  const key = (f: Finding, side: CheckedSide, map?: ReadonlyMap<string, string>) => `${f.ruleId}\n${f.severity}\n${f.accepted ? 'accepted' : ''}\n${placeKey(f.path, side, map)}`;
  // A head that does not read as a topology was judged by the reading rules alone: the base's other findings are not
  // resolved by it (a file cut short would "resolve" every one), only not compared.
  const unread = unreadable(h.side);
  const compared = unread ? b.findings.filter((f) => READING_RULES.has(f.ruleId)) : b.findings;
  const waiting = new Map<string, Finding[]>();
  for (const f of compared) {
    const k = key(f, b, renames);
    const list = waiting.get(k);
    if (list) list.push(f);
    else waiting.set(k, [f]);
  }
  const introduced: DiffFinding[] = [];
  const unchanged: DiffFinding[] = [];
  for (const f of h.findings) {
    const list = waiting.get(key(f, h));
    if (list && list.length > 0) {
      const base = list.shift()!;
      // The same finding, its figures moved (a utilization, a p99): the reviewer sees both. A message that differs
      // only in words (a renamed component's id) is no new figure, and figures that moved below what the message
      // shows (133.33% → 133.32%, "133.3%" both) change nothing a reader sees.
      unchanged.push(base.message !== f.message && findingFiguresMoved(base, f) ? { ...diffFinding(f, h), was: base.message } : diffFinding(f, h));
    } else {
      introduced.push(diffFinding(f, h));
    }
  }
  const left = new Set([...waiting.values()].flat());
  const resolved = compared.filter((f) => left.has(f)).map((f) => diffFinding(f, b));
  return { introduced, resolved, unchanged, ...(unread && compared.length < b.findings.length ? { notCompared: b.findings.length - compared.length } : {}) };
}

// ---------------------------------------------------------------------------
// Numbers

/** Figures equal but for float residue are equal: a change must be more than this share of the larger. */
const RESIDUE = 1e-9;

function differs(a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return a !== b;
  // An unbounded figure (a p99 past saturation) differs from every bounded one.
  if (!Number.isFinite(a) || !Number.isFinite(b)) return !Object.is(a, b);
  return Math.abs(a - b) > RESIDUE * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Whether a finding's figures differ between the sides: the numbers and flags
 * of its data (each rounded as the rule reported it), a key on one side only
 * or a value moved past float residue (a bound that became finite too).
 */
function findingFiguresMoved(a: Finding, b: Finding): boolean {
  const figures = (f: Finding) => new Map(Object.entries(f.data ?? {}).filter((e): e is [string, number | boolean] => typeof e[1] !== 'string'));
  const x = figures(a);
  const y = figures(b);
  if (x.size !== y.size) return true;
  for (const [k, v] of x) {
    const w = y.get(k);
    if (w === undefined || typeof v !== typeof w) return true;
    if (typeof v === 'number' && typeof w === 'number' ? differs(v, w) : v !== w) return true;
  }
  return false;
}

/** Each entry point's availability and latency on a side that reads as a topology (none for one that does not). */
function entryFiguresOf(c: CheckResult | undefined): Map<string, EntryFigures> {
  const out = new Map<string, EntryFigures>();
  const topology = c?.topology;
  const load = c?.load;
  if (!topology || !load || c.modelErrors > 0) return out;
  const availability = availabilityOf(topology, load);
  const latency = latencyOf(topology, load);
  for (const id of topology.entryPoints) {
    const l = latency.path(id).all;
    // Rounded as `scale paths --format json` rounds them: the same figure in both.
    out.set(id, { availability: availabilityFigure(availability.path(id).availability), p50Ms: finiteFigure(l.p50), p99Ms: finiteFigure(l.p99) });
  }
  return out;
}

/** Whether an entry point's figures read otherwise as `scale paths` writes them. */
function entryMoved(before: EntryFigures, after: EntryFigures): boolean {
  const b = entryTexts(before);
  const a = entryTexts(after);
  return b.availability !== a.availability || b.p50 !== a.p50 || b.p99 !== a.p99;
}

function diffEntries(b: CheckResult | undefined, h: CheckResult | undefined, headIdOf: ReadonlyMap<string, string>, baseIdOf: ReadonlyMap<string, string>): EntryNumbers[] {
  const before = entryFiguresOf(b);
  const after = entryFiguresOf(h);
  const out: EntryNumbers[] = [];
  for (const [id, a] of after) {
    const baseId = baseIdOf.get(id) ?? id;
    const z = before.get(baseId);
    out.push({ id, ...(baseId !== id ? { renamedFrom: baseId } : {}), ...(z ? { before: z } : {}), after: a, moved: !z || entryMoved(z, a) });
  }
  for (const [id, z] of before) if (!after.has(headIdOf.get(id) ?? id)) out.push({ id, before: z, moved: true });
  return out;
}

function figuresOf(load: ComponentLoad): LoadFigures {
  const top = load.utilization[0];
  return {
    rps: load.reads + load.writes,
    busiestNodeRps: load.busiestNodeRps,
    nodes: load.nodes,
    ...(top ? { utilization: top.value, resource: RESOURCE_NAMES[top.resource] } : {}),
    ...(load.ceilingRps !== undefined ? { ceilingRps: load.ceilingRps } : {}),
  };
}

function figuresMoved(a: LoadFigures | undefined, b: LoadFigures | undefined): boolean {
  if (!a || !b) return a !== b;
  return differs(a.rps, b.rps) || differs(a.busiestNodeRps, b.busiestNodeRps) || a.nodes !== b.nodes ||
    differs(a.utilization, b.utilization) || a.resource !== b.resource || differs(a.ceilingRps, b.ceilingRps);
}

/** Each component's load before and after, from each side's one load model. */
function diffNumbers(b: CheckResult | undefined, h: CheckResult | undefined, renames: ReadonlyMap<string, string>): NumbersDiff {
  const before = b?.load;
  const after = h?.load;
  const headIdOf = new Map<string, string>();
  const baseIdOf = new Map<string, string>();
  for (const [from, to] of renames) {
    headIdOf.set(from, to);
    baseIdOf.set(to, from);
  }
  const components: ComponentNumbers[] = [];
  for (const [id, load] of after?.loads ?? []) {
    const baseId = baseIdOf.get(id) ?? id;
    const old = before?.loads.get(baseId);
    const a = old ? figuresOf(old) : undefined;
    const z = figuresOf(load);
    components.push({ id, ...(baseId !== id ? { renamedFrom: baseId } : {}), ...(a ? { before: a } : {}), after: z, moved: figuresMoved(a, z) });
  }
  for (const [id, load] of before?.loads ?? []) {
    const headId = headIdOf.get(id) ?? id;
    if (after?.loads.has(headId)) continue;
    components.push({ id, before: figuresOf(load), moved: true });
  }
  const first = (c: CheckResult | undefined) => {
    const s = c?.load ? firstToSaturate(c.load) : undefined;
    return s ? { component: s.id, resource: RESOURCE_NAMES[s.utilization[0]!.resource], ceilingRps: s.ceilingRps! } : undefined;
  };
  const fb = first(b);
  const fh = first(h);
  return {
    peakRps: { ...(before ? { before: before.peakRps } : {}), ...(after ? { after: after.peakRps } : {}) },
    components,
    entries: diffEntries(b, h, headIdOf, baseIdOf),
    firstToSaturate: { ...(fb ? { before: fb } : {}), ...(fh ? { after: fh } : {}) },
  };
}

// ---------------------------------------------------------------------------
// Scenarios

function outcomeOf(r: ScenarioResult): ScenarioOutcome {
  const m = r.metrics;
  return {
    seed: r.seed,
    lostWrites: m.lostWrites,
    writeDowntimeMs: m.writeDowntimeMs,
    failedRequests: m.failedRequests,
    failedRequestFraction: m.failedRequestFraction,
    keysMovedFraction: m.keysMovedFraction,
    staleReadFraction: m.staleReadFraction,
    maxShardLoad: m.maxShardLoad,
    rejectedWrites: m.rejectedWrites,
    conflictingWrites: m.conflictingWrites,
    detectionTimeMs: m.detectionTimeMs,
    unbounded: [...m.unbounded],
    budgets: r.budgets.map((x) => ({ metric: x.metric, budget: x.budget, measured: x.measured, held: x.held, unbounded: x.unbounded })),
    ...(r.sampled ? { sampled: r.sampled.reason } : {}),
  };
}

const OUTCOME_FIGURES = ['lostWrites', 'writeDowntimeMs', 'failedRequests', 'failedRequestFraction', 'keysMovedFraction', 'staleReadFraction', 'maxShardLoad', 'rejectedWrites', 'conflictingWrites', 'detectionTimeMs'] as const;

function outcomeMoved(a: ScenarioOutcome | undefined, b: ScenarioOutcome | undefined): boolean {
  if (!a || !b) return a !== b;
  if (OUTCOME_FIGURES.some((k) => differs(a[k], b[k]))) return true;
  if (a.unbounded.join() !== b.unbounded.join()) return true;
  const verdicts = (o: ScenarioOutcome) => o.budgets.map((x) => `${x.metric}:${x.budget}:${x.held}`).join();
  return verdicts(a) !== verdicts(b);
}

/**
 * Every scenario of either side, run on each side that has it: head order,
 * then those the change removed. `renamedBase`: the base's runs under the
 * head's ids, when components were renamed.
 */
function diffScenarios(b: CheckedSide, h: CheckedSide, renamedBase: ReadonlyMap<string, ScenarioResult> | undefined): ScenarioDelta[] {
  const out: ScenarioDelta[] = [];
  const delta = (name: string): ScenarioDelta => {
    const x = b.runs.get(name);
    const y = h.runs.get(name);
    const before = x ? outcomeOf(x) : undefined;
    const after = y ? outcomeOf(y) : undefined;
    let moved = outcomeMoved(before, after);
    const renamed = renamedBase?.get(name);
    const resampled = moved && renamed !== undefined && after !== undefined && !outcomeMoved(outcomeOf(renamed), after);
    if (resampled) moved = false;
    return { name, ...(before ? { before } : {}), ...(after ? { after } : {}), moved, ...(resampled ? { resampledByRename: true } : {}) };
  };
  for (const name of h.runs.keys()) out.push(delta(name));
  for (const name of b.runs.keys()) if (!h.runs.has(name)) out.push(delta(name));
  return out;
}
