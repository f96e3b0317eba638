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
import { pixelModality, segmentationBatches, type SegmentationSample } from '@selective-kd/pixel';
import type * as tfl from '@tensorflow/tfjs-layers';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { drawPanels } from './draw-panels.js';
import type { ExperimentConfig } from './experiment-config.js';
import { ensureFashionMnist } from './fashion-mnist.js';
import { mosaicSplits, type MosaicCounts, type MosaicSplits } from './mosaic-splits.js';
import { buildStudent } from './models.js';
import { REGIMES, studentSplits, type PixelRegime, type StudentSplits } from './regimes.js';
import { loadTeacher, TEACHERS_DIR } from './teacher.js';

export interface PixelStudentContext extends StudentContext {
  regime: PixelRegime;
  teacher: tfl.LayersModel;
  distillers: DistillerFactory;
  /** The regime's students' mosaics (the batches above are made from them). */
  splits: StudentSplits;
}

/** Where a pool worker finds `pixelStudentContext`. */
export const PIXEL_STUDENT_CONTEXT: StudentContextModule = { module: import.meta.url, export: 'pixelStudentContext' };

/** Options of the factory beyond the protocol's: where the shipped teachers are (specs point it elsewhere). */
export interface PixelContextOptions extends StudentContextOptions {
  teachersDir?: string;
}

/**
 * What every student run of one regime shares: the regime's mosaics (the
 * same seeded draw and noise in every process), the composition root, the
 * regime's shipped teacher and its logits on the training mosaics (computed
 * once into `cacheDir`). The loss-compare student of the first seed draws
 * the regime's panels, to `outDir`/panels/<mode>/, in the process that trained it.
 */
export async function pixelStudentContext(
  config: ExperimentConfig,
  regime: string,
  paths: ExperimentPaths,
  { log, teachersDir = TEACHERS_DIR }: PixelContextOptions,
): Promise<PixelStudentContext> {
  if (!(regime in REGIMES)) throw new Error(`unknown regime '${regime}'; the pixel regimes are ${Object.keys(REGIMES).join(', ')}`);
  const spec = REGIMES[regime as PixelRegime];
  const dataDir = ensureFashionMnist(undefined, log);

  // Composition root: core's services plus the pixel modality.
  const container = createSelectiveContainer();
  container.register(MODALITY, { useValue: pixelModality() });
  const distillers = container.resolve(DistillerFactory);

  const splits = studentSplits(cleanSplits(config.mosaics, dataDir), spec);
  const { train, dev, test } = splits;
  log(`${regime}: ${train.length} labelled training mosaics, ${dev.length} dev, ${test.length} test${spec.shift ? ' (shifted camera)' : ''}`);

  const teacher = await loadTeacher(spec.teacher, teachersDir);
  const fixed = (samples: SegmentationSample[]) => segmentationBatches(samples, { batchSize: 100, shuffle: false });
  const teacherOutputs = await cacheTeacherOutputs(teacher, {
    train: fixed(train),
    test: fixed(test),
    dir: join(paths.cacheDir, 'teacher-outputs', config.mode, regime),
    log,
  });
  const panelDir = join(paths.outDir, 'panels', config.mode);
  return {
    regime: regime as PixelRegime,
    distillers,
    modality: 'pixel',
    teacher,
    buildStudent,
    train: segmentationBatches(train, { batchSize: config.batchSize }),
    dev: fixed(dev),
    test: fixed(test),
    teacherOutputs,
    splits,
    fingerprint: `${dataFingerprint([...train, ...dev, ...test].flatMap((s) => [s.image, s.labels]))}/${modelFingerprint(teacher)}`,
    afterRun: (run, student) => {
      if (run.gate !== 'loss-compare' || run.seed !== config.seeds[0]) return;
      mkdirSync(panelDir, { recursive: true });
      return drawPanels(teacher, student, test, config.panels).map((png, i) => {
        const file = join(panelDir, `${regime}-test-${i}.png`);
        writeFileSync(file, png);
        return file;
      });
    },
  };
}

/** The clean splits, made once per process however many regimes it builds. */
const made = new Map<string, MosaicSplits>();
function cleanSplits(counts: MosaicCounts, dataDir: string): MosaicSplits {
  const key = `${dataDir}:${JSON.stringify(counts)}`;
  let splits = made.get(key);
  if (!splits) made.set(key, (splits = mosaicSplits(counts, dataDir)));
  return splits;
}
