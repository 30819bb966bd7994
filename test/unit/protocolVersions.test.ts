/**
 * The extension's language client, the language server and the tests' own
 * client speak one version of the LSP protocol package: two versions in the
 * bundles would be two sets of message types and capabilities that can
 * drift apart (a capability one side declares and the other does not know).
 * Checked in the lockfile (what an install gives) and in node_modules (what
 * this checkout builds with).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const PROTOCOL = 'vscode-languageserver-protocol';
/** The packages whose protocol must be one: the extension's client, the server, and the protocol the tests speak directly. */
const USERS = ['vscode-languageclient', 'vscode-languageserver'];

/**
 * The version of `dependency` that `user` (a top-level package; '' for the
 * project itself) gets, as Node resolves it: from the user's own
 * node_modules if it has a copy, else from the top level.
 */
function resolvedVersion(dependency: string, user: string, versionAt: (packagePath: string) => string | undefined): string | undefined {
  const nested = user === '' ? undefined : versionAt(`node_modules/${user}/node_modules/${dependency}`);
  return nested ?? versionAt(`node_modules/${dependency}`);
}

/** Asserts that the client, the server and the project resolve one protocol version, reading versions with `versionAt`. */
function assertOneVersion(versionAt: (packagePath: string) => string | undefined): void {
  const versions = Object.fromEntries(['', ...USERS].map((user) => [user || 'scale-topology', resolvedVersion(PROTOCOL, user, versionAt)]));
  assert.equal(new Set(Object.values(versions)).size, 1, `${PROTOCOL} by who resolves it: ${JSON.stringify(versions)}`);
}

describe('one LSP protocol version', () => {
  it('for the client, the server and the tests, in package-lock.json', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
    assertOneVersion((p) => lock.packages[p]?.version);
  });

  it('for the client, the server and the tests, as installed (run npm install when only this fails)', () => {
    assertOneVersion((p) => {
      const file = path.join(ROOT, p, 'package.json');
      return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version : undefined;
    });
  });
});
