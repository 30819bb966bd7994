/**
 * The semantic diff of two topology files: what their content says, compared
 * by identity, never by text. Both sides arrive as parsed JSON values
 * (comments gone, key order irrelevant); either may be missing (a file added
 * or deleted by the change) or only partly valid, so every shape is read
 * defensively: what is well-formed is compared, what is not is skipped.
 *
 * Identity:
 * - A component is its id (a key of `components` whose value is an object;
 *   its kind is `kind` when that is a string, else "").
 * - A call is (caller, callee, op), `op` being "mixed" when not written; a bare
 *   id stands for `{ "to": id }` with the format's call defaults (share 1,
 *   fan-out 1, op "mixed", not async), so the two spellings are the same
 *   call. Calls of one identity written several times are paired in order.
 *   A call is compared in head ids: one whose caller or callee was only
 *   renamed is the same call. The order of a component's synchronous calls
 *   is a field of the component (see callOrderChange).
 * - A scenario is its `name` (a scenario without a string name is skipped;
 *   several of one name are paired in order). Its faults are one field,
 *   compared as a set written in any order (the format says each fault
 *   happens at its own time), after the component ids they name are renamed.
 *
 * Fields are compared literally, leaf by leaf: objects on both sides are
 * descended into; anything else (a scalar, an array, an object present on
 * one side only) is one change of the whole value; `calls` is not a field
 * (calls are compared as calls, and a `calls` that is not a list holds none).
 * A field left out and the same field written with its default value ARE
 * different: defaults are not filled in, except for calls as said above.
 * References to components (`sessionStore`, `fronts`, `sharding.directory`,
 * fault targets) are compared after the base's ids are renamed, so following
 * a rename is not a change.
 *
 * Renames: a component removed from the base and one added in the head, of
 * the same kind, are one renamed component when their similarity is at least
 * RENAME_THRESHOLD. Similarity is the share of their features that are equal,
 * counted as a multiset (equal / on either side, the Jaccard index): each leaf
 * field other than `kind` (path and value) is a feature, and so is each edge,
 * a call out (op and callee) and a call in (op and caller). Endpoints and
 * references compare by id when the component kept its id, and the pair's own
 * id on each side is the same endpoint (a self-call); an endpoint that is
 * itself renamed counts as different. A pair with no feature at all is never
 * a rename. Pairs are taken best first (highest similarity, then base order,
 * then head order), each component at most once. When a change would need
 * more than MAX_RENAME_PAIRS comparisons (say, 500 components of one kind
 * removed and 500 added), renames are not looked for.
 */
import type { JsonPath } from '../findings';
import { Call, type CallData } from '../model/schema';
import type {
  CallChange, CallRef, ChangeStatus, ComponentChange, ComponentPresence, DiffGraph, FieldChange, JsonValue, ScenarioChange, StructureDiff,
} from './types';

/** The least similarity of a removed and an added component of one kind for them to be one renamed component. */
export const RENAME_THRESHOLD = 0.5;

/** The most (removed, added) pairs compared for renames in one change, so that a change rewriting thousands of ids stays fast. */
export const MAX_RENAME_PAIRS = 250_000;

/** The most features compared for renames in one change (each pair that could reach the threshold costs its smaller side's). */
export const MAX_RENAME_WORK = 20_000_000;

/** The structure of a change, its graph, and the renames found. */
export interface StructureResult {
  structure: StructureDiff;
  graph: DiffGraph;
  /** Base id -> head id of every renamed component. */
  renames: ReadonlyMap<string, string>;
}

type JsonObject = { [key: string]: JsonValue };
type Op = CallRef['op'];

/** A call's defaults, from the format's model: what a bare id means. */
const CALL_DEFAULTS = Call.parse({ to: 'x' }) as Exclude<CallData, string>;
const OPS: ReadonlySet<string> = new Set<Op>(['read', 'write', 'mixed']);
/** Call keys that make its identity; the others are its fields. */
const CALL_IDENTITY = new Set(['to', 'op']);
/** Root keys that are not file-level fields. */
const NOT_FILE_FIELDS: ReadonlySet<string> = new Set(['components', 'scenarios', '$schema']);
/** Component keys that are not compared as fields: calls are diffed as calls. */
const NOT_COMPONENT_FIELDS: ReadonlySet<string> = new Set(['calls']);
const NOTHING: ReadonlySet<string> = new Set();
/** Paths, within a component, of fields that name another component. */
const COMPONENT_REFERENCES = [['sessionStore'], ['fronts'], ['sharding', 'directory']].map((p) => JSON.stringify(p));

