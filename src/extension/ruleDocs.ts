/**
 * A rule's page, opened from its finding's code (in the Problems panel and
 * the hover), rendered in a Markdown preview and read-only. The server links
 * each finding to the page's Markdown file (other editors open that); VS
 * Code would open that file, in the extension's install folder, as an
 * editable text. The client rewrites the link to a command link (both
 * places open those), and the command previews the page from a read-only
 * file system over the shipped pages, on which the pages' links to each
 * other resolve too.
 */
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

/** The scheme of the read-only pages: `scale-docs:/rules/<rule id>.md`. */
const RULE_DOCS_SCHEME = 'scale-docs';
/** The command a rule code's link runs, with the rule id. */
const SHOW_RULE_DOC_COMMAND = 'scale.showRuleDoc';

const PAGE = /^\/rules\/([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

/** Registers the read-only pages and the command that previews one. */
export function registerRuleDocs(extensionUri: vscode.Uri): vscode.Disposable {
  const pages = new RuleDocsFileSystem(vscode.Uri.joinPath(extensionUri, 'docs'));
  return vscode.Disposable.from(
    vscode.workspace.registerFileSystemProvider(RULE_DOCS_SCHEME, pages, { isCaseSensitive: true, isReadonly: true }),
    vscode.commands.registerCommand(SHOW_RULE_DOC_COMMAND, async (ruleId: unknown) => {
      if (typeof ruleId !== 'string' || !PAGE.test(`/rules/${ruleId}.md`)) return;
      const page = vscode.Uri.from({ scheme: RULE_DOCS_SCHEME, path: `/rules/${ruleId}.md` });
      try {
        await vscode.commands.executeCommand('markdown.showPreviewToSide', page);
      } catch {
        // Without VS Code's Markdown support (disabled), the page's text, still read-only.
        await vscode.window.showTextDocument(page, { viewColumn: vscode.ViewColumn.Beside, preview: true });
      }
    }),
  );
}

/** The client middleware that points each finding's rule link at the rendered page. */
export function ruleDocLinks(): Pick<Middleware, 'handleDiagnostics'> {
  return {
    handleDiagnostics(uri, diagnostics, next) {
      for (const d of diagnostics) {
        // Changed in place: the client keeps what the server sent on these objects (for code actions).
        if (typeof d.code === 'object' && d.code.target) d.code = { value: d.code.value, target: ruleDocLink(String(d.code.value)) };
      }
      next(uri, diagnostics);
    },
  };
}

/** The link of a rule's page: a command link, which the Problems panel and the hover open. */
function ruleDocLink(ruleId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: 'command', path: SHOW_RULE_DOC_COMMAND, query: JSON.stringify([ruleId]) });
}

/** The shipped pages (`docs/rules/*.md`), read-only, under RULE_DOCS_SCHEME. */
class RuleDocsFileSystem implements vscode.FileSystemProvider {
  // The shipped pages do not change while the extension runs.
  readonly onDidChangeFile = new vscode.EventEmitter<vscode.FileChangeEvent[]>().event;

  constructor(private readonly docs: vscode.Uri) {}

  /** The shipped file of a page; anything else is not found. */
  private source(uri: vscode.Uri): vscode.Uri {
    const id = PAGE.exec(uri.path)?.[1];
    if (!id) throw vscode.FileSystemError.FileNotFound(uri);
    return vscode.Uri.joinPath(this.docs, 'rules', `${id}.md`);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    if (uri.path === '/' || uri.path === '/rules') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0, permissions: vscode.FilePermission.Readonly };
    const stat = await Promise.resolve(vscode.workspace.fs.stat(this.source(uri))).catch(() => {
      throw vscode.FileSystemError.FileNotFound(uri);
    });
    return { ...stat, permissions: vscode.FilePermission.Readonly };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return Promise.resolve(vscode.workspace.fs.readFile(this.source(uri))).catch(() => {
      throw vscode.FileSystemError.FileNotFound(uri);
    });
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    if (uri.path === '/') return [['rules', vscode.FileType.Directory]];
    if (uri.path !== '/rules') throw vscode.FileSystemError.FileNotFound(uri);
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(this.docs, 'rules'));
    return entries.filter(([name, type]) => type === vscode.FileType.File && PAGE.test(`/rules/${name}`));
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  createDirectory(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
}
