/**
 * The language server in a real editor other than VS Code: headless Neovim,
 * with no user config and no plugins, its built-in LSP client started by the
 * very set-up docs/editors.md gives for Neovim 0.7. neovimClient.lua drives
 * it; this side checks what Neovim ended up with against the CLI's findings
 * for the same files.
 *
 * Neovim is a test dependency of CI: .ci/run installs it (apt `neovim`) and
 * runs the suites with SCALE_TEST_SUITE set, and there a missing nvim fails
 * this suite rather than skipping the only check that the set-up in the docs
 * works. A plain `npm test` on a machine without Neovim (the README's second
 * command on a fresh clone) marks it pending, saying what to install.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { visit } from 'jsonc-parser';

const ROOT = path.resolve(__dirname, '../..');
const SERVER = path.join(ROOT, 'dist/server.js');
const CLI = path.join(ROOT, 'bin/scale.js');
const DRIVER = path.join(__dirname, 'neovimClient.lua');
const EDITORS_DOC = path.join(ROOT, 'docs/editors.md');
/** How long the Lua side waits for any one step before it quits with an error; the process is killed a little later. */
const STEP_TIMEOUT_MS = 30_000;

/** One diagnostic as Neovim holds it (vim.diagnostic.get): 0-based line, column in bytes. */
interface NeovimDiagnostic {
  code: string;
  severity: number;
  message: string;
  lnum: number;
  col: number;
}

/** What neovimClient.lua writes. */
interface DriverOutput {
  error?: string;
  diagnostics: Record<string, NeovimDiagnostic[]>;
  afterRename: NeovimDiagnostic[];
}

/** A finding as `scale check --format json` reports it. */
interface CliFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  path: (string | number)[];
  startLine: number;
  startColumn: number;
}

/** The Lua block under the docs' Neovim 0.7 heading, pointed at this checkout's server and this Node. */
function documentedSetup(): string {
  const doc = fs.readFileSync(EDITORS_DOC, 'utf8');
  const section = doc.slice(doc.indexOf('### Neovim 0.7'));
  const block = /```lua\n([\s\S]*?)```/.exec(section);
  assert.ok(block, `${EDITORS_DOC} has a Lua block under "### Neovim 0.7"`);
  assert.match(block[1]!, /'node', '\/path\/to\/server\.js', '--stdio'/);
  return block[1]!.replace("'node'", JSON.stringify(process.execPath)).replace("'/path/to/server.js'", JSON.stringify(SERVER));
}

function cliFindings(file: string): CliFinding[] {
  const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', '--fail-on', 'none', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as { files: { findings: CliFinding[] }[] }).files[0]!.findings;
}

/** The findings in LSP terms (0-based line, UTF-16 column, LSP severity), in a stable order. */
function asLsp(findings: CliFinding[]): { code: string; severity: number; message: string; line: number; character: number }[] {
  const severity = { error: 1, warning: 2, info: 3 };
  return sortByPosition(findings.map((f) => ({ code: f.ruleId, severity: severity[f.severity], message: f.message, line: f.startLine - 1, character: f.startColumn - 1 })));
}

/** Neovim's diagnostics with their byte columns turned back into UTF-16 ones, against the text they were published for. */
function fromNeovim(diagnostics: NeovimDiagnostic[], text: string): ReturnType<typeof asLsp> {
  const lines = text.split('\n');
  return sortByPosition(diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    line: d.lnum,
    character: Buffer.from(lines[d.lnum]!, 'utf8').subarray(0, d.col).toString('utf8').length,
  })));
}

function sortByPosition<T extends { line: number; character: number; message: string }>(list: T[]): T[] {
  return list.sort((a, b) => a.line - b.line || a.character - b.character || a.message.localeCompare(b.message));
}

/** Every property name and string value of a JSONC text that is `name` or one of its instances (`name#2`). */
function referencesTo(text: string, name: string): number {
  let count = 0;
  const matches = (s: string) => s === name || s.startsWith(`${name}#`);
  visit(text, {
    onObjectProperty: (property) => void (matches(property) && count++),
    onLiteralValue: (value) => void (typeof value === 'string' && matches(value) && count++),
  });
  return count;
}

