/**
 * The language service: everything an editor asks about a topology file,
 * answered from the core in offsets and plain data. The LSP server is a thin
 * wiring of a connection to it; tests drive it directly on plain Node.
 */
import { format as formatJson, getLocation, getNodeValue, type Location, type Node } from 'jsonc-parser';
import { RULES_BY_ID, ruleDocPath } from '../ruleCatalog';
import { about, availabilityPct, num, ordinal, pct, plural } from '../text/format';
import { coverageNote } from '../load/coverage';
import { verdictAt } from '../load/growthMoves';
import { headroomOf } from '../load/headroom';
import { availabilityOf } from '../availability/availability';
import { latencyOf } from '../latency/latency';
import { formatDuration, msText } from '../model/duration';
import { RESOURCE_NAMES, type TrafficModel } from '../load/traffic';
import { checkText, type CheckOptions, type CheckResult, scenarioBudgetsDue, withFindings } from '../check';
import type { Finding, TextEdit, TextRange } from '../findings';
import { type ImportContext, importSnapshot } from '../model/imports';
import { acceptFindingEdit } from '../analysis/acceptances';
import { setPropertyEdit } from '../analysis/edits';
import { countedShapeOf, instanceRole, nodeCountsOf, nodesText } from '../model/nodeCounts';
import type { Topology } from '../model/topology';
import { nodeValue, withinReadLimits } from '../model/parse';
import { COMPONENT_KINDS, type ComponentKind, ID_PATTERN, ScaleFile } from '../model/schema';
import { allowedValues, describeAt, knownKeys, memberOf } from '../model/schemaWalk';
import { quoted, spelledOut } from '../text/invisible';
import { escapeMarkdown } from '../text/markdown';
import { contains, indexReferences, type Reference, type ReferenceIndex } from '../model/references';
import { type ComponentSite, declarationSite, type LinkedFile, occurrenceRanges, occurrencesAcross, renameAcross } from '../model/crossFileReferences';
import { Syntax, SyntaxCache } from './syntaxCache';

/** A document as the service sees it: text with an identity and a version, for caching. */
export interface DocumentInput {
  uri: string;
  version: number;
  text: string;
}

/** A code action: a finding's fix, accepting it, or turning its rule off for the file. */
export interface CodeActionItem {
  title: string;
  kind: 'quickfix';
  edits: TextEdit[];
  preferred: boolean;
  /** The finding the action is for. */
  finding: Finding;
  /** Text to type over once the edit is applied (a placeholder), as a span of the first edit's `newText`: selected where the editor can. */
  placeholder?: TextRange;
}

/** A hover: Markdown and the range it is about. */
export interface HoverItem {
  markdown: string;
  range: TextRange;
}

/** A completion proposal. */
export interface CompletionItem {
  label: string;
  kind: 'component' | 'value' | 'property';
  detail?: string;
  documentation?: string;
  /** The text to put in place of `range`. */
  insertText: string;
  range: TextRange;
  sortText?: string;
}

/** An outline entry: the topology at the root, its sections below, then components, scenarios and rules. */
export interface SymbolItem {
  name: string;
  detail?: string;
  kind: 'topology' | 'section' | 'component' | 'scenario' | 'rule';
  range: TextRange;
  selectionRange: TextRange;
  children?: SymbolItem[];
}

/** A code lens over a scenario. */
export interface LensItem {
  range: TextRange;
  title: string;
  command: string;
  arguments: unknown[];
}

/** How to lay a document out: an editor's formatting options. */
export interface FormatOptions {
  tabSize: number;
  insertSpaces: boolean;
  /** End the text with a line break (the document's own is kept either way). */
  insertFinalNewline?: boolean;
  /** Keep the text's line breaks (fix indentation and spacing only); otherwise each property gets a line. */
  keepLines?: boolean;
}

/** A place in the document (no `file`) or in another topology file (its key, as the import host names files). */
export interface LocationItem {
  file?: string;
  range: TextRange;
}

/** The outcome of a rename request: the document's edits and other files' (by key), or why not. */
export type RenameResult = { edits: TextEdit[]; others?: { file: string; edits: TextEdit[] }[] } | { error: string };

/** The component at an offset: its id, the range of the id there, and the file that declares it (undefined when that file was not read). */
export interface ComponentAt {
  id: string;
  range: TextRange;
  site: ComponentSite | undefined;
}

/** Options of the service. */
export interface LanguageServiceOptions {
  /** Severity settings from the user (the file's own `rules` section wins). */
  ruleSettings?: CheckOptions['ruleSettings'];
  /**
   * The settings of one document, where they depend on where it is (its
   * project configuration's severities over the user's, and its seed); they
   * take the place of `ruleSettings`. Call `configure` when they change.
   */
  documentSettings?: (uri: string) => Pick<CheckOptions, 'ruleSettings' | 'seed'>;
  /**
   * Offer property names and enum values from the schema, and describe them in
   * hovers (on by default; off for a client whose own JSON service already
   * serves the file from the published schema).
   */
  schemaCompletions?: boolean;
  /** Command ids the code lenses run; without `showInDiagram` (a client with no diagram) that lens is left out. */
  commands?: { runScenario: string; showInDiagram?: string };
  /** False: checks leave the scenario budgets out; the caller runs them apart and adds their findings (`addFindings`). */
  scenarioBudgets?: boolean;
  /**
   * How a document's imports are read, asked once per check of it (a fresh
   * context each time: the files it imports may have changed since); without
   * it, an import is a finding that says imports are not followed here.
   */
  importsOf?: (uri: string) => ImportContext | undefined;
}

