/**
 * Interval stacks derived from a base stack (`ckpt-lab stacks init`), and what differs between two
 * stacks (`ckpt-lab stack-diff`): their config and their effective Flink configuration (pure).
 */
import { parseDocument, isMap, parse as parseYaml } from 'yaml';
import { planCluster } from './clusterPlan.js';
import { parseStackConfig, PROJECT } from './stackConfig.js';

/** `ckpt-10s`, `ckpt-120s`, `ckpt-500ms`, `ckpt-off`: seconds as users write intervals in flink-conf. */
export const intervalStackName = (intervalMs: number) =>
  `ckpt-${intervalMs === 0 ? 'off' : intervalMs % 1000 === 0 ? `${intervalMs / 1000}s` : `${intervalMs}ms`}`;

export interface DerivedStack {
  readonly name: string;
  readonly text: string;
  /** Secret values dropped: each stack encrypts its own, so they must be set again. */
  readonly droppedSecrets: readonly string[];
}

/** The base stack's file with only the checkpoint interval changed (comments kept). */
export function deriveIntervalStack(baseText: string, baseName: string, intervalMs: number): DerivedStack {
  const doc = parseDocument(baseText);
  const interval = intervalStackName(intervalMs).slice('ckpt-'.length);
  doc.setIn(['config', `${PROJECT}:checkpoint`, 'interval'], interval);
  // The baseline measures the steady state only: without checkpoints a failure replays from the
  // start, so it injects none (as in a sweep).
  const baseline = intervalMs === 0 && doc.hasIn(['config', `${PROJECT}:bench`]);
  if (baseline) {
    doc.setIn(['config', `${PROJECT}:bench`, 'failure'], 'none');
    doc.deleteIn(['config', `${PROJECT}:bench`, 'failures']);
  }
  // A stack's secrets are encrypted with that stack's own salt: they do not carry over.
  doc.delete('encryptionsalt');
  const droppedSecrets: string[] = [];
  const config = doc.get('config');
  if (isMap(config)) {
    for (const item of [...config.items]) {
      const v = item.value;
      if (isMap(v) && v.has('secure')) {
        droppedSecrets.push(String((item.key as { value?: unknown }).value ?? item.key));
        config.delete(item.key);
      }
    }
  }
  doc.commentBefore = baseline
    ? ` Derived from Pulumi.${baseName}.yaml by 'ckpt-lab stacks init': ${PROJECT}:checkpoint.interval differs (off), and the baseline injects no failure (bench.failure none).`
    : ` Derived from Pulumi.${baseName}.yaml by 'ckpt-lab stacks init': only ${PROJECT}:checkpoint.interval differs (${interval}).`;
  return { name: intervalStackName(intervalMs), text: doc.toString(), droppedSecrets };
}

type Flat = Record<string, string>;

/** Nested config → `key.path[0].x` → JSON value text. */
export function flatten(value: unknown, prefix = ''): Flat {
  if (Array.isArray(value)) return Object.assign({}, ...value.map((v: unknown, i) => flatten(v, `${prefix}[${i}]`))) as Flat;
  if (value && typeof value === 'object') return Object.assign({}, ...Object.entries(value).map(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k))) as Flat;
  return { [prefix]: JSON.stringify(value) };
}

export interface DiffLine {
  readonly key: string;
  readonly a?: string;
  readonly b?: string;
}

export function diffFlat(a: Flat, b: Flat): DiffLine[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .sort()
    .filter((k) => a[k] !== b[k])
    .map((k) => ({ key: k, a: a[k], b: b[k] }));
}

/** The stack file's `ckpt-lab:*` config with the prefix removed. */
export function stackConfigOf(text: string): Record<string, unknown> {
  const doc = parseYaml(text) as { config?: Record<string, unknown> } | null;
  return Object.fromEntries(Object.entries(doc?.config ?? {}).flatMap(([k, v]) => (k.startsWith(`${PROJECT}:`) ? [[k.slice(PROJECT.length + 1), v]] : [])));
}

export interface StackDiff {
  readonly config: readonly DiffLine[];
  /** Per container role/name: the Flink keys whose values differ. */
  readonly flinkConf: readonly DiffLine[];
}

export function stackDiff(nameA: string, textA: string, nameB: string, textB: string): StackDiff {
  const rawA = stackConfigOf(textA);
  const rawB = stackConfigOf(textB);
  const config = diffFlat(flatten(rawA), flatten(rawB));
  const planA = planCluster(nameA, parseStackConfig(rawA));
  const planB = planCluster(nameB, parseStackConfig(rawB));
  // Container names carry the stack name; compare by host name, and values with the stack prefix removed.
  const effective = (plan: ReturnType<typeof planCluster>, stack: string) =>
    Object.fromEntries(
      plan.containers.flatMap((c) => Object.entries(c.flinkConf).map(([k, v]) => [`${c.host.name}: ${k}`, v.replaceAll(`ckpt-${stack}-`, 'ckpt-<stack>-')])),
    );
  return { config, flinkConf: diffFlat(effective(planA, nameA), effective(planB, nameB)) };
}

export function formatStackDiff(a: string, b: string, d: StackDiff): string {
  const lines = [`config (${a} → ${b}):`];
  lines.push(...(d.config.length ? d.config.map((l) => `  ${l.key}: ${l.a ?? '(unset)'} → ${l.b ?? '(unset)'}`) : ['  (identical)']));
  lines.push('effective Flink configuration:');
  lines.push(...(d.flinkConf.length ? d.flinkConf.map((l) => `  ${l.key}: ${l.a ?? '(unset)'} → ${l.b ?? '(unset)'}`) : ['  (identical)']));
  return lines.join('\n');
}
