/** The report's source excerpts: the lines around each finding, merged where they meet, long lines cut around their findings. */
import assert from 'node:assert/strict';
import { sourceExcerpts } from '../../../src/core/report/sourceExcerpts';

const text = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
const numbers = (e: ReturnType<typeof sourceExcerpts>) => e.map((x) => x.map((l) => l.line));

describe('sourceExcerpts', () => {
  it('gives two lines either side of each finding, in the file\'s order, merging blocks that touch', () => {
    assert.deepEqual(numbers(sourceExcerpts(text, [{ line: 10, column: 1 }, { line: 3, column: 2 }])), [[1, 2, 3, 4, 5], [8, 9, 10, 11, 12]]);
    assert.deepEqual(numbers(sourceExcerpts(text, [{ line: 3, column: 1 }, { line: 8, column: 1 }])), [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]], 'lines 5 and 6 meet');
    assert.deepEqual(numbers(sourceExcerpts(text, [{ line: 20, column: 1 }, { line: 20, column: 4 }])), [[18, 19, 20]], 'one finding\'s lines once, none past the end');
    const line = sourceExcerpts(text, [{ line: 4, column: 1 }])[0]![2]!;
    assert.deepEqual(line, { line: 4, text: 'line 4', from: 1, cut: false });
  });

  it('reads \\r\\n and lone \\r line ends as the report\'s line numbers do', () => {
    assert.deepEqual(sourceExcerpts('a\r\nb\rc\nd', [{ line: 3, column: 1 }], 0), [[{ line: 3, text: 'c', from: 1, cut: false }]]);
  });

  it('leaves out places past the file\'s end, and gives nothing without places', () => {
    assert.deepEqual(sourceExcerpts(text, [{ line: 99, column: 1 }, { line: 0, column: 1 }]), []);
    assert.deepEqual(sourceExcerpts(text, []), []);
  });

  it('cuts a long line (a minified file) to a window around its findings, saying where the window starts', () => {
    const long = `${'x'.repeat(5000)}HERE${'y'.repeat(5000)}`;
    const [[l]] = sourceExcerpts(long, [{ line: 1, column: 5001 }]) as [[ReturnType<typeof sourceExcerpts>[0][0]]];
    assert.ok(l.text.length <= 240);
    assert.equal(l.text.indexOf('HERE') + l.from, 5001, 'the finding\'s column inside the window');
    assert.equal(l.cut, true);
    const [[start]] = sourceExcerpts(long, [{ line: 1, column: 1 }]) as [[ReturnType<typeof sourceExcerpts>[0][0]]];
    assert.equal(start.from, 1);
    const [[end]] = sourceExcerpts(long, [{ line: 1, column: 10004 }]) as [[ReturnType<typeof sourceExcerpts>[0][0]]];
    assert.equal(end.cut, false);
    assert.equal(end.from + end.text.length - 1, 10004, 'the window ends at the line\'s end');
  });
});
