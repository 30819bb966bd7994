/**
 * Reading a `*.scale.json` text: JSONC (comments, trailing commas) parsed with
 * jsonc-parser so that every value keeps its offset. Before any recursive
 * step, an iterative scan bounds the nesting depth (jsonc-parser's recursion
 * overflows the stack somewhere between 3,000 and 10,000 levels). The walk
 * that builds plain values reports what JSON.parse would silently change:
 * duplicate keys, reserved names such as `__proto__`, and numbers that do not
 * survive conversion to a double.
 */
import { getNodeValue, type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Finding, JsonPath, TextRange } from '../findings';
import { codePoint, splitInvisible } from '../text/invisible';

/** Deepest nesting of objects and arrays a file may have. */
export const MAX_DEPTH = 64;
/** Largest file read, in UTF-16 code units (5 MiB of ASCII). */
export const MAX_FILE_CHARS = 5 * 1024 * 1024;
/** Syntax errors reported at most; the rest are counted in one finding. */
export const MAX_SYNTAX_FINDINGS = 50;
/** Names that alter JavaScript objects when used as keys, refused as keys and ids (checked inline in `toValue`). */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A parsed document: its tree, its plain value, and what reading it found. */
export interface ParsedDocument {
  text: string;
  /** The syntax tree, with offsets; absent when the text could not be read at all. */
  root: Node | undefined;
  /** The plain value: reserved keys are left out (so no key can reach a prototype), -0 is 0. */
  value: unknown;
  findings: Finding[];
  /** True when the text is not a readable JSON document: no further checks apply. */
  fatal: boolean;
  /**
   * Paths of values already reported here (bad numbers, text with a control
   * character or an unpaired surrogate), as `pathKey`s: a finding is at each,
   * so validation and resolution do not report them again.
   */
  reported: Set<string>;
  /** Component ids left out of the value for being reserved names: declared, so references to them are not "unknown". */
  droppedIds: Set<string>;
}

/** What the walk that builds the value collects. */
interface ReadContext {
  text: string;
  findings: Finding[];
  reported: Set<string>;
  droppedIds: Set<string>;
}

/** A string key for a JSON path. */
export function pathKey(path: JsonPath): string {
  return JSON.stringify(path);
}

/** Messages by jsonc-parser's error code names (its enum is `const`, so it is looked up by name). */
const SYNTAX_MESSAGES: Readonly<Record<string, string>> = {
  InvalidSymbol: 'Unexpected character',
  InvalidNumberFormat: 'Invalid number',
  PropertyNameExpected: 'Expected a property name in double quotes',
  ValueExpected: 'Expected a value',
  ColonExpected: 'Expected ":" after the property name',
  CommaExpected: 'Expected "," between values',
  CloseBraceExpected: 'Expected "}" to close the object',
  CloseBracketExpected: 'Expected "]" to close the array',
  EndOfFileExpected: 'Expected the end of the file after the top-level value',
  InvalidCommentToken: 'Invalid comment',
  UnexpectedEndOfComment: 'Comment is not closed: expected "*/"',
  UnexpectedEndOfString: 'String is not closed: expected \'"\'',
  UnexpectedEndOfNumber: 'Number is cut off',
  InvalidUnicode: 'Invalid \\u escape: expected four hexadecimal digits',
  InvalidEscapeCharacter: 'Invalid escape character in a string',
  InvalidCharacter: 'Control character in a string: escape it (\\n, \\t, \\u0000)',
};

function syntax(message: string, range: TextRange, path: JsonPath = []): Finding {
  return { ruleId: 'syntax', severity: 'error', message, path, range };
}

function schema(message: string, range: TextRange, path: JsonPath): Finding {
  return { ruleId: 'schema', severity: 'error', message, path, range };
}

/**
 * Finds the first bracket that opens a level deeper than `maxDepth`, skipping
 * strings and comments; iterative, so any depth is safe. Returns its offset or -1.
 */
export function findExcessNesting(text: string, maxDepth = MAX_DEPTH): number {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22 || d === 0x0a || d === 0x0d) break;
      }
    } else if (c === 0x2f /* / */) {
      const next = text.charCodeAt(i + 1);
      if (next === 0x2f) {
        for (i += 2; i < n && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d; i++);
      } else if (next === 0x2a /* * */) {
        const end = text.indexOf('*/', i + 2);
        i = end < 0 ? n : end + 1;
      }
    } else if (c === 0x7b || c === 0x5b /* { [ */) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x7d || c === 0x5d /* } ] */) {
      if (depth > 0) depth--;
    }
  }
  return -1;
}

/** Whether a text is within what the reader reads at all: not too large, not nested too deep for a recursive walk. */
export function withinReadLimits(text: string): boolean {
  return text.length <= MAX_FILE_CHARS && findExcessNesting(text) < 0;
}

/** The object a document holds, as the reader names it when there is none: a topology, or a project configuration. */
const EXPECTED = {
  topology: { object: 'a topology object', example: '{ "version": 1, "name": …, "workload": …, "components": … }' },
  configuration: { object: 'a configuration object', example: '{ "rules": { … } }' },
} as const;

/** How a document is read. */
export interface ReadOptions {
  /** False: only the general way (jsonc-parser's tree, then a walk that builds the value), which tests hold the one-pass reader to. */
  onePass?: boolean;
}

