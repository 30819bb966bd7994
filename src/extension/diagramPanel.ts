/**
 * The diagram panel beside a topology. The extension host only relays: it
 * asks the language server for the diagram (scale/diagram: the ELK graph, the
 * layout key, per-node findings and ranges) and passes it to the webview,
 * which lays it out in a worker and draws it. Nothing here parses, analyses
 * or lays out, and elkjs is never loaded on the extension host.
 *
 * Locked down: scripts only by a fresh nonce per render, CSP `default-src
 * 'none'` (see panelHtml), resources only from the bundle folder, no forms or
 * command URIs; data travels by postMessage after the webview says it is
 * ready, and every message from the webview is validated before use.
 *
 * While the webview's simulation panel is open, the host also sends the
 * document's text and its seed (the server's scale/simulationSeed: the
 * project's, else the `scale.simulationSeed` setting), with the files its
 * imports read as the server read them (scale/imports): the webview runs
 * the simulation core itself, in a worker, and never writes to the file
 * nor reads another.
 *
 * An export asks the webview for its drawing as an SVG or PNG file (the
 * webview makes it: only it has the drawing and the theme's colours), then
 * writes it where the person chose, beside the topology by default.
 *
 * Compared with HEAD (the toolbar's toggle, or the Compare with HEAD
 * command), the host reads the file's text at HEAD through the built-in git
 * extension (see GitHead) and sends it with each diagram request: the server
 * answers with the change drawn in. Before each diagram the webview is told
 * whether the comparison can be had, and why not when it cannot.
 */
import * as vscode from 'vscode';
import { panelHtml } from '../core/diagram/panelHtml';
import { MAX_FILE_CHARS } from '../core/model/parse';
import { DIAGRAM_METHOD, type DiagramParams, type DiagramResult, IMPORTS_METHOD, type ImportsParams, type ImportsResult, SIMULATION_SEED_METHOD, type SimulationSeedParams, type SimulationSeedResult } from '../core/protocol';
import { importedChars, type ImportSnapshot, sameImportSnapshot } from '../core/model/imports';
import type { GitHead } from './gitHead';
import { type HostMessage, type ImageFormat, MAX_IMPORT_RECORDS, MAX_IMPORTED_CHARS, PanelState, WebviewMessage } from '../core/webviewProtocol';

/** What the panel needs of the language client. */
export interface DiagramClient {
  sendRequest<R>(method: string, params: unknown): Promise<R>;
}

/**
 * Requests for the diagram made in one turn of the event loop (a validation
 * and a change of editor at once) are one request; there is no further wait:
 * the server already waited for the edits to pause, and each millisecond here
 * would be one more between an edit and its drawing.
 */
const REFRESH_DELAY_MS = 0;
/** Longest the webview may take to make an image (a PNG of 1,000 components takes a few seconds). */
const EXPORT_TIMEOUT_MS = 60_000;
/** What the save dialog offers for each format. */
const IMAGE_FILTERS: Record<ImageFormat, Record<string, string[]>> = { svg: { 'SVG image': ['svg'] }, png: { 'PNG image': ['png'] } };

/** An export the webview has not answered yet. */
interface PendingExport {
  format: ImageFormat;
  resolve(bytes: Uint8Array): void;
  reject(error: Error): void;
}

