/**
 * The Scale language server: wires an LSP connection to the core's language
 * service. It serves documents by file pattern (`*.scale.json`), whatever
 * language id the client sends, validates open documents as they change
 * (debounced; stale results dropped) and files on disk in the workspace, and
 * wraps every handler so that an exception is logged and answered with a
 * fallback: the server never dies on input. Diagnostics never wait for
 * simulations: a document's findings are published at once, and those of its
 * scenario budgets, simulated in a worker thread, are added when they come.
 *
 * Each topology is checked with the project configuration (`scale.config.json`)
 * nearest above it on disk, read once per folder and again when a watched
 * configuration changes; an open configuration is validated as it is typed,
 * and applies once saved.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  type CodeAction,
  type CompletionItem,
  CompletionItemKind,
  type Connection,
  type Diagnostic,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  type DocumentSymbol,
  ErrorCodes,
  type FormattingOptions,
  FileChangeType,
  MarkupKind,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  SymbolKind,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { RULES_BY_ID } from '../core/ruleCatalog';
import { type CheckResult, checkText, type RuleSetting, scenarioBudgetsDue, withFindings } from '../core/check';
import type { Finding, TextRange } from '../core/findings';
import { buildDiagram, type DiagramModel, mapDiagramRanges } from '../core/diagram/diagramModel';
import type { DiagramOverlay } from '../core/diagram/diagramOverlay';
import { MAX_OPENED_GROUPS } from '../core/diagram/collapse';
import { changeOverlay } from '../core/diff/changeOverlay';
import { diffTopology } from '../core/diff/diff';
import { textShift } from '../core/text/textShift';
import { DIAGRAM_METHOD, type DiagramBase, IMPORTS_METHOD, type ImportsParams, type ImportsResult, type DiagramParams, type DiagramResult, type LspRange, RUN_SCENARIO_METHOD, type RunScenarioParams, type ScaleInitializationOptions, type ScaleSettings, SIMULATION_SEED_METHOD, type SimulationSeedParams, type SimulationSeedResult, VALIDATED_NOTIFICATION, type ValidatedParams } from '../core/protocol';
import { checkConfigText, ruleSettingsBeneathFile } from '../core/projectConfig';
import { createLanguageService, type DocumentInput, type LocationItem, type SymbolItem } from '../core/service/languageService';
import type { LinkedFile } from '../core/model/crossFileReferences';
import { DEFAULT_SEED } from '../core/scenario/scenarioSeed';
import { GITIGNORE, IgnoreList } from '../node/ignoreList';
import { importSnapshot } from '../core/model/imports';
import { type LoadedConfig, ProjectConfigs } from '../node/projectConfig';
import { readTopologyFile } from '../node/topologyFile';
import { findTopologies, isWithin, realPathOf } from '../node/topologySearch';
import { foldingRanges, selectionRanges } from './jsonStructure';
import { snippetOf } from './snippetEdit';
import { WorkspaceImports } from './workspaceImports';
import { runScenarioOffThread, ScenarioBudgetRunner } from './scenarioRunner';

/**
 * Default wait after the last edit of a burst before validating. The diagram
 * follows the validations, and must update within 300 ms of an edit on the
 * examples: the wait, validation, the diagram request and a layout.
 */
export const DEFAULT_VALIDATION_DELAY_MS = 100;
/**
 * An edit after a pause (a paste, a quick fix, one keystroke) is validated
 * this soon, with whatever else arrives meanwhile (a multi-part edit, the rest
 * of a paste delivered in pieces); only the edits of a burst that goes on wait
 * for it to pause.
 */
export const FIRST_EDIT_DELAY_MS = 15;
/** The command of the "Run scenario" lens for clients that have no scenario command of their own. */
const SERVER_RUN_SCENARIO = 'scale.server.runScenario';
/**
 * The files whose changes on disk the server follows, for a client that can register watchers: topologies,
 * project configurations and the ignore rules of the workspace scan.
 */
const WATCHED_FILES = ['**/*.scale.json', '**/scale.config.json', `**/${GITIGNORE}`];
/** Files on disk validated at most at startup, so a huge repository cannot stall the server. */
const MAX_WORKSPACE_FILES = 2000;

/** A document's diagram, with the files its imported components are declared in (their ranges are offsets in those texts). */
interface DrawnDiagram {
  model: DiagramModel;
  imported: CheckResult['imported'];
  /** The collapsed groups it was drawn with open (their keys, as JSON): another opening draws it again. */
  opened: string;
}

/** A text's offsets as an LSP range, counted in a document's lines. */
function toRange(doc: { positionAt(o: number): { line: number; character: number } }, r: TextRange): LspRange {
  return { start: doc.positionAt(r.offset), end: doc.positionAt(r.offset + r.length) };
}

/** The lines of a file a check did not read: every offset is at its start. */
const NO_TEXT = TextDocument.create('', 'jsonc', 0, '');

/**
 * A diagram as scale/diagram answers it: the document's ranges converted by
 * `own`, an imported component's counted in the file that declares it (one of
 * `files`, the drawn check's), that file named by its URI (the workspace's
 * name for it; the panel opens it there on a click).
 */
function diagramOnWire(model: DiagramModel, own: (range: TextRange) => LspRange, files: ImportedTexts): DiagramModel<LspRange> {
  return mapDiagramRanges(model, (range, file) => (file === undefined ? own(range) : toRange(files.documentOf(file) ?? NO_TEXT, range)), files.uriOf);
}

