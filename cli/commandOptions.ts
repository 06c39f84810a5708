/**
 * Which options each ckpt-lab command takes (pure): one table, so an option of another command is
 * refused by name instead of silently ignored, and `ckpt-lab <command> --help` lists exactly that
 * command's options with their defaults and units. The workload flags come from the workload's one
 * parameter table (workload/parameters.json).
 */
import { PARAMETERS, allowedValues, type ParameterSpec } from '../workload/parameters.js';
import { WORKLOAD_FLAGS } from '../workload/flags.js';
import { DEFAULT_LIMITS } from '../analysis/limits.js';
import { formatDurationMs } from '../lib/duration.js';
import { RUN_DEFAULTS } from './runArgs.js';

export const COMMANDS = [
  'cluster',
  'run',
  'prefill',
  'sweep',
  'experiment',
  'study',
  'recommend',
  'predict',
  'report',
  'advise',
  'stacks',
  'stack-diff',
] as const;
export type Command = (typeof COMMANDS)[number];

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly commands: readonly Command[];
  /** What the value looks like: `5s|off`, `N`. */
  readonly value?: string;
  readonly help: string;
}

const SWEEPS: readonly Command[] = ['sweep', 'experiment', 'study'];
const MEASURES: readonly Command[] = ['run', ...SWEEPS];
const LIMITED: readonly Command[] = [...SWEEPS, 'recommend', 'report'];
/** advise judges every limit but p99: Flink reports no event latency for a job in general. */
const ADVISED: readonly Command[] = [...LIMITED, 'advise'];

const shortValue = (spec: ParameterSpec): string =>
  spec.type === 'enum' ? (spec.values ?? []).join('|') : spec.type === 'boolean' ? 'true|false' : spec.unit === 'ms' ? 'duration' : 'N';
const limit = (ms: number) => formatDurationMs(ms);

const PREDICTED = new Set(['bidders', 'state-mode', 'rate']);

/** The workload flags, with their help from the parameter table. `run` and the sweeps take them all; prefill, the state's; predict, a few. */
function workloadOptions(): Record<string, OptionSpec> {
  const stateFlags = new Set(['bidders', 'state-mode', 'seed']);
  return Object.fromEntries(
    Object.entries(WORKLOAD_FLAGS).map(([flag, name]) => {
      const spec: ParameterSpec = PARAMETERS[name];
      const dflt = spec.default === undefined ? '' : `; default ${String(spec.default)}${spec.unit ? ` ${spec.unit}` : ''}`;
      const value = flag === 'rate' ? 'N|auto[:0.7]' : shortValue(spec);
      const help = `${spec.description} (${flag === 'rate' ? 'events/s, or auto:f of the measured capacity' : allowedValues(spec)})${dflt}`;
      // predict takes the state's mode and size and the rate to answer for (it refuses what the sweep did not measure).
      const commands: Command[] = stateFlags.has(flag) ? [...MEASURES, 'prefill'] : [...MEASURES];
      if (PREDICTED.has(flag)) commands.push('predict');
      return [flag, { type: 'string', commands, value, help }];
    }),
  );
}

