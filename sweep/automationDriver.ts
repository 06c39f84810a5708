/** The real StackDriver: Pulumi's Automation API over the project's folder (needs the Pulumi CLI). */
import { BENCH_RUN_ENV } from '../infra/pulumi/stackConfig.js';
import type { StackDriver } from './pulumiCells.js';

export async function automationDriver(workDir: string): Promise<StackDriver> {
  const { LocalWorkspace } = await import('@pulumi/pulumi/automation/index.js');
  // createOrSelect: `stacks init` writes only the files, a fresh backend has no stack yet. The bench
  // run goes by environment (the program reads it over ckpt-lab:benchRun), not by setConfig, which
  // would rewrite the tracked Pulumi.<stack>.yaml on every cell.
  const open = (stackName: string, benchRun?: string) =>
    LocalWorkspace.createOrSelectStack({ stackName, workDir }, benchRun === undefined ? {} : { envVars: { [BENCH_RUN_ENV]: benchRun } });
  return {
    workDir,
    async up(stackName, benchRun, log) {
      const stack = await open(stackName, benchRun);
      const result = await stack.up({ onOutput: (out) => log(out.trimEnd()) });
      return Object.fromEntries(Object.entries(result.outputs).map(([k, v]) => [k, v.value]));
    },
    async destroy(stackName, log) {
      const stack = await open(stackName);
      await stack.destroy({ onOutput: (out) => log(out.trimEnd()) });
    },
  };
}
