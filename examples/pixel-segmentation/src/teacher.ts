import type { DistillerFactory, ModelInputs } from '@selective-kd/core';
import { segmentationBatches, type SegmentationSample } from '@selective-kd/pixel';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentConfig } from './experiment-config.js';
import { MOSAIC_CLASSES } from './mosaics.js';
import { buildTeacher } from './models.js';

const TEACHER_SEED = 1;

/**
 * The teacher for this configuration: loaded from `cacheDir` if an earlier run
 * trained it, else trained on the ground truth and saved there, so later runs
 * (and every student) share one teacher.
 */
export async function loadOrTrainTeacher(
  distillers: DistillerFactory,
  config: ExperimentConfig,
  train: readonly SegmentationSample[],
  cacheDir: string,
  log: (line: string) => void,
): Promise<tfl.LayersModel> {
  const dir = join(cacheDir, `teacher-${config.trainMosaics}-mosaics-${config.teacherEpochs}-epochs-seed-${TEACHER_SEED}`);
  if (existsSync(join(dir, 'model.json'))) {
    log(`teacher: loading ${dir}`);
    return tfl.loadLayersModel(`file://${join(dir, 'model.json')}`);
  }
  const teacher = buildTeacher(TEACHER_SEED);
  log(`teacher: training ${teacher.countParams()} weights for ${config.teacherEpochs} epochs on ${train.length} mosaics`);
  const trainer = distillers.create({
    // Gate 'none' never follows a teacher; it only needs logits of the right shape.
    teacher: (inputs: ModelInputs) => tf.zeros([...(inputs as tf.Tensor).shape.slice(0, 3), MOSAIC_CLASSES]),
    student: teacher,
    modality: 'pixel',
    optimizer: tf.train.adam(config.learningRate),
    options: { gate: 'none' },
  });
  await trainer.fit(segmentationBatches(train, { batchSize: config.batchSize }), {
    epochs: config.teacherEpochs,
    seed: TEACHER_SEED,
  });
  trainer.optimizer.dispose();
  await teacher.save(`file://${dir}`);
  log(`teacher: saved to ${dir}`);
  return teacher;
}
