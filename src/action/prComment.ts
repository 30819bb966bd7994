/**
 * The one pull-request comment of the Action: found again by the hidden
 * marker its body starts with, so that a re-run edits it instead of adding
 * another. Every comment of the pull request is read, page by page: on a busy
 * pull request the marked one is rarely on the first page.
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

/** Creates the comment, or edits the first one whose body starts with `marker`. */
export async function upsertComment(octokit: Octokit, target: CommentTarget, marker: string, body: string): Promise<WrittenComment> {
  const where = { owner: target.owner, repo: target.repo };
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...where, issue_number: target.issueNumber, per_page: 100 });
  const earlier = comments.find((c) => c.body?.startsWith(marker));
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
