/**
 * `npm run bench:advise-cpu`: what advise's observation adds to the CPU of the cluster it observes (issue #23's
 * goal: under 1 %). A benchmark, not a test: it prints each window and the difference with its 95 % interval.
 *
 * One local cluster runs advise's validation job (the quick profile's realistic workload, 200,000 prefilled
 * bidders, full checkpoints at 10 s, 14,378 events/s). After it settles, windows of `--window` (default 60 s)
 * alternate in ABBA BAAB order: in an on-window `ckpt-lab advise --observe <window>` runs against it, in an
 * off-window nothing does. The cluster's CPU is its JVMs' utime + stime from /proc, advise's own is the
 * CPU of this script's reaped children (`ckpt-lab run` stays alive until the end, so it is not among them).
 *
 * The cluster's CPU is also split by thread (/proc/<pid>/task): the threads that answer REST and metric queries
 * do little when nobody asks, so what advise adds there stands out of the noise of the job's own threads.
 *
 * `npx tsx scripts/benchAdviseCpu.ts [--blocks 2] [--window 60s] [--read-every 1s]`; Ctrl-C ends advise and the run, whose
 * cluster goes with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FlinkClient } from '../bench/rest/flinkClient.js';
import { parseProcStatCpuMs } from '../bench/cpu/cpuSources.js';
import { ENTRY_POINTS } from '../infra/local/processes.js';
import { parseDurationMs } from '../lib/duration.js';
import { formatNumber } from '../lib/format.js';
import { mean } from '../lib/stats.js';
import { pollUntil } from '../lib/pollUntil.js';
import { REPO_ROOT } from '../lib/repoRoot.js';
import { sleep } from '../lib/sleep.js';
import { abbaOrder, isServingThread, observationCost, threadGroup, threadGroupCosts, type CpuWindow } from './adviseCpuCost.js';

const PORT_BASE = 8600;
const REST = `http://127.0.0.1:${PORT_BASE}`;
const SETTLE_MS = 90_000;
const { values } = parseArgs({
  options: {
    blocks: { type: 'string', default: '2' },
    window: { type: 'string', default: '60s' },
    // How often advise reads the job (its --read-every); default advise's own (every second).
    'read-every': { type: 'string' },
  },
});
const blocks = Number(values.blocks);
if (!Number.isInteger(blocks) || blocks < 1) throw new Error(`--blocks: ${values.blocks} is not a whole number ≥ 1`);
const windowMs = parseDurationMs('--window', values.window);
const order = abbaOrder(blocks);

/** The cluster's JVMs on this port base, found by their entry point and their data directory: pid and role. */
function clusterJvms(): { pid: string; role: string }[] {
  const jvms: { pid: string; role: string }[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes(`/.flink-local/${PORT_BASE}/`)) continue;
      const role = (['jobmanager', 'taskmanager'] as const).find((r) => cmd.includes(ENTRY_POINTS[r]));
      if (role) jvms.push({ pid, role });
    } catch {
      // gone between the listing and the read
    }
  }
  return jvms;
}

/** The cluster's CPU (its processes' utime + stime, ended threads included) and, by thread, what its live threads used. */
function clusterCpu(): { totalMs: number; byThread: Map<string, { group: string; ms: number }> } {
  let totalMs = 0;
  const byThread = new Map<string, { group: string; ms: number }>();
  for (const { pid, role } of clusterJvms()) {
    try {
      totalMs += parseProcStatCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        byThread.set(`${pid}/${tid}`, { group: threadGroup(role, name), ms: parseProcStatCpuMs(stat) });
      }
    } catch {
      // a process or thread gone between the listing and the read
    }
  }
  return { totalMs, byThread };
}

/** Per thread group, the CPU its threads alive at both reads used between them. */
function byGroupBetween(a: ReturnType<typeof clusterCpu>, b: ReturnType<typeof clusterCpu>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, t] of b.byThread) {
    const before = a.byThread.get(key);
    if (before) out[t.group] = (out[t.group] ?? 0) + t.ms - before.ms;
  }
  return out;
}

