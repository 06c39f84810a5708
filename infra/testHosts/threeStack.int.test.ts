/**
 * The `three` stack on three Docker engines reached over ssh:// — the project's three test hosts
 * (testHosts.sh: network namespaces with their own dockerd and sshd). The resources the Pulumi program
 * declares for Pulumi.three.yaml (captured through the mocks) are created on the engine of their
 * provider, the stack's own post-deploy bench runs with a tm-kill, and everything is removed again.
 */
import { skipWithoutDocker } from '../docker/dockerTestGate.testkit.js';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { FlinkClient } from '../../bench/rest/flinkClient.js';
import { REPO_ROOT } from '../../lib/repoRoot.js';
import { runCommand } from '../../lib/runCommand.js';
import {
  applyDeclared,
  commandEnvironment,
  declaredNames,
  enginesOf,
  removeStack,
  runBenchCommand,
  runDeleteCommands,
  type Applied,
} from '../docker/applyDeclared.testkit.js';
import { captureStack, ofType, stackConfig, type DeclaredResource } from '../pulumi/captureStack.testkit.js';
import { expectedContainers, limitsAsDeclared, observedLimits } from '../docker/containerLimits.testkit.js';
import { DockerApi } from '../docker/dockerApi.js';
import { leftoversOf } from '../docker/dockerResources.testkit.js';
import { pollUntil } from '../../lib/pollUntil.js';
import { expectReplayAsPredicted } from '../../bench/failures/replayAsPredicted.testkit.js';

const SCRIPT = join(REPO_ROOT, 'infra/testHosts/testHosts.sh');
const say = (l: string) => process.stderr.write(`[three-int] ${l}\n`);

/** What the test checks against, read from Pulumi.three.yaml itself. */
const yaml = (
  parseYaml(readFileSync(join(REPO_ROOT, 'Pulumi.three.yaml'), 'utf8')) as { config: { 'ckpt-lab:restPort': number; 'ckpt-lab:storage': { path: string } } }
).config;
const jmHost = expectedContainers('three').find((e) => e.role === 'jobmanager')!;

const missing =
  process.getuid?.() !== 0
    ? 'root'
    : ['dockerd', 'sshd', 'nsenter'].find((c) => spawnSync('sh', ['-c', `command -v ${c} || test -x /usr/sbin/${c}`]).status !== 0);
const mainEngine = !missing && (await new DockerApi().ping());
const skip = skipWithoutDocker(
  'infra/testHosts/threeStack.int.test.ts',
  missing ? `no ${missing}` : mainEngine ? undefined : 'no Docker engine at /var/run/docker.sock to build the image in',
);

