import { describe, expect, it } from 'vitest';
import { formatDurationMs, parseCheckpointInterval, parseDurationMs } from './duration.js';

describe('durations', () => {
  it('parses the units users write', () => {
    expect(parseDurationMs('--warmup', '500ms')).toBe(500);
    expect(parseDurationMs('--warmup', '5s')).toBe(5000);
    expect(parseDurationMs('--warmup', '1.5s')).toBe(1500);
    expect(parseDurationMs('--warmup', '2m')).toBe(120_000);
    expect(parseDurationMs('--warmup', '1h')).toBe(3_600_000);
  });

  it('refuses a bad duration naming the flag, the value and the format', () => {
    expect(() => parseDurationMs('--duration', '5')).toThrow("Invalid --duration: '5'. Allowed: a number with a unit ms, s, m or h");
    expect(() => parseDurationMs('--duration', '5 seconds')).toThrow('Invalid --duration');
    expect(() => parseDurationMs('--duration', '-5s')).toThrow('Invalid --duration');
  });

  it('takes off for no checkpointing and refuses intervals under 10 ms', () => {
    expect(parseCheckpointInterval('off')).toBe(0);
    expect(parseCheckpointInterval('10ms')).toBe(10);
    expect(() => parseCheckpointInterval('9ms')).toThrow("Invalid --interval: '9ms'. Allowed: off, or");
    expect(() => parseCheckpointInterval('0s')).toThrow('of at least 10ms');
  });

  it('formats back to the shortest form', () => {
    expect([0, 500, 5000, 120_000, 3_600_000, 1500].map(formatDurationMs)).toEqual(['off', '500ms', '5s', '2m', '1h', '1500ms']);
  });
});