/** This process's reaped children's CPU (cutime + cstime, fields 16 and 17 of /proc/self/stat), ms. */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

/** The price of a checkpoint and μ advise observed, from the advice.json it wrote: reading less often must not blur them. */
function whatAdviseSaw(dir: string): string {
  type Input = { value: number; low?: number; high?: number } | undefined;
  const inputs = (JSON.parse(readFileSync(join(dir, 'advice.json'), 'utf8')) as { inputs: Record<string, Input> }).inputs;
  const price = inputs.cpuSecondsPerCheckpoint;
  const mu = inputs.capacity;
  return (
    `price ${price ? `${price.value.toFixed(3)} CPU-s [${price.low?.toFixed(3)}, ${price.high?.toFixed(3)}]` : 'not observed'}, ` +
    `μ ${mu ? `${Math.round(mu.value)} events/s` : '–'}, c_e ${inputs.cpuSecondsPerEvent ? `${(inputs.cpuSecondsPerEvent.value * 1e6).toFixed(1)} µs` : '–'}`
  );
}

const exited = (child: ChildProcess) => new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
const ckptLab = (args: string[]) => spawn('node', ['bin/ckpt-lab.js', ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });

const runDurationMs = SETTLE_MS + order.length * (windowMs + 15_000) + 60_000;
const run = ckptLab([
  ...['run', '--interval', '10s', '--cell', 'cost', '--state-mode', 'realistic', '--bidders', '200000', '--rate', '14378'],
  ...['--state-backend', 'rocksdb', '--incremental', 'false', '--failure-detection', 'fast', '--warmup', '60s'],
  ...['--duration', `${Math.ceil(runDurationMs / 1000)}s`, '--probe', '0s', '--end', 'cancel', '--port-base', String(PORT_BASE)],
  ...['--out', mkdtempSync(join(tmpdir(), 'ckpt-advise-cpu-run-'))],
]);
run.stderr.on('data', (d: Buffer) => process.stderr.write(`  [run] ${d.toString().trimEnd().split('\n').join('\n  [run] ')}\n`));
const runExit = exited(run);
let advise: ChildProcess | undefined;
process.on('SIGINT', () => {
  advise?.kill('SIGINT');
  run.kill('SIGINT');
});

/** One window: advise observing it (on) or nothing (off); the cluster's CPU, by thread too, and advise's own. */
async function measureWindow(i: number, on: boolean): Promise<{ window: CpuWindow; saw?: string }> {
  const [cpu0, own0, t0] = [clusterCpu(), childrenCpuMs(), Date.now()];
  const adviceDir = mkdtempSync(join(tmpdir(), 'ckpt-advise-cpu-'));
  if (on) {
    advise = ckptLab([
      'advise',
      '--rest',
      REST,
      '--observe',
      `${windowMs / 1000}s`,
      ...(values['read-every'] ? ['--read-every', values['read-every']] : []),
      '--out',
      adviceDir,
      '--json',
    ]);
    // Its progress lines are not this benchmark's; its last words are, when it fails.
    let said = '';
    advise.stderr!.on('data', (d: Buffer) => (said = (said + d.toString()).slice(-2_000)));
    const code = await exited(advise);
    advise = undefined;
    if (code !== 0) throw new Error(`advise exited ${code} in window ${i + 1}:\n${said}`);
  } else {
    await sleep(windowMs);
  }
  const cpu1 = clusterCpu();
  const byThreadGroupMs = byGroupBetween(cpu0, cpu1);
  const w: CpuWindow = {
    advise: on,
    wallMs: Date.now() - t0,
    clusterCpuMs: cpu1.totalMs - cpu0.totalMs,
    adviseCpuMs: on ? childrenCpuMs() - own0 : undefined,
    byThreadGroupMs,
  };
  const servingMs = Object.entries(byThreadGroupMs).reduce((sum, [g, ms]) => (isServingThread(g) ? sum + ms : sum), 0);
  process.stderr.write(
    `window ${i + 1}/${order.length} ${on ? 'advise on ' : 'advise off'}: ${(w.wallMs / 1000).toFixed(1)} s, cluster ${formatNumber(w.clusterCpuMs / w.wallMs, 3)} CPU-s/s` +
      ` (REST, metric and RPC threads ${formatNumber(servingMs / w.wallMs, 4)})` +
      (on ? `, advise itself ${formatNumber(w.adviseCpuMs! / w.wallMs, 3)} CPU-s/s` : '') +
      '\n',
  );
  return { window: w, saw: on ? whatAdviseSaw(adviceDir) : undefined };
}

