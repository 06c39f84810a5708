/**
 * The bench as the stack's last step: once every container is healthy, `ckpt-lab run --rest … --json`
 * runs on the machine running Pulumi; its summary becomes stack outputs. It runs again only when its
 * command, the containers or the `benchRun` config value change.
 */
import * as command from '@pulumi/command';
import * as pulumi from '@pulumi/pulumi';
import { benchOutputs, type BenchOutputs } from './benchCommand.js';

export interface PostDeployBenchArgs {
  /** The full `ckpt-lab run` command line (benchCommand). */
  readonly command: string;
  /** The repository root: where the command runs. */
  readonly dir: string;
  readonly benchRun: string;
  /** For ssh:// engines: PATH with the ssh wrapper, so the bench's docker calls (tm-kill) carry the key. */
  readonly environment?: pulumi.Input<Record<string, string>>;
  /** The containers the bench measures; replaced containers re-run it. */
  readonly containerIds: pulumi.Input<string>[];
  readonly dependsOn: pulumi.Resource[];
}

export class PostDeployBench extends pulumi.ComponentResource {
  readonly run: command.local.Command;
  readonly outputs: pulumi.Output<BenchOutputs>;

  constructor(name: string, args: PostDeployBenchArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ckptlab:bench:PostDeployBench', name, {}, opts);
    this.run = new command.local.Command(
      `${name}-run`,
      {
        create: args.command,
        dir: args.dir,
        triggers: [args.benchRun, args.command, ...args.containerIds],
        // stderr carries the progress lines; only stdout's JSON is parsed.
        logging: 'stderr',
        ...(args.environment ? { environment: args.environment } : {}),
      },
      { parent: this, dependsOn: args.dependsOn },
    );
    this.outputs = this.run.stdout.apply(benchOutputs);
    this.registerOutputs({ outputs: this.outputs });
  }
}
