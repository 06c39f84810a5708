import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/repoRoot.js';
import { deriveIntervalStack, diffFlat, flatten, stackConfigOf, stackDiff } from './stackFiles.js';
import { parseStackConfig } from './stackConfig.js';

const dev = readFileSync(join(REPO_ROOT, 'Pulumi.dev.yaml'), 'utf8');

describe('deriveIntervalStack', () => {
  it('changes only the checkpoint interval and keeps the comments', () => {
    const d = deriveIntervalStack(dev, 'dev', 120_000);
    expect(d.name).toBe('ckpt-120s');
    expect(diffFlat(flatten(stackConfigOf(dev)), flatten(stackConfigOf(d.text)))).toEqual([{ key: 'checkpoint.interval', a: '"5s"', b: '"120s"' }]);
    expect(d.text).toContain('# One Docker engine: checkpoints can live in a host directory');
    expect(deriveIntervalStack(dev, 'dev', 0).text).toContain('interval: off');
  });

  it("gives the baseline (off) no failures, as a sweep's baseline has none", () => {
    const off = deriveIntervalStack(dev, 'dev', 0);
    expect(diffFlat(flatten(stackConfigOf(dev)), flatten(stackConfigOf(off.text)))).toEqual([
      { key: 'bench.failure', a: '"tm-kill"', b: '"none"' },
      { key: 'bench.failures', a: '1', b: undefined },
      { key: 'checkpoint.interval', a: '"5s"', b: '"off"' },
    ]);
    expect(parseStackConfig(stackConfigOf(off.text)).bench).toMatchObject({ failure: undefined, failures: 0 });
    // The tracked baseline stack is what stacks init writes.
    expect(readFileSync(join(REPO_ROOT, 'Pulumi.ckpt-off.yaml'), 'utf8')).toBe(off.text);
  });

  it('drops secrets and the encryption salt, which belong to the base stack', () => {
    const withSecret = `encryptionsalt: v1:abc\n${dev}  ckpt-lab:sshKey:\n    secure: v1:Zm9v\n`;
    const d = deriveIntervalStack(withSecret, 'dev', 10_000);
    expect(d.droppedSecrets).toEqual(['ckpt-lab:sshKey']);
    expect(d.text).not.toContain('secure:');
    expect(d.text).not.toContain('encryptionsalt');
  });
});

describe('stackDiff', () => {
  it('shows the differing config and the differing effective Flink configuration', () => {
    const a = deriveIntervalStack(dev, 'dev', 10_000).text;
    const b = deriveIntervalStack(dev, 'dev', 60_000).text.replace('incremental: true', 'incremental: false');
    const d = stackDiff('ckpt-10s', a, 'ckpt-60s', b);
    expect(d.config.map((l) => l.key)).toEqual(['checkpoint.incremental', 'checkpoint.interval']);
    expect(d.flinkConf).toContainEqual({ key: 'taskmanager-2: execution.checkpointing.interval', a: '10000ms', b: '60000ms' });
    expect(d.flinkConf).toContainEqual({ key: 'jobmanager: state.backend.incremental', a: 'true', b: 'false' });
    // Names that carry the stack (container hosts) are not differences.
    expect(d.flinkConf.filter((l) => l.key.endsWith('taskmanager.host'))).toEqual([]);
    expect(d.flinkConf).toHaveLength(6);
  });
});