/** The service's interface; frozen. */
export interface ScaleLanguageService {
  /** Checks a document; results are cached by uri and version (`forget` drops one, when a file it imports changed). */
  check(doc: DocumentInput): CheckResult;
  /** The import context the document's check used (see `importsOf`). */
  importContext(doc: DocumentInput): ImportContext | undefined;
  /** Whether the document's check left scenario budgets to run (the service was configured with `scenarioBudgets: false`). */
  scenarioBudgetsDue(doc: DocumentInput): boolean;
  /**
   * Adds findings made apart (the scenario budgets) to the document's check,
   * if it is still of that version and text; gives the result with them, which
   * every later request of that version sees.
   */
  addFindings(doc: DocumentInput, findings: readonly Finding[]): CheckResult | undefined;
  codeActions(doc: DocumentInput, range: TextRange): CodeActionItem[];
  hover(doc: DocumentInput, offset: number): HoverItem | undefined;
  completions(doc: DocumentInput, offset: number): CompletionItem[];
  /** The component at an offset (a declaration, a reference, a name in an import list) and where it is declared. */
  componentAt(doc: DocumentInput, offset: number): ComponentAt | undefined;
  /** The document as navigation across files reads it (see LinkedFile); `label` is how messages name it. */
  linkedFile(doc: DocumentInput, label: string): LinkedFile;
  /** The declaration of the component at an offset: in the document, or in the file it is imported from. */
  definition(doc: DocumentInput, offset: number): LocationItem[];
  /**
   * Where the component at an offset is written: its declaration (when asked
   * for), references, and names in `exports` and import lists, in the
   * document, the files it imports and `others` (the files that import its
   * file, which the caller reads).
   */
  references(doc: DocumentInput, offset: number, includeDeclaration: boolean, others?: readonly LinkedFile[]): LocationItem[];
  prepareRename(doc: DocumentInput, offset: number): { range: TextRange; placeholder: string } | { error: string } | undefined;
  /** Renames the component at an offset wherever it is written (see `references`), in one edit of every file, or says why not. */
  rename(doc: DocumentInput, offset: number, newName: string, others?: readonly LinkedFile[]): RenameResult;
  symbols(doc: DocumentInput): SymbolItem[];
  codeLenses(doc: DocumentInput): LensItem[];
  /**
   * The edits that lay out the document (or the part of it in `range`) with
   * the editor's indentation; comments, key order and values are kept as
   * written. None for text the reader refused for its size or depth.
   */
  format(doc: DocumentInput, range: TextRange | undefined, options: FormatOptions): TextEdit[];
  /** Updates user settings; cached results are dropped. */
  configure(options: LanguageServiceOptions): void;
  /** Forgets a closed document. */
  forget(uri: string): void;
}

