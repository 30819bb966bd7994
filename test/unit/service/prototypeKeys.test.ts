/**
 * Keys named like members of Object.prototype (`valueOf`, `toString`,
 * `hasOwnProperty`, …) as component ids, property names and nested keys:
 * every feature of the language service answers at every offset, and reads
 * only what the file declares, never an inherited member.
 */
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/findings';
import { createLanguageService, type DocumentInput } from '../../../src/core/service/languageService';

/** Object.prototype's members, `__proto__` and `constructor` included. */
const NAMES = Object.getOwnPropertyNames(Object.prototype);

const members = (value: string) => NAMES.map((n) => `${JSON.stringify(n)}: ${value}`).join(', ');

/** A topology whose ids, properties, nested keys and references all take those names. */
const TEXT = `{
  "version": 1, "name": "valueOf", ${members('1')},
  "workload": { "peakRps": 1000, ${members('{}')}, "keys": { ${members('"x"')} } },
  "components": {
    "users": { "kind": "client", "calls": [${NAMES.map((n) => JSON.stringify(n)).join(', ')}] },
${NAMES.map((n) => `    ${JSON.stringify(n)}: { "kind": "service", "instances": 2, "${n}": "", "capacity": { "${n}": 0 }, "healthCheck": { "${n}": [] }, "calls": [""], "sessionStore": "", "sharding": { "${n}": { "${n}": "" } } }`).join(',\n')},
    "members": { "kind": "service", ${members('""')}, "capacity": { ${members('0')} }, "healthCheck": { ${members('[]')} } },
    "store": { "kind": "database", "instances": 3, "replication": { ${members('{}')}, "failover": { ${members('1')} } }, "sharding": { "strategy": "toString", "key": { ${members('""')} } } }
  },
  "scenarios": [ { "name": "toString", ${members('""')}, "faults": [ { "at": "1s", "kill": "valueOf#1", ${members('""')} }, { "at": "2s", "addShards": { "target": "", ${members('""')} } } ], "expect": { ${members('0')} } } ],
  "rules": { ${members('"off"')} }
}`;

const doc: DocumentInput = { uri: 'file:///w/prototype.scale.json', version: 1, text: TEXT };

describe('language service: keys named like Object.prototype members', function () {
  this.timeout(60_000);

  it('every feature answers at every offset', () => {
    const service = createLanguageService();
    const failures: string[] = [];
    const features = {
      hover: (o: number) => service.hover(doc, o),
      completions: (o: number) => service.completions(doc, o),
      definition: (o: number) => service.definition(doc, o),
      references: (o: number) => service.references(doc, o, true),
      prepareRename: (o: number) => service.prepareRename(doc, o),
      rename: (o: number) => service.rename(doc, o, 'renamed'),
      codeActions: (o: number) => service.codeActions(doc, { offset: o, length: 0 }),
    };
    for (let o = 0; o <= TEXT.length; o++) {
      for (const [name, feature] of Object.entries(features)) {
        try {
          feature(o);
        } catch (e) {
          if (failures.length < 20) failures.push(`${name} at ${o} (${JSON.stringify(TEXT.slice(o - 15, o + 15))}): ${String(e)}`);
        }
      }
    }
    assert.doesNotThrow(() => service.symbols(doc));
    assert.doesNotThrow(() => service.codeLenses(doc));
    assert.deepEqual(failures, []);
  });

  it('completes the properties a component may have under a key named like a member', () => {
    const service = createLanguageService();
    for (const n of ['valueOf', 'toString', 'hasOwnProperty', 'isPrototypeOf']) {
      // A new key being typed in the component named n.
      const text = TEXT.replace(`${JSON.stringify(n)}: { "kind": "service", `, `${JSON.stringify(n)}: { "": 1, "kind": "service", `);
      const at = text.indexOf(`${JSON.stringify(n)}: { ""`) + JSON.stringify(n).length + 5;
      const labels = service.completions({ ...doc, text }, at).map((c) => c.label);
      assert.ok(labels.includes('description') && labels.includes('zones'), `${n}: ${labels.join(', ')}`);
      assert.ok(!labels.includes('kind') && !labels.includes('instances'), `${n}: offers keys already present: ${labels.join(', ')}`);
    }
  });

  it('completes values of properties and nested keys named like members, offering nothing the model lacks', () => {
    const service = createLanguageService();
    for (const n of ['valueOf', 'toString', 'hasOwnProperty', 'isPrototypeOf', 'constructor']) {
      // `workload.<n>` and `components.store.replication.failover.<n>` are not in the model: nothing to offer, no throw.
      const inWorkload = TEXT.indexOf(`"${n}": {}`, TEXT.indexOf('"workload"')) + n.length + 4;
      assert.deepEqual(service.completions(doc, inWorkload), [], n);
    }
    // The calls of a component named toString still complete ids, itself left out.
    const calls = TEXT.indexOf('"calls": [""]', TEXT.indexOf('"toString": { "kind"')) + 11;
    const labels = service.completions(doc, calls).map((c) => c.label);
    assert.ok(labels.includes('valueOf') && labels.includes('store') && !labels.includes('toString'), labels.join(', '));
  });

  it('hovers, goes to and renames a component named like a member', () => {
    const service = createLanguageService();
    const ref = TEXT.indexOf('"valueOf#1"') + 2;
    assert.match(service.hover(doc, ref)!.markdown, /^\*\*valueOf\*\*/);
    const [{ range: decl }] = service.definition(doc, ref) as [{ range: { offset: number; length: number } }];
    assert.equal(TEXT.slice(decl!.offset, decl!.offset + decl!.length), '"valueOf"');
    assert.ok(TEXT.slice(decl!.offset + decl!.length).startsWith(': { "kind": "service"'));
    const renamed = service.rename(doc, ref, 'api');
    assert.ok('edits' in renamed);
    const text = applyEdits(TEXT, renamed.edits);
    assert.ok(text.includes('"api": { "kind": "service"') && text.includes('"kill": "api#1"') && !text.includes('"valueOf": { "kind"'));
  });
});
