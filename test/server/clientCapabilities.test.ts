/**
 * The language server with LSP clients other than VS Code's, through a real
 * JSON-RPC connection: it asks a client to register something only when the
 * client says it can (`dynamicRegistration`), and takes the `scale` settings
 * however the client gives them: at start (initializationOptions), pushed
 * with workspace/didChangeConfiguration, or pulled with workspace/configuration.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { projectTopology } from '../support/projectTopology';
import { LspClient } from './lspClient';

const SEVERITIES = ['', 'error', 'warning', 'info', 'hint'];
/** Rule id and severity of each diagnostic. */
const severities = (d: Diagnostic[]) => d.map((x) => `${x.code} ${SEVERITIES[x.severity!]}`);
/** The `workspace` client capabilities of a client that can register both dynamically. */
const DYNAMIC = { didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } };

describe('language server: what each client can do', function () {
  this.timeout(60_000);
  let client: LspClient;
  let dir: string;
  let uri: string;

  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'scale-clients-')));
    uri = pathToFileURL(path.join(dir, 'a.scale.json')).href;
  });
  afterEach(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Waits for the diagnostics of the open file to be `expected` (rule id and severity). */
  const expectSeverities = async (expected: string[]) => severities(await client.diagnostics(uri, (d) => JSON.stringify(severities(d)) === JSON.stringify(expected)));
  const push = (scale: unknown) => client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { scale } });

  it('asks a client without dynamic registration to register nothing, and takes the settings it answers, then those it pushes', async () => {
    client = new LspClient({ rules: { 'unreachable-component': 'error' } });
    await client.initialize([dir]);
    await client.open(uri, projectTopology());
    await expectSeverities(['async-failover-data-loss warning', 'unreachable-component error']);
    await push({ rules: { 'unreachable-component': 'off' } });
    await expectSeverities(['async-failover-data-loss warning']);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(client.registrations, []);
  });

  it('takes the settings of a client that answers no configuration requests from initializationOptions, then from what it pushes', async () => {
    client = new LspClient();
    await client.initialize([dir], { scale: { rules: { 'unreachable-component': 'error' } } });
    await client.open(uri, projectTopology());
    await expectSeverities(['async-failover-data-loss warning', 'unreachable-component error']);
    // Pushed settings replace those given at start, as a whole section.
    await push({ rules: { 'async-failover-data-loss': 'off' } });
    await expectSeverities(['unreachable-component info']);
    // Values of the wrong type (a hand-written settings file) are left out, not used.
    await push({ rules: 'off', validationDelayMs: 'soon', simulationSeed: -1, format: true });
    await expectSeverities(['async-failover-data-loss warning', 'unreachable-component info']);
    await client.change(uri, projectTopology('"unreachable-component": "error"'));
    await expectSeverities(['async-failover-data-loss warning', 'unreachable-component error']);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(client.registrations, []);
  });

  it('registers for configuration changes and for topologies, configurations and .gitignore files on disk with a client that can', async () => {
    client = new LspClient({});
    await client.initialize([dir], {}, DYNAMIC);
    await client.open(uri, projectTopology());
    await expectSeverities(['async-failover-data-loss warning', 'unreachable-component info']);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(client.registrations, [
      { method: 'workspace/didChangeConfiguration', registerOptions: { section: 'scale' } },
      { method: 'workspace/didChangeWatchedFiles', registerOptions: { watchers: [{ globPattern: '**/*.scale.json' }, { globPattern: '**/scale.config.json' }, { globPattern: '**/.gitignore' }] } },
    ]);
  });

  it('registers no file watchers with a client that watches files of its own accord (the VS Code extension)', async () => {
    client = new LspClient({});
    await client.initialize([dir], { watchesFiles: true }, DYNAMIC);
    await client.open(uri, projectTopology());
    await expectSeverities(['async-failover-data-loss warning', 'unreachable-component info']);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(client.registrations.map((r) => r.method), ['workspace/didChangeConfiguration']);
  });
});
