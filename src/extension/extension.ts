/**
 * The VS Code client: starts the language server for `*.scale.json` once a
 * topology is open or on disk (whenTopologyAppears), and adds the commands,
 * the status bar item, the rules' pages and the diagram panel (with its
 * exports as SVG and PNG, and its comparison with the file at git HEAD, read
 * through the built-in git extension). Nothing here parses, analyses or
 * simulates: the server and the webview do, off the extension host's thread.
 */
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { RUN_SCENARIO_METHOD, type RunScenarioParams, type ScaleInitializationOptions, VALIDATED_NOTIFICATION, type ValidatedParams } from '../core/protocol';
import { DiagramPanel } from './diagramPanel';
import { GitHead } from './gitHead';
import { newTopology } from './newTopology';
import { registerRuleDocs, ruleDocLinks } from './ruleDocs';
import { registerStatusBar } from './statusBar';
import { fileEventsMiddleware, topologyWatchers } from './topologyFileEvents';
import { whenTopologyAppears } from './whenTopologyAppears';

let client: LanguageClient | undefined;

/** Activates the extension: registers commands, and starts the language server once a topology is open or on disk. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Scale', { log: true });
  context.subscriptions.push(output);

  const git = new GitHead(output);
  const server = (): LanguageClient => startServer(context, output, diagram);
  // The panel shows a topology: asking for its diagram starts the server if nothing did yet (a restored panel).
  const diagram: DiagramPanel = new DiagramPanel(context, server, git, output);
  context.subscriptions.push(
    git,
    diagram,
    vscode.window.registerWebviewPanelSerializer(DiagramPanel.viewType, diagram.serializer()),
    command('scale.openDiagram', (uri?: vscode.Uri | string) => diagram.open(resolveUri(uri))),
    // From the editor of a topology, or from the diagram panel (its document).
    command('scale.compareWithHead', (uri?: vscode.Uri | string) => diagram.compareWithHead(resolveUri(uri))),
    command('scale.runScenario', (uri?: vscode.Uri | string, index?: number) => runScenario(server, output, resolveUri(uri), index)),
    // The optional arguments (a template's name, the file to write) skip the pick and the dialog: for automation and tests.
    command('scale.newTopology', (template?: unknown, target?: vscode.Uri | string) => newTopology(context.extensionUri, typeof template === 'string' ? template : undefined, targetUri(target))),
    command('scale.showOutput', () => output.show(true)),
    // The optional argument is the file to write (no save dialog): for automation and tests.
    command('scale.exportDiagramSvg', (target?: vscode.Uri | string) => diagram.exportImage('svg', targetUri(target))),
    command('scale.exportDiagramPng', (target?: vscode.Uri | string) => diagram.exportImage('png', targetUri(target))),
    registerStatusBar(),
    registerRuleDocs(context.extensionUri),
    // Activated by a command or the walkthrough in a workspace without topologies, the extension starts no process.
    whenTopologyAppears(() => void server()),
  );
}

/** The language client, created and started on the first call (later calls give the same one). */
function startServer(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, diagram: DiagramPanel): LanguageClient {
  if (client) return client;
  const serverModule = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const initializationOptions: ScaleInitializationOptions = {
    commands: { runScenario: 'scale.runScenario', showInDiagram: 'scale.openDiagram' },
    // The watchers below also turn a folder's create or delete into those of the topologies in it.
    watchesFiles: true,
  };
  const clientOptions: LanguageClientOptions = {
    // By file pattern, whatever language the file is shown in; the project configuration is validated too.
    documentSelector: [
      { scheme: 'file', pattern: '**/*.scale.json' },
      { scheme: 'untitled', pattern: '**/*.scale.json' },
      { scheme: 'vscode-remote', pattern: '**/*.scale.json' },
      { scheme: 'file', pattern: '**/scale.config.json' },
      { scheme: 'vscode-remote', pattern: '**/scale.config.json' },
    ],
    synchronize: { fileEvents: topologyWatchers(), configurationSection: 'scale' },
    middleware: {
      workspace: fileEventsMiddleware(() => {
        const uris: vscode.Uri[] = [];
        client?.diagnostics?.forEach((uri, ds) => ds.length > 0 && uris.push(uri));
        return uris;
      }),
      ...ruleDocLinks(),
    },
    initializationOptions,
    outputChannel: output,
    diagnosticCollectionName: 'scale',
  };
  const started = new LanguageClient('scale', 'Scale Language Server', serverOptions, clientOptions);
  client = started;
  // Each validation by the server redraws the diagram of that document, if it is shown.
  context.subscriptions.push(started.onNotification(VALIDATED_NOTIFICATION, (p: ValidatedParams) => diagram.validated(p.uri)));
  started.start().catch((e: unknown) => {
    void vscode.window.showErrorMessage(`Scale: the language server did not start: ${e instanceof Error ? e.message : String(e)}`);
  });
  return started;
}

