import type { DistillerFactory } from '@selective-kd/core';
import { trainOnGroundTruth, type TeacherTraining, type TrainedTeacher } from '@selective-kd/experiments';
import { segmentationBatches, type SegmentationSample } from '@selective-kd/pixel';
import * as tfl from '@tensorflow/tfjs-layers';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { buildTeacher } from './models.js';

export type { TeacherTraining, TrainedTeacher } from '@selective-kd/experiments';

/** The example's shipped teachers, `teachers/<name>/model.json` (the folder sits beside both src/ and dist/). */
export const TEACHERS_DIR = fileURLToPath(new URL('../teachers/', import.meta.url));

export type TeacherName = 'strong' | 'weak';

/** Trains a fresh teacher on the ground truth alone (a distiller with gate 'none' is the training loop). */
export async function trainTeacher(
  distillers: DistillerFactory,
  train: readonly SegmentationSample[],
  dev: readonly SegmentationSample[],
  training: TeacherTraining,
  log: (line: string) => void,
): Promise<TrainedTeacher> {
  return trainOnGroundTruth({
    distillers,
    modality: 'pixel',
    model: buildTeacher(training.seed),
    train: segmentationBatches(train, { batchSize: training.batchSize }),
    dev: segmentationBatches(dev, { batchSize: 100, shuffle: false }),
    training,
    metric: { key: 'meanIoU', label: 'mIoU' },
    log,
  });
}

/** A shipped teacher, `teachers/<name>/`, from `npm run teachers`. */
export async function loadTeacher(name: TeacherName, dir = TEACHERS_DIR): Promise<tfl.LayersModel> {
  return tfl.loadLayersModel(`file://${join(dir, name, 'model.json')}`);
}
