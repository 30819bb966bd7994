import assert from 'node:assert/strict';
import { count, num, pct, plural } from '../../../src/core/text/format';

// Regression (fixed): figures past 2^53 were written with every digit of the double that holds them
// ("31,536,000,000,000,004" requests in a year at 10^9 rps), digits no computation in doubles can
// vouch for. The rule: an integer a double holds exactly (a safe integer, below 2^53 in size) is
// written in full; past that, 15 significant digits (the decimal digits a double always keeps) and
// zeros. Never an exponent, never "-0".
describe('number formatting for messages', () => {
  const cases: [string, number, string][] = [
    ['a count', 40_000, '40,000'],
    ['a fraction of a count, rounded', 12_345.4, '12,345'],
    ['a negative count', -1_234, '-1,234'],
    ['a negative fraction rounding to 0', -0.4, '0'],
    ['-0', -0, '0'],
    ['the largest safe integer, in full', Number.MAX_SAFE_INTEGER, '9,007,199,254,740,991'],
    ['the smallest safe integer, in full', -Number.MAX_SAFE_INTEGER, '-9,007,199,254,740,991'],
    // 2^53 is also what 2^53 + 1 reads as: past the safe integers, so rounded like the rest.
    ['2^53 exactly', 2 ** 53, '9,007,199,254,740,990'],
    ['2^53 + 4', 2 ** 53 + 4, '9,007,199,254,741,000'],
    ['a year at 10^9 rps, as computed', 31_536_000_000_000_004, '31,536,000,000,000,000'],
    ['the same, negative', -31_536_000_000_000_004, '-31,536,000,000,000,000'],
    ['17 significant digits', 1.2345678901234567e25, '12,345,678,901,234,600,000,000,000'],
    ['1e21, where toString turns to an exponent', 1e21, '1,000,000,000,000,000,000,000'],
    ['-1e21', -1e21, '-1,000,000,000,000,000,000,000'],
    ['1e23 (not a double: 99,999,999,999,999,991,611,392)', 1e23, '100,000,000,000,000,000,000,000'],
  ];
  for (const [label, x, shown] of cases) {
    it(`count: ${label}`, () => assert.equal(count(x), shown));
  }

  it('count: whole figures under 1,000, written without the formatter, read as the formatter writes them (halves away from 0)', () => {
    const formatter = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
    const viaFormatter = (x: number) => {
      const shown = formatter.format(x);
      return shown === '-0' ? '0' : shown;
    };
    const xs = [0.5, -0.5, 1.5, -1.5, 2.5, 99.5, 100.5, -100.5, 312.49999999999994, 998.5, 999.49999999999994, -999.4, 0.49999999999999994, 1e-300];
    for (let i = -2000; i <= 2000; i++) xs.push(i / 2, i * 0.37, i + 0.5000000000000001);
    for (const x of xs) assert.equal(count(x), viaFormatter(x), `${x}`);
  });

  it('count: every safe figure, written without the formatter, reads as the formatter writes it (seeded, across every magnitude)', () => {
    const formatter = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const xs = [999.5, -999.5, 1000, 999_999.5, 1e15 + 0.5, Number.MAX_SAFE_INTEGER - 0.5, 4503599627370495.5, -4503599627370495.5];
    for (let i = 0; i < 20_000; i++) {
      const magnitude = 10 ** (random() * 16);
      xs.push((random() < 0.5 ? -1 : 1) * magnitude * random(), Math.round(magnitude) + 0.5);
    }
    for (const x of xs) {
      if (Math.abs(x) > Number.MAX_SAFE_INTEGER) continue;
      const shown = formatter.format(x);
      assert.equal(count(x), shown === '-0' ? '0' : shown, `${x}`);
    }
  });

  it('num: small figures keep decimals; large ones are counts', () => {
    assert.deepEqual([0.42, 12.34, -12.34, 1_234.5, -0.006, 31_536_000_000_000_004, 1e21, -1e22].map(num),
      ['0.42', '12.3', '-12.3', '1,235', '-0.01', '31,536,000,000,000,000', '1,000,000,000,000,000,000,000', '-10,000,000,000,000,000,000,000']);
  });

  it('num and pct: a figure too small for the decimals shown keeps two significant digits, never 0 and never an exponent', () => {
    assert.deepEqual([0.004, -0.001, 0.0000123, 0.0000012, 1e-9, -1e-12, 0].map(num), ['0.004', '-0.001', '0.000012', '0.0000012', '< 0.000001', '> -0.000001', '0']);
    assert.deepEqual([1e-9, 1.5e-8, -1e-12].map(pct), ['< 0.000001%', '0.0000015%', '> -0.000001%']);
  });

  it('pct: no exponent and no false digits past 2^53', () => {
    assert.deepEqual([0.9846, 0.00042, 12.345, 315_360_000_000_000.04, 1e19].map(pct),
      ['98.5%', '0.042%', '1,234.5%', '31,536,000,000,000,000%', '1,000,000,000,000,000,000,000%']);
  });

  it('plural: the count as count writes it', () => {
    assert.equal(plural(31_536_000_000_000_004, 'request'), '31,536,000,000,000,000 requests');
    assert.equal(plural(1, 'instance'), '1 instance');
  });

  it('infinite and NaN figures are named, not formatted', () => {
    assert.deepEqual([count(Infinity), count(-Infinity), count(NaN), num(NaN)], ['Infinity', '-Infinity', 'NaN', 'NaN']);
  });
});
