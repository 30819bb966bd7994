/**
 * A file's text at git HEAD, read through VS Code's built-in git extension
 * (`vscode.git`, API version 1): never a git process of this extension's own,
 * so it follows the user's git settings, repositories and trust. The API is
 * typed below only as far as it is used (the extension is not a dependency:
 * without it, or with git disabled, there is simply no HEAD). When there is
 * no text, a sentence says why, plainly: git disabled, the file not in a
 * repository VS Code has open, not committed yet.
 */
import * as vscode from 'vscode';

/** The built-in git extension's exports, as far as used. */
interface GitExtension {
  readonly enabled: boolean;
  readonly onDidChangeEnablement: vscode.Event<boolean>;
  /** Throws while git is disabled. */
  getAPI(version: 1): GitApi;
}

/** The git API, as far as used. */
interface GitApi {
  /** "uninitialized" until git has looked for the workspace's repositories. */
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly repositories: GitRepository[];
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
  readonly onDidCloseRepository: vscode.Event<GitRepository>;
  /** The repository a file is in, among those open; null when none. */
  getRepository(uri: vscode.Uri): GitRepository | null;
}

/** A file's change in a repository's state: its status is git's (Status in the API: 1 added to the index, 7 untracked). */
interface GitChange {
  readonly uri: vscode.Uri;
  readonly status: number;
}

/** Statuses of a file HEAD has no version of: added to the index, untracked. */
const NOT_AT_HEAD = new Set([1, 7]);

/** A repository, as far as used. */
interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: {
    readonly HEAD: { readonly name?: string; readonly commit?: string } | undefined;
    readonly indexChanges: readonly GitChange[];
    readonly workingTreeChanges: readonly GitChange[];
    /** Untracked files, when git.untrackedChanges shows them apart. */
    readonly untrackedChanges?: readonly GitChange[];
    readonly onDidChange: vscode.Event<void>;
  };
  /** The file's content at a revision (`git show REF:PATH`); rejects when the revision has no such file. */
  show(ref: string, path: string): Promise<string>;
}

/** A file's text at HEAD (`commit` names the revision it was read at), or why there is none. */
export type HeadText = { text: string; commit: string } | { reason: string };