/** Owns the panel and keeps it in step with its document. */
export class DiagramPanel implements vscode.Disposable {
  /** The webview type, also the serializer's key. */
  static readonly viewType = 'scale.diagram';
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private uri: vscode.Uri | undefined;
  private ready = false;
  /** The webview's simulation panel is open: it gets the document's text with each update. */
  private simulationOpen = false;
  /** The document, version and seed the simulation panel last got, and its imports: each validation redraws the diagram, but the same text is not simulated twice. */
  private sentSource: { key: string; imports: ImportSnapshot | undefined } | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private cursorTimer: ReturnType<typeof setTimeout> | undefined;
  /** Increases with every request, so that a late answer for an older state is dropped. */
  private requestSeq = 0;
  /** Numbers export requests; their answers come back under the same number. */
  private exportSeq = 0;
  private readonly exports = new Map<number, PendingExport>();
  /** The person asked for the comparison with HEAD (it is drawn while the file has a version there). */
  private compareOn = false;
  /** The collapsed groups the reader opened in the document's diagram, oldest first (the webview says which). */
  private opened: string[] = [];
  /** The files the last diagram's imported components are declared in (URIs): the only others a click may open. */
  private importedFiles: ReadonlySet<string> = new Set();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: () => DiagramClient | undefined,
    private readonly git: GitHead,
    private readonly log?: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      // A commit, a checkout, a repository found: the file's text at HEAD (or whether it has one) may be another.
      git.onDidChange(() => {
        if (this.panel) this.scheduleRefresh();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (this.panel && editor && isTopology(editor.document.uri) && editor.document.uri.toString() !== this.uri?.toString()) {
          this.uri = editor.document.uri;
          this.opened = [];
          this.panel.title = this.title();
          this.scheduleRefresh();
        }
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (this.simulationOpen && e.affectsConfiguration('scale.simulationSeed')) void this.sendSource();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (!this.panel || !this.ready || e.textEditor.document.uri.toString() !== this.uri?.toString()) return;
        const pos = e.selections[0]?.active;
        if (!pos) return;
        const { document } = e.textEditor;
        // Coalesced: a held arrow key sends one highlight per frame or so, not one per keystroke.
        if (this.cursorTimer) clearTimeout(this.cursorTimer);
        this.cursorTimer = setTimeout(() => this.post({ type: 'cursor', uri: document.uri.toString(), line: pos.line, character: pos.character, version: document.version }), 16);
      }),
    );
  }

  /**
   * The server validated a document (its scale/validated notification): the
   * diagram follows that beat — the squiggles' — rather than every change of
   * diagnostics, which other extensions' validators fire on each keystroke
   * and which would lay out every half-typed state.
   */
  validated(uri: string): void {
    if (this.uri && vscode.Uri.parse(uri).toString() === this.uri.toString()) this.scheduleRefresh();
  }

  /** Opens (or reveals) the panel beside the editor for a topology. */
  open(uri: vscode.Uri | undefined): void {
    if (!uri) throw new Error('open a *.scale.json file first');
    if (uri.toString() !== this.uri?.toString()) this.opened = [];
    this.uri = uri;
    if (this.panel) {
      this.panel.title = this.title();
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      this.scheduleRefresh();
      return;
    }
    this.attach(vscode.window.createWebviewPanel(DiagramPanel.viewType, this.title(), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.options()));
  }

  /**
   * Opens the panel with the comparison with HEAD on; when the file has no version at HEAD (not in a
   * repository, not committed, git disabled), says why instead.
   */
  async compareWithHead(uri: vscode.Uri | undefined): Promise<void> {
    const target = uri ?? this.uri;
    if (!target) throw new Error('open a *.scale.json file first');
    const head = await this.git.textAt(target);
    if ('reason' in head) {
      void vscode.window.showInformationMessage(`Scale: cannot compare with HEAD. ${head.reason}`);
      return;
    }
    this.compareOn = true;
    this.open(target);
  }

  /** Restores the panel after a window reload. */
  serializer(): vscode.WebviewPanelSerializer {
    return {
      deserializeWebviewPanel: async (panel, state) => {
        const parsed = PanelState.safeParse(state);
        this.uri = parsed.success ? vscode.Uri.parse(parsed.data.uri) : undefined;
        this.compareOn = parsed.success && parsed.data.compare === true;
        this.opened = parsed.success ? parsed.data.opened ?? [] : [];
        panel.webview.options = this.options();
        panel.title = this.title();
        this.attach(panel);
      },
    };
  }

  /**
   * Exports the panel's drawing: to `target` when given (no dialog), else where
   * the save dialog says. Gives the file written, or undefined when the dialog
   * was cancelled.
   */
  async exportImage(format: ImageFormat, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    if (!this.panel || !this.uri) throw new Error('open the diagram of a *.scale.json file first');
    // A hidden panel has no page (its context is not retained) to make the image.
    if (!this.panel.visible || !this.ready) throw new Error('show the diagram panel first: it exports what it draws');
    if (target && !target.path.toLowerCase().endsWith(`.${format}`)) throw new Error(`the file to export to must end in .${format}: ${target.toString()}`);
    const uri = this.uri;
    const bytes = await this.requestImage(format);
    const name = `${(uri.path.split('/').pop() ?? 'diagram').replace(/\.scale\.json$/i, '')}.${format}`;
    const folder = uri.scheme === 'untitled' ? vscode.workspace.workspaceFolders?.[0]?.uri : vscode.Uri.joinPath(uri, '..');
    const to = target ?? await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: IMAGE_FILTERS[format],
      saveLabel: `Export ${format.toUpperCase()}`,
      title: `Export the diagram of ${vscode.workspace.asRelativePath(uri)}`,
    });
    if (!to) return undefined;
    await vscode.workspace.fs.writeFile(to, bytes);
    this.log?.info(`diagram: exported ${bytes.length} bytes of ${format.toUpperCase()} to ${to.toString()}`);
    // Not awaited: the command is done when the file is written, whether or not anyone answers the message.
    void vscode.window.showInformationMessage(`Scale: exported the diagram to ${vscode.workspace.asRelativePath(to)}`, 'Open', 'Reveal').then((choice) => {
      if (choice === 'Open') return vscode.commands.executeCommand('vscode.open', to);
      if (choice === 'Reveal') return vscode.commands.executeCommand(vscode.workspace.getWorkspaceFolder(to) ? 'revealInExplorer' : 'revealFileInOS', to);
      return undefined;
    });
    return to;
  }

  /** Asks the webview for its drawing as an image file; rejects with the webview's reason when it has none. */
  private requestImage(format: ImageFormat): Promise<Uint8Array> {
    const id = ++this.exportSeq;
    return new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => this.settleExport(id, new Error(`the diagram panel did not make the ${format.toUpperCase()} within ${EXPORT_TIMEOUT_MS / 1000} s`)), EXPORT_TIMEOUT_MS);
      this.exports.set(id, {
        format,
        resolve: (bytes) => {
          clearTimeout(timer);
          resolve(bytes);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.post({ type: 'export', id, format });
    });
  }

  /** Ends a pending export with its file or an error; an answer nobody waits for (any more) is dropped. */
  private settleExport(id: number, outcome: Uint8Array | Error): void {
    const pending = this.exports.get(id);
    if (!pending) return;
    this.exports.delete(id);
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome);
  }

  /** Fails every pending export: the page that was making them is gone. */
  private abandonExports(why: string): void {
    for (const id of [...this.exports.keys()]) this.settleExport(id, new Error(why));
  }

  dispose(): void {
    this.abandonExports('the diagram panel was closed');
    this.panel?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    for (const d of this.panelDisposables.splice(0)) d.dispose();
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    if (this.cursorTimer) clearTimeout(this.cursorTimer);
  }

  private options(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      enableForms: false,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist')],
      retainContextWhenHidden: false,
    };
  }

  private title(): string {
    return this.uri ? `Scale: ${this.uri.path.split('/').pop()}` : 'Scale';
  }

  private attach(panel: vscode.WebviewPanel): void {
    for (const d of this.panelDisposables.splice(0)) d.dispose();
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'icon.svg');
    panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw), undefined, this.panelDisposables);
    // A webview that is hidden and shown again (retainContextWhenHidden is off) reloads and says ready again.
    panel.onDidDispose(() => {
      this.abandonExports('the diagram panel was closed');
      this.panel = undefined;
      this.ready = false;
      for (const d of this.panelDisposables.splice(0)) d.dispose();
    }, undefined, this.panelDisposables);
    panel.webview.html = this.html(panel.webview);
  }

  private receive(raw: unknown): void {
    const parsed = WebviewMessage.safeParse(raw);
    if (!parsed.success) return; // not ours, or malformed: ignored
    const msg = parsed.data;
    if (msg.type === 'ready') {
      // A page that says ready again was reloaded: what the old one was making is lost.
      this.abandonExports('the diagram panel was reloaded');
      this.ready = true;
      this.simulationOpen = false;
      this.sentSource = undefined;
      void this.refresh();
    } else if (msg.type === 'simulationPanel') {
      this.simulationOpen = msg.open;
      this.sentSource = undefined;
      if (msg.open) void this.sendSource();
    } else if (msg.type === 'simulationReport') {
      const figures = msg.scenarios > 0 ? `: ${msg.scenarios} scenario${msg.scenarios === 1 ? '' : 's'}, budgets ${msg.held} held, ${msg.violated} violated` : '';
      const line = `simulation: ${msg.kind} ${msg.outcome} in ${msg.ms} ms in the webview's worker${figures}${msg.detail ? ` (${msg.detail})` : ''}`;
      if (msg.outcome === 'done' || msg.outcome === 'notSimulated') this.log?.info(line);
      else this.log?.warn(line);
    } else if (msg.type === 'compare') {
      this.compareOn = msg.on;
      void this.refresh();
    } else if (msg.type === 'openGroups') {
      this.opened = msg.keys;
      void this.refresh();
    } else if (msg.type === 'saveImage') {
      void this.exportImage(msg.format).catch((e: unknown) => vscode.window.showErrorMessage(`Scale: ${e instanceof Error ? e.message : String(e)}`));
    } else if (msg.type === 'exported') {
      const asked = this.exports.get(msg.id)?.format;
      if (asked && asked !== msg.format) this.settleExport(msg.id, new Error(`the diagram panel made a ${msg.format.toUpperCase()} when a ${asked.toUpperCase()} was asked for`));
      else this.settleExport(msg.id, msg.format === 'svg' ? new TextEncoder().encode(msg.data) : new Uint8Array(Buffer.from(msg.data, 'base64')));
    } else if (msg.type === 'exportFailed') {
      this.settleExport(msg.id, new Error(msg.reason));
    } else if (msg.type === 'reveal') {
      void this.reveal(msg.line, msg.character, msg.endLine ?? msg.line, msg.endCharacter ?? msg.character, msg.uri);
    } else if (msg.type === 'layoutReport') {
      const line = `diagram: layout ${msg.outcome} (${msg.ms} ms in the worker, ${msg.drawMs} ms to validate and draw) for ${msg.nodes} nodes, ${msg.edges} edges${msg.detail ? `: ${msg.detail}` : ''}`;
      // Every update reports; only layouts (and their failures) are worth a line at the default level.
      if (msg.outcome === 'cached') this.log?.debug(line);
      else this.log?.info(line);
    }
  }

  /** Reveals a range of the panel's document, or of `other`: a file the diagram's imported components are declared in. */
  private async reveal(line: number, character: number, endLine: number, endCharacter: number, other?: string): Promise<void> {
    if (!this.uri) return;
    if (other !== undefined && !this.importedFiles.has(other)) {
      this.log?.warn(`diagram: not revealing ${other}: the diagram names no component declared there`);
      return;
    }
    const uri = other === undefined ? this.uri : vscode.Uri.parse(other);
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      // Positions from the webview are only trusted as far as the document goes.
      const range = doc.validateRange(new vscode.Range(line, character, endLine, endCharacter));
      // An editor showing the file (in a group hidden by a maximised diagram too) is selected and scrolled where it is:
      // opening it, even with preserveFocus, restores its group, which un-maximises the diagram's and squeezes it.
      const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
      const editor = visible ?? (await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: range, preserveFocus: false }));
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } catch (e) {
      this.log?.warn(`diagram: could not reveal ${uri.toString()}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  private post(message: HostMessage): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
  }

  /** Asks the server for the diagram of the panel's document and passes it on. */
  private async refresh(): Promise<void> {
    if (!this.panel || !this.ready || !this.uri) return;
    const uri = this.uri;
    const seq = ++this.requestSeq;
    const file = vscode.workspace.asRelativePath(uri);
    const client = this.client();
    if (!client) {
      this.post({ type: 'unavailable', file, reason: 'The Scale language server is not running: see the Scale output.' });
      return;
    }
    let result: DiagramResult | null;
    try {
      // The server answers for open documents; opening one that is not (a restored panel) syncs it to the server.
      await vscode.workspace.openTextDocument(uri);
      const base = await this.compareBase(uri);
      if (seq !== this.requestSeq) return;
      result = await client.sendRequest<DiagramResult | null>(DIAGRAM_METHOD, { uri: uri.toString(), ...(base ? { base } : {}), ...(this.opened.length > 0 ? { opened: this.opened } : {}) } satisfies DiagramParams);
    } catch (e) {
      if (seq === this.requestSeq) this.post({ type: 'unavailable', file, reason: `No diagram: ${e instanceof Error ? e.message : String(e)}`.slice(0, 1000) });
      return;
    }
    if (seq !== this.requestSeq || this.uri?.toString() !== uri.toString()) return;
    if (!result) {
      // The document reached the server after this request: its diagnostics will bring the next refresh.
      this.post({ type: 'unavailable', file, reason: 'Waiting for the language server to read the file…' });
      return;
    }
    this.importedFiles = new Set(result.nodes.flatMap((n) => (n.imported ? [n.imported.file] : [])));
    // Relayed as the server sent it: the webview validates it on arrival (ShowDiagramMessage), the host does not pay for it twice.
    if (this.panel && this.ready) void this.panel.webview.postMessage({ type: 'diagram', file, diagram: result } satisfies { type: HostMessage['type']; file: string; diagram: DiagramResult });
    const active = vscode.window.activeTextEditor;
    if (active?.document.uri.toString() === uri.toString()) {
      // With the document's version now: when the server answered for an older one, the webview waits for the next diagram.
      const pos = active.selection.active;
      this.post({ type: 'cursor', uri: result.uri, line: pos.line, character: pos.character, version: active.document.version });
    }
    if (this.simulationOpen) await this.sendSource();
  }

  /**
   * Tells the webview whether the document can be compared with HEAD (why not, when it cannot) and whether
   * it is; gives the base to send with the diagram request while it is.
   */
  private async compareBase(uri: vscode.Uri): Promise<DiagramParams['base']> {
    const head = await this.git.textAt(uri);
    const available = 'text' in head;
    const on = this.compareOn && available;
    this.post({ type: 'compareState', available, on, ...('reason' in head ? { reason: head.reason.slice(0, 1000) } : {}) });
    return on ? { text: head.text, label: 'HEAD' } : undefined;
  }

  /** Sends the document's text and the simulation seed to the webview's simulation panel. */
  private async sendSource(): Promise<void> {
    if (!this.panel || !this.ready || !this.uri) return;
    const uri = this.uri;
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      const text = doc.getText();
      if (text.length > MAX_FILE_CHARS) {
        this.log?.warn(`simulation: ${uri.toString()} is larger than ${MAX_FILE_CHARS} characters: not simulated`);
        return;
      }
      // As the engine reads a seed (an unsigned 32-bit whole number), so that a hand-edited setting still gives `scale simulate --seed`'s results.
      const seed = Number(await this.seedOf(uri, doc)) >>> 0;
      const imports = await this.importsOf(uri, doc.version);
      const key = `${uri.toString()}|${doc.version}|${seed}`;
      // An imported file that changed changes the run, though the document's version does not.
      if (key === this.sentSource?.key && sameImportSnapshot(imports, this.sentSource.imports)) return;
      this.sentSource = { key, imports };
      this.post({ type: 'source', uri: uri.toString(), file: vscode.workspace.asRelativePath(uri), version: doc.version, text, seed, ...(imports ? { imports } : {}) });
    } catch (e) {
      this.log?.warn(`simulation: could not read ${uri.toString()}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * The files the document's imports read, as the server read them for this version; none when it cannot say,
   * or when they are more than a message carries (the webview then says the imports were not followed).
   */
  private async importsOf(uri: vscode.Uri, version: number): Promise<ImportSnapshot | undefined> {
    let answer: ImportsResult | undefined;
    try {
      answer = await this.client()?.sendRequest<ImportsResult>(IMPORTS_METHOD, { uri: uri.toString() } satisfies ImportsParams);
    } catch {
      return undefined;
    }
    if (!answer || answer.version !== version) return undefined;
    const chars = importedChars(answer.imports);
    if (answer.imports.records.length > MAX_IMPORT_RECORDS || chars > MAX_IMPORTED_CHARS) {
      this.log?.warn(`simulation: the files ${uri.toString()} imports hold ${chars} characters in ${answer.imports.records.length} reads, more than the panel takes: simulated without them`);
      return undefined;
    }
    return answer.imports;
  }

  /** The seed of the document's scenarios that name none, as the server has it (the project's over the setting); the setting when it cannot say. */
  private async seedOf(uri: vscode.Uri, doc: vscode.TextDocument): Promise<unknown> {
    const setting = vscode.workspace.getConfiguration('scale', doc).get<unknown>('simulationSeed', 1);
    try {
      return (await this.client()?.sendRequest<SimulationSeedResult>(SIMULATION_SEED_METHOD, { uri: uri.toString() } satisfies SimulationSeedParams))?.seed ?? setting;
    } catch {
      return setting;
    }
  }

  private html(webview: vscode.Webview): string {
    return panelHtml({
      cspSource: webview.cspSource,
      nonce: nonceValue(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview.js')).toString(),
      state: this.uri ? JSON.stringify({ uri: this.uri.toString(), ...(this.compareOn ? { compare: true } : {}), ...(this.opened.length > 0 ? { opened: this.opened } : {}) } satisfies PanelState) : '',
    });
  }
}

function isTopology(uri: vscode.Uri): boolean {
  return uri.path.endsWith('.scale.json');
}

/** A fresh nonce per render, from the platform's cryptographic generator. */
function nonceValue(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64url');
}
