/**
 * tm-kill on a Docker target: the TaskManager's container is crashed through its engine's API (every
 * process but the container's init is SIGKILLed, as a machine crash would), and the container's
 * restart policy brings it back. `docker kill` would not do: Docker treats it as a manual stop.
 * The engine is a unix socket or ssh:// (the first `ssh` on PATH, so the stack's key wrapper applies).
 */
import { DockerApi } from '../../infra/docker/dockerApi.js';
import type { TaskManagerControl } from './injectors.js';
import { pollUntil } from '../../lib/pollUntil.js';

/** Which container runs the TaskManager that advertises `flinkHost` (taskmanager.host). */
export interface DockerTaskManager {
  readonly flinkHost: string;
  readonly dockerHost: string;
  readonly container: string;
}

/** `ckpt-dev-tm1:6122-3fa9c1` → `ckpt-dev-tm1` (Flink's default TaskManager resource id). */
export function flinkHostOfResourceId(resourceId: string): string {
  return resourceId.replace(/:\d+-[0-9a-f]+$/, '');
}

export function parseDockerTaskManagers(text: string): DockerTaskManager[] {
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    list = undefined;
  }
  const ok =
    Array.isArray(list) &&
    list.length > 0 &&
    list.every(
      (x: Partial<Record<keyof DockerTaskManager, unknown>> | null) =>
        x && typeof x.flinkHost === 'string' && typeof x.dockerHost === 'string' && typeof x.container === 'string',
    );
  if (!ok) throw new Error(`Invalid --docker-taskmanagers: '${text}'. Allowed: a JSON list of {"flinkHost", "dockerHost", "container"}.`);
  return list as DockerTaskManager[];
}

const CRASH = ['sh', '-c', 'kill -9 -1'];

export class DockerTaskManagerControl implements TaskManagerControl {
  private readonly restartsBefore = new Map<string, number>();

  constructor(
    private readonly taskManagers: readonly DockerTaskManager[],
    private readonly log: (line: string) => void = () => {},
  ) {}

  private target(resourceId: string): DockerTaskManager {
    const host = flinkHostOfResourceId(resourceId);
    const t = this.taskManagers.find((x) => x.flinkHost === host);
    if (!t) throw new Error(`No container is known for TaskManager ${resourceId} (known: ${this.taskManagers.map((x) => x.flinkHost).join(', ')})`);
    return t;
  }

  async kill(resourceId: string): Promise<number> {
    const t = this.target(resourceId);
    const api = new DockerApi(t.dockerHost);
    this.restartsBefore.set(t.container, (await api.inspect(t.container)).RestartCount);
    // Needs the container's init (docker run --init): it survives `kill -1`, sees its child die, and exits.
    const { startedAtMs } = await api.exec(t.container, CRASH);
    this.log(`crashed container ${t.container} on ${t.dockerHost} (TaskManager ${resourceId}); its restart policy brings it back`);
    return startedAtMs;
  }

  /** Waits until the restart policy has started the container again. */
  async restart(resourceId: string): Promise<void> {
    const t = this.target(resourceId);
    const api = new DockerApi(t.dockerHost);
    const before = this.restartsBefore.get(t.container) ?? 0;
    await pollUntil(
      { deadlineMs: Date.now() + 120_000, what: `the restart policy to start container ${t.container} on ${t.dockerHost} again` },
      async (seen) => {
        const c = await api.inspect(t.container);
        seen(`running ${c.State.Running}, restart count ${c.RestartCount} (was ${before})`);
        return c.State.Running && c.RestartCount > before ? true : undefined;
      },
    );
  }
}