/** Reads a document (a topology unless `kind` says otherwise); never throws on any input text. */
export function parseDocument(text: string, kind: keyof typeof EXPECTED = 'topology', options: ReadOptions = {}): ParsedDocument {
  const expected = EXPECTED[kind];
  const fail = (finding: Finding): ParsedDocument => ({ text, root: undefined, value: undefined, findings: [finding], fatal: true, reported: new Set(), droppedIds: new Set() });

  if (text.length > MAX_FILE_CHARS) {
    return fail(syntax(`File is too large to check: ${(text.length / 1048576).toFixed(1)} MiB of text, above the ${MAX_FILE_CHARS / 1048576} MiB bound`, { offset: 0, length: 0 }));
  }
  // A UTF-8 byte order mark is allowed; read it as a space so offsets stay those of the text.
  const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  if (source.trim() === '') {
    return fail(syntax(`File is empty: expected ${expected.object} such as ${expected.example}`, { offset: 0, length: 0 }));
  }
  // Well-formed text (nearly every check) is read in one pass; anything else is read as below, unchanged.
  const fast = options.onePass === false ? undefined : readWellFormed(source);
  if (fast) {
    const { root, plain } = fast;
    if (root.type !== 'object') return notAnObject(text, root, expected.object);
    // Plain JSON (most files) has the value JSON.parse gives, read when asked for; the rest is walked as before.
    if (plain) return new PlainDocument(text, root, source, fast.ctx);
    const ctx: ReadContext = { text: source, findings: [], reported: new Set(), droppedIds: new Set() };
    const value = toValue(root, ctx);
    return { text, root, value, findings: ctx.findings, fatal: false, reported: ctx.reported, droppedIds: ctx.droppedIds };
  }

  const deep = findExcessNesting(source);
  if (deep >= 0) {
    return fail(syntax(`Nesting is deeper than ${MAX_DEPTH} levels; the file is not read further`, { offset: deep, length: 1 }));
  }

  const errors: ParseError[] = [];
  const root = parseTree(source, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  if (errors.length > 0 || !root) {
    // jsonc-parser reports several errors at one place: mid-file the first is the real one; at the end of a
    // cut-off file the last ("expected }") is, and the others are consequences of the cut.
    // jsonc-parser reports several errors at one place. Mid-file the first is the real one. At the end of a
    // cut-off file each unclosed level is real once, but "expected a property name / value" after a trailing
    // comma is not (trailing commas are allowed).
    const end = source.trimEnd().length;
    const afterComma = source.charCodeAt(end - 1) === 0x2c;
    const seenAtEnd = new Set<number>();
    const unique = errors.filter((e, i) => {
      if (e.offset >= end) {
        const code = printParseErrorCode(e.error);
        if (afterComma && (code === 'PropertyNameExpected' || code === 'ValueExpected')) return false;
        if (seenAtEnd.has(e.error)) return false;
        seenAtEnd.add(e.error);
        return true;
      }
      const prev = errors[i - 1];
      return prev === undefined || prev.offset !== e.offset;
    });
    errors.length = 0;
    errors.push(...unique);
    const findings = errors.slice(0, MAX_SYNTAX_FINDINGS).map((e) =>
      syntax(SYNTAX_MESSAGES[printParseErrorCode(e.error)] ?? 'Syntax error', { offset: e.offset, length: e.length }));
    if (errors.length > MAX_SYNTAX_FINDINGS) {
      const last = errors[MAX_SYNTAX_FINDINGS]!;
      findings.push(syntax(`${errors.length - MAX_SYNTAX_FINDINGS} more syntax errors not shown`, { offset: last.offset, length: last.length }));
    }
    if (findings.length === 0) findings.push(syntax('Expected a JSON value', { offset: 0, length: 0 }));
    return { text, root, value: undefined, findings, fatal: true, reported: new Set(), droppedIds: new Set() };
  }
  if (root.type !== 'object') return notAnObject(text, root, expected.object);

  const ctx: ReadContext = { text: source, findings: [], reported: new Set(), droppedIds: new Set() };
  const value = toValue(root, ctx);
  return { text, root, value, findings: ctx.findings, fatal: false, reported: ctx.reported, droppedIds: ctx.droppedIds };
}

/**
 * A document of plain JSON: its value is what `JSON.parse` gives, read from
 * the text when first asked for and kept from then on. A check validates a
 * value read for it alone (`valueOnce`) and keeps the validated data, so the
 * document (which the language server keeps between requests) holds a value
 * only for the requests that read one.
 */
class PlainDocument implements ParsedDocument {
  readonly fatal = false;
  readonly findings: Finding[];
  readonly reported: Set<string>;
  readonly droppedIds: Set<string>;
  private kept: { value: unknown } | undefined;

  constructor(
    readonly text: string,
    readonly root: Node,
    private readonly source: string,
    ctx: ReadContext,
  ) {
    this.findings = ctx.findings;
    this.reported = ctx.reported;
    this.droppedIds = ctx.droppedIds;
  }

  get value(): unknown {
    return (this.kept ??= { value: JSON.parse(this.source) }).value;
  }

  /** The value, kept or read anew without keeping it. */
  once(): unknown {
    return this.kept ? this.kept.value : JSON.parse(this.source);
  }
}

/** A document's value for one use: a plain document's is read again rather than kept (see PlainDocument). */
export function valueOnce(doc: ParsedDocument): unknown {
  return doc instanceof PlainDocument ? doc.once() : doc.value;
}

/** A document whose top-level value is not an object: nothing further applies. */
function notAnObject(text: string, root: Node, object: string): ParsedDocument {
  return { text, root, value: undefined, findings: [schema(`Expected ${object}, found ${typeName(root)}`, range(root), [])], fatal: true, reported: new Set(), droppedIds: new Set() };
}

/**
 * The plain value of a node, as jsonc-parser's `getNodeValue` gives it; an
 * object or array the reader left unread is read from its text, without
 * building its children.
 */
export function nodeValue(node: Node): unknown {
  return node instanceof DeferredNode ? node.plainValue() : getNodeValue(node);
}

/** Whether a node's children are still unread in the text (they are read when first asked for). */
export function isUnread(node: Node): boolean {
  return node instanceof DeferredNode && !node.read;
}

/**
 * A node whose children a walk may read without the tree keeping them: the
 * node itself, or for one still unread a copy (the same type, offset and
 * length) with its children read from the text for that walk alone. For a
 * walk over every component that keeps nothing of the nodes (the reference
 * index keeps ranges), so that the tree stays as small as the check left it.
 */
export function readOnce(node: Node): Node;
export function readOnce(node: Node | undefined): Node | undefined;
export function readOnce(node: Node | undefined): Node | undefined {
  return node instanceof DeferredNode && !node.read ? node.copy() : node;
}

/** The range of a node. */
export function range(node: Node): TextRange {
  return { offset: node.offset, length: node.length };
}

/** The type of a value, in words: "an object", "an array", "a string", "null". */
export function typeName(node: Node): string {
  return node.type === 'null' ? 'null' : node.type === 'array' || node.type === 'object' ? `an ${node.type}` : `a ${node.type}`;
}

/** The JSON path of a node, from its parent links: computed only when something is reported. */
function pathOf(node: Node): JsonPath {
  const path: JsonPath = [];
  let child = node;
  let parent = node.parent;
  while (parent) {
    if (parent.type === 'property') {
      path.push(parent.children![0]!.value as string);
      child = parent;
      parent = parent.parent;
      continue;
    }
    if (parent.type === 'array') path.push(parent.children!.indexOf(child));
    child = parent;
    parent = parent.parent;
  }
  return path.reverse();
}

/**
 * Builds the plain value of a node. Paths are not carried along (that would
 * allocate one array per value); a finding computes its path from the tree.
 */
function toValue(node: Node, ctx: ReadContext): unknown {
  // Left unread for having nothing to report: plain JSON.
  if (node instanceof DeferredNode) return node.plainValue();
  switch (node.type) {
    case 'object': {
      // A plain object (zod's fast path wants one); the keys that could alter it are refused below.
      const out: Record<string, unknown> = {};
      const children = node.children;
      if (!children) return out;
      for (let i = 0; i < children.length; i++) {
        const prop = children[i]!;
        const keyNode = prop.children?.[0];
        const valueNode = prop.children?.[1];
        if (!keyNode || !valueNode) continue;
        const key = keyNode.value as string;
        if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
          const keyPath = pathOf(valueNode);
          const isId = keyPath.length === 2 && keyPath[0] === 'components';
          if (isId) ctx.droppedIds.add(key);
          ctx.findings.push(schema(`"${key}" is reserved in JavaScript and cannot be used as ${isId ? 'a component id' : 'a key'}: rename it`, range(keyNode), keyPath));
          continue;
        }
        if (Object.hasOwn(out, key)) {
          const first = children.find((p) => p.children?.[0]?.value === key)!.children![0]!;
          const keyPath = pathOf(valueNode);
          const f = schema(`Duplicate key "${key}": this value replaces the earlier one`, range(keyNode), keyPath);
          f.related = [{ message: `first "${key}"`, path: keyPath, range: range(first) }];
          ctx.findings.push(f);
        }
        out[key] = toValue(valueNode, ctx);
      }
      return out;
    }
    case 'array': {
      const children = node.children ?? [];
      const out = new Array<unknown>(children.length);
      for (let i = 0; i < children.length; i++) out[i] = toValue(children[i]!, ctx);
      return out;
    }
    case 'number': {
      const value = node.value as number;
      // Most numbers are ordinary: look at the raw token only for the few that may not be.
      if (value === 0 || !Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) return checkNumber(node, ctx, () => pathOf(node));
      return value;
    }
    case 'string': {
      const value = node.value as string;
      // Escapes are the only way to write control characters and unpaired surrogates in JSON: check only strings that have them.
      if (node.length - 2 !== value.length) checkString(node, value, ctx, () => pathOf(node));
      return value;
    }
    default:
      return node.value;
  }
}

