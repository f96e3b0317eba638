import { SelectiveKdError } from '../selective-kd-error.js';
import type { ModelEvaluation } from './evaluate-model.js';

export interface EarlyStoppingOptions {
  /** Key of the student's validation metrics to watch ('meanIoU', 'accuracy', 'f1', ...) or 'loss' (the validation ground-truth loss). */
  monitor: string;
  /** Default: 'min' when monitor is 'loss', else 'max'. */
  mode?: 'max' | 'min';
  /** Epochs without improvement before stopping. Default 5. */
  patience?: number;
  /** Smallest change that counts as improvement. Default 0. */
  minDelta?: number;
  /** Put the best epoch's weights back into the student when fit ends. Default true. */
  restoreBestWeights?: boolean;
}

export type ResolvedEarlyStopping = Required<EarlyStoppingOptions>;

/**
 * Where early stopping stands after an epoch; every epoch log carries it, so
 * a checkpoint's history holds the tracker's state and a resumed run goes on
 * from it.
 */
export interface EarlyStoppingLogs {
  monitor: string;
  /** This epoch's monitored validation value. */
  value: number;
  /** The best value so far and its 0-based epoch (undefined while no epoch has a finite value). */
  best?: number;
  bestEpoch?: number;
  /** Epochs since the best one (0 when this epoch is the best). */
  epochsSinceBest: number;
  /** This epoch beat the best by more than minDelta. */
  improved: boolean;
  /** Training ends after this epoch: `epochsSinceBest` reached the patience. */
  stop: boolean;
}

/** Checks the options, naming the field at fault, and fills in the defaults. */
export function resolveEarlyStopping(options: EarlyStoppingOptions): ResolvedEarlyStopping {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalid(`earlyStopping must be an object { monitor, mode?, patience?, minDelta?, restoreBestWeights? }; got ${JSON.stringify(options)}`);
  }
  const { monitor, mode = monitor === 'loss' ? 'min' : 'max', patience = 5, minDelta = 0, restoreBestWeights = true } = options;
  const known = new Set(['monitor', 'mode', 'patience', 'minDelta', 'restoreBestWeights']);
  const unknown = Object.keys(options).filter((key) => !known.has(key));
  if (unknown.length > 0) throw invalid(`earlyStopping has no field ${unknown.map((k) => `'${k}'`).join(', ')}; its fields are ${[...known].join(', ')}`);
  if (typeof monitor !== 'string' || monitor.length === 0) {
    throw invalid(`earlyStopping.monitor must name a validation metric or 'loss'; got ${JSON.stringify(monitor)}`);
  }
  if (mode !== 'max' && mode !== 'min') throw invalid(`earlyStopping.mode must be 'max' or 'min'; got ${JSON.stringify(mode)}`);
  if (!Number.isInteger(patience) || patience < 0) throw invalid(`earlyStopping.patience must be a whole number ≥ 0; got ${JSON.stringify(patience)}`);
  if (typeof minDelta !== 'number' || !Number.isFinite(minDelta) || minDelta < 0) {
    throw invalid(`earlyStopping.minDelta must be a finite number ≥ 0; got ${JSON.stringify(minDelta)}`);
  }
  if (typeof restoreBestWeights !== 'boolean') {
    throw invalid(`earlyStopping.restoreBestWeights must be true or false; got ${JSON.stringify(restoreBestWeights)}`);
  }
  return { monitor, mode, patience, minDelta, restoreBestWeights };
}

/**
 * Keras-style early stopping in plain JS: an epoch improves when its value
 * beats the best by more than `minDelta` (ties keep the earlier epoch); after
 * `patience` epochs without improvement, training stops. A NaN value (a metric
 * with nothing to count) never improves.
 */
export class EarlyStopping {
  private best: number | undefined;
  private bestEpoch: number | undefined;
  private epochsSinceBest = 0;
  private stopped = false;

  /** @param resumed the logs of the last finished epoch of a resumed run, to go on from. */
  constructor(
    readonly options: ResolvedEarlyStopping,
    resumed?: EarlyStoppingLogs,
  ) {
    if (resumed) {
      this.best = resumed.best;
      this.bestEpoch = resumed.bestEpoch;
      this.epochsSinceBest = resumed.epochsSinceBest;
      this.stopped = resumed.stop;
    }
  }

  /** True once an epoch has said stop. */
  get done(): boolean {
    return this.stopped;
  }

  get bestSoFar(): { best: number; bestEpoch: number } | undefined {
    return this.bestEpoch === undefined ? undefined : { best: this.best!, bestEpoch: this.bestEpoch };
  }

  /** The monitored value of a validation result; an unknown key is an INVALID_OPTION naming the keys there are. */
  valueOf(validation: ModelEvaluation): number {
    const { monitor } = this.options;
    if (monitor === 'loss') return validation.loss;
    if (!(monitor in validation.metrics)) {
      throw invalid(
        `earlyStopping.monitor '${monitor}' is not a validation metric; the metrics are ${Object.keys(validation.metrics).map((k) => `'${k}'`).join(', ')} (or 'loss')`,
      );
    }
    return validation.metrics[monitor];
  }

  /** Takes epoch `epoch`'s validation result and says where things stand. */
  update(epoch: number, validation: ModelEvaluation): EarlyStoppingLogs {
    const value = this.valueOf(validation);
    const { mode, minDelta, patience, monitor } = this.options;
    const improved =
      !Number.isNaN(value) && (this.best === undefined || (mode === 'max' ? value > this.best + minDelta : value < this.best - minDelta));
    if (improved) {
      this.best = value;
      this.bestEpoch = epoch;
      this.epochsSinceBest = 0;
    } else {
      this.epochsSinceBest++;
    }
    this.stopped = !improved && this.epochsSinceBest >= patience;
    return {
      monitor,
      value,
      ...(this.bestEpoch === undefined ? {} : { best: this.best, bestEpoch: this.bestEpoch }),
      epochsSinceBest: this.epochsSinceBest,
      improved,
      stop: this.stopped,
    };
  }
}

function invalid(message: string): SelectiveKdError {
  return new SelectiveKdError('INVALID_OPTION', message);
}
