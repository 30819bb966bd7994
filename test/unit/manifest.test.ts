/**
 * The extension's manifest as VS Code and the Marketplace read it: what
 * activates the extension, how far each setting reaches, and how its page
 * looks (icon, banner).
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

  it('names a 128×128 PNG icon, the only icon format and size the Marketplace takes', () => {
    assert.equal(typeof pkg.icon, 'string', 'package.json has no "icon"');
    const png = readFileSync(path.join(ROOT, pkg.icon));
    // The PNG signature, then the IHDR chunk: width and height as big-endian 32-bit integers.
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${pkg.icon} is not a PNG`);
    assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });

  it('gives the Marketplace page a banner whose text theme suits its colour, and on which the icon shows', () => {
    const { color, theme } = pkg.galleryBanner ?? {};
    assert.match(color, /^#[0-9a-f]{6}$/i, 'galleryBanner.color');
    assert.ok(theme === 'dark' || theme === 'light', `galleryBanner.theme is ${theme}`);
    // WCAG's relative luminance and contrast ratio: the theme says the text on the banner is light (dark) or dark (light).
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const contrast = (a: string, b: string) => (Math.max(luminance(a), luminance(b)) + 0.05) / (Math.min(luminance(a), luminance(b)) + 0.05);
    assert.ok(contrast(color, theme === 'dark' ? '#ffffff' : '#000000') >= 4.5, `${theme} text on ${color}`);
    const iconColour = /stroke="(#[0-9a-f]{6})"/i.exec(readFileSync(path.join(ROOT, 'media', 'icon.svg'), 'utf8'))![1]!;
    assert.ok(contrast(color, iconColour) >= 3, `the icon's ${iconColour} on ${color}`);
  });

  it('keeps a changelog whose newest section is the coming release or the manifest\'s version', () => {
    // Keep a Changelog: "## [Unreleased]" or "## [1.2.3] - 2026-01-31", newest first, each heading's link defined below.
    const changelog = readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
    const sections = [...changelog.matchAll(/^## \[([^\]]+)\](.*)$/gm)].map((m) => ({ name: m[1]!, rest: m[2]! }));
    assert.ok(sections.length > 0, 'CHANGELOG.md has no "## [version]" section');
    assert.ok(['Unreleased', pkg.version].includes(sections[0]!.name), `the newest section is ${sections[0]!.name}`);
    for (const { name, rest } of sections) {
      if (name !== 'Unreleased') assert.match(rest, /^ - \d{4}-\d{2}-\d{2}$/, `the date of ${name}`);
      assert.match(changelog, new RegExp(`^\\[${name.replace(/\./g, '\\.')}\\]: https://`, 'm'), `the link of [${name}]`);
    }
  });
});
