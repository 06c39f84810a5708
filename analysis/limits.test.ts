import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, parseLimits } from './limits.js';

describe('parseLimits', () => {
  it('reads durations and percentages, with defaults for the rest', () => {
    expect(parseLimits({ 'max-recovery': '90s', 'max-overhead': '2.5%', mtbf: '24h' })).toEqual({
      maxRecoveryMs: 90_000,
      maxP99Ms: DEFAULT_LIMITS.maxP99Ms,
      maxOverheadPct: 2.5,
      mtbfMs: 86_400_000,
    });
  });

  it.each([
    ['max-recovery', 'soon', /Invalid --max-recovery: 'soon'\. Allowed: a duration/],
    ['max-p99', '500', /Invalid --max-p99: '500'\. Allowed: a duration/],
    ['max-overhead', 'five', /Invalid --max-overhead: 'five'\. Allowed: a percentage/],
    ['max-overhead', '0%', /Invalid --max-overhead: '0%'/],
    ['mtbf', '0s', /Invalid --mtbf: '0s'/],
  ])('refuses --%s %s', (flag, value, message) => {
    expect(() => parseLimits({ [flag]: value })).toThrow(message);
  });
});
