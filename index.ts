/**
 * The Pulumi program: one stack = one Flink cluster (1 JobManager + TaskManagers on Docker hosts) with
 * one checkpoint setting, measured by the post-deploy bench; its summary is the stack's outputs.
 */
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { benchCommand, type BenchOutputs } from './infra/pulumi/benchCommand.js';
import { planCluster } from './infra/pulumi/clusterPlan.js';
import { FlinkCluster } from './infra/pulumi/flinkCluster.js';
import { PostDeployBench } from './infra/pulumi/postDeployBench.js';
import { readStackConfig } from './infra/pulumi/readStackConfig.js';
import { BENCH_RUN_ENV } from './infra/pulumi/stackConfig.js';
import { sshEnvironment, writeSshKey } from './infra/pulumi/sshKey.js';
import { REPO_ROOT } from './lib/repoRoot.js';

const stack = pulumi.getStack();
const { config, sshKey } = readStackConfig();
const plan = planCluster(stack, config);

/**
 * The SSH key (a secret), only where an engine is reached over SSH: a private file for the provider
 * and an ssh wrapper for the docker CLI calls, removed when the program exits.
 */
const sshFiles = plan.engines.some((e) => e.dockerHost.startsWith('ssh://')) ? sshKey?.apply((key) => writeSshKey(key)) : undefined;
const sshOpts = sshFiles?.apply((f) => [...f.sshOpts]);
const commandEnvironment = sshFiles?.apply((f) => sshEnvironment(f));

const cluster = new FlinkCluster('flink', { plan, image: config.image, pullImage: config.pullImage, keepData: config.keepData, sshOpts, commandEnvironment });

export const restUrl = cluster.restUrl;
export const checkpointIntervalMs = config.checkpoint.intervalMs;
/** The effective Flink configuration of the JobManager (what `ckpt-lab stack-diff` compares). */
export const flinkConf = plan.jobManager.flinkConf;

const bench = config.bench.enabled
  ? new PostDeployBench('bench', {
      command: benchCommand(config, plan, join(REPO_ROOT, 'bin', 'ckpt-lab.js'), join(REPO_ROOT, 'results', `pulumi-${stack}`)),
      dir: REPO_ROOT,
      // A sweep re-runs the bench through the environment, leaving the stack file as it is.
      benchRun: process.env[BENCH_RUN_ENV] ?? config.benchRun,
      environment: commandEnvironment,
      containerIds: [cluster.jobManager.container.id, ...cluster.taskManagers.map((t) => t.container.id)],
      dependsOn: [cluster],
    })
  : undefined;

const out = (key: keyof BenchOutputs) => bench?.outputs.apply((o) => o[key]);
export const throughputEventsPerSec = out('throughputEventsPerSec');
export const capacityEventsPerSec = out('capacityEventsPerSec');
export const latencyP99Ms = out('latencyP99Ms');
export const checkpointDurationMsMedian = out('checkpointDurationMsMedian');
export const checkpointedSizeBytesMedian = out('checkpointedSizeBytesMedian');
export const recoveryMsMedian = out('recoveryMsMedian');
export const failuresNotCaughtUp = out('failuresNotCaughtUp');
export const verificationOk = out('verificationOk');
export const resultsPath = out('resultsPath');