/** Stops the language server. */
export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** Registers a command whose failures are shown, not lost. */
function command(id: string, fn: (...args: any[]) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: any[]) => {
    try {
      return await fn(...args);
    } catch (e) {
      void vscode.window.showErrorMessage(`Scale: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  });
}

function resolveUri(uri: vscode.Uri | string | undefined): vscode.Uri | undefined {
  if (typeof uri === 'string') return vscode.Uri.parse(uri);
  if (uri instanceof vscode.Uri) return uri;
  const active = vscode.window.activeTextEditor?.document.uri;
  return active && active.path.endsWith('.scale.json') ? active : undefined;
}

/** An export's target from a command argument: a URI or its string; anything else (a menu's context) means "ask". */
function targetUri(target: unknown): vscode.Uri | undefined {
  // A URI when it has a scheme (file://, vscode-remote://, untitled:), else a path: `C:\x.svg` is a Windows path, not scheme "c".
  if (typeof target === 'string') return /^[a-zA-Z][\w+.-]+:\/\//.test(target) || target.startsWith('untitled:') ? vscode.Uri.parse(target) : vscode.Uri.file(target);
  return target instanceof vscode.Uri ? target : undefined;
}

/** Runs a scenario in the server (which runs it off its request path, started for it if need be) and shows the outcome. */
async function runScenario(server: () => LanguageClient, output: vscode.LogOutputChannel, uri: vscode.Uri | undefined, index: number | undefined): Promise<void> {
  if (!uri) throw new Error('open a *.scale.json file to run one of its scenarios');
  const client = server();
  const doc = await vscode.workspace.openTextDocument(uri);
  if (index === undefined) {
    const symbols = (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri)) ?? [];
    // The server's outline has the topology at its root and the sections below it; other outlines (JSON's) are not its.
    const scenarios = symbols.flatMap((s) => s.children ?? []).find((s) => s.name === 'scenarios' && s.kind === vscode.SymbolKind.Namespace)?.children ?? [];
    if (scenarios.length === 0) throw new Error(`${vscode.workspace.asRelativePath(uri)} has no scenarios`);
    const pick = await vscode.window.showQuickPick(scenarios.map((s, i) => ({ label: s.name, index: i })), { placeHolder: 'Scenario to run' });
    if (!pick) return;
    index = pick.index;
  }
  // No seed: the server seeds the scenarios that name none with the project's, else the scale.simulationSeed setting.
  const params: RunScenarioParams = { uri: doc.uri.toString(), index };
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Scale: running scenario…' }, () =>
    client.sendRequest<{ summary: string; text: string; held: boolean }>(RUN_SCENARIO_METHOD, params));
  output.info(result.text);
  const show = 'Show Details';
  const choice = await (result.held ? vscode.window.showInformationMessage(result.summary, show) : vscode.window.showWarningMessage(result.summary, show));
  if (choice === show) output.show(true);
}
