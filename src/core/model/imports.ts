/**
 * Imports: components a topology takes from other topology files (a shared
 * platform). The core reads no file: a host (the CLI's, the language
 * server's, a snapshot of texts in a webview) resolves an import's `from`
 * against the importing file and gives the text, or says why it refuses
 * (missing, outside the repository, not a file). Each imported file is read,
 * validated and resolved as a check does, with its own imports followed to a
 * bounded depth; cycles, a file with errors, a name it does not declare or
 * export, and an id that clashes with one of the importer's are findings on
 * the import (rule `import`), and the names that import lists are then left
 * out without a second finding at each reference to them.
 *
 * A named component comes with what it depends on in its own file (its calls,
 * session store, the store it fronts, its shard directory), which the
 * importer may not name unless it imports them too. Imported components keep
 * their paths in the file that declares them: the analysis reads their ranges
 * through a locator that looks there (`ImportingLocator`), and a finding
 * about one is placed on the import with a related location in that file
 * (`placeImported`), never dropped and never put in a file the check is not about.
 */
import type { FindingCap } from '../findingCap';
import type { Finding, JsonPath, RelatedLocation, TextRange } from '../findings';
import { didYouMean } from '../text/didYouMean';
import { plural } from '../text/format';
import { quoted } from '../text/invisible';
import { LineIndex } from '../text/lineIndex';
import { NodeLocator } from './locate';
import type { ComponentData, ScaleFileData } from './schema';
import type { ComponentNode, Topology } from './topology';

/** How deep imports are followed: a file, what it imports, what that imports, and so on. */
export const MAX_IMPORT_DEPTH = 8;
/** Distinct files one check reads for its imports, all depths together. */
export const MAX_IMPORTED_FILES = 64;

/** The rule id of findings about imports. */
const IMPORT_RULE = 'import';

/** A file an import names, read by the host; or why it is not read. */
export type ImportRead = { file: string; text: string } | { refused: string };

/** Reads the files imports name. Implemented by the CLI, the language server, and a snapshot of texts for a webview. */
export interface ImportHost {
  /**
   * The file `from` names, relative to the file `importer` (a key this host
   * gave, or the checked file's own; undefined for a text with no file): its
   * key (the same key for the same file, whichever way it is named) and its
   * text; or, in words, why it is not read ("it does not exist", "it is
   * outside the repository").
   */
  read(importer: string | undefined, from: string): ImportRead;
}

/** Where an imported component comes from. */
export interface ComponentOrigin {
  /** The key of the file that declares it. */
  file: string;
  /** The importer's import that brings it: its index in `imports`. */
  importIndex: number;
  /** That import's `from`, as written. */
  from: string;
  /** The index in the import's `components` of its name, when the import names it; undefined when it comes as a dependency of one that is. */
  nameIndex: number | undefined;
  /** The named component it comes with, when it is a dependency. */
  via?: string;
}

/** A file read for the imports of a check. */
export interface ImportedFile {
  text: string;
  locator: NodeLocator;
}

/** What a file's imports bring, for resolution. */
export interface ImportedParts {
  /** The components, by id: those named, and what they depend on. */
  nodes: Map<string, { data: ComponentData; instances: number; path: JsonPath; origin: ComponentOrigin }>;
  /** Names an import lists that it could not bring: references to them get no finding of their own. */
  unavailable: Set<string>;
  /** Every file read, all depths, by key. */
  files: Map<string, ImportedFile>;
}

/** What following imports needs: the host, this file's key, and the files being imported on the way here. */
export interface ImportContext {
  host: ImportHost;
  /** This file's key, as the host names it; undefined for a text with no file. */
  file?: string;
  /** Files of the imports that led here, outermost first, with the `from` each was imported by. */
  chain?: readonly { file: string | undefined; from: string }[];
  /** Imported files already checked in this run, by key (files do not change during one run). */
  cache?: Map<string, ImportedCheck>;
  /** Files the outermost check has read for imports so far, all depths: bounded by MAX_IMPORTED_FILES. */
  read?: Set<string>;
}

/** An imported file as a check left it: what imports of it need. */
export interface ImportedCheck {
  text: string;
  locator: NodeLocator;
  topology: Topology | undefined;
  /** Errors of reading, validation, references and imports. */
  errors: number;
  /** The first error, for the importer's message. */
  firstError: Finding | undefined;
  /** The files its own imports read. */
  files: ReadonlyMap<string, ImportedFile>;
}