/** Creates a language service. */
export function createLanguageService(initial: LanguageServiceOptions = {}): ScaleLanguageService {
  let options = { ...initial };
  /** What is kept of a document between requests: its check without its syntax, which `syntax` keeps within its budget. */
  type Entry = { version: number; text: string; kept: KeptCheck; imports: ImportContext | undefined; linked?: ReadonlyMap<string, LinkedFile>; added?: true };
  const cache = new Map<string, Entry>();
  const syntax = new SyntaxCache();

  const settingsOf = (uri: string) => options.documentSettings?.(uri) ?? { ruleSettings: options.ruleSettings };
  /** A document's entry when it is of this version and text. */
  const current = (doc: DocumentInput): Entry | undefined => {
    const hit = cache.get(doc.uri);
    return hit && hit.version === doc.version && hit.text === doc.text ? hit : undefined;
  };
  /** A document's entry, and the check just made (with its syntax) when its text or version changed. */
  const entry = (doc: DocumentInput): { entry: Entry; fresh?: { result: CheckResult; syntax: Syntax } } => {
    const hit = current(doc);
    if (hit) return { entry: hit };
    // The earlier text's check and syntax go first: held while the new check is made (nothing can ask for them
    // meanwhile), they doubled what a large document holds at the check's peak, and the heap the server grows to.
    cache.delete(doc.uri);
    syntax.delete(doc.uri);
    const imports = options.importsOf?.(doc.uri);
    const result = checkText(doc.text, { ...settingsOf(doc.uri), scenarioBudgets: options.scenarioBudgets !== false, imports });
    const e: Entry = { version: doc.version, text: doc.text, kept: keptOf(result), imports };
    cache.set(doc.uri, e);
    const s = new Syntax(result.parsed, result.locator);
    syntax.put(doc.uri, doc.text, s);
    return { entry: e, fresh: { result, syntax: s } };
  };
  /** A document's check with its syntax, for one request (read again, once, when not kept). */
  const checked = (doc: DocumentInput): { result: CheckResult; syntax: Syntax } => {
    const { entry: e, fresh } = entry(doc);
    if (fresh) return fresh;
    const s = syntax.get(doc.uri, doc.text);
    return { result: withSyntax(e.kept, s), syntax: s };
  };
  /** Where the document declares and references component ids. */
  const indexOf = (doc: DocumentInput): ReferenceIndex => checked(doc).syntax.index;

  /** The component id at an offset: on its declaration key, on a reference, or on a name in an import list. */
  const idAt = (doc: DocumentInput, offset: number): { id: string; range: TextRange; ref?: Reference } | undefined => {
    const index = indexOf(doc);
    for (const [id, decls] of index.declarations) {
      for (const d of decls) if (contains(d.keyRange, offset)) return { id, range: d.keyRange };
    }
    const names = index.imports.flatMap((e) => e.names);
    const imported = new Set(names.map((n) => n.id));
    for (const r of [...index.references, ...names]) {
      if (contains(r.range, offset) && (index.declarations.has(r.id) || imported.has(r.id))) return { id: r.id, range: r.range, ref: r };
    }
    return undefined;
  };

  /** The document's key: its file as the import host names it, else its URI. */
  const keyOf = (doc: DocumentInput) => entry(doc).entry.imports?.file ?? doc.uri;
  /** Which file each import's `from` read, per importing file, as the document's check was answered. */
  const readsOf = (doc: DocumentInput) => {
    const reads = new Map<string, Map<string, string>>();
    for (const r of importSnapshot(entry(doc).entry.imports)?.records ?? []) {
      if (r.importer === null || !('file' in r.read)) continue;
      let m = reads.get(r.importer);
      if (!m) reads.set(r.importer, (m = new Map()));
      m.set(r.from, r.read.file);
    }
    return reads;
  };
  const linkedFileOf = (doc: DocumentInput, label: string): LinkedFile => {
    const key = keyOf(doc);
    const topology = entry(doc).entry.kept.topology;
    return { key, label, text: doc.text, index: indexOf(doc), resolved: readsOf(doc).get(key) ?? new Map(), ...(topology ? { topology } : {}) };
  };
  /** The files the document's check read for its imports, as navigation reads them: indexed once per check, not per request. */
  const importedFilesOf = (doc: DocumentInput): ReadonlyMap<string, LinkedFile> => {
    const e = entry(doc).entry;
    if (e.linked) return e.linked;
    const files = new Map<string, LinkedFile>();
    const reads = readsOf(doc);
    const labels = new Map<string, string>();
    for (const m of reads.values()) for (const [from, file] of m) if (!labels.has(file)) labels.set(file, quoted(from));
    for (const [key, f] of e.kept.imported) {
      files.set(key, { key, label: labels.get(key) ?? key, text: f.text, index: indexReferences(f.locator.root), resolved: reads.get(key) ?? new Map() });
    }
    return (e.linked = files);
  };
  /** The document, the files its check read for its imports, and `others` (which win: the caller read them as they are now). */
  const filesOf = (doc: DocumentInput, others: readonly LinkedFile[] = []): Map<string, LinkedFile> => {
    const files = new Map(importedFilesOf(doc));
    const own = linkedFileOf(doc, 'this file');
    files.set(own.key, own);
    for (const f of others) files.set(f.key, f);
    return files;
  };
  /** The component at an offset, and the file that declares it as the document's imports read. */
  const componentAt = (doc: DocumentInput, offset: number, files = filesOf(doc)) => {
    const at = idAt(doc, offset);
    return at && { ...at, site: declarationSite(files, keyOf(doc), at.id) };
  };
  /** Places in the files by key as the document's places (no `file` for its own). */
  const located = (doc: DocumentInput, file: string, ranges: readonly TextRange[]): LocationItem[] => {
    const own = file === keyOf(doc);
    return ranges.map((range) => (own ? { range } : { file, range }));
  };

  const service: ScaleLanguageService = {
    check: (doc) => checked(doc).result,

    importContext: (doc) => entry(doc).entry.imports,

    scenarioBudgetsDue: (doc) => options.scenarioBudgets === false && scenarioBudgetsDue(entry(doc).entry.kept, settingsOf(doc.uri).ruleSettings),

    addFindings(doc, findings) {
      const hit = current(doc);
      if (!hit) return undefined;
      const result = withSyntax(hit.kept, syntax.get(doc.uri, doc.text));
      if (hit.added) return result;
      const complete = withFindings(result, findings, settingsOf(doc.uri).ruleSettings);
      hit.kept = keptOf(complete);
      hit.added = true;
      return complete;
    },

    codeActions(doc, range) {
      const { result } = checked(doc);
      const out: CodeActionItem[] = [];
      const end = range.offset + range.length;
      for (const f of result.findings) {
        const fEnd = f.range.offset + f.range.length;
        if (fEnd < range.offset || f.range.offset > end) continue;
        for (const fix of f.fixes ?? []) out.push({ title: fix.title, kind: 'quickfix', edits: fix.edits, preferred: fix.preferred === true, finding: f });
        const accept = acceptFindingEdit(f, result.topology, result.locator, doc.text);
        if (accept) out.push({ title: 'Accept this risk…', kind: 'quickfix', edits: [accept.edit], preferred: false, finding: f, placeholder: accept.placeholder });
        const info = RULES_BY_ID.get(f.ruleId);
        if (info?.configurable) {
          const edit = disableRuleEdit(doc.text, result, f.ruleId);
          if (edit) out.push({ title: `Turn off ${f.ruleId} for this file`, kind: 'quickfix', edits: [edit], preferred: false, finding: f });
        }
      }
      return out;
    },

    hover(doc, offset) {
      const { result } = checked(doc);
      // A rule id in the `rules` section.
      const loc = locationAt(result, offset);
      if (loc && loc.path[0] === 'rules' && loc.path.length === 2 && typeof loc.path[1] === 'string' && RULES_BY_ID.has(loc.path[1])) {
        const rule = RULES_BY_ID.get(loc.path[1])!;
        const node = loc.previousNode;
        return { markdown: ruleMarkdown(rule.id), range: node ? { offset: node.offset, length: node.length } : { offset, length: 0 } };
      }
      const at = idAt(doc, offset);
      if (at) return { markdown: componentMarkdown(at.id, result), range: at.range };
      return options.schemaCompletions !== false && loc ? schemaHover(result, loc, offset) : undefined;
    },

    completions(doc, offset) {
      const { result, syntax: s } = checked(doc);
      const index = s.index;
      const loc = locationAt(result, offset);
      if (!loc) return [];
      const path = loc.path;
      const node = loc.previousNode;
      // In a closed string (an unclosed one runs to the end of its line, over whatever follows the cursor).
      const inString = (node?.type === 'string' || node?.type === 'property') && offset > node.offset && offset < node.offset + node.length &&
        node.length >= 2 && doc.text[node.offset + node.length - 1] === '"';
      // What is typed so far goes: a whole string, or the word (and an open quote) before the cursor.
      const replace: TextRange = inString ? { offset: node!.offset, length: node!.length } : typedWord(doc.text, offset);
      const items: CompletionItem[] = [];
      const ids = [...index.declarations.keys()].sort();
      const kindOf = (id: string) => index.declarations.get(id)?.[0]?.kind;
      const componentItems = (filter: (id: string) => boolean, self?: string) => {
        for (const id of ids) {
          if (id === self || !filter(id)) continue;
          items.push({ label: id, kind: 'component', detail: kindOf(id), insertText: JSON.stringify(id), range: replace, documentation: componentSummary(id, result) });
        }
      };
      if (!loc.isAtPropertyKey) {
        const self = path[0] === 'components' && typeof path[1] === 'string' ? path[1] : undefined;
        const last = path[path.length - 1];
        const field = typeof last === 'number' ? path[path.length - 2] : last;
        if (path[0] === 'components' && (field === 'calls' || (field === 'to' && path.includes('calls')))) componentItems(() => true, self);
        else if (path[0] === 'accepted' && field === 'component') componentItems(() => true);
        else if (path[0] === 'components' && field === 'sessionStore') componentItems((id) => kindOf(id) === 'cache' || kindOf(id) === 'database', self);
        else if (path[0] === 'components' && field === 'fronts') componentItems((id) => kindOf(id) === 'database', self);
        else if (path[0] === 'components' && field === 'directory') componentItems((id) => kindOf(id) === 'directory', self);
        else if (path[0] === 'scenarios' && (field === 'kill' || field === 'slow' || field === 'restore')) {
          componentItems((id) => kindOf(id) !== 'client');
          // Counts from the declarations as written, so that targets complete while the file does not validate.
          const raw = memberOf(result.parsed.value, 'components');
          for (const id of ids) {
            const shape = countedShapeOf(memberOf(raw, id));
            if (!shape || shape.kind === 'client') continue;
            const counts = nodeCountsOf(shape);
            const n = counts.instances;
            if (n < 2) continue;
            for (let i = 0; i < Math.min(n, 16); i++) {
              const role = instanceRole(counts, i);
              items.push({ label: `${id}#${i}`, kind: 'component', detail: `${shape.kind}, instance ${i}${role ? ` (${role})` : ''}`, insertText: JSON.stringify(`${id}#${i}`), range: replace, sortText: `${id}#${String(i).padStart(6, '0')}` });
            }
          }
        } else if (path[0] === 'scenarios' && field === 'target') componentItems((id) => kindOf(id) === 'database' || kindOf(id) === 'cache');
        else if (path[0] === 'scenarios' && path.includes('between')) {
          const places = new Set<string>(ids);
          for (const p of declaredPlaces(result, 'zone')) places.add(p);
          for (const p of declaredPlaces(result, 'region')) places.add(p);
          for (const p of [...places].sort()) items.push({ label: p, kind: 'component', detail: index.declarations.has(p) ? kindOf(p) : 'region or zone', insertText: JSON.stringify(p), range: replace });
        } else if (path[0] === 'scenarios' && (field === 'zone' || field === 'region') && (path.includes('kill') || path.includes('restore'))) {
          for (const p of [...declaredPlaces(result, field)].sort()) items.push({ label: p, kind: 'value', detail: field, insertText: JSON.stringify(p), range: replace });
        } else if (options.schemaCompletions !== false) {
          // Without the value being replaced: a component's kind picks its variant, which would allow only itself.
          const value = withoutAt(result.parsed.value, path);
          for (const v of allowedValues(ScaleFile, path, value)) {
            items.push({ label: String(v), kind: 'value', insertText: JSON.stringify(v), range: replace, documentation: describeAt(ScaleFile, path, value) });
          }
        }
      } else if (options.schemaCompletions !== false) {
        const objPath = path.slice(0, -1);
        // While a key is being typed the file rarely reads: the tree as far as it parsed tells the object's kind.
        const value = result.parsed.value ?? (result.parsed.root ? getNodeValue(result.parsed.root) : undefined);
        const obj = valueAt(value, objPath);
        const present = new Set(obj !== null && typeof obj === 'object' && !Array.isArray(obj) ? Object.keys(obj) : []);
        if (inString) present.delete(node!.value as string); // the key being rewritten
        // A key with no colon after it yet gets one.
        const colon = /^\s*:/.test(doc.text.slice(replace.offset + replace.length)) ? '' : ': ';
        for (const k of knownKeys(ScaleFile, objPath, value)) {
          if (present.has(k)) continue;
          items.push({ label: k, kind: 'property', insertText: JSON.stringify(k) + colon, range: replace, documentation: describeAt(ScaleFile, [...objPath, k], value) });
        }
      }
      return items;
    },

    componentAt: (doc, offset) => {
      const at = componentAt(doc, offset);
      return at && { id: at.id, range: at.range, site: at.site };
    },

    linkedFile: linkedFileOf,

    definition(doc, offset) {
      const files = filesOf(doc);
      const at = componentAt(doc, offset, files);
      if (!at?.site) return [];
      return located(doc, at.site.file, (files.get(at.site.file)?.index.declarations.get(at.id) ?? []).map((d) => d.keyRange));
    },

    references(doc, offset, includeDeclaration, others) {
      const files = filesOf(doc, others);
      const at = componentAt(doc, offset, files);
      if (!at) return [];
      const out: LocationItem[] = [];
      for (const [file, o] of occurrencesAcross(files, at.site ?? { file: keyOf(doc), id: at.id })) out.push(...located(doc, file, occurrenceRanges(o, includeDeclaration)));
      return out;
    },

    prepareRename(doc, offset) {
      const at = idAt(doc, offset);
      if (!at) return undefined;
      const range = at.ref ? at.ref.idRange : indexOf(doc).declarations.get(at.id)![0]!.idRange;
      return { range, placeholder: at.id };
    },

    rename(doc, offset, newName, others) {
      const files = filesOf(doc, others);
      const at = componentAt(doc, offset, files);
      if (!at) return { error: 'Nothing to rename here: place the cursor on a component id or a reference to one' };
      if (newName === at.id) return { edits: [] };
      if (!ID_PATTERN.test(newName)) return { error: `"${newName}" is not a valid id: use letters, digits, "-", "_" and ".", starting with a letter or digit` };
      if (newName === 'constructor' || newName === 'prototype') return { error: `"${newName}" is reserved` };
      if (!at.site) return { error: `"${at.id}" cannot be renamed here: the file it is imported from was not read (see the import's finding)` };
      const r = renameAcross(files, at.site, newName);
      const key = keyOf(doc);
      if ('clash' in r) return { error: `A component named "${newName}" already exists${r.clash.key === key ? '' : ` in ${r.clash.label}`}` };
      const elsewhere = [...r.edits].filter(([file]) => file !== key).map(([file, edits]) => ({ file, edits }));
      return { edits: r.edits.get(key) ?? [], ...(elsewhere.length > 0 ? { others: elsewhere } : {}) };
    },

    symbols(doc) {
      const root = checked(doc).syntax.parsed.root;
      if (!root || root.type !== 'object') return [];
      const sections: SymbolItem[] = [];
      for (const p of root.children ?? []) {
        const key = p.children?.[0];
        const value = p.children?.[1];
        if (!key || !value) continue;
        const section: SymbolItem = { name: String(key.value), kind: 'section', range: rangeOf(p), selectionRange: rangeOf(key) };
        if (key.value === 'components' && value.type === 'object') {
          section.children = (value.children ?? []).flatMap((c) => {
            const k = c.children?.[0];
            if (!k) return [];
            const obj = c.children?.[1];
            // Its value, not its members: a component with nothing to report is not read into nodes until asked for.
            const value = obj?.type === 'object' ? nodeValue(obj) : undefined;
            const kind = memberOf(value, 'kind');
            const shape = COMPONENT_KINDS.includes(kind as ComponentKind) && kind !== 'client' ? countedShapeOf(value) : undefined;
            return [{ name: String(k.value), kind: 'component' as const, detail: [typeof kind === 'string' ? kind : undefined, shape ? nodesText(nodeCountsOf(shape)) : undefined].filter(Boolean).join(' · '), range: rangeOf(c), selectionRange: rangeOf(k) }];
          });
        } else if (key.value === 'scenarios' && value.type === 'array') {
          section.children = (value.children ?? []).map((s, i) => {
            const name = propNode(s, 'name');
            return { name: typeof name?.value === 'string' ? name.value : `scenario ${i + 1}`, kind: 'scenario' as const, range: rangeOf(s), selectionRange: name ? rangeOf(name) : rangeOf(s) };
          });
        } else if (key.value === 'rules' && value.type === 'object') {
          section.children = (value.children ?? []).flatMap((r) => {
            const k = r.children?.[0];
            return k ? [{ name: String(k.value), detail: String(r.children?.[1]?.value ?? ''), kind: 'rule' as const, range: rangeOf(r), selectionRange: rangeOf(k) }] : [];
          });
        }
        sections.push(section);
      }
      // One root named after the system, as an editor's breadcrumb shows it: the file name is the editor's to show.
      const name = propNode(root, 'name');
      const named = name?.type === 'string' && String(name.value).trim() !== '';
      const count = (section: string, what: string) => {
        const n = sections.find((x) => x.name === section)?.children?.length;
        return n ? plural(n, what) : undefined;
      };
      const detail = [count('components', 'component'), count('scenarios', 'scenario')].filter(Boolean).join(' · ');
      return [{
        name: named ? String(name.value) : 'topology',
        ...(detail ? { detail } : {}),
        kind: 'topology',
        range: rangeOf(root),
        selectionRange: named ? rangeOf(name) : { offset: root.offset, length: 1 },
        children: sections,
      }];
    },

    codeLenses(doc) {
      const root = checked(doc).syntax.parsed.root;
      const scenarios = propNode(root, 'scenarios');
      if (!scenarios || scenarios.type !== 'array') return [];
      const commands = options.commands ?? { runScenario: 'scale.runScenario', showInDiagram: 'scale.openDiagram' };
      const out: LensItem[] = [];
      (scenarios.children ?? []).forEach((s, i) => {
        const name = propNode(s, 'name');
        const range = name ? rangeOf(name.parent ?? name) : rangeOf(s);
        const label = typeof name?.value === 'string' ? name.value : `scenario ${i + 1}`;
        out.push({ range, title: '▶ Run scenario', command: commands.runScenario, arguments: [doc.uri, i, label] });
        if (commands.showInDiagram) out.push({ range, title: 'Show in diagram', command: commands.showInDiagram, arguments: [doc.uri, { scenario: i }] });
      });
      return out;
    },

    format(doc, range, opts) {
      // Formatting is a scan, not a parse: text with syntax errors is laid out as far as it reads, but text the
      // reader refused for its size or depth is left alone.
      if (!withinReadLimits(doc.text)) return [];
      const eol = /\r\n/.test(doc.text) ? '\r\n' : '\n';
      const edits = formatJson(doc.text, range, {
        tabSize: opts.tabSize,
        insertSpaces: opts.insertSpaces,
        // jsonc-parser would drop a final line break the text has unless asked for one.
        insertFinalNewline: opts.insertFinalNewline === true || /\n$/.test(doc.text),
        eol,
        keepLines: opts.keepLines === true,
      });
      return edits.map((e) => ({ offset: e.offset, length: e.length, newText: e.content }));
    },

    configure(next) {
      options = { ...options, ...next };
      cache.clear();
      syntax.clear();
    },

    forget(uri) {
      cache.delete(uri);
      syntax.delete(uri);
    },
  };
  return Object.freeze(service);
}

