import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getLanguageService, TextDocument, type CompletionList, type Hover } from 'vscode-json-languageservice';
import { formatDocText, FORMAT_DOC_PATH, SCHEMA_PATH, schemaText } from '../../../scripts/generate';
import { COMPONENT_KINDS } from '../../../src/core/model/schema';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8'));

/** The JSON language service VS Code itself runs, configured with our schema the way package.json contributes it. */
function service() {
  const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8'));
  // Files point at the schema by a relative $schema: serve that one file, and nothing else, as VS Code would.
  const ls = getLanguageService({
    schemaRequestService: async (uri) => {
      if (uri.endsWith('/schemas/scale.schema.json')) return fs.readFileSync(SCHEMA_PATH, 'utf8');
      throw new Error(`no schema at ${uri}`);
    },
    workspaceContext: { resolveRelativePath: (rel, resource) => new URL(rel, resource).href },
  });
  ls.configure({ validate: true, allowComments: true, schemas: [{ uri: 'file:///scale.schema.json', fileMatch: ['*.scale.json'], schema }] });
  return ls;
}

/** Text with a `|` cursor marker, as a document and the cursor's position. */
function at(textWithCursor: string) {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const doc = TextDocument.create('file:///project/shop.scale.json', 'jsonc', 1, text);
  return { doc, pos: doc.positionAt(offset) };
}

describe('published JSON Schema', () => {
  it('is the one generated from the zod model (run `npm run generate` when this fails)', () => {
    assert.equal(fs.readFileSync(SCHEMA_PATH, 'utf8'), schemaText());
  });

  it('docs/format.md field tables are the generated ones (run `npm run generate` when this fails)', () => {
    const current = fs.readFileSync(FORMAT_DOC_PATH, 'utf8');
    assert.equal(current, formatDocText(current));
  });

  it('is draft-07 with a description on every property', () => {
    const schema = JSON.parse(schemaText());
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    const missing: string[] = [];
    const walk = (s: any, where: string) => {
      if (!s || typeof s !== 'object') return;
      for (const [k, v] of Object.entries<any>(s.properties ?? {})) {
        if (!v.description) missing.push(`${where}.${k}`);
        walk(v, `${where}.${k}`);
      }
      for (const alt of s.anyOf ?? []) walk(alt, where);
      if (s.items) walk(s.items, `${where}[]`);
      if (typeof s.additionalProperties === 'object') walk(s.additionalProperties, `${where}.*`);
    };
    walk(schema, '$');
    assert.deepEqual(missing, []);
  });

  it('is not contributed to VS Code\'s JSON service: *.scale.json is a language of its own, served by Scale alone, as is scale.config.json', () => {
    // One source of schema diagnostics, hovers, completions and outline: the language server, from the same zod model.
    assert.equal(pkg.contributes.jsonValidation, undefined);
    // The project configuration is JSON with comments; its diagnostics too come from the language server alone.
    assert.deepEqual(pkg.contributes.languages.map((l: any) => [l.id, l.filenamePatterns ?? l.filenames]), [['scale-topology', ['*.scale.json']], ['jsonc', ['scale.config.json']]]);
    const grammar = pkg.contributes.grammars.find((g: any) => g.language === 'scale-topology');
    const tm = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../', grammar.path), 'utf8'));
    assert.equal(tm.scopeName, grammar.scopeName);
    assert.deepEqual(tm.patterns, [{ include: 'source.json.comments' }], 'coloured by VS Code\'s own grammar of JSON with comments');
    assert.equal(pkg.activationEvents.includes('onLanguage:jsonc'), false, 'no activation for every JSONC file');
  });

  it('offers every component kind as a completion in VS Code\'s JSON service', async () => {
    const ls = service();
    const { doc, pos } = at('{ "version": 1, "name": "x", "workload": { "peakRps": 1 },\n  "components": { "api": { "kind": | } } }');
    const list = (await ls.doComplete(doc, pos, ls.parseJSONDocument(doc))) as CompletionList;
    const labels = list.items.map((i) => i.label.replace(/"/g, ''));
    for (const kind of COMPONENT_KINDS) assert.ok(labels.includes(kind), `completion for ${kind}: got ${labels.join(', ')}`);
  });

  it('offers the properties of a load balancer, and balancing algorithms, as completions', async () => {
    const ls = service();
    let { doc, pos } = at('{ "components": { "lb": { "kind": "loadBalancer", | } } }');
    let list = (await ls.doComplete(doc, pos, ls.parseJSONDocument(doc))) as CompletionList;
    const props = list.items.map((i) => i.label);
    for (const p of ['algorithm', 'healthCheck', 'stickySessions', 'instances']) assert.ok(props.includes(p), `property ${p}: got ${props.join(', ')}`);
    ({ doc, pos } = at('{ "components": { "lb": { "kind": "loadBalancer", "algorithm": | } } }'));
    list = (await ls.doComplete(doc, pos, ls.parseJSONDocument(doc))) as CompletionList;
    const values = list.items.map((i) => i.label.replace(/"/g, ''));
    assert.ok(values.includes('powerOfTwoChoices') && values.includes('leastConnections'), values.join(', '));
  });

  it('shows field descriptions on hover', async () => {
    const ls = service();
    const { doc, pos } = at('{ "workload": { "peak|Rps": 40000 } }');
    const hover = (await ls.doHover(doc, pos, ls.parseJSONDocument(doc))) as Hover;
    const text = JSON.stringify(hover.contents);
    assert.match(text, /Requests per second at peak/);
  });

  it('validates every example with no schema problems in VS Code\'s JSON service', async () => {
    const ls = service();
    const dir = path.join(__dirname, '../../../examples');
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.scale.json'))) {
      const doc = TextDocument.create(pathToFileURL(path.join(dir, f)).href, 'jsonc', 1, fs.readFileSync(path.join(dir, f), 'utf8'));
      const diags = await ls.doValidation(doc, ls.parseJSONDocument(doc), { comments: 'ignore', trailingCommas: 'ignore' });
      assert.deepEqual(diags.map((d) => `${f}:${d.range.start.line + 1} ${d.message}`), []);
    }
  });

  it('refuses weights that are all 0 in VS Code\'s JSON service, as the model does', async () => {
    const ls = service();
    const problems = async (weights: string) => {
      const doc = TextDocument.create('file:///project/w.scale.json', 'jsonc', 1,
        `{"version":1,"name":"x","workload":{"peakRps":1},"components":{"lb":{"kind":"loadBalancer","algorithm":"weighted","weights":${weights}}}}`);
      return (await ls.doValidation(doc, ls.parseJSONDocument(doc))).map((d) => d.message);
    };
    assert.equal((await problems('[0,0,0]')).length, 1);
    assert.deepEqual(await problems('[0,2,0]'), []);
  });
});
