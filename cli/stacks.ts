/** `ckpt-lab stacks init` and `ckpt-lab stack-diff`: the Pulumi stack files of this repository. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIntervals } from '../sweep/sweepArgs.js';
import { deriveIntervalStack, formatStackDiff, stackDiff } from '../infra/pulumi/stackFiles.js';
import { parseStackConfig } from '../infra/pulumi/stackConfig.js';
import { stackConfigOf } from '../infra/pulumi/stackFiles.js';
import { UsageError } from './runArgs.js';

const stackFile = (dir: string, stack: string) => join(dir, `Pulumi.${stack}.yaml`);

function readStack(dir: string, stack: string): string {
  const path = stackFile(dir, stack);
  if (!existsSync(path)) throw new UsageError(`No stack '${stack}': ${path} does not exist.`);
  return readFileSync(path, 'utf8');
}

/** Writes Pulumi.ckpt-<interval>.yaml for each interval plus the no-checkpoint baseline. */
export function stacksInit(dir: string, flags: Record<string, string | boolean | undefined>, say: (l: string) => void): string[] {
  const from = typeof flags.from === 'string' ? flags.from : 'dev';
  if (typeof flags.intervals !== 'string') throw new UsageError('ckpt-lab stacks init needs --intervals, e.g. --intervals 5s,10s,30s,60s,120s.');
  let intervals: number[];
  try {
    intervals = parseIntervals(flags.intervals);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const base = readStack(dir, from);
  try {
    parseStackConfig(stackConfigOf(base));
  } catch (e) {
    throw new UsageError(`Pulumi.${from}.yaml is not a valid stack: ${(e as Error).message}`);
  }
  const written: string[] = [];
  for (const t of [0, ...intervals]) {
    const d = deriveIntervalStack(base, from, t);
    writeFileSync(stackFile(dir, d.name), d.text);
    written.push(d.name);
    say(
      `wrote Pulumi.${d.name}.yaml${d.droppedSecrets.length ? ` — set its secrets again: ${d.droppedSecrets.map((k) => `pulumi config set --secret ${k} … --stack ${d.name}`).join('; ')}` : ''}`,
    );
  }
  return written;
}

export function stackDiffCommand(dir: string, positionals: readonly string[]): string {
  const [, a, b] = positionals;
  if (!a || !b || positionals.length > 3) throw new UsageError('ckpt-lab stack-diff takes two stack names, e.g. ckpt-lab stack-diff ckpt-10s ckpt-60s');
  return formatStackDiff(a, b, stackDiff(a, readStack(dir, a), b, readStack(dir, b)));
}
