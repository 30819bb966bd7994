/**
 * Where component ids are declared and referenced, read from the syntax tree
 * (not the validated data), so that navigation and rename work in a file that
 * does not validate yet.
 */
import type { Node } from 'jsonc-parser';
import type { JsonPath, TextEdit, TextRange } from '../findings';
import { readOnce } from './parse';

/** What kind of place a reference is in (`import`: a name in an import's `components`, which another file declares). */
export type ReferenceKind = 'calls' | 'sessionStore' | 'fronts' | 'directory' | 'faultTarget' | 'shardTarget' | 'partition' | 'acceptance' | 'export' | 'import';

/** One reference to a component id: the string node, and the id part of it. */
export interface Reference {
  id: string;
  kind: ReferenceKind;
  path: JsonPath;
  /** The string token's range, quotes included. */
  range: TextRange;
  /** The range of the id inside the token (no quotes, no "#index" suffix). */
  idRange: TextRange;
}

/** A component's declaration: its key in `components`. */
export interface Declaration {
  id: string;
  path: JsonPath;
  /** The key token's range, quotes included. */
  keyRange: TextRange;
  /** The id inside the key token. */
  idRange: TextRange;
  /** The whole component (key and value). */
  fullRange: TextRange;
  /** The component's kind, when it is a string. */
  kind: string | undefined;
}

/** One entry of a document's `imports`: the file it names and the component ids it lists. */
export interface ImportEntry {
  /** Its index in `imports`. */
  index: number;
  /** Its `from`, when that is a string. */
  from: string | undefined;
  /** The names in its `components` (references of kind `import`). */
  names: Reference[];
}

/** Declarations and references of one document. */
export interface ReferenceIndex {
  declarations: Map<string, Declaration[]>;
  /** References to components, the document's own or imported; names in import lists are in `imports`. */
  references: Reference[];
  imports: ImportEntry[];
}

function prop(obj: Node | undefined, key: string): Node | undefined {
  if (!obj || obj.type !== 'object') return undefined;
  for (const p of obj.children ?? []) if (p.children?.[0]?.value === key) return p.children[1];
  return undefined;
}

function stringRef(node: Node | undefined, kind: ReferenceKind, path: JsonPath, out: Reference[], hashSuffix = false): void {
  if (!node || node.type !== 'string' || typeof node.value !== 'string') return;
  let id = node.value;
  if (hashSuffix) {
    const hash = id.lastIndexOf('#');
    if (hash > 0 && /^\d+$/.test(id.slice(hash + 1))) id = id.slice(0, hash);
  }
  // The id sits right after the opening quote unless the string uses escapes; then the whole token stands for it.
  const raw = node.length - 2 === node.value.length;
  out.push({
    id,
    kind,
    path,
    range: { offset: node.offset, length: node.length },
    idRange: raw ? { offset: node.offset + 1, length: id.length } : { offset: node.offset, length: node.length },
  });
}

/**
 * Reads every declaration and reference from a document's tree. Components,
 * scenarios and the entries of `accepted` and `imports` the reader left
 * unread are read for the index alone (`readOnce`): it keeps ranges, not nodes.
 */
