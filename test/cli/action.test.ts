/**
 * The GitHub Action as GitHub runs it: `node action/index.js` (the committed
 * bundle) with the environment a runner gives a step, in a shallow clone of a
 * real git repository, against a fake of GitHub's REST API on 127.0.0.1 that
 * records every request. No connection goes anywhere else: a module loaded
 * before the bundle refuses and logs any other.
 *
 * The change under review is one a team makes to examples/startup.scale.json:
 * two more app servers and a cache in front of the database (it resolves the
 * two capacity errors); a later change takes the app servers down to two (it
 * introduces a capacity error).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyEdits, modify, type JSONPath } from 'jsonc-parser';
import { ACTION_BUNDLE_PATH, actionBundleText } from '../../scripts/generate';
import { SCALE_BIN } from '../support/cliProcess';
import { git } from '../support/gitRepo';

const ROOT = path.resolve(__dirname, '../..');
const SARIF_MULTITOOL = path.join(ROOT, 'node_modules', '.bin', 'sarif-multitool');
const MARKER = '<!-- scale-diff -->';
const TOKEN = 't';

/** The inputs action.yml declares, with their defaults: the runner passes every one of them to the step. */
function declaredInputs(): Map<string, string> {
  const yml = fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
  const block = /^inputs:\n((?: {2}.*\n|\n)*)/m.exec(yml)?.[1] ?? '';
  const inputs = new Map<string, string>();
  let name: string | undefined;
  for (const line of block.split('\n')) {
    const key = /^ {2}([\w-]+):$/.exec(line);
    if (key) inputs.set((name = key[1]!), '');
    const def = /^ {4}default: '(.*)'$/.exec(line);
    if (def && name !== undefined) inputs.set(name, def[1]!);
  }
  return inputs;
}

/** The Node.js major version action.yml's `runs.using` names (GitHub runs `node24` actions on Node 24; it stopped running `node20` ones). */
function declaredRuntime(): number {
  const using = /^runs:\n(?: {2}.*\n)*? {2}using: node(\d+)$/m.exec(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
  assert.ok(using, 'action.yml declares runs.using: nodeNN');
  return Number(using[1]);
}

/**
 * The Node.js the Action runs on in these tests: the binary SCALE_ACTION_NODE
 * names (CI installs the major version action.yml declares), else this
 * process's own.
 */
function actionNode(): string {
  return process.env.SCALE_ACTION_NODE || process.execPath;
}

/** `text` with the value at `where` set (or inserted into an array), formatted as the file is. */
function edited(text: string, where: JSONPath, value: unknown, isArrayInsertion = false): string {
  const result = applyEdits(text, modify(text, where, value, { formattingOptions: { insertSpaces: true, tabSize: 2 }, isArrayInsertion }));
  assert.notEqual(result, text);
  return result;
}

/**
 * The workflow commands a runner would carry out on reading `stdout`, as it
 * reads them: a line is one when it starts with `::` after its leading white
 * space, up to `::` again; between `::stop-commands::TOKEN` and `::TOKEN::`
 * none is.
 */
function commandsRun(stdout: string): { commands: { name: string; line: string }[]; unstopped: string[] } {
  const commands: { name: string; line: string }[] = [];
  const unstopped: string[] = [];
  let stopped: string | undefined;
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trimStart();
    if (stopped !== undefined) {
      if (line === `::${stopped}::`) stopped = undefined;
      continue;
    }
    unstopped.push(raw);
    const m = /^::([^:]*)::(.*)$/.exec(line);
    if (!m) continue;
    const name = m[1]!.split(' ')[0]!;
    if (name === 'stop-commands') stopped = m[2];
    else commands.push({ name, line });
  }
  return { commands, unstopped };
}

/** A comment as the fake keeps it. */
interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: string };
}

