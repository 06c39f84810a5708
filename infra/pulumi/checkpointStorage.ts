/** The checkpoint/savepoint storage every process shares: an NFS-backed Docker volume per engine. */
import * as docker from '@pulumi/docker';
import * as pulumi from '@pulumi/pulumi';
import type { VolumePlan } from './clusterPlan.js';
import { toLabels } from './dockerEngine.js';

export interface CheckpointStorageArgs {
  readonly volume: VolumePlan;
  readonly provider: docker.Provider;
  readonly labels: Readonly<Record<string, string>>;
}

export class CheckpointStorage extends pulumi.ComponentResource {
  readonly volume: docker.Volume;

  constructor(name: string, args: CheckpointStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ckptlab:flink:CheckpointStorage', name, {}, opts);
    this.volume = new docker.Volume(
      `${name}-volume`,
      { name: args.volume.name, driver: 'local', driverOpts: { ...args.volume.driverOpts }, labels: toLabels(args.labels) },
      { parent: this, provider: args.provider },
    );
    this.registerOutputs({ volume: this.volume.name });
  }
}
