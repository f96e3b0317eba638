import type { Gate } from '@selective-kd/core';
import type { EpochSummary } from '@selective-kd/plots';
import type { GateSettings } from './protocol-config.js';

/** One student's outcome: a record of results-<mode>.json's `runs` (or `tuning`). */
export interface StudentRun {
  regime: string;
  gate: Gate;
  seed: number;
  settings: GateSettings;
  /** The best-dev-epoch student's dev metrics. */
  dev: Record<string, number>;
  /** The same weights' test metrics. */
  test: Record<string, number>;
  /** Epochs trained, and the 0-based epoch whose weights were kept. */
  epochs: number;
  bestEpoch: number;
  /** Mean over the trained epochs of Σm / Σv: how often the gate followed the teacher. */
  teacherBetterFraction: number;
  seconds: number;
  /**
   * Every trained epoch's training means and dev `monitor` (`epoch` 0-based,
   * as `bestEpoch`), for the training curves. Records stored before it was
   * kept have none; the protocol adds it to the curve runs by retraining them.
   */
  history?: EpochSummary[];
}
