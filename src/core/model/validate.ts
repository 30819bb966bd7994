/**
 * Validating a parsed document against the zod model: every zod issue becomes
 * a `schema` finding at the exact range it concerns (the unknown key, the bad
 * value, the object missing a property), with a did-you-mean fix where a
 * close name exists. Invalid components and scenarios are left out of the
 * validated data so that the rest of the file can still be analysed.
 */
import type { Node } from 'jsonc-parser';
import * as z from 'zod';
import { config as zodConfig, util as zodUtil } from 'zod/v4/core';
import type { FindingCap } from '../findingCap';
import type { Finding, Fix, JsonPath, TextRange } from '../findings';
import { didYouMean } from '../text/didYouMean';
import { count as countText } from '../text/format';
import { quoted, splitInvisible } from '../text/invisible';
import { parseComponent, parseId } from './compiledModel';
import { NodeLocator } from './locate';
import { type ParsedDocument, pathKey, range, textFlaw, typeName, unseenNote, valueOnce } from './parse';
import { Component, Id, ID_PATTERN, ScaleFile, type ScaleFileData, Scenario } from './schema';
import { describeAt, knownKeys } from './schemaWalk';

/** The outcome of validation (its findings went to the cap): the data, when enough of the file is valid to analyse it. */
export interface Validated {
  data: ScaleFileData | undefined;
  /** Ids of components that were declared but left out for being invalid. */
  invalidComponents: Set<string>;
  /** For each scenario in `data.scenarios`, its index in the file (invalid scenarios are left out). */
  scenarioIndices: number[];
  /** False when the workload is invalid: references can be resolved, but load figures would be invented. */
  analyzable: boolean;
  /** For each entry of `data.accepted`, its index in the file (invalid entries are left out). */
  acceptedIndices: number[];
  /** For each entry of `data.imports`, its index in the file (invalid entries are left out, and the names they list are in `invalidComponents`). */
  importIndices: number[];
  /**
   * What the model refuses in `accepted`, not yet reported: an acceptance
   * says nothing of the system, so its errors are reported after the file's
   * errors are counted (`issuesToFindings`), and never keep it from being simulated.
   */
  acceptanceIssues: Issue[];
}

/**
 * A zod issue with its path: as zod reports it, or as found, without its
 * message yet (zod builds a message for every issue a parse reports, most of
 * the work of a failing parse: issues past the cap never get one).
 */
export type Issue = (z.core.$ZodIssue | z.core.$ZodRawIssue) & { readonly path: PropertyKey[] };

/** The file without its components, which are validated apart. */
const FileFrame = ScaleFile.omit({ components: true });

/** The model's parsers: of the file without its components, of a component, of an id and of a scenario. */
interface ModelParsers {
  frame: typeof FileFrame;
  component: typeof Component;
  id: typeof Id;
  scenario: typeof Scenario;
}

/**
 * The model's parsers. A component and an id, which a file has thousands of,
 * are parsed first by functions compiled ahead of time (compiledModel.ts,
 * generated from the model); the rest is compiled on first use with zod's
 * `z.compile`, except where code cannot be generated (`jitless`: a webview
 * under a strict CSP, or the CLI, which parses one file and would spend more
 * on generating the code than it saves). Either way the compiled code builds a
 * valid value several times faster than zod's interpreter and hands anything
 * it rejects to the interpreter, so issues (and every finding made of them)
 * are the interpreter's.
 */
let parsers: ModelParsers | undefined;
function modelParsers(): ModelParsers {
  if (!parsers) {
    const jit = !z.config().jitless;
    const compiled = <T extends z.ZodType>(schema: T): T => (jit ? z.compile(schema) : schema);
    parsers = { frame: compiled(FileFrame), component: z.withParser(Component, parseComponent), id: z.withParser(Id, parseId), scenario: compiled(Scenario) };
  }
  return parsers;
}

