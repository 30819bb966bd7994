/**
 * Text edits for fixes, placed with the syntax tree and laid out like the
 * text around them: a property added to an object written one property per
 * line (or an item to such an array) gets its own line, with that object's
 * indentation and the file's line ending, and an object or array value is
 * laid out over lines one indentation unit (the file's tabs or spaces) per
 * level; added to an object written on one line, the property and its value
 * stay on that line, with spaces.
 *
 * jsonc-parser's `modify` is not used: it re-parses the whole document for
 * every edit (fixes are computed for every finding) and re-formats the lines
 * around the insertion, which rewrites an object the user wrote on one line.
 * Its formatter lays out the inserted value alone.
 */
import { applyEdits as applyJsonEdits, format, type Node } from 'jsonc-parser';
import type { Fix, JsonPath, TextEdit } from '../findings';
import type { NodeLocator } from '../model/locate';

/** How the lines around an insertion are written. */
interface Layout {
  /** One property per line (else everything on one line). */
  multiLine: boolean;
  /** Leading white space of the property's line. */
  indent: string;
  /** One level of indentation: a tab, or the file's number of spaces. */
  unit: string;
  /** The line ending of the surrounding lines: "\n", "\r\n" or "\r". */
  eol: string;
}

/** The edit that sets `key` of the object at `objectPath` to a JSON value (replacing or adding it). */
export function setPropertyEdit(locator: NodeLocator, text: string, objectPath: JsonPath, key: string, value: unknown): TextEdit | undefined {
  const existing = locator.value([...objectPath, key]);
  if (existing) {
    const prop = existing.parent!;
    const line = lineAt(text, prop.offset);
    const layout: Layout = { multiLine: line.start > 0 && line.indentEnd === prop.offset, indent: text.slice(line.start, line.indentEnd), unit: '', eol: line.eol };
    if (layout.multiLine) layout.unit = indentUnit(text, prop.parent!, layout.indent);
    return { offset: existing.offset, length: existing.length, newText: valueText(value, layout) };
  }
  const obj = locator.value(objectPath);
  if (!obj || obj.type !== 'object') return undefined;
  return appendEdit(text, obj, (layout) => `${JSON.stringify(key)}: ${valueText(value, layout)}`);
}

/** The edit that adds a JSON value at the end of the array at `arrayPath`. */
export function appendItemEdit(locator: NodeLocator, text: string, arrayPath: JsonPath, value: unknown): TextEdit | undefined {
  const array = locator.value(arrayPath);
  if (!array || array.type !== 'array') return undefined;
  return appendEdit(text, array, (layout) => valueText(value, layout));
}

/** The edit that adds a member (written by `member` for the layout found) after the last one of an object or array. */
function appendEdit(text: string, container: Node, member: (layout: Layout) => string): TextEdit {
  const items = container.children ?? [];
  const last = items[items.length - 1];
  if (!last) {
    const inner = text.slice(container.offset + 1, container.offset + container.length - 1);
    const pad = container.type === 'object' ? ' ' : '';
    if (!/[\r\n]/.test(inner)) return { offset: container.offset + 1, length: 0, newText: `${pad}${member(ONE_LINE)}${pad}` };
    // An empty container written over lines: the member goes on the line after the bracket, one level in.
    const opener = lineAt(text, container.offset);
    const openIndent = text.slice(opener.start, opener.indentEnd);
    const unit = documentIndentUnit(text);
    const layout: Layout = { multiLine: true, indent: openIndent + unit, unit, eol: lineBreakIn(inner) };
    return { offset: container.offset + 1, length: 0, newText: `${layout.eol}${layout.indent}${member(layout)}` };
  }
  const end = last.offset + last.length;
  if (!/[\r\n]/.test(text.slice(container.offset, last.offset))) return { offset: end, length: 0, newText: `, ${member(ONE_LINE)}` };
  const line = lineAt(text, last.offset);
  const indent = text.slice(line.start, line.indentEnd);
  const layout: Layout = { multiLine: true, indent, unit: indentUnit(text, container, indent), eol: line.eol };
  return { offset: end, length: 0, newText: `,${layout.eol}${indent}${member(layout)}` };
}