export const OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: 'boolean', short: 'h', commands: COMMANDS, help: 'this list' },
  ...workloadOptions(),
  interval: {
    type: 'string',
    commands: ['run', 'predict'],
    value: '5s|500ms|2m|off',
    help: `checkpoint interval; default ${RUN_DEFAULTS.interval} (predict: required)`,
  },
  'checkpoint-type': {
    type: 'string',
    commands: ['predict', 'sweep', 'study'],
    value: 'full|incremental|full,incremental',
    help: 'sweep: the checkpoint types run at every interval (both: each against the same baseline); predict: the type to predict for, refused unless the sweep measured it',
  },
  cell: {
    type: 'string',
    commands: ['run'],
    value: 'cost|recovery',
    help: 'what the run measures: the price (no failure, then the probe) or failures behind the health gate',
  },
  warmup: {
    type: 'string',
    commands: ['run', 'sweep', 'study'],
    value: 'duration',
    help: `left out after the job starts; default ${RUN_DEFAULTS.warmup} (a sweep: every cell's instead of the profile's, for trials)`,
  },
  duration: { type: 'string', commands: ['run'], value: 'duration', help: `the steady window; default ${RUN_DEFAULTS.duration}` },
  sample: { type: 'string', commands: ['run'], value: 'duration', help: `REST sampling period; default ${RUN_DEFAULTS.sample}` },
  probe: {
    type: 'string',
    commands: ['run', 'sweep', 'study'],
    value: 'duration|0s',
    help: `the capacity probe at the end; default ${RUN_DEFAULTS.probe} (a sweep: every cost cell's, at least 10s, instead of the profile's, for trials)`,
  },
  end: { type: 'string', commands: ['run'], value: 'savepoint|cancel', help: `how the job ends; default ${RUN_DEFAULTS.end} (then the state verifier)` },
  'initial-state': {
    type: 'string',
    commands: ['run'],
    value: 'prefilled|empty',
    help: `start from the prefilled state savepoint or from nothing; default ${RUN_DEFAULTS.initialState}`,
  },
  failure: { type: 'string', commands: ['run', 'sweep', 'study'], value: 'tm-kill|task-failure', help: 'the failure injected' },
  failures: { type: 'string', commands: ['run', 'sweep', 'study'], value: 'N', help: 'failures per run (recovery cell); default 1' },
  'failure-phase': { type: 'string', commands: ['run'], value: 'random|0..1', help: 'where in the checkpoint cycle; default random' },
  'tm-restart-delay': { type: 'string', commands: ['run'], value: 'duration', help: 'before a killed TaskManager is started again; default 0s' },
  'failure-detection': { type: 'string', commands: ['cluster', 'run'], value: 'flink-default|fast', help: 'heartbeat settings; default flink-default' },
  'time-limit': { type: 'string', commands: ['run'], value: 'duration', help: 'stop the run (keeping what it wrote) and fail when it takes longer' },
  rest: {
    type: 'string',
    commands: ['run', 'prefill', 'advise'],
    value: 'URL',
    help: 'a running cluster to use instead of a local one (advise: the cluster whose job to observe; required)',
  },
  job: { type: 'string', commands: ['advise'], value: 'job id', help: 'the job to observe; default the only running one' },
  observe: {
    type: 'string',
    commands: ['advise'],
    value: 'duration',
    help: 'how long to observe, at least; it also waits for 5 completed checkpoints; default 5m',
  },
  'read-every': {
    type: 'string',
    commands: ['advise'],
    value: 'duration',
    help: 'how often to read the job’s metrics (250ms to 1m); longer costs the cluster less but prices a checkpoint less well; default 1s',
  },
  calibration: {
    type: 'string',
    commands: ['advise'],
    value: 'sweep dir|sweep.json',
    help: 'a sweep of this lab whose failures calibrate detection, restart, restore bandwidth and drain (else configured or assumed, and marked)',
  },
  'docker-taskmanagers': { type: 'string', commands: ['run'], value: 'JSON', help: 'with --rest: the TaskManager containers tm-kill may crash' },
  'storage-path-map': {
    type: 'string',
    commands: ['run'],
    value: '/in/cluster=/here',
    help: 'with --rest: where the cluster’s checkpoint storage is mounted here',
  },
  'port-base': {
    type: 'string',
    commands: ['cluster', 'run', 'prefill', ...SWEEPS],
    value: 'N',
    help: 'the local cluster’s ports from N (REST at N); default 8081',
  },
  out: {
    type: 'string',
    commands: ['run', 'advise', ...SWEEPS],
    value: 'dir',
    help: 'results directory; default results/ (a sweep: results/<sweep-id>; advise: results/advice-<job>-<time>)',
  },
  json: { type: 'boolean', commands: ['run', 'predict', 'advise'], help: 'one JSON document on stdout' },
  profile: { type: 'string', commands: SWEEPS, value: 'quick|standard|seed|study', help: 'the sweep’s size; default quick (study: study)' },
  intervals: { type: 'string', commands: ['sweep', 'study', 'stacks'], value: '1s,5s,30s', help: 'checkpoint intervals; default the profile’s' },
  repeat: { type: 'string', commands: ['sweep', 'study'], value: 'N', help: 'rounds of cells; default the profile’s' },
  'order-seed': { type: 'string', commands: SWEEPS, value: 'N', help: 'the seed of the cells’ random order; default 20261201 (recorded)' },
  'cost-window': {
    type: 'string',
    commands: ['sweep', 'study'],
    value: 'duration',
    help: 'every cost cell’s window instead of the method’s (ten checkpoints, at least 2 min), for trials',
  },
  target: { type: 'string', commands: ['sweep'], value: 'local|pulumi', help: 'where the cells run; default local' },
  stacks: { type: 'string', commands: ['sweep'], value: "'ckpt-*'", help: 'with --target pulumi: which stacks' },
  destroy: { type: 'boolean', commands: ['sweep'], help: 'with --target pulumi: destroy each stack after its cells' },
  'max-recovery': { type: 'string', commands: ADVISED, value: 'duration', help: `recovery limit; default ${limit(DEFAULT_LIMITS.maxRecoveryMs)}` },
  'max-p99': { type: 'string', commands: LIMITED, value: 'duration', help: `p99 latency limit; default ${limit(DEFAULT_LIMITS.maxP99Ms)}` },
  'max-overhead': { type: 'string', commands: ADVISED, value: 'N%', help: `capacity-loss limit; default ${DEFAULT_LIMITS.maxOverheadPct}%` },
  mtbf: { type: 'string', commands: ADVISED, value: 'duration', help: 'mean time between failures: choose the interval nearest T*' },
  from: {
    type: 'string',
    commands: ['stacks', 'advise'],
    value: 'stack|observation.json',
    help: 'stacks: the stack the new ones copy; default dev (advise: an observation advise wrote, to advise again from without a cluster, instead of --rest)',
  },
  sizes: { type: 'string', commands: ['study'], value: 'sweep dir', help: 'study write: a sweep over state sizes and checkpoint types, for its section' },
  'seed-scale': {
    type: 'string',
    commands: ['study'],
    value: 'sweep dir',
    help: "study write: the sweep that measured the seed's scale, against <out>/seed-scale-prediction.json",
  },
};

