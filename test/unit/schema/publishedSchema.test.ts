/**
 * The JSON Schema as tools that know nothing of Scale meet it: served from
 * the npm package at a public URL (its `$id`), found through a file's
 * `$schema` or through SchemaStore's catalog, and read by a JSON language
 * server with its default settings (VS Code without the extension, Neovim,
 * Helix and Zed with vscode-json-languageserver).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { applyEdits, modify } from 'jsonc-parser';
import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import { CATALOG_ENTRY_PATH, catalogEntryText, compatibleRange, SCHEMA_PATH } from '../../../scripts/generate';

const ROOT = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const schemaFile = fs.readFileSync(SCHEMA_PATH, 'utf8');
const schema = JSON.parse(schemaFile);
const EXAMPLES = path.join(ROOT, 'examples');
const examples = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.scale.json')).sort();

/**
 * A JSON language service as a generic editor runs it: no Scale settings,
 * comments not allowed by default, schemas fetched by URL (only the
 * published one answers here) and associated by the catalog's fileMatch.
 */
function genericJsonService(associations: { uri: string; fileMatch: string[] }[] = []) {
  const fetched: string[] = [];
  const ls = getLanguageService({
    schemaRequestService: async (uri) => {
      fetched.push(uri);
      if (uri === schema.$id) return schemaFile;
      throw new Error(`nothing is served at ${uri}`);
    },
    workspaceContext: { resolveRelativePath: (rel, resource) => new URL(rel, resource).href },
  });
  ls.configure({ validate: true, schemas: associations });
  return { ls, fetched };
}

/** The problems a generic JSON service reports on a `*.scale.json` file (language `json`, as its extension says). */
async function problems(service: ReturnType<typeof genericJsonService>, name: string, text: string): Promise<string[]> {
  const doc = TextDocument.create(pathToFileURL(path.join(ROOT, 'designs', name)).href, 'json', 1, text);
  const diags = await service.ls.doValidation(doc, service.ls.parseJSONDocument(doc));
  return diags.map((d) => `${name}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
}

/** The text with its `$schema` set to `url`, or removed when `url` is undefined. */
function withSchema(text: string, url: string | undefined): string {
  return applyEdits(text, modify(text, ['$schema'], url, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
}

describe('the published JSON Schema, read by tools that know nothing of Scale', () => {
  it('has as $id the schema file of the npm package on jsDelivr, for the versions compatible with this one', () => {
    const url = new URL(schema.$id);
    assert.equal(url.origin, 'https://cdn.jsdelivr.net');
    assert.equal(url.pathname, `/npm/${pkg.name}@${compatibleRange(pkg.version)}/${path.relative(ROOT, SCHEMA_PATH).split(path.sep).join('/')}`);
  });

  it('takes the compatible range of a version as npm\'s caret does: the major, or before 1.0 what may change the format', () => {
    assert.equal(compatibleRange('0.1.0'), '0.1');
    assert.equal(compatibleRange('0.4.7'), '0.4');
    assert.equal(compatibleRange('0.0.3'), '0.0.3');
    assert.equal(compatibleRange('1.0.0'), '1');
    assert.equal(compatibleRange('2.3.1-beta.2'), '2');
  });

  it('allows comments and trailing commas, as the format does, and keeps its title, description and examples', () => {
    assert.equal(schema.allowComments, true);
    assert.equal(schema.allowTrailingCommas, true);
    assert.equal(schema.title, 'Scale topology');
    assert.match(schema.description, /distributed system/);
    assert.deepEqual(schema.properties.name.examples, ['url-shortener']);
  });

  it('has a SchemaStore catalog entry, generated, that maps *.scale.json to its $id (run `npm run generate` when this fails)', () => {
    const text = fs.readFileSync(CATALOG_ENTRY_PATH, 'utf8');
    assert.equal(text, catalogEntryText());
    assert.deepEqual(JSON.parse(text), {
      name: 'Scale topology',
      description: schema.description,
      fileMatch: ['*.scale.json'],
      url: schema.$id,
    });
  });

  it('gives no problem on any example pointed at it by $schema: comments and trailing commas included', async () => {
    const service = genericJsonService();
    const found: string[] = [];
    for (const name of examples) {
      const text = withSchema(fs.readFileSync(path.join(EXAMPLES, name), 'utf8'), schema.$id);
      assert.match(text, /\/\/ /, `${name} has comments, which this test is about`);
      found.push(...await problems(service, name, text));
    }
    const trailing = `{ "$schema": "${schema.$id}", // a comment
      "version": 1, "name": "x", "workload": { "peakRps": 1, },
      "components": { "api": { "kind": "service", }, }, }`;
    found.push(...await problems(service, 'trailing.scale.json', trailing));
    assert.deepEqual(found, []);
    assert.deepEqual([...new Set(service.fetched)], [schema.$id]);
  });

  it('gives no problem on any example found by the catalog\'s fileMatch alone, with no $schema', async () => {
    const entry = JSON.parse(catalogEntryText());
    const service = genericJsonService([{ uri: entry.url, fileMatch: entry.fileMatch }]);
    const found: string[] = [];
    for (const name of examples) found.push(...await problems(service, name, withSchema(fs.readFileSync(path.join(EXAMPLES, name), 'utf8'), undefined)));
    assert.deepEqual(found, []);
    assert.deepEqual([...new Set(service.fetched)], [schema.$id]);
    // And it does validate: a mistake is reported.
    assert.match((await problems(service, 'typo.scale.json', '{ "version": 1, "nmae": "x" }')).join('\n'), /nmae/);
  });
});