// ---------------------------------------------------------------------------
// The one-pass reader of well-formed text

/** Thrown inside the reader when the text is not plainly well-formed: it is then read the general way. */
const NOT_PLAIN = new Error('not plain JSONC');

/** Thrown inside a skim when the value skimmed is to be built instead (see `PlainReader.deferred`). */
const BUILD_IT = new Error('build it');

/** A node under construction (jsonc-parser's `Node` is read-only). */
type Building = { -readonly [K in keyof Node]: Node[K] };

/** Placeholder children of a node whose children are being read (replaced before the node is returned). */
const READING: Node[] = [];

/**
 * Objects and arrays this many levels down (a component, a scenario, an
 * accepted risk) are read on first use when there is nothing in them to
 * report: a check of a design without findings reads none of them, and a
 * tree of every value held ~20 bytes per byte of text through the whole check.
 */
const DEFERRED_DEPTH = 2;

/** Objects with more keys than this look duplicates up in a set rather than among the keys so far. */
const FEW_KEYS = 16;

/** Keys up to this long are kept once per read; slots of the table that finds them. */
const INTERNED_LENGTH = 32;
const INTERNED_SLOTS = 2048;

/** Significant digits up to which a number without an exponent is a finite double below 2^53. */
const SAFE_DIGITS = 15;

