/**
 * The GitHub Action (action.yml at the repository's top). In a pull request:
 * `scale check` of the topologies the change touched, as SARIF for code
 * scanning; `scale diff` of the change, written to the job summary and to one
 * comment on the pull request, which a re-run edits; the job fails as
 * `fail-on-new` and `fail-on` say. On any other event: the check alone. Both
 * commands run in this process through the CLI's `run()`, so the Action and
 * the command line say the same thing.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as core from '@actions/core';
import * as github from '@actions/github';
import { writeReport } from '../cli/files';
import { oneLine } from '../cli/oneLine';
import { UsageError } from '../cli/usageErrors';
import { checkSarif } from '../cli/checkSarif';
import { run } from '../cli/main';
import { DIFF_MARKER } from '../core/diff/markdown';
import { plural } from '../core/text/format';
import { importersOfChange } from '../node/gitImporters';
import { changedTopologies, commitParents, fetchCommit, GitError, hasCommit, mergeBase, repositoryTop } from '../node/gitRevisions';
import { isForbidden, upsertComment, type WrittenComment } from './prComment';


/** Events whose payload is a pull request with its base and head. */
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);

/** A failure to report as the job's: the message says what to do. */
class ActionError extends Error {}

/** The Action's inputs, as action.yml declares them (the runner passes each one, with its default when unset). */
interface Inputs {
  paths: string[];
  failOnNew: string;
  failOn: string;
  comment: boolean;
  /** Empty: no SARIF file. */
  sarif: string;
  token: string;
  seed: string;
}

/** The inputs; one that action.yml does not allow (`comment: maybe`) fails the job, saying so. */
function readInputs(): Inputs {
  try {
    const paths = core.getMultilineInput('paths');
    return {
      // No path is the whole repository, as the default '.' is.
      paths: paths.length > 0 ? paths : ['.'],
      failOnNew: core.getInput('fail-on-new'),
      failOn: core.getInput('fail-on'),
      comment: core.getBooleanInput('comment'),
      sarif: core.getInput('sarif'),
      token: core.getInput('token'),
      seed: core.getInput('seed'),
    };
  } catch (e) {
    throw new ActionError((e as Error).message);
  }
}

/** What a run of the CLI gave. */
interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `scale ARGS` in this process, its output captured. */
async function scale(args: readonly string[], cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, cwd, (s) => { stdout += s; }, (s) => { stderr += s; }, false);
  return { code, stdout, stderr };
}

/**
 * Writes text that holds what the repository wrote (file names, findings) to
 * the log with workflow commands stopped around it: the runner carries out
 * any line that starts with `::`, and the CLI's own guards (shownPath,
 * oneLine) are then not the only ones.
 */
function logQuoted(text: string): void {
  const token = randomUUID();
  core.info(`::stop-commands::${token}`);
  core.info(text);
  core.info(`::${token}::`);
}

/** A run that must not have failed as a command (exit 2: usage, I/O or git); its notes go to the log. */
function succeeded(r: CliRun): CliRun {
  if (r.code === 2) throw new ActionError(r.stderr.trim() || 'scale exited with code 2');
  if (r.stderr !== '') logQuoted(r.stderr.trimEnd());
  return r;
}

/**
 * `scale check` of `files` with the text report in the log and the SARIF in
 * the file the input names; returns the exit code. No file at all still
 * writes a SARIF log, with no results, for the upload step that follows.
 */
async function check(files: readonly string[], inputs: Inputs, failOn: string, cwd: string): Promise<number> {
  if (files.length === 0) {
    core.info('No topology to check.');
    if (inputs.sarif !== '') writeReport(inputs.sarif, cwd, checkSarif([]));
    return 0;
  }
  const sarif = inputs.sarif === '' ? [] : ['--format', 'sarif', '--output', inputs.sarif];
  const r = succeeded(await scale(['check', ...sarif, '--format', 'text', '--fail-on', failOn, '--no-color', '--', ...files], cwd));
  logQuoted(r.stdout.trimEnd());
  return r.code;
}

