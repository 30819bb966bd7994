/**
 * Offsets to lines and columns. Lines end at `\n`, `\r\n` or a lone `\r`, as
 * in LSP; columns count UTF-16 code units, as LSP's default position encoding
 * and SARIF's default `columnKind` do.
 */

/** A zero-based line and UTF-16 column. */
export interface Position {
  line: number;
  character: number;
}

/**
 * Maps offsets to positions and back for one text, its line starts found in
 * O(n) on first use: a report of a large file without findings asks for no
 * position, and scanning 5,000 components' text for nothing (and optimizing
 * the scan's loop) was about 3% of such a check.
 */
export class LineIndex {
  private lines: { starts: Uint32Array; count: number } | undefined;

  constructor(private readonly text: string) {}

  /** The offset each line starts at (the first `count` entries), found once. */
  private get index(): { starts: Uint32Array; count: number } {
    return (this.lines ??= lineStarts(this.text));
  }

  /** Number of lines (a text ending in a newline has an empty last line). */
  get lineCount(): number {
    return this.index.count;
  }

  /** Position of an offset; offsets past the end clamp to the end. */
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const { starts, count } = this.index;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - starts[lo]! };
  }

  /** Offset of a position; a character past the end of its line clamps to the line end. */
  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    const { starts, count } = this.index;
    if (pos.line >= count) return this.text.length;
    const start = starts[pos.line]!;
    const next = pos.line + 1 < count ? starts[pos.line + 1]! : this.text.length;
    let end = next;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return Math.min(start + Math.max(0, pos.character), end);
  }
}

/** Where each line of a text starts: lines end at `\n`, `\r\n` or a lone `\r`. */
function lineStarts(text: string): { starts: Uint32Array; count: number } {
  let starts = new Uint32Array(64);
  let n = 0;
  starts[n++] = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (n === starts.length) {
        const grown = new Uint32Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[n++] = i + 1;
    }
  }
  return { starts, count: n };
}