/** A 32-bit hash of a string's value, to compare keys only when it is equal. */
function hashOf(value: string): number {
  let h = 0;
  for (let i = 0; i < value.length; i++) h = (Math.imul(h, 31) + value.charCodeAt(i)) | 0;
  return h;
}

/**
 * Reads well-formed JSONC in one pass, giving exactly the tree jsonc-parser's
 * `parseTree` builds (node for node: the same types, offsets, lengths, colon
 * offsets, values and parent links, so the NodeLocator, the reference index
 * and the language service read what they always read; children arrays at
 * their exact length) and reporting what `toValue` reports, in the same
 * order. Objects and arrays DEFERRED_DEPTH levels down in which there is
 * nothing to report and that are plain JSON are checked but not built: their
 * children are read from the text when first asked for (DeferredNode). It
 * accepts only what jsonc-parser accepts without an error (comments and
 * trailing commas included) and at most MAX_DEPTH levels; on anything else
 * it gives up (undefined), and the text is read the general way (nesting
 * scan, `parseTree`, `toValue`), so every finding on such text is unchanged.
 * `plain` says the text is plain JSON whose `JSON.parse` value is the value
 * `toValue` would build: no comments or trailing commas, no reserved keys, no
 * -0. A differential test holds the readers to the same output
 * (test/unit/model/readWellFormed.test.ts).
 */
export function readWellFormed(source: string): { root: Node; plain: boolean; ctx: ReadContext } | undefined {
  const ctx: ReadContext = { text: source, findings: [], reported: new Set(), droppedIds: new Set() };
  const reader = new PlainReader(source, ctx);
  try {
    const root = reader.read();
    return { root, plain: reader.plain, ctx };
  } catch (e) {
    if (e === NOT_PLAIN) return undefined;
    throw e;
  }
}

/**
 * An object or array of well-formed text with nothing to report in it, whose
 * children are read from the text when first asked for (and kept). It is
 * plain JSON: its value is `JSON.parse` of its text.
 */
class DeferredNode {
  /** The children, once read. */
  read: Node[] | undefined;

  constructor(
    readonly type: 'object' | 'array',
    readonly offset: number,
    readonly length: number,
    readonly parent: Node | undefined,
    private readonly reader: PlainReader,
  ) {}

  /** The members (properties) or elements, read on first use. */
  get children(): Node[] {
    return (this.read ??= this.reader.childrenOf(this));
  }

  /** A node like this one, with its children read now and not kept here. */
  copy(): Node {
    const copy: Building = { type: this.type, offset: this.offset, length: this.length, parent: this.parent, children: READING };
    copy.children = this.reader.childrenOf(copy);
    return copy;
  }

  /** The plain value, read from the text without building the children (not `value`: a Node's is a scalar's alone). */
  plainValue(): unknown {
    return JSON.parse(this.reader.source.slice(this.offset, this.offset + this.length));
  }
}

class PlainReader {
  /** False once something JSON.parse would not read as `toValue` does was seen. */
  plain = true;
  private pos = 0;
  private depth = 0;
  /** The depth whose objects and arrays may be left unread (none once the first reading is done). */
  private deferAt = DEFERRED_DEPTH;
  /** Keys and indices from the root to the value being read (the first `depth` entries): the path of a finding. */
  private readonly path: JsonPath = new Array<string | number>(MAX_DEPTH + 1).fill('');
  /** Children being read, of every open level (the first `top`); each level takes its own out at its end. */
  private readonly nodes: Node[] = [];
  private top = 0;
  /** The hash of the string read last (of its value, as `hashOf`). */
  private hash = 0;
  /** Keys read so far, by hash: a read keeps one copy of each. */
  private readonly interned: (string | undefined)[] = new Array(INTERNED_SLOTS);
  /** Hashes of the keys of every object open in a skim (the first `skimmedKeys`). */
  private readonly keyHashes: number[] = [];
  private skimmedKeys = 0;

  constructor(
    readonly source: string,
    private readonly ctx: ReadContext,
  ) {}

  read(): Node {
    this.trivia();
    const root = this.value(undefined, true) as Building;
    this.trivia();
    if (this.pos !== this.source.length) throw NOT_PLAIN;
    delete root.parent; // as parseTree leaves the root
    this.deferAt = -1;
    return root;
  }

  /** The children of a node left unread (or of its copy), read now as the first reading would have (there is nothing in them to report). */
  childrenOf(node: Pick<Node, 'type' | 'offset'>): Node[] {
    this.pos = node.offset;
    this.depth = DEFERRED_DEPTH;
    const parent = node as Node;
    return node.type === 'object' ? this.members(parent, false) : this.elements(parent, false);
  }

