/**
 * The schema of a stack's `ckpt-lab:*` keys (zod, strict: a misspelt key is refused, never ignored).
 * Each field's error message is what it allows; `stackConfigError` turns zod's first issue into the
 * message a user reads: the key, the value and what is allowed. Checks across fields (roles, engines,
 * memory per role, the bench's time limit) are in stackConfig.ts.
 */
import * as z from 'zod';
import { parseCheckpointInterval, parseDurationMs } from '../../lib/duration.js';
import { FAILURE_KINDS } from '../../lib/failurePlan.js';
import { pathText } from '../../lib/versionedFile.js';
import { FAILURE_DETECTION, type FailureDetectionProfile } from '../clusterConfig.js';

export const PROJECT = 'ckpt-lab';

export class StackConfigError extends Error {
  constructor(key: string, value: unknown, allowed: string) {
    super(`Invalid ${PROJECT}:${key}: ${JSON.stringify(value)}. Allowed: ${allowed}.`);
    this.name = 'StackConfigError';
  }
}

/** A config value as the text a user wrote (YAML may have read `10` as a number). */
export const asText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * A field read by `read` (undefined: not allowed); `unset` is its value when the key is missing
 * (undefined: it must be set). `allowed` is the error message.
 */
const reading = <T>(allowed: string, read: (v: unknown) => T | undefined, unset: () => T | undefined) =>
  z
    .unknown()
    .optional()
    .transform((v, ctx): T => {
      const out = v === undefined ? unset() : read(v);
      if (out === undefined) ctx.addIssue({ code: 'custom', message: allowed });
      return out ?? z.NEVER;
    });

/** A field with a default. */
const field = <T>(allowed: string, read: (v: unknown) => T | undefined, dflt: T) => reading(allowed, read, () => dflt);
/** A field that must be set. */
const needed = <T>(allowed: string, read: (v: unknown) => T | undefined) => reading(allowed, read, () => undefined);
/** A field that may be unset (undefined). */
const optional = <T>(allowed: string, read: (v: unknown) => T | undefined) =>
  z
    .unknown()
    .optional()
    .transform((v, ctx): T | undefined => {
      if (v === undefined) return undefined;
      const out = read(v);
      if (out === undefined) ctx.addIssue({ code: 'custom', message: allowed });
      return out;
    });

const positive = (integer: boolean) => (v: unknown) => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 && (!integer || Number.isInteger(n)) ? n : undefined;
};
const bool = (v: unknown) => (typeof v === 'boolean' ? v : v === 'true' || v === 'false' ? v === 'true' : undefined);
const durationMs = (v: unknown) => {
  try {
    return parseDurationMs('', asText(v));
  } catch {
    return undefined;
  }
};
const oneOf =
  <T extends string>(allowed: readonly T[]) =>
  (v: unknown) =>
    typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
const matching = (re: RegExp) => (v: unknown) => (typeof v === 'string' && re.test(v) ? v : undefined);
const absolutePath = (v: unknown) => (typeof v === 'string' && v.startsWith('/') && v.length > 1 ? v.replace(/(.)\/+$/, '$1') : undefined);

const NUMBER = 'a number above 0';
const INTEGER = 'an integer above 0';
const DURATION = 'a duration such as 500ms, 30s, 2m';

/** An object schema that refuses unknown keys; `what` describes the object for a value that is none. */
function strict<S extends z.ZodRawShape>(shape: S, what: string) {
  return z.strictObject(shape, { error: (iss) => (iss.code === 'unrecognized_keys' ? Object.keys(shape).join(', ') : what) });
}

const DOCKER_HOST = /^(unix:\/\/\/\S+|ssh:\/\/[A-Za-z0-9._-]+@[A-Za-z0-9.-]+(:\d{1,5})?)$/;
const ADDRESS = /^[A-Za-z0-9.-]+$/;
const NAME = /^[a-z0-9][a-z0-9-]{0,30}$/;

const hostSchema = strict(
  {
    name: needed('lower-case letters, digits and -, at most 31 characters', matching(NAME)),
    dockerHost: needed('unix:///path/to/docker.sock or ssh://user@address[:port]', matching(DOCKER_HOST)),
    address: needed('an IP address or host name', matching(ADDRESS)),
    role: needed('one of jobmanager, taskmanager', oneOf(['jobmanager', 'taskmanager'] as const)),
    hddPath: needed('an absolute directory on the host’s HDD', absolutePath),
    /** Unset: the stack's `cpus` / `memoryMb`. */
    cpus: optional(NUMBER, positive(false)),
    memoryMb: optional(INTEGER, positive(true)),
  },
  'an object {name, dockerHost, address, role, hddPath}',
);

