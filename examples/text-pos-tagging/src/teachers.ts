import { fileSystem, SelectiveKdError } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { float16Artifacts } from './float16-weights.js';
import type { Regime } from './regimes.js';
import type { TokenFeatures, FeatureStamp } from './token-features.js';

/** How a regime's teacher was trained (all on the ground truth, Adam, batch `TEACHER_TRAINING.batchSize`). */
export interface TeacherRecipe {
  /** Passes over the teacher's training documents. */
  epochs: number;
  /** Stop after this many batches of the first pass instead (a briefly trained teacher). */
  steps?: number;
}

export const TEACHER_TRAINING = { seed: 1, batchSize: 32, learningRate: 5e-3 } as const;

/**
 * `weak` is the strong teacher's own run stopped after 40 of its 1,009
 * first-epoch batches (same seed, data and order): 4% of one epoch.
 */
export const TEACHERS: Record<Regime, TeacherRecipe> = {
  strong: { epochs: 2 },
  shifted: { epochs: 2 },
  weak: { epochs: 1, steps: 40 },
};

/** examples/text-pos-tagging/teachers, where the shipped teachers live. */
export function teachersDir(): string {
  return fileURLToPath(new URL('../teachers', import.meta.url));
}

/** Saves a teacher in tfjs format with float16 weights, its features' stamp in its metadata. */
export async function saveTeacher(model: tfl.LayersModel, features: TokenFeatures, dir: string): Promise<void> {
  model.setUserDefinedMetadata({ ...features.stamp });
  await model.save(tf.io.withSaveHandler((artifacts) => fileSystem(dir).save(float16Artifacts(artifacts))));
}

/**
 * The regime's shipped teacher, refused unless it was trained with these
 * features (the same corpus, split and vocabulary rule).
 */
export async function loadTeacher(regime: Regime, features: TokenFeatures, dir = join(teachersDir(), regime)): Promise<tfl.LayersModel> {
  if (!existsSync(join(dir, 'model.json'))) {
    throw new SelectiveKdError(
      'INVALID_MODEL',
      `no ${regime} teacher in ${dir}; train the teachers with \`npm run teachers -w examples/text-pos-tagging\``,
    );
  }
  const teacher = await tfl.loadLayersModel(fileSystem(dir));
  features.assertMatches(teacher.getUserDefinedMetadata() as FeatureStamp | undefined, inputDimOf(teacher), join(dir, 'model.json'));
  return teacher;
}

function inputDimOf(model: tfl.LayersModel): number {
  return (model.layers.find((l) => l.getClassName() === 'Embedding')?.getConfig().inputDim as number | undefined) ?? -1;
}
