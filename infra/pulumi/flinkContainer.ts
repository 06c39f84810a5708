/** A JobManager or TaskManager container as the official image runs it, from its ContainerPlan. */
import * as docker from '@pulumi/docker';
import * as pulumi from '@pulumi/pulumi';
import type { ContainerPlan } from './clusterPlan.js';
import { toLabels } from './dockerEngine.js';

export interface FlinkContainerArgs {
  readonly plan: ContainerPlan;
  readonly image: pulumi.Input<string>;
  readonly provider: docker.Provider;
  readonly network: docker.Network;
  readonly labels: Readonly<Record<string, string>>;
}

export class FlinkContainer extends pulumi.ComponentResource {
  readonly container: docker.Container;
  readonly containerName: pulumi.Output<string>;

  constructor(name: string, args: FlinkContainerArgs, opts?: pulumi.ComponentResourceOptions) {
    super(args.plan.role === 'jobmanager' ? 'ckptlab:flink:JobManager' : 'ckptlab:flink:TaskManager', name, {}, opts);
    const p = args.plan;
    this.container = new docker.Container(
      `${name}-container`,
      {
        name: p.name,
        hostname: p.name,
        image: args.image,
        command: [...p.command],
        envs: [...p.env],
        // The provider takes CPUs as a decimal string and memory in MB.
        cpus: String(p.host.cpus),
        memory: p.host.memoryMb,
        memorySwap: p.host.memoryMb,
        restart: 'unless-stopped',
        // An init as PID 1, so a crash of Flink's JVM ends the container and the restart policy applies.
        init: true,
        ports: p.ports.map((x) => ({ internal: x.internal, external: x.external, ip: x.ip, protocol: 'tcp' })),
        mounts: p.mounts.map((m) => ({ type: m.type, source: m.source, target: m.target })),
        networksAdvanced: [{ name: args.network.name, aliases: [p.name] }],
        healthcheck: { ...p.healthcheck, tests: [...p.healthcheck.tests] },
        // `pulumi up` returns once the container is healthy: the bench starts against a ready cluster.
        wait: true,
        waitTimeout: 180,
        destroyGraceSeconds: 30,
        labels: toLabels({ ...args.labels, 'ckpt-lab.role': p.role, 'ckpt-lab.flink-host': p.flinkHost }),
      },
      { parent: this, provider: args.provider, dependsOn: [args.network] },
    );
    this.containerName = this.container.name;
    this.registerOutputs({ containerName: this.containerName });
  }
}
