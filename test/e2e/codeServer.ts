/**
 * code-server for the UI suites: a real VS Code workbench served on
 * 127.0.0.1 with fresh user-data and extensions folders per run. An extension
 * is installed from its .vsix with code-server's own `--install-extension`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { freePort, removeTempDir, runToEnd, startProcess, tempDir, waitForHttp, type ManagedProcess } from './processes';
import { ensureCodeServer } from './setup';

/** Settings that keep the workbench quiet and deterministic for tests. */
export const testSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'json.schemaDownload.enable': false,
  'editor.minimap.enabled': false,
  'editor.hover.delay': 200,
  'editor.lightbulb.enabled': 'on',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.formatOnType': false,
  'files.autoSave': 'off',
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'problems.autoReveal': true,
  'workbench.list.smoothScrolling': false,
};

/** A running code-server. */
export interface CodeServer {
  /** The workbench URL with the workspace folder open. */
  readonly url: string;
  readonly port: number;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** Everything the server printed so far. */
  log(): string;
  /** Stops the server's whole process group and removes its folders. */
  stop(): Promise<void>;
}

/** Options of startCodeServer. */
export interface CodeServerOptions {
  /** The folder opened as the workspace. */
  workspace: string;
  /** .vsix files installed before the server starts. */
  vsix?: string[];
  /** User settings on top of testSettings. */
  settings?: Record<string, unknown>;
  /** Longest the server may live, in seconds (it is killed after that even if nobody stops it). */
  lifetimeSec?: number;
}

function baseArgs(dirs: { userDataDir: string; extensionsDir: string; config: string }): string[] {
  return ['--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir, '--config', dirs.config];
}

/** Installs a .vsix into an extensions folder with code-server's CLI; throws with its output when it fails. */
export async function installExtension(vsix: string, dirs: { userDataDir: string; extensionsDir: string; config: string }): Promise<string> {
  const { entry } = await ensureCodeServer();
  const r = await runToEnd(process.execPath, [entry, ...baseArgs(dirs), '--install-extension', vsix, '--force'], { timeoutSec: 180 });
  if (r.code !== 0 || /failed|error/i.test(r.output.replace(/deprecat\w*/gi, ''))) {
    throw new Error(`code-server --install-extension ${vsix} failed (${r.code}):\n${r.output}`);
  }
  return r.output;
}

/**
 * Starts code-server on a free port with fresh folders, installs the given
 * extensions first, and resolves once the workbench page answers.
 */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const { entry } = await ensureCodeServer();
  const home = tempDir('cs');
  const dirs = { userDataDir: path.join(home, 'data'), extensionsDir: path.join(home, 'ext'), config: path.join(home, 'config.yaml') };
  mkdirSync(path.join(dirs.userDataDir, 'User'), { recursive: true });
  mkdirSync(dirs.extensionsDir, { recursive: true });
  writeFileSync(dirs.config, 'auth: none\ncert: false\n');
  writeFileSync(path.join(dirs.userDataDir, 'User', 'settings.json'), JSON.stringify({ ...testSettings, ...options.settings }, null, 2));
  try {
    for (const vsix of options.vsix ?? []) await installExtension(vsix, dirs);
  } catch (e) {
    removeTempDir(home);
    throw e;
  }
  let lastError: unknown;
  // A port found free can be taken before the server binds it: try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const proc: ManagedProcess = startProcess(
      process.execPath,
      [
        entry,
        '--auth', 'none',
        '--bind-addr', `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--ignore-last-opened',
        '--session-socket', path.join(home, 'session.sock'),
        ...baseArgs(dirs),
        options.workspace,
      ],
      { lifetimeSec: options.lifetimeSec ?? 1200, env: { ...process.env, XDG_DATA_HOME: path.join(home, 'xdg-data'), XDG_CONFIG_HOME: path.join(home, 'xdg-config') } },
    );
    try {
      await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000, proc);
      return {
        url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(options.workspace)}`,
        port,
        userDataDir: dirs.userDataDir,
        extensionsDir: dirs.extensionsDir,
        log: () => proc.output(),
        async stop() {
          await proc.stop();
          removeTempDir(home);
        },
      };
    } catch (e) {
      lastError = e;
      await proc.stop();
      if (!/EADDRINUSE/.test(proc.output())) break;
    }
  }
  removeTempDir(home);
  throw lastError;
}
