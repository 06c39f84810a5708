/** The one set of number formats for people (pure): terminal lines, the report, the write-up. */

/** `12,345`: rounded, with thousands separators. */
export const formatInteger = (v: number): string => Math.round(v).toLocaleString('en-US');

/** `1,234.57`: at most `digits` decimals, with thousands separators. */
export const formatNumber = (v: number, digits = 2): string => v.toLocaleString('en-US', { maximumFractionDigits: digits });

/** `12.3 MB` (10^6 bytes). */
export const formatMegabytes = (bytes: number, digits = 1): string => `${(bytes / 1e6).toFixed(digits)} MB`;

/** `1.5 GiB` (2^30 bytes). */
export const formatGibibytes = (bytes: number, digits = 1): string => `${(bytes / 2 ** 30).toFixed(digits)} GiB`;

/** `4.25%`, or `4.3 %` in prose (`spaced`). */
export const formatPercent = (v: number, digits = 2, spaced = false): string => `${v.toFixed(digits)}${spaced ? ' %' : '%'}`;

/** A format that shows `–` for a figure that was not measured. */
export const orDash =
  <A extends unknown[]>(format: (v: number, ...rest: A) => string) =>
  (v: number | undefined, ...rest: A): string =>
    v === undefined ? '–' : format(v, ...rest);
