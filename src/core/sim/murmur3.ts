/**
 * MurmurHash3, x86 32-bit variant, the hash the simulation places keys and
 * ring points with. Written out with Math.imul rather than taken from the
 * `murmurhash` package because that package's string API builds a
 * TextEncoder per call (10-50 times slower in the bench); the test pins both the
 * published vectors and agreement with the package's byte API.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** Scratch buffer for non-ASCII strings, reused so hashing never allocates once it is large enough. */
let utf8Scratch = new Uint8Array(256);

/** MurmurHash3 x86 32-bit of `bytes[start, end)` with `seed`, as an unsigned 32-bit integer. */
export function murmur3Bytes(bytes: Uint8Array, seed = 0, start = 0, end = bytes.length): number {
  let h = seed | 0;
  const len = end - start;
  const blocksEnd = start + (len & ~3);
  let i = start;
  for (; i < blocksEnd; i += 4) {
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, C2);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const rem = len & 3;
  if (rem !== 0) {
    let k = bytes[i]!;
    if (rem > 1) k ^= bytes[i + 1]! << 8;
    if (rem > 2) k ^= bytes[i + 2]! << 16;
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, C2);
  }
  return fmix(h ^ len);
}

/**
 * MurmurHash3 of the UTF-8 bytes of `text`. ASCII text is read straight from
 * the string (no allocation); other text is encoded into a reused buffer.
 */
export function murmur3String(text: string, seed?: number): number {
  // Split in two, with literal constants, so each half stays under V8's inlining
  // limit (460 bytes of bytecode): a hash returned from a call that is not
  // inlined is boxed into a heap number whenever it exceeds 2^30.
  let h = (seed as number) | 0;
  const len = text.length;
  const blocksEnd = len & ~3;
  // OR of every code unit: UTF-8 equals the code units only if all are below 0x80.
  let units = 0;
  let i = 0;
  for (; i < blocksEnd; i += 4) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    units |= c0 | c1 | c2 | c3;
    let k = c0 | (c1 << 8) | (c2 << 16) | (c3 << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return finishString(text, seed, h, i, units);
}

/** The tail bytes, the ASCII check and the finalizer of murmur3String. */
function finishString(text: string, seed: number | undefined, h: number, i: number, units: number): number {
  const len = text.length;
  const rem = len & 3;
  if (rem !== 0) {
    const c0 = text.charCodeAt(i);
    const c1 = rem > 1 ? text.charCodeAt(i + 1) : 0;
    const c2 = rem > 2 ? text.charCodeAt(i + 2) : 0;
    units |= c0 | c1 | c2;
    let k = c0 | (c1 << 8) | (c2 << 16);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
  }
  if (units > 0x7f) return murmur3Utf8(text, (seed as number) | 0);
  return fmix(h ^ len);
}

/** MurmurHash3 of the 4 little-endian bytes of an unsigned 32-bit integer. */
export function murmur3Uint32(value: number, seed = 0): number {
  let k = Math.imul(value | 0, C1);
  k = (k << 15) | (k >>> 17);
  let h = (seed | 0) ^ Math.imul(k, C2);
  h = (h << 13) | (h >>> 19);
  h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  return fmix(h ^ 4);
}

/**
 * MurmurHash3 of the 8 little-endian bytes of an integer key id (two's
 * complement, so every safe integer hashes), the same as hashing those bytes
 * with murmur3Bytes. Key ids up to 2^53 need both words.
 */
export function murmur3KeyId(id: number, seed = 0): number {
  const lo = id >>> 0;
  const hi = Math.floor(id / 4294967296) >>> 0;
  let h = seed | 0;
  let k = Math.imul(lo, C1);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, C2);
  h = (h << 13) | (h >>> 19);
  h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  k = Math.imul(hi, C1);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, C2);
  h = (h << 13) | (h >>> 19);
  h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  return fmix(h ^ 8);
}

/** MurmurHash3's finalizer: spreads every input bit over the whole word. */
export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function murmur3Utf8(text: string, seed: number): number {
  // Three bytes per UTF-16 unit is the worst case (a surrogate pair is 2 units for 4 bytes).
  if (utf8Scratch.length < text.length * 3) utf8Scratch = new Uint8Array(text.length * 3);
  const n = encodeUtf8(text, utf8Scratch);
  return murmur3Bytes(utf8Scratch, seed, 0, n);
}

/** Writes `text` as UTF-8 into `out` (lone surrogates become U+FFFD, as TextEncoder does); returns the byte count. */
function encodeUtf8(text: string, out: Uint8Array): number {
  let n = 0;
  const len = text.length;
  for (let i = 0; i < len; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
    } else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < len ? text.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
          out[n++] = 0xf0 | (c >> 18);
          out[n++] = 0x80 | ((c >> 12) & 0x3f);
          out[n++] = 0x80 | ((c >> 6) & 0x3f);
          out[n++] = 0x80 | (c & 0x3f);
          continue;
        }
        c = 0xfffd;
      }
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    }
  }
  return n;
}
