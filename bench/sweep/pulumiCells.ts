/**
 * Sweep cells over Pulumi stacks (`--target pulumi --stacks 'ckpt-*'`): per cell `up` (the stack's
 * post-deploy bench runs the measurement), read its outputs, copy its run.json, optionally `destroy`.
 * The Automation API is behind StackDriver so the sweep is testable without a Pulumi CLI.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseCheckpointInterval } from '../duration.js';
import { planRounds, type Cell } from './plan.js';
import type { CellRunner } from './runSweep.js';
import { formatDurationMs } from '../duration.js';
import { SweepUsageError } from './sweepArgs.js';

export const PULUMI_PROJECT = 'ckpt-lab';

/** What the sweep needs from Pulumi. */
export interface StackDriver {
  /** The folder with Pulumi.yaml and the Pulumi.<stack>.yaml files. */
  readonly workDir: string;
  up(stack: string, config: Readonly<Record<string, string>>, log: (line: string) => void): Promise<Readonly<Record<string, unknown>>>;
  destroy(stack: string, log: (line: string) => void): Promise<void>;
}

export interface SweepStack {
  readonly name: string;
  /** 0: checkpointing off (the baseline stack). */
  readonly intervalMs: number;
}

/** `ckpt-*` → /^ckpt-.*$/ (only * and ? are special). */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** The stacks whose Pulumi.<stack>.yaml match `glob`, with the interval each one configures. */
export function readSweepStacks(workDir: string, glob: string): SweepStack[] {
  const re = globToRegExp(glob);
  const stacks = readdirSync(workDir)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined && re.test(s))
    .map((name) => {
      const doc = parseYaml(readFileSync(join(workDir, `Pulumi.${name}.yaml`), 'utf8')) as { config?: Record<string, unknown> } | null;
      const checkpoint = doc?.config?.[`${PULUMI_PROJECT}:checkpoint`] as { interval?: string } | undefined;
      const text = checkpoint?.interval;
      if (!text) throw new SweepUsageError(`Pulumi.${name}.yaml sets no ${PULUMI_PROJECT}:checkpoint.interval; every stack of a sweep needs one (off for the baseline).`);
      return { name, intervalMs: parseCheckpointInterval(text) };
    })
    .sort((a, b) => a.intervalMs - b.intervalMs);
  if (stacks.length === 0) throw new SweepUsageError(`Invalid --stacks: '${glob}' matches no Pulumi.<stack>.yaml in ${workDir}. Allowed: a glob over the stacks there (ckpt-lab stacks init makes them).`);
  const byInterval = new Map<number, string>();
  for (const s of stacks) {
    const other = byInterval.get(s.intervalMs);
    if (other) throw new SweepUsageError(`Invalid --stacks: '${glob}' matches ${other} and ${s.name}, both with interval ${formatDurationMs(s.intervalMs)}. Allowed: one stack per interval.`);
    byInterval.set(s.intervalMs, s.name);
  }
  return stacks;
}

export async function pulumiSweepStacks(driver: StackDriver, glob: string): Promise<SweepStack[]> {
  return readSweepStacks(driver.workDir, glob);
}

/** Rounds over the stacks, rotated each round as in planCells. */
export function planStackCells(stacks: readonly SweepStack[], repeat: number): Cell[] {
  return planRounds(stacks.map((s) => s.intervalMs), repeat);
}

export function pulumiCellRunner(driver: StackDriver, stacks: readonly SweepStack[], options: { readonly destroyAfter: boolean; readonly sweepId: string }): CellRunner {
  return {
    async run(cell, ctx) {
      const stack = stacks.find((s) => s.intervalMs === cell.intervalMs);
      if (!stack) throw new Error(`No stack for interval ${formatDurationMs(cell.intervalMs)}`);
      // A new benchRun value is what makes the stack's bench command run again.
      const outputs = await driver.up(stack.name, { [`${PULUMI_PROJECT}:benchRun`]: `${options.sweepId}/${cell.id}` }, ctx.log);
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

/** The real driver: Pulumi's Automation API over the project in `workDir` (needs the Pulumi CLI). */
export async function automationDriver(workDir: string): Promise<StackDriver> {
  const { LocalWorkspace } = await import('@pulumi/pulumi/automation/index.js');
  const select = (stackName: string) => LocalWorkspace.selectStack({ stackName, workDir });
  return {
    workDir,
    async up(stackName, config, log) {
      const stack = await select(stackName);
      for (const [key, value] of Object.entries(config)) await stack.setConfig(key, { value });
      const result = await stack.up({ onOutput: (out) => log(out.trimEnd()) });
      return Object.fromEntries(Object.entries(result.outputs).map(([k, v]) => [k, v.value]));
    },
    async destroy(stackName, log) {
      const stack = await select(stackName);
      await stack.destroy({ onOutput: (out) => log(out.trimEnd()) });
    },
  };
}
