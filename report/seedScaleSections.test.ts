import { describe, expect, it } from 'vitest';
import type { Aggregates } from '../analysis/aggregate.js';
import { fitCostModel } from '../analysis/model.js';
import { pricedInterval } from '../analysis/pricedInterval.fixture.js';
import type { SizeModel } from '../analysis/sizeModel.js';
import type { SweepDocument } from '../sweep/sweepDocument.js';
import type { SeedScaleFile } from '../sweep/seedScaleFile.js';
import { seedHardwareSection, seedScaleSection } from './seedScaleSections.js';

// A committed prediction typed in: full checkpoints at 10 s, 2.0 CPU-s and 600 MB each, 1,000 ms, loss 5 %, restart 2 s.
const prediction: SeedScaleFile = {
  schema: 'ckpt-lab/seed-scale-prediction@1',
  schemaVersion: 1,
  createdAt: '2026-12-02T17:00:00.000Z',
  commit: 'abcdef0123456789',
  sweep: { dir: 'docs/measurements/sizes', sweepId: 'sizes', configHash: 'c0ffee' },
  request: { stateMode: 'realistic', bidders: 3_000_000, rateEventsPerSec: 15_000, intervalsMs: [10_000] },
  goals: { relative: 0.2, points: 3 },
  predictions: [
    {
      stateMode: 'realistic',
      bidders: 3_000_000,
      checkpointType: 'full',
      intervalMs: 10_000,
      inputRate: 15_000,
      cpuSecondsPerCheckpoint: { value: 2.0 },
      checkpointDurationMs: { value: 1_000, low: 800, high: 1_200 },
      checkpointedBytes: { value: 600e6, low: 500e6, high: 700e6 },
      capacityLossPct: { value: 5, low: 1, high: 9, from: 'CPU price' },
      recovery: { restartMs: { value: 2_000 }, catchUpMs: 1_000, recoveryMs: { value: 60_000, low: 40_000, high: 80_000 } },
      measuredIntervalsMs: [5_000, 20_000],
      measuredBidders: [30_000, 300_000],
      extrapolation: ['3,000,000 bidders is 10.0 × the largest state measured (300,000)'],
    },
  ],
};

// The measuring sweep's 10 s cell: 1,100 ms, 650 MB, loss 7.5 %, no recovery measured.
const cell = pricedInterval(10_000, 2.0, 1_100, 650e6);
const agg: Aggregates = { intervals: [{ ...cell, overhead: { ...cell.overhead!, capacityLossPct: { n: 20, mean: 7.5 } } }] };
const measured = {
  sweepId: 'seed-scale',
  settings: { workload: { incremental: false } },
  modes: [{ stateMode: 'realistic', bidders: 3_000_000, checkpointType: 'full', aggregates: agg, model: fitCostModel(agg) }],
} as unknown as SweepDocument;