/** A check without its syntax (tree, plain value, locator): what is kept of a document between requests. */
type KeptCheck = Omit<CheckResult, 'parsed' | 'locator'>;

/** A check's result without its syntax; its load model is still made on first use. */
function keptOf(result: CheckResult): KeptCheck {
  const { parsed: _parsed, locator: _locator, ...rest } = Object.getOwnPropertyDescriptors(result);
  return Object.defineProperties({}, rest) as KeptCheck;
}

/** A kept check with its syntax again. */
function withSyntax(kept: KeptCheck, syntax: Syntax): CheckResult {
  return Object.defineProperties({ parsed: syntax.parsed, locator: syntax.locator }, Object.getOwnPropertyDescriptors(kept)) as CheckResult;
}

/**
 * jsonc-parser's location at an offset, for text the reader made a tree of:
 * its walk is recursive, so text refused for its depth (or size) is never
 * handed to it.
 */
/** The zones (or regions) the components declare, read from the file as written so that they complete while it does not validate. */
function declaredPlaces(result: CheckResult, kind: 'zone' | 'region'): Set<string> {
  const places = new Set<string>();
  const raw = memberOf(result.parsed.value, 'components');
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return places;
  for (const c of Object.values(raw as Record<string, unknown>)) {
    const v = kind === 'zone' ? memberOf(c, 'zones') : memberOf(c, 'region');
    for (const p of Array.isArray(v) ? v : [v]) if (typeof p === 'string' && p.length > 0) places.add(p);
  }
  return places;
}