interface SideCall extends CallRef {
  /** Share, fan-out and async with defaults filled in, and any other key the call writes. */
  fields: JsonObject;
}

interface SideComponent {
  id: string;
  kind: string;
  index: number;
  value: JsonObject;
  calls: SideCall[];
}

interface SideScenario {
  /** Name and occurrence: the identity. */
  key: string;
  name: string;
  value: JsonObject;
}

interface Side {
  root: JsonObject;
  components: Map<string, SideComponent>;
  scenarios: SideScenario[];
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An own member only: a file's key may be named `toString` or `__proto__`. */
function own(o: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

function readCalls(from: string, value: JsonObject): SideCall[] {
  const list = own(value, 'calls');
  if (!Array.isArray(list)) return [];
  const calls: SideCall[] = [];
  for (const c of list) {
    const fields: JsonObject = Object.create(null);
    let to: string;
    let op: JsonValue = CALL_DEFAULTS.op;
    fields.share = CALL_DEFAULTS.share;
    fields.fanout = CALL_DEFAULTS.fanout;
    fields.async = CALL_DEFAULTS.async;
    if (typeof c === 'string') {
      to = c;
    } else if (isObject(c) && typeof own(c, 'to') === 'string') {
      to = c.to as string;
      op = own(c, 'op') ?? op;
      for (const key of Object.keys(c)) if (!CALL_IDENTITY.has(key)) fields[key] = c[key]!;
    } else {
      continue;
    }
    if (typeof op !== 'string' || !OPS.has(op)) continue;
    calls.push({ from, to, op: op as Op, fields });
  }
  return calls;
}

function readSide(value: JsonValue | undefined): Side {
  const root: JsonObject = isObject(value) ? value : Object.create(null);
  const components = new Map<string, SideComponent>();
  const declared = own(root, 'components');
  if (isObject(declared)) {
    for (const id of Object.keys(declared)) {
      const c = declared[id];
      if (!isObject(c)) continue;
      const kind = own(c, 'kind');
      components.set(id, { id, kind: typeof kind === 'string' ? kind : '', index: components.size, value: c, calls: readCalls(id, c) });
    }
  }
  const scenarios: SideScenario[] = [];
  const list = own(root, 'scenarios');
  if (Array.isArray(list)) {
    const seen = new Map<string, number>();
    for (const s of list) {
      const name = isObject(s) ? own(s, 'name') : undefined;
      if (!isObject(s) || typeof name !== 'string') continue;
      const n = seen.get(name) ?? 0;
      seen.set(name, n + 1);
      scenarios.push({ key: JSON.stringify([name, n]), name, value: s });
    }
  }
  return { root, components, scenarios };
}

/**
 * A value's text with object keys sorted: equal for values that differ only
 * in key order. Written with a stack rather than recursion (JSON.stringify's
 * replacer recurses), so no nesting overflows it.
 */
function canonical(v: JsonValue): string {
  let out = '';
  // Each entry is text to write as it is, or a value still to write.
  const stack: ([true, string] | [false, JsonValue])[] = [[false, v]];
  while (stack.length > 0) {
    const [done, x] = stack.pop()!;
    if (done) {
      out += x;
    } else if (Array.isArray(x)) {
      out += '[';
      stack.push([true, ']']);
      for (let i = x.length - 1; i >= 0; i--) {
        stack.push([false, x[i]!]);
        if (i > 0) stack.push([true, ',']);
      }
    } else if (isObject(x)) {
      out += '{';
      stack.push([true, '}']);
      const keys = Object.keys(x).sort();
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push([false, x[keys[i]!]!], [true, `${i > 0 ? ',' : ''}${JSON.stringify(keys[i])}:`]);
      }
    } else {
      // String() keeps 1e309 (Infinity) apart from null, where JSON.stringify would not.
      out += typeof x === 'number' ? String(x) : JSON.stringify(x);
    }
  }
  return out;
}

function equalJson(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return canonical(a) === canonical(b);
}

function fieldChange(path: JsonPath, before: JsonValue | undefined, after: JsonValue | undefined): FieldChange {
  const change: FieldChange = { path };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  return change;
}

/** Whether the leaf at `path` holds the same on both sides. */
type SameLeaf = (path: JsonPath, before: JsonValue, after: JsonValue) => boolean;

/** The keys of two objects: the head's in its order, then those only the base has. */
function keysOf(before: JsonObject, after: JsonObject): string[] {
  return [...Object.keys(after), ...Object.keys(before).filter((k) => !Object.hasOwn(after, k))];
}

/**
 * Walks two objects together, depth first in key order, descending where
 * both sides hold an object, and visits every other place (a leaf on either
 * side, or a value on one side only). Walked with a stack rather than
 * recursion, so no nesting overflows it; a path is copied only for a visit.
 */
function walkFields(before: JsonObject, after: JsonObject, skip: ReadonlySet<string>, visit: (path: JsonPath, before: JsonValue | undefined, after: JsonValue | undefined) => void): void {
  const path: string[] = [];
  const stack = [{ before, after, keys: keysOf(before, after).filter((k) => !skip.has(k)), next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next === top.keys.length) {
      stack.pop();
      path.pop();
      continue;
    }
    const key = top.keys[top.next++]!;
    const b = own(top.before, key);
    const a = own(top.after, key);
    if (isObject(b) && isObject(a)) {
      stack.push({ before: b, after: a, keys: keysOf(b, a), next: 0 });
      path.push(key);
    } else {
      visit([...path, key], b, a);
    }
  }
}

/** The leaves that differ between two objects, depth first in key order. */
function diffFields(before: JsonObject, after: JsonObject, skip: ReadonlySet<string>, same: SameLeaf = (_p, b, a) => equalJson(b, a)): FieldChange[] {
  const out: FieldChange[] = [];
  walkFields(before, after, skip, (path, b, a) => {
    if (b === undefined || a === undefined || !same(path, b, a)) out.push(fieldChange(path, b, a));
  });
  return out;
}

/** Every leaf of an object (a scalar or an array; an empty object has none) with its path, depth first. */
function leaves(value: JsonObject, skip: ReadonlySet<string>): [JsonPath, JsonValue][] {
  const out: [JsonPath, JsonValue][] = [];
  walkFields(value, value, skip, (path, v) => out.push([path, v!]));
  return out;
}

const isComponentReference = (path: JsonPath) => COMPONENT_REFERENCES.includes(JSON.stringify(path));

/** A fault target in head ids: "old-id" and "old-id#2" follow the rename. */
function renameTarget(target: JsonValue | undefined, renames: ReadonlyMap<string, string>): JsonValue | undefined {
  if (typeof target !== 'string') return target;
  const hash = target.lastIndexOf('#');
  const [id, suffix] = hash > 0 && /^\d+$/.test(target.slice(hash + 1)) ? [target.slice(0, hash), target.slice(hash)] : [target, ''];
  const renamed = renames.get(id);
  return renamed === undefined ? target : renamed + suffix;
}

/** A base fault with the component ids it names in head ids. */
function renameFault(fault: JsonValue, renames: ReadonlyMap<string, string>): JsonValue {
  if (!isObject(fault) || renames.size === 0) return fault;
  const copy: JsonObject = { ...fault };
  for (const action of ['kill', 'slow', 'restore']) if (Object.hasOwn(copy, action)) copy[action] = renameTarget(copy[action], renames)!;
  for (const action of ['addShards', 'removeShards']) {
    const change = own(copy, action);
    if (isObject(change) && Object.hasOwn(change, 'target')) copy[action] = { ...change, target: renameTarget(change.target, renames)! };
  }
  const partition = own(copy, 'partition');
  const between = isObject(partition) ? own(partition, 'between') : undefined;
  if (isObject(partition) && Array.isArray(between)) {
    copy.partition = { ...partition, between: between.map((group) => (Array.isArray(group) ? group.map((n) => renames.get(n as string) ?? n) : group)) };
  }
  return copy;
}

/** Two fault lists compared as sets written in any order, the base's ids renamed. */
function sameFaults(before: JsonValue[], after: JsonValue[], renames: ReadonlyMap<string, string>): boolean {
  if (before.length !== after.length) return false;
  const b = before.map((f) => canonical(renameFault(f, renames))).sort();
  const a = after.map((f) => canonical(f)).sort();
  return b.every((x, i) => x === a[i]);
}

// ---------------------------------------------------------------------------
// Renames

/** How an endpoint or reference reads in a rename candidate's features: itself, a kept id, or something that matches nothing. */
function endpoint(id: JsonValue, self: string, kept: (id: string) => boolean, side: 'base' | 'head'): JsonValue {
  if (id === self) return null;
  return typeof id === 'string' && kept(id) ? id : [side, id];
}

/** A component's features for the similarity of rename candidates, as counts. */
function features(c: SideComponent, callers: ReadonlyMap<string, SideCall[]>, kept: (id: string) => boolean, side: 'base' | 'head'): Map<string, number> {
  const out = new Map<string, number>();
  const add = (f: string) => out.set(f, (out.get(f) ?? 0) + 1);
  for (const [path, v] of leaves(c.value, NOT_COMPONENT_FIELDS)) {
    if (path.length === 1 && path[0] === 'kind') continue;
    add(JSON.stringify(['field', path, isComponentReference(path) ? endpoint(v, c.id, kept, side) : canonical(v)]));
  }
  for (const call of c.calls) add(JSON.stringify(['out', call.op, endpoint(call.to, c.id, kept, side)]));
  for (const call of callers.get(c.id) ?? []) add(JSON.stringify(['in', call.op, endpoint(call.from, c.id, kept, side)]));
  return out;
}

function callersOf(side: Side): Map<string, SideCall[]> {
  const callers = new Map<string, SideCall[]>();
  for (const c of side.components.values()) {
    for (const call of c.calls) {
      const list = callers.get(call.to);
      if (list) list.push(call);
      else callers.set(call.to, [call]);
    }
  }
  return callers;
}

function sizeOf(f: Map<string, number>): number {
  let n = 0;
  for (const count of f.values()) n += count;
  return n;
}

/** The base id -> head id of each renamed component (see the module's comment for the measure). */
function findRenames(base: Side, head: Side): Map<string, string> {
  const renames = new Map<string, string>();
  const removed = [...base.components.values()].filter((c) => !head.components.has(c.id));
  const added = [...head.components.values()].filter((c) => !base.components.has(c.id));
  const byKind = new Map<string, SideComponent[]>();
  for (const c of added) {
    const list = byKind.get(c.kind);
    if (list) list.push(c);
    else byKind.set(c.kind, [c]);
  }
  let pairs = 0;
  for (const r of removed) pairs += byKind.get(r.kind)?.length ?? 0;
  if (pairs === 0 || pairs > MAX_RENAME_PAIRS) return renames;

  const kept = (id: string) => base.components.has(id) && head.components.has(id);
  const baseCallers = callersOf(base);
  const headCallers = callersOf(head);
  const headFeatures = new Map(added.map((c) => [c.id, features(c, headCallers, kept, 'head')]));
  const headSizes = new Map([...headFeatures].map(([id, f]) => [id, sizeOf(f)]));
  const removedFeatures = removed.map((r) => {
    const rf = features(r, baseCallers, kept, 'base');
    return { r, rf, rSize: sizeOf(rf) };
  });
  // A pair can reach the threshold only if the smaller side has at least RENAME_THRESHOLD of the larger's features
  // (common <= min, union >= max); the others are never counted. The pairs left cost the smaller side's features
  // each: past MAX_RENAME_WORK in all, renames are not looked for.
  const within = (x: number, y: number) => Math.min(x, y) >= RENAME_THRESHOLD * Math.max(x, y) && Math.max(x, y) > 0;
  let work = 0;
  for (const { r, rSize } of removedFeatures) {
    for (const a of byKind.get(r.kind) ?? []) if (within(rSize, headSizes.get(a.id)!)) work += Math.min(rSize, headSizes.get(a.id)!);
  }
  if (work > MAX_RENAME_WORK) return renames;
  const candidates: { r: SideComponent; a: SideComponent; common: number; union: number }[] = [];
  for (const { r, rf, rSize } of removedFeatures) {
    for (const a of byKind.get(r.kind) ?? []) {
      const aSize = headSizes.get(a.id)!;
      if (!within(rSize, aSize)) continue;
      const af = headFeatures.get(a.id)!;
      // Counted over the smaller map.
      const [small, large] = rf.size <= af.size ? [rf, af] : [af, rf];
      let common = 0;
      for (const [f, n] of small) common += Math.min(n, large.get(f) ?? 0);
      const union = rSize + aSize - common;
      if (union > 0 && common >= RENAME_THRESHOLD * union) candidates.push({ r, a, common, union });
    }
  }
  // Best first, compared as exact fractions; ties in base order, then head order.
  candidates.sort((x, y) => y.common * x.union - x.common * y.union || x.r.index - y.r.index || x.a.index - y.a.index);
  const taken = new Set<string>();
  for (const { r, a } of candidates) {
    if (renames.has(r.id) || taken.has(a.id)) continue;
    renames.set(r.id, a.id);
    taken.add(a.id);
  }
  return renames;
}

// ---------------------------------------------------------------------------
// The diff

/** The edge of a caller and callee (head ids), gathered over both sides. */
interface EdgeState {
  from: string;
  to: string;
  base: boolean;
  head: boolean;
  changed: boolean;
}

/** A synchronous call as the order of calls shows it: "db", or "orders (write)" when its op is not "mixed". */
function callName(c: SideCall, idOf: (id: string) => string): string {
  const to = idOf(c.to);
  return c.op === 'mixed' ? to : `${to} (${c.op})`;
}

/**
 * The change of a component's call order, if any: a request makes its
 * synchronous calls in order and stops at the first that fails, so their
 * order decides how failures split between failed and refused. The calls on
 * both sides (in head ids, async ones aside: they never fail their caller)
 * are compared in the order each side makes them; calls added or removed
 * are changes of their own and do not count as a reordering.
 */
function callOrderChange(base: readonly SideCall[], head: readonly SideCall[], headIdOf: (id: string) => string): FieldChange | undefined {
  const sync = (calls: readonly SideCall[], idOf: (id: string) => string) => calls.filter((c) => c.fields.async !== true).map((c) => callName(c, idOf));
  const before = sync(base, headIdOf);
  const after = sync(head, (id) => id);
  const common = (xs: string[], ys: string[]) => {
    const left = new Map<string, number>();
    for (const y of ys) left.set(y, (left.get(y) ?? 0) + 1);
    return xs.filter((x) => {
      const n = left.get(x) ?? 0;
      if (n === 0) return false;
      left.set(x, n - 1);
      return true;
    });
  };
  const b = common(before, after);
  const a = common(after, before);
  return b.some((x, i) => x !== a[i]) ? fieldChange(['calls'], b, a) : undefined;
}

/** Compares two topology files' content: components, calls, scenarios and file-level fields, with renamed components recognised. */
export function structureDiff(baseValue: JsonValue | undefined, headValue: JsonValue | undefined): StructureResult {
  const base = readSide(baseValue);
  const head = readSide(headValue);
  const renames = findRenames(base, head);
  const headIdOf = (id: string) => renames.get(id) ?? id;
  const baseIdOf = new Map([...renames].map(([b, h]) => [h, b]));

  // Components.
  const added: ComponentPresence[] = [];
  const changed: ComponentChange[] = [];
  const sameReference: SameLeaf = (path, b, a) => equalJson(isComponentReference(path) && typeof b === 'string' ? headIdOf(b) : b, a);
  for (const h of head.components.values()) {
    const from = baseIdOf.get(h.id);
    const b = base.components.get(from ?? h.id);
    if (!b) {
      added.push({ id: h.id, kind: h.kind });
      continue;
    }
    const changes = diffFields(b.value, h.value, NOT_COMPONENT_FIELDS, sameReference);
    const order = callOrderChange(b.calls, h.calls, headIdOf);
    if (order) changes.push(order);
    if (from !== undefined || changes.length > 0) changed.push({ id: h.id, kind: h.kind, ...(from !== undefined && { renamedFrom: from }), changes });
  }
  const removed: ComponentPresence[] = [...base.components.values()]
    .filter((c) => !head.components.has(c.id) && !renames.has(c.id))
    .map((c) => ({ id: c.id, kind: c.kind }));

  // Calls, in head ids, paired by identity and, among equal identities, in order.
  const edges = new Map<string, EdgeState>();
  const edgeOf = (from: string, to: string) => {
    const key = JSON.stringify([from, to]);
    let e = edges.get(key);
    if (!e) edges.set(key, (e = { from, to, base: false, head: false, changed: false }));
    return e;
  };
  const pending = new Map<string, SideCall[]>();
  const baseCalls: SideCall[] = [];
  for (const c of base.components.values()) {
    for (const call of c.calls) {
      const mapped = { ...call, from: headIdOf(call.from), to: headIdOf(call.to) };
      baseCalls.push(mapped);
      const key = JSON.stringify([mapped.from, mapped.to, mapped.op]);
      const list = pending.get(key);
      if (list) list.push(mapped);
      else pending.set(key, [mapped]);
    }
  }
  const calls: StructureDiff['calls'] = { added: [], removed: [], changed: [] };
  const matched = new Set<SideCall>();
  for (const h of head.components.values()) {
    for (const call of h.calls) {
      const e = edgeOf(call.from, call.to);
      e.head = true;
      const ref: CallRef = { from: call.from, to: call.to, op: call.op };
      const b = pending.get(JSON.stringify([call.from, call.to, call.op]))?.shift();
      if (!b) {
        calls.added.push(ref);
        e.changed = true;
        continue;
      }
      matched.add(b);
      const changes = diffFields(b.fields, call.fields, NOTHING);
      if (changes.length > 0) {
        calls.changed.push({ ...ref, changes } satisfies CallChange);
        e.changed = true;
      }
    }
  }
  for (const call of baseCalls) {
    const e = edgeOf(call.from, call.to);
    e.base = true;
    if (matched.has(call)) continue;
    calls.removed.push({ from: call.from, to: call.to, op: call.op });
    e.changed = true;
  }

  // Scenarios, by name.
  const baseScenarios = new Map(base.scenarios.map((s) => [s.key, s]));
  const headKeys = new Set(head.scenarios.map((s) => s.key));
  const scenarios: StructureDiff['scenarios'] = { added: [], removed: [], changed: [] };
  const sameScenarioLeaf: SameLeaf = (path, b, a) =>
    path.length === 1 && path[0] === 'faults' && Array.isArray(b) && Array.isArray(a) ? sameFaults(b, a, renames) : equalJson(b, a);
  for (const s of head.scenarios) {
    const b = baseScenarios.get(s.key);
    if (!b) {
      scenarios.added.push(s.name);
      continue;
    }
    const changes = diffFields(b.value, s.value, NOTHING, sameScenarioLeaf);
    if (changes.length > 0) scenarios.changed.push({ name: s.name, changes } satisfies ScenarioChange);
  }
  for (const s of base.scenarios) if (!headKeys.has(s.key)) scenarios.removed.push(s.name);

  // The graph: head nodes in head order, then the removed ones; edges between drawn nodes only.
  const changedIds = new Map(changed.map((c) => [c.id, c]));
  const nodes: DiffGraph['nodes'] = [...head.components.values()].map((h) => {
    const c = changedIds.get(h.id);
    const status: ChangeStatus = !base.components.has(baseIdOf.get(h.id) ?? h.id) ? 'added' : c ? 'changed' : 'unchanged';
    return { id: h.id, kind: h.kind, status, ...(c?.renamedFrom !== undefined && { renamedFrom: c.renamedFrom }) };
  });
  for (const r of removed) nodes.push({ id: r.id, kind: r.kind, status: 'removed' });
  const drawn = new Set(nodes.map((n) => n.id));
  const graphEdges: DiffGraph['edges'] = [...edges.values()]
    .filter((e) => drawn.has(e.from) && drawn.has(e.to))
    .map((e) => ({ from: e.from, to: e.to, status: !e.base ? 'added' : !e.head ? 'removed' : e.changed ? 'changed' : 'unchanged' }));

  return {
    structure: {
      components: { added, removed, changed },
      calls,
      scenarios,
      file: diffFields(base.root, head.root, NOT_FILE_FIELDS),
    },
    graph: { nodes, edges: graphEdges },
    renames,
  };
}
