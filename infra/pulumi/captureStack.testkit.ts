/**
 * Runs the Pulumi program (index.ts) under Pulumi's mocks for a Pulumi.<stack>.yaml of this repo and
 * records every resource it declares (tests only: the mock and the real-container tests use it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../../lib/repoRoot.js';
import { PROJECT } from './stackConfig.js';
import { sleep } from '../../lib/sleep.js';

/**
 * A real bench's output: a run of the quick sweep (2026-11-28, 5 s interval, one tm-kill). The mocked
 * bench command prints what `ckpt-lab run --json` printed for it: the run's summary and its path.
 */
/**
 * What the mocked bench command prints: a made-up `ckpt-lab run --json` document (a line of progress,
 * then the summary), with figures no run produced, so the stack outputs can be checked against numbers
 * the test states rather than against a file the mock itself read.
 */
export const SYNTHETIC_BENCH_STDOUT = [
  'bench: warming up 20 s',
  JSON.stringify({
    throughputEventsPerSec: { median: 4_321.5, targetRate: 4_400 },
    capacityEventsPerSec: 8_765,
    latencyMs: { p50: 120, p99: 432 },
    checkpoints: { completed: 7, durationMs: { median: 321, max: 400 }, checkpointedSizeBytes: { median: 12_345_678 } },
    recovery: { median: { recoveryMs: 23_456, notCaughtUp: 0 } },
    verification: { ok: true, counterSum: 99, sourcePosition: 99 },
    resultsPath: '/results/synthetic/run.json',
  }),
].join('\n');

export interface DeclaredResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
  readonly id: string;
  /** Names of the resources it explicitly depends on (dependsOn), and its parent's name. */
  readonly dependsOn: readonly string[];
  readonly parent?: string;
  /** The name of the provider resource it was declared with (for Docker resources: their engine). */
  readonly provider?: string;
}

/** The `config:` of Pulumi.<stack>.yaml as Pulumi passes it to a program (objects as JSON text). */
export function stackConfig(stack: string): Record<string, string> {
  const doc = parseYaml(readFileSync(join(REPO_ROOT, `Pulumi.${stack}.yaml`), 'utf8')) as { config?: Record<string, unknown> };
  return Object.fromEntries(Object.entries(doc.config ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** Declares the stack under mocks; resolves once every resource is registered. */
export async function captureStack(
  stack: string,
  config: Record<string, string> = stackConfig(stack),
): Promise<{ resources: DeclaredResource[]; exports: Record<string, unknown> }> {
  const resources: DeclaredResource[] = [];
  const options = new Map<string, { dependsOn: string[]; parent?: string; provider?: string }>();
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const id = `${args.name}-id`;
        const o = options.get(args.name);
        resources.push({ type: args.type, name: args.name, inputs: args.inputs, id, dependsOn: o?.dependsOn ?? [], parent: o?.parent, provider: o?.provider });
        // Outputs the program reads: a container's name, the bench's stdout.
        const state: Record<string, unknown> = { ...args.inputs };
        if (args.type === 'command:local:Command') state.stdout = SYNTHETIC_BENCH_STDOUT;
        if (args.type === 'docker:index/remoteImage:RemoteImage') state.repoDigest = `${args.inputs.name}@sha256:0`;
        return { id, state };
      },
      call: (args) => args.inputs,
    },
    PROJECT,
    stack,
    false,
  );
  pulumi.runtime.setAllConfig(config);
  vi.resetModules();
  let mod: Record<string, unknown> = {};
  let failure: unknown;
  // In a stack, a stack transformation sees every resource's options: that is where dependsOn lives.
  await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation((a) => {
      const deps = a.opts.dependsOn;
      const list = (Array.isArray(deps) ? deps : deps ? [deps] : []) as pulumi.Resource[];
      const nameOf = (r: unknown) => (r as { __name?: string } | undefined)?.__name;
      options.set(a.name, {
        dependsOn: list.map((d) => nameOf(d) ?? '?'),
        parent: nameOf(a.opts.parent),
        provider: nameOf((a.opts as { provider?: unknown }).provider),
      });
      return undefined;
    });
    try {
      mod = await import('../../index.js');
    } catch (e) {
      failure = e; // rethrown below, outside the stack, so the caller sees it once
    }
    return undefined;
  });
  if (failure) throw failure instanceof Error ? failure : new Error('The Pulumi program failed', { cause: failure });
  // Registration is asynchronous: wait until no new resource appears for a while.
  let seen = -1;
  while (seen !== resources.length) {
    seen = resources.length;
    await sleep(100);
  }
  const exports: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(mod)) {
    exports[k] = pulumi.Output.isInstance(v) ? await new Promise((r) => v.apply((x) => r(x))) : v;
  }
  return { resources, exports };
}

export const ofType = (resources: readonly DeclaredResource[], type: string) => resources.filter((r) => r.type === type);
