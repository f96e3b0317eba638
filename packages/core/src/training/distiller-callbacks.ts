import type { SelectiveOptions } from '../selective-options.js';
import type { EarlyStoppingLogs } from './early-stopping.js';
import type { ModelEvaluation } from './evaluate-model.js';

/** The numbers reported after every training step. */
export interface StepLogs {
  /** 0-based epoch and step within it; `globalStep` counts from the start of `fit`. */
  epoch: number;
  step: number;
  globalStep: number;
  /** Steps in this epoch, once known (from `stepsPerEpoch` or an earlier epoch). */
  stepsInEpoch: number | undefined;
  loss: number;
  groundTruthLoss: number;
  distillLoss: number;
  teacherBetterFraction: number;
  /** Wall time of the step in milliseconds. */
  millis: number;
}

/** The four numbers every step reports, and their sums and means over an epoch. */
export type StepTotals = Pick<StepLogs, 'loss' | 'groundTruthLoss' | 'distillLoss' | 'teacherBetterFraction'>;

/** The numbers reported after every epoch: training means, metrics, and validation if given. */
export interface EpochLogs {
  epoch: number;
  steps: number;
  loss: number;
  groundTruthLoss: number;
  distillLoss: number;
  teacherBetterFraction: number;
  /** The student's modality metrics over the epoch's training batches. */
  metrics: Record<string, number>;
  /** The student's score on the validation data (the student alone, no teacher), when `fit` was given some. */
  validation?: ModelEvaluation;
  /** Where early stopping stands after this epoch, with `fit`'s `earlyStopping` option. */
  earlyStopping?: EarlyStoppingLogs;
  millis: number;
}

/** Early stopping has ended training after `epoch` (0-based). */
export interface EarlyStopInfo {
  epoch: number;
  monitor: string;
  /** The best monitored value and its 0-based epoch (undefined if no epoch had a finite value). */
  best?: number;
  bestEpoch?: number;
  /** Whether the best epoch's weights are put back into the student as fit ends. */
  restoreBestWeights: boolean;
}

/** What `evaluate` returns: losses averaged over batches and each model's metrics. */
export interface EvaluationResult {
  batches: number;
  loss: number;
  groundTruthLoss: number;
  distillLoss: number;
  teacherBetterFraction: number;
  student: Record<string, number>;
  /** The teacher's metrics; left out when the distiller has no teacher. */
  teacher?: Record<string, number>;
}

export interface TrainBeginInfo {
  epochs: number;
  stepsPerEpoch: number | undefined;
  /** The tfjs backend the run uses, e.g. 'wasm'. */
  backend: string;
  /** The modality plugin's name and the resolved selective options. */
  modality: string;
  /** The student model's name, so that lines of several runs say whose they are. */
  student: string;
  /** Whether the run has a teacher (a teacher-less run trains on the ground truth alone). */
  teacher: boolean;
  options: SelectiveOptions;
  /** Set when `fit` continues from a checkpoint: its folder and where training picks up. */
  resumed?: { from: string; epoch: number; step: number; globalStep: number };
}

/** A checkpoint `fit` has just written completely. */
export interface CheckpointInfo {
  /** The checkpoint's own folder inside `checkpoint.dir`; in a browser, `indexeddb:selective-kd-checkpoints/<dir>`. */
  path: string;
  /** Where a resumed run picks up: this epoch, after `step` of its batches; `globalStep` steps in all. */
  epoch: number;
  step: number;
  globalStep: number;
}

/** Hooks into `fit`. They receive plain numbers only; returned promises are awaited. */
export interface DistillerCallbacks {
  onTrainBegin?(info: TrainBeginInfo): void | Promise<void>;
  onStepEnd?(logs: StepLogs): void | Promise<void>;
  onEpochEnd?(logs: EpochLogs): void | Promise<void>;
  /** Called after each checkpoint is on disk (with `fit`'s `checkpoint` option). */
  onCheckpoint?(info: CheckpointInfo): void | Promise<void>;
  /** Called when early stopping ends training, after that epoch's `onEpochEnd`. */
  onEarlyStop?(info: EarlyStopInfo): void | Promise<void>;
  /** Called when training ends, also after an error (with it), so resources are released. */
  onTrainEnd?(history: EpochLogs[], error?: unknown): void | Promise<void>;
}
