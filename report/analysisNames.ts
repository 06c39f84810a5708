/**
 * Names for the analyses of one sweep: each analysis by its mode, with its size when the mode ran at
 * several and its checkpoint type when the sweep ran several — `hybrid`, `hybrid 20,000 bidders incremental`
 * for people, `hybrid-20000b-incremental` as an HTML id.
 */
import type { CheckpointType } from '../lib/checkpointType.js';
import { formatInteger } from '../lib/format.js';

interface Analysed {
  readonly stateMode: string;
  readonly bidders: number;
  readonly checkpointType?: CheckpointType;
}

const severalSizes = (m: Analysed, all: readonly Analysed[]) => new Set(all.filter((x) => x.stateMode === m.stateMode).map((x) => x.bidders)).size > 1;

export const analysisName = (m: Analysed, all: readonly Analysed[]): string =>
  [m.stateMode, severalSizes(m, all) ? `${formatInteger(m.bidders)} bidders` : '', m.checkpointType ?? ''].filter(Boolean).join(' ');

export const analysisId = (m: Analysed, all: readonly Analysed[]): string =>
  [m.stateMode, severalSizes(m, all) ? `${m.bidders}b` : '', m.checkpointType ?? ''].filter(Boolean).join('-');

/** What the analyses differ in, for a heading: `state mode`, or `workload` when sizes or types vary too. */
export const analysesDifferIn = (all: readonly Analysed[]): string => (new Set(all.map((m) => m.stateMode)).size === all.length ? 'state mode' : 'workload');
