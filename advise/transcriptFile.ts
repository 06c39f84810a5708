/** An observation advise wrote (`observation.json`, or gzipped), read back to advise again without a cluster (I/O). */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { AdviceRefused } from './chooseJob.js';
import type { Transcript } from './restTranscript.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The transcript's shape, checked where a wrong file would otherwise fail deep inside the estimates. */
export function parseTranscript(value: unknown, path: string): Transcript {
  const wrong = (what: string) => new AdviceRefused(`${path} is not an observation advise wrote: ${what}.`);
  if (!isObject(value)) throw wrong('not a JSON object');
  for (const key of ['restUrl', 'jobId'] as const) if (typeof value[key] !== 'string') throw wrong(`${key} is not a string`);
  for (const key of ['once', 'ticks'] as const) if (!Array.isArray(value[key])) throw wrong(`${key} is not a list`);
  const ticks = value.ticks as unknown[];
  const bad = ticks.findIndex((t) => !isObject(t) || typeof t.atMs !== 'number' || !Array.isArray(t.responses));
  if (bad >= 0) throw wrong(`ticks[${bad}] has no atMs number and responses list`);
  return value as unknown as Transcript;
}

export function readTranscriptFile(path: string): Transcript {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (e) {
    throw new AdviceRefused(`Cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}.`);
  }
  // gzip's magic bytes, whatever the file is called.
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new AdviceRefused(`${path} is not JSON: ${(e as Error).message}.`);
  }
  return parseTranscript(value, path);
}
