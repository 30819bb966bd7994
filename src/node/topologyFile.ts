/**
 * Reading a topology file from disk: the one reader of the CLI and the
 * language server, so that CI and the Problems panel say the same of a file.
 * The size is bounded before reading; the text is strict UTF-8 (a BOM is kept:
 * the core's offsets count it); a file that cannot be read as text is one
 * finding, placed where its text stops; an I/O failure is an error, apart
 * from findings.
 */
import * as fs from 'node:fs';
import type { Finding } from '../core/findings';
import { MAX_FILE_CHARS } from '../core/model/parse';

/** Largest file read, in bytes. */
export const MAX_FILE_BYTES = MAX_FILE_CHARS;

/** A file's text; or the one finding that says why it is not text, with the text its offset counts in; or why it could not be read. */
export type TopologyFileRead = { text: string } | { finding: Finding; prefix: string } | { error: string };

/** The finding for input above the size bound. */
export function tooLarge(bytes: number): { finding: Finding; prefix: string } {
  return {
    prefix: '',
    finding: {
      ruleId: 'syntax', severity: 'error', path: [], range: { offset: 0, length: 0 },
      message: `File is too large to check: ${(bytes / 1048576).toFixed(1)} MiB, above the ${MAX_FILE_BYTES / 1048576} MiB bound`,
    },
  };
}

/** Reads a topology file as UTF-8 text. */
export function readTopologyFile(file: string): TopologyFileRead {
  let bytes: Buffer;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { error: 'it is not a file' };
    if (stat.size > MAX_FILE_BYTES) return tooLarge(stat.size);
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { error: ioReason(e) };
  }
  return topologyText(bytes);
}

/**
 * Reads a topology from an open descriptor (standard input) as UTF-8 text,
 * stopping past the size bound rather than holding an unbounded stream.
 */
export function readTopologyStream(fd: number): TopologyFileRead {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for (;;) {
      const chunk = Buffer.alloc(65536);
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > MAX_FILE_BYTES) return tooLarge(total);
    }
  } catch (e) {
    // A pipe whose writer has gone reads as its end.
    if ((e as NodeJS.ErrnoException).code !== 'EOF') return { error: ioReason(e) };
  }
  return topologyText(Buffer.concat(chunks));
}

/** Why a file system call failed, in words a user can act on. */
export function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return 'no such file or folder';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'it is a folder';
    case 'ENOTDIR': return 'a part of the path is a file, not a folder';
    case 'EROFS': return 'the file system is read-only';
    case 'ENOSPC': return 'no space left on the device';
    case 'EEXIST': return 'something is already there';
    case 'ENAMETOOLONG': return 'the name is too long';
    case 'EMFILE': case 'ENFILE': return 'too many open files';
    case 'ELOOP': return 'too many levels of links';
    case 'EAGAIN': return 'the input is not ready to read (non-blocking)';
    default: return code ? `the system refused it (${code})` : 'it could not be read';
  }
}

/** Decodes bytes as strict UTF-8; invalid bytes are one finding, placed where the valid text stops. */
export function topologyText(bytes: Buffer): TopologyFileRead {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    // Offsets of findings are in the text: decode the valid prefix to place this one.
    const prefix = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, bad));
    return {
      prefix,
      finding: {
        ruleId: 'syntax', severity: 'error', path: [], range: { offset: prefix.length, length: 0 },
        message: `File is not valid UTF-8: byte 0x${bytes[bad]!.toString(16).padStart(2, '0')} at byte offset ${bad} is not part of a UTF-8 character`,
      },
    };
  }
}

/** Index of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
    }
    // Overlong three- and four-byte forms and surrogates are invalid too.
    if (n === 2 && ((c === 0xe0 && b[i + 1]! < 0xa0) || (c === 0xed && b[i + 1]! >= 0xa0))) return i;
    if (n === 3 && ((c === 0xf0 && b[i + 1]! < 0x90) || (c === 0xf4 && b[i + 1]! >= 0x90))) return i;
    i += n + 1;
  }
  return b.length;
}
