/** environment.json: what the sweep ran on, so a reader can tell whether two sweeps compare. */
import { spawnSync } from 'node:child_process';
import { readFileSync, statfsSync } from 'node:fs';
import { cpus, hostname, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../lib/repoRoot.js';
import { ENVIRONMENT_SCHEMA_VERSION, type EnvironmentManifest } from './environmentSchema.js';
import type { RecordedSettings, SweepPreparation } from './sweepSchema.js';
import { writeJsonAtomic } from '../lib/results.js';
import { readRunFile } from './loadSweep.js';

export type { EnvironmentManifest } from './environmentSchema.js';

function javaVersion(): string | undefined {
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const out = spawnSync(java, ['-version'], { encoding: 'utf8' });
  return out.stderr.split('\n')[0]?.trim() || undefined;
}

function gitCommit(): string | undefined {
  const out = spawnSync('git', ['-C', REPO_ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  return out.status === 0 ? out.stdout.trim() : undefined;
}

/**
 * `flinkVersions`: what the clusters' REST APIs reported in the runs so far (run.json `versions.flink`);
 * none yet reads "not yet known".
 */
export function environmentManifest(config: RecordedSettings, hash: string, dir: string, flinkVersions: readonly string[] = []): EnvironmentManifest {
  let disk: { total?: number; free?: number } = {};
  try {
    const s = statfsSync(dir);
    disk = { total: s.blocks * s.bsize, free: s.bavail * s.bsize };
  } catch {
    disk = {};
  }
  return {
    schemaVersion: ENVIRONMENT_SCHEMA_VERSION,
    versions: {
      flink: flinkVersions.length ? [...new Set(flinkVersions)].sort().join(', ') : 'not yet known (no run finished)',
      java: javaVersion(),
      node: process.version,
      project: (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version,
      gitCommit: gitCommit(),
    },
    host: {
      hostname: hostname(),
      kernel: release(),
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryBytes: totalmem(),
      diskTotalBytes: disk.total,
      diskFreeBytes: disk.free,
    },
    config,
    configHash: hash,
  };
}

/**
 * environment.json: what the sweep ran on. The Flink version is what the clusters reported in the
 * runs, not what this code expects; `noteRun` says whether a run reported one not seen before.
 */
export function environmentFile(dir: string, recorded: RecordedSettings, hash: string, preparation: SweepPreparation | undefined) {
  const flinkVersions = new Set<string>();
  return {
    noteRun(runJsonPath: string): boolean {
      const v = readRunFile(runJsonPath).versions?.flink;
      const isNew = v !== undefined && !flinkVersions.has(v);
      if (v) flinkVersions.add(v);
      return isNew;
    },
    write(): void {
      writeJsonAtomic(dir, 'environment.json', { ...environmentManifest(recorded, hash, dir, [...flinkVersions]), checkpointStorage: preparation?.storage });
    },
  };
}
