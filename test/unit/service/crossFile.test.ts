/**
 * Navigation and rename across topology files in the language service, on
 * plain Node with files in memory: a chain of imports (a design imports auth
 * from a file that imports it from the platform and exports it again), the
 * declaration found through it, every place the id is written in every file,
 * one rename of all of them, and the refusals when the new name is taken.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { applyEdits } from 'jsonc-parser';
import { checkText } from '../../../src/core/check';
import { RecordingImportHost } from '../../../src/core/model/imports';
import { createLanguageService, type DocumentInput, type LocationItem } from '../../../src/core/service/languageService';
import { MemoryHost } from '../../support/memoryImportHost';

const json = (value: unknown) => JSON.stringify(value, null, 2);

const FILES: Record<string, string> = {
  '/repo/platform.scale.json': json({
    version: 1,
    name: 'platform',
    workload: { peakRps: 100 },
    components: {
      products: { kind: 'client', calls: ['auth'] },
      auth: { kind: 'service', instances: 2, zones: ['a', 'b'], calls: ['auth-db'] },
      'auth-db': { kind: 'database', instances: 2 },
    },
    exports: ['auth'],
  }),
  // Imports auth and offers it again to what imports this file.
  '/repo/edge.scale.json': json({
    version: 1,
    name: 'edge',
    imports: [{ from: './platform.scale.json', components: ['auth'] }],
    workload: { peakRps: 100 },
    components: { devices: { kind: 'client', calls: ['gateway'] }, gateway: { kind: 'service', instances: 2, zones: ['a', 'b'], calls: ['auth'] } },
    exports: ['gateway', 'auth'],
  }),
  '/repo/shop/shop.scale.json': json({
    version: 1,
    name: 'shop',
    imports: [{ from: '../edge.scale.json', components: ['gateway', 'auth'] }],
    workload: { peakRps: 100 },
    components: { users: { kind: 'client', calls: ['gateway', 'auth'] }, orders: { kind: 'service', instances: 2, zones: ['a', 'b'] } },
    scenarios: [{ name: 'auth node dies', faults: [{ at: '1s', kill: 'auth#1' }] }],
  }),
};

const uriOf = (file: string) => `file://${file}`;
const fileOf = (uri: string) => uri.slice('file://'.length);
const docOf = (file: string, files = FILES): DocumentInput => ({ uri: uriOf(file), version: 1, text: files[file]! });
const serviceOver = (files = FILES) => createLanguageService({ importsOf: (uri) => ({ host: new RecordingImportHost(new MemoryHost(files)), file: fileOf(uri), cache: new Map() }) });
/** Every file but `file`, as the editor reads the files that import the platform. */
const othersOf = (service: ReturnType<typeof serviceOver>, file: string, files = FILES) =>
  Object.keys(files).filter((f) => f !== file).map((f) => service.linkedFile(docOf(f, files), path.posix.basename(f)));
const offsetIn = (file: string, needle: string, delta = 2) => FILES[file]!.indexOf(needle) + delta;
/** Locations as "file: text there". */
const shown = (asked: string, items: LocationItem[]) =>
  items.map((l) => `${path.posix.basename(l.file ?? asked)}: ${FILES[l.file ?? asked]!.slice(l.range.offset, l.range.offset + l.range.length)}`);

describe('language service: components across files', () => {
  it('goes from a name imported through another file to its declaration in the file that declares it', () => {
    const service = serviceOver();
    const shop = '/repo/shop/shop.scale.json';
    for (const needle of ['"auth"\n      ]', '"auth"\n      ]\n    },\n    "orders"']) {
      assert.deepEqual(shown(shop, service.definition(docOf(shop), offsetIn(shop, needle))), ['platform.scale.json: "auth"'], needle);
    }
    assert.deepEqual(shown(shop, service.definition(docOf(shop), offsetIn(shop, '"gateway"'))), ['edge.scale.json: "gateway"']);
  });

  it('finds every place the id is written, in every file of the chain, from any of them', () => {
    const expected = [
      'platform.scale.json: "auth"', 'platform.scale.json: "auth"', 'platform.scale.json: "auth"',
      'edge.scale.json: "auth"', 'edge.scale.json: "auth"', 'edge.scale.json: "auth"',
      'shop.scale.json: "auth"', 'shop.scale.json: "auth"', 'shop.scale.json: "auth#1"',
    ].sort();
    const service = serviceOver();
    for (const [file, needle] of [['/repo/platform.scale.json', '"auth": {'], ['/repo/edge.scale.json', '"auth"\n  ]'], ['/repo/shop/shop.scale.json', '"auth#1"']] as const) {
      const refs = service.references(docOf(file), offsetIn(file, needle), true, othersOf(service, file));
      assert.deepEqual(shown(file, refs).sort(), expected, file);
    }
  });

  it('renames it in every file at once; each file then checks without an error', () => {
    const service = serviceOver();
    const file = '/repo/shop/shop.scale.json';
    const r = service.rename(docOf(file), offsetIn(file, '"auth#1"'), 'identity', othersOf(service, file));
    assert.ok('edits' in r, JSON.stringify(r));
    const renamed: Record<string, string> = { [file]: applyEdits(FILES[file]!, r.edits.map((e) => ({ offset: e.offset, length: e.length, content: e.newText }))) };
    for (const o of r.others ?? []) renamed[o.file] = applyEdits(FILES[o.file]!, o.edits.map((e) => ({ offset: e.offset, length: e.length, content: e.newText })));
    assert.deepEqual(Object.keys(renamed).sort(), Object.keys(FILES).sort());
    assert.doesNotMatch(Object.values(renamed).join('\n'), /"auth[#"]/);
    for (const [f, text] of Object.entries(renamed)) {
      const checked = checkText(text, { imports: { host: new MemoryHost(renamed), file: f } });
      assert.deepEqual(checked.findings.filter((x) => x.severity === 'error').map((x) => x.message), [], f);
    }
  });

  it('renames a component in its own file together with the file\'s exports of it', () => {
    const service = createLanguageService();
    const text = FILES['/repo/platform.scale.json']!;
    const r = service.rename({ uri: 'file:///p.scale.json', version: 1, text }, text.indexOf('"auth": {') + 2, 'identity');
    assert.ok('edits' in r);
    assert.match(applyEdits(text, r.edits.map((e) => ({ offset: e.offset, length: e.length, content: e.newText }))), /"exports": \[\n {4}"identity"\n {2}\]/);
  });

  it('refuses a new name taken in any file the component is in, named or brought along, and says which', () => {
    const service = serviceOver();
    const platform = '/repo/platform.scale.json';
    const others = othersOf(service, platform);
    const rename = (needle: string, to: string) => service.rename(docOf(platform), offsetIn(platform, needle), to, others);
    assert.deepEqual(rename('"auth": {', 'orders'), { error: 'A component named "orders" already exists in shop.scale.json' });
    assert.deepEqual(rename('"auth": {', 'products'), { error: 'A component named "products" already exists' });
    // auth-db comes to edge and shop with auth: their own ids are taken for it, though neither names it.
    assert.deepEqual(rename('"auth-db": {', 'devices'), { error: 'A component named "devices" already exists in edge.scale.json' });
    const ok = rename('"auth-db": {', 'accounts');
    assert.ok('edits' in ok && ok.others === undefined, JSON.stringify(ok));
  });
});