/** Checks an imported file (without analysis) with the context of its own imports. */
export type CheckImported = (text: string, context: ImportContext) => ImportedCheck;

/**
 * Resolves the imports of a validated file. `importIndices` gives each entry
 * of `data.imports` its index in the file. Findings go to `out`.
 */
export function resolveImports(data: ScaleFileData, importIndices: readonly number[], locator: NodeLocator, out: FindingCap, context: ImportContext | undefined, check: CheckImported): ImportedParts {
  const parts: ImportedParts = { nodes: new Map(), unavailable: new Set(), files: new Map() };
  if (data.imports.length === 0) return parts;
  const chain = context?.chain ?? [];
  const readFiles = context?.read ?? new Set<string>();
  const fail = (names: readonly string[], path: JsonPath, message: string, related?: RelatedLocation[]): void => {
    for (const n of names) parts.unavailable.add(n);
    const range = rangeAt(locator, path);
    if (out.admits(IMPORT_RULE, range.offset)) out.add({ ruleId: IMPORT_RULE, severity: 'error', message, path, range, ...(related ? { related } : {}) });
  };
  data.imports.forEach((entry, k) => {
    const i = importIndices[k] ?? k;
    const fromPath: JsonPath = ['imports', i, 'from'];
    const names = entry.components;
    const from = quoted(entry.from);
    if (!context) return fail(names, fromPath, `Cannot import ${from}: imports are not followed where this file is checked`);
    if (chain.length >= MAX_IMPORT_DEPTH) {
      return fail(names, fromPath, `Cannot import ${from}: imports nest deeper than ${MAX_IMPORT_DEPTH} files (${[...chain.map((c) => c.from), entry.from].map(quoted).join(' → ')})`);
    }
    const read = context.host.read(context.file, entry.from);
    if ('refused' in read) return fail(names, fromPath, `Cannot import ${from}: ${read.refused}`);
    if (read.file === context.file || chain.some((c) => c.file === read.file)) {
      const start = read.file === context.file ? chain.length : chain.findIndex((c) => c.file === read.file);
      const loop = [...chain.slice(start + 1).map((c) => c.from), entry.from].map(quoted).join(' → ');
      return fail(names, fromPath, `Cannot import ${from}: the imports form a cycle (this file → ${loop}, which is ${read.file === context.file ? 'this file' : 'being imported already'})`);
    }
    if (!readFiles.has(read.file) && readFiles.size >= MAX_IMPORTED_FILES) {
      return fail(names, fromPath, `Cannot import ${from}: the check has read ${MAX_IMPORTED_FILES} files for imports already, the most one check reads`);
    }
    readFiles.add(read.file);
    let imported = context.cache?.get(read.file);
    if (!imported) {
      imported = check(read.text, { ...context, file: read.file, chain: [...chain, { file: context.file, from: entry.from }], read: readFiles });
      context.cache?.set(read.file, imported);
    }
    parts.files.set(read.file, { text: imported.text, locator: imported.locator });
    for (const [key, f] of imported.files) parts.files.set(key, f);
    const source = imported.topology;
    if (imported.errors > 0 || !source) {
      const first = imported.firstError;
      const where = first ? ` (the first at ${position(imported.text, first.range)}: ${first.message})` : '';
      const related = first ? [{ message: 'the first error', path: first.path, range: first.range, file: read.file }] : undefined;
      return fail(names, fromPath, `Cannot import ${from}: it has ${plural(Math.max(1, imported.errors), 'error')}${where}; fix ${imported.errors === 1 ? 'it' : 'them'} there first`, related);
    }
    const exported = source.file.exports && new Set(source.file.exports);
    const seen = new Set<string>();
    names.forEach((name, j) => {
      const at: JsonPath = ['imports', i, 'components', j];
      if (seen.has(name)) return fail([], at, `${quoted(name)} is imported twice from ${from}`);
      seen.add(name);
      const node = source.components.get(name);
      // What the imported file itself imports only as a dependency is not its to give.
      const declared = node && !(node.origin && node.origin.nameIndex === undefined) ? node : undefined;
      if (!declared) {
        const guess = didYouMean(name, [...(exported ?? source.components.keys())]);
        return fail([name], at, `${from} declares no component ${quoted(name)}${guess ? `; did you mean "${guess}"?` : ''}`);
      }
      if (exported && !exported.has(name)) {
        const list = source.file.exports!;
        return fail([name], at, `${from} does not export ${quoted(name)}: it exports ${list.length === 0 ? 'nothing' : list.slice(0, 8).map(quoted).join(', ') + (list.length > 8 ? ` and ${list.length - 8} more` : '')}`);
      }
      const closure = dependenciesOf(declared, source);
      for (const dep of closure) {
        const declaredIn = dep.origin?.file ?? read.file;
        if (data.components[dep.id] !== undefined) {
          const ownRange = locator.keyRange(['components', dep.id]);
          const related = ownRange ? [{ message: `this file's own ${dep.id}`, path: ['components', dep.id], range: ownRange }] : undefined;
          return fail([name], at, dep.id === name
            ? `${quoted(name)} is imported from ${from}, and this file declares a component with that id: rename one of them`
            : `${quoted(name)} from ${from} depends on its ${quoted(dep.id)}, and this file declares a component with that id: rename one of them`, related);
        }
        const other = parts.nodes.get(dep.id);
        if (other && other.origin.file !== declaredIn) {
          return fail([name], at, `${quoted(name)} from ${from} ${dep.id === name ? 'has the id' : `depends on its ${quoted(dep.id)}, which has the id`} of a component imported from ${quoted(other.origin.from)}: rename one of them`);
        }
      }
      for (const dep of closure) {
        const other = parts.nodes.get(dep.id);
        const nameIndex = dep === declared ? j : undefined;
        if (other && (other.origin.nameIndex !== undefined || nameIndex === undefined)) continue;
        const origin: ComponentOrigin = { file: dep.origin?.file ?? read.file, importIndex: i, from: entry.from, nameIndex, ...(nameIndex === undefined ? { via: name } : {}) };
        parts.nodes.set(dep.id, { data: dep.data, instances: dep.instances, path: dep.path, origin });
      }
    });
  });
  return parts;
}

