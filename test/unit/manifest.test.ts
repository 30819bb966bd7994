/**
 * The extension's manifest as VS Code reads it: what activates the
 * extension, and how far each setting reaches.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('the extension manifest', () => {
  it('activates for a diagram panel restored after a reload, whose serializer the extension registers', () => {
    const panel = readFileSync(path.join(ROOT, 'src', 'extension', 'diagramPanel.ts'), 'utf8');
    const viewType = /static readonly viewType = '([^']+)'/.exec(panel)![1];
    assert.ok(pkg.activationEvents.includes(`onWebviewPanel:${viewType}`), pkg.activationEvents.join(', '));
  });

  it('gives every setting a scope: "window", as the language server reads settings for the whole window', () => {
    const properties = Object.entries<{ scope?: string }>(pkg.contributes.configuration.properties);
    assert.ok(properties.length >= 4);
    assert.deepEqual(properties.filter(([, p]) => p.scope !== 'window').map(([k]) => k), []);
    // The server asks for the section without a resource: a folder's own value would not be read.
    const server = readFileSync(path.join(ROOT, 'src', 'server', 'server.ts'), 'utf8');
    assert.match(server, /getConfiguration\('scale'\)/);
  });
});