/** Validates a parsed, non-fatal document; its findings go to `findings`. */
export function validateDocument(doc: ParsedDocument, locator: NodeLocator, findings: FindingCap): Validated {
  // Read for validation alone: the validated data is what the check keeps.
  const value = valueOnce(doc) as Record<string, any>;
  const invalidComponents = new Set<string>(doc.droppedIds);
  // The components are validated apart, one by one (as fast as in one parse): what is wrong with those past the cap
  // is counted, not described. The rest of the file is validated without them: nothing in it depends on them.
  const components = isObject(value.components) ? validateComponents(value.components, doc, locator, findings) : undefined;
  const frame = components && parseQuiet(modelParsers().frame, withoutComponents(value));
  if (frame && frame.issues === undefined && components.invalid.length === 0) {
    const data = withComponents(frame.data, components.data);
    const indices = (n: number) => Array.from({ length: n }, (_, i) => i);
    return { data, invalidComponents, scenarioIndices: indices(data.scenarios.length), analyzable: true, acceptedIndices: indices(data.accepted.length), importIndices: indices(data.imports.length), acceptanceIssues: [] };
  }
  // Components that are not an object leave nothing to analyse: the file is read for its issues only.
  const issues = (frame ? frame.issues : parseQuiet(ScaleFile, value).issues) ?? [];
  const acceptanceIssues = issues.filter((i) => i.path[0] === 'accepted');
  issuesToFindings(issues.filter((i) => i.path[0] !== 'accepted'), doc, locator, findings, ScaleFile);

  // Leave out what is invalid (components, scenarios, rule entries), stand in for invalid top-level
  // scalars, and try again, so that the rest of the file is still analysed.
  const pruned: Record<string, any> = withoutComponents(value);
  const dropScenarios = new Set<number>();
  const dropRules = new Set<string>();
  const dropAccepted = new Set<number>();
  const dropImports = new Set<number>();
  let prunable = true;
  let analyzable = true;
  for (const issue of issues) {
    const [top, second] = issue.path;
    if (top === 'scenarios' && typeof second === 'number') dropScenarios.add(second);
    else if (top === 'scenarios' && second === undefined) pruned.scenarios = [];
    else if (top === 'rules' && typeof second === 'string') dropRules.add(second);
    else if (top === 'rules' && issue.code === 'unrecognized_keys') issue.keys.forEach((k) => dropRules.add(k));
    else if (top === 'rules') pruned.rules = {};
    else if (top === 'accepted' && typeof second === 'number') dropAccepted.add(second);
    else if (top === 'accepted') pruned.accepted = [];
    // An SLO that does not read is not judged (none is, until it reads: their paths keep their places).
    else if (top === 'slos') pruned.slos = [];
    else if (top === 'imports' && typeof second === 'number') dropImports.add(second);
    else if (top === 'imports') pruned.imports = [];
    // An export list that does not read exports only what it names plainly: never more than it says.
    else if (top === 'exports') pruned.exports = Array.isArray(value.exports) ? value.exports.filter((x: unknown) => typeof x === 'string' && x.length > 0) : [];
    else if (top === 'name') pruned.name = 'unnamed';
    else if (top === 'version') pruned.version = 1;
    // Figures of the availability and latency models that do not read leave their defaults: the rest of the file is still analysed.
    else if (top === 'description' || top === '$schema' || top === 'reliability' || top === 'network') delete pruned[top];
    else if (top === 'workload') {
      pruned.workload = { peakRps: 1 };
      analyzable = false;
    } else prunable = false;
  }
  const declared = isObject(value.components) ? Object.keys(value.components) : [];
  const unanalyzable = (): Validated => ({ data: undefined, invalidComponents: new Set([...invalidComponents, ...declared]), scenarioIndices: [], analyzable: false, acceptedIndices: [], importIndices: [], acceptanceIssues });
  if (!prunable) return unanalyzable();
  for (const id of components?.invalid ?? []) invalidComponents.add(id);
  if (dropRules.size > 0 && isObject(value.rules)) {
    pruned.rules = Object.fromEntries(Object.entries(value.rules).filter(([k]) => !dropRules.has(k)));
  }
  const acceptedIndices: number[] = [];
  if (Array.isArray(pruned.accepted)) {
    pruned.accepted = pruned.accepted.filter((_: unknown, i: number) => {
      if (dropAccepted.has(i)) return false;
      acceptedIndices.push(i);
      return true;
    });
  }
  const importIndices: number[] = [];
  if (Array.isArray(pruned.imports)) {
    pruned.imports = pruned.imports.filter((entry: unknown, i: number) => {
      if (!dropImports.has(i)) {
        importIndices.push(i);
        return true;
      }
      // What an invalid import lists is not brought in: references to it are not reported again.
      const names = isObject(entry) && Array.isArray(entry.components) ? entry.components : [];
      for (const n of names) if (typeof n === 'string') invalidComponents.add(n);
      return false;
    });
  }
  // Scenarios are validated one by one, so each keeps its index in the file.
  const scenarios = Array.isArray(pruned.scenarios) ? pruned.scenarios : [];
  pruned.scenarios = [];
  const second = modelParsers().frame.safeParse(pruned);
  // (Components that are not an object left nothing prunable.)
  if (!second.success || !components) return unanalyzable();
  const data = withComponents(second.data, components.data);
  const scenarioIndices: number[] = [];
  scenarios.forEach((sc: unknown, index: number) => {
    if (dropScenarios.has(index)) return;
    const parsed = modelParsers().scenario.safeParse(sc);
    if (parsed.success) {
      data.scenarios.push(parsed.data);
      scenarioIndices.push(index);
    }
  });
  return { data, invalidComponents, scenarioIndices, analyzable, acceptedIndices, importIndices, acceptanceIssues };
}