/** Reads files at HEAD and says when HEAD may have changed. */
export class GitHead implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a file's text at HEAD may be another: a repository opened or closed, a commit or checkout, git enabled or disabled. */
  readonly onDidChange = this.changed.event;
  private extension: Promise<GitExtension | string> | undefined;
  private api: GitApi | undefined;
  private readonly apiDisposables: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** The last text read per file, with the commit it was read at: HEAD rarely moves while a file is edited. */
  private readonly texts = new Map<string, { commit: string; text: string }>();
  /** Per open repository: the HEAD commit last seen (to tell a commit or checkout from other changes of its state), and its listener. */
  private readonly heads = new Map<string, { commit: string | undefined; listener: vscode.Disposable }>();

  constructor(private readonly log?: vscode.LogOutputChannel) {}

  /** The file's text at HEAD, or a sentence saying why it has none. */
  async textAt(uri: vscode.Uri): Promise<HeadText> {
    const name = vscode.workspace.asRelativePath(uri);
    if (uri.scheme === 'untitled') return { reason: `${name} is not saved yet: it has no version in git.` };
    const api = await this.gitApi();
    if (typeof api === 'string') return { reason: api };
    if (api.state !== 'initialized') return { reason: 'Git is still looking for the workspace\'s repositories.' };
    const repository = api.getRepository(uri);
    if (!repository) return { reason: `${name} is not in a git repository that VS Code has open: there is no HEAD to compare with.` };
    const commit = repository.state.HEAD?.commit;
    if (!commit) return { reason: `The repository of ${name} has no commit yet: there is no HEAD to compare with.` };
    const key = uri.toString();
    const kept = this.texts.get(key);
    if (kept?.commit === commit) return kept;
    const notCommitted = { reason: `${name} is not committed yet: HEAD has no version of it.` };
    const { indexChanges, workingTreeChanges, untrackedChanges = [] } = repository.state;
    if ([...indexChanges, ...workingTreeChanges, ...untrackedChanges].some((c) => NOT_AT_HEAD.has(c.status) && c.uri.toString() === key)) return notCommitted;
    try {
      const text = await repository.show(commit, uri.fsPath);
      this.texts.set(key, { commit, text });
      return { commit, text };
    } catch (e) {
      this.texts.delete(key);
      // A git error's own words are on its stderr; the extension retries a path git says "exists on disk, but not in"
      // the revision under another letter case, and says "Git relative path not found" when none matches.
      const stderr = (e as { stderr?: unknown }).stderr;
      const message = e instanceof Error ? e.message : String(e);
      if (/relative path not found|exists on disk, but not in|does not exist in/i.test(`${message}\n${typeof stderr === 'string' ? stderr : ''}`)) return notCommitted;
      const detail = ((typeof stderr === 'string' && stderr.trim()) || message).split('\n')[0]!.slice(0, 300);
      this.log?.warn(`git: could not read ${uri.toString()} at HEAD: ${detail}`);
      return { reason: `Git could not read ${name} at HEAD: ${detail}` };
    }
  }

  dispose(): void {
    this.forgetApi();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  /** The built-in git extension's exports, activated once; a sentence when there are none (it is asked again next time). */
  private gitExtension(): Promise<GitExtension | string> {
    this.extension ??= (async () => {
      const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
      if (!extension) return 'The Git extension (vscode.git) is disabled or not installed: there is no HEAD to compare with.';
      try {
        const exports = extension.isActive ? extension.exports : await extension.activate();
        // Git turned on or off (the git.enabled setting): the API is got again.
        this.disposables.push(exports.onDidChangeEnablement(() => {
          this.forgetApi();
          this.changed.fire();
        }));
        return exports;
      } catch (e) {
        return `The Git extension did not start: ${e instanceof Error ? e.message : String(e)}`;
      }
    })();
    const got = this.extension;
    void got.then((r) => {
      if (typeof r === 'string' && this.extension === got) this.extension = undefined;
    });
    return got;
  }

  /** The git API, once got (and watched); a sentence when there is none. */
  private async gitApi(): Promise<GitApi | string> {
    if (this.api) return this.api;
    const exports = await this.gitExtension();
    if (typeof exports === 'string') return exports;
    if (!exports.enabled) return 'Git is disabled (the git.enabled setting): there is no HEAD to compare with.';
    if (this.api) return this.api;
    let api: GitApi;
    try {
      api = exports.getAPI(1);
    } catch (e) {
      return `The Git extension has no API: ${e instanceof Error ? e.message : String(e)}`;
    }
    this.api = api;
    this.apiDisposables.push(
      api.onDidChangeState(() => this.changed.fire()),
      api.onDidOpenRepository((r) => {
        this.watch(r);
        this.changed.fire();
      }),
      api.onDidCloseRepository((r) => {
        this.unwatch(r.rootUri.toString());
        this.changed.fire();
      }),
    );
    for (const r of api.repositories) this.watch(r);
    return api;
  }

  /** Fires onDidChange when a repository's HEAD moves to another commit (a commit, a checkout, a reset). */
  private watch(repository: GitRepository): void {
    const root = repository.rootUri.toString();
    this.unwatch(root);
    const seen = { commit: repository.state.HEAD?.commit, listener: repository.state.onDidChange(() => {
      const commit = repository.state.HEAD?.commit;
      if (seen.commit === commit) return;
      seen.commit = commit;
      this.changed.fire();
    }) };
    this.heads.set(root, seen);
  }

  private unwatch(root: string): void {
    this.heads.get(root)?.listener.dispose();
    this.heads.delete(root);
  }

  private forgetApi(): void {
    this.api = undefined;
    this.texts.clear();
    for (const root of [...this.heads.keys()]) this.unwatch(root);
    for (const d of this.apiDisposables.splice(0)) d.dispose();
  }
}
