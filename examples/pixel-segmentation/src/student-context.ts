import { createSelectiveContainer, DistillerFactory, MODALITY } from '@selective-kd/core';
import {
  cacheTeacherOutputs,
  dataFingerprint,
  modelFingerprint,
  type ExperimentPaths,
  type StudentContext,
  type StudentContextModule,
  type StudentContextOptions,
} from '@selective-kd/experiments';
import { pixelModality, segmentationBatches } from '@selective-kd/pixel';
import type * as tfl from '@tensorflow/tfjs-layers';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { drawPanels } from './draw-panels.js';
import type { ExperimentConfig } from './experiment-config.js';
import { ensureFashionMnist, loadFashionMnist } from './fashion-mnist.js';
import { buildStudent } from './models.js';
import { makeMosaics } from './mosaics.js';
import { loadOrTrainTeacher } from './teacher.js';

export interface PixelStudentContext extends StudentContext {
  teacher: tfl.LayersModel;
  distillers: DistillerFactory;
}

/** Where a pool worker finds `pixelStudentContext`. */
export const PIXEL_STUDENT_CONTEXT: StudentContextModule = { module: import.meta.url, export: 'pixelStudentContext' };

/**
 * What every student run of the pixel example shares: the mosaics (the same
 * seeded draw in every process), the composition root, and the teacher
 * (trained once, then loaded from `cacheDir`). The loss-compare student of the
 * first seed draws the panels, to `outDir`/panels/<mode>/, in the process that
 * trained it.
 */
export async function pixelStudentContext(
  config: ExperimentConfig,
  paths: ExperimentPaths,
  { log }: StudentContextOptions,
): Promise<PixelStudentContext> {
  const dataDir = ensureFashionMnist(undefined, log);

  // Composition root: core's services plus the pixel modality.
  const container = createSelectiveContainer();
  container.register(MODALITY, { useValue: pixelModality() });
  const distillers = container.resolve(DistillerFactory);

  const train = makeMosaics(loadFashionMnist('train', dataDir), config.trainMosaics, 1234, 'train');
  const test = makeMosaics(loadFashionMnist('test', dataDir), config.testMosaics, 5678, 'test');
  log(`data: ${train.length} training mosaics from Fashion-MNIST train, ${test.length} test mosaics from its test split`);

  const teacher = await loadOrTrainTeacher(distillers, config, train, paths.cacheDir, log);
  const testBatches = segmentationBatches(test, { batchSize: 64, shuffle: false });
  const teacherOutputs = await cacheTeacherOutputs(teacher, {
    train: segmentationBatches(train, { batchSize: 64, shuffle: false }),
    test: testBatches,
    dir: join(paths.cacheDir, 'teacher-outputs', config.mode),
    log,
  });
  const panelDir = join(paths.outDir, 'panels', config.mode);
  return {
    distillers,
    modality: 'pixel',
    teacher,
    buildStudent,
    train: segmentationBatches(train, { batchSize: config.batchSize }),
    test: testBatches,
    teacherOutputs,
    fingerprint: `${dataFingerprint([...train, ...test].flatMap((s) => [s.image, s.labels]))}/${modelFingerprint(teacher)}`,
    afterRun: (run, student) => {
      if (run.gate !== 'loss-compare' || run.seed !== config.seeds[0]) return;
      mkdirSync(panelDir, { recursive: true });
      return drawPanels(teacher, student, test, config.panels).map((png, i) => {
        const file = join(panelDir, `test-${i}.png`);
        writeFileSync(file, png);
        return file;
      });
    },
  };
}