function locationAt(result: CheckResult, offset: number): Location | undefined {
  return result.parsed.root ? getLocation(result.parsed.text, offset) : undefined;
}

/**
 * The schema's word on the key or value under the cursor: its description and
 * allowed values, as the published schema gives them to JSON tools.
 */
function schemaHover(result: CheckResult, loc: Location, offset: number): HoverItem | undefined {
  const node = loc.previousNode;
  if (!node || !contains(rangeOf(node), offset) || node.type === 'object' || node.type === 'array') return undefined;
  const path = loc.path;
  const value = result.parsed.value;
  const description = describeAt(ScaleFile, path, value);
  if (!description) return undefined;
  const named = [...path].reverse().find((seg): seg is string => typeof seg === 'string');
  const lines = [named === undefined ? escapeMarkdown(description) : `**${escapeMarkdown(named)}** — ${escapeMarkdown(description)}`];
  const allowed = allowedValues(ScaleFile, path, value);
  // A discriminator (a component's kind) allows one value in its own variant: that is no list.
  if (allowed.length > 1) lines.push('', `One of ${allowed.map((v) => `\`${String(v)}\``).join(', ')}`);
  return { markdown: lines.join('\n'), range: rangeOf(node) };
}

/** A copy of a plain value without the member at `path` (copied along the path only). */
function withoutAt(value: unknown, path: (string | number)[]): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return value;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string | number, unknown>;
  if (!Object.hasOwn(copy, head!)) return value;
  if (rest.length === 0) delete copy[head!];
  else copy[head!] = withoutAt(copy[head!], rest);
  return copy;
}

/** The word typed before an offset outside a string, with the quote that opens it if there is one. */
function typedWord(text: string, offset: number): TextRange {
  let start = offset;
  while (start > 0 && /[\w.#-]/.test(text[start - 1]!)) start--;
  if (start > 0 && text[start - 1] === '"') start--;
  return { offset: start, length: offset - start };
}

function rangeOf(n: Node): TextRange {
  return { offset: n.offset, length: n.length };
}

/** A property's value node; of a duplicated key, the last, which is the one the value holds. */
function propNode(obj: Node | undefined, key: string): Node | undefined {
  if (!obj || obj.type !== 'object') return undefined;
  let found: Node | undefined;
  for (const p of obj.children ?? []) if (p.children?.[0]?.value === key) found = p.children[1];
  return found;
}

/** The value at a path of the file's plain value: own members only. */
function valueAt(value: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((v, seg) => memberOf(v, seg), value);
}

/** The edit that sets a rule to "off" in the file's `rules` section (creating the section when needed). */
function disableRuleEdit(text: string, result: CheckResult, ruleId: string): TextEdit | undefined {
  const loc = result.locator;
  if (!loc.root || loc.root.type !== 'object') return undefined;
  if (loc.value(['rules'])) return setPropertyEdit(loc, text, ['rules'], ruleId, 'off');
  return setPropertyEdit(loc, text, [], 'rules', { [ruleId]: 'off' });
}

/** A rule's hover text. */
export function ruleMarkdown(id: string): string {
  const r = RULES_BY_ID.get(id)!;
  return `**${r.id}** — ${r.defaultSeverity} by default${r.configurable ? '' : ' (cannot be turned off)'}\n\n${r.short}\n\n${r.full}\n\nDocumentation: \`${ruleDocPath(r.id)}\``;
}

