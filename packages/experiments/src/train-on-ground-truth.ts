import type { BatchSource, DistillerFactory, EpochLogs } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** How a teacher is trained on the ground truth. */
export interface TeacherTraining {
  /** Passes over the data: a cap when `patience` is set, else exactly this many. */
  epochs: number;
  /** Early stopping on the dev metric with this patience, best weights restored; unset: train all `epochs`. */
  patience?: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export interface TrainedTeacher {
  model: LayersModel;
  /** Epochs trained and the 0-based epoch whose weights were kept. */
  epochs: number;
  bestEpoch: number;
}

export interface TrainOnGroundTruthOptions {
  distillers: DistillerFactory;
  /** The registered modality's name. */
  modality: string;
  /** The fresh model to train (built from `training.seed` by the caller). */
  model: LayersModel;
  /** Training batches of `training.batchSize`, shuffled per pass from the seed. */
  train: BatchSource;
  /** Dev batches in a fixed order; scored after each epoch when `training.patience` is set. */
  dev: BatchSource;
  training: TeacherTraining;
  /** The dev and training metric the epoch lines show and early stopping watches, with its name ('meanIoU', 'mIoU'). */
  metric: { key: string; label: string };
  /** One line per epoch. */
  log: (line: string) => void;
}

/**
 * Trains `model` on the ground truth alone: a distiller without a teacher
 * (gate 'none') is the training loop. With
 * `training.patience` it stops early on the dev metric and keeps the best
 * epoch's weights. The optimizer is disposed; the model is the caller's.
 */
export async function trainOnGroundTruth({
  distillers,
  modality,
  model,
  train,
  dev,
  training,
  metric,
  log,
}: TrainOnGroundTruthOptions): Promise<TrainedTeacher> {
  const trainer = distillers.create({ student: model, modality, optimizer: tf.train.adam(training.learningRate) });
  try {
    const result = await trainer.fit(train, {
      epochs: training.epochs,
      seed: training.seed,
      progress: false,
      callbacks: [{ onEpochEnd: (e) => log(epochLine(e, metric)) }],
      ...(training.patience === undefined
        ? {}
        : { validationData: dev, earlyStopping: { monitor: metric.key, patience: training.patience } }),
    });
    const epochs = result.history.length;
    return { model, epochs, bestEpoch: result.bestEpoch ?? epochs - 1 };
  } finally {
    trainer.dispose();
  }
}

function epochLine(e: EpochLogs, { key, label }: TrainOnGroundTruthOptions['metric']): string {
  const dev = e.validation === undefined ? '' : `, dev ${label} ${(100 * e.validation.metrics[key]).toFixed(2)}`;
  return `  epoch ${e.epoch + 1}: loss ${e.loss.toFixed(4)}, training ${label} ${(100 * e.metrics[key]).toFixed(2)}${dev} (${(e.millis / 1000).toFixed(1)} s)`;
}