/**
 * Validates a file's components one by one; their findings go to `findings`.
 * An invalid component whose findings all start past what the cap can keep is
 * only counted: its issues get no message, and are not described.
 */
function validateComponents(components: Record<string, unknown>, doc: ParsedDocument, locator: NodeLocator, findings: FindingCap): { data: ScaleFileData['components']; invalid: string[] } {
  const { id: idParser, component: componentParser } = modelParsers();
  const data: ScaleFileData['components'] = {};
  const invalid: string[] = [];
  // After an invalid component the next is read by the interpreter at once: the compiled parser hands what it rejects
  // to the interpreter, and trying it first on each of a run of invalid components doubled their cost.
  let afterInvalid = false;
  for (const id of Object.keys(components)) {
    // Issues with their paths in the component, or in the components when of the id.
    let found: Issue[];
    let at: JsonPath;
    if (idParser.safeParse(id).success) {
      const parsed = parseQuiet(afterInvalid ? Component : componentParser, components[id]);
      if (parsed.issues === undefined) {
        data[id] = parsed.data;
        afterInvalid = false;
        continue;
      }
      found = parsed.issues;
      at = ['components', id];
    } else {
      // Refused as the record refuses an id: the id's issue, its value not validated.
      found = parseQuiet(ScaleFile.shape.components, { [id]: components[id] }).issues ?? [];
      at = ['components'];
    }
    invalid.push(id);
    afterInvalid = true;
    const count = reportable(found, doc, at).reduce((n, i) => n + findingCount(i), 0);
    if (findings.admits('schema', earliestOffset(['components', id], locator), count)) issuesToFindings(placed(at, found), doc, locator, findings, ScaleFile);
  }
  return { data, invalid };
}

/** A file's value without its components. */
function withoutComponents(value: Record<string, unknown>): Record<string, unknown> {
  const { components: _, ...rest } = value;
  return rest;
}

/** The file's data with its components, its properties in the model's order, as one parse of the file gives them. */
function withComponents(frame: z.output<typeof FileFrame>, components: ScaleFileData['components']): ScaleFileData {
  const data: Record<string, unknown> = {};
  for (const key of Object.keys(ScaleFile.shape)) {
    if (key === 'components') data[key] = components;
    else if (Object.hasOwn(frame, key)) data[key] = frame[key as keyof typeof frame];
  }
  return data as ScaleFileData;
}

/** Issues of a part of the file, with their paths in the file. */
function placed(at: JsonPath, issues: readonly Issue[]): Issue[] {
  return issues.map((i) => ({ ...i, path: [...at, ...i.path] }));
}

/**
 * Parses a value as zod's `safeParse` does, but gives the issues without
 * messages: each gets one when described (`issuesToFindings`), and none past
 * the cap.
 */
function parseQuiet<T extends z.ZodType>(schema: T, value: unknown): { data: z.output<T>; issues?: undefined } | { issues: Issue[] } {
  // The schema's own run, as zod's parse functions call it; they then build every issue's message.
  const payload = schema._zod.run({ value, issues: [] }, { async: false }) as z.core.ParsePayload<z.output<T>>;
  if (payload.issues.length === 0) return { data: payload.value };
  // An issue about the value as a whole has no path until given its message: given one here, as zod gives paths (in place).
  for (const issue of payload.issues) (issue as { path?: PropertyKey[] }).path ??= [];
  return { issues: payload.issues as Issue[] };
}