/** A request the fake received. */
interface Recorded {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

/**
 * GitHub's REST API as far as the Action uses it: an issue's comments listed
 * page by page (two to a page, with a Link header to the next), one created
 * (by github-actions[bot]), one edited; the authenticated user refused, as
 * to the GITHUB_TOKEN. It answers anything else 404.
 */
class FakeGitHub {
  readonly requests: Recorded[] = [];
  readonly comments = new Map<number, FakeComment[]>();
  /** Refuse to create comments, as GitHub does with a fork's read-only token. */
  forbidCreate = false;
  private nextId = 9000;
  private readonly server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => { body += chunk; });
    req.on('end', () => {
      this.requests.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body });
      this.answer(req.method!, new URL(req.url!, this.url), body, res);
    });
  });

  /** The API's base URL, once listening. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    // A test that forgets to close it must not keep the run alive.
    this.server.unref();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Adds a comment by someone else. */
  addComment(issue: number, body: string, user = { login: 'reviewer', type: 'User' }): FakeComment {
    const c = { id: this.nextId++, body, user };
    this.comments.set(issue, [...(this.comments.get(issue) ?? []), c]);
    return c;
  }

  private answer(method: string, url: URL, body: string, res: http.ServerResponse): void {
    const json = (status: number, data: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(data));
    };
    const view = (c: FakeComment) => ({ ...c, html_url: `https://github.com/o/r/pull/1#issuecomment-${c.id}` });
    const list = /^\/repos\/o\/r\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const one = /^\/repos\/o\/r\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (list && method === 'GET') {
      const all = this.comments.get(Number(list[1])) ?? [];
      const page = Number(url.searchParams.get('page') ?? '1');
      const perPage = Math.min(2, Number(url.searchParams.get('per_page') ?? '30'));
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const link = (p: number) => `<${this.url}${url.pathname}?per_page=${url.searchParams.get('per_page') ?? '30'}&page=${p}>`;
      const headers: Record<string, string> = page < last ? { link: `${link(page + 1)}; rel="next", ${link(last)}; rel="last"` } : {};
      json(200, all.slice((page - 1) * perPage, page * perPage).map(view), headers);
    } else if (list && method === 'POST') {
      if (this.forbidCreate) {
        json(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment', status: '403' });
        return;
      }
      const c = { id: this.nextId++, body: JSON.parse(body).body, user: { login: 'github-actions[bot]', type: 'Bot' } };
      this.comments.set(Number(list[1]), [...(this.comments.get(Number(list[1])) ?? []), c]);
      json(201, view(c));
    } else if (one && method === 'PATCH') {
      const c = [...this.comments.values()].flat().find((x) => x.id === Number(one[1]));
      if (c === undefined) return json(404, { message: 'Not Found' });
      c.body = JSON.parse(body).body;
      json(200, view(c));
    } else if (url.pathname === '/user' && method === 'GET') {
      // What GitHub answers the GITHUB_TOKEN, an installation's token and no user's.
      json(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user', status: '403' });
    } else {
      json(404, { message: 'Not Found' });
    }
  }
}

/** What a run of the Action gave. */
interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The step's outputs, from the GITHUB_OUTPUT file. */
  outputs: Record<string, string>;
  /** The job summary file's text. */
  summary: string;
  /** Connections the process tried to open to anything but the fake. */
  refused: string;
  /** The requests the fake received during the run. */
  requests: Recorded[];
}

/** Refuses, and logs, any connection but to the fake API (loaded with --require before the bundle). */
const NETWORK_GUARD = `'use strict';
const net = require('node:net');
const fs = require('node:fs');
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const o = Array.isArray(args[0]) ? args[0][0] : typeof args[0] === 'object' ? args[0] : { port: args[0], host: args[1] };
  if (o.path === undefined && !(o.host === '127.0.0.1' && String(o.port) === process.env.FAKE_GITHUB_PORT)) {
    fs.appendFileSync(process.env.REFUSED_LOG, (o.host ?? 'localhost') + ':' + o.port + '\\n');
    throw new Error('the test refuses connections to ' + o.host + ':' + o.port);
  }
  return connect.apply(this, args);
};
`;

