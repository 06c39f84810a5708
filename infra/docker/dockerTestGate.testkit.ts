/**
 * Tests that need a Docker engine (and root, sshd, nsenter for the test hosts): where one is missing
 * the test file fails, so a green `npm test` means the containers ran. CKPT_LAB_SKIP_DOCKER=1 skips
 * them instead, and the run's last line (scripts/skippedTestsReporter.ts) names each skip and why.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../../lib/repoRoot.js';

/** Where the test workers record their skips for the reporter (cleared at the start of every run). */
export const SKIPS_FILE = join(REPO_ROOT, 'node_modules/.cache/ckpt-lab/skipped-tests.jsonl');

export interface SkippedTest {
  readonly test: string;
  readonly why: string;
}

/** True when `test` is to be skipped; throws when something it needs (`missing`) is missing and skipping was not asked for. */
export function skipWithoutDocker(test: string, missing: string | undefined, env: NodeJS.ProcessEnv = process.env, file = SKIPS_FILE): boolean {
  if (!missing) return false;
  if (env.CKPT_LAB_SKIP_DOCKER !== '1') {
    throw new Error(
      `${test} cannot run here: ${missing}. Start dockerd as root (CI's .ci/run installs and starts it), or set CKPT_LAB_SKIP_DOCKER=1 to skip it.`,
    );
  }
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify({ test, why: missing } satisfies SkippedTest)}\n`);
  return true;
}
