/**
 * A minimal LSP client for tests: spawns the built server (dist/server.js
 * --stdio) and speaks JSON-RPC to it through vscode-languageserver-protocol,
 * as an editor would. Records every notification the server sends.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import type { ValidatedParams } from '../../src/core/protocol';

const SERVER = path.resolve(__dirname, '../../dist/server.js');

/** How the server's process is started: node's options before the server's path, and an IPC channel to the process. */
export interface ServerProcessOptions {
  nodeArgs?: string[];
  ipc?: boolean;
}

/** A running server and a connection to it. */
export class LspClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  /** Every publishDiagnostics, in order. */
  readonly published: { uri: string; version?: number; diagnostics: Diagnostic[] }[] = [];
  /** Every scale/validated notification. */
  readonly validated: ValidatedParams[] = [];
  /** Messages the server logged. */
  readonly logs: string[] = [];
  private readonly waiters: (() => void)[] = [];
  private versions = new Map<string, number>();
  exitCode: number | null = null;
  /** How many workspace/configuration requests the client has answered. */
  configurationAnswered = 0;
  /** Every registration the server asked for with client/registerCapability, in order. */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];

  /**
   * `settings`: the client's `scale` section, answered to workspace/configuration (without it, the client has none),
   * once `settingsReady` has resolved (a client slow to answer); `processOptions`: how its process is started (a
   * bench's memory probe).
   */
  constructor(
    private readonly settings?: Record<string, unknown>,
    private readonly settingsReady?: Promise<unknown>,
    processOptions: ServerProcessOptions = {},
  ) {
    this.process = spawn(process.execPath, [...(processOptions.nodeArgs ?? []), SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe', ...(processOptions.ipc ? ['ipc' as const] : [])] });
    this.process.on('exit', (code) => {
      this.exitCode = code;
    });
    this.process.stderr!.on('data', (d) => this.logs.push(String(d)));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      this.wake();
    });
    this.connection.onNotification('scale/validated', (p: ValidatedParams) => {
      this.validated.push(p);
      this.wake();
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    this.connection.onRequest('workspace/configuration', async (p: { items: unknown[] }) => {
      await this.settingsReady;
      this.configurationAnswered++;
      return p.items.map(() => this.settings ?? null);
    });
    this.connection.onRequest('client/registerCapability', (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...p.registrations.map(({ method, registerOptions }) => ({ method, registerOptions })));
      return null;
    });
    this.connection.listen();
  }

  /** Initializes with optional workspace folders, initialization options and `workspace` client capabilities beyond `configuration`. */
  async initialize(folders: string[] = [], initializationOptions: unknown = {}, workspace: Record<string, unknown> = {}): Promise<InitializeResult> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: this.settings !== undefined, ...workspace }, textDocument: { publishDiagnostics: { relatedInformation: true } } },
      workspaceFolders: folders.map((f) => ({ uri: pathToFileURL(f).href, name: path.basename(f) })),
      initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return result as InitializeResult;
  }

  /** Opens a document. */
  async open(uri: string, text: string, languageId = 'jsonc'): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces a document's whole text. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** Waits until a publishDiagnostics for `uri` satisfies `accept` (checking those already received from `from`). */
  async diagnostics(uri: string, accept: (d: Diagnostic[], version?: number) => boolean = () => true, timeoutMs = 15_000, from = 0): Promise<Diagnostic[]> {
    let found: Diagnostic[] | undefined;
    const latest = () => {
      for (let i = this.published.length - 1; i >= from; i--) {
        const p = this.published[i]!;
        if (p.uri === uri) return p; // only the latest for this uri counts
      }
      return undefined;
    };
    await this.until(
      () => {
        const p = latest();
        if (p && accept(p.diagnostics, p.version)) found = p.diagnostics;
        return found !== undefined;
      },
      () => `no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(this.published.filter((p) => p.uri === uri).at(-1)?.diagnostics.map((d) => d.message))}`,
      timeoutMs,
    );
    return found!;
  }

  /** Waits for the server's scale/validated of `uri` at `version` or later (it skips versions edited over). */
  validatedVersion(uri: string, version: number, timeoutMs = 15_000): Promise<void> {
    return this.until(() => this.validated.some((v) => v.uri === uri && (v.version ?? 0) >= version), () => `${uri} not validated at version ${version} within ${timeoutMs} ms`, timeoutMs);
  }

  /** Waits until `done` holds, looking again whenever the server sends something (and at least every 200 ms). */
  private async until(done: () => boolean, failure: () => string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (this.exitCode !== null) throw new Error(`server exited with ${this.exitCode}: ${this.logs.join('')}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(failure());
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Sends a request. */
  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** Shuts the server down and waits for it to exit (killing it if it does not). */
  async stop(): Promise<void> {
    if (this.exitCode === null) {
      try {
        await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await this.connection.sendNotification('exit');
      } catch {
        // already gone
      }
      await new Promise<void>((resolve) => {
        if (this.exitCode !== null) return resolve();
        const t = setTimeout(() => {
          this.process.kill('SIGKILL');
          resolve();
        }, 3000);
        this.process.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    this.connection.dispose();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}