/** One line on a component for completion lists. */
function componentSummary(id: string, result: CheckResult): string | undefined {
  const c = result.topology?.components.get(id);
  if (!c) return undefined;
  return c.kind === 'client' ? c.kind : `${c.kind}, ${nodesText(nodeCountsOf(c.data))}`;
}

/** Where a component with a capacity saturates as the workload grows, and how it stands at the file's growth target. */
function headroomLine(topology: Topology, traffic: TrafficModel, id: string): string {
  const h = headroomOf(topology, traffic);
  const rank = h.order.findIndex((s) => s.id === id);
  if (rank < 0) {
    const beyond = h.beyond.find((b) => b.id === id);
    return beyond
      ? `Headroom: not judged past ${num(beyond.atLeast)}× today's peak (the load model caps loads at 10^15 rps first)`
      : 'Headroom: no load reaches it, so growth never saturates it';
  }
  const s = h.order[rank]!;
  const growth = topology.file.workload.growth;
  const verdict = growth === undefined ? undefined : verdictAt(s.utilization, growth);
  const target = verdict === undefined
    ? ''
    : `; ${verdict === 'short' ? 'short of' : verdict === 'tight' ? 'carries, past the capacity warning threshold,' : 'carries'} the ${num(growth!)}× growth target (${pct(growth! * s.utilization)} at ${num(growth!)}×)`;
  return `Headroom: saturates at **${num(s.multiple)}×** today's peak (${RESOURCE_NAMES[s.resource]} runs out first), the ${ordinal(rank + 1)} of ${plural(h.order.length, 'component')} to saturate as the workload grows${target}`;
}

