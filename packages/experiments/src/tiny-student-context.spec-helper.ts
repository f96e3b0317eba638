import { createSelectiveContainer, DistillerFactory, MODALITY, type Batch } from '@selective-kd/core';
import { testModality } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { ExperimentPaths } from './experiment-paths.js';
import type { ProtocolConfig } from './protocol-config.js';
import type { StudentContext, StudentContextModule, StudentContextOptions } from './student-context.js';
import { jobName } from './student-job.js';

/** The specs' example: a dense layer over `[B, 5, 3]` inputs scored by the test modality, in two regimes with different teachers. */
export interface TinyConfig extends ProtocolConfig<'easy' | 'hard'> {
  /** Rows per batch: the data the fingerprint names. */
  rows: number;
}

/** Set to a job name (`easy_all_seed1`) in the environment a worker starts with, that worker exits with code 3 after training that job. */
export const CRASH_ENV = 'SKD_TINY_CRASH_JOB';

export const TINY_CONTEXT: StudentContextModule = { module: import.meta.url, export: 'tinyStudentContext' };

const [ITEMS, FEATURES, CLASSES] = [5, 3, 4];

function model(seed: number): tfl.LayersModel {
  return tfl.sequential({
    layers: [tfl.layers.dense({ units: CLASSES, inputShape: [ITEMS, FEATURES], kernelInitializer: tfl.initializers.glorotUniform({ seed }) })],
  });
}

/** `count` batches of `rows` rows from data seed `from` on; the pass's seed reorders the batches, as a shuffling source does. */
function split(rows: number, count: number, from: number, shuffled: boolean) {
  return function* ({ seed, epoch }: { seed: number; epoch: number } = { seed: 0, epoch: 0 }): Generator<Batch> {
    const order = Array.from({ length: count }, (_, i) => i);
    if (shuffled && (seed + epoch) % 2 === 1) order.reverse();
    for (const i of order) {
      yield {
        inputs: tf.randomNormal([rows, ITEMS, FEATURES], 0, 1, 'float32', from + i),
        labels: tf.randomUniform([rows, ITEMS], 0, CLASSES, 'int32', from + i + 100),
      };
    }
  };
}

export async function tinyStudentContext(config: TinyConfig, regime: string, _paths: ExperimentPaths, { log }: StudentContextOptions): Promise<StudentContext> {
  const container = createSelectiveContainer();
  container.register(MODALITY, { useValue: testModality() });
  log(`tiny ${regime}: ${config.rows} rows per batch`);
  return {
    regime,
    distillers: container.resolve(DistillerFactory),
    modality: 'test-class-index',
    teacher: model(regime === 'easy' ? 7 : 8),
    // Seeds from 1: tfjs takes a seed of 0 as "no seed".
    buildStudent: (seed) => model(seed + 1),
    train: split(config.rows, 3, 1, true),
    dev: split(config.rows, 2, 11, false),
    test: split(config.rows, 2, 21, false),
    fingerprint: `tiny-${regime}-${config.rows}`,
    afterRun: (run) => {
      if (process.env[CRASH_ENV] !== jobName(run)) return;
      console.error('tiny worker: out of memory, pretending');
      process.exit(3);
    },
  };
}