/** A one-edit fix that sets a property; undefined when the object cannot be found. */
export function setPropertyFix(title: string, locator: NodeLocator, text: string, objectPath: JsonPath, key: string, value: unknown): Fix[] {
  const edit = setPropertyEdit(locator, text, objectPath, key, value);
  return edit ? [{ title, edits: [edit], preferred: true }] : [];
}

/** The edit that deletes an object member (or an array item) and the comma that separates it from its neighbour. */
export function removePropertyEdit(locator: NodeLocator, path: JsonPath): TextEdit | undefined {
  const prop = typeof path[path.length - 1] === 'number' ? locator.value(path) : locator.property(path);
  const siblings = prop?.parent?.children;
  if (!prop || !siblings) return undefined;
  const i = siblings.indexOf(prop);
  const prev = siblings[i - 1];
  const next = siblings[i + 1];
  if (prev) {
    const start = prev.offset + prev.length;
    return { offset: start, length: prop.offset + prop.length - start, newText: '' };
  }
  if (next) return { offset: prop.offset, length: next.offset - prop.offset, newText: '' };
  return { offset: prop.offset, length: prop.length, newText: '' };
}

/** A fix replacing the value at `path` with a JSON value. */
export function replaceValueFix(title: string, locator: NodeLocator, path: JsonPath, value: unknown): Fix[] {
  const node = locator.value(path);
  return node ? [{ title, edits: [{ offset: node.offset, length: node.length, newText: JSON.stringify(value) }], preferred: true }] : [];
}

const ONE_LINE: Layout = { multiLine: false, indent: '', unit: '', eol: '\n' };

/** A value's JSON text: on one line with spaces, or one member per line continuing the property's indentation. */
function valueText(value: unknown, layout: Layout): string {
  const json = JSON.stringify(value);
  if (value === null || typeof value !== 'object') return json;
  const tabs = layout.unit.includes('\t');
  const options = layout.multiLine
    ? { insertSpaces: !tabs, tabSize: tabs ? 1 : Math.max(1, layout.unit.length), eol: layout.eol }
    : { insertSpaces: true, tabSize: 2, eol: layout.eol, keepLines: true };
  const formatted = applyJsonEdits(json, format(json, undefined, options));
  return layout.multiLine ? formatted.split(layout.eol).join(layout.eol + layout.indent) : formatted;
}

/** The line holding `offset`: where it starts, where its leading white space ends, and the line break before it. */
function lineAt(text: string, offset: number): { start: number; indentEnd: number; eol: string } {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  let indentEnd = start;
  while (text[indentEnd] === ' ' || text[indentEnd] === '\t') indentEnd++;
  const eol = text[start - 1] === '\r' ? '\r' : text[start - 2] === '\r' ? '\r\n' : '\n';
  return { start, indentEnd, eol };
}

/** The first line break in a text ("\n" when it has none). */
function lineBreakIn(text: string): string {
  return /\r\n|\r|\n/.exec(text)?.[0] ?? '\n';
}

/**
 * One level of indentation at an object or array: what its members' lines add
 * to the line that opens it; where that says nothing (a member on the opening
 * line), the file's own unit.
 */
function indentUnit(text: string, container: Node, memberIndent: string): string {
  const opener = lineAt(text, container.offset);
  const openIndent = text.slice(opener.start, opener.indentEnd);
  if (memberIndent.length > openIndent.length && memberIndent.startsWith(openIndent)) return memberIndent.slice(openIndent.length);
  return documentIndentUnit(text);
}

/** Lines looked at to find a file's indentation unit. */
const UNIT_SCAN_LINES = 200;

/** The file's indentation unit: a tab, or the fewest spaces an indented line of its opening lines starts with (two when none is). */
function documentIndentUnit(text: string): string {
  let fewest = Infinity;
  const lines = /(?:^|\r\n|\r|\n)([ \t]+)(?=\S)/g;
  for (let i = 0; i < UNIT_SCAN_LINES; i++) {
    const m = lines.exec(text);
    if (!m) break;
    if (m[1]!.startsWith('\t')) return '\t';
    fewest = Math.min(fewest, m[1]!.length);
  }
  return ' '.repeat(Number.isFinite(fewest) ? fewest : 2);
}
