/**
 * tm-kill on a Docker target: the TaskManager's container is crashed through its engine's API (every
 * process but the container's init is SIGKILLed, as a machine crash would), and the container's
 * restart policy brings it back. `docker kill` would not do: Docker treats it as a manual stop.
 */
import { spawnSync } from 'node:child_process';
import { DockerApi } from '../../infra/dockerApi.js';
import type { TaskManagerControl } from './injectors.js';

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
    list.every((x) => x && typeof x.flinkHost === 'string' && typeof x.dockerHost === 'string' && typeof x.container === 'string');
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

  async kill(resourceId: string): Promise<void> {
    const t = this.target(resourceId);
    if (t.dockerHost.startsWith('unix://')) {
      const api = new DockerApi(t.dockerHost);
      this.restartsBefore.set(t.container, (await api.inspect(t.container)).RestartCount);
      // Needs the container's init (docker run --init): it survives `kill -1`, sees its child die, and exits.
      await api.exec(t.container, CRASH);
    } else {
      const count = spawnSync('docker', ['-H', t.dockerHost, 'inspect', '-f', '{{.RestartCount}}', t.container], { encoding: 'utf8' });
      this.restartsBefore.set(t.container, Number(count.stdout.trim()));
      const r = spawnSync('docker', ['-H', t.dockerHost, 'exec', '-u', 'root', t.container, ...CRASH], { encoding: 'utf8' });
      if (r.status !== 0 && r.status !== 137) throw new Error(`Crashing ${t.container} on ${t.dockerHost} failed: ${r.stderr}`);
    }
    this.log(`crashed container ${t.container} (TaskManager ${resourceId}); its restart policy brings it back`);
  }

  /** Waits until the restart policy has started the container again. */
  async restart(resourceId: string): Promise<void> {
    const t = this.target(resourceId);
    const before = this.restartsBefore.get(t.container) ?? 0;
    const deadline = Date.now() + 120_000;
    for (;;) {
      let running = false;
      let restarts = 0;
      if (t.dockerHost.startsWith('unix://')) {
        const c = await new DockerApi(t.dockerHost).inspect(t.container);
        running = c.State.Running;
        restarts = c.RestartCount;
      } else {
        const r = spawnSync('docker', ['-H', t.dockerHost, 'inspect', '-f', '{{.State.Running}} {{.RestartCount}}', t.container], { encoding: 'utf8' });
        const [state, count] = r.stdout.trim().split(' ');
        running = state === 'true';
        restarts = Number(count);
      }
      if (running && restarts > before) return;
      if (Date.now() > deadline) throw new Error(`Container ${t.container} was not restarted by its restart policy within 120 s`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
