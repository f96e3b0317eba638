import { createSelectiveContainer, DistillerFactory, MODALITY, type Batch } from '@selective-kd/core';
import { testModality } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { ExperimentPaths } from './experiment-paths.js';
import type { ProtocolConfig } from './protocol-config.js';
import type { StudentContext, StudentContextModule, StudentContextOptions } from './student-context.js';

/** The specs' example: a dense layer over `[B, 5, 3]` inputs scored by the test modality. */
export interface TinyConfig extends ProtocolConfig {
  /** Rows per batch: the data the fingerprint names. */
  rows: number;
}

/** Set to a job name (`all-seed2`) in the environment a worker starts with, that worker exits with code 3 after training that job. */
export const CRASH_ENV = 'SKD_TINY_CRASH_JOB';

export const TINY_CONTEXT: StudentContextModule = { module: import.meta.url, export: 'tinyStudentContext' };

const [ITEMS, FEATURES, CLASSES] = [5, 3, 4];

function model(seed: number): tfl.LayersModel {
  return tfl.sequential({
    layers: [tfl.layers.dense({ units: CLASSES, inputShape: [ITEMS, FEATURES], kernelInitializer: tfl.initializers.glorotUniform({ seed }) })],
  });
}

export async function tinyStudentContext(config: TinyConfig, _paths: ExperimentPaths, { log }: StudentContextOptions): Promise<StudentContext> {
  const container = createSelectiveContainer();
  container.register(MODALITY, { useValue: testModality() });
  function* batches(): Generator<Batch> {
    for (let i = 0; i < 3; i++) {
      yield {
        inputs: tf.randomNormal([config.rows, ITEMS, FEATURES], 0, 1, 'float32', i + 1),
        labels: tf.randomUniform([config.rows, ITEMS], 0, CLASSES, 'int32', i + 11),
      };
    }
  }
  log(`tiny: ${config.rows} rows per batch`);
  return {
    distillers: container.resolve(DistillerFactory),
    modality: 'test-class-index',
    teacher: model(7),
    // Seeds from 1: tfjs takes a seed of 0 as "no seed".
    buildStudent: (seed) => model(seed + 1),
    train: batches,
    test: batches,
    fingerprint: `tiny-${config.rows}`,
    afterRun: (run) => {
      if (process.env[CRASH_ENV] !== `${run.gate}-seed${run.seed}`) return;
      console.error('tiny worker: out of memory, pretending');
      process.exit(3);
    },
  };
}
