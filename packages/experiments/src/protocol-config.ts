import type { Gate } from '@selective-kd/core';

/** The selective options the protocol tunes per gate on dev; an option left out keeps core's default. */
export interface GateSettings {
  temperature?: number;
  lambda?: number;
  margin?: number;
}

/**
 * The fields of an example's configuration that the comparison protocol
 * reads; each example extends it with its data and model fields (which the
 * run key hashes too, so a changed value retrains).
 */
export interface ProtocolConfig<Regime extends string = string> {
  mode: 'quick' | 'full';
  /** The example's regime names, e.g. ['strong', 'shifted', 'weak']; each builds its own context. */
  regimes: readonly Regime[];
  /** Default in the examples: `COMPARED_GATES`. */
  gates: readonly Gate[];
  /** Every gate of a seed shares data, initial weights and batch order; ≥ 5 in full mode. */
  seeds: readonly number[];
  /** The seeds whose dev scores choose each gate's settings (usually `[seeds[0]]`). */
  tuningSeeds: readonly number[];
  /** Candidate settings per gate, tried in order; a gate with 0 or 1 candidate is not tuned. */
  grid: Partial<Record<Gate, readonly GateSettings[]>>;
  batchSize: number;
  learningRate: number;
  /** A cap: early stopping on dev usually ends training sooner. */
  maxEpochs: number;
  /** Epochs without a better dev `monitor` before a student stops. */
  patience: number;
  /** The dev metric key (higher is better) that early stopping watches and tuning maximises. */
  monitor: string;
}

/** The gates every example compares: ground truth only, vanilla, teacher-correct, selective, soft weights and rectified targets. */
export const COMPARED_GATES: readonly Gate[] = ['none', 'all', 'teacher-correct', 'loss-compare', 'soft', 'rectified'];
