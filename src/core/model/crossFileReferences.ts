/**
 * Components across topology files, for navigation and rename in an editor:
 * where an imported name is declared, which files write a component's id
 * (its file, the files that import it from there, and those that import it
 * from those), and the edits that rename it in all of them at once. Pure
 * functions over texts: the caller reads the files and says which file each
 * import's `from` reads (as its import host resolved it).
 */
import type { TextEdit, TextRange } from '../findings';
import { type Declaration, occurrenceEdits, type Reference, type ReferenceIndex } from './references';
import type { Topology } from './topology';

/** A topology file as navigation across files reads it. */
export interface LinkedFile {
  /** Its key, as the import host names files (for a text with no file, its document's URI). */
  key: string;
  /** How messages name it. */
  label: string;
  text: string;
  index: ReferenceIndex;
  /** The key of the file each of its imports' `from` reads (those that were read). */
  resolved: ReadonlyMap<string, string>;
  /** Its check's topology, when it has one: the ids it resolved, its own, imported and brought along. */
  topology?: Topology;
}

/** A component where it is declared: the key of its file and its id. */
export interface ComponentSite {
  file: string;
  id: string;
}

/** Where a component's id is written in one file. */
export interface FileOccurrences {
  /** Its declaration, in the file that declares it. */
  declarations: Declaration[];
  /** References to it, names in `exports` and, in the files that import it, the names in their import lists. */
  references: Reference[];
}

/**
 * The file that declares the component `id` as `file` sees it: the file
 * itself, or the one its import of that name reads, followed through files
 * that import it in turn. Undefined when the chain breaks (a file not read,
 * or none of that name).
 */
export function declarationSite(files: ReadonlyMap<string, LinkedFile>, file: string, id: string): ComponentSite | undefined {
  const seen = new Set<string>();
  for (let key: string | undefined = file; key !== undefined && !seen.has(key);) {
    seen.add(key);
    const f = files.get(key);
    if (!f) return undefined;
    if (f.index.declarations.has(id)) return { file: key, id };
    const entry = f.index.imports.find((e) => e.from !== undefined && e.names.some((n) => n.id === id));
    key = entry && f.resolved.get(entry.from!);
  }
  return undefined;
}

/**
 * Where the component is written, per file: the declaring file first, then
 * each file that names it in an import of a file that has it (its own, or one
 * that imports it). A file that declares a component of that id itself
 * speaks of its own.
 */
export function occurrencesAcross(files: ReadonlyMap<string, LinkedFile>, site: ComponentSite): Map<string, FileOccurrences> {
  const out = new Map<string, FileOccurrences>();
  const home = files.get(site.file);
  if (!home) return out;
  out.set(site.file, { declarations: home.index.declarations.get(site.id) ?? [], references: home.index.references.filter((r) => r.id === site.id) });
  for (let grew = true; grew;) {
    grew = false;
    for (const [key, f] of files) {
      if (out.has(key) || f.index.declarations.has(site.id)) continue;
      const names = importNames(f, site.id, out);
      if (names.length === 0) continue;
      out.set(key, { declarations: [], references: [...f.index.references.filter((r) => r.id === site.id), ...names] });
      grew = true;
    }
  }
  return out;
}

/** The names of `id` in a file's import lists whose `from` reads one of `holders`. */
function importNames(f: LinkedFile, id: string, holders: ReadonlyMap<string, unknown>): Reference[] {
  return f.index.imports
    .filter((e) => e.from !== undefined && holders.has(f.resolved.get(e.from) ?? ''))
    .flatMap((e) => e.names.filter((n) => n.id === id));
}

/** Whether a file already has a component `id`: declared, named in an import, or brought along by one. */
function hasId(f: LinkedFile, id: string): boolean {
  return f.index.declarations.has(id) || f.index.imports.some((e) => e.names.some((n) => n.id === id)) || f.topology?.components.has(id) === true;
}

/**
 * The edits, per file, that rename a component everywhere it is written
 * (see occurrencesAcross), computed on each file's text as given; or why
 * not: the new name is taken in a file that has the component, whether that
 * file names it or has it brought along by another it imports.
 */
export function renameAcross(files: ReadonlyMap<string, LinkedFile>, site: ComponentSite, newName: string): { edits: Map<string, TextEdit[]> } | { clash: LinkedFile } {
  const found = occurrencesAcross(files, site);
  for (const [key, f] of files) {
    const affected = found.has(key) || f.topology?.components.get(site.id)?.origin?.file === site.file;
    if (affected && hasId(f, newName)) return { clash: f };
  }
  const edits = new Map<string, TextEdit[]>();
  for (const [key, o] of found) {
    const e = occurrenceEdits(files.get(key)!.text, o.declarations, o.references, newName);
    if (e.length > 0) edits.set(key, e);
  }
  return { edits };
}

/** The ranges of a component's occurrences in one file: its declaration key (when asked for) and every reference. */
export function occurrenceRanges(o: FileOccurrences, includeDeclaration: boolean): TextRange[] {
  return [...(includeDeclaration ? o.declarations.map((d) => d.keyRange) : []), ...o.references.map((r) => r.range)];
}
