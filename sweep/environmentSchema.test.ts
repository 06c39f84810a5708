import { describe, expect, it } from 'vitest';
import { committedUnderDocs, readRepoJson as read } from '../lib/committedFiles.testkit.js';
import { ENVIRONMENT_SCHEMA_VERSION, parseEnvironmentFile, upgradeEnvironmentV1toV2 } from './environmentSchema.js';

const OLDEST = 'docs/measurements/quick-2026-11-28-full/environment.json';

describe('environment.json’s schema', () => {
  it('reads every environment.json committed under docs/ through the upgrade, with the values they hold', () => {
    const files = committedUnderDocs('environment.json');
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files) expect(parseEnvironmentFile(read(f), f).schemaVersion).toBe(ENVIRONMENT_SCHEMA_VERSION);
    // That file (2026-11-28) has no disk sizes, a 2-core host and Flink 1.18.1.
    const oldest = parseEnvironmentFile(read(OLDEST), OLDEST);
    expect(oldest.host.cpus).toBe(2);
    expect(oldest.host.diskTotalBytes).toBeUndefined();
    expect(oldest.versions.flink).toBe('1.18.1');
    expect(upgradeEnvironmentV1toV2(read(OLDEST))).toEqual({ ...read(OLDEST), schemaVersion: 2 });
  });

  it('refuses a misspelt key, a wrong type and a newer version, naming the path', () => {
    const doc = read(OLDEST);
    const host = doc.host as Record<string, unknown>;
    expect(() => parseEnvironmentFile({ ...doc, host: { ...host, cpu: 2 } }, 'e.json')).toThrow('e.json: host.cpu: not a key of this schema.');
    expect(() => parseEnvironmentFile({ ...doc, host: { ...host, cpus: 'two' } }, 'e.json')).toThrow(/^e\.json: host\.cpus: .*expected number/);
    expect(() => parseEnvironmentFile({ ...doc, schemaVersion: 3 }, 'e.json')).toThrow('e.json has schemaVersion 3; this ckpt-lab reads versions 1 to 2');
  });
});
