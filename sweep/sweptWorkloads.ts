/**
 * What a sweep varies besides the interval (pure): state modes × state sizes (bidders) × checkpoint
 * types. A *swept state* — one mode at one size — has its own prefilled state, calibration and
 * baseline; every checkpoint type runs against that baseline (METHOD.md: a baseline has no checkpoints,
 * so it has no type). A dimension with one value is not written into cell ids, so a plain sweep's
 * cells, hash and files stay as they were.
 */
import { CHECKPOINT_TYPES, type CheckpointType } from '../lib/checkpointType.js';
import { formatInteger } from '../lib/format.js';
import { PARAMETERS, type WorkloadParameters } from '../workload/parameters.js';
import { SweepUsageError } from './sweepUsageError.js';

/** The settings the dimensions are read from (sweep/sweepArgs.ts SweepSettings). */
export interface SweptDimensions {
  readonly workload: WorkloadParameters;
  /** The state modes compared; one: a plain sweep. */
  readonly stateModes: readonly string[];
  /** One bidder count per state mode where it differs from the workload's (`--bidders mode=N,…`). */
  readonly biddersByMode?: Readonly<Record<string, number>>;
  /** Several state sizes, each mode at each (`--bidders 5000,20000`); unset: one size per mode. */
  readonly sizes?: readonly number[];
  /** Several checkpoint types at every interval (`--checkpoint-type full,incremental`); unset: the workload's one. */
  readonly checkpointTypes?: readonly CheckpointType[];
}

/** A cell's place in the dimensions: set only where the sweep has more than one value. */
export interface CellDimensions {
  readonly stateMode?: string;
  readonly bidders?: number;
  /** Unset on a baseline (no checkpoints) and when the sweep runs one type. */
  readonly checkpointType?: CheckpointType;
}

/** One mode at one size: one prefilled state, one calibration, one baseline. */
export interface SweptState {
  readonly stateMode: string;
  readonly bidders: number;
  /** Its part of a cell id and its calibration's key: `hybrid`, `20000b`, `hybrid-20000b`; '' for a plain sweep. */
  readonly key: string;
}

const severalModes = (d: SweptDimensions) => d.stateModes.length > 1;
const severalSizes = (d: SweptDimensions) => (d.sizes?.length ?? 0) > 1;
export const severalTypes = (d: SweptDimensions): boolean => (d.checkpointTypes?.length ?? 0) > 1;

/** The sweep's states, in the order the plan lists them: modes, then sizes. */
export function sweptStates(d: SweptDimensions): SweptState[] {
  return d.stateModes.flatMap((stateMode) => {
    const sizes = severalSizes(d) ? d.sizes! : [d.biddersByMode?.[stateMode] ?? Number(d.workload.bidders)];
    return sizes.map((bidders) => ({
      stateMode,
      bidders,
      key: cellKeyPrefix({ ...(severalModes(d) ? { stateMode } : {}), ...(severalSizes(d) ? { bidders } : {}) }),
    }));
  });
}

/** A cell's dimensions as the start of its id: `hybrid-20000b-incremental`; '' for a plain sweep's cell. */
export function cellKeyPrefix(c: CellDimensions): string {
  return [c.stateMode ?? '', c.bidders !== undefined ? `${c.bidders}b` : '', c.checkpointType ?? ''].filter(Boolean).join('-');
}

/** The state a cell ran on. */
export function stateOfCell(d: SweptDimensions, cell: CellDimensions): SweptState {
  const mode = cell.stateMode ?? String(d.workload.stateMode);
  const state = sweptStates(d).find((s) => s.stateMode === mode && (cell.bidders === undefined || s.bidders === cell.bidders));
  if (!state) throw new Error(`A cell of ${mode}${cell.bidders ? ` at ${cell.bidders} bidders` : ''} is not part of this sweep.`);
  return state;
}

/** The calibration key of a cell's state: its mode when one size per mode (as sweeps before sizes wrote it), else mode and size. */
export function calibrationKey(d: SweptDimensions, state: Pick<SweptState, 'stateMode' | 'bidders'>): string {
  return severalSizes(d) ? `${state.stateMode}-${state.bidders}b` : state.stateMode;
}

