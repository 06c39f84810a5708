/** The stack's Flink cluster: per Docker engine a provider and network, the checkpoint storage, HDD dirs, and the containers. */
import * as pulumi from '@pulumi/pulumi';
import { CheckpointStorage } from './checkpointStorage.js';
import type { ClusterPlan } from './clusterPlan.js';
import { DockerEngine } from './dockerEngine.js';
import { FlinkContainer } from './flinkContainer.js';
import { HostData } from './hostData.js';

export interface FlinkClusterArgs {
  readonly plan: ClusterPlan;
  readonly image: string;
  readonly pullImage: boolean;
  readonly keepData: boolean;
  /** ssh options for engines reached over SSH (e.g. `-i <key file>`), from a Pulumi secret. */
  readonly sshOpts?: pulumi.Input<pulumi.Input<string>[]>;
  /** Environment of the docker CLI commands (PATH with the ssh wrapper that carries the key). */
  readonly commandEnvironment?: pulumi.Input<Record<string, string>>;
}

export class FlinkCluster extends pulumi.ComponentResource {
  readonly engines: readonly DockerEngine[];
  readonly jobManager: FlinkContainer;
  readonly taskManagers: readonly FlinkContainer[];
  readonly restUrl: pulumi.Output<string>;

  constructor(name: string, args: FlinkClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ckptlab:flink:Cluster', name, {}, opts);
    const plan = args.plan;
    const labels = { 'ckpt-lab.stack': plan.stack };
    const engines = new Map(
      plan.engines.map((e) => [
        e.key,
        new DockerEngine(
          `${name}-${e.key}`,
          { engine: e, image: args.image, pullImage: args.pullImage, sshOpts: e.dockerHost.startsWith('ssh://') ? args.sshOpts : undefined, labels },
          { parent: this },
        ),
      ]),
    );
    this.engines = [...engines.values()];
    const storage = plan.volumes.map(
      (v) => new CheckpointStorage(`${name}-storage-${v.engine.key}`, { volume: v, provider: engines.get(v.engine.key)!.provider, labels }, { parent: this }),
    );
    const hostData = this.hostDataPerDisk(name, args, engines);
    const sharedData = this.sharedDirectory(name, args, engines);
    const containerOf = (c: ClusterPlan['containers'][number], after: pulumi.Resource[]) => {
      const engine = engines.get(c.engine.key)!;
      return new FlinkContainer(
        `${name}-${c.host.name}`,
        { plan: c, image: engine.imageRef, provider: engine.provider, network: engine.network, labels },
        { parent: this, dependsOn: [hostData.get(`${c.engine.key}:${c.host.hddPath}`)!, ...storage, ...(sharedData ? [sharedData] : []), ...after] },
      );
    };
    this.jobManager = containerOf(plan.jobManager, []);
    // TaskManagers start once the JobManager is healthy, so they register at once.
    this.taskManagers = plan.containers.filter((c) => c.role === 'taskmanager').map((c) => containerOf(c, [this.jobManager]));
    this.restUrl = pulumi.output(plan.restUrl);
    this.registerOutputs({ restUrl: this.restUrl });
  }

  /** One HostData per (engine, HDD path): the bind-mounted directories, created before the containers. */
  private hostDataPerDisk(name: string, args: FlinkClusterArgs, engines: ReadonlyMap<string, DockerEngine>): Map<string, HostData> {
    const plan = args.plan;
    const hostData = new Map<string, HostData>();
    for (const c of plan.containers) {
      const key = `${c.engine.key}:${c.host.hddPath}`;
      if (hostData.has(key)) continue;
      const dirs = plan.containers
        .filter((o) => o.engine.key === c.engine.key && o.host.hddPath === c.host.hddPath)
        .flatMap((o) => o.mounts.filter((m) => m.type === 'bind' && m.source.startsWith(`${c.host.hddPath}/`)).map((m) => m.source));
      const hostArgs = {
        dockerHost: c.engine.dockerHost,
        image: engines.get(c.engine.key)!.imageRef,
        hddPath: c.host.hddPath,
        dirs: [...new Set(dirs)],
        keepData: args.keepData,
        environment: c.engine.dockerHost.startsWith('ssh://') ? args.commandEnvironment : undefined,
      };
      hostData.set(key, new HostData(`${name}-data-${c.engine.key}-${c.host.name}`, hostArgs, { parent: this }));
    }
    return hostData;
  }

  /** A directory every host mounts: created once, through the JobManager's engine, owned by Flink's user. */
  private sharedDirectory(name: string, args: FlinkClusterArgs, engines: ReadonlyMap<string, DockerEngine>): HostData | undefined {
    const { sharedMount: shared, jobManager } = args.plan;
    if (!shared) return undefined;
    const sharedArgs = {
      dockerHost: jobManager.engine.dockerHost,
      image: engines.get(jobManager.engine.key)!.imageRef,
      hddPath: shared.hostPath,
      dirs: [shared.dir],
      keepData: args.keepData,
      environment: jobManager.engine.dockerHost.startsWith('ssh://') ? args.commandEnvironment : undefined,
    };
    return new HostData(`${name}-shared`, sharedArgs, { parent: this });
  }
}