function printCost(windows: readonly CpuWindow[], seen: readonly string[]): void {
  const cost = observationCost(windows);
  if (!cost) throw new Error('no cost: a kind of window is missing');
  const d = cost.addedCpuPerSec;
  console.log(
    `cluster without advise ${cost.offCpuPerSec.map((v) => v.toFixed(3)).join(', ')} CPU-s/s; with ${cost.onCpuPerSec.map((v) => v.toFixed(3)).join(', ')}\n` +
      `advise adds ${d.difference.toFixed(4)} CPU-s/s [${d.ciLow?.toFixed(4)}, ${d.ciHigh?.toFixed(4)}] = ${cost.addedPct.value.toFixed(2)} % ` +
      `[${cost.addedPct.low?.toFixed(2)}, ${cost.addedPct.high?.toFixed(2)}] of the cluster's CPU (goal: under 1 %); ` +
      `advise's own process ${cost.adviseOwnCpuPerSec?.toFixed(4)} CPU-s/s`,
  );
  console.log(`what advise saw in each on-window (reading every ${values['read-every'] ?? "advise's default"}):\n  ${seen.join('\n  ')}`);
  const threads = threadGroupCosts(windows);
  const s = threads.serving;
  const interval = (x: { difference: number; ciLow?: number; ciHigh?: number }) =>
    `${x.difference.toFixed(4)} [${x.ciLow?.toFixed(4)}, ${x.ciHigh?.toFixed(4)}]`;
  if (s)
    console.log(
      `of which the REST, metric and RPC threads: ${interval(s)} CPU-s/s = ${((100 * s.difference) / mean(cost.offCpuPerSec)!).toFixed(2)} % of the cluster's CPU`,
    );
  console.log('thread groups whose CPU changed most (CPU-s/s with advise − without, 95 % interval):');
  for (const g of threads.groups.slice(0, 8)) console.log(`  ${g.group.padEnd(34)} ${interval(g.added)}`);
}

async function main(): Promise<number> {
  const client = new FlinkClient(REST);
  await pollUntil({ deadlineMs: Date.now() + 15 * 60_000, what: `a RUNNING job at ${REST}`, everyMs: 2_000 }, async (seen) => {
    const jobs = await client.get<{ jobs: { state: string }[] }>('/jobs/overview').catch(() => ({ jobs: [] }));
    seen(jobs.jobs.map((j) => j.state).join(', ') || 'no job');
    return jobs.jobs.some((j) => j.state === 'RUNNING') || undefined;
  });
  process.stderr.write(
    `job RUNNING; settling ${SETTLE_MS / 1000} s, then ${order.length} windows of ${windowMs / 1000} s (${order.map((on) => (on ? 'on' : 'off')).join(' ')})\n`,
  );
  await sleep(SETTLE_MS);
  const windows: CpuWindow[] = [];
  const seen: string[] = [];
  for (const [i, on] of order.entries()) {
    const { window, saw } = await measureWindow(i, on);
    windows.push(window);
    if (saw) seen.push(saw);
  }
  printCost(windows, seen);
  return 0;
}

const code = await main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  return 1;
});
run.kill('SIGINT');
await runExit;
process.exit(code);
