/** Failure injectors: how a failure is caused. The Docker target implements TaskManagerControl too. */
import type { FlinkClient } from '../rest/flinkClient.js';
import type { FailureKind, PlannedFailure } from '../../lib/failurePlan.js';
import { aimInCycle } from '../../lib/failurePlan.js';
import { sleep } from '../../lib/sleep.js';
import { pollUntil } from '../../lib/pollUntil.js';

/** Kills and restarts TaskManagers by their resource id: processes locally, containers in Docker. */
export interface TaskManagerControl {
  /** Crashes the TaskManager; returns when (epoch ms): on a remote engine, some round trips after the call. */
  kill(resourceId: string): Promise<number> | number;
  restart(resourceId: string): Promise<void> | void;
}

export interface InjectionContext {
  readonly client: FlinkClient;
  readonly jobId: string;
  readonly intervalMs: number;
  readonly stateVertexId: string;
  readonly planned: PlannedFailure;
  readonly failureNumber: number;
}

export interface Injection {
  readonly injectedAtMs: number;
  readonly target: string;
  /** Settles when whatever the injector must undo is done (a killed TaskManager started again). */
  readonly restored: Promise<void>;
}

export interface FailureInjector {
  readonly kind: FailureKind;
  /**
   * The job throws this failure itself at its planned time (it was told at submission): the bench
   * cannot hold it back behind the health gate, and must look at the job before that time.
   */
  readonly timedByTheJob?: boolean;
  inject(ctx: InjectionContext): Promise<Injection>;
}

/** When to fire: at the planned phase of the next checkpoint cycle, read from the trigger history. */
async function aimedTime(ctx: InjectionContext): Promise<number> {
  await sleep(ctx.planned.notBeforeMs - Date.now());
  if (ctx.intervalMs === 0) return Date.now();
  const stats = await ctx.client.checkpoints(ctx.jobId);
  const lastTrigger = Math.max(0, ...stats.history.map((h) => h.trigger_timestamp));
  if (lastTrigger === 0) return Date.now();
  return aimInCycle(lastTrigger, ctx.intervalMs, ctx.planned.notBeforeMs, ctx.planned.phase, Date.now() + 100);
}

/** SIGKILLs the TaskManager running the stateful stage's first subtask; it comes back after a delay. */
export class TaskManagerKill implements FailureInjector {
  readonly kind = 'tm-kill' as const;

  constructor(
    private readonly control: TaskManagerControl,
    private readonly restartDelayMs: number,
  ) {}

  async inject(ctx: InjectionContext): Promise<Injection> {
    const at = await aimedTime(ctx);
    const subtasks = await ctx.client.vertexSubtasks(ctx.jobId, ctx.stateVertexId);
    const target = subtasks[0]?.['taskmanager-id'];
    if (!target) throw new Error('Cannot tell which TaskManager runs the stateful stage');
    await sleep(at - Date.now());
    // Over ssh the crash lands a few round trips after the call: the control says when.
    const injectedAtMs = await this.control.kill(target);
    const restored = sleep(this.restartDelayMs).then(() => this.control.restart(target));
    restored.catch(() => undefined); // surfaced by whoever awaits it
    return { injectedAtMs, target, restored };
  }
}

/** "Injected task failure #2 thrown at 1795746312183 (aimed at …)" → 1795746312183. */
export function parseInjectedFailure(stacktrace: string, failureNumber: number): number | undefined {
  const m = new RegExp(`Injected task failure #${failureNumber} thrown at (\\d+)`).exec(stacktrace);
  return m ? Number(m[1]) : undefined;
}

/** The job throws (see --failAtMs / --failurePhasePermille); this waits for the JobManager to record it. */
export class TaskFailure implements FailureInjector {
  readonly kind = 'task-failure' as const;
  readonly timedByTheJob = true;

  async inject(ctx: InjectionContext): Promise<Injection> {
    const what = `injected task failure #${ctx.failureNumber} to be thrown (due from ${new Date(ctx.planned.notBeforeMs).toISOString()})`;
    return pollUntil({ deadlineMs: ctx.planned.notBeforeMs + 2 * ctx.intervalMs + 60_000, what, everyMs: 250 }, async () => {
      const ex = await ctx.client.exceptions(ctx.jobId);
      for (const entry of ex.exceptionHistory?.entries ?? []) {
        const thrownAt = parseInjectedFailure(entry.stacktrace ?? '', ctx.failureNumber);
        if (thrownAt !== undefined) return { injectedAtMs: thrownAt, target: entry.taskName ?? 'BidderState', restored: Promise.resolve() };
      }
      return undefined;
    });
  }
}
