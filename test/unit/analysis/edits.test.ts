/**
 * Fix edits laid out like the text around them: a property added to an object
 * written one property per line gets its own line with the object's
 * indentation (tabs or spaces, as many as the file uses) and the file's line
 * ending, and an object value is laid out over lines in that style; added to
 * an object written on one line, it stays on that line.
 */
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/findings';
import { setPropertyEdit } from '../../../src/core/analysis/edits';
import { NodeLocator } from '../../../src/core/model/locate';
import { parseDocument } from '../../../src/core/model/parse';

const CHECK = { interval: '2s', unhealthyThreshold: 3, timeout: '1s' };

/** The text after setting `key` of the object at `path`. */
function set(text: string, path: (string | number)[], key: string, value: unknown): string {
  const edit = setPropertyEdit(new NodeLocator(parseDocument(text).root), text, path, key, value);
  assert.ok(edit, 'an edit');
  return applyEdits(text, [edit]);
}

describe('setPropertyEdit', () => {
  it('two-space file: an object value gets one line per property, indented one level below its key', () => {
    const text = '{\n  "lb": {\n    "kind": "loadBalancer"\n  }\n}\n';
    assert.equal(set(text, ['lb'], 'healthCheck', CHECK),
      '{\n  "lb": {\n    "kind": "loadBalancer",\n    "healthCheck": {\n      "interval": "2s",\n      "unhealthyThreshold": 3,\n      "timeout": "1s"\n    }\n  }\n}\n');
  });

  it('tab-indented file: tabs, one per level', () => {
    const text = '{\n\t"lb": {\n\t\t"kind": "loadBalancer"\n\t}\n}\n';
    assert.equal(set(text, ['lb'], 'healthCheck', CHECK),
      '{\n\t"lb": {\n\t\t"kind": "loadBalancer",\n\t\t"healthCheck": {\n\t\t\t"interval": "2s",\n\t\t\t"unhealthyThreshold": 3,\n\t\t\t"timeout": "1s"\n\t\t}\n\t}\n}\n');
  });

  it('four-space file: four spaces per level', () => {
    const text = '{\n    "lb": {\n        "kind": "loadBalancer"\n    }\n}\n';
    assert.equal(set(text, ['lb'], 'healthCheck', { interval: '2s', calls: ['a', 'b'] }),
      '{\n    "lb": {\n        "kind": "loadBalancer",\n        "healthCheck": {\n            "interval": "2s",\n            "calls": [\n                "a",\n                "b"\n            ]\n        }\n    }\n}\n');
  });

  it('CRLF file: every inserted line break is CRLF', () => {
    const text = '{\r\n  "lb": {\r\n    "kind": "loadBalancer"\r\n  }\r\n}\r\n';
    const out = set(text, ['lb'], 'healthCheck', CHECK);
    assert.equal(out,
      '{\r\n  "lb": {\r\n    "kind": "loadBalancer",\r\n    "healthCheck": {\r\n      "interval": "2s",\r\n      "unhealthyThreshold": 3,\r\n      "timeout": "1s"\r\n    }\r\n  }\r\n}\r\n');
    assert.doesNotMatch(out, /[^\r]\n/);
  });

  it('lone-CR file: lone CR line breaks', () => {
    const text = '{\r  "lb": {\r    "kind": "loadBalancer"\r  }\r}\r';
    assert.equal(set(text, ['lb'], 'healthCheck', { interval: '2s' }),
      '{\r  "lb": {\r    "kind": "loadBalancer",\r    "healthCheck": {\r      "interval": "2s"\r    }\r  }\r}\r');
  });

  it('object written on one line: the property and its object value stay on that line, with spaces', () => {
    const text = '{\n  "lb": { "kind": "loadBalancer", "instances": 2 }\n}\n';
    assert.equal(set(text, ['lb'], 'healthCheck', CHECK),
      '{\n  "lb": { "kind": "loadBalancer", "instances": 2, "healthCheck": { "interval": "2s", "unhealthyThreshold": 3, "timeout": "1s" } }\n}\n');
  });

  it('several properties on the lines of a multi-line object: the new one gets its own line at their indentation', () => {
    const text = '{\n  "app": {\n    "kind": "service", "instances": 3,\n    "state": "local"\n  }\n}\n';
    assert.equal(set(text, ['app'], 'capacity', { rps: 500 }),
      '{\n  "app": {\n    "kind": "service", "instances": 3,\n    "state": "local",\n    "capacity": {\n      "rps": 500\n    }\n  }\n}\n');
  });

  it('replacing a value with an object lays it out like an added one', () => {
    const text = '{\n  "lb": {\n    "healthCheck": true\n  }\n}\n';
    assert.equal(set(text, ['lb'], 'healthCheck', { interval: '2s' }), '{\n  "lb": {\n    "healthCheck": {\n      "interval": "2s"\n    }\n  }\n}\n');
  });

  it('an empty object: one line when written on one line, else its own line one level in', () => {
    assert.equal(set('{ "rules": {} }', ['rules'], 'hot-key', 'off'), '{ "rules": { "hot-key": "off" } }');
    assert.equal(set('{\n\t"rules": {\n\t}\n}', ['rules'], 'hot-key', 'off'), '{\n\t"rules": {\n\t\t"hot-key": "off"\n\t}\n}');
  });

  it('a one-line document: stays on one line', () => {
    assert.equal(set('{"version":1,"components":{"a":{"kind":"client"}}}', ['components'], 'b', { kind: 'service', instances: 2 }),
      '{"version":1,"components":{"a":{"kind":"client"}, "b": { "kind": "service", "instances": 2 }}}');
  });
});