/**
 * Maps zod issues of a document against its model (a topology's, a project
 * configuration's) to findings, once per place and message, keeping the
 * tightest of several bounds on one value. An issue whose findings start past
 * what the cap can keep is counted without being described, or given its message.
 */
export function issuesToFindings(issues: readonly Issue[], doc: ParsedDocument, locator: NodeLocator, out: FindingCap, model: z.core.$ZodType): void {
  const seen = new Set<string>();
  for (const issue of reportable(issues, doc)) {
    if (!out.admits('schema', earliestOffset(issue.path as JsonPath, locator), findingCount(issue))) continue;
    const described = issue.message === undefined ? zodUtil.finalizeIssue(issue as z.core.$ZodRawIssue, undefined, zodConfig()) : (issue as z.core.$ZodIssue);
    for (const f of issueToFindings(described, doc, locator, model)) {
      const key = `${f.range.offset}:${f.range.length}:${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.add(f);
    }
  }
}

/**
 * The issues that make findings (their paths under `at` in the file): not at
 * a value the reader reported, and of the declared and the safe-integer bound
 * zod checks on one number, only the tighter.
 */
function reportable(issues: readonly Issue[], doc: ParsedDocument, at: JsonPath = []): readonly Issue[] {
  // Most lists have no two bounds and no issue at a reported value: they are taken as they are.
  const bounds = issues.filter(isBound);
  if (doc.reported.size === 0 && bounds.length < 2) return issues;
  const tightest = new Map<string, Bound>();
  for (const issue of bounds) {
    const key = boundKey(issue);
    const prev = tightest.get(key);
    if (prev === undefined || (issue.code === 'too_big' ? boundOf(issue) < boundOf(prev) : boundOf(issue) > boundOf(prev))) tightest.set(key, issue);
  }
  return issues.filter((issue) => !(isBound(issue) && tightest.get(boundKey(issue)) !== issue) && !(doc.reported.size > 0 && alreadyReported([...at, ...issue.path] as JsonPath, doc)));
}

/** An issue of a value above or below a bound. */
type Bound = Issue & (z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall | z.core.$ZodRawIssue<z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall>);

/** Whether an issue is a bound on a number: zod checks both the declared bound and the safe-integer bound, and only the tighter is reported. */
function isBound(issue: Issue): issue is Bound {
  return (issue.code === 'too_big' || issue.code === 'too_small') && (issue.origin === 'number' || issue.origin === 'int');
}

/** The bound an issue of `isBound` states. */
function boundOf(issue: Bound): number {
  return Number(issue.code === 'too_big' ? issue.maximum : issue.minimum);
}

/** Which value and side a bound is on. */
function boundKey(issue: Bound): string {
  return `${pathKey(issue.path as JsonPath)}:${issue.code}`;
}

/**
 * The findings an issue is counted as past the cap. Two issues that would give
 * one message at one place (folded when described) would count twice; no such
 * pair is known.
 */
function findingCount(issue: Issue): number {
  return issue.code === 'unrecognized_keys' ? issue.keys.length : 1;
}

/** Whether a value at or above a path was already reported while reading its number. */
function alreadyReported(path: JsonPath, doc: ParsedDocument): boolean {
  if (doc.reported.size === 0) return false;
  for (let n = path.length; n >= 0; n--) if (doc.reported.has(pathKey(path.slice(0, n)))) return true;
  return false;
}

/**
 * Where the findings of an issue at a path start at the earliest: its deepest
 * node that exists, from its key when it is an object member (every range an
 * issue is reported at lies in that node, or is its key).
 */
function earliestOffset(path: JsonPath, loc: NodeLocator): number {
  for (let n = path.length; n > 0; n--) {
    const p = path.slice(0, n);
    const node = loc.property(p) ?? loc.value(p);
    if (node) return node.offset;
  }
  return loc.root?.offset ?? 0;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Where a path is, in words: `components.api.capacity`, `scenarios[0].faults[1]`. */
export function pathText(path: JsonPath): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out || 'the file';
}

function finding(message: string, range: TextRange, path: JsonPath, fixes?: Fix[]): Finding {
  const f: Finding = { ruleId: 'schema', severity: 'error', message, path, range };
  if (fixes && fixes.length > 0) f.fixes = fixes;
  return f;
}

function replaceFix(title: string, range: TextRange, newText: string): Fix {
  return { title, edits: [{ offset: range.offset, length: range.length, newText }], preferred: true };
}

function issueToFindings(issue: z.core.$ZodIssue, doc: ParsedDocument, loc: NodeLocator, model: z.core.$ZodType): Finding[] {
  const path = issue.path as JsonPath;
  const where = pathText(path);

  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(model, path, doc.value);
      const isRules = path.length === 1 && path[0] === 'rules';
      return issue.keys.map((key) => {
        const keyPath = [...path, key];
        const range = loc.keyRange(keyPath) ?? loc.nearestRange(path).range;
        const guess = didYouMean(key, known);
        const what = isRules ? `Unknown rule ${quoted(key)}${unseenNote(key)}` : `Unknown property ${quoted(key)} in ${where}${unseenNote(key)}`;
        const message = guess ? `${what}; did you mean "${guess}"?` : `${what}; expected one of: ${known.join(', ')}`;
        return finding(message, range, keyPath, guess ? [replaceFix(`Rename to "${guess}"`, range, JSON.stringify(guess))] : undefined);
      });
    }
    case 'invalid_key': {
      const key = String(path[path.length - 1]);
      const range = loc.keyRange(path) ?? loc.nearestRange(path).range;
      return [idFinding(key, range, path)];
    }
    case 'invalid_union': {
      if ((issue as any).discriminator !== undefined) {
        const disc = String((issue as any).discriminator);
        const options = ((issue as any).options ?? []) as unknown[];
        const discPath = path[path.length - 1] === disc ? path : [...path, disc];
        const node = loc.value(discPath);
        if (!node) return [missing(discPath, `expected ${oneOf(options)}`, loc)];
        return [enumFinding(node, options, discPath)];
      }
      const node = loc.value(path);
      const description = describeAt(model, path, doc.value);
      if (!node) return [missing(path, undefined, loc, description)];
      // The value has the type of one option (an object where a call is an id or an object): what that option says of it.
      const options = issue.errors;
      const typed = options.filter((o) => !o.every((i) => i.code === 'invalid_type' && i.path.length === 0));
      if (typed.length > 0) return typed[0]!.flatMap((i) => issueToFindings({ ...i, path: [...path, ...i.path] } as z.core.$ZodIssue, doc, loc, model));
      const types = options.flatMap((o) => o.map((i) => (i.code === 'invalid_type' ? article(typeWord(i.expected)) : undefined))).filter((t) => t !== undefined);
      return [finding(`${where}: expected ${types.length > 0 ? types.join(' or ') : 'another value'}, found ${typeName(node)}${description ? ` (${aside(description)})` : ''}`, range(node), path)];
    }
    case 'invalid_value': {
      const node = loc.value(path);
      if (!node) return [missing(path, `expected ${oneOf(issue.values)}`, loc)];
      return [enumFinding(node, issue.values, path)];
    }
    case 'invalid_type': {
      const node = loc.value(path);
      if (!node) return [missing(path, undefined, loc, describeAt(model, path, doc.value))];
      // A number of the wrong kind (2.5 for a count) is shown as written; other values by their type.
      const found = issue.expected === 'int' && node.type === 'number' ? foundValue(node) : typeName(node);
      return [finding(`${where}: expected ${article(typeWord(issue.expected))}, found ${found}`, range(node), path)];
    }
    case 'too_small':
    case 'too_big': {
      const range = loc.valueRange(path) ?? loc.nearestRange(path).range;
      const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const inclusive = issue.inclusive !== false;
      const node = loc.value(path);
      if (issue.origin === 'number' || issue.origin === 'int') {
        const rel = issue.code === 'too_small' ? (inclusive ? 'at least' : 'greater than') : inclusive ? 'at most' : 'less than';
        return [finding(`${where} must be ${rel} ${fmt(bound)}, found ${node ? foundValue(node) : 'nothing'}`, range, path)];
      }
      const unit = `${issue.origin === 'string' ? 'character' : 'item'}${bound === 1 ? '' : 's'}`;
      const rel = issue.code === 'too_small' ? 'at least' : 'at most';
      return [finding(`${where} must have ${rel} ${fmt(bound)} ${unit}`, range, path)];
    }
    case 'not_multiple_of':
      return [finding(`${where} must be a multiple of ${issue.divisor}`, loc.valueRange(path) ?? loc.nearestRange(path).range, path)];
    case 'invalid_format': {
      const range = loc.valueRange(path) ?? loc.nearestRange(path).range;
      return [finding(`${where}: ${lowerFirst(issue.message)}`, range, path)];
    }
    default: {
      // Custom checks point at the value concerned; an empty path names the object.
      const range = loc.valueRange(path) ?? loc.nearestRange(path).range;
      return [finding(issue.message, range, path)];
    }
  }
}

/** A value that is not one of the allowed ones: did-you-mean for a close string, else what is allowed and what is there. */
function enumFinding(node: Node, options: readonly unknown[], path: JsonPath): Finding {
  const found: unknown = node.value;
  const names = options.map((o) => String(o));
  const text = typeof found === 'string' ? found : undefined;
  const guess = text !== undefined ? didYouMean(text, names) : undefined;
  if (text !== undefined && guess) {
    const message = `Unknown value ${quoted(text)} for ${pathText(path)}${unseenNote(text)}; did you mean "${guess}"?`;
    return finding(message, range(node), path, [replaceFix(`Change to "${guess}"`, range(node), JSON.stringify(guess))]);
  }
  return finding(`${pathText(path)}: expected ${oneOf(options)}, found ${foundValue(node)}${text !== undefined ? unseenNote(text) : ''}`, range(node), path);
}

/** A required property that is absent, at the nearest text that holds it: what it must be, and what it is for. */
function missing(path: JsonPath, expected: string | undefined, loc: NodeLocator, description?: string): Finding {
  const { range } = loc.nearestRange(path);
  const name = String(path[path.length - 1]);
  const message = `Missing required property "${name}" in ${pathText(path.slice(0, -1))}${expected ? `: ${expected}` : ''}${description ? ` (${aside(description)})` : ''}`;
  return finding(message, range, path);
}

/** The allowed values, as they are written in JSON: `1`, `"client"`, `one of "read", "write"`. */
function oneOf(options: readonly unknown[]): string {
  const list = options.map((o) => JSON.stringify(o)).join(', ');
  return options.length === 1 ? list : `one of ${list}`;
}

/** A value, in words: a scalar as it is written (long strings cut), an object or an array by its type. */
function foundValue(node: Node): string {
  if (node.type === 'object' || node.type === 'array') return typeName(node);
  const shown = typeof node.value === 'string' ? quoted(node.value) : JSON.stringify(node.value);
  return shown.length > 60 ? `${shown.slice(0, 57)}…"` : shown;
}

/** zod's names of types, as the format's docs name them. */
function typeWord(expected: string): string {
  return expected === 'record' ? 'object' : expected === 'tuple' ? 'array' : expected === 'int' ? 'integer' : expected;
}

/** A description as an aside in parentheses: lower case, without its closing period. */
function aside(description: string): string {
  return lowerFirst(description).replace(/\.$/, '');
}

/** Explains why a string is not a valid id, naming invisible or look-alike characters. */
export function idFinding(id: string, range: TextRange, path: JsonPath): Finding {
  const { visible, hidden } = splitInvisible(id);
  if (hidden.length > 0) {
    const fixes = ID_PATTERN.test(visible) ? [replaceFix(`Remove the invisible characters ("${visible}")`, range, JSON.stringify(visible))] : undefined;
    return finding(`Id "${visible}" contains invisible characters (${hidden.join(', ')}) that make it look like another id`, range, path, fixes);
  }
  const odd = [...id].find((ch) => !/[A-Za-z0-9_.-]/.test(ch));
  if (odd !== undefined) {
    const shown = textFlaw(id, true) ?? `"${odd}"`;
    return finding(`Id ${JSON.stringify(id)} contains ${shown}: ids use ASCII letters, digits, "-", "_" and "."`, range, path);
  }
  if (id.length > 128) return finding(`Id is ${id.length} characters long: at most 128`, range, path);
  return finding(`Id ${JSON.stringify(id)} must start with a letter or digit`, range, path);
}

/** The first letter in lower case, unless it starts an acronym or a name such as "L4" or "CPU". */
function lowerFirst(s: string): string {
  return /^[A-Z](?=[a-z ])/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function fmt(n: number): string {
  return Number.isSafeInteger(n) ? countText(n) : String(n);
}