  /** Skips whitespace and comments. */
  private trivia(): void {
    const text = this.source;
    const n = text.length;
    let pos = this.pos;
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        pos++;
      } else if (c === 0x2f /* / */) {
        const d = text.charCodeAt(pos + 1);
        if (d === 0x2f) {
          for (pos += 2; pos < n; pos++) {
            const e = text.charCodeAt(pos);
            if (e === 0x0a || e === 0x0d) break;
          }
        } else if (d === 0x2a /* * */) {
          const end = text.indexOf('*/', pos + 2);
          if (end < 0) throw NOT_PLAIN;
          pos = end + 2;
        } else {
          throw NOT_PLAIN;
        }
        this.plain = false;
      } else {
        break;
      }
    }
    this.pos = pos;
  }

  /** Reads a value at `pos` (trivia skipped); `report` is false under a reserved key, whose value is left out of the value. */
  private value(parent: Node | undefined, report: boolean): Node {
    const c = this.source.charCodeAt(this.pos);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const offset = this.pos;
      if (this.depth === this.deferAt) {
        const node = this.deferred(parent, c === 0x7b ? 'object' : 'array');
        if (node) return node;
      }
      const node: Building = { type: c === 0x7b ? 'object' : 'array', offset, length: -1, parent, children: READING };
      node.children = c === 0x7b ? this.members(node, report) : this.elements(node, report);
      node.length = this.pos - offset;
      return node;
    }
    const offset = this.pos;
    if (c === 0x22 /* " */) {
      const value = this.string(false);
      const node: Node = { type: 'string', offset, length: this.pos - offset, parent, value };
      // Escapes are the only way to write control characters and unpaired surrogates in JSON: check only strings that have them.
      if (report && node.length - 2 !== value.length) checkString(node, value, this.ctx, () => this.path.slice(0, this.depth));
      return node;
    }
    if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      const value = Number(this.source.slice(offset, this.number()));
      const node: Node = { type: 'number', offset, length: this.pos - offset, parent, value };
      // Most numbers are ordinary: look at the raw token only for the few that may not be.
      if (value === 0 || !Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) {
        if (Object.is(value, -0)) this.plain = false; // the value reads -0 as 0
        if (report) checkNumber(node, this.ctx, () => this.path.slice(0, this.depth));
      }
      return node;
    }
    if (c === 0x74 /* t */ && this.word('true')) return { type: 'boolean', offset, length: 4, parent, value: true };
    if (c === 0x66 /* f */ && this.word('false')) return { type: 'boolean', offset, length: 5, parent, value: false };
    if (c === 0x6e /* n */ && this.word('null')) return { type: 'null', offset, length: 4, parent, value: null };
    throw NOT_PLAIN;
  }

  /**
   * The object or array at `pos` as a node whose children are read later,
   * when a skim over it finds nothing to report and nothing that is not
   * plain JSON; otherwise undefined, with `pos` where it was, and it is built.
   */
  private deferred(parent: Node | undefined, type: 'object' | 'array'): Node | undefined {
    const offset = this.pos;
    const depth = this.depth;
    try {
      this.skimValue();
    } catch (e) {
      if (e !== BUILD_IT) throw e;
      this.pos = offset;
      this.depth = depth;
      this.skimmedKeys = 0;
      return undefined;
    }
    return new DeferredNode(type, offset, this.pos - offset, parent, this) as unknown as Node;
  }

  /** Reads the members of the object at `pos` into property nodes whose parent is `node`; `pos` ends past its brace. */
  private members(node: Node, report: boolean): Node[] {
    const depth = this.depth;
    if (depth === MAX_DEPTH) throw NOT_PLAIN;
    this.depth = depth + 1;
    const text = this.source;
    this.pos++;
    const first = this.top;
    // Hashes of the keys so far, for duplicates (reserved keys are not among them: the value leaves them out).
    let hashes: number[] | undefined;
    let hashSet: Set<number> | undefined;
    this.trivia();
    if (text.charCodeAt(this.pos) !== 0x7d /* } */) {
      for (;;) {
        if (text.charCodeAt(this.pos) !== 0x22) throw NOT_PLAIN;
        const keyOffset = this.pos;
        const key = this.string(true);
        const hash = this.hash;
        const prop: Building = { type: 'property', offset: keyOffset, length: -1, parent: node, children: READING, colonOffset: -1 };
        const keyNode: Node = { type: 'string', value: key, offset: keyOffset, length: this.pos - keyOffset, parent: prop };
        this.trivia();
        if (text.charCodeAt(this.pos) !== 0x3a /* : */) throw NOT_PLAIN;
        prop.colonOffset = this.pos++;
        this.trivia();
        this.path[depth] = key;
        let reportValue = report;
        if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
          this.plain = false; // JSON.parse keeps the key; the value leaves it out
          if (report) {
            const keyPath = this.path.slice(0, depth + 1);
            const isId = keyPath.length === 2 && keyPath[0] === 'components';
            if (isId) this.ctx.droppedIds.add(key);
            this.ctx.findings.push(schema(`"${key}" is reserved in JavaScript and cannot be used as ${isId ? 'a component id' : 'a key'}: rename it`, range(keyNode), keyPath));
          }
          reportValue = false;
        } else if (hashes === undefined) {
          hashes = [hash];
        } else {
          // Keys are compared only when their hashes are equal.
          if (hashSet === undefined && hashes.length === FEW_KEYS) hashSet = new Set(hashes);
          if ((hashSet ? hashSet.has(hash) : hashes.includes(hash)) && this.isDuplicate(key, first)) {
            if (report) this.duplicate(key, keyNode, first);
          } else {
            hashes.push(hash);
            hashSet?.add(hash);
          }
        }
        const valueNode = this.value(prop, reportValue);
        prop.children = [keyNode, valueNode];
        prop.length = valueNode.offset + valueNode.length - keyOffset;
        this.nodes[this.top++] = prop;
        this.trivia();
        const d = text.charCodeAt(this.pos);
        if (d === 0x2c /* , */) {
          this.pos++;
          this.trivia();
          if (text.charCodeAt(this.pos) === 0x7d) {
            this.plain = false; // a trailing comma
            break;
          }
        } else if (d === 0x7d) {
          break;
        } else {
          throw NOT_PLAIN;
        }
      }
    }
    this.pos++;
    const children = this.nodes.slice(first, this.top);
    this.top = first;
    this.depth = depth;
    return children;
  }

  /** True when an earlier key of the object being read (its properties from `first`) is `key`. */
  private isDuplicate(key: string, first: number): boolean {
    for (let i = first; i < this.top; i++) if (this.nodes[i]!.children![0]!.value === key) return true;
    return false;
  }

  /** Reports a key that replaces an earlier one, related to the first. */
  private duplicate(key: string, keyNode: Node, first: number): void {
    let firstKey = keyNode;
    for (let i = first; i < this.top; i++) {
      const k = this.nodes[i]!.children![0]!;
      if (k.value === key) {
        firstKey = k;
        break;
      }
    }
    const keyPath = this.path.slice(0, this.depth);
    const f = schema(`Duplicate key "${key}": this value replaces the earlier one`, range(keyNode), keyPath);
    f.related = [{ message: `first "${key}"`, path: keyPath, range: range(firstKey) }];
    this.ctx.findings.push(f);
  }

  /** Reads the elements of the array at `pos` into nodes whose parent is `node`; `pos` ends past its bracket. */
  private elements(node: Node, report: boolean): Node[] {
    const depth = this.depth;
    if (depth === MAX_DEPTH) throw NOT_PLAIN;
    this.depth = depth + 1;
    const text = this.source;
    this.pos++;
    const first = this.top;
    this.trivia();
    if (text.charCodeAt(this.pos) !== 0x5d /* ] */) {
      for (let i = 0; ; i++) {
        this.path[depth] = i;
        const item = this.value(node, report);
        this.nodes[this.top++] = item;
        this.trivia();
        const d = text.charCodeAt(this.pos);
        if (d === 0x2c /* , */) {
          this.pos++;
          this.trivia();
          if (text.charCodeAt(this.pos) === 0x5d) {
            this.plain = false; // a trailing comma
            break;
          }
        } else if (d === 0x5d) {
          break;
        } else {
          throw NOT_PLAIN;
        }
      }
    }
    this.pos++;
    const children = this.nodes.slice(first, this.top);
    this.top = first;
    this.depth = depth;
    return children;
  }

  // --- skimming: the same grammar, nothing built --------------------------

  /**
   * Reads past the value at `pos` as `value` would read it, building nothing;
   * throws BUILD_IT at anything `value` would report or that is not plain
   * JSON (a comment, a trailing comma, a reserved key, an escape, a number
   * it would look at twice, a key whose hash an earlier key of its object
   * has, an object of many keys), and NOT_PLAIN where `value` would.
   */
  private skimValue(): void {
    const text = this.source;
    const c = text.charCodeAt(this.pos);
    if (c === 0x7b /* { */) this.skimObject();
    else if (c === 0x5b /* [ */) this.skimArray();
    else if (c === 0x22 /* " */) this.skimString();
    else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) this.skimNumber();
    else if (!((c === 0x74 && this.word('true')) || (c === 0x66 && this.word('false')) || (c === 0x6e && this.word('null')))) throw NOT_PLAIN;
  }

  private skimObject(): void {
    const depth = this.depth;
    if (depth === MAX_DEPTH) throw NOT_PLAIN;
    this.depth = depth + 1;
    const text = this.source;
    const hashes = this.keyHashes;
    const first = this.skimmedKeys;
    this.pos++;
    this.skimSpace();
    if (text.charCodeAt(this.pos) !== 0x7d /* } */) {
      for (;;) {
        if (text.charCodeAt(this.pos) !== 0x22) throw NOT_PLAIN;
        const keyOffset = this.pos;
        this.skimString();
        if (this.isReserved(keyOffset + 1, this.pos - keyOffset - 2)) throw BUILD_IT;
        const hash = this.hash;
        if (this.skimmedKeys - first === FEW_KEYS) throw BUILD_IT;
        for (let i = first; i < this.skimmedKeys; i++) if (hashes[i] === hash) throw BUILD_IT;
        hashes[this.skimmedKeys++] = hash;
        this.skimSpace();
        if (text.charCodeAt(this.pos) !== 0x3a /* : */) throw NOT_PLAIN;
        this.pos++;
        this.skimSpace();
        this.skimValue();
        if (this.skimEnd(0x7d)) break;
      }
    }
    this.pos++;
    this.skimmedKeys = first;
    this.depth = depth;
  }

  private skimArray(): void {
    const depth = this.depth;
    if (depth === MAX_DEPTH) throw NOT_PLAIN;
    this.depth = depth + 1;
    this.pos++;
    this.skimSpace();
    if (this.source.charCodeAt(this.pos) !== 0x5d /* ] */) {
      for (;;) {
        this.skimValue();
        if (this.skimEnd(0x5d)) break;
      }
    }
    this.pos++;
    this.depth = depth;
  }

  /** After a member or element: true at the closing `close`, false past a comma before the next one. */
  private skimEnd(close: number): boolean {
    this.skimSpace();
    const d = this.source.charCodeAt(this.pos);
    if (d === close) return true;
    if (d !== 0x2c /* , */) throw NOT_PLAIN;
    this.pos++;
    this.skimSpace();
    if (this.source.charCodeAt(this.pos) === close) throw BUILD_IT; // a trailing comma
    return false;
  }

  /** Skips whitespace; a comment (or a stray slash) is for `trivia`. */
  private skimSpace(): void {
    const text = this.source;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else if (c === 0x2f) throw BUILD_IT;
      else break;
    }
    this.pos = pos;
  }

  /** Reads past a string token with no escape, leaving its hash in `hash`. */
  private skimString(): void {
    const text = this.source;
    const n = text.length;
    let pos = this.pos + 1;
    let h = 0;
    for (;;) {
      if (pos >= n) throw NOT_PLAIN;
      const c = text.charCodeAt(pos);
      if (c === 0x22) break;
      if (c < 0x20) throw NOT_PLAIN;
      if (c === 0x5c /* \ */) throw BUILD_IT;
      h = (Math.imul(h, 31) + c) | 0;
      pos++;
    }
    this.pos = pos + 1;
    this.hash = h;
  }

  /** Whether the `length` characters at `at` are a reserved key. */
  private isReserved(at: number, length: number): boolean {
    const text = this.source;
    return (length === 9 && (text.startsWith('__proto__', at) || text.startsWith('prototype', at))) || (length === 11 && text.startsWith('constructor', at));
  }

  /**
   * Reads past a number token that is surely a finite double below 2^53 and
   * not -0 (no exponent, at most SAFE_DIGITS digits): the numbers `value`
   * does not look at twice, but for plain zeros, which it passes too.
   */
  private skimNumber(): void {
    const text = this.source;
    const start = this.pos;
    const end = this.number();
    const negative = text.charCodeAt(start) === 0x2d;
    let digits = 0;
    let nonZero = false;
    for (let i = negative ? start + 1 : start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x2e /* . */) continue;
      if (c < 0x30 || c > 0x39) throw BUILD_IT; // an exponent
      digits++;
      if (c !== 0x30) nonZero = true;
    }
    if (digits > SAFE_DIGITS || (negative && !nonZero)) throw BUILD_IT;
  }

  // --- tokens ---------------------------------------------------------------

  /**
   * Reads a string token at `pos` (its opening quote) and returns its value,
   * decoding escapes as jsonc-parser does; leaves the value's hash in `hash`.
   */
  private string(intern: boolean): string {
    const text = this.source;
    const n = text.length;
    const first = this.pos + 1;
    let pos = first;
    let start = first;
    let out = '';
    let h = 0;
    for (;;) {
      if (pos >= n) throw NOT_PLAIN;
      const c = text.charCodeAt(pos);
      if (c === 0x22) break;
      if (c < 0x20) throw NOT_PLAIN; // a line break or control character in a string is an error
      if (c !== 0x5c /* \ */) {
        h = (Math.imul(h, 31) + c) | 0;
        pos++;
        continue;
      }
      out += text.substring(start, pos);
      const e = text.charCodeAt(pos + 1);
      pos += 2;
      switch (e) {
        case 0x22: out += '"'; break;
        case 0x5c: out += '\\'; break;
        case 0x2f: out += '/'; break;
        case 0x62: out += '\b'; break;
        case 0x66: out += '\f'; break;
        case 0x6e: out += '\n'; break;
        case 0x72: out += '\r'; break;
        case 0x74: out += '\t'; break;
        case 0x75: {
          let code = 0;
          for (let k = 0; k < 4; k++) {
            const x = text.charCodeAt(pos++);
            const digit = x >= 0x30 && x <= 0x39 ? x - 0x30 : x >= 0x41 && x <= 0x46 ? x - 0x37 : x >= 0x61 && x <= 0x66 ? x - 0x57 : -1;
            if (digit < 0) throw NOT_PLAIN;
            code = code * 16 + digit;
          }
          out += String.fromCharCode(code);
          break;
        }
        default:
          throw NOT_PLAIN;
      }
      start = pos;
    }
    this.pos = pos + 1;
    if (start !== first) {
      // Escaped: the hash is that of what it decodes to.
      const value = out + text.substring(start, pos);
      this.hash = hashOf(value);
      return value;
    }
    this.hash = h;
    const len = pos - first;
    if (!intern || len > INTERNED_LENGTH) return text.substring(first, pos);
    // Keys repeat: one string each per read, found by hash.
    const slot = (h ^ len) & (INTERNED_SLOTS - 1);
    const known = this.interned[slot];
    if (known !== undefined && known.length === len) {
      let i = 0;
      while (i < len && known.charCodeAt(i) === text.charCodeAt(first + i)) i++;
      if (i === len) return known;
    }
    const value = text.substring(first, pos);
    this.interned[slot] = value;
    return value;
  }

  /** Reads past a number token at `pos` with jsonc-parser's grammar, followed by a delimiter; gives where it ends. */
  private number(): number {
    const text = this.source;
    let pos = this.pos;
    if (text.charCodeAt(pos) === 0x2d) pos++;
    let c = text.charCodeAt(pos);
    if (c === 0x30) {
      c = text.charCodeAt(++pos);
    } else if (c >= 0x31 && c <= 0x39) {
      do c = text.charCodeAt(++pos);
      while (c >= 0x30 && c <= 0x39);
    } else {
      throw NOT_PLAIN;
    }
    if (c === 0x2e /* . */) {
      c = text.charCodeAt(++pos);
      if (!(c >= 0x30 && c <= 0x39)) throw NOT_PLAIN;
      do c = text.charCodeAt(++pos);
      while (c >= 0x30 && c <= 0x39);
    }
    if (c === 0x65 || c === 0x45 /* e E */) {
      c = text.charCodeAt(++pos);
      if (c === 0x2b || c === 0x2d) c = text.charCodeAt(++pos);
      if (!(c >= 0x30 && c <= 0x39)) throw NOT_PLAIN;
      do c = text.charCodeAt(++pos);
      while (c >= 0x30 && c <= 0x39);
    }
    this.pos = pos;
    this.delimiter();
    return pos;
  }

  /** Reads `true`, `false` or `null` at `pos` when it stands alone; false when the word is something else. */
  private word(w: string): boolean {
    if (!this.source.startsWith(w, this.pos)) return false;
    this.pos += w.length;
    this.delimiter();
    return true;
  }

  /** A token must be followed by trivia, punctuation or the end; anything else runs on into an error. */
  private delimiter(): void {
    if (this.pos >= this.source.length) return;
    const c = this.source.charCodeAt(this.pos);
    if (c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x2f) return;
    throw NOT_PLAIN;
  }
}

