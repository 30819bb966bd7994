/**
 * The one pull-request comment of the Action: found again by the hidden
 * marker its body starts with, so that a re-run edits it instead of adding
 * another. Every comment of the pull request is read, page by page: on a busy
 * pull request the marked one is rarely on the first page. Only a comment the
 * token's own identity wrote counts: anyone may post one that starts with the
 * marker, and the Action must neither edit theirs nor take it for its own.
 */
import type { getOctokit } from '@actions/github';

/** The client `getOctokit` gives. */
export type Octokit = ReturnType<typeof getOctokit>;

/** The pull request a comment goes on. */
export interface CommentTarget {
  owner: string;
  repo: string;
  /** The pull request's number, which is its issue's. */
  issueNumber: number;
}

/** The comment written. */
export interface WrittenComment {
  id: number;
  url: string;
  /** True when the comment is new, false when an earlier one was edited. */
  created: boolean;
}

/**
 * Who writes with a workflow's GITHUB_TOKEN, the Action's default token.
 * `GET /user` refuses that token (403), so it is known by name; a GitHub
 * login cannot contain brackets, so no user can take it.
 */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

/** The login of a token that may ask who it is (a personal or app user's token); undefined for the GITHUB_TOKEN, which may not. */
async function tokenLogin(octokit: Octokit): Promise<string | undefined> {
  try {
    return (await octokit.rest.users.getAuthenticated()).data.login;
  } catch {
    return undefined;
  }
}

/**
 * Creates the comment, or edits the first one whose body starts with
 * `marker` and that the token's identity wrote: github-actions[bot], or the
 * login `GET /user` gives a token of another identity. That question is asked
 * only when another author's marked comment makes it matter.
 */
export async function upsertComment(octokit: Octokit, target: CommentTarget, marker: string, body: string): Promise<WrittenComment> {
  const where = { owner: target.owner, repo: target.repo };
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...where, issue_number: target.issueNumber, per_page: 100 });
  const marked = comments.filter((c) => c.body?.startsWith(marker));
  const ours = new Set([ACTIONS_BOT_LOGIN]);
  if (marked.some((c) => c.user?.login !== ACTIONS_BOT_LOGIN)) {
    const login = await tokenLogin(octokit);
    if (login !== undefined) ours.add(login);
  }
  const earlier = marked.find((c) => c.user != null && ours.has(c.user.login));
  if (earlier !== undefined) {
    const { data } = await octokit.rest.issues.updateComment({ ...where, comment_id: earlier.id, body });
    return { id: data.id, url: data.html_url, created: false };
  }
  const { data } = await octokit.rest.issues.createComment({ ...where, issue_number: target.issueNumber, body });
  return { id: data.id, url: data.html_url, created: true };
}

/** Whether a request failed because the token may not do it: a pull request from a fork gets a read-only token. */
export function isForbidden(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { status?: unknown }).status === 403;
}