/** The commits of a change, fetched when the clone lacks them (`actions/checkout` fetches one commit unless told `fetch-depth: 0`). */
function ensureCommits(cwd: string, shas: readonly string[]): void {
  for (const sha of shas) {
    if (hasCommit(cwd, sha)) continue;
    core.info(`Fetching ${sha}, which this clone lacks (actions/checkout with fetch-depth: 0 fetches every commit at once).`);
    try {
      fetchCommit(cwd, 'origin', sha);
    } catch (e) {
      throw new ActionError(`Cannot fetch ${sha} from origin: ${(e as Error).message}. Check out with fetch-depth: 0 so the clone has both sides of the change.`);
    }
  }
}

/**
 * The changed topologies that are in the working tree, and those that import
 * one (their findings moved with it: the diff compares them too), as paths
 * from `cwd`.
 */
function changedFiles(cwd: string, base: string, head: string, paths: readonly string[]): string[] {
  const top = repositoryTop(cwd);
  const changes = changedTopologies(cwd, base, head, paths);
  const heads = changes.flatMap((c) => (c.headPath === undefined || c.headNotFile !== undefined ? [] : [c.headPath]));
  const importers = importersOfChange(cwd, base, head, paths, changes).importers.map((i) => i.path);
  const files: string[] = [];
  for (const file of [...heads, ...importers].sort()) {
    const abs = path.join(top, file);
    if (fs.existsSync(abs)) files.push(path.relative(cwd, abs));
    else logQuoted(`${oneLine(file)} is not in the checked-out tree: not checked.`);
  }
  return files;
}

/**
 * `scale diff` of the change, run once: its JSON (the gate's verdict and
 * totals) and its Markdown (the comment, whose first line is the marker the
 * Action finds it by) from one comparison, so each scenario is simulated once
 * a side and every note on stderr is logged once.
 */