export class CommandOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandOptionError';
  }
}

/** Refuses any given option the command does not take, naming the commands it belongs to. */
export function checkOptionsFor(command: string, given: Readonly<Record<string, unknown>>): void {
  if (!(COMMANDS as readonly string[]).includes(command)) return;
  for (const [name, value] of Object.entries(given)) {
    const spec = OPTIONS[name];
    if (value === undefined || !spec || spec.commands.includes(command as Command)) continue;
    throw new CommandOptionError(
      `--${name} is not an option of ckpt-lab ${command}; it belongs to ${spec.commands.map((c) => `ckpt-lab ${c}`).join(', ')}. ` +
        `ckpt-lab ${command} --help lists what ${command} takes.`,
    );
  }
}

/** `ckpt-lab <command> --help`: that command's options, each with its values, default and unit. */
export function commandHelp(command: Command): string {
  const rows = Object.entries(OPTIONS)
    .filter(([name, spec]) => name !== 'help' && spec.commands.includes(command))
    .map(([name, spec]) => [`--${name}${spec.value ? ` <${spec.value}>` : ''}`, spec.help] as const);
  const width = Math.max(0, ...rows.map(([flag]) => flag.length));
  return [`ckpt-lab ${command} options:`, ...rows.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help}`)].join('\n');
}

/** The parseArgs option table: every option (each command's are checked after parsing). */
export function parseArgsOptions(): Record<string, { type: 'string' | 'boolean'; short?: string }> {
  return Object.fromEntries(Object.entries(OPTIONS).map(([name, s]) => [name, s.short ? { type: s.type, short: s.short } : { type: s.type }]));
}