describe("the study's sections on the seed's scale", () => {
  it('tables each figure predicted against measured, with its error and whether it meets its goal, worked by hand', () => {
    const md = seedScaleSection({ prediction, measured, defaultDetectionMs: 50_000 }).join('\n');
    expect(md).toContain("## The seed's scale");
    expect(md).toContain('committed on 2026-12-02 at abcdef0, before the cells that measure it ran (sweep `seed-scale`)');
    expect(md).toContain('Extrapolated: 3,000,000 bidders is 10.0 × the largest state measured (300,000).');
    // |1,000 − 1,100| / 1,100 = 9 %; |600 − 650| / 650 = 8 %; |5 − 7.5| = 2.5 points.
    expect(md).toContain('| full | 10s | checkpoint duration | 1,000 ms [800 ms – 1,200 ms] | 1,100 ms | 9 % | ≤ 20 % | yes | yes |');
    expect(md).toContain('| full | 10s | bytes per checkpoint | 600.0 MB [500.0 MB – 700.0 MB] | 650.0 MB | 8 % | ≤ 20 % | yes | yes |');
    expect(md).toContain('| full | 10s | capacity loss | 5.0 % [1.0 % – 9.0 %] | 7.5 % | 2.5 points | ≤ 3 points | yes | yes |');
    expect(md).toContain('| full | 10s | recovery | 60.0 s [40.0 s – 80.0 s] | – | – | ≤ 20 % | – | – |');
  });

  it('matches a sweep of one type by its workload’s type: incremental cells are not the full prediction’s measurement', () => {
    const incremental = {
      ...measured,
      settings: { workload: { incremental: true } },
      modes: [{ ...measured.modes![0]!, checkpointType: undefined }],
    } as unknown as SweepDocument;
    const md = seedScaleSection({ prediction, measured: incremental, defaultDetectionMs: 50_000 }).join('\n');
    expect(md).not.toContain('unfinished');
    const half = {
      ...incremental,
      cells: [
        { id: 'a', status: 'complete' },
        { id: 'b', status: 'pending' },
      ],
    } as unknown as SweepDocument;
    expect(seedScaleSection({ prediction, measured: half, defaultDetectionMs: 50_000 }).join('\n')).toContain(
      'The measuring sweep is unfinished: 1 of 2 cells;',
    );
    expect(md).toContain('| full | 10s | checkpoint duration | 1,000 ms [800 ms – 1,200 ms] | not measured | – |');
    expect(md).toContain('The measuring sweep ran incremental checkpoints only: the full predictions stand unmeasured.');
    const full = { ...incremental, settings: { workload: { incremental: false } } } as unknown as SweepDocument;
    expect(seedScaleSection({ prediction, measured: full, defaultDetectionMs: 50_000 }).join('\n')).toContain('| 1,100 ms | 9 % |');
  });

  it('says what is not measured yet, and how to measure it', () => {
    const md = seedScaleSection({ prediction, defaultDetectionMs: 50_000 }).join('\n');
    expect(md).toContain('| full | 10s | checkpoint duration | 1,000 ms [800 ms – 1,200 ms] | not yet | – |');
    expect(md).toContain('Not measured yet: the cells run with `ckpt-lab sweep --state-mode realistic --bidders 3000000');
  });

  it("puts the prediction on the seed's hardware with every input named, worked by hand", () => {
    expect(seedHardwareSection({ prediction, defaultDetectionMs: 50_000 }).join('\n')).toContain(
      'Not computed: the sizes sweep behind the prediction is needed',
    );
    // A falling line: μ 90,000 − 0.1 × 3,000,000 < 0 at the seed's state.
    const falling = {
      sizeModels: [
        {
          stateMode: 'realistic',
          checkpointType: 'full',
          bidders: [30_000, 300_000],
          laws: {
            processingCpuSecondsPerSec: { points: [], line: { intercept: 1.4, slope: 0, n: 3 } },
            capacityEventsPerSec: { points: [], line: { intercept: 90_000, slope: -0.1, n: 3 } },
          },
        },
      ],
    } as unknown as SweepDocument;
    expect(seedHardwareSection({ prediction, sizes: falling, defaultDetectionMs: 50_000 }).join('\n')).toContain(
      "Not computed: the size model's lines, extended to 3,000,000 bidders, give this machine no capacity to scale from (μ -210,000 events/s, processing 1.40 CPU-s/s)",
    );
    // This machine at 3,000,000 bidders, from the size model's lines: 1.5 CPU-s/s for processing, μ 30,000 events/s.
    const flat = (y: number) => ({ points: [], line: { intercept: y, slope: 0, n: 2 }, shape: 'two sizes' as const });
    const laws = { processingCpuSecondsPerSec: flat(1.5), capacityEventsPerSec: flat(30_000) } as unknown as SizeModel['laws'];
    const sizes = { sizeModels: [{ stateMode: 'realistic', checkpointType: 'full', bidders: [30_000, 300_000], laws }] } as unknown as SweepDocument;
    const md = seedHardwareSection({ prediction, sizes, defaultDetectionMs: 50_000 }).join('\n');
    expect(md).toContain('**A prediction, not a measurement**');
    expect(md).toContain("- cores for processing P: 8 (2 TaskManagers × 4) (the seed's)");
    // Loss 100 · 2.0 / (10 s · 8) = 2.50 %; upload 600 MB ÷ 120 MB/s = 5.0 s; restore 3,072 MB nominal ÷ 120 MB/s = 25.6 s;
    // downtime 50 + 2 + 25.6 = 77.6 s; μ 30,000 · 8 / 1.5 · 0.975 = 156,000; catch-up 15,000 · 82.6 s / 141,000 = 8.8 s; recovery 86.4 s.
    expect(md).toContain('| full | 10s | 2.50 % | 5.0 s | 10.0 s | 25.6 s | 77.6 s | 8.8 s | 86.4 s | 150,000 |');
  });

  it('takes μ and the processing CPU here from the seed-scale sweep’s own baseline once it ran, saying so', () => {
    // The measured baseline at 3,000,000 bidders: μ 30,000 events/s, 1.5 CPU-s/s for processing — the flat case above, measured.
    const baseline = { ...cell, intervalMs: 0, figures: { ...cell.figures, capacityEventsPerSec: { n: 1, median: 30_000, mean: 30_000 } } };
    const withBaseline: Aggregates = { ...agg, baseline, cpuBaseline: { cpuSecondsPerEvent: 1e-4, blocks: 12, processingCpuSecondsPerSec: 1.5 } };
    const ran = { ...measured, modes: [{ ...measured.modes![0]!, aggregates: withBaseline }] } as unknown as SweepDocument;
    const md = seedHardwareSection({ prediction, measured: ran, defaultDetectionMs: 50_000 }).join('\n');
    expect(md).toContain('| full | 10s | 2.50 % | 5.0 s | 10.0 s | 25.6 s | 77.6 s | 8.8 s | 86.4 s | 150,000 |');
    expect(md).toContain("× 8 cores ÷ 1.50 CPU-s/s here, both measured here at 3,000,000 bidders (the seed-scale sweep's baseline)");
  });
});
