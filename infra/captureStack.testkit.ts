/**
 * Runs the Pulumi program (index.ts) under Pulumi's mocks for a Pulumi.<stack>.yaml of this repo and
 * records every resource it declares (tests only: the mock and the real-container tests use it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../repoRoot.js';
import { PROJECT } from './stackConfig.js';

export interface DeclaredResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
  readonly id: string;
  /** Names of the resources it explicitly depends on (dependsOn), and its parent's name. */
  readonly dependsOn: readonly string[];
  readonly parent?: string;
}

/** The `config:` of Pulumi.<stack>.yaml as Pulumi passes it to a program (objects as JSON text). */
export function stackConfig(stack: string): Record<string, string> {
  const doc = parseYaml(readFileSync(join(REPO_ROOT, `Pulumi.${stack}.yaml`), 'utf8')) as { config?: Record<string, unknown> };
  return Object.fromEntries(Object.entries(doc.config ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** Declares the stack under mocks; resolves once every resource is registered. */
export async function captureStack(stack: string, config: Record<string, string> = stackConfig(stack)): Promise<{ resources: DeclaredResource[]; exports: Record<string, unknown> }> {
  const resources: DeclaredResource[] = [];
  const options = new Map<string, { dependsOn: string[]; parent?: string }>();
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const id = `${args.name}-id`;
        resources.push({ type: args.type, name: args.name, inputs: args.inputs, id, dependsOn: options.get(args.name)?.dependsOn ?? [], parent: options.get(args.name)?.parent });
        // Outputs the program reads: a container's name, the bench's stdout.
        const state: Record<string, unknown> = { ...args.inputs };
        if (args.type === 'command:local:Command') state.stdout = JSON.stringify({ throughputEventsPerSec: { median: 1999 }, resultsPath: '/tmp/run.json', verification: { ok: true } });
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
      options.set(a.name, { dependsOn: list.map((d) => (d as unknown as { __name?: string }).__name ?? '?'), parent: (a.opts.parent as unknown as { __name?: string } | undefined)?.__name });
      return undefined;
    });
    try {
      mod = (await import('../index.js')) as Record<string, unknown>;
    } catch (e) {
      failure = e; // rethrown below, outside the stack, so the caller sees it once
    }
    return undefined;
  });
  if (failure) throw failure;
  // Registration is asynchronous: wait until no new resource appears for a while.
  let seen = -1;
  while (seen !== resources.length) {
    seen = resources.length;
    await new Promise((r) => setTimeout(r, 100));
  }
  const exports: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(mod)) {
    exports[k] = pulumi.Output.isInstance(v) ? await new Promise((r) => (v as pulumi.Output<unknown>).apply((x) => r(x))) : v;
  }
  return { resources, exports };
}

export const ofType = (resources: readonly DeclaredResource[], type: string) => resources.filter((r) => r.type === type);
