/**
 * The project configuration's published JSON Schema
 * (schemas/scale.config.schema.json): generated from its zod model, placed
 * beside the format's, and read by a JSON language service that knows
 * nothing of Scale the way the model reads the file.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { getLanguageService, TextDocument, type CompletionList } from 'vscode-json-languageservice';
import { CONFIG_SCHEMA_PATH, configSchemaText, SCHEMA_PATH } from '../../../scripts/generate';
import { checkConfigText } from '../../../src/core/projectConfig';

const schema = JSON.parse(fs.readFileSync(CONFIG_SCHEMA_PATH, 'utf8'));

/** A JSON language service with the schema mapped to scale.config.json, and what it says of a text. */
function service() {
  const ls = getLanguageService({ schemaRequestService: async (uri) => { throw new Error(`nothing is served at ${uri}`); } });
  ls.configure({ validate: true, schemas: [{ uri: schema.$id, fileMatch: ['scale.config.json'], schema }] });
  const docOf = (text: string) => TextDocument.create('file:///project/scale.config.json', 'json', 1, text);
  return {
    problems: async (text: string) => {
      const doc = docOf(text);
      return (await ls.doValidation(doc, ls.parseJSONDocument(doc))).map((d) => d.message);
    },
    completions: async (text: string, at: number) => {
      const doc = docOf(text);
      return ((await ls.doComplete(doc, doc.positionAt(at), ls.parseJSONDocument(doc))) as CompletionList).items.map((i) => i.label);
    },
  };
}

describe('the project configuration\'s JSON Schema', () => {
  it('is the one generated from the zod model (run `npm run generate` when this fails)', () => {
    assert.equal(fs.readFileSync(CONFIG_SCHEMA_PATH, 'utf8'), configSchemaText());
  });

  it('is draft-07, published beside the format\'s schema, and allows comments and trailing commas', () => {
    const format = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8'));
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(schema.$id, format.$id.replace(/scale\.schema\.json$/, 'scale.config.schema.json'));
    assert.equal(schema.allowComments, true);
    assert.equal(schema.allowTrailingCommas, true);
    assert.deepEqual(Object.keys(schema.properties), ['$schema', 'rules', 'ignore', 'seed']);
    for (const [key, p] of Object.entries<{ description?: string }>(schema.properties)) assert.ok(p.description, key);
  });

  it('accepts and refuses what the model does', async () => {
    const { problems } = service();
    const samples = [
      '{}',
      '{ // the team\'s\n "rules": { "capacity": "error", "too-few-vnodes": "off" }, "ignore": ["legacy/**"], "seed": 7, }',
      '{ "rulez": {} }',
      '{ "rules": { "capacty": "off" } }',
      '{ "rules": { "capacity": "warn" } }',
      '{ "rules": { "syntax": "off" } }',
      '{ "ignore": ["/abs/**"] }',
      '{ "ignore": ["!keep"] }',
      '{ "ignore": ["a/../../b"] }',
      '{ "ignore": [""] }',
      '{ "seed": 1.5 }',
      '{ "seed": 4294967296 }',
    ];
    for (const text of samples) {
      const model = checkConfigText(text).findings.map((f) => f.message);
      const json = await problems(text);
      assert.equal(json.length > 0, model.length > 0, `${text}\nmodel: ${model.join('; ')}\nschema: ${json.join('; ')}`);
    }
  });

  it('offers its settings and every configurable rule as completions', async () => {
    const { completions } = service();
    assert.deepEqual((await completions('{  }', 2)).sort(), ['$schema', 'ignore', 'rules', 'seed']);
    const rules = await completions('{ "rules": {  } }', 13);
    assert.ok(rules.includes('capacity') && rules.includes('scenario-budget') && !rules.includes('syntax'), rules.join(', '));
  });
});
