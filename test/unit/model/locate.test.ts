/** NodeLocator (paths to exact ranges) and the schema walk behind did-you-mean. */
import assert from 'node:assert/strict';
import { NodeLocator } from '../../../src/core/model/locate';
import { parseDocument } from '../../../src/core/model/parse';
import { ScaleFile } from '../../../src/core/model/schema';
import { allowedValues, describeAt, knownKeys } from '../../../src/core/model/schemaWalk';
import { doc, lastRangeOf, rangeOf } from './helpers';

describe('NodeLocator', () => {
  const text = doc('"web":{"kind":"client","calls":["api",{"to":"api","share":0.5}]},"api":{"kind":"service"}');
  const loc = new NodeLocator(parseDocument(text).root);

  it('finds keys and values of object members and array elements', () => {
    assert.deepEqual(loc.keyRange(['components', 'web']), rangeOf(text, '"web"'));
    assert.deepEqual(loc.valueRange(['components', 'web', 'kind']), rangeOf(text, '"client"'));
    assert.deepEqual(loc.valueRange(['components', 'web', 'calls', 0]), rangeOf(text, '"api"'));
    // An array element has no key: its key range is its value range.
    assert.deepEqual(loc.keyRange(['components', 'web', 'calls', 0]), rangeOf(text, '"api"'));
    assert.deepEqual(loc.valueRange(['components', 'web', 'calls', 1, 'share']), rangeOf(text, '0.5'));
  });

  it('gives undefined for paths that do not exist or cross a scalar', () => {
    assert.equal(loc.valueRange(['components', 'nope']), undefined);
    assert.equal(loc.valueRange(['components', 'web', 'calls', 9]), undefined);
    assert.equal(loc.valueRange(['components', 'web', 'kind', 'x']), undefined);
    assert.equal(loc.valueRange(['components', 0]), undefined);
    assert.equal(loc.property([]), undefined);
  });

  it('nearestRange: the key of the closest existing ancestor, or the document start', () => {
    assert.deepEqual(loc.nearestRange(['components', 'api', 'capacity', 'rps']), { range: rangeOf(text, '"api"', 2), path: ['components', 'api'] });
    assert.deepEqual(loc.nearestRange(['nope']), { range: { offset: 0, length: 1 }, path: [] });
    assert.deepEqual(new NodeLocator(undefined).nearestRange(['a']), { range: { offset: 0, length: 0 }, path: [] });
  });

  it('member names that are Object.prototype members are looked up safely', () => {
    const t = doc('"toString":{"kind":"client"},"constructor":{"kind":"client"}');
    const l = new NodeLocator(parseDocument(t).root);
    assert.deepEqual(l.keyRange(['components', 'toString']), rangeOf(t, '"toString"'));
    assert.deepEqual(l.keyRange(['components', 'constructor']), rangeOf(t, '"constructor"'));
    assert.equal(l.value(['components', 'hasOwnProperty']), undefined);
    assert.equal(l.value(['components', '__proto__']), undefined);
  });

  it('with duplicate keys, the later member wins (as in the value)', () => {
    const t = '{"a":1,"a":2}';
    const l = new NodeLocator(parseDocument(t).root);
    assert.deepEqual(l.keyRange(['a']), lastRangeOf(t, '"a"'));
    assert.deepEqual(l.valueRange(['a']), rangeOf(t, '2'));
    // Large objects are indexed, small ones searched: the same answer either way.
    const many = `{${Array.from({ length: 20 }, (_, i) => `"k${i}":${i}`).join(',')},"k3":"again"}`;
    const m = new NodeLocator(parseDocument(many).root);
    assert.deepEqual(m.valueRange(['k3']), rangeOf(many, '"again"'));
    assert.deepEqual(m.keyRange(['k19']), rangeOf(many, '"k19"'));
    assert.equal(m.value(['k20']), undefined);
  });
});

describe('schemaWalk', () => {
  it('knownKeys follows the discriminator of a component', () => {
    const value = { components: { lb: { kind: 'loadBalancer' } } };
    const keys = knownKeys(ScaleFile, ['components', 'lb'], value);
    assert.ok(keys.includes('algorithm') && keys.includes('healthCheck'));
    assert.ok(!keys.includes('sessionStore'));
  });

  it('knownKeys of a component with an unknown kind offers the keys of every kind', () => {
    const keys = knownKeys(ScaleFile, ['components', 'x'], { components: { x: { kind: 'servce' } } });
    assert.ok(keys.includes('algorithm') && keys.includes('sessionStore') && keys.includes('fronts'));
  });

  it('knownKeys of the rules section lists the configurable rule ids only', () => {
    const keys = knownKeys(ScaleFile, ['rules'], { rules: {} });
    assert.ok(keys.includes('hot-key') && keys.includes('modulo-sharding'));
    assert.ok(!keys.includes('syntax') && !keys.includes('schema') && !keys.includes('unknown-reference'));
  });

  it('allowedValues lists enum members', () => {
    assert.deepEqual(allowedValues(ScaleFile, ['components', 'a', 'state'], { components: { a: { kind: 'service' } } }), ['stateless', 'local', 'external']);
  });

  it('describeAt gives the description written in the model', () => {
    assert.match(describeAt(ScaleFile, ['workload', 'peakRps'], {}) ?? '', /Requests per second at peak/);
    assert.equal(describeAt(ScaleFile, ['nope', 'deeper'], {}), undefined);
  });
});
