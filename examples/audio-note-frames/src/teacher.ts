import { PIANO_KEYS, noteFrameBatches, type NoteFrameExcerpt } from '@selective-kd/audio';
import type { DistillerFactory, ModelInputs } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentConfig } from './experiment-config.js';
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
  train: readonly NoteFrameExcerpt[],
  cacheDir: string,
  log: (line: string) => void,
): Promise<tfl.LayersModel> {
  const dir = join(cacheDir, `teacher-${teacherKey(config, train.length)}`);
  if (existsSync(join(dir, 'model.json'))) {
    log(`teacher: loading ${dir}`);
    return tfl.loadLayersModel(`file://${join(dir, 'model.json')}`);
  }
  const teacher = buildTeacher({ frames: config.excerptFrames, context: config.context, bins: config.melBands }, TEACHER_SEED);
  log(`teacher: training ${teacher.countParams()} weights for ${config.teacherEpochs} epochs on ${train.length} excerpts`);
  const trainer = distillers.create({
    // Gate 'none' never follows a teacher; it only needs logits of the right shape.
    teacher: (inputs: ModelInputs) => tf.zeros([(inputs as tf.Tensor).shape[0], config.excerptFrames, PIANO_KEYS]),
    student: teacher,
    modality: 'audio',
    optimizer: tf.train.adam(config.learningRate),
    options: { gate: 'none' },
  });
  await trainer.fit(noteFrameBatches(train, { batchSize: config.batchSize }), { epochs: config.teacherEpochs, seed: TEACHER_SEED });
  trainer.optimizer.dispose();
  await teacher.save(`file://${dir}`);
  log(`teacher: saved to ${dir}`);
  return teacher;
}

/** Everything the teacher's weights depend on, as a directory name. */
function teacherKey(c: ExperimentConfig, excerpts: number): string {
  const pieces = c.piecesPerSplit ? `${c.piecesPerSplit.train}pieces` : 'allpieces';
  const seconds = c.secondsPerPiece === undefined ? 'whole' : `${c.secondsPerPiece}s`;
  return [
    pieces,
    seconds,
    `${excerpts}x${c.excerptFrames}+${c.context}frames`,
    `${c.sampleRate}Hz-${c.windowSize}-${c.hopSize}-${c.melBands}mel`,
    `${c.teacherEpochs}epochs-b${c.batchSize}-lr${c.learningRate}`,
    `seed${TEACHER_SEED}`,
  ].join('-');
}