describe('Neovim as a client (headless, built-in LSP client)', function () {
  this.timeout(STEP_TIMEOUT_MS * 4);
  let dir: string;

  before(function () {
    const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
    if (version.error && !process.env.SCALE_TEST_SUITE) {
      console.log(`    Neovim (nvim) is not installed: this suite is pending (apt-get install neovim); CI requires it`);
      this.skip();
    }
    if (version.error) throw new Error(`Neovim (nvim) is needed for this suite and was not found (${version.error.message}); .ci/run installs it with apt (package neovim)`);
    assert.ok(fs.existsSync(SERVER), `${SERVER} is missing: run npm run build first`);
  });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-nvim-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the CLI\'s findings, and renames a component everywhere it is referenced', () => {
    // startup has findings of every severity and a scenario budget, which arrives after the first publish.
    const shortener = path.join(dir, 'url-shortener.scale.json');
    const startup = path.join(dir, 'startup.scale.json');
    fs.copyFileSync(path.join(ROOT, 'examples/url-shortener.scale.json'), shortener);
    fs.copyFileSync(path.join(ROOT, 'examples/startup.scale.json'), startup);
    const before = { [shortener]: fs.readFileSync(shortener, 'utf8'), [startup]: fs.readFileSync(startup, 'utf8') };

    // The cursor goes on the key that declares the component (Neovim's columns are bytes; the line is ASCII).
    const lines = before[shortener]!.split('\n');
    const declaration = lines.findIndex((l) => /^ {4}"urls": \{/.test(l));
    assert.ok(declaration >= 0, 'the example declares the urls store');
    const output = path.join(dir, 'out.json');
    const config = path.join(dir, 'nvim-test.json');
    const setup = path.join(dir, 'setup.lua');
    fs.writeFileSync(setup, documentedSetup());
    fs.writeFileSync(config, JSON.stringify({
      setup,
      files: [shortener, startup],
      rename: { file: shortener, line: declaration + 1, col: lines[declaration]!.indexOf('urls'), newName: 'short-links' },
      output,
      timeoutMs: STEP_TIMEOUT_MS,
    }));

    const home = path.join(dir, 'home');
    const nvim = spawnSync('nvim', ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${DRIVER}`], {
      cwd: dir,
      encoding: 'utf8',
      // Neovim's LSP log and state go to the temporary directory, not the user's.
      env: { ...process.env, SCALE_NVIM_TEST: config, XDG_CACHE_HOME: home, XDG_STATE_HOME: home, XDG_DATA_HOME: home, XDG_CONFIG_HOME: home },
      timeout: STEP_TIMEOUT_MS * 3,
      killSignal: 'SIGKILL',
    });
    assert.equal(nvim.signal, null, `nvim was killed after ${STEP_TIMEOUT_MS * 3} ms: ${nvim.stderr}`);
    assert.ok(fs.existsSync(output), `nvim wrote no result (exit ${nvim.status}): ${nvim.stderr}`);
    const result = JSON.parse(fs.readFileSync(output, 'utf8')) as DriverOutput;
    assert.equal(result.error, undefined, `${result.error}\n${nvim.stderr}`);
    assert.equal(nvim.status, 0, nvim.stderr);

    for (const file of [shortener, startup]) {
      const expected = asLsp(cliFindings(file === shortener ? path.join(ROOT, 'examples/url-shortener.scale.json') : file));
      assert.ok(expected.length > 0, `${path.basename(file)} has findings to compare`);
      assert.deepEqual(fromNeovim(result.diagnostics[file] ?? [], before[file]!), expected, path.basename(file));
    }
    assert.ok(asLsp(cliFindings(startup)).some((f) => f.code === 'scenario-budget'), 'the scenario budgets, published after the first check, are among them');

    // The saved file: every reference renamed, and the same findings with the new name.
    const after = fs.readFileSync(shortener, 'utf8');
    assert.ok(referencesTo(before[shortener]!, 'urls') >= 5, 'the example references the store several times');
    assert.equal(referencesTo(after, 'urls'), 0, 'no reference to the old name is left');
    assert.equal(referencesTo(after, 'short-links'), referencesTo(before[shortener]!, 'urls'));
    const renamed = (s: string) => s.replace(/\burls\b/g, 'short-links');
    const summary = (f: CliFinding) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, path: f.path, line: f.startLine });
    assert.deepEqual(
      cliFindings(shortener).map(summary),
      cliFindings(path.join(ROOT, 'examples/url-shortener.scale.json')).map((f) => ({ ...summary(f), message: renamed(f.message), path: f.path.map((p) => (typeof p === 'string' ? renamed(p) : p)) })),
    );
    // And Neovim was shown those findings for the renamed text.
    assert.deepEqual(fromNeovim(result.afterRename, after), asLsp(cliFindings(shortener)));
  });
});