describe('the GitHub Action (action/index.js as a process, against a fake GitHub API)', function () {
  this.timeout(180_000);
  const api = new FakeGitHub();
  let dir: string;
  let guard: string;
  /** Commits: the design, the change that scales it, the change that shrinks it again. */
  const sha = { design: '', scaled: '', shrunk: '' };
  let origin: string;

  before(async () => {
    await api.listen();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-action-'));
    guard = path.join(dir, 'network-guard.cjs');
    fs.writeFileSync(guard, NETWORK_GUARD);

    origin = path.join(dir, 'origin');
    fs.mkdirSync(path.join(origin, 'designs'), { recursive: true });
    git(origin, 'init', '-q');
    // Let a shallow clone fetch a commit by its id, as GitHub does.
    git(origin, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
    const design = fs.readFileSync(path.join(ROOT, 'examples', 'startup.scale.json'), 'utf8');
    const file = path.join(origin, 'designs', 'startup.scale.json');
    fs.writeFileSync(file, design);
    fs.writeFileSync(path.join(origin, 'README.md'), 'designs\n');
    git(origin, 'add', '.');
    git(origin, 'commit', '-q', '-m', 'the design');
    sha.design = git(origin, 'rev-parse', 'HEAD');

    let scaled = edited(design, ['components', 'app', 'instances'], 5);
    scaled = edited(scaled, ['components', 'db-cache'], { kind: 'cache', engine: 'redis', instances: 2, hitRatio: 0.8, fronts: 'db' });
    scaled = edited(scaled, ['components', 'app', 'calls', 0], 'db-cache', true);
    fs.writeFileSync(file, scaled);
    git(origin, 'commit', '-q', '-am', 'two more app servers and a cache in front of the database');
    sha.scaled = git(origin, 'rev-parse', 'HEAD');
    git(origin, 'branch', 'scaled');

    fs.writeFileSync(file, edited(scaled, ['components', 'app', 'instances'], 2));
    git(origin, 'commit', '-q', '-am', 'fewer app servers');
    sha.shrunk = git(origin, 'rev-parse', 'HEAD');
    git(origin, 'branch', 'shrunk');
  });

  after(async () => {
    await api.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A clone of one commit only, as actions/checkout makes by default. */
  function shallowClone(name: string, branch: string): string {
    const to = path.join(dir, name);
    git(dir, 'clone', '-q', '--depth=1', '--branch', branch, `file://${origin}`, to);
    return to;
  }

  /** The event file of a pull request from `base` to `head`. */
  function pullRequestEvent(number: number, base: string, head: string): string {
    const file = path.join(dir, `event-${number}-${head.slice(0, 7)}.json`);
    fs.writeFileSync(file, JSON.stringify({
      action: 'synchronize',
      number,
      pull_request: { number, base: { ref: 'main', sha: base }, head: { ref: 'feature', sha: head } },
      repository: { name: 'r', full_name: 'o/r', owner: { login: 'o' } },
    }));
    return file;
  }

  /**
   * Runs the bundle in `workspace` with a runner's environment: every input
   * declared (defaults overridden by `inputs`); GITHUB_SHA is the event's
   * `sha` (the commit checked out), unset when it has none.
   */
  async function runAction(workspace: string, event: { name: string; file: string; sha?: string }, inputs: Record<string, string> = {}): Promise<ActionRun> {
    const run = fs.mkdtempSync(path.join(dir, 'run-'));
    const files = { output: path.join(run, 'output'), summary: path.join(run, 'summary.md'), refused: path.join(run, 'refused') };
    for (const f of Object.values(files)) fs.writeFileSync(f, '');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: run,
      NODE_OPTIONS: `--require=${guard}`,
      FAKE_GITHUB_PORT: String(api.port),
      REFUSED_LOG: files.refused,
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: event.name,
      GITHUB_EVENT_PATH: event.file,
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_API_URL: api.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_OUTPUT: files.output,
      GITHUB_WORKSPACE: workspace,
      ...(event.sha === undefined ? {} : { GITHUB_SHA: event.sha }),
    };
    // @actions/core reads input NAME from INPUT_<NAME upper-cased, spaces as underscores>; hyphens stay.
    for (const [name, value] of declaredInputs()) env[`INPUT_${name.toUpperCase()}`] = value;
    env.INPUT_TOKEN = TOKEN;
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;

    const seen = api.requests.length;
    const child = spawn(actionNode(), [ACTION_BUNDLE_PATH], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    // The fake answers in this process, so the run must not block it: wait for the exit, with a bound.
    const status = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    const outputs: Record<string, string> = {};
    for (const m of fs.readFileSync(files.output, 'utf8').matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1]!] = m[3]!;
    return {
      status, stdout, stderr, outputs,
      summary: fs.readFileSync(files.summary, 'utf8'),
      refused: fs.readFileSync(files.refused, 'utf8'),
      requests: api.requests.slice(seen),
    };
  }

  /** What every run must show: nothing but the fake reached, with the token. */
  function assertOnlyTheFake(r: ActionRun): void {
    assert.equal(r.refused, '', `connections refused:\n${r.refused}`);
    for (const q of r.requests) assert.equal(q.authorization, `token ${TOKEN}`, `${q.method} ${q.url}`);
  }

  it('declares a runtime GitHub runs, and these runs use it when CI installed it', () => {
    // GitHub stopped running node20 actions in 2026: a manifest that names it fails every workflow that uses the Action.
    assert.equal(declaredRuntime(), 24);
    const given = process.env.SCALE_ACTION_NODE;
    if (given === undefined) return; // a local run: the Action runs on this process's Node.js
    const v = spawnSync(given, ['--version'], { encoding: 'utf8' });
    assert.equal(v.status, 0, `SCALE_ACTION_NODE=${given} does not run: ${v.error ?? v.stderr}`);
    assert.equal(Number(/^v(\d+)\./.exec(v.stdout)?.[1]), declaredRuntime(), `SCALE_ACTION_NODE is ${v.stdout.trim()}`);
  });

  it('action/index.js is the bundle of src/action (run `npm run generate` when this fails)', async () => {
    assert.ok(fs.readFileSync(ACTION_BUNDLE_PATH, 'utf8') === await actionBundleText(), 'action/index.js is stale: run `npm run generate` and commit it');
  });

  describe('on a pull request', () => {
    let workspace: string;
    let commentId: string;

    before(() => {
      workspace = shallowClone('pr', 'scaled');
      api.addComment(7, 'Looks good, but what does it do to the database?');
      api.addComment(7, 'The cache should help.');
    });

    it('fetches the base, checks the changed topology to SARIF, writes the diff to the job summary and creates one comment', async () => {
      const r = await runAction(workspace, { name: 'pull_request', file: pullRequestEvent(7, sha.design, sha.scaled) });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assertOnlyTheFake(r);
      // The clone had the head only: the base was fetched, and the clone stayed shallow.
      assert.match(r.stdout, new RegExp(`Fetching ${sha.design}`));
      assert.equal(git(workspace, 'rev-parse', '--is-shallow-repository'), 'true');

      assert.deepEqual(r.requests.map((q) => `${q.method} ${q.url.split('?')[0]}`), ['GET /repos/o/r/issues/7/comments', 'POST /repos/o/r/issues/7/comments']);
      const comments = api.comments.get(7)!;
      assert.equal(comments.length, 3);
      const body = comments[2]!.body;
      assert.ok(body.startsWith(`${MARKER}\n`), body.slice(0, 200));
      assert.match(body, /^## Scale diff: [0-9a-f]{12} → [0-9a-f]{12}$/m, 'the commits by short ids');
      assert.match(body, /db\\-cache/);
      assert.match(body, /instances 3 → 5/);
      assert.match(body, /\| resolved \| capacity \| error \|/, 'the findings resolved');
      assert.match(body, /\| resolved \| headroom \| warning \| components\\\.db\\\.capacity\\\.rps \|/, 'the cache in front carries db to the file\'s growth target');
      assert.match(body, /```mermaid\n/);
      assert.equal(r.summary, `${body}\n`, 'the job summary holds the comment\'s Markdown');

      commentId = String(comments[2]!.id);
      assert.equal(r.outputs['comment-id'], commentId);
      assert.equal(r.outputs['comment-url'], `https://github.com/o/r/pull/1#issuecomment-${commentId}`);
      assert.equal(r.outputs.files, '1');
      assert.equal(r.outputs.introduced, '0');
      assert.equal(r.outputs.resolved, '4');
      assert.equal(r.outputs.sarif, 'scale.sarif');
    });

    it('writes SARIF 2.1.0 with the head\'s findings, as `scale check` gives them', () => {
      const file = path.join(workspace, 'scale.sarif');
      const log = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.equal(log.version, '2.1.0');
      const check = spawnSync(process.execPath, [SCALE_BIN, 'check', 'designs/startup.scale.json', '--format', 'sarif'], { cwd: workspace, encoding: 'utf8' });
      assert.equal(check.status, 1, check.stderr);
      const results = log.runs[0].results;
      assert.ok(results.length > 10);
      assert.deepEqual(results, JSON.parse(check.stdout).runs[0].results);
      assert.ok(results.every((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0]!.physicalLocation.artifactLocation.uri === 'designs/startup.scale.json'));
      // The head's app tier is within capacity: its capacity error is gone.
      assert.ok(!results.some((x: { ruleId: string; message: { text: string } }) => x.ruleId === 'capacity' && /^app /.test(x.message.text)));
      const v = spawnSync(SARIF_MULTITOOL, ['validate', file], { encoding: 'utf8' });
      assert.equal(v.status, 0, v.stdout + v.stderr);
      assert.doesNotMatch(v.stdout, /: error /, v.stdout);
    });

    it('a second run edits the same comment, found on the second page, and adds none', async () => {
      const mine = api.comments.get(7)!.find((c) => String(c.id) === commentId)!;
      mine.body = `${MARKER}\nan outdated diff`;
      const r = await runAction(workspace, { name: 'pull_request', file: pullRequestEvent(7, sha.design, sha.scaled) });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assertOnlyTheFake(r);
      assert.deepEqual(r.requests.map((q) => `${q.method} ${q.url}`), [
        'GET /repos/o/r/issues/7/comments?per_page=100',
        'GET /repos/o/r/issues/7/comments?per_page=100&page=2',
        `PATCH /repos/o/r/issues/comments/${commentId}`,
      ]);
      const comments = api.comments.get(7)!;
      assert.equal(comments.length, 3);
      assert.ok(mine.body.startsWith(`${MARKER}\n`));
      assert.match(mine.body, /db\\-cache/);
      assert.equal(r.summary, `${mine.body}\n`);
      assert.equal(r.outputs['comment-id'], commentId);
    });

    it('a token that may not comment (a fork\'s) gives a warning, and the job still passes with the diff in the summary', async () => {
      api.forbidCreate = true;
      try {
        const r = await runAction(workspace, { name: 'pull_request', file: pullRequestEvent(8, sha.design, sha.scaled) });
        assert.equal(r.status, 0, r.stdout + r.stderr);
        assertOnlyTheFake(r);
        assert.match(r.stdout, /^::warning::The token may not comment on this pull request \(Resource not accessible by integration/m);
        assert.doesNotMatch(r.stdout, /^::error::/m);
        assert.deepEqual(r.requests.map((q) => q.method), ['GET', 'POST']);
        assert.ok(r.summary.startsWith(`${MARKER}\n`));
        assert.equal(r.outputs['comment-id'], undefined);
        assert.equal(api.comments.get(8), undefined);
      } finally {
        api.forbidCreate = false;
      }
    });
  });

  describe('on a pull request where someone else posted a comment with the marker', () => {
    let workspace: string;
    let forged: FakeComment;

    before(() => {
      workspace = shallowClone('forged', 'scaled');
      forged = api.addComment(11, `${MARKER}\nNo finding: merge away.`, { login: 'mallory', type: 'User' });
    });

    it('creates its own comment and leaves the other one alone; a second run edits its own', async () => {
      let r = await runAction(workspace, { name: 'pull_request', file: pullRequestEvent(11, sha.design, sha.scaled) });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assertOnlyTheFake(r);
      assert.deepEqual(r.requests.map((q) => `${q.method} ${q.url.split('?')[0]}`), ['GET /repos/o/r/issues/11/comments', 'GET /user', 'POST /repos/o/r/issues/11/comments']);
      const comments = api.comments.get(11)!;
      assert.equal(comments.length, 2);
      assert.equal(forged.body, `${MARKER}\nNo finding: merge away.`);
      const mine = comments[1]!;
      assert.deepEqual(mine.user, { login: 'github-actions[bot]', type: 'Bot' });
      assert.match(mine.body, /\| resolved \| capacity \| error \|/);
      assert.equal(r.outputs['comment-id'], String(mine.id));

      mine.body = `${MARKER}\nan outdated diff`;
      r = await runAction(workspace, { name: 'pull_request', file: pullRequestEvent(11, sha.design, sha.scaled) });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.deepEqual(r.requests.map((q) => `${q.method} ${q.url.split('?')[0]}`), ['GET /repos/o/r/issues/11/comments', 'GET /user', `PATCH /repos/o/r/issues/comments/${mine.id}`]);
      assert.equal(api.comments.get(11)!.length, 2);
      assert.equal(forged.body, `${MARKER}\nNo finding: merge away.`);
      assert.match(mine.body, /\| resolved \| capacity \| error \|/);
    });
  });

  describe('on a pull request whose base branch moved on after it forked', () => {
    let workspace: string;
    /** Main after the fork (it adds another topology), and the merge commit GitHub makes as refs/pull/10/merge. */
    const moved = { main: '', merge: '' };

    before(() => {
      git(origin, 'checkout', '-q', '-b', 'moved-main', sha.design);
      fs.copyFileSync(path.join(ROOT, 'examples', 'payments.scale.json'), path.join(origin, 'designs', 'payments.scale.json'));
      git(origin, 'add', '.');
      git(origin, 'commit', '-q', '-m', 'the payments design, on main after the pull request forked');
      moved.main = git(origin, 'rev-parse', 'HEAD');
      git(origin, 'checkout', '-q', '-b', 'pull-10-merge');
      git(origin, 'merge', '-q', '--no-ff', '-m', `Merge ${sha.scaled} into ${moved.main}`, sha.scaled);
      moved.merge = git(origin, 'rev-parse', 'HEAD');
      git(origin, 'checkout', '-q', 'main');
      // actions/checkout of a pull_request event: the merge commit alone, detached.
      workspace = shallowClone('moved', 'pull-10-merge');
    });

    it('compares the merge commit with its first parent: what main added after the fork is not shown as deleted', async () => {
      const r = await runAction(workspace, { name: 'pull_request', file: pullRequestEvent(10, moved.main, sha.scaled), sha: moved.merge });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assertOnlyTheFake(r);
      assert.doesNotMatch(r.stdout, /^::warning::/m);
      const body = api.comments.get(10)![0]!.body;
      assert.doesNotMatch(body, /payments\\?\.scale/, 'the topology main added is no part of the change');
      assert.match(body, /db\\-cache/);
      assert.match(body, /instances 3 → 5/);
      assert.match(body, new RegExp(`^## Scale diff: ${moved.main.slice(0, 12)} → ${moved.merge.slice(0, 12)}$`, 'm'));
      assert.equal(r.outputs.files, '1');
      assert.equal(r.outputs.resolved, '4');
    });

    it('without a merge commit (pull_request_target) compares from the fork point when the clone reaches it', async () => {
      const full = path.join(dir, 'moved-full');
      git(dir, 'clone', '-q', '--branch', 'scaled', `file://${origin}`, full);
      git(full, 'fetch', '-q', 'origin', 'moved-main');
      const r = await runAction(full, { name: 'pull_request_target', file: pullRequestEvent(12, moved.main, sha.scaled), sha: moved.main });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.doesNotMatch(r.stdout, /^::warning::/m);
      const body = api.comments.get(12)![0]!.body;
      assert.doesNotMatch(body, /payments\\?\.scale/);
      assert.match(body, new RegExp(`^## Scale diff: ${sha.design.slice(0, 12)} → ${sha.scaled.slice(0, 12)}$`, 'm'));
      assert.equal(r.outputs.files, '1');
    });
  });

  describe('on a pull request that introduces an error', () => {
    let workspace: string;
    before(() => {
      workspace = shallowClone('worse', 'shrunk');
    });

    it('fails with fail-on-new: error, and still comments', async () => {
      const r = await runAction(workspace, { name: 'pull_request_target', file: pullRequestEvent(9, sha.scaled, sha.shrunk) });
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assertOnlyTheFake(r);
      // The error, and the startup design's p99 objective missed again once app saturates.
      assert.match(r.stdout, /^::error::The change fails its gate \(fail-on-new: error, fail-on: none\): findings introduced 1 error, 1 warning, 0 infos\.$/m);
      assert.equal(r.outputs.introduced, '2');
      // A shallow clone of the head, no merge commit: the base's tip it is, with a warning.
      assert.match(r.stdout, /^::warning::No merge commit checked out .* commits made on the base since the fork may show as reversed by it\. Check out with fetch-depth: 0/m);
      assert.equal(api.comments.get(9)!.length, 1);
      assert.match(api.comments.get(9)![0]!.body, /capacity/);
    });

    it('passes with fail-on-new: none', async () => {
      const r = await runAction(workspace, { name: 'pull_request', file: pullRequestEvent(9, sha.scaled, sha.shrunk) }, { 'fail-on-new': 'none' });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assertOnlyTheFake(r);
      assert.doesNotMatch(r.stdout, /^::error::/m);
      assert.equal(api.comments.get(9)!.length, 1, 'the same comment, edited');
    });

    it('fails on a gate it does not know, saying why', async () => {
      const r = await runAction(workspace, { name: 'pull_request', file: pullRequestEvent(9, sha.scaled, sha.shrunk) }, { 'fail-on-new': 'critical' });
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /^::error::scale diff: --fail-on-new must be/m);
    });
  });

  describe('on a pull request whose project configuration has a finding', () => {
    let workspace: string;
    let configured = '';

    before(() => {
      git(origin, 'checkout', '-q', '-b', 'configured', 'scaled');
      fs.writeFileSync(path.join(origin, 'scale.config.json'), '{ "rules": { "no-such-rule": "off" } }\n');
      git(origin, 'add', 'scale.config.json');
      git(origin, 'commit', '-q', '-m', 'a project configuration with a typo');
      configured = git(origin, 'rev-parse', 'HEAD');
      git(origin, 'checkout', '-q', 'shrunk');
      workspace = shallowClone('configured', 'configured');
    });

    // Regression: the comparison ran twice (its JSON for the gate, its Markdown for the comment): every scenario
    // was simulated twice a side and every note the comparison printed was logged twice.
    it('compares once: the JSON for the gate and the Markdown for the comment come from one run, whose notes are logged once', async () => {
      const r = await runAction(workspace, { name: 'pull_request', file: pullRequestEvent(31, sha.design, configured) });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assertOnlyTheFake(r);
      // The head's configuration, as the comparison reads it at its revision, with its finding.
      const said = r.stdout.split('\n').filter((l) => l.startsWith(`scale.config.json@${configured.slice(0, 12)}`));
      assert.equal(said.length, 1, r.stdout);
      assert.match(r.stdout, /no-such-rule/);
      const body = api.comments.get(31)![0]!.body;
      assert.ok(body.startsWith(`${MARKER}\n`));
      assert.equal(r.summary, `${body}\n`);
      assert.equal(r.outputs.resolved, '4');
    });
  });

  describe('on a pull request that changes only a platform file other designs import', () => {
    const platform = 'examples/platform/platform.scale.json';
    let workspace: string;
    /** The platform's change: auth-db, which failed over by itself to a second zone, back to one zone and a manual failover. */
    const commits = { safe: '', risky: '' };

    before(() => {
      const repo = path.join(dir, 'platform-origin');
      fs.mkdirSync(path.join(repo, 'examples', 'platform'), { recursive: true });
      git(repo, 'init', '-q');
      git(repo, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
      for (const name of ['social-feed.scale.json', 'payments.scale.json']) fs.copyFileSync(path.join(ROOT, 'examples', name), path.join(repo, 'examples', name));
      const risky = fs.readFileSync(path.join(ROOT, platform), 'utf8');
      const safe = risky.replace('"failover": { "mode": "manual" }', '"failover": { "mode": "automatic" }').replace('"zones": ["us-east-1a"],', '"zones": ["us-east-1a", "us-east-1b"],');
      assert.notEqual(safe, risky);
      fs.writeFileSync(path.join(repo, platform), safe);
      git(repo, 'add', '.');
      git(repo, 'commit', '-q', '-m', 'the platform and two designs that import it');
      commits.safe = git(repo, 'rev-parse', 'HEAD');
      fs.writeFileSync(path.join(repo, platform), risky);
      git(repo, 'commit', '-q', '-am', 'auth-db back in one zone, failed over by hand');
      commits.risky = git(repo, 'rev-parse', 'HEAD');
      workspace = path.join(dir, 'platform-pr');
      git(dir, 'clone', '-q', '--depth=1', `file://${repo}`, workspace);
    });

    it('compares and checks the designs that import it, and the SARIF points at the platform file', async () => {
      const r = await runAction(workspace, { name: 'pull_request_target', file: pullRequestEvent(21, commits.safe, commits.risky) }, { 'fail-on-new': 'error' });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assertOnlyTheFake(r);
      // The platform and both designs: auth-db is a single point of failure in each.
      assert.equal(r.outputs.files, '3');
      assert.equal(r.outputs.introduced, '3');
      const body = api.comments.get(21)![0]!.body.replace(/\\(.)/g, '$1').replace(/\u2060/g, '');
      for (const design of ['payments', 'social-feed']) {
        assert.match(body, new RegExp(`^### examples/${design}\\.scale\\.json \\(modified\\)\n\nCompared because it imports a file the change touched: ${platform.replace(/\./g, '\\.')}\\.$`, 'm'));
      }
      assert.match(body, /^\| introduced \| single-point-of-failure \| warning \| components\.auth-db\.replication\.failover\.mode in examples\/platform\/platform\.scale\.json:\d+:\d+ \|/m);

      const log = JSON.parse(fs.readFileSync(path.join(workspace, 'scale.sarif'), 'utf8'));
      type Location = { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } };
      const results = log.runs[0].results as { ruleId: string; locations: Location[]; relatedLocations?: Location[] }[];
      const text = fs.readFileSync(path.join(workspace, platform), 'utf8').split('\n');
      for (const design of ['examples/payments.scale.json', 'examples/social-feed.scale.json']) {
        const spof = results.filter((x) => x.ruleId === 'single-point-of-failure' && x.locations[0]!.physicalLocation.artifactLocation.uri === design);
        assert.equal(spof.length, 1, `${design} is checked with its imports: ${JSON.stringify(results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri))}`);
        const related = spof[0]!.relatedLocations![0]!.physicalLocation;
        assert.equal(related.artifactLocation.uri, platform);
        assert.match(text[related.region.startLine - 1]!, /"failover": \{ "mode": "manual" \}/);
      }
      const v = spawnSync(SARIF_MULTITOOL, ['validate', path.join(workspace, 'scale.sarif')], { encoding: 'utf8' });
      assert.equal(v.status, 0, v.stdout + v.stderr);
    });
  });

  describe('on a pull request whose topology file names carry workflow commands', () => {
    /** Legal names: git keeps a line break in a name, and `::` needs none at the start of one. */
    const names = ['designs/x\n::error file=y::pwned.scale.json', '::warning::pwned.scale.json'];
    let workspace: string;
    const commits = { before: '', after: '' };

    before(() => {
      const repo = path.join(dir, 'names-origin');
      fs.mkdirSync(path.join(repo, 'designs'), { recursive: true });
      git(repo, 'init', '-q');
      git(repo, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
      fs.writeFileSync(path.join(repo, 'README.md'), 'designs\n');
      git(repo, 'add', '.');
      git(repo, 'commit', '-q', '-m', 'nothing yet');
      commits.before = git(repo, 'rev-parse', 'HEAD');
      for (const name of names) fs.copyFileSync(path.join(ROOT, 'examples', 'startup.scale.json'), path.join(repo, name));
      git(repo, 'add', '.');
      git(repo, 'commit', '-q', '-m', 'two designs with names that carry commands');
      commits.after = git(repo, 'rev-parse', 'HEAD');
      workspace = path.join(dir, 'names-pr');
      git(dir, 'clone', '-q', '--depth=1', `file://${repo}`, workspace);
    });

    it('logs what the files hold and the names of files so that the runner carries out only the Action\'s own commands', async () => {
      const r = await runAction(workspace, { name: 'pull_request', file: pullRequestEvent(31, commits.before, commits.after) }, { 'fail-on-new': 'none' });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assertOnlyTheFake(r);
      assert.equal(r.outputs.files, '2');
      // The log still shows the check's findings, with both names.
      assert.match(r.stdout, /capacity app is at [\d.]+% of capacity/);
      assert.ok(r.stdout.includes('./::warning::pwned.scale.json'), r.stdout);
      const { commands, unstopped } = commandsRun(r.stdout);
      assert.deepEqual(commands.filter((c) => /pwned/.test(c.line)), [], r.stdout);
      // What the files hold is logged with commands stopped: the CLI's own guards are not the only ones.
      assert.deepEqual(unstopped.filter((l) => /pwned/.test(l)), [], r.stdout);
      assert.deepEqual([...new Set(commands.map((c) => c.name))].filter((n) => !['notice', 'warning', 'error', 'group', 'endgroup', 'debug'].includes(n)), [], r.stdout);
    });
  });

  describe('outside a pull request', () => {
    it('checks the topologies under the paths, says so, and writes no comment', async () => {
      const workspace = shallowClone('push', 'shrunk');
      const file = path.join(dir, 'push.json');
      fs.writeFileSync(file, JSON.stringify({ ref: 'refs/heads/main', after: sha.shrunk, repository: { name: 'r', full_name: 'o/r', owner: { login: 'o' } } }));
      let r = await runAction(workspace, { name: 'push', file }, { sarif: 'reports/design.sarif' });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assertOnlyTheFake(r);
      assert.deepEqual(r.requests, []);
      assert.match(r.stdout, /^::notice::scale: "push" is not a pull request event/m);
      assert.match(r.stdout, /^designs\/startup\.scale\.json:\d+:\d+ error capacity app is at 196% of capacity/m);
      assert.equal(JSON.parse(fs.readFileSync(path.join(workspace, 'reports', 'design.sarif'), 'utf8')).version, '2.1.0');
      assert.equal(r.outputs.sarif, 'reports/design.sarif');
      assert.equal(r.summary, '');

      r = await runAction(workspace, { name: 'push', file }, { 'fail-on': 'error' });
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /^::error::Findings at or above fail-on \(error\)\.$/m);
    });
  });
});
