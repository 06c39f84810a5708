/** One Docker engine of the stack: its provider, the stack's network on it, and the Flink image. */
import * as docker from '@pulumi/docker';
import * as pulumi from '@pulumi/pulumi';
import type { EnginePlan } from './clusterPlan.js';

export interface DockerEngineArgs {
  readonly engine: EnginePlan;
  readonly image: string;
  /** Pull `image` from its registry; off for an image built on the host. */
  readonly pullImage: boolean;
  /** Options for `ssh` when the engine is reached over SSH (e.g. the key file). */
  readonly sshOpts?: pulumi.Input<pulumi.Input<string>[]>;
  readonly labels: Readonly<Record<string, string>>;
}

export class DockerEngine extends pulumi.ComponentResource {
  readonly provider: docker.Provider;
  readonly network: docker.Network;
  /** The image reference containers use (the pulled image's repo digest when pulled). */
  readonly imageRef: pulumi.Output<string>;

  constructor(name: string, args: DockerEngineArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ckptlab:docker:Engine', name, {}, opts);
    this.provider = new docker.Provider(
      `${name}-provider`,
      { host: args.engine.dockerHost, ...(args.sshOpts ? { sshOpts: args.sshOpts } : {}) },
      { parent: this },
    );
    const child = { parent: this, provider: this.provider };
    this.network = new docker.Network(
      `${name}-network`,
      { name: args.engine.network, driver: 'bridge', attachable: true, labels: toLabels(args.labels) },
      child,
    );
    if (args.pullImage) {
      const image = new docker.RemoteImage(`${name}-image`, { name: args.image, keepLocally: true }, child);
      this.imageRef = image.repoDigest.apply((d) => d || args.image);
    } else {
      this.imageRef = pulumi.output(args.image);
    }
    this.registerOutputs({ network: this.network.name, imageRef: this.imageRef });
  }
}

/** Docker labels as the provider takes them. */
export function toLabels(labels: Readonly<Record<string, string>>): { label: string; value: string }[] {
  return Object.entries(labels).map(([label, value]) => ({ label, value }));
}
