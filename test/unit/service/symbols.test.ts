/**
 * The outline: one root named after the topology, its sections below, and
 * ranges an editor accepts (each selection range inside its range, each
 * child inside its parent), on good files and on half-typed ones.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TextRange } from '../../../src/core/findings';
import { createLanguageService, type SymbolItem } from '../../../src/core/service/languageService';
import { hostileText } from '../../support/hostileText';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

const TEXT = `{
  "version": 1,
  "name": "shop",
  "workload": { "peakRps": 2000 },
  "components": {
    "web": { "kind": "client", "calls": ["api"] },
    "api": { "kind": "service", "instances": 4 }
  },
  "scenarios": [ { "name": "api dies", "faults": [{ "at": "10s", "kill": "api#1" }] }, { "faults": [] } ],
  "rules": { "capacity": "off" }
}`;

const symbolsOf = (text: string) => createLanguageService().symbols({ uri: 'file:///w/t.scale.json', version: 1, text });

const inside = (inner: TextRange, outer: TextRange) => inner.offset >= outer.offset && inner.offset + inner.length <= outer.offset + outer.length;

/** Where a symbol's ranges do not nest as LSP requires. */
function badRanges(symbols: SymbolItem[], parent?: SymbolItem): string[] {
  return symbols.flatMap((s) => [
    ...(inside(s.selectionRange, s.range) ? [] : [`${s.name}: selection range outside its range`]),
    ...(parent && !inside(s.range, parent.range) ? [`${s.name}: outside its parent ${parent.name}`] : []),
    ...badRanges(s.children ?? [], s),
  ]);
}

/** The outline as indented lines: name, and detail after a colon. */
function outline(symbols: SymbolItem[], indent = ''): string[] {
  return symbols.flatMap((s) => [`${indent}${s.kind} ${s.name}${s.detail ? `: ${s.detail}` : ''}`, ...outline(s.children ?? [], `${indent}  `)]);
}

describe('language service: the outline', () => {
  it('is one root named after the topology, with the file\'s sections below it', () => {
    const symbols = symbolsOf(TEXT);
    assert.deepEqual(outline(symbols), [
      'topology shop: 2 components · 2 scenarios',
      '  section version',
      '  section name',
      '  section workload',
      '  section components',
      '    component web: client',
      '    component api: service · 4 instances',
      '  section scenarios',
      '    scenario api dies',
      '    scenario scenario 2',
      '  section rules',
      '    rule capacity: off',
    ]);
    const [root] = symbols;
    assert.deepEqual(root!.range, { offset: 0, length: TEXT.length });
    assert.equal(TEXT.slice(root!.selectionRange.offset, root!.selectionRange.offset + root!.selectionRange.length), '"shop"');
  });

  it('names the root as the value does when the name is given twice', () => {
    assert.equal(symbolsOf(TEXT.replace('"name": "shop"', '"name": "shop", "name": "store"'))[0]!.name, 'store');
  });

  it('falls back to "topology" when the file has no usable name', () => {
    for (const name of [undefined, '""', '"   "', '42', '{ "x": 1 }']) {
      const text = name === undefined ? TEXT.replace('"name": "shop",', '') : TEXT.replace('"shop"', name);
      const [root, ...rest] = symbolsOf(text);
      assert.equal(rest.length, 0);
      assert.equal(root!.name, 'topology', String(name));
      assert.deepEqual(badRanges([root!]), [], String(name));
    }
  });

  it('keeps ranges nested on the examples, the hostile-text fixture and half-typed files', () => {
    const texts = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.scale.json')).map((f) => fs.readFileSync(path.join(EXAMPLES, f), 'utf8'));
    texts.push(hostileText(), TEXT.replace('"api dies"', '"api dies'), TEXT.replace('"instances": 4 }', '"instances": '), TEXT.slice(0, TEXT.indexOf('"scenarios"')), TEXT.replace('"name": "shop"', '"name": "shop", "name": "again"'));
    for (const text of texts) {
      const symbols = symbolsOf(text);
      assert.equal(symbols.length, 1, text.slice(0, 80));
      assert.deepEqual(badRanges(symbols), [], text.slice(0, 80));
    }
  });

  it('has nothing to show for a file that is not an object', () => {
    for (const text of ['', '[]', '"shop"', '['.repeat(100)]) assert.deepEqual(symbolsOf(text), [], text);
  });

  // Regression: a value the reader left unread (an object two levels down, here a rule's) answered `value` with a
  // method of its own, where a node of an object has none: the rule's detail showed that method's source code.
  it('shows no detail for a rule whose value is not a severity', () => {
    const text = TEXT.replace('"rules": { "capacity": "off" }', '"rules": { "capacity": { "severity": "off" } }');
    assert.deepEqual(outline(symbolsOf(text)).filter((line) => line.includes('rule ')), ['    rule capacity']);
  });
});