async function diffOnce(args: readonly string[], paths: readonly string[], cwd: string): Promise<{ gated: CliRun; markdown: string }> {
  const dir = fs.mkdtempSync(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'scale-diff-'));
  try {
    const file = path.join(dir, 'comment.md');
    const gated = succeeded(await scale([...args, '--format', 'json', '--format', 'markdown', '--output', file, ...paths], cwd));
    return { gated, markdown: fs.readFileSync(file, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Severity counts as the diff's JSON totals give them. */
interface Counts {
  error: number;
  warning: number;
  info: number;
}

function total(c: Counts): number {
  return c.error + c.warning + c.info;
}

function countsText(c: Counts): string {
  return `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${plural(c.info, 'info')}`;
}

/** Writes the Markdown to the job summary, where the runner gives one. */
async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info('No job summary file (GITHUB_STEP_SUMMARY is not set): the diff is not written to the summary.');
    return;
  }
  await core.summary.addRaw(markdown, true).write();
}

/** The comment, written unless the input says not to; a token that may not write it is a warning, not a failure. */
async function comment(inputs: Inputs, issueNumber: number, body: string): Promise<WrittenComment | undefined> {
  if (!inputs.comment) return undefined;
  try {
    const written = await upsertComment(github.getOctokit(inputs.token), { ...github.context.repo, issueNumber }, DIFF_MARKER, body);
    core.info(`${written.created ? 'Commented' : 'Updated the comment'}: ${written.url}`);
    return written;
  } catch (e) {
    if (!isForbidden(e)) throw new ActionError(`Cannot write the pull request comment: ${(e as Error).message}`);
    core.warning(`The token may not comment on this pull request (${(e as Error).message}), so the diff is in the job summary only. A pull request from a fork gets a read-only token; otherwise give the job "permissions: pull-requests: write".`);
    return undefined;
  }
}

/**
 * The two commits whose difference is the pull request's own change. The
 * base branch's tip against the head would show what the base gained since
 * the fork as undone by the change. A `pull_request` event checks out the
 * merge commit GitHub made (parents: the base's tip, the head): against its
 * first parent it is the change applied to today's base. Otherwise (as with
 * `pull_request_target`) the change runs from the fork point, when the clone
 * holds enough history to find it.
 */
function comparedCommits(cwd: string, pr: { base: { sha: string }; head: { sha: string } }, checkedOut: string | undefined): { base: string; head: string } {
  if (checkedOut !== undefined && checkedOut !== '' && hasCommit(cwd, checkedOut)) {
    const parents = commitParents(cwd, checkedOut);
    if (parents.length === 2 && parents[1] === pr.head.sha) {
      ensureCommits(cwd, [parents[0]!]);
      return { base: parents[0]!, head: checkedOut };
    }
  }
  ensureCommits(cwd, [pr.base.sha, pr.head.sha]);
  const fork = mergeBase(cwd, pr.base.sha, pr.head.sha);
  if (fork !== undefined) return { base: fork, head: pr.head.sha };
  core.warning(`No merge commit checked out and the clone's history does not reach the fork point of ${pr.head.sha.slice(0, 12)} from ${pr.base.sha.slice(0, 12)}: the change is compared with the base branch's tip, so commits made on the base since the fork may show as reversed by it. Check out with fetch-depth: 0 to avoid it.`);
  return { base: pr.base.sha, head: pr.head.sha };
}

/** In a pull request: check what the change touched, compare it, tell the reviewers, gate. */
async function pullRequest(inputs: Inputs, cwd: string, pr: { number: number; base: { sha: string }; head: { sha: string } }): Promise<void> {
  const { base, head } = comparedCommits(cwd, pr, github.context.sha);

  await core.group('scale check of the changed topologies', () => check(changedFiles(cwd, base, head, inputs.paths), inputs, 'none', cwd));
  if (inputs.sarif !== '') core.setOutput('sarif', inputs.sarif);

  // Commits by a short id, as GitHub shows them: the comment's heading names them.
  const diffArgs = ['diff', '--base', base.slice(0, 12), '--head', head.slice(0, 12), ...(inputs.seed === '' ? [] : ['--seed', inputs.seed])];
  const paths = ['--', ...inputs.paths];
  const { gated, markdown } = await diffOnce([...diffArgs, '--fail-on-new', inputs.failOnNew, '--fail-on', inputs.failOn], paths, cwd);
  const report = JSON.parse(gated.stdout) as { totals: { files: number; introduced: Counts; resolved: Counts } };
  const { introduced, resolved, files } = report.totals;
  core.setOutput('files', files);
  core.setOutput('introduced', total(introduced));
  core.setOutput('resolved', total(resolved));
  core.info(`${plural(files, 'topology', 'topologies')} changed: findings introduced ${countsText(introduced)}; resolved ${countsText(resolved)}.`);

  await writeSummary(markdown);
  const written = await comment(inputs, pr.number, markdown);
  if (written !== undefined) {
    core.setOutput('comment-id', written.id);
    core.setOutput('comment-url', written.url);
  }
  if (gated.code !== 0) core.setFailed(`The change fails its gate (fail-on-new: ${inputs.failOnNew}, fail-on: ${inputs.failOn}): findings introduced ${countsText(introduced)}.`);
}

/** On any other event: the check of every topology under the paths. */
async function checkOnly(inputs: Inputs, cwd: string, eventName: string): Promise<void> {
  core.notice(`scale: "${eventName}" is not a pull request event, so the topologies are checked but no change is compared and no comment is written.`);
  const code = await check(inputs.paths, inputs, inputs.failOn, cwd);
  if (inputs.sarif !== '') core.setOutput('sarif', inputs.sarif);
  if (code !== 0) core.setFailed(`Findings at or above fail-on (${inputs.failOn}).`);
}

async function main(): Promise<void> {
  const inputs = readInputs();
  const cwd = process.env.GITHUB_WORKSPACE || process.cwd();
  const { eventName, payload } = github.context;
  const pr = PULL_REQUEST_EVENTS.has(eventName) ? payload.pull_request : undefined;
  if (pr === undefined) await checkOnly(inputs, cwd, eventName);
  else await pullRequest(inputs, cwd, pr as Parameters<typeof pullRequest>[2]);
}

main().catch((e: unknown) => {
  core.setFailed(e instanceof ActionError || e instanceof GitError || e instanceof UsageError ? e.message : `scale: internal error: ${(e as Error).stack ?? e}`);
});
