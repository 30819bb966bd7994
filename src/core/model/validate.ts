/**
 * Validating a parsed document against the zod model: every zod issue becomes
 * a `schema` finding at the exact range it concerns (the unknown key, the bad
 * value, the object missing a property), with a did-you-mean fix where a
 * close name exists. Invalid components and scenarios are left out of the
 * validated data so that the rest of the file can still be analysed.
 */
import type { z } from 'zod';
import type { Finding, Fix, JsonPath, TextRange } from '../findings';
import { didYouMean } from '../text/didYouMean';
import { NodeLocator } from './locate';
import { type ParsedDocument, pathKey } from './parse';
import { ID_PATTERN, ScaleFile, type ScaleFileData } from './schema';
import { describeAt, knownKeys } from './schemaWalk';

/** The outcome of validation: the data, when enough of the file is valid to analyse it. */
export interface Validated {
  data: ScaleFileData | undefined;
  findings: Finding[];
  /** Ids of components that were declared but left out for being invalid. */
  invalidComponents: Set<string>;
}

/** Validates a parsed, non-fatal document. */
export function validateDocument(doc: ParsedDocument, locator: NodeLocator): Validated {
  const findings: Finding[] = [];
  const invalidComponents = new Set<string>();
  const first = ScaleFile.safeParse(doc.value);
  if (first.success) return { data: first.data, findings, invalidComponents };

  const seen = new Set<string>();
  for (const issue of first.error.issues) {
    for (const f of issueToFindings(issue, doc, locator)) {
      const key = `${f.range.offset}:${f.range.length}:${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(f);
    }
  }

  // Leave out what is invalid (components, scenarios, rule entries) and try again.
  const value = doc.value as Record<string, any>;
  const pruned: Record<string, any> = { ...value };
  let prunable = true;
  const dropComponents = new Set<string>();
  const dropScenarios = new Set<number>();
  let dropRules = false;
  for (const issue of first.error.issues) {
    const [top, second] = issue.path;
    if (top === 'components' && typeof second === 'string') dropComponents.add(second);
    else if (top === 'scenarios' && typeof second === 'number') dropScenarios.add(second);
    else if (top === 'rules') dropRules = true;
    else prunable = false;
  }
  if (!prunable) return { data: undefined, findings, invalidComponents: new Set(Object.keys(value.components ?? {})) };
  if (dropComponents.size > 0 && isObject(value.components)) {
    const comps = { ...value.components };
    for (const id of dropComponents) {
      delete comps[id];
      invalidComponents.add(id);
    }
    pruned.components = comps;
  }
  if (dropScenarios.size > 0 && Array.isArray(value.scenarios)) {
    pruned.scenarios = value.scenarios.filter((_: unknown, i: number) => !dropScenarios.has(i));
  }
  if (dropRules) delete pruned.rules;
  const second = ScaleFile.safeParse(pruned);
  return { data: second.success ? second.data : undefined, findings, invalidComponents };
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

function issueToFindings(issue: z.core.$ZodIssue, doc: ParsedDocument, loc: NodeLocator): Finding[] {
  const path = issue.path as JsonPath;
  for (let n = path.length; n >= 0; n--) {
    if (doc.reported.has(pathKey(path.slice(0, n)))) return []; // already reported while reading the number
  }
  const where = pathText(path);

  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(ScaleFile, path, doc.value);
      const isRules = path.length === 1 && path[0] === 'rules';
      return issue.keys.map((key) => {
        const keyPath = [...path, key];
        const range = loc.keyRange(keyPath) ?? loc.nearestRange(path).range;
        const guess = didYouMean(key, known);
        const what = isRules ? `Unknown rule "${key}"` : `Unknown property "${key}" in ${where}`;
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
        const valueRange = loc.valueRange(discPath);
        if (!valueRange) {
          const { range } = loc.nearestRange(discPath);
          return [finding(`Missing "${disc}" in ${pathText(discPath.slice(0, -1))}: one of ${options.map((o) => `"${o}"`).join(', ')}`, range, discPath)];
        }
        return [enumFinding(loc.value(discPath)?.value, options, valueRange, discPath)];
      }
      const range = loc.valueRange(path) ?? loc.nearestRange(path).range;
      const description = describeAt(ScaleFile, path, doc.value);
      return [finding(`Invalid value for ${where}${description ? `: expected ${lowerFirst(description)}` : ''}`, range, path)];
    }
    case 'invalid_value': {
      const range = loc.valueRange(path) ?? loc.nearestRange(path).range;
      return [enumFinding(loc.value(path)?.value, issue.values, range, path)];
    }
    case 'invalid_type': {
      const node = loc.value(path);
      if (!node) {
        const { range } = loc.nearestRange(path);
        const name = String(path[path.length - 1]);
        const description = describeAt(ScaleFile, path, doc.value);
        return [finding(`Missing required property "${name}" in ${pathText(path.slice(0, -1))}${description ? ` (${lowerFirst(description)})` : ''}`, range, path)];
      }
      const found = node.type === 'null' ? 'null' : node.type === 'array' ? 'an array' : `a ${node.type}`;
      return [finding(`${where}: expected ${article(issue.expected)}, found ${found}`, { offset: node.offset, length: node.length }, path)];
    }
    case 'too_small':
    case 'too_big': {
      const range = loc.valueRange(path) ?? loc.nearestRange(path).range;
      const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const inclusive = issue.inclusive !== false;
      const node = loc.value(path);
      if (issue.origin === 'number' || issue.origin === 'int') {
        const rel = issue.code === 'too_small' ? (inclusive ? 'at least' : 'greater than') : inclusive ? 'at most' : 'less than';
        return [finding(`${where} must be ${rel} ${fmt(bound)}, found ${node?.value}`, range, path)];
      }
      const unit = issue.origin === 'string' ? 'characters' : 'items';
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
      // Custom checks (a fault's single action) point at the property concerned; an empty path names the object.
      const range = loc.keyRange(path) ?? loc.nearestRange(path).range;
      return [finding(issue.message, range, path)];
    }
  }
}

function enumFinding(found: unknown, options: readonly unknown[], range: TextRange, path: JsonPath): Finding {
  const names = options.map((o) => String(o));
  const guess = typeof found === 'string' ? didYouMean(found, names) : undefined;
  const list = names.map((o) => `"${o}"`).join(', ');
  const shown = typeof found === 'string' ? `"${found}"` : JSON.stringify(found);
  const message = guess
    ? `Unknown value ${shown} for ${pathText(path)}; did you mean "${guess}"?`
    : `Invalid value ${shown} for ${pathText(path)}: expected ${options.length === 1 ? list : `one of ${list}`}`;
  return finding(message, range, path, guess ? [replaceFix(`Change to "${guess}"`, range, JSON.stringify(guess))] : undefined);
}

/** Names of characters that make two ids look alike or hide text. */
const INVISIBLE: ReadonlyMap<number, string> = new Map([
  [0x200b, 'ZERO WIDTH SPACE'], [0x200c, 'ZERO WIDTH NON-JOINER'], [0x200d, 'ZERO WIDTH JOINER'], [0x2060, 'WORD JOINER'],
  [0xfeff, 'ZERO WIDTH NO-BREAK SPACE'], [0x00ad, 'SOFT HYPHEN'], [0x202a, 'LEFT-TO-RIGHT EMBEDDING'], [0x202b, 'RIGHT-TO-LEFT EMBEDDING'],
  [0x202c, 'POP DIRECTIONAL FORMATTING'], [0x202d, 'LEFT-TO-RIGHT OVERRIDE'], [0x202e, 'RIGHT-TO-LEFT OVERRIDE'], [0x2066, 'LEFT-TO-RIGHT ISOLATE'],
  [0x2067, 'RIGHT-TO-LEFT ISOLATE'], [0x2068, 'FIRST STRONG ISOLATE'], [0x2069, 'POP DIRECTIONAL ISOLATE'], [0x200e, 'LEFT-TO-RIGHT MARK'], [0x200f, 'RIGHT-TO-LEFT MARK'],
]);

/** Explains why a string is not a valid id, naming invisible or look-alike characters. */
export function idFinding(id: string, range: TextRange, path: JsonPath): Finding {
  const hidden: string[] = [];
  let visible = '';
  for (const ch of id) {
    const cp = ch.codePointAt(0)!;
    const name = INVISIBLE.get(cp);
    if (name) hidden.push(`U+${cp.toString(16).toUpperCase().padStart(4, '0')} ${name}`);
    else visible += ch;
  }
  if (hidden.length > 0) {
    const fixes = ID_PATTERN.test(visible) ? [replaceFix(`Remove the invisible characters ("${visible}")`, range, JSON.stringify(visible))] : undefined;
    return finding(`Id "${visible}" contains invisible characters (${[...new Set(hidden)].join(', ')}) that make it look like another id`, range, path, fixes);
  }
  const odd = [...id].find((ch) => !/[A-Za-z0-9_.-]/.test(ch));
  if (odd !== undefined) {
    const cp = odd.codePointAt(0)!;
    const shown = cp < 0x20 || (cp >= 0xd800 && cp <= 0xdfff) ? `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` : `"${odd}"`;
    return finding(`Id ${JSON.stringify(id)} contains ${shown}: ids use ASCII letters, digits, "-", "_" and "."`, range, path);
  }
  if (id.length > 128) return finding(`Id is ${id.length} characters long: at most 128`, range, path);
  return finding(`Id ${JSON.stringify(id)} must start with a letter or digit`, range, path);
}

function lowerFirst(s: string): string {
  return s.length > 1 && /[A-Z][a-z]/.test(s.slice(0, 2)) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function fmt(n: number): string {
  return Number.isSafeInteger(n) ? n.toLocaleString('en-US') : String(n);
}
