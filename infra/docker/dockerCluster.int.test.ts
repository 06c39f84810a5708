/**
 * The dev stack on a real Docker engine: the resources the Pulumi program declares (captured through
 * the mocks) are created with the Docker API, the stack's post-deploy bench command runs against
 * them with a tm-kill, and everything is removed again. Needs a Docker engine: without one
 * it fails, unless CKPT_LAB_SKIP_DOCKER=1 (infra/docker/dockerTestGate.testkit.ts).
 */
import { skipWithoutDocker } from './dockerTestGate.testkit.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/repoRoot.js';
import { runCommand } from '../../lib/runCommand.js';
import { applyDeclared, declaredNames, removeStack, runBenchCommand, runDeleteCommands } from './applyDeclared.testkit.js';
import { captureStack, ofType, type DeclaredResource } from '../pulumi/captureStack.testkit.js';
import { expectedContainers, limitsAsDeclared, observedLimits } from './containerLimits.testkit.js';
import { DockerApi } from './dockerApi.js';
import { FlinkClient } from '../../bench/rest/flinkClient.js';
import { leftoversOf } from './dockerResources.testkit.js';
import { pollUntil } from '../../lib/pollUntil.js';
import { expectReplayAsPredicted } from '../../bench/failures/replayAsPredicted.testkit.js';

// The dev stack declares the local engine; DOCKER_HOST may only point the test elsewhere to prove the skip.
const dockerHost = process.env.DOCKER_HOST?.startsWith('unix://') ? process.env.DOCKER_HOST : 'unix:///var/run/docker.sock';
const api = new DockerApi(dockerHost);
const engine = await api.ping();
const skip = skipWithoutDocker('infra/docker/dockerCluster.int.test.ts', engine ? undefined : `no Docker engine answers at ${dockerHost}`);

const say = (l: string) => process.stderr.write(`[docker-int] ${l}\n`);