/**
 * The availability and latency of the requests entering at a component (its
 * own for an entry point, from it on for any other), and what it costs each
 * entry point whose requests reach it: its share of their downtime, and what
 * it adds to their p99.
 */
function pathLines(topology: Topology, traffic: TrafficModel, id: string): string[] {
  const availability = availabilityOf(topology, traffic);
  const latency = latencyOf(topology, traffic);
  const a = availability.path(id);
  const l = latency.path(id);
  const entry = topology.entryPoints.includes(id);
  const ms = (x: number) => (Number.isFinite(x) ? msText(x) : 'unbounded');
  const out = [`${entry ? 'Requests entering here' : 'Requests from here on'}: **${availabilityPct(a.availability)}** available (${formatDuration(a.downtimePerMonthMs)} of downtime a month), p50 ${ms(l.all.p50)}, p99 **${ms(l.all.p99)}**${l.saturated.length > 0 ? ` (${l.saturated.map(escapeMarkdown).join(', ')} past saturation)` : ''}`];
  // A large design's figures rest on bounds (shared components taken as independent, zone states or grid points left
  // out): the hover says so, as `scale paths` does, rather than show them as exact.
  const approximate = [
    a.approximated.length > 0 ? `${plural(a.approximated.length, 'shared component')} taken as independent` : '',
    a.unexplored > 0 ? `zone states with many zones down left out (at most ${pct(a.unexplored)} more available)` : '',
    l.coarse ? 'the p50 and p99 computed on a coarse grid' : '',
  ].filter(Boolean);
  if (approximate.length > 0) out.push('', `_Approximate: ${approximate.join('; ')} (\`scale paths\` names them)._`);
  const costs: string[] = [];
  for (const e of topology.entryPoints) {
    if (e === id) continue;
    const down = availability.costs(e).find((x) => x.kind === 'component' && x.id === id);
    const slow = latency.costs(e).find((x) => x.kind === 'component' && x.id === id);
    // Saving an unbounded p99 without it: it is what makes the p99 unbounded ("unbounded of its p99" said nothing).
    const p99 = slow && slow.p99Saved > 0 ? (Number.isFinite(slow.p99Saved) ? `${about(slow)}${ms(slow.p99Saved)} of its p99` : 'its unbounded p99 (bounded without it)') : '';
    const parts = [down ? `${about(down)}${pct(down.downtimeShare)} of its downtime` : '', p99].filter(Boolean);
    if (parts.length > 0) costs.push(`${escapeMarkdown(e)}: ${parts.join(', ')}`);
  }
  if (costs.length > 0) out.push('', `Costs ${costs.join(' · ')}`);
  return out;
}

