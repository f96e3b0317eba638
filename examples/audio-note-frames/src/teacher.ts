import { noteFrameBatches, PIANO_KEYS, type NoteFrameExcerpt } from '@selective-kd/audio';
import type { DistillerFactory, EpochLogs, ModelInputs } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTeacher, type InputShape } from './models.js';

/** The example's shipped teachers, `teachers/<name>/model.json` (the folder sits beside both src/ and dist/). */
export const TEACHERS_DIR = fileURLToPath(new URL('../teachers/', import.meta.url));

export type TeacherName = 'strong' | 'weak';

export interface TeacherTraining {
  /** Passes over the data: a cap when `patience` is set, else exactly this many. */
  epochs: number;
  /** Early stopping on dev frame F1 with this patience, best weights restored; unset: train all `epochs`. */
  patience?: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export interface TrainedTeacher {
  model: tfl.LayersModel;
  /** Epochs trained and the 0-based epoch whose weights were kept. */
  epochs: number;
  bestEpoch: number;
}

/** Excerpts per batch when a model is only scored. */
export const EVALUATION_BATCH = 32;

/** Trains a fresh teacher on the ground truth alone (a distiller with gate 'none' is the training loop). */
export async function trainTeacher(
  distillers: DistillerFactory,
  shape: InputShape,
  train: readonly NoteFrameExcerpt[],
  dev: readonly NoteFrameExcerpt[],
  training: TeacherTraining,
  log: (line: string) => void,
): Promise<TrainedTeacher> {
  const model = buildTeacher(shape, training.seed);
  const trainer = distillers.create({
    // Gate 'none' never follows a teacher; it only needs logits of the right shape.
    teacher: (inputs: ModelInputs) => tf.zeros([(inputs as tf.Tensor).shape[0], shape.frames, PIANO_KEYS]),
    student: model,
    modality: 'audio',
    optimizer: tf.train.adam(training.learningRate),
    options: { gate: 'none' },
  });
  try {
    const result = await trainer.fit(noteFrameBatches(train, { batchSize: training.batchSize }), {
      epochs: training.epochs,
      seed: training.seed,
      progress: false,
      callbacks: [{ onEpochEnd: (e) => log(epochLine(e)) }],
      ...(training.patience === undefined
        ? {}
        : {
            validationData: noteFrameBatches(dev, { batchSize: EVALUATION_BATCH, shuffle: false }),
            earlyStopping: { monitor: 'f1', patience: training.patience },
          }),
    });
    const epochs = result.history.length;
    return { model, epochs, bestEpoch: result.bestEpoch ?? epochs - 1 };
  } finally {
    trainer.optimizer.dispose();
  }
}

function epochLine(e: EpochLogs): string {
  const dev = e.validation === undefined ? '' : `, dev frame F1 ${(100 * e.validation.metrics.f1).toFixed(2)}`;
  return `  epoch ${e.epoch + 1}: loss ${e.loss.toFixed(4)}, training frame F1 ${(100 * e.metrics.f1).toFixed(2)}${dev} (${(e.millis / 1000).toFixed(1)} s)`;
}

/** A shipped teacher, `teachers/<name>/`, from `npm run teachers`. */
export async function loadTeacher(name: TeacherName, dir = TEACHERS_DIR): Promise<tfl.LayersModel> {
  return tfl.loadLayersModel(`file://${join(dir, name, 'model.json')}`);
}
