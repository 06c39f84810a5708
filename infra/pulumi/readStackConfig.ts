/**
 * Reads every `ckpt-lab:*` key of the stack once (objects as YAML/JSON, the rest as text) and validates
 * it; every key the stack sets, so a misspelt one is refused instead of ignored.
 */
import * as pulumi from '@pulumi/pulumi';
import { parseStackConfig, PROJECT, type StackConfig } from './stackConfig.js';

export interface StackInputs {
  readonly config: StackConfig;
  /** The private key for ssh:// engines, kept secret by Pulumi. */
  readonly sshKey?: pulumi.Output<string>;
}

export function readStackConfig(config = new pulumi.Config(PROJECT)): StackInputs {
  const raw: Record<string, unknown> = {};
  const keys = Object.keys(pulumi.runtime.allConfig())
    .filter((k) => k.startsWith(`${PROJECT}:`))
    .map((k) => k.slice(PROJECT.length + 1))
    // The secret is read as a secret below; it is never part of the plain configuration.
    .filter((k) => k !== 'sshKey');
  for (const key of keys) {
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