/**
 * What makes text unfit for an id or a reference, in words: an unpaired
 * surrogate (not valid Unicode) or a control character; undefined when
 * nothing does. TAB, LF and CR count only when `lineBreaks` is set: free text
 * such as a description may hold them, an id or a reference may not.
 */
export function textFlaw(value: string, lineBreaks: boolean): string | undefined {
  if (!value.isWellFormed()) {
    const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(value)!;
    return `an unpaired surrogate ${codePoint(lone[0].charCodeAt(0))}, which is not valid Unicode`;
  }
  const control = (lineBreaks ? /[\u0000-\u001f\u007f]/ : /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/).exec(value);
  return control ? `the control character ${codePoint(control[0].charCodeAt(0))}` : undefined;
}

/** " (it contains U+200B ZERO WIDTH SPACE)": what a quoted name or value holds that a reader cannot see or trust (its flaw, then its invisible characters), or "" when nothing. */
export function unseenNote(value: string): string {
  const flaw = textFlaw(value, true);
  const { hidden } = splitInvisible(value);
  const contains = flaw === undefined ? hidden : [flaw, ...hidden];
  return contains.length > 0 ? ` (it contains ${contains.join(', ')})` : '';
}

/** Reports control characters (but TAB, LF and CR) and unpaired surrogates written as escapes. */
function checkString(node: Node, value: string, ctx: ReadContext, pathOfNode: () => JsonPath): void {
  const flaw = textFlaw(value, false);
  if (flaw === undefined) return;
  const path = pathOfNode();
  ctx.findings.push(schema(`Text contains ${flaw}`, range(node), path));
  ctx.reported.add(pathKey(path));
}