describe.skipIf(skip)('the dev stack in real containers', () => {
  let resources: DeclaredResource[];
  let hddRoot: string;
  let benchJson: Record<string, any>;
  let sawCheckpointOnDisk = false;
  let clusterReadyMs = 0;

  beforeAll(async () => {
    ({ resources } = await captureStack('dev'));
    const image = ofType(resources, 'docker:index/container:Container')[0]!.inputs.image as string;
    const t0 = Date.now();
    const build = await runCommand('bash', [join(REPO_ROOT, 'infra/image/build-image.sh'), image], { passStdout: true, passStderr: true });
    if (build.status !== 0) throw new Error('building the image failed');
    say(`image ${image} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await removeStack(api, 'dev'); // leftovers of an interrupted run
    const jm = ofType(resources, 'docker:index/container:Container').find((c) => c.inputs.command[0] === 'jobmanager')!;
    hddRoot = jm.inputs.mounts.find((m: { target: string }) => m.target === '/flink-data/shared').source;
    const t1 = Date.now();
    await applyDeclared(resources, say);
    const client = new FlinkClient('http://127.0.0.1:18081');
    await pollUntil({ deadlineMs: t1 + 180_000, what: 'both TaskManagers to register', everyMs: 250 }, async (seen) => {
      const o = await client.overview().catch(() => undefined);
      seen(`${o?.taskmanagers ?? '?'} of 2`);
      return o?.taskmanagers === 2 ? true : undefined;
    });
    clusterReadyMs = Date.now() - t1;
    say(`cluster ready in ${(clusterReadyMs / 1000).toFixed(1)} s (containers created → 2 TaskManagers registered)`);

    // The stack's own post-deploy command, run as Pulumi's command provider would.
    const bench = ofType(resources, 'command:local:Command').find((c) => String(c.inputs.create).includes(' run --rest '))!;
    // Meanwhile: completed checkpoints must appear in the mounted storage on the host.
    const { code, stdout, sawCheckpoint } = await runBenchCommand(bench, join(hddRoot, 'checkpoints'));
    sawCheckpointOnDisk = sawCheckpoint;
    if (code !== 0) throw new Error(`the bench exited ${code}`);
    benchJson = JSON.parse(stdout.trim().split('\n').pop()!);
    say(
      `bench: ${Math.round(benchJson.throughputEventsPerSec?.median)} events/s, p99 ${benchJson.latencyMs?.p99} ms, checkpoint duration median ${benchJson.checkpoints?.durationMs?.median} ms, ` +
        `recovery ${benchJson.recovery?.median?.recoveryMs} ms (downtime ${benchJson.recovery?.median?.downtimeMs} ms), verified ${benchJson.verification?.ok}`,
    );
  }, 900_000);

  afterAll(async () => {
    if (!engine) return;
    await removeStack(api, 'dev');
    runDeleteCommands(resources);
  }, 120_000);

  it('gives each container the CPU and memory Pulumi.dev.yaml sets, as the engine and the container see them', async () => {
    for (const e of expectedContainers('dev')) {
      expect(await observedLimits(api, e.container)).toEqual(limitsAsDeclared(e));
      expect((await api.inspect(e.container)).Config.Labels['ckpt-lab.stack']).toBe('dev');
    }
    expect(clusterReadyMs).toBeGreaterThan(0);
  });

  it('writes checkpoints and the final savepoint into the mounted storage', () => {
    expect(sawCheckpointOnDisk).toBe(true);
    // Over the whole run: a recovery cell ends after its catch-up, so its steady window holds only a few.
    const run = JSON.parse(readFileSync(benchJson.resultsPath, 'utf8')) as { checkpoints: { status: string }[] };
    expect(run.checkpoints.filter((c) => c.status === 'COMPLETED').length).toBeGreaterThan(3);
    // The verifier read the savepoint where the host mounts the storage.
    const savepoint = String(benchJson.verification.savepoint).replace(/^file:/, '');
    expect(savepoint.startsWith(`${hddRoot}/savepoints/savepoint-`)).toBe(true);
    expect(existsSync(join(savepoint, '_metadata'))).toBe(true);
  });

  it('brings the killed TaskManager back by its restart policy, and the job recovers exactly-once', async () => {
    const tms = ofType(resources, 'docker:index/container:Container').filter((c) => c.inputs.command[0] === 'taskmanager');
    const restarts = await Promise.all(tms.map(async (c) => (await api.inspect(c.inputs.name)).RestartCount));
    expect(restarts.reduce((a, b) => a + b, 0)).toBe(1);
    const failure = benchJson.recovery.failures[0];
    expect(failure.kind).toBe('tm-kill');
    expect(failure.injectedAt).toBeLessThan(failure.runningAgainAt);
    expect(failure.runningAgainAt).toBeLessThanOrEqual(failure.caughtUpAt);
    expectReplayAsPredicted(failure, benchJson.throughputEventsPerSec.median);
    expect(benchJson.verification.ok).toBe(true);
    expect(benchJson.verification.counterSum).toBe(benchJson.verification.sourcePosition);
    const run = JSON.parse(readFileSync(benchJson.resultsPath, 'utf8'));
    expect(run.config.cluster.kind).toBe('docker');
  });

  it('starts from the prefilled state written on the containers, and probes no capacity after its failure (a recovery cell)', () => {
    // The bootstrap job ran on the containers through REST; its savepoint sits in the mounted storage.
    expect(benchJson.stateAtStart.bidders).toBe(20_000);
    expect(String(benchJson.stateAtStart.savepoint)).toContain('/ckpt-lab-prefill/prefill-realistic-20000b-seed42-mp128');
    expect(existsSync(join(hddRoot, 'savepoints', 'ckpt-lab-prefill', 'prefill-realistic-20000b-seed42-mp128', '_metadata'))).toBe(true);
    // All 20,000 bidders have state at the end: they had it from the start.
    expect(benchJson.verification.bidders).toBe(20_000);
    // A probe after a recovery would measure the catch-up too (METHOD.md): the stack's bench, with a failure, is a recovery cell.
    expect(benchJson.capacityEventsPerSec).toBeUndefined();
    expect(JSON.parse(readFileSync(benchJson.resultsPath, 'utf8')).config.cell).toBe('recovery');
  });

  it('leaves nothing running or mounted once the stack is removed', async () => {
    const declared = declaredNames(resources);
    // Before removal the same listing sees the stack's three containers: the check can fail.
    const before = await leftoversOf(api, declared);
    expect(before.filter((l) => l.startsWith('container ')).length).toBe(3);
    expect(declared.hostDirs).toContain(hddRoot);
    await removeStack(api, 'dev');
    // Listed by name, image and mounted directory, not by the label removeStack went by.
    expect(await leftoversOf(api, declared)).toEqual([]);
  });
});