/** A component and everything it depends on in its topology (calls, session store, the store it fronts, its shard directory). */
function dependenciesOf(start: ComponentNode, topology: Topology): ComponentNode[] {
  const found = new Map<string, ComponentNode>([[start.id, start]]);
  const queue = [start];
  const visit = (id: string | undefined): void => {
    if (id === undefined || found.has(id)) return;
    const n = topology.components.get(id);
    if (!n) return;
    found.set(id, n);
    queue.push(n);
  };
  while (queue.length > 0) {
    const n = queue.pop()!;
    for (const e of n.calls) visit(e.to);
    const d = n.data;
    if (d.kind === 'service') visit(d.sessionStore);
    if (d.kind === 'cache') visit(d.fronts);
    if ((d.kind === 'cache' || d.kind === 'database') && d.sharding) visit(d.sharding.directory);
  }
  return [...found.values()];
}

/**
 * Finds paths in the importing file, and in the files of its imported
 * components for paths inside them: the analysis reads every component's
 * declaration where it is written.
 */
export class ImportingLocator extends NodeLocator {
  constructor(private readonly own: NodeLocator, private readonly topology: Topology, private readonly files: ReadonlyMap<string, ImportedFile>) {
    super(own.root);
  }

  // Each file's own locator answers (and keeps its index of members): the importing file's too.
  override property(path: JsonPath) {
    return this.locatorOf(path).property(path);
  }

  override value(path: JsonPath) {
    return this.locatorOf(path).value(path);
  }

  /** The locator of the file a path is in. */
  private locatorOf(path: JsonPath): NodeLocator {
    const origin = importedOrigin(this.topology, path);
    return (origin && this.files.get(origin.file)?.locator) ?? this.own;
  }
}

/** The origin of the component a path is inside, when it is imported. */
export function importedOrigin(topology: Topology, path: JsonPath): ComponentOrigin | undefined {
  return path[0] === 'components' && typeof path[1] === 'string' ? topology.components.get(path[1])?.origin : undefined;
}

/**
 * A finding as the importing file reports it: about an imported component,
 * it is placed on the import (the component's name in its list, or the
 * `from` of the import that brings it as a dependency), says which file, and
 * points at the declaration there; its fixes, which edit that file, are left
 * to that file's own check. Related locations in imported components name their file.
 */
