import type { DistillerFactory, ModelInputs } from '@selective-kd/core';
import { tokenBatches } from '@selective-kd/text';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentConfig } from './experiment-config.js';
import { buildTeacher } from './models.js';
import type { TaggingData } from './tagging-data.js';
import { TokenFeatures, type FeatureStamp } from './token-features.js';
import { UNIVERSAL_TAGS } from './universal-tags.js';

const TEACHER_SEED = 1;

/**
 * The teacher for this configuration: loaded from `cacheDir` if an earlier run
 * trained it, else trained on the ground truth and saved there with the
 * vocabulary's stamp in its metadata, so later runs (and every student) share
 * one teacher and a teacher is never paired with another vocabulary.
 */
export async function loadOrTrainTeacher(
  distillers: DistillerFactory,
  config: ExperimentConfig,
  data: TaggingData,
  cacheDir: string,
  log: (line: string) => void,
): Promise<tfl.LayersModel> {
  const { words } = data.features.stamp;
  const dir = join(
    cacheDir,
    `teacher-${config.trainDocuments}-docs-${config.teacherEpochs}-epochs-len-${config.length}-vocab-${words.fingerprint}-seed-${TEACHER_SEED}`,
  );
  if (existsSync(join(dir, 'model.json'))) {
    log(`teacher: loading ${dir}`);
    const teacher = await tfl.loadLayersModel(`file://${join(dir, 'model.json')}`);
    data.features.assertMatches(teacher.getUserDefinedMetadata() as FeatureStamp | undefined, data.features.inputDim, dir);
    return teacher;
  }
  const teacher = buildTeacher({ inputDim: data.features.inputDim, length: config.length }, TEACHER_SEED);
  log(`teacher: training ${teacher.countParams()} weights for ${config.teacherEpochs} epochs on ${data.train.length} sentences`);
  const trainer = distillers.create({
    // Gate 'none' never follows a teacher; it only needs logits of the right shape.
    teacher: (inputs: ModelInputs) => tf.zeros([...(inputs as tf.Tensor).shape.slice(0, 2), UNIVERSAL_TAGS.length]),
    student: teacher,
    modality: 'text',
    optimizer: tf.train.adam(config.learningRate),
    options: { gate: 'none' },
  });
  await trainer.fit(tokenBatches(data.train, { length: config.length, batchSize: config.batchSize, featuresPerToken: TokenFeatures.PER_TOKEN }), {
    epochs: config.teacherEpochs,
    seed: TEACHER_SEED,
  });
  trainer.optimizer.dispose();
  teacher.setUserDefinedMetadata({ ...data.features.stamp });
  await teacher.save(`file://${dir}`);
  log(`teacher: saved to ${dir}`);
  return teacher;
}