const storageSchema = z.discriminatedUnion(
  'kind',
  [
    strict({ kind: z.literal('local') }, 'an object {kind: local}'),
    strict(
      {
        kind: z.literal('nfs'),
        server: needed('the NFS server’s address', matching(ADDRESS)),
        export: needed('the absolute path the NFS server exports', absolutePath),
      },
      'an object {kind: nfs, server, export}',
    ),
    strict(
      {
        kind: z.literal('mounted'),
        path: needed('the absolute path at which every host mounts the shared directory (e.g. an NFS or CephFS mount)', absolutePath),
      },
      'an object {kind: mounted, path}',
    ),
  ],
  {
    // A kind none of the three has is an invalid_union; a storage that is no object arrives here too (as invalid_type).
    error: (iss) => {
      const code: string = iss.code;
      return code === 'invalid_union' ? 'one of nfs, mounted, local' : '{kind: nfs, server, export}, {kind: mounted, path} or {kind: local}';
    },
  },
);

const checkpointSchema = strict(
  {
    interval: field(
      'off, or a duration of at least 10ms such as 500ms, 10s, 2m',
      (v) => {
        try {
          return parseCheckpointInterval(asText(v));
        } catch {
          return undefined;
        }
      },
      10_000,
    ),
    mode: field('one of EXACTLY_ONCE, AT_LEAST_ONCE', oneOf(['EXACTLY_ONCE', 'AT_LEAST_ONCE'] as const), 'EXACTLY_ONCE'),
    unaligned: field('true or false', bool, false),
    minPause: field(DURATION, (v) => (v === '0' || v === 0 ? 0 : durationMs(v)), 0),
    timeout: field(DURATION, durationMs, 600_000),
    incremental: field('true or false', bool, true),
    stateBackend: field('one of rocksdb, hashmap', oneOf(['rocksdb', 'hashmap'] as const), 'rocksdb'),
  },
  'an object {interval, mode, unaligned, minPause, timeout, incremental, stateBackend}',
);

const benchSchema = strict(
  {
    enabled: field('true or false', bool, true),
    warmup: field(DURATION, durationMs, 60_000),
    duration: field(DURATION, durationMs, 180_000),
    sample: field(DURATION, durationMs, 2_000),
    /** `none` or unset: no failure. */
    failure: field(`one of ${FAILURE_KINDS.join(', ')}`, (v) => (v === 'none' ? 'none' : oneOf(FAILURE_KINDS)(v)), 'none'),
    failures: field(INTEGER, positive(true), 1),
    storageMount: optional('an absolute path where the NFS export is mounted on the machine running Pulumi', absolutePath),
    /** Unset: benchTimeLimitMs. */
    timeLimit: optional(DURATION, durationMs),
  },
  'an object {enabled, warmup, duration, sample, failure, failures, storageMount, timeLimit}',
);

/** Every `ckpt-lab:*` key a stack may set, as the stack's YAML (or `pulumi config`) gives it. */
export const stackConfigSchema = strict(
  {
    hosts: z
      .array(hostSchema, { error: 'a list of {name, dockerHost, address, role, hddPath}' })
      .min(1, 'a list of {name, dockerHost, address, role, hddPath}'),
    cpus: field(NUMBER, positive(false), 4),
    memoryMb: field(INTEGER, positive(true), 8192),
    image: optional('a Docker image reference such as flink:1.18.1-scala_2.12-java11', (v) => (typeof v === 'string' && v.trim() ? v : undefined)),
    pullImage: field('true or false', bool, true),
    restPort: field(
      'a port from 1 to 65535',
      (v) => {
        const n = positive(true)(v);
        return n !== undefined && n <= 65_535 ? n : undefined;
      },
      8081,
    ),
    // Unset: NFS, whose server and export must then be given.
    storage: storageSchema.prefault({ kind: 'nfs' }),
    checkpoint: checkpointSchema.prefault({}),
    failureDetection: field(
      `one of ${Object.keys(FAILURE_DETECTION).join(', ')}`,
      oneOf(Object.keys(FAILURE_DETECTION) as FailureDetectionProfile[]),
      'flink-default',
    ),
    /** Checked by workload/validate.ts, which names the parameter. */
    workload: z.record(z.string(), z.unknown(), { error: 'an object of workload parameters (see the README table)' }).optional(),
    bench: benchSchema.prefault({}),
    benchRun: field('a text', asText, '1'),
    keepData: field('true or false', bool, true),
    /** The SSH key of ssh:// engines: a secret read by sshKey.ts. */
    sshKey: z.unknown().optional(),
  },
  'an object of ckpt-lab:* keys',
);

export type RawStackConfig = z.output<typeof stackConfigSchema>;
export type HostEntry = z.output<typeof hostSchema>;
export type CheckpointStorage = z.output<typeof storageSchema>;
export const STACK_KEYS = Object.keys(stackConfigSchema.shape) as (keyof RawStackConfig)[];

const valueAt = (raw: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((v, p) => (typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[p] : undefined), raw);

/** zod's first issue as the message a user reads: the key, the value and what is allowed. */
export function stackConfigError(error: z.ZodError, raw: unknown): StackConfigError {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const path = [...issue.path, issue.keys[0]!];
    const of = issue.path.length > 0 ? ` of ${PROJECT}:${pathText(issue.path)}` : '';
    return new StackConfigError(pathText(path), valueAt(raw, path), `a known key${of}: ${issue.message}`);
  }
  return new StackConfigError(pathText(issue.path), valueAt(raw, issue.path), issue.message);
}
