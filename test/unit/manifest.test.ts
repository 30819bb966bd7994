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

  it('contributes each command the extension registers, and registers each one it contributes', () => {
    const extension = readFileSync(path.join(ROOT, 'src', 'extension', 'extension.ts'), 'utf8');
    const registered = [...extension.matchAll(/\bcommand\('(scale\.[\w.]+)'/g)].map((m) => m[1]).sort();
    const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.ok(registered.length >= 7, registered.join(', '));
    assert.deepEqual(registered, contributed);
  });

  it('offers Scale: Compare with HEAD in the command palette for a topology\'s editor and for its diagram', () => {
    const contributed = pkg.contributes.commands.find((c: { command: string }) => c.command === 'scale.compareWithHead');
    assert.deepEqual([contributed?.category, contributed?.title], ['Scale', 'Compare with HEAD']);
    const when: string = pkg.contributes.menus.commandPalette.find((m: { command: string }) => m.command === 'scale.compareWithHead')?.when ?? '';
    const topology = pkg.contributes.menus.commandPalette.find((m: { command: string }) => m.command === 'scale.openDiagram').when;
    assert.deepEqual(when.split(' || ').sort(), [topology, "activeWebviewPanelId == 'scale.diagram'"].sort());
  });
});
