/**
 * Sweep cells over Pulumi stacks (`--target pulumi --stacks 'ckpt-*'`): per cell `up` (the stack's
 * post-deploy bench runs the measurement), read its outputs, copy its run.json, optionally `destroy`.
 * Pulumi is behind StackDriver (automationDriver.ts is the real one), so the sweep is testable without a Pulumi CLI.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatDurationMs } from '../lib/duration.js';
import type { CellRunner } from './runSweep.js';
import type { SweepStack } from './sweepStacks.js';

/** What the sweep needs from Pulumi. */
export interface StackDriver {
  /** The folder with Pulumi.yaml and the Pulumi.<stack>.yaml files. */
  readonly workDir: string;
  /** `pulumi up`, creating the stack if the backend lacks it; `benchRun` re-runs its bench without touching Pulumi.<stack>.yaml. */
  up(stack: string, benchRun: string, log: (line: string) => void): Promise<Readonly<Record<string, unknown>>>;
  destroy(stack: string, log: (line: string) => void): Promise<void>;
}

export function pulumiCellRunner(
  driver: StackDriver,
  stacks: readonly SweepStack[],
  options: { readonly destroyAfter: boolean; readonly sweepId: string },
): CellRunner {
  return {
    async run(cell, ctx) {
      const stack = stacks.find((s) => s.intervalMs === cell.intervalMs);
      if (!stack) throw new Error(`No stack for interval ${formatDurationMs(cell.intervalMs)}`);
      // A new benchRun value is what makes the stack's bench command run again.
      const outputs = await driver.up(stack.name, `${options.sweepId}/${cell.id}`, ctx.log);
      try {
        const resultsPath = outputs.resultsPath;
        if (typeof resultsPath !== 'string' || !existsSync(resultsPath)) {
          throw new Error(`Stack ${stack.name} has no readable resultsPath output (${String(resultsPath)}); did its bench run?`);
        }
        const dir = join(ctx.runsDir, `${stack.name}-${cell.id}`);
        mkdirSync(dir, { recursive: true });
        copyFileSync(resultsPath, join(dir, 'run.json'));
        return { runJson: join(dir, 'run.json'), stack: stack.name };
      } finally {
        if (options.destroyAfter) await driver.destroy(stack.name, ctx.log);
      }
    },
  };
}
