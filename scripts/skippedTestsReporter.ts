/** A vitest reporter after the default one: the run's last line names the tests skipped with CKPT_LAB_SKIP_DOCKER=1, and why. */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { Reporter } from 'vitest/reporters';
import { SKIPS_FILE, type SkippedTest } from '../infra/docker/dockerTestGate.testkit.js';

/** The last line (pure); undefined when nothing was skipped. */
export function skippedLine(skips: readonly SkippedTest[]): string | undefined {
  if (skips.length === 0) return undefined;
  return `SKIPPED (CKPT_LAB_SKIP_DOCKER=1) ${skips.length} test file(s): ${skips.map((s) => `${s.test} — ${s.why}`).join('; ')}`;
}

export const readSkips = (file: string): SkippedTest[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as SkippedTest)
    : [];

export default class SkippedTestsReporter implements Reporter {
  onInit(): void {
    rmSync(SKIPS_FILE, { force: true });
  }

  onFinished(): void {
    const line = skippedLine(readSkips(SKIPS_FILE));
    if (line) process.stdout.write(`\n${line}\n`);
  }
}