/** The workload a cell runs: the sweep's, with its state's mode and size and its checkpoint type. */
export function workloadOfCell(d: SweptDimensions, cell: CellDimensions): WorkloadParameters {
  const state = stateOfCell(d, cell);
  return {
    ...d.workload,
    stateMode: state.stateMode,
    bidders: state.bidders,
    ...(cell.checkpointType ? { incremental: cell.checkpointType === 'incremental' } : {}),
  };
}

/** A person's name for one analysis of the sweep: `hybrid (20,000 bidders, incremental)`. */
export function workloadLabel(a: { readonly stateMode: string; readonly bidders: number; readonly checkpointType?: CheckpointType }): string {
  return `${a.stateMode} (${formatInteger(a.bidders)} bidders${a.checkpointType ? `, ${a.checkpointType}` : ''})`;
}

/** `--state-mode a,b`: the modes, each allowed once. */
export function parseStateModes(text: string): string[] {
  const modes = text.split(',').map((m) => m.trim());
  const allowed = PARAMETERS.stateMode.values ?? [];
  for (const m of modes) {
    if (!allowed.includes(m)) throw new SweepUsageError(`Invalid --state-mode: '${text}'. Allowed: one or more of ${allowed.join(', ')}, comma-separated.`);
  }
  if (new Set(modes).size !== modes.length) throw new SweepUsageError(`Invalid --state-mode: '${text}' lists a mode twice. Allowed: each mode once.`);
  return modes;
}

/**
 * `--bidders`: N (every mode), N1,N2,… (every mode at each size, smallest first), or mode=N,… (one
 * count per mode). Ranges are checked with the workload (workload/validate.ts).
 */
export function parseBidders(text: string, modes: readonly string[]): { bidders?: number; sizes?: number[]; biddersByMode?: Record<string, number> } {
  if (text.includes('=')) return { biddersByMode: parseBiddersByMode(text, modes) };
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length === 1) return { bidders: Number.isInteger(Number(parts[0])) && parts[0] !== '' ? Number(parts[0]) : NaN };
  if (!parts.every((p) => /^\d+$/.test(p) && Number(p) > 0))
    throw new SweepUsageError(
      `Invalid --bidders: '${text}'. Allowed: a bidder count, a list of counts (each size swept, e.g. 5000,20000,80000), or mode=count pairs.`,
    );
  const sizes = parts.map(Number);
  if (new Set(sizes).size !== sizes.length) throw new SweepUsageError(`Invalid --bidders: '${text}' lists a size twice. Allowed: each size once.`);
  return { sizes: [...sizes].sort((a, b) => a - b) };
}

function parseBiddersByMode(text: string, modes: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',')) {
    const m = /^\s*([a-z]+)=(\d+)\s*$/.exec(part);
    if (!m || !modes.includes(m[1]!)) {
      throw new SweepUsageError(
        `Invalid --bidders: '${text}'. Allowed: a bidder count, or mode=count pairs for the swept modes (${modes.join(', ')}), e.g. ${modes.map((x) => `${x}=100000`).join(',')}.`,
      );
    }
    out[m[1]!] = Number(m[2]);
  }
  return out;
}

/** `--checkpoint-type full`, `incremental` or both; RocksDB only (the heap backend's checkpoints are always full). */
export function parseCheckpointTypes(text: string, stateBackend: unknown): CheckpointType[] {
  const types = text.split(',').map((t) => t.trim());
  const allowed: readonly string[] = CHECKPOINT_TYPES;
  if (!types.every((t) => allowed.includes(t)) || new Set(types).size !== types.length)
    throw new SweepUsageError(`Invalid --checkpoint-type: '${text}'. Allowed: full, incremental, or full,incremental (each once).`);
  if (stateBackend !== 'rocksdb' && types.includes('incremental'))
    throw new SweepUsageError(
      `Invalid --checkpoint-type: '${text}' with --state-backend ${String(stateBackend)}. Allowed: incremental checkpoints need rocksdb.`,
    );
  return types as CheckpointType[];
}
