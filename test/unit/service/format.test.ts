/**
 * Format Document on topologies: only white space changes (comments, key
 * order, values and duplicate keys stay as written), the findings are the
 * same after, a second format changes nothing, and a range formats only the
 * lines it covers.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../../src/core/check';
import type { TextEdit } from '../../../src/core/findings';
import { createLanguageService, type FormatOptions } from '../../../src/core/service/languageService';

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples');

function apply(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

/** A topology written carelessly: comments everywhere, one-line objects, a duplicate key, CRLF line ends, a trailing comma. */
const CARELESS = [
  '// payments, as first sketched',
  '{"version":1,"name":"pay",   /* the workload */ "workload":{"peakRps":300,"readFraction":0.5},',
  '"components":{"web":{"kind":"client","calls":["api"]},',
  '      "api":{"kind":"service","instances":1,"instances":2, // two, then',
  '  "calls":["db",]},',
  '"db":{"kind":"database"}}}',
  '',
].join('\r\n');

describe('language service: Format Document', () => {
  const service = createLanguageService({ scenarioBudgets: false });
  const texts: [string, string][] = [
    ['careless.scale.json', CARELESS],
    ...readdirSync(EXAMPLES).filter((f) => f.endsWith('.scale.json')).map((f): [string, string] => [f, readFileSync(path.join(EXAMPLES, f), 'utf8')]),
  ];

  for (const [name, text] of texts) {
    for (const options of [{ tabSize: 2, insertSpaces: true }, { tabSize: 4, insertSpaces: false, keepLines: true }] satisfies FormatOptions[]) {
      it(`${name}, ${options.insertSpaces ? `${options.tabSize} spaces` : 'tabs, lines kept'}: white space only, same findings, stable`, () => {
        const doc = { uri: `file:///w/${name}`, version: 1, text };
        const formatted = apply(text, service.format(doc, undefined, options));
        assert.equal(formatted.replace(/\s/g, ''), text.replace(/\s/g, ''));
        const findings = (t: string) => checkText(t, { scenarioBudgets: false }).findings.map((f) => `${f.ruleId} ${f.message}`);
        assert.deepEqual(findings(formatted), findings(text));
        assert.deepEqual(service.format({ ...doc, version: 2, text: formatted }, undefined, options), [], 'a second format changes nothing');
        // The document's line ends are kept.
        assert.equal(/\r\n/.test(formatted), /\r\n/.test(text));
        assert.ok(!/[^\r]\n/.test(formatted) || !/\r\n/.test(text));
      });
    }
  }

  it('lays out the careless file with the editor\'s indentation, one property a line, keeping its comments where they were', () => {
    const formatted = apply(CARELESS, service.format({ uri: 'file:///w/c.scale.json', version: 1, text: CARELESS }, undefined, { tabSize: 2, insertSpaces: true }));
    const lines = formatted.split('\r\n');
    assert.equal(lines[0], '// payments, as first sketched');
    assert.equal(lines[1], '{');
    assert.equal(lines[3], '  "name": "pay", /* the workload */');
    assert.deepEqual(lines.slice(9, 15), ['    "web": {', '      "kind": "client",', '      "calls": [', '        "api"', '      ]', '    },']);
    assert.ok(lines.includes('      "instances": 2, // two, then'), lines.join('\n'));
    assert.ok(lines.includes('        "db",'), lines.join('\n'));
    assert.equal(lines[lines.length - 1], '', 'the final line break is kept');
  });

  it('keeps the file\'s line breaks when asked (scale.format.keepLines), fixing indentation and spacing only', () => {
    const formatted = apply(CARELESS, service.format({ uri: 'file:///w/c.scale.json', version: 1, text: CARELESS }, undefined, { tabSize: 2, insertSpaces: true, keepLines: true }));
    const lines = formatted.split('\r\n');
    assert.equal(lines.length, CARELESS.split('\r\n').length);
    assert.equal(lines[2], '  "components": { "web": { "kind": "client", "calls": [ "api" ] },');
    assert.equal(lines[3], '    "api": { "kind": "service", "instances": 1, "instances": 2, // two, then');
  });

  it('formats only the lines a range covers', () => {
    const text = '{\n"version": 1,\n"workload": {"peakRps": 10},\n"components": {"web": {"kind": "client"}}\n}\n';
    const start = text.indexOf('"workload"');
    const end = text.indexOf('\n', start);
    const formatted = apply(text, service.format({ uri: 'file:///w/r.scale.json', version: 1, text }, { offset: start, length: end - start }, { tabSize: 2, insertSpaces: true }));
    assert.ok(formatted.includes('"workload": {\n  "peakRps": 10\n},'), formatted);
    assert.ok(formatted.includes('\n"version": 1,\n'), formatted);
    assert.ok(formatted.includes('\n"components": {"web": {"kind": "client"}}\n'), formatted);
  });
});