export function placeImported(f: Finding, topology: Topology, locator: NodeLocator): Finding {
  const related = f.related?.map((r) => {
    const o = r.file === undefined ? importedOrigin(topology, r.path) : undefined;
    return o ? { ...r, file: o.file } : r;
  });
  const origin = importedOrigin(topology, f.path);
  if (!origin) return related ? { ...f, related } : f;
  const at: JsonPath = origin.nameIndex !== undefined ? ['imports', origin.importIndex, 'components', origin.nameIndex] : ['imports', origin.importIndex, 'from'];
  const id = f.path[1] as string;
  const { fixes: _left, ...rest } = f;
  return {
    ...rest,
    message: `In ${quoted(origin.from)}${origin.via !== undefined ? ` (${origin.via} depends on it)` : ''}: ${f.message}`,
    path: f.path,
    range: rangeAt(locator, at),
    related: [{ message: `${id} in ${quoted(origin.from)}`, path: f.path, range: f.range, file: origin.file }, ...(related ?? [])],
  };
}

function rangeAt(locator: NodeLocator, path: JsonPath): TextRange {
  return locator.valueRange(path) ?? locator.nearestRange(path).range;
}

/** "12:5", one-based, of an offset in a text. */
function position(text: string, range: TextRange): string {
  const p = new LineIndex(text).positionAt(range.offset);
  return `${p.line + 1}:${p.character + 1}`;
}

/** One read an import host answered: what `from` in `importer` led to. */
export interface ImportRecord {
  importer: string | null;
  from: string;
  read: ImportRead;
}

/**
 * Wraps a host and keeps every answer it gives, so that a process without the
 * files (the scenario worker, the diagram's webview) can check the same text
 * with the same imports (`ReplayImportHost`).
 */
export class RecordingImportHost implements ImportHost {
  private readonly answers = new Map<string, ImportRecord>();

  constructor(private readonly host: ImportHost) {}

  read(importer: string | undefined, from: string): ImportRead {
    const read = this.host.read(importer, from);
    this.answers.set(recordKey(importer, from), { importer: importer ?? null, from, read });
    return read;
  }

  /** Every answer given, once each. */
  records(): ImportRecord[] {
    return [...this.answers.values()];
  }
}

/** Answers imports from the records of a `RecordingImportHost`; anything not recorded is refused. */
class ReplayImportHost implements ImportHost {
  private readonly answers: Map<string, ImportRead>;

  constructor(records: readonly ImportRecord[]) {
    this.answers = new Map(records.map((r) => [recordKey(r.importer ?? undefined, r.from), r.read]));
  }

  read(importer: string | undefined, from: string): ImportRead {
    return this.answers.get(recordKey(importer, from)) ?? { refused: 'it was not read when the file was checked' };
  }
}

/**
 * What a process without the files needs to check a text with the imports it
 * had where it was checked: that file's key (null for a text with no file)
 * and the host's recorded answers.
 */
export interface ImportSnapshot {
  file: string | null;
  records: ImportRecord[];
}

/** The snapshot of a check's imports, from the recording host its context used; undefined without one. */
export function importSnapshot(context: ImportContext | undefined): ImportSnapshot | undefined {
  return context?.host instanceof RecordingImportHost ? { file: context.file ?? null, records: context.host.records() } : undefined;
}

/**
 * Whether two snapshots hold the same reads, compared by what they hold: a
 * snapshot that crossed a message (a worker's structured clone, JSON-RPC) is
 * a new object each time.
 */
export function sameImportSnapshot(a: ImportSnapshot | undefined, b: ImportSnapshot | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.file !== b.file || a.records.length !== b.records.length) return false;
  return a.records.every((r, i) => {
    const s = b.records[i]!;
    return r.importer === s.importer && r.from === s.from && ('file' in r.read
      ? 'file' in s.read && r.read.file === s.read.file && r.read.text === s.read.text
      : 'refused' in s.read && r.read.refused === s.read.refused);
  });
}

/** Characters of the imported files' texts a snapshot carries, all records together. */
export function importedChars(snapshot: ImportSnapshot): number {
  return snapshot.records.reduce((n, r) => n + ('text' in r.read ? r.read.text.length : 0), 0);
}

/** The import context that answers as the snapshot's check was answered, under the same file key. */
export function replayedImports(snapshot: ImportSnapshot | undefined): ImportContext | undefined {
  return snapshot && { host: new ReplayImportHost(snapshot.records), file: snapshot.file ?? undefined, cache: new Map() };
}

function recordKey(importer: string | undefined, from: string): string {
  return `${importer ?? ''}\u0000${from}`;
}
