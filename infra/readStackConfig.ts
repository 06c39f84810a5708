/** Reads every `ckpt-lab:*` key of the stack once (objects as YAML/JSON, the rest as text) and validates it. */
import * as pulumi from '@pulumi/pulumi';
import { parseStackConfig, PROJECT, type StackConfig } from './stackConfig.js';

const KEYS = ['hosts', 'cpus', 'memoryMb', 'image', 'pullImage', 'restPort', 'storage', 'checkpoint', 'failureDetection', 'workload', 'bench', 'benchRun', 'keepData'] as const;

export interface StackInputs {
  readonly config: StackConfig;
  /** The private key for ssh:// engines, kept secret by Pulumi. */
  readonly sshKey?: pulumi.Output<string>;
}

export function readStackConfig(config = new pulumi.Config(PROJECT)): StackInputs {
  const raw: Record<string, unknown> = {};
  for (const key of KEYS) {
    const text = config.get(key);
    if (text === undefined) continue;
    try {
      raw[key] = JSON.parse(text);
    } catch {
      raw[key] = text;
    }
  }
  return { config: parseStackConfig(raw), sshKey: config.getSecret('sshKey') };
}