describe.skipIf(skip)('the three stack on three Docker engines over ssh://', () => {
  let resources: DeclaredResource[] = [];
  let applied: Applied;
  let bench: Record<string, any>;
  let tmMetrics: { id: string; values: Record<string, number> }[] = [];
  let sawCheckpointOnShared = false;
  const shared = join(yaml['ckpt-lab:storage'].path, 'ckpt-three');

  beforeAll(async () => {
    const config = stackConfig('three');
    const image = config['ckpt-lab:image']!;
    const build = await runCommand('bash', [join(REPO_ROOT, 'infra/image/build-image.sh'), image], { passStdout: true, passStderr: true });
    if (build.status !== 0) throw new Error('building the image failed');
    const t0 = Date.now();
    const up = await runCommand('bash', [SCRIPT, 'up', image], { passStderr: true, timeoutMs: 600_000 });
    if (up.status !== 0) throw new Error('testHosts.sh up failed');
    say(`three engines up (namespaces, dockerds, sshds, image loaded) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // The stack with the hosts' key as its secret: the program writes it and the ssh wrapper for every Docker call.
    ({ resources } = await captureStack('three', { ...config, 'ckpt-lab:sshKey': readFileSync(up.stdout.trim(), 'utf8') }));
    const benchCommand = ofType(resources, 'command:local:Command').find((c) => String(c.inputs.create).includes(' run --rest '))!;
    const env = commandEnvironment(benchCommand);
    process.env.PATH = env.PATH; // this test's own Docker calls go over ssh with the key too
    for (const host of enginesOf(resources)) await removeStack(new DockerApi(host), 'three'); // leftovers of an interrupted run

    const t1 = Date.now();
    applied = await applyDeclared(resources, say);
    const client = new FlinkClient(`http://${jmHost.address}:${yaml['ckpt-lab:restPort']}`);
    await pollUntil({ deadlineMs: t1 + 240_000, what: 'both TaskManagers to register across the engines', everyMs: 250 }, async (seen) => {
      const o = await client.overview().catch(() => undefined);
      seen(`${o?.taskmanagers ?? '?'} of 2`);
      return o?.taskmanagers === 2 ? true : undefined;
    });
    say(`cluster ready across three engines in ${((Date.now() - t1) / 1000).toFixed(1)} s (containers created → 2 TaskManagers registered)`);

    // The JobManager's REST server fetches TaskManager metrics through their query services on other hosts.
    const what = 'both TaskManagers’ metrics through the JobManager';
    const metricsRead = pollUntil({ deadlineMs: Date.now() + 90_000, what, everyMs: 2_000 }, async () => {
      tmMetrics = await Promise.all(
        (await client.taskManagers()).map(async (tm) => ({
          id: tm.id,
          values: Object.fromEntries(
            (await client.taskManagerMetrics(tm.id, ['Status.JVM.CPU.Load', 'Status.JVM.Memory.Heap.Used'])).map((m) => [m.id, Number(m.value)]),
          ),
        })),
      );
      return tmMetrics.length === 2 && tmMetrics.every((m) => Object.keys(m.values).length === 2) ? true : undefined;
    });
    await metricsRead.catch(() => undefined); // the test below says which metric is missing

    const { code, stdout, sawCheckpoint } = await runBenchCommand(benchCommand, join(shared, 'checkpoints'));
    sawCheckpointOnShared = sawCheckpoint;
    if (code !== 0) throw new Error(`the bench exited ${code}`);
    bench = JSON.parse(stdout); // exactly one JSON document on stdout
    const r = bench.recovery?.median;
    say(
      `bench: ${Math.round(bench.throughputEventsPerSec?.median)} events/s, p99 ${bench.latencyMs?.p99} ms, checkpoint duration median ${bench.checkpoints?.durationMs?.median} ms, ` +
        `recovery ${r?.recoveryMs} ms (detection ${r?.detectionMs} ms, downtime ${r?.downtimeMs} ms), verified ${bench.verification?.ok} (${bench.verification?.counterSum} = ${bench.verification?.sourcePosition})`,
    );
  }, 1_500_000);

  afterAll(async () => {
    for (const host of enginesOf(resources)) await removeStack(new DockerApi(host), 'three').catch(() => {});
    runDeleteCommands(resources);
    await runCommand('bash', [SCRIPT, 'down'], { passStdout: true, passStderr: true, timeoutMs: 180_000 });
  }, 300_000);

  it('puts each role on its own engine with the limits Pulumi.three.yaml gives, as the container sees them', async () => {
    const expected = expectedContainers('three');
    expect(new Map(expected.map((e) => [e.container, e.dockerHost]))).toEqual(applied.containers);
    expect(new Set(expected.map((e) => e.dockerHost)).size).toBe(3);
    for (const e of expected) {
      expect(await observedLimits(new DockerApi(e.dockerHost), e.container)).toEqual(limitsAsDeclared(e));
    }
  });

  it('serves TaskManager metrics over REST: the JobManager reaches their query services on the other hosts', () => {
    expect(tmMetrics).toHaveLength(2);
    for (const m of tmMetrics) {
      expect(m.values['Status.JVM.Memory.Heap.Used']).toBeGreaterThan(0);
      expect(m.values['Status.JVM.CPU.Load']).toBeGreaterThanOrEqual(0);
    }
    // ... and so does the bench: its CPU figure comes from the same metrics.
    expect(bench.taskManagers.cpuLoad.median).toBeGreaterThan(0);
    expect(bench.taskManagers.heapUsedBytes.median).toBeGreaterThan(0);
  });

  it('writes checkpoints and the final savepoint to the storage every host mounts', () => {
    expect(sawCheckpointOnShared).toBe(true);
    expect(bench.checkpoints.completed).toBeGreaterThan(3);
    const savepoint = String(bench.verification.savepoint).replace(/^file:/, '');
    expect(savepoint.startsWith(`${shared}/savepoints/savepoint-`)).toBe(true);
    expect(existsSync(join(savepoint, '_metadata'))).toBe(true);
  });

  it('crashes a TaskManager on another host than the JobManager; its restart policy brings it back and the job recovers exactly-once', async () => {
    const failure = bench.recovery.failures[0];
    expect(failure.kind).toBe('tm-kill');
    const tms = ofType(resources, 'docker:index/container:Container').filter((c) => c.inputs.command[0] === 'taskmanager');
    const restarts = await Promise.all(
      tms.map(async (c) => ({
        host: applied.containers.get(c.inputs.name)!,
        count: (await new DockerApi(applied.containers.get(c.inputs.name)).inspect(c.inputs.name)).RestartCount,
      })),
    );
    const crashed = restarts.filter((r) => r.count > 0);
    expect(crashed).toHaveLength(1);
    expect(crashed[0]!.count).toBe(1);
    expect(crashed[0]!.host).not.toBe(jmHost.dockerHost);
    expect(failure.injectedAt).toBeLessThan(failure.runningAgainAt);
    expect(failure.runningAgainAt).toBeLessThanOrEqual(failure.caughtUpAt);
    expectReplayAsPredicted(failure, bench.throughputEventsPerSec.median);
    expect(bench.verification.ok).toBe(true);
    expect(bench.verification.counterSum).toBe(bench.verification.sourcePosition);
  });

  it('leaves nothing of the stack on any engine once removed', async () => {
    for (const host of enginesOf(resources)) {
      const api = new DockerApi(host);
      await removeStack(api, 'three');
      // Listed by name, image and mounted directory or volume, not by the label removeStack went by.
      expect(await leftoversOf(api, declaredNames(resources))).toEqual([]);
    }
  });
});
