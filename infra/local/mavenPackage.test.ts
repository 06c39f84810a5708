import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/repoRoot.js';

describe('mavenPackage', () => {
  it('sends the build’s output to stderr, so a --json command’s stdout stays one JSON document', () => {
    // A stand-in `mvn` first on PATH that prints on stdout, as Maven's download progress does.
    const bin = mkdtempSync(join(tmpdir(), 'fake-mvn-'));
    writeFileSync(join(bin, 'mvn'), '#!/bin/sh\necho "BUILD OUTPUT $*"\nexit 0\n');
    chmodSync(join(bin, 'mvn'), 0o755);
    const script = `import('${join(REPO_ROOT, 'infra/local/mavenPackage.ts')}').then((m) => { const r = m.mavenPackage('/x/pom.xml', ['-DskipTests']); process.stdout.write(JSON.stringify(r)); })`;
    const out = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ ok: true });
    expect(out.stderr).toContain('BUILD OUTPUT -B -q -f /x/pom.xml package -DskipTests');
  });

  it('reports a failed build with its exit code', () => {
    const bin = mkdtempSync(join(tmpdir(), 'fake-mvn-'));
    writeFileSync(join(bin, 'mvn'), '#!/bin/sh\nexit 3\n');
    chmodSync(join(bin, 'mvn'), 0o755);
    const script = `import('${join(REPO_ROOT, 'infra/local/mavenPackage.ts')}').then((m) => process.stdout.write(JSON.stringify(m.mavenPackage('/x/pom.xml'))))`;
    const out = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });
    expect(JSON.parse(out.stdout)).toEqual({ ok: false, failure: 'exit 3' });
  });
});
