/**
 * A file nested 100,000 deep, which the reader refuses before any recursive
 * parse: no feature of the language service may hand it to jsonc-parser's
 * recursive functions either (they overflow the stack somewhere between
 * 3,000 and 10,000 levels), wherever the cursor is.
 */
import assert from 'node:assert/strict';
import { buildDiagram } from '../../../src/core/diagram/diagramModel';
import { createLanguageService, type DocumentInput } from '../../../src/core/service/languageService';

const DEPTH = 100_000;

/** Deep texts: bare brackets, nested objects, and a deep value inside a topology that starts well. */
const TEXTS: Record<string, string> = {
  'unclosed brackets': '['.repeat(DEPTH),
  'nested objects': '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH),
  'a deep value in a component': `{
  "version": 1, "name": "deep", "workload": { "peakRps": 100 },
  "components": {
    "web": { "kind": "client", "calls": ["api"] },
    "api": { "kind": "service", "calls": [${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}] }
  },
  "scenarios": [ { "name": "s", "faults": [ { "at": "1s", "kill": "api" } ] } ],
  "rules": { "capacity": "off" }
}`,
};

/** Offsets to ask at: the start, inside the well-formed head, in the deep part, and the end. */
function offsets(text: string): number[] {
  const head = ['"api"', '"calls"', '"kill": "', '"capacity"', '"a":'].map((n) => text.indexOf(n)).filter((o) => o >= 0).map((o) => o + 1);
  return [0, 1, ...head, text.length >> 1, text.length - 1, text.length];
}

describe('language service: a file nested 100,000 deep', function () {
  this.timeout(60_000);

  for (const [name, text] of Object.entries(TEXTS)) {
    it(`every feature answers on ${name}, wherever the cursor is`, () => {
      const service = createLanguageService();
      const doc: DocumentInput = { uri: 'file:///w/deep.scale.json', version: 1, text };
      const result = service.check(doc);
      assert.match(result.findings[0]!.message, /Nesting is deeper than 64 levels/);
      for (const o of offsets(text)) {
        assert.equal(service.hover(doc, o), undefined, `hover at ${o}`);
        assert.deepEqual(service.completions(doc, o), [], `completions at ${o}`);
        assert.deepEqual(service.definition(doc, o), [], `definition at ${o}`);
        assert.deepEqual(service.references(doc, o, true), [], `references at ${o}`);
        assert.equal(service.prepareRename(doc, o), undefined, `prepareRename at ${o}`);
        assert.ok('error' in service.rename(doc, o, 'renamed'), `rename at ${o}`);
        assert.deepEqual(service.codeActions(doc, { offset: o, length: 1 }), [], `code actions at ${o}`);
      }
      assert.deepEqual(service.format(doc, undefined, { tabSize: 2, insertSpaces: true }), []);
      assert.deepEqual(service.symbols(doc), []);
      assert.deepEqual(service.codeLenses(doc), []);
      assert.deepEqual(buildDiagram(result).nodes, []);
    });
  }
});
