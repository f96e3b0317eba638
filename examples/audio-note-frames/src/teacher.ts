import { noteFrameBatches, type NoteFrameExcerpt } from '@selective-kd/audio';
import type { DistillerFactory } from '@selective-kd/core';
import { trainOnGroundTruth, type TeacherTraining, type TrainedTeacher } from '@selective-kd/experiments';
import * as tfl from '@tensorflow/tfjs-layers';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTeacher, type InputShape } from './models.js';

/** The example's shipped teachers, `teachers/<name>/model.json` (the folder sits beside both src/ and dist/). */
export const TEACHERS_DIR = fileURLToPath(new URL('../teachers/', import.meta.url));

export type { TeacherTraining, TrainedTeacher } from '@selective-kd/experiments';

export type TeacherName = 'strong' | 'weak';

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
  return trainOnGroundTruth({
    distillers,
    modality: 'audio',
    model: buildTeacher(shape, training.seed),
    train: noteFrameBatches(train, { batchSize: training.batchSize }),
    dev: noteFrameBatches(dev, { batchSize: EVALUATION_BATCH, shuffle: false }),
    training,
    metric: { key: 'f1', label: 'frame F1' },
    log,
  });
}

/** A shipped teacher, `teachers/<name>/`, from `npm run teachers`. */
export async function loadTeacher(name: TeacherName, dir = TEACHERS_DIR): Promise<tfl.LayersModel> {
  return tfl.loadLayersModel(`file://${join(dir, name, 'model.json')}`);
}
