/**
 * Text edits for fixes, placed with the syntax tree: replace a value, or add a
 * property after an object's last one, matching the object's layout (one line
 * or one property per line, with the same indentation). Cheap: no re-parse.
 */
import type { Fix, JsonPath, TextEdit } from '../findings';
import type { NodeLocator } from '../model/locate';

/** The edit that sets `key` of the object at `objectPath` to a JSON value (replacing or adding it). */
export function setPropertyEdit(locator: NodeLocator, text: string, objectPath: JsonPath, key: string, value: unknown): TextEdit | undefined {
  const existing = locator.value([...objectPath, key]);
  const json = JSON.stringify(value);
  if (existing) return { offset: existing.offset, length: existing.length, newText: json };
  const obj = locator.value(objectPath);
  if (!obj || obj.type !== 'object') return undefined;
  const props = obj.children ?? [];
  const last = props[props.length - 1];
  if (!last) return { offset: obj.offset + 1, length: 0, newText: ` ${JSON.stringify(key)}: ${json} ` };
  const end = last.offset + last.length;
  const lineStart = text.lastIndexOf('\n', last.offset) + 1;
  const objectIsMultiLine = /[\r\n]/.test(text.slice(obj.offset, last.offset));
  if (objectIsMultiLine) {
    const indent = /^[ \t]*/.exec(text.slice(lineStart, last.offset))![0];
    // The line ending of the line the new property follows (not a scan of the whole file: fixes are computed for every finding).
    const eol = text.charCodeAt(lineStart - 2) === 13 ? '\r\n' : '\n';
    return { offset: end, length: 0, newText: `,${eol}${indent}${JSON.stringify(key)}: ${json}` };
  }
  return { offset: end, length: 0, newText: `, ${JSON.stringify(key)}: ${json}` };
}

/** A one-edit fix that sets a property; undefined when the object cannot be found. */
export function setPropertyFix(title: string, locator: NodeLocator, text: string, objectPath: JsonPath, key: string, value: unknown): Fix[] {
  const edit = setPropertyEdit(locator, text, objectPath, key, value);
  return edit ? [{ title, edits: [edit], preferred: true }] : [];
}

/** A fix replacing the value at `path` with a JSON value. */
export function replaceValueFix(title: string, locator: NodeLocator, path: JsonPath, value: unknown): Fix[] {
  const node = locator.value(path);
  return node ? [{ title, edits: [{ offset: node.offset, length: node.length, newText: JSON.stringify(value) }], preferred: true }] : [];
}
