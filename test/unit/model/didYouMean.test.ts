import assert from 'node:assert/strict';
import { didYouMean, editDistance } from '../../../src/core/text/didYouMean';

describe('didYouMean', () => {
  describe('editDistance', () => {
    it('counts insertions, deletions and substitutions', () => {
      assert.equal(editDistance('', ''), 0);
      assert.equal(editDistance('abc', 'abc'), 0);
      assert.equal(editDistance('', 'abc'), 3);
      assert.equal(editDistance('kitten', 'sitting'), 3);
      assert.equal(editDistance('servce', 'service'), 1);
    });

    it('an adjacent transposition costs one', () => {
      assert.equal(editDistance('ab', 'ba'), 1);
      assert.equal(editDistance('hot-kye', 'hot-key'), 1);
      assert.equal(editDistance('recieve', 'receive'), 1);
    });

    it('is symmetric', () => {
      for (const [a, b] of [['apj', 'api'], ['roundrobin', 'roundRobin'], ['x', 'xyz'], ['ca', 'abc']] as const) {
        assert.equal(editDistance(a, b), editDistance(b, a), `${a} / ${b}`);
      }
    });

    it('stops past the cap and says cap + 1', () => {
      assert.equal(editDistance('aaaaaaaa', 'bbbbbbbb', 2), 3);
      assert.equal(editDistance('a', 'abcdefgh', 2), 3);
      assert.equal(editDistance('abc', 'abd', 2), 1);
    });

    it('compares UTF-16 units (a surrogate pair differs in one unit)', () => {
      assert.equal(editDistance('a🚀', 'a🚁'), 1);
      assert.equal(editDistance('api\u200b', 'api'), 1);
    });
  });

  describe('didYouMean', () => {
    it('suggests the closest candidate within a third of the word\'s length', () => {
      assert.equal(didYouMean('servce', ['client', 'service', 'cache']), 'service');
      assert.equal(didYouMean('instanses', ['instances', 'capacity']), 'instances');
    });

    it('suggests a candidate that differs only in case', () => {
      assert.equal(didYouMean('roundrobin', ['roundRobin', 'random']), 'roundRobin');
      assert.equal(didYouMean('l7', ['L4', 'L7']), 'L7');
    });

    it('allows at least one edit for short words, and no more', () => {
      assert.equal(didYouMean('ap', ['api']), 'api');
      assert.equal(didYouMean('a', ['b']), 'b');
      assert.equal(didYouMean('ab', ['xy']), undefined);
    });

    it('suggests nothing when nothing is close, or when there are no candidates', () => {
      assert.equal(didYouMean('banana', ['client', 'service']), undefined);
      assert.equal(didYouMean('api', []), undefined);
      assert.equal(didYouMean('', ['a']), 'a'); // one edit is always allowed
    });

    it('never suggests the word itself', () => {
      assert.equal(didYouMean('api', ['api']), undefined);
      assert.equal(didYouMean('api', ['api', 'apj']), 'apj');
    });

    it('breaks ties by the alphabetically first candidate, whatever the order', () => {
      assert.equal(didYouMean('db', ['dc', 'da']), 'da');
      assert.equal(didYouMean('db', ['da', 'dc']), 'da');
    });

    it('prefers a case-only difference over a one-letter edit', () => {
      assert.equal(didYouMean('Api', ['apj', 'api']), 'api');
    });

    it('accepts any iterable (a Set of ids) and odd candidates without crashing', () => {
      assert.equal(didYouMean('constructer', new Set(['__proto__', 'constructor', 'toString'])), 'constructor');
      assert.equal(didYouMean('x\ud800', ['x', '\u0000']), 'x');
    });
  });
});