/** Whether a document URI is a Scale topology. */
export function isScaleUri(uri: string): boolean {
  return /\.scale\.json$/i.test(uri.split(/[?#]/)[0]!);
}

/** Whether a URI is a `.gitignore`, whose rules leave files out of the workspace scan. */
export function isGitignoreUri(uri: string): boolean {
  return uri.split(/[?#]/)[0]!.endsWith(`/${GITIGNORE}`);
}

/** Whether a document URI is a project configuration (`scale.config.json`). */
export function isConfigUri(uri: string): boolean {
  return /(?:^|\/)scale\.config\.json$/i.test(uri.split(/[?#]/)[0]!);
}

/** Whether a value is a JSON object (not null, not an array). */
function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The settings a client gave, each kept only when it has the type the
 * extension's contributed settings declare: an editor's settings file is
 * hand-written, and a value of another type would be used as it is.
 */
function settingsOf(section: unknown): ScaleSettings {
  if (!isObject(section)) return {};
  const { validationDelayMs, rules, simulationSeed, format } = section;
  return {
    ...(typeof validationDelayMs === 'number' && Number.isFinite(validationDelayMs) && validationDelayMs >= 0 ? { validationDelayMs } : {}),
    ...(isObject(rules) ? { rules: rules as ScaleSettings['rules'] } : {}),
    ...(Number.isInteger(simulationSeed) && (simulationSeed as number) >= 0 && (simulationSeed as number) <= 0xffffffff ? { simulationSeed: simulationSeed as number } : {}),
    ...(isObject(format) && typeof format.keepLines === 'boolean' ? { format: { keepLines: format.keepLines } } : {}),
  };
}

/**
 * The files a check's imports read, as documents to count ranges in (related
 * locations', places across files', a diagram's imported components'), each
 * made once, when needed, under the URI `uriOf` gives its key.
 */
class ImportedTexts {
  private readonly docs = new Map<string, TextDocument>();

  constructor(
    private readonly imported: CheckResult['imported'],
    readonly uriOf: (key: string) => string,
  ) {}

  /** The document of an imported file's key, or undefined when the check read no such file. */
  documentOf(key: string): TextDocument | undefined {
    let d = this.docs.get(key);
    const text = this.imported.get(key)?.text;
    if (!d && text !== undefined) this.docs.set(key, (d = TextDocument.create(this.uriOf(key), 'jsonc', 0, text)));
    return d;
  }
}

/** Starts serving on a connection. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  /** The project configurations on disk, found from each topology up to its workspace folder or repository root. */
  const configs = new ProjectConfigs(() => workspaceFolders, (c) => publishConfigOnDisk(c));
  /** What files on disk are not validated from: the list `scale check` leaves out of folders (see IgnoreList). */
  const ignores = new IgnoreList(() => workspaceFolders, configs);
  const projectOf = (uri: string): LoadedConfig | undefined => (uri.startsWith('file:') ? configs.forFile(fileURLToPath(uri)) : undefined);
  /** A document's severities (its project's over the user's) and its project's seed. */
  const documentSettings = (uri: string) => {
    const project = projectOf(uri)?.config;
    return { ruleSettings: ruleSettingsBeneathFile(userRules, project), seed: project?.seed };
  };
  /** The imports of what is checked: read inside each file's workspace folder or repository, open documents' texts first. */
  const imports = new WorkspaceImports(() => workspaceFolders, (uri) => documents.get(uri)?.getText());
  const service = createLanguageService({ scenarioBudgets: false, documentSettings, importsOf: (uri) => imports.contextOf(uri) });
  const budgets = new ScenarioBudgetRunner();
  let settings: ScaleSettings = {};
  /** The user's rule severities (scale.rules), beneath each document's project configuration (documentSettings). */
  let userRules: ReadonlyMap<string, RuleSetting> = new Map();
  let hasConfiguration = false;
  /** What the server asks the client to register once initialized (only what the client says it can register). */
  let registerConfiguration = false;
  let registerWatchers = false;
  /** Whether the client applies snippet edits (LSP 3.18), which select a placeholder to type over. */
  let snippetEdits = false;
  let workspaceFolders: string[] = [];
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  /**
   * Per open document: its last text without a syntax error, and that text's diagram once asked for (see
   * scale/diagram), plain or compared with a base (that base's text).
   */
  const lastParsed = new Map<string, { input: DocumentInput; diagram?: DrawnDiagram; compared?: { base: string; diagram: DrawnDiagram } }>();
  const firstSyntaxError = (r: CheckResult) => r.parsed.findings.find((f) => f.ruleId === 'syntax');
  /** Per open document: the base its diagram was last compared with, and its check (the base stays while the document is edited). */
  const bases = new Map<string, { text: string; check: CheckResult }>();
  /** Per open document: when its current burst of edits began and when it last changed (performance.now()). */
  const edits = new Map<string, { burstStart: number; last: number }>();
  /** Open documents edited since they were last validated: their importers are validated again after them. */
  const edited = new Set<string>();
  /** Documents on disk (not open) that have diagnostics published. */
  const diskDiagnostics = new Set<string>();

  const log = (message: string) => connection.console.log(message);

  /** Runs a handler; an exception is logged and answered with the fallback. */
  function guard<P extends unknown[], R>(name: string, fallback: R, fn: (...args: P) => R): (...args: P) => R {
    return (...args: P) => {
      try {
        return fn(...args);
      } catch (e) {
        connection.console.error(`scale: ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return fallback;
      }
    };
  }

  const input = (doc: TextDocument): DocumentInput => ({ uri: doc.uri, version: doc.version, text: doc.getText() });
  const scaleDoc = (uri: string): TextDocument | undefined => (isScaleUri(uri) ? documents.get(uri) : undefined);
  /** The files a check read for its imports, named as the workspace names them. */
  const importedTexts = (imported: CheckResult['imported']) => new ImportedTexts(imported, (key) => imports.uriOf(key));

  const docsRoot = path.resolve(__dirname, '..', 'docs', 'rules');
  /** The link to each rule's page, looked up on disk once: the shipped docs do not change while the server runs. */
  const docLinks = new Map<string, string | undefined>();
  const docLinkOf = (ruleId: string): string | undefined => {
    if (!docLinks.has(ruleId)) {
      const docFile = path.join(docsRoot, `${ruleId}.md`);
      docLinks.set(ruleId, RULES_BY_ID.has(ruleId) && fs.existsSync(docFile) ? pathToFileURL(docFile).href : undefined);
    }
    return docLinks.get(ruleId);
  };
  /** A diagnostic's message: the finding's, and for an accepted one the reason. */
  const diagnosticMessage = (f: Finding) => (f.accepted ? `${f.message} — accepted: ${f.accepted.reason}` : f.message);
  /**
   * A finding as a diagnostic. An accepted one is a hint, which editors mark
   * where it is but do not list or count as a problem (VS Code's Problems
   * panel leaves hints out), saying it is accepted and why, and pointing at
   * the entry that accepts it: the risk stays in sight, not in the way.
   */
  function diagnosticOf(doc: TextDocument, f: Finding, files?: ImportedTexts): Diagnostic {
    const d: Diagnostic = {
      range: toRange(doc, f.range),
      severity: f.accepted ? DiagnosticSeverity.Hint : f.severity === 'error' ? DiagnosticSeverity.Error : f.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
      code: f.ruleId,
      source: 'scale',
      message: diagnosticMessage(f),
    };
    const href = docLinkOf(f.ruleId);
    if (href) d.codeDescription = { href };
    const related: { message: string; range: TextRange; file?: string }[] = [...(f.related ?? []), ...(f.accepted ? [{ message: 'accepted here', range: f.accepted.range }] : [])];
    if (related.length) {
      d.relatedInformation = related.map((r) => {
        // A location in an imported file: its range counted in that file's text.
        const other = r.file === undefined ? undefined : files?.documentOf(r.file);
        return { location: other ? { uri: other.uri, range: toRange(other, r.range) } : { uri: doc.uri, range: toRange(doc, r.range) }, message: r.message };
      });
    }
    return d;
  }

  /**
   * Validates an open document and publishes its findings; when the check left
   * scenario budgets to run, they run in the worker and the findings are
   * published again with theirs, if the document is still at that version.
   */
  function publish(doc: TextDocument, input: DocumentInput): void {
    const started = performance.now();
    const result = service.check(input);
    const context = service.importContext(input);
    imports.track(doc.uri, context);
    if (!firstSyntaxError(result) && lastParsed.get(doc.uri)?.input.version !== input.version) lastParsed.set(doc.uri, { input });
    const due = service.scenarioBudgetsDue(input);
    send(doc, input, result, started, due);
    if (!due) {
      budgets.cancel(doc.uri);
      return;
    }
    void budgets.run(doc.uri, input.text, documentSettings(doc.uri).seed, importSnapshot(context)).then(guard('scenario budgets', undefined, (extra: Finding[] | undefined) => {
      if (!extra || documents.get(doc.uri)?.version !== input.version) return;
      const complete = service.addFindings(input, extra);
      if (!complete) return;
      // A diagram drawn for this version lacks them.
      const kept = lastParsed.get(doc.uri);
      if (kept?.input.version === input.version) delete kept.diagram;
      send(doc, input, complete, started, false);
    }));
  }

  /** Sends a check's diagnostics and the scale/validated notification that the diagram and the status follow. */
  function send(doc: TextDocument, input: DocumentInput, result: CheckResult, started: number, budgetsPending: boolean): void {
    sendFindings(doc, input.version, result.findings, result.omitted, started, budgetsPending, importedTexts(result.imported));
  }

  /** Sends an open document's findings as diagnostics, and the scale/validated notification. */
  function sendFindings(doc: TextDocument, version: number, findings: readonly Finding[], omitted: number, started: number, budgetsPending = false, files?: ImportedTexts): void {
    const diagnostics = findings.map((f) => diagnosticOf(doc, f, files));
    if (omitted > 0) {
      diagnostics.push({ range: toRange(doc, { offset: 0, length: 0 }), severity: DiagnosticSeverity.Information, source: 'scale', message: `${omitted} more findings not shown (at most ${findings.length} per file)` });
    }
    void connection.sendDiagnostics({ uri: doc.uri, version, diagnostics });
    const counts = { errors: 0, warnings: 0, infos: 0 };
    for (const f of findings) if (!f.accepted) counts[f.severity === 'error' ? 'errors' : f.severity === 'warning' ? 'warnings' : 'infos']++;
    const note: ValidatedParams = { uri: doc.uri, version, ...counts, durationMs: Math.round(performance.now() - started), ...(budgetsPending ? { budgetsPending } : {}) };
    void connection.sendNotification(VALIDATED_NOTIFICATION, note);
  }

  const validateNow = guard('validation', undefined, (uri: string) => {
    pending.delete(uri);
    const doc = documents.get(uri);
    if (doc && isConfigUri(uri)) publishConfig(doc);
    else if (doc && isScaleUri(uri)) {
      publish(doc, input(doc));
      // Its text changed since it was last validated: what imports it reads another text now.
      if (edited.delete(uri) && uri.startsWith('file:')) importersChanged(fileURLToPath(uri), uri);
    }
  });

  /**
   * A topology file changed (edited, saved, created, deleted, opened or
   * closed): what imports it, at any depth of its imports, open or on disk,
   * is validated again (their cached checks read the file as it was). Not
   * `except`, the file itself.
   */
  function importersChanged(file: string, except: string): void {
    for (const uri of imports.importersOf(file)) {
      if (uri === except) continue;
      service.forget(uri);
      const kept = lastParsed.get(uri);
      if (kept) {
        delete kept.diagram;
        delete kept.compared;
      }
      if (documents.get(uri)) validateNow(uri);
      else if (uri.startsWith('file:')) validateFile(fileURLToPath(uri));
    }
  }

  // --- project configurations ----------------------------------------------
  /** Validates an open configuration's text: its findings are those `scale check` reports in it once saved. */
  function publishConfig(doc: TextDocument): void {
    const started = performance.now();
    const r = checkConfigText(doc.getText());
    sendFindings(doc, doc.version, r.findings, r.omitted, started);
  }

  /**
   * Publishes the findings of a configuration as read from disk (the findings
   * `scale check` reports in it), unless it is open: the editor's text speaks then.
   */
  function publishConfigOnDisk(c: LoadedConfig, uri = pathToFileURL(c.file).href): void {
    if (documents.get(uri) || !inWorkspace(c.file)) return;
    if (c.findings.length === 0 && !diskDiagnostics.has(uri)) return;
    const doc = TextDocument.create(uri, 'jsonc', 0, c.text);
    void connection.sendDiagnostics({ uri, diagnostics: c.findings.map((f) => diagnosticOf(doc, f)) });
    diskDiagnostics.add(uri);
  }

  /** A configuration closed in the editor: the findings of its saved state, when it governs topologies in the workspace; else none. */
  function closedConfig(uri: string, file: string): void {
    const c = configs.forFolder(path.dirname(file));
    if (c && path.dirname(c.file) === realPathOf(path.dirname(file)) && inWorkspace(c.file)) {
      // The editor's findings are replaced, even by none.
      diskDiagnostics.add(uri);
      publishConfigOnDisk(c, uri);
    } else {
      diskDiagnostics.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }

  /**
   * Configurations or `.gitignore` files changed on disk under `folders`:
   * every configuration and ignore rule is read again, and the topologies
   * under those folders are validated again, the open ones and those on disk
   * (files now left out lose their findings).
   */
  function configsChanged(folders: readonly string[]): void {
    configs.clear();
    ignores.clear();
    // Cached checks were made with the configurations as they were.
    service.configure({});
    for (const k of lastParsed.values()) delete k.diagram;
    const under = (file: string) => folders.some((f) => isWithin(file, f));
    for (const doc of documents.all()) {
      if (isScaleUri(doc.uri) && doc.uri.startsWith('file:') && under(fileURLToPath(doc.uri))) validateNow(doc.uri);
    }
    // Files now left out lose their findings (validateFile); the others are validated by the scan.
    for (const uri of [...diskDiagnostics]) {
      const file = fileURLToPath(uri);
      if (isScaleUri(uri) && under(file) && ignores.reasonFor(file) !== undefined) validateFile(file);
    }
    for (const folder of folders) {
      // Read again, so that its findings are published even when it governs no topology.
      configs.forFolder(folder);
      scanWorkspace(folder);
    }
  }

  function schedule(uri: string, delay: number): void {
    const prev = pending.get(uri);
    if (prev) clearTimeout(prev);
    // The timer carries no version: when it fires it checks the document as it is then, so stale work is never done.
    pending.set(uri, setTimeout(() => validateNow(uri), delay));
  }

  // --- files on disk -------------------------------------------------------
  const validateFile = guard('workspace validation', undefined, (file: string) => {
    const uri = pathToFileURL(file).href;
    if (documents.get(uri)) return;
    // Outside the workspace, or left out as scale check leaves it out of a folder: not validated from disk.
    if (!inWorkspace(file) || ignores.reasonFor(file) !== undefined) {
      imports.untrack(uri);
      if (diskDiagnostics.delete(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const read = readTopologyFile(file);
    if ('error' in read) {
      imports.untrack(uri);
      return;
    }
    // A file that is not text gets the one finding the CLI prints for it, at the same place.
    if ('finding' in read) {
      imports.untrack(uri);
      const doc = TextDocument.create(uri, 'jsonc', 0, read.prefix);
      void connection.sendDiagnostics({ uri, diagnostics: [diagnosticOf(doc, read.finding)] });
      diskDiagnostics.add(uri);
      return;
    }
    const text = read.text;
    const doc = TextDocument.create(uri, 'jsonc', 0, text);
    const checked = { uri, version: -1, text };
    const result = service.check(checked);
    const context = service.importContext(checked);
    imports.track(uri, context);
    const files = importedTexts(result.imported);
    void connection.sendDiagnostics({ uri, diagnostics: result.findings.map((f) => diagnosticOf(doc, f, files)) });
    service.forget(uri);
    diskDiagnostics.add(uri);
    const settings = documentSettings(uri);
    if (!scenarioBudgetsDue(result, settings.ruleSettings)) return;
    void budgets.run(uri, text, settings.seed, importSnapshot(context)).then(guard('scenario budgets', undefined, (extra: Finding[] | undefined) => {
      // Opened, changed on disk or deleted meanwhile: that validation speaks.
      if (!extra || documents.get(uri) || !diskDiagnostics.has(uri)) return;
      void connection.sendDiagnostics({ uri, diagnostics: withFindings(result, extra, settings.ruleSettings).findings.map((f) => diagnosticOf(doc, f, files)) });
    }));
  });

  /** Validates the topologies on disk in the workspace folders, or only those under `under` (a folder in one). */
  function scanWorkspace(under?: string): void {
    let budget = MAX_WORKSPACE_FILES;
    for (const folder of workspaceFolders) {
      const root = realPathOf(folder);
      if (root === undefined || (under !== undefined && !isWithin(under, folder))) continue;
      const onSkip = (file: string) => log(`scale: skipped ${file}: it leads outside the workspace folder ${folder}`);
      for (const file of findTopologies(under ?? folder, { root, ignores, onSkip })) {
        if (budget-- <= 0) return;
        validateFile(file);
      }
    }
  }

  /**
   * Whether a file lies inside a workspace folder, by its name and, when it
   * exists, by its real path (a link that leads out of the workspace is outside
   * it): nothing outside is read.
   */
  function inWorkspace(file: string): boolean {
    const real = realPathOf(file);
    return workspaceFolders.some((root) => path.relative(root, file) !== '' && isWithin(file, root) && (real === undefined || isWithin(real, realPathOf(root) ?? root)));
  }

  // --- settings ------------------------------------------------------------
  /** Pulls the `scale` settings from a client that answers workspace/configuration; one that answers null keeps those it gave. */
  async function loadSettings(): Promise<void> {
    if (!hasConfiguration) return;
    const s = (await connection.workspace.getConfiguration('scale')) as unknown;
    if (s !== null && s !== undefined) applySettings(s);
  }

  /** Takes a `scale` settings section, however it came (at start, pushed, pulled): it replaces the one before. */
  function applySettings(section: unknown): void {
    settings = settingsOf(section);
    const rules = new Map<string, RuleSetting>();
    for (const [id, sev] of Object.entries(settings.rules ?? {})) if (RULES_BY_ID.has(id) && ['off', 'info', 'warning', 'error'].includes(sev)) rules.set(id, sev);
    userRules = rules;
    // Cached checks were made with the old settings (documentSettings reads the new ones).
    service.configure({});
    // Their findings were of the old settings.
    for (const k of lastParsed.values()) {
      delete k.diagram;
      delete k.compared;
    }
  }

  // --- lifecycle -----------------------------------------------------------
  connection.onInitialize((params) => {
    const init = (params.initializationOptions ?? {}) as ScaleInitializationOptions;
    const workspace = params.capabilities.workspace;
    hasConfiguration = workspace?.configuration === true;
    // A registration the client did not say it supports may be refused, or worse, answered by nothing.
    registerConfiguration = hasConfiguration && workspace?.didChangeConfiguration?.dynamicRegistration === true;
    registerWatchers = workspace?.didChangeWatchedFiles?.dynamicRegistration === true && init.watchesFiles !== true;
    if (init.scale !== undefined) applySettings(init.scale);
    const workspaceEdit = workspace?.workspaceEdit;
    snippetEdits = workspaceEdit?.snippetEditSupport === true && workspaceEdit.documentChanges === true;
    foldingRangeLimit = params.capabilities.textDocument?.foldingRange?.rangeLimit;
    workspaceFolders = (params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []))
      .filter((f) => f.uri.startsWith('file:'))
      .map((f) => fileURLToPath(f.uri));
    // A client without commands of its own gets only the lens the server runs (the diagram is the VS Code extension's).
    service.configure({ schemaCompletions: init.schemaCompletions !== false, commands: init.commands ?? { runScenario: SERVER_RUN_SCENARIO } });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['"', '#'] },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        // The name of this outline where an editor shows several for a file (a client whose JSON service serves
        // *.scale.json too); otherwise it could be shown under the extension's display name.
        documentSymbolProvider: { label: 'Scale' },
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        // Clients with their own scenario commands (the VS Code extension) run the lenses themselves.
        ...(init.commands ? {} : { executeCommandProvider: { commands: [SERVER_RUN_SCENARIO] } }),
      },
      serverInfo: { name: 'scale-language-server' },
    };
  });

  connection.onInitialized(async () => {
    if (registerConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'scale' });
    // Without them, the client's own file events (if it sends any) are still heard.
    if (registerWatchers) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_FILES.map((globPattern) => ({ globPattern })) });
    if (hasConfiguration) {
      await guard('settings', Promise.resolve(), loadSettings)();
      // Documents opened while the settings were on their way were checked without them.
      for (const doc of documents.all()) if (isScaleUri(doc.uri)) validateNow(doc.uri);
    }
    guard('workspace scan', undefined, scanWorkspace)();
  });

  connection.onDidChangeConfiguration(async (params) => {
    // A client that pushes its settings (Neovim's `settings`, Helix's `config`) sends the section; others say to pull it.
    const pushed = isObject(params.settings) ? params.settings.scale : undefined;
    if (pushed !== undefined) guard('settings', undefined, applySettings)(pushed);
    else await guard('settings', Promise.resolve(), loadSettings)();
    for (const doc of documents.all()) if (isScaleUri(doc.uri)) validateNow(doc.uri);
  });

  connection.onDidChangeWatchedFiles(guard('watched files', undefined, (params) => {
    const changedConfigs: string[] = [];
    // A deleted folder is reported by the files with findings in it: the configurations it held go unreported.
    if (params.changes.some((c) => c.type === FileChangeType.Deleted)) configs.clear();
    for (const change of params.changes) {
      if (!change.uri.startsWith('file:')) continue;
      if (isGitignoreUri(change.uri)) {
        changedConfigs.push(path.dirname(fileURLToPath(change.uri)));
        continue;
      }
      if (isConfigUri(change.uri)) {
        changedConfigs.push(path.dirname(fileURLToPath(change.uri)));
        // A deleted configuration has no findings (an open one keeps those of its text).
        if (change.type === FileChangeType.Deleted && !documents.get(change.uri) && diskDiagnostics.delete(change.uri)) void connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
        continue;
      }
      if (!isScaleUri(change.uri)) continue;
      const file = fileURLToPath(change.uri);
      const open = documents.get(change.uri) !== undefined;
      if (change.type === FileChangeType.Deleted) {
        // A deleted file has no findings, even while an editor still shows its text (a rename is a delete and a
        // create); an edit of that text validates it again.
        const t = pending.get(change.uri);
        if (t) clearTimeout(t);
        pending.delete(change.uri);
        budgets.cancel(change.uri);
        diskDiagnostics.delete(change.uri);
        if (!open) imports.untrack(change.uri);
        void connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
        // What imports it cannot any more, open or not.
        importersChanged(file, change.uri);
        continue;
      }
      // Back on disk while open (a checkout, an undone delete): what is checked is the editor's text.
      if (change.type === FileChangeType.Created && open) {
        validateNow(change.uri);
        importersChanged(file, change.uri);
        continue;
      }
      if (inWorkspace(file)) validateFile(file);
      // An open document's text is what its importers read, whatever the disk holds.
      if (!open) importersChanged(file, change.uri);
    }
    if (changedConfigs.length > 0) configsChanged(changedConfigs);
  }));

  // TextDocuments fires onDidChangeContent right after onDidOpen for the opened text: that one is validated at the open.
  const opening = new Set<string>();
  const served = (uri: string) => isScaleUri(uri) || isConfigUri(uri);
  documents.onDidOpen(guard('open', undefined, (e) => {
    if (!served(e.document.uri)) return;
    imports.opened(e.document.uri);
    opening.add(e.document.uri);
    validateNow(e.document.uri);
  }));
  documents.onDidChangeContent(guard('change', undefined, (e) => {
    const uri = e.document.uri;
    if (opening.delete(uri) || !served(uri)) return;
    edited.add(uri);
    // The scenarios of the text before are not worth finishing.
    budgets.cancel(uri);
    const delay = settings.validationDelayMs ?? DEFAULT_VALIDATION_DELAY_MS;
    const first = Math.min(delay, FIRST_EDIT_DELAY_MS);
    const now = performance.now();
    const seen = edits.get(uri);
    if (!seen || now - seen.last >= delay) {
      // After a pause: validated almost at once.
      edits.set(uri, { burstStart: now, last: now });
      schedule(uri, first);
    } else {
      seen.last = now;
      const sinceStart = now - seen.burstStart;
      // Within the first edit's short wait, the edit joins it (the server may also have read a whole burst in one go);
      // after it, the burst is going on: validated when it pauses.
      if (sinceStart < first) {
        if (!pending.has(uri)) schedule(uri, first - sinceStart);
      } else schedule(uri, delay);
    }
  }));
  documents.onDidClose(guard('close', undefined, (e) => {
    const t = pending.get(e.document.uri);
    if (t) clearTimeout(t);
    pending.delete(e.document.uri);
    edits.delete(e.document.uri);
    edited.delete(e.document.uri);
    imports.closed(e.document.uri);
    budgets.cancel(e.document.uri);
    lastParsed.delete(e.document.uri);
    bases.delete(e.document.uri);
    service.forget(e.document.uri);
    // A closed file keeps the diagnostics of its saved state, as a file on disk in the workspace.
    const file = e.document.uri.startsWith('file:') ? fileURLToPath(e.document.uri) : undefined;
    if (file !== undefined && isConfigUri(e.document.uri)) closedConfig(e.document.uri, file);
    else if (file !== undefined && isScaleUri(e.document.uri) && inWorkspace(file)) validateFile(file);
    else {
      imports.untrack(e.document.uri);
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    }
    // Its importers read the file on disk again, not the editor's text.
    if (file !== undefined && isScaleUri(e.document.uri)) importersChanged(file, e.document.uri);
  }));

  // --- language features ---------------------------------------------------
  connection.onHover(guard('hover', null, (params, token) => {
    const doc = scaleDoc(params.textDocument.uri);
    if (!doc || token.isCancellationRequested) return null;
    const h = service.hover(input(doc), doc.offsetAt(params.position));
    return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: toRange(doc, h.range) } : null;
  }));

  connection.onCompletion(guard('completion', [], (params, token) => {
    const doc = scaleDoc(params.textDocument.uri);
    if (!doc || token.isCancellationRequested) return [];
    return service.completions(input(doc), doc.offsetAt(params.position)).map((c): CompletionItem => ({
      label: c.label,
      kind: c.kind === 'component' ? CompletionItemKind.Reference : c.kind === 'property' ? CompletionItemKind.Property : CompletionItemKind.EnumMember,
      ...(c.detail ? { detail: c.detail } : {}),
      ...(c.documentation ? { documentation: { kind: MarkupKind.PlainText, value: c.documentation } } : {}),
      ...(c.sortText ? { sortText: c.sortText } : {}),
      filterText: c.insertText,
      textEdit: { range: toRange(doc, c.range), newText: c.insertText },
    }));
  }));

  // --- across files --------------------------------------------------------
  /** How messages name a topology file: its path in its workspace folder, else its name. */
  const labelOf = (uri: string): string => {
    if (!uri.startsWith('file:')) return uri;
    const file = fileURLToPath(uri);
    const folder = workspaceFolders.find((f) => isWithin(file, f));
    return folder === undefined ? path.basename(file) : path.relative(folder, file).split(path.sep).join('/');
  };

  /**
   * The files that may write a component declared in `declaring` (a key): that
   * file and every file whose last check read it, at any depth (open documents
   * as they are, the others as saved; what the workspace scan and the editor
   * have checked), except the document asked about; with a document per key
   * to place their ranges in.
   */
  function filesWriting(declaring: string, except: string): { files: LinkedFile[]; docs: Map<string, TextDocument> } {
    const files: LinkedFile[] = [];
    const docs = new Map<string, TextDocument>();
    for (const uri of new Set([imports.uriOf(declaring), ...imports.importersOf(declaring)])) {
      if (uri === except || !isScaleUri(uri)) continue;
      const open = documents.get(uri);
      let doc: TextDocument | undefined = open;
      if (!doc && uri.startsWith('file:')) {
        const read = readTopologyFile(fileURLToPath(uri));
        if ('text' in read) doc = TextDocument.create(uri, 'jsonc', -1, read.text);
      }
      if (!doc) continue;
      const linked = service.linkedFile(input(doc), labelOf(uri));
      // A file on disk was checked for this request only.
      if (!open) service.forget(uri);
      files.push(linked);
      docs.set(linked.key, doc);
    }
    return { files, docs };
  }

  /** The files that may write the component at an offset of a document (see filesWriting). */
  const filesAround = (doc: TextDocument, offset: number) => {
    const site = service.componentAt(input(doc), offset)?.site;
    return site ? filesWriting(site.file, doc.uri) : { files: [], docs: new Map<string, TextDocument>() };
  };

  /** The document of a file a service's answer for `doc` names by key: one of `docs`, else a file its check read for its imports. */
  const documentOf = (doc: TextDocument, key: string, docs: ReadonlyMap<string, TextDocument>) =>
    docs.get(key) ?? importedTexts(service.check(input(doc)).imported).documentOf(key);

  /** A place a service gave for a document: in it, or in another file (see documentOf). */
  const locationOf = (doc: TextDocument, item: LocationItem, docs: ReadonlyMap<string, TextDocument>) => {
    const other = item.file === undefined ? doc : documentOf(doc, item.file, docs);
    return other ? { uri: other.uri, range: toRange(other, item.range) } : undefined;
  };

  connection.onDefinition(guard('definition', [], (params) => {
    const doc = scaleDoc(params.textDocument.uri);
    if (!doc) return [];
    return service.definition(input(doc), doc.offsetAt(params.position)).flatMap((r) => locationOf(doc, r, new Map()) ?? []);
  }));

  connection.onReferences(guard('references', [], (params) => {
    const doc = scaleDoc(params.textDocument.uri);
    if (!doc) return [];
    const offset = doc.offsetAt(params.position);
    const { files, docs } = filesAround(doc, offset);
    return service.references(input(doc), offset, params.context.includeDeclaration, files).flatMap((r) => locationOf(doc, r, docs) ?? []);
  }));

  connection.onPrepareRename(guard('prepare rename', null, (params) => {
    const doc = scaleDoc(params.textDocument.uri);
    if (!doc) return null;
    const r = service.prepareRename(input(doc), doc.offsetAt(params.position));
    if (!r) return null;
    if ('error' in r) throw new ResponseError(0, r.error);
    return { range: toRange(doc, r.range), placeholder: r.placeholder };
  }));

  connection.onRenameRequest((params) => {
    const doc = scaleDoc(params.textDocument.uri);
    if (!doc) return null;
    let r;
    let docs: Map<string, TextDocument>;
    try {
      const offset = doc.offsetAt(params.position);
      const around = filesAround(doc, offset);
      docs = around.docs;
      r = service.rename(input(doc), offset, params.newName, around.files);
    } catch (e) {
      connection.console.error(`scale: rename failed: ${e instanceof Error ? e.stack : String(e)}`);
      return null;
    }
    // A refused rename is an error the editor shows, not an empty edit.
    if ('error' in r) return new ResponseError(0, r.error);
    // One edit of every file that writes the component: the document's, and the others' (open or on disk) by URI.
    const changes: Record<string, { range: LspRange; newText: string }[]> = { [doc.uri]: r.edits.map((e) => ({ range: toRange(doc, e), newText: e.newText })) };
    for (const other of r.others ?? []) {
      const d = documentOf(doc, other.file, docs);
      if (d) changes[d.uri] = other.edits.map((e) => ({ range: toRange(d, e), newText: e.newText }));
    }
    return { changes };
  });

  connection.onDocumentSymbol(guard('symbols', [], (params) => {
    const doc = scaleDoc(params.textDocument.uri);
    if (!doc) return [];
    const kinds: Record<SymbolItem['kind'], SymbolKind> = { topology: SymbolKind.Module, section: SymbolKind.Namespace, component: SymbolKind.Class, scenario: SymbolKind.Event, rule: SymbolKind.Property };
    const convert = (s: SymbolItem): DocumentSymbol => ({
      name: s.name || '(empty)',
      ...(s.detail ? { detail: s.detail } : {}),
      kind: kinds[s.kind],
      range: toRange(doc, s.range),
      selectionRange: toRange(doc, s.selectionRange),
      ...(s.children ? { children: s.children.map(convert) } : {}),
    });
    return service.symbols(input(doc)).map(convert);
  }));

  let foldingRangeLimit: number | undefined;
  connection.onFoldingRanges(guard('folding ranges', [], (params) => {
    const doc = scaleDoc(params.textDocument.uri);
    return doc ? foldingRanges(doc, foldingRangeLimit) : [];
  }));

  connection.onSelectionRanges(guard('selection ranges', [], (params) => {
    const doc = scaleDoc(params.textDocument.uri);
    return doc ? selectionRanges(doc, params.positions) : [];
  }));

  const formatEdits = (doc: TextDocument, range: TextRange | undefined, options: FormattingOptions) =>
    service.format(input(doc), range, { tabSize: options.tabSize, insertSpaces: options.insertSpaces, insertFinalNewline: options.insertFinalNewline === true, keepLines: settings.format?.keepLines === true })
      .map((e) => ({ range: toRange(doc, e), newText: e.newText }));

  connection.onDocumentFormatting(guard('formatting', [], (params) => {
    const doc = scaleDoc(params.textDocument.uri);
    return doc ? formatEdits(doc, undefined, params.options) : [];
  }));

  connection.onDocumentRangeFormatting(guard('formatting', [], (params) => {
    const doc = scaleDoc(params.textDocument.uri);
    if (!doc) return [];
    const start = doc.offsetAt(params.range.start);
    return formatEdits(doc, { offset: start, length: doc.offsetAt(params.range.end) - start }, params.options);
  }));

  connection.onCodeAction(guard('code actions', [], (params) => {
    const doc = scaleDoc(params.textDocument.uri);
    if (!doc) return [];
    const start = doc.offsetAt(params.range.start);
    const end = doc.offsetAt(params.range.end);
    const text = doc.getText();
    return service.codeActions(input(doc), { offset: start, length: end - start }).map((a): CodeAction => ({
      title: a.title,
      kind: CodeActionKind.QuickFix,
      isPreferred: a.preferred,
      diagnostics: params.context.diagnostics.filter((d) => d.code === a.finding.ruleId && d.message === diagnosticMessage(a.finding)),
      // A placeholder to type over is selected where the client applies snippet edits; elsewhere it is inserted as text.
      edit: a.placeholder && snippetEdits
        ? { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: a.edits.map((e, i) => (i === 0
          ? { range: toRange(doc, e), snippet: { kind: 'snippet', value: snippetOf(text, e.offset, e.newText, a.placeholder!) } }
          : { range: toRange(doc, e), newText: e.newText })) }] }
        : { changes: { [doc.uri]: a.edits.map((e) => ({ range: toRange(doc, e), newText: e.newText })) } },
    }));
  }));

  connection.onCodeLens(guard('code lenses', [], (params) => {
    const doc = scaleDoc(params.textDocument.uri);
    if (!doc) return [];
    return service.codeLenses(input(doc)).map((l) => ({ range: toRange(doc, l.range), command: { title: l.title, command: l.command, arguments: l.arguments } }));
  }));

  const runScenario = (params: RunScenarioParams) => {
    const doc = scaleDoc(params.uri);
    if (!doc) throw new ResponseError(0, `${params.uri} is not an open *.scale.json document`);
    const file = params.uri.startsWith('file:') ? path.basename(fileURLToPath(params.uri)) : params.uri;
    // The seed of a scenario that names none: its own wins (scenarioSeed, in the run).
    // With the imports as its check read them: the worker reads no file.
    const current = input(doc);
    return runScenarioOffThread(current.text, params.index, params.seed ?? simulationSeed(params.uri), file, importSnapshot(service.importContext(current)));
  };

  /** The seed of a document's scenarios that name none: its project's (the team's), else the user's setting, else 1. */
  const simulationSeed = (uri: string): number => projectOf(uri)?.config.seed ?? settings.simulationSeed ?? DEFAULT_SEED;

  connection.onRequest(SIMULATION_SEED_METHOD, guard('simulation seed', { seed: DEFAULT_SEED }, (params: SimulationSeedParams): SimulationSeedResult => ({
    seed: typeof params?.uri === 'string' ? simulationSeed(params.uri) : DEFAULT_SEED,
  })));

  connection.onRequest(IMPORTS_METHOD, guard('imports', null, (params: ImportsParams): ImportsResult => {
    const doc = typeof params?.uri === 'string' ? scaleDoc(params.uri) : undefined;
    if (!doc) return null;
    const current = input(doc);
    const snapshot = importSnapshot(service.importContext(current));
    return snapshot ? { version: current.version, imports: snapshot } : null;
  }));

  connection.onRequest(RUN_SCENARIO_METHOD, async (params: RunScenarioParams) => {
    try {
      return await runScenario(params);
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      throw new ResponseError(0, e instanceof Error ? e.message : String(e));
    }
  });

  /**
   * The change from a base to a text of a document: structure, graph and load figures, no scenario run (the
   * overlay draws nothing else). The base's check is kept while the base stays, the text's is the service's.
   */
  const changeFrom = (base: DiagramBase, head: DocumentInput, headCheck: CheckResult): DiagramOverlay => {
    let kept = bases.get(head.uri);
    if (kept?.text !== base.text) bases.set(head.uri, (kept = { text: base.text, check: checkText(base.text, { scenarioBudgets: false }) }));
    const diff = diffTopology(
      { label: base.label, read: { text: base.text, checked: kept.check } },
      { label: head.uri, read: { text: head.text, checked: headCheck } },
      { scenarios: false },
    );
    return changeOverlay(diff);
  };
  /** A text's diagram, compared with a base when there is one. */
  const diagramOf = (text: DocumentInput, check: CheckResult, base: DiagramBase | undefined, opened: string[]): DrawnDiagram => ({
    model: buildDiagram(check, base && changeFrom(base, text, check), { opened }),
    imported: check.imported,
    opened: JSON.stringify(opened),
  });
  /** The collapsed groups the request opens: its keys that are texts, the latest MAX_OPENED_GROUPS. */
  const openedOf = (params: DiagramParams): string[] => (Array.isArray(params.opened) ? params.opened.filter((k): k is string => typeof k === 'string').slice(-MAX_OPENED_GROUPS) : []);
  /** The request's base when it is one (a text and its name), else none: the diagram is drawn without a comparison. */
  const baseOf = (params: DiagramParams): DiagramBase | undefined => {
    const b: unknown = params.base;
    if (typeof b !== 'object' || b === null) return undefined;
    const { text, label } = b as Partial<Record<keyof DiagramBase, unknown>>;
    return typeof text === 'string' && typeof label === 'string' ? { text, label } : undefined;
  };

  connection.onRequest(DIAGRAM_METHOD, guard('diagram', null, (params: DiagramParams, token?: { isCancellationRequested: boolean }): DiagramResult | null => {
    const doc = typeof params?.uri === 'string' ? scaleDoc(params.uri) : undefined;
    if (!doc || token?.isCancellationRequested) return null;
    const base = baseOf(params);
    const opened = openedOf(params);
    const openedKey = JSON.stringify(opened);
    const current = input(doc);
    const checked = service.check(current);
    const syntax = firstSyntaxError(checked);
    const kept = lastParsed.get(doc.uri);
    if (!syntax || !kept) {
      // A document opened with a syntax error has no earlier text: drawn as well as it reads.
      const drawn = diagramOf(current, checked, base, opened);
      // Kept for the half-typed states to come.
      if (!syntax) lastParsed.set(doc.uri, base ? { input: current, compared: { base: base.text, diagram: drawn } } : { input: current, diagram: drawn });
      return { ...diagramOnWire(drawn.model, (r) => toRange(doc, r), importedTexts(drawn.imported)), uri: doc.uri, version: doc.version };
    }
    // Half typed: what the text parses into is not the design (keys become components, components vanish). The last
    // text that parsed is shown instead, saying so, with its ranges moved to where those declarations are in this text
    // (so a click reveals them, and the cursor finds them). Built here only when no panel asked for that text's diagram
    // while it was current (one asks after each validation), plain or compared with the same base.
    let diagram: DrawnDiagram;
    if (!base) diagram = kept.diagram?.opened === openedKey ? kept.diagram : (kept.diagram = diagramOf(kept.input, service.check(kept.input), undefined, opened));
    else if (kept.compared?.base === base.text && kept.compared.diagram.opened === openedKey) diagram = kept.compared.diagram;
    else kept.compared = { base: base.text, diagram: (diagram = diagramOf(kept.input, service.check(kept.input), base, opened)) };
    const shift = textShift(kept.input.text, current.text);
    const at = doc.positionAt(syntax.range.offset);
    return {
      // Only the document's own ranges moved: an imported component's are in its file.
      ...diagramOnWire(diagram.model, (r) => toRange(doc, shift(r)), importedTexts(diagram.imported)),
      uri: doc.uri,
      version: doc.version,
      lastParsed: { version: kept.input.version, problem: `line ${at.line + 1}: ${syntax.message}`.slice(0, 400) },
    };
  }));

  // The outcome as a notification (a message request with no actions makes some clients prompt and wait) and as
  // the command's result, for clients that show it.
  connection.onExecuteCommand(async (params) => {
    if (params.command !== SERVER_RUN_SCENARIO) throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${params.command}`);
    const [uri, index] = (params.arguments ?? []) as [string, number];
    try {
      const r = await runScenario({ uri, index });
      connection.console.log(r.text);
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: r.summary });
      return { summary: r.summary, text: r.text };
    } catch (e) {
      const message = `Scale: ${e instanceof Error ? e.message : String(e)}`;
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message });
      throw new ResponseError(ErrorCodes.InternalError, message);
    }
  });

  documents.listen(connection);
  connection.listen();
  log('scale language server started');
}

