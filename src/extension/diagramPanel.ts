/**
 * The panel beside a topology: for now its outline and findings (the diagram
 * itself lands in the webview later). Locked down: scripts only by a fresh
 * nonce per render, CSP `default-src 'none'`, resources only from the bundle
 * folder, no forms or command URIs; data travels by postMessage after the
 * webview says it is ready, never spliced into HTML, and every message from
 * the webview is validated before use.
 */
import * as vscode from 'vscode';
import { type HostMessage, PanelState, WebviewMessage } from '../core/webviewProtocol';

/** Owns the panel and keeps it in step with its document. */
export class DiagramPanel implements vscode.Disposable {
  /** The webview type, also the serializer's key. */
  static readonly viewType = 'scale.diagram';
  private panel: vscode.WebviewPanel | undefined;
  private uri: vscode.Uri | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.disposables.push(
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (this.uri && e.uris.some((u) => u.toString() === this.uri!.toString())) this.scheduleRefresh();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (this.panel && editor && editor.document.uri.path.endsWith('.scale.json') && editor.document.uri.toString() !== this.uri?.toString()) {
          this.uri = editor.document.uri;
          this.panel.title = this.title();
          this.scheduleRefresh();
        }
      }),
    );
  }

  /** Opens (or reveals) the panel beside the editor for a topology. */
  open(uri: vscode.Uri | undefined): void {
    if (!uri) throw new Error('open a *.scale.json file first');
    this.uri = uri;
    if (this.panel) {
      this.panel.title = this.title();
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      this.scheduleRefresh();
      return;
    }
    this.attach(vscode.window.createWebviewPanel(DiagramPanel.viewType, this.title(), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.options()));
  }

  /** Restores the panel after a window reload. */
  serializer(): vscode.WebviewPanelSerializer {
    return {
      deserializeWebviewPanel: async (panel, state) => {
        const parsed = PanelState.safeParse(state);
        this.uri = parsed.success ? vscode.Uri.parse(parsed.data.uri) : undefined;
        panel.webview.options = this.options();
        this.attach(panel);
      },
    };
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
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
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'icon.svg');
    panel.webview.html = this.html(panel.webview);
    panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw), undefined, this.disposables);
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.ready = false;
    }, undefined, this.disposables);
  }

  private receive(raw: unknown): void {
    const parsed = WebviewMessage.safeParse(raw);
    if (!parsed.success) return; // not ours, or malformed: ignored
    const msg = parsed.data;
    if (msg.type === 'ready') {
      this.ready = true;
      void this.refresh();
    } else if (msg.type === 'reveal' && this.uri) {
      const pos = new vscode.Position(msg.line, msg.character);
      void vscode.window.showTextDocument(this.uri, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(pos, pos) });
    }
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), 50);
  }

  /** Sends the outline and findings the language server computed. */
  private async refresh(): Promise<void> {
    if (!this.panel || !this.ready || !this.uri) return;
    const uri = this.uri;
    const symbols = (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri)) ?? [];
    const components = symbols.find((s) => s.name === 'components')?.children ?? [];
    const scenarios = symbols.find((s) => s.name === 'scenarios')?.children ?? [];
    const componentAt = (line: number) => components.find((c) => c.range.start.line <= line && c.range.end.line >= line)?.name;
    const message: HostMessage = {
      type: 'outline',
      file: vscode.workspace.asRelativePath(uri),
      components: components.map((c) => ({ id: c.name, detail: c.detail, line: c.selectionRange.start.line, character: c.selectionRange.start.character })),
      scenarios: scenarios.map((s, index) => ({ name: s.name, index, line: s.selectionRange.start.line, character: s.selectionRange.start.character })),
      findings: vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'scale').map((d) => ({
        severity: d.severity === vscode.DiagnosticSeverity.Error ? 'error' as const : d.severity === vscode.DiagnosticSeverity.Warning ? 'warning' as const : 'info' as const,
        ruleId: String(typeof d.code === 'object' ? d.code.value : d.code ?? ''),
        message: d.message.slice(0, 4000),
        component: componentAt(d.range.start.line),
        line: d.range.start.line,
        character: d.range.start.character,
      })),
    };
    if (this.panel && this.uri === uri) void this.panel.webview.postMessage(message);
  }

  private html(webview: vscode.Webview): string {
    const nonce = nonceValue();
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview.js'));
    const state = this.uri ? JSON.stringify({ uri: this.uri.toString() } satisfies PanelState) : '';
    // The state travels in a data attribute, escaped for HTML; everything else arrives by postMessage.
    const stateAttr = state.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 12px; }
  h2 { font-size: 1.1em; margin: 1em 0 0.4em; }
  ul { list-style: none; padding: 0; margin: 0; }
  li { padding: 2px 4px; border-radius: 3px; cursor: pointer; }
  li:hover { background: var(--vscode-list-hoverBackground); }
  .detail { color: var(--vscode-descriptionForeground); margin-left: 0.5em; }
  .error { color: var(--vscode-errorForeground); }
  .warning { color: var(--vscode-editorWarning-foreground); }
  .info { color: var(--vscode-editorInfo-foreground); }
  .rule { font-family: var(--vscode-editor-font-family); margin-right: 0.5em; }
</style>
<title>Scale</title>
</head>
<body data-state="${stateAttr}">
<main id="root"><p>Loading…</p></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }
}

/** A fresh nonce per render, from the platform's cryptographic generator. */
function nonceValue(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64url');
}
