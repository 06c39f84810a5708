import { describe, expect, it } from 'vitest';
import { formatGibibytes, formatInteger, formatMegabytes, formatNumber, formatPercent, orDash } from './format.js';

describe('number formats', () => {
  it('writes figures as the report shows them', () => {
    expect(formatInteger(12_345.6)).toBe('12,346');
    expect(formatNumber(1234.5678)).toBe('1,234.57');
    expect(formatNumber(0.5, 0)).toBe('1');
    expect(formatMegabytes(12_345_678)).toBe('12.3 MB');
    expect(formatMegabytes(12_345_678, 0)).toBe('12 MB');
    expect(formatGibibytes(1.5 * 2 ** 30)).toBe('1.5 GiB');
    expect(formatPercent(4.256)).toBe('4.26%');
    expect(formatPercent(4.256, 1, true)).toBe('4.3 %');
  });

  it('shows a dash for a figure not measured', () => {
    const mb = orDash(formatMegabytes);
    expect(mb(undefined)).toBe('–');
    expect(mb(2_000_000, 0)).toBe('2 MB');
  });
});