/** A component's hover: what it is, its computed load and utilization, its share of traffic, its findings. */
export function componentMarkdown(id: string, result: CheckResult): string {
  const topo = result.topology;
  const c = topo?.components.get(id);
  const lines: string[] = [];
  if (!topo || !c) {
    lines.push(`**${escapeMarkdown(id)}**`, '', topo ? 'This component does not validate yet: see its findings.' : 'The file does not validate yet: load figures appear once it does.');
  } else {
    const facts = c.kind === 'client' ? [c.kind] : [c.kind, nodesText(nodeCountsOf(c.data))];
    if (c.data.zones) facts.push(`zones ${c.data.zones.map(escapeMarkdown).join(', ')}`);
    if (c.data.region) facts.push(`region ${escapeMarkdown(c.data.region)}`);
    lines.push(`**${escapeMarkdown(id)}** — ${facts.join(' · ')}`);
    // Where an imported component comes from, in the words of the import that brings it.
    const o = c.origin;
    if (o) lines.push('', `Imported from ${escapeMarkdown(quoted(o.from))}${o.via === undefined ? '' : ` with ${escapeMarkdown(o.via)}, which depends on it`}`);
    const counts = nodeCountsOf(c.data);
    if (counts.shards !== undefined && counts.declaredInstances !== counts.primaries && result.locator.value([...c.path, 'instances'])) {
      lines.push('', `\`instances\` (${num(counts.declaredInstances)}) is not used: a sharded store runs one primary per shard`);
    }
    if (c.data.description) lines.push('', escapeMarkdown(c.data.description));
    const traffic = result.load!;
    const load = traffic.loads.get(id)!;
    const rps = load.reads + load.writes;
    lines.push('', `Load at peak: **${num(rps)} rps** (${num(load.reads)} reads/s, ${num(load.writes)} writes/s), ${pct(rps / traffic.peakRps)} of the ${num(traffic.peakRps)} rps workload`);
    if (c.kind !== 'client') {
      const hot = load.busiestShard;
      const shard = hot ? ` (shard ${hot.shard}, which takes ${pct(hot.share)} of the ${hot.reads ? 'requests' : 'writes'} under ${hot.popularity} keys)` : '';
      lines.push('', `Busiest ${load.busiestNode === 'instance' ? 'instance' : load.busiestNode} of ${plural(load.nodes, 'node')}: ${num(load.busiestNodeRps)} rps${shard}`);
    }
    lines.push('', ...pathLines(topo, traffic, id));
    const gap = coverageNote(topo, c);
    if (gap) lines.push('', gap);
    if (load.utilization.length > 0) {
      lines.push('', `Utilization: ${load.utilization.map((u) => `${RESOURCE_NAMES[u.resource]} ${pct(u.value)}`).join(' · ')}`);
      if (load.ceilingRps !== undefined) lines.push('', `Ceiling: ${num(load.ceilingRps)} rps of peak load (${RESOURCE_NAMES[load.utilization[0]!.resource]} gives first)`);
      lines.push('', headroomLine(topo, traffic, id));
    }
  }
  const own = result.findings.filter((f) => f.path[0] === 'components' && f.path[1] === id);
  if (own.length > 0) {
    lines.push('', '---', '', ...own.map((f) => f.accepted
      ? `- **accepted** \`${f.ruleId}\` ${escapeMarkdown(f.message)} — accepted: ${escapeMarkdown(spelledOut(f.accepted.reason))}`
      : `- **${f.severity}** \`${f.ruleId}\` ${escapeMarkdown(f.message)}`));
  }
  return lines.join('\n');
}
