import { describe, expect, it } from 'vitest';
import { parseFlinkDurationMs } from './flinkDuration.js';

describe('a duration as Flink configuration writes it', () => {
  it('reads a bare number as milliseconds and every unit Flink names', () => {
    expect(parseFlinkDurationMs('50000')).toBe(50_000);
    expect(parseFlinkDurationMs('50 s')).toBe(50_000);
    expect(parseFlinkDurationMs('10s')).toBe(10_000);
    expect(parseFlinkDurationMs('1 min')).toBe(60_000);
    expect(parseFlinkDurationMs('2h')).toBe(7_200_000);
    expect(parseFlinkDurationMs('500 ms')).toBe(500);
  });

  it('refuses what Flink would not read', () => {
    expect(parseFlinkDurationMs('ten seconds')).toBeUndefined();
    expect(parseFlinkDurationMs('10 fortnights')).toBeUndefined();
    expect(parseFlinkDurationMs('-5 s')).toBeUndefined();
  });
});
