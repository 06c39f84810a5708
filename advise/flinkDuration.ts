/**
 * A duration as Flink's configuration writes it (pure; like Flink's `TimeUtils.parseDuration`): a number
 * and an optional unit, milliseconds when none — "50000", "50 s", "1 min", "10s".
 */
const UNIT_MS: ReadonlyArray<readonly [readonly string[], number]> = [
  [['ns', 'nano', 'nanos', 'nanosecond', 'nanoseconds'], 1e-6],
  [['µs', 'us', 'micro', 'micros', 'microsecond', 'microseconds'], 1e-3],
  [['ms', 'milli', 'millis', 'millisecond', 'milliseconds'], 1],
  [['s', 'sec', 'secs', 'second', 'seconds'], 1_000],
  [['m', 'min', 'minute', 'minutes'], 60_000],
  [['h', 'hour', 'hours'], 3_600_000],
  [['d', 'day', 'days'], 86_400_000],
];

/** Milliseconds, or undefined for text Flink would not read as a duration. */
export function parseFlinkDurationMs(text: string): number | undefined {
  const m = /^\s*(\d+)\s*([a-zµ]*)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = m[2]!.toLowerCase();
  if (unit === '') return Number(m[1]);
  const found = UNIT_MS.find(([names]) => names.includes(unit));
  return found ? Number(m[1]) * found[1] : undefined;
}
