import { createSelectiveContainer, DistillerFactory, evaluateModel, MODALITY } from '@selective-kd/core';
import { modelFingerprint, startBackend } from '@selective-kd/experiments';
import { pixelModality, segmentationBatches, type SegmentationSample } from '@selective-kd/pixel';
import type * as tfl from '@tensorflow/tfjs-layers';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureFashionMnist } from './fashion-mnist.js';
import { MOSAIC_COUNTS, mosaicSplits } from './mosaic-splits.js';
import { TEACHERS_DIR, trainTeacher, type TeacherName, type TeacherTraining } from './teacher.js';

/**
 * The shipped teachers: `strong` trained to convergence (early stopping on
 * the clean dev mosaics), `weak` the same network trained for one pass.
 */
export const TEACHER_TRAINING: Record<TeacherName, TeacherTraining> = {
  strong: { epochs: 40, patience: 4, batchSize: 16, learningRate: 3e-3, seed: 1 },
  weak: { epochs: 1, batchSize: 16, learningRate: 3e-3, seed: 1 },
};

/** What teachers/teachers.json records per teacher. */
export interface TeacherRecord {
  name: TeacherName;
  training: TeacherTraining;
  trainingMosaics: number;
  epochs: number;
  bestEpoch: number;
  weights: number;
  bytes: number;
  fingerprint: string;
  seconds: number;
  /** mIoU (0–1) on the clean dev mosaics; each regime's scores on its students' splits are in the results. */
  devMeanIoU: number;
}

/**
 * `npm run teachers`: trains the teachers named on the command line (default
 * both) into teachers/<name>/ and records how in teachers/teachers.json.
 */
export async function trainTeachers(names: readonly TeacherName[], log: (line: string) => void = console.log): Promise<TeacherRecord[]> {
  await startBackend('wasm', log);
  const dataDir = ensureFashionMnist(undefined, log);
  const container = createSelectiveContainer();
  container.register(MODALITY, { useValue: pixelModality() });
  const distillers = container.resolve(DistillerFactory);
  const splits = mosaicSplits(MOSAIC_COUNTS, dataDir);
  const records: TeacherRecord[] = [];
  for (const name of names) {
    const training = TEACHER_TRAINING[name];
    const start = performance.now();
    log(`teacher ${name}: training on ${splits.teacherTrain.length} mosaics (${JSON.stringify(training)})`);
    const { model, epochs, bestEpoch } = await trainTeacher(distillers, splits.teacherTrain, splits.dev, training, log);
    const seconds = (performance.now() - start) / 1000;
    const dir = join(TEACHERS_DIR, name);
    await model.save(`file://${dir}`);
    const record: TeacherRecord = {
      name,
      training,
      trainingMosaics: splits.teacherTrain.length,
      epochs,
      bestEpoch,
      weights: model.countParams(),
      bytes: readdirSync(dir).reduce((sum, file) => sum + statSync(join(dir, file)).size, 0),
      fingerprint: modelFingerprint(model),
      seconds,
      devMeanIoU: await meanIoU(model, splits.dev),
    };
    log(`teacher ${name}: ${JSON.stringify(record)}`);
    writeFileSync(join(dir, 'teacher.json'), `${JSON.stringify(record, null, 2)}\n`);
    model.dispose();
    records.push(record);
  }
  return records;
}

async function meanIoU(model: tfl.LayersModel, samples: readonly SegmentationSample[]): Promise<number> {
  const evaluation = await evaluateModel(model, segmentationBatches(samples, { batchSize: 100, shuffle: false }), pixelModality());
  return evaluation.metrics.meanIoU;
}
