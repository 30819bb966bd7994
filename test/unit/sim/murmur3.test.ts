import assert from 'node:assert/strict';
import murmurhash from 'murmurhash';
import { murmur3Bytes, murmur3KeyId, murmur3String, murmur3Uint32 } from '../../../src/core/sim/murmur3';

const utf8 = new TextEncoder();

describe('murmur3', () => {
  // Published MurmurHash3_x86_32 vectors (SMHasher's reference implementation, as quoted in the
  // Wikipedia article and by the `murmurhash` package's own tests); each also checked against the package.
  const vectors: [string, number, number][] = [
    ['', 0, 0],
    ['', 1, 0x514e28b7],
    ['', 0xffffffff, 0x81f16f39],
    ['hello', 0, 0x248bfa47],
    ['hello, world', 0, 0x149bbb7f],
    ['The quick brown fox jumps over the lazy dog', 0, 0x2e4ff723],
  ];

  for (const [text, seed, expected] of vectors) {
    it(`"${text}" seed ${seed} -> 0x${expected.toString(16)} (string, bytes and the murmurhash package agree)`, () => {
      assert.equal(murmur3String(text, seed), expected);
      assert.equal(murmur3Bytes(utf8.encode(text), seed), expected);
      assert.equal(murmurhash.v3(utf8.encode(text), seed), expected);
    });
  }

  it('agrees with the murmurhash package on every length 0..40 and several seeds (all tail cases)', () => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-_:#';
    for (let len = 0; len <= 40; len++) {
      const text = alphabet.slice(0, len);
      for (const seed of [0, 1, 42, 0x9747b28c, 0xffffffff]) {
        assert.equal(murmur3String(text, seed), murmurhash.v3(utf8.encode(text), seed), `len ${len} seed ${seed}`);
      }
    }
  });

  it('hashes non-ASCII text as its UTF-8 bytes, lone surrogates as U+FFFD (like TextEncoder)', () => {
    const texts = ['é', 'héllo wörld', '日本語のキー', 'emoji 😀 key', 'abc\u00ff', 'ab\ud800cd', '\udc00', 'x'.repeat(300) + 'ß'];
    for (const text of texts) {
      for (const seed of [0, 7]) assert.equal(murmur3String(text, seed), murmurhash.v3(utf8.encode(text), seed), JSON.stringify(text));
    }
  });

  it('hashes a slice of a byte array as if it were the whole array', () => {
    const bytes = utf8.encode('xxhello, worldyy');
    assert.equal(murmur3Bytes(bytes, 0, 2, 14), 0x149bbb7f);
  });

  it('hashes integers as their little-endian bytes: 4 for murmur3Uint32, 8 (two\'s complement) for murmur3KeyId', () => {
    for (const value of [0, 1, 255, 65536, 0x7fffffff, 0xffffffff]) {
      const b = new Uint8Array(4);
      new DataView(b.buffer).setUint32(0, value, true);
      assert.equal(murmur3Uint32(value, 3), murmurhash.v3(b, 3));
    }
    for (const id of [0, 1, 0xffffffff, 2 ** 32, 2 ** 40 + 12345, Number.MAX_SAFE_INTEGER, -1, -(2 ** 40)]) {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setBigInt64(0, BigInt(id), true);
      assert.equal(murmur3KeyId(id, 11), murmurhash.v3(b, 11), `id ${id}`);
    }
  });
});