export function indexReferences(root: Node | undefined): ReferenceIndex {
  const declarations = new Map<string, Declaration[]>();
  const references: Reference[] = [];
  const components = prop(root, 'components');
  if (components?.type === 'object') {
    for (const p of components.children ?? []) {
      const key = p.children?.[0];
      const value = readOnce(p.children?.[1]);
      if (!key || typeof key.value !== 'string') continue;
      const id = key.value;
      const path: JsonPath = ['components', id];
      const kindNode = prop(value, 'kind');
      const raw = key.length - 2 === id.length;
      const decl: Declaration = {
        id,
        path,
        keyRange: { offset: key.offset, length: key.length },
        idRange: raw ? { offset: key.offset + 1, length: id.length } : { offset: key.offset, length: key.length },
        fullRange: { offset: p.offset, length: p.length },
        kind: typeof kindNode?.value === 'string' ? kindNode.value : undefined,
      };
      const list = declarations.get(id);
      if (list) list.push(decl);
      else declarations.set(id, [decl]);
      if (!value || value.type !== 'object') continue;
      const calls = prop(value, 'calls');
      calls?.children?.forEach((c, i) => {
        if (c.type === 'string') stringRef(c, 'calls', [...path, 'calls', i], references);
        else stringRef(prop(c, 'to'), 'calls', [...path, 'calls', i, 'to'], references);
      });
      stringRef(prop(value, 'sessionStore'), 'sessionStore', [...path, 'sessionStore'], references);
      stringRef(prop(value, 'fronts'), 'fronts', [...path, 'fronts'], references);
      stringRef(prop(prop(value, 'sharding'), 'directory'), 'directory', [...path, 'sharding', 'directory'], references);
    }
  }
  const scenarios = prop(root, 'scenarios');
  scenarios?.children?.forEach((s, si) => {
    prop(readOnce(s), 'faults')?.children?.forEach((f, fi) => {
      const fp: JsonPath = ['scenarios', si, 'faults', fi];
      for (const action of ['kill', 'slow', 'restore']) stringRef(prop(f, action), 'faultTarget', [...fp, action], references, true);
      for (const action of ['addShards', 'removeShards']) stringRef(prop(prop(f, action), 'target'), 'shardTarget', [...fp, action, 'target'], references);
      prop(prop(f, 'partition'), 'between')?.children?.forEach((side, i) =>
        side.children?.forEach((n, j) => stringRef(n, 'partition', [...fp, 'partition', 'between', i, j], references)));
    });
  });
  // An accepted risk's component, and a path into a component: renaming the component keeps the risk accepted.
  prop(root, 'accepted')?.children?.forEach((entry, i) => {
    const a = readOnce(entry);
    stringRef(prop(a, 'component'), 'acceptance', ['accepted', i, 'component'], references);
    const at = prop(a, 'path');
    if (at?.children?.[0]?.value === 'components') stringRef(at.children[1], 'acceptance', ['accepted', i, 'path', 1], references);
  });
  // What the file lets others import: renaming a component keeps it exported.
  prop(root, 'exports')?.children?.forEach((e, i) => stringRef(e, 'export', ['exports', i], references));
  const imports: ImportEntry[] = [];
  prop(root, 'imports')?.children?.forEach((read, i) => {
    const entry = readOnce(read);
    const from = prop(entry, 'from');
    const names: Reference[] = [];
    prop(entry, 'components')?.children?.forEach((n, j) => stringRef(n, 'import', ['imports', i, 'components', j], names));
    imports.push({ index: i, from: typeof from?.value === 'string' ? from.value : undefined, names });
  });
  return { declarations, references, imports };
}

/** Whether an offset falls inside a range (its end included, as a cursor after the last character is still "on" it). */
export function contains(range: TextRange, offset: number): boolean {
  return offset >= range.offset && offset <= range.offset + range.length;
}

/**
 * The edits that rename components in a text: each declaration and every
 * reference to it (a fault's "#index" kept), all computed on the text as it
 * is, so renames that swap ids apply at once. `renames` maps old ids to new.
 */
export function renameEdits(text: string, index: ReferenceIndex, renames: ReadonlyMap<string, string>): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const [from, to] of renames) edits.push(...occurrenceEdits(text, index.declarations.get(from) ?? [], [], to));
  for (const r of index.references) {
    const to = renames.get(r.id);
    if (to !== undefined) edits.push(...occurrenceEdits(text, [], [r], to));
  }
  return edits;
}

/** The edits that give declarations and references (of one id) in a text the id `to`, a fault's "#index" kept. */
export function occurrenceEdits(text: string, declarations: readonly Declaration[], references: readonly Reference[], to: string): TextEdit[] {
  const edits: TextEdit[] = [];
  const put = (whole: TextRange, idRange: TextRange, newText: string) => {
    if (idRange.offset === whole.offset && idRange.length === whole.length) edits.push({ ...whole, newText: JSON.stringify(newText) });
    else edits.push({ ...idRange, newText: to });
  };
  for (const d of declarations) put(d.keyRange, d.idRange, to);
  for (const r of references) {
    const token = text.slice(r.range.offset, r.range.offset + r.range.length);
    const suffix = r.kind === 'faultTarget' ? (JSON.parse(token) as string).slice(r.id.length) : '';
    put(r.range, r.idRange, to + suffix);
  }
  return edits;
}
