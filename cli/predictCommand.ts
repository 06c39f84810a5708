/** `ckpt-lab predict <sweep dir> --interval 15s [...]`: the sweep's prediction for one interval, as text or one JSON document. */
import { formatPrediction } from '../analysis/formatPrediction.js';
import { checkpointTypeOfWorkload, predict, PredictionRefused, type Prediction } from '../analysis/predict.js';
import { parseCheckpointInterval } from '../lib/duration.js';
import { loadSweep } from '../sweep/loadSweep.js';
import { modeAnalyses } from '../sweep/sweepDocument.js';
import { UsageError } from './runArgs.js';

type Flags = Readonly<Record<string, string | boolean | undefined>>;

function positiveNumber(flag: string, given: string | boolean | undefined, integer: boolean): number | undefined {
  if (typeof given !== 'string') return undefined;
  const v = Number(given);
  if (!/^\d+(\.\d+)?$/.test(given) || !(v > 0) || (integer && !Number.isInteger(v)))
    throw new UsageError(`Invalid --${flag}: '${given}'. Allowed: a ${integer ? 'whole ' : ''}number above 0.`);
  return v;
}

/** The request the flags make; checked before the sweep is read. */
export function predictRequestOf(flags: Flags): Parameters<typeof predict>[1] {
  if (typeof flags.interval !== 'string') throw new UsageError('ckpt-lab predict needs --interval, e.g. --interval 15s.');
  const intervalMs = parseCheckpointInterval(flags.interval);
  if (intervalMs === 0)
    throw new UsageError(`Invalid --interval: 'off'. Allowed: a checkpoint interval, e.g. 15s (off costs nothing and recovers by full replay).`);
  const type = flags['checkpoint-type'];
  if (type !== undefined && type !== 'full' && type !== 'incremental')
    throw new UsageError(`Invalid --checkpoint-type: '${String(type)}'. Allowed: full, incremental.`);
  return {
    intervalMs,
    stateMode: typeof flags['state-mode'] === 'string' ? flags['state-mode'] : undefined,
    checkpointType: type,
    bidders: positiveNumber('bidders', flags.bidders, true),
    rateEventsPerSec: positiveNumber('rate', flags.rate, false),
  };
}

export function predictCommand(dir: string, flags: Flags): { prediction: Prediction; text: string } {
  const request = predictRequestOf(flags);
  const doc = loadSweep(dir);
  try {
    const prediction = predict({ modes: modeAnalyses(doc), checkpointType: checkpointTypeOfWorkload(doc.settings.workload) }, request);
    return { prediction, text: formatPrediction(prediction) };
  } catch (e) {
    if (e instanceof PredictionRefused) throw new UsageError(e.message);
    throw e;
  }
}