/** Judges a number from its raw token: out of range, underflowing, or an integer past 2^53 that does not survive as a double. */
function checkNumber(node: Node, ctx: ReadContext, pathOfNode: () => JsonPath): number {
  const raw = ctx.text.slice(node.offset, node.offset + node.length);
  const value = Number(raw);
  const report = (message: string) => {
    const path = pathOfNode();
    ctx.findings.push(schema(message, range(node), path));
    ctx.reported.add(pathKey(path));
  };
  if (!Number.isFinite(value)) {
    report(`Number ${raw} is too large: it would read as ${value > 0 ? '' : '-'}Infinity`);
    return value;
  }
  if (value === 0) {
    if (/[1-9]/.test(raw.split(/[eE]/)[0]!)) report(`Number ${raw} is too small to represent: it would read as 0`);
    return 0; // -0 reads as 0
  }
  const exact = exactInteger(raw);
  if (exact === undefined) {
    report(`Number ${raw} is beyond 2^53 and has a fraction: it cannot be represented, and would read as ${BigInt(value)}`);
  } else if (exact !== BigInt(value)) {
    report(`Integer ${raw} is beyond 2^53 and loses precision: it would read as ${BigInt(value)}`);
  }
  return value;
}

/** The exact integer a decimal token denotes, or undefined when it has a non-zero fraction. */
function exactInteger(raw: string): bigint | undefined {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(raw);
  if (!m) return undefined;
  const [, sign, int, frac = '', exp = '0'] = m;
  const e = Number(exp);
  let digits = int! + frac;
  let scale = e - frac.length;
  if (scale < 0) {
    const cut = digits.slice(digits.length + scale);
    if (/[1-9]/.test(cut)) return undefined;
    digits = digits.slice(0, digits.length + scale) || '0';
    scale = 0;
  }
  // Only called for |value| > 2^53 (at most 309 digits), so the power stays small.
  return BigInt(sign + digits) * 10n ** BigInt(Math.min(scale, 400));
}
