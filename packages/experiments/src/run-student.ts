import { evaluateModel } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ProtocolConfig } from './protocol-config.js';
import type { StudentContext } from './student-context.js';
import type { StudentJob } from './student-job.js';
import type { StudentRun } from './student-run.js';

/** A finished run and the files its context's `afterRun` wrote. */
export interface StudentResult {
  run: StudentRun;
  files: string[];
}

/**
 * One student: built from its seed, fitted with the job's gate and settings
 * until the dev `monitor` stops improving (the best dev epoch's weights put
 * back), scored on the test split on its own, handed to `afterRun`, then
 * disposed. Depends on nothing but the context, the job and the
 * configuration, so any process and any order gives the same numbers.
 */
export async function runStudent<Student extends LayersModel>(
  context: StudentContext<Student>,
  { regime, gate, seed, settings }: StudentJob,
  config: Pick<ProtocolConfig, 'learningRate' | 'maxEpochs' | 'patience' | 'monitor'>,
): Promise<StudentResult> {
  const start = performance.now();
  const student = context.buildStudent(seed);
  const distiller = context.distillers.create({
    teacher: context.teacher,
    student,
    modality: context.modality,
    optimizer: tf.train.adam(config.learningRate),
    options: { gate, ...settings },
  });
  try {
    const { history, bestEpoch } = await distiller.fit(context.train, {
      epochs: config.maxEpochs,
      seed,
      teacherOutputs: context.teacherOutputs?.train,
      validationData: context.dev,
      earlyStopping: { monitor: config.monitor, mode: 'max', patience: config.patience, restoreBestWeights: true },
      progress: false,
    });
    const best = bestEpoch ?? history.length - 1;
    // The best epoch's dev scores were taken with the weights now restored: no second dev pass.
    const dev = history[best]?.validation?.metrics ?? {};
    const test = await evaluateModel(student, context.test, distiller.modality);
    const teacherBetterFraction = history.reduce((sum, epoch) => sum + epoch.teacherBetterFraction, 0) / Math.max(history.length, 1);
    const run: StudentRun = {
      regime,
      gate,
      seed,
      settings,
      dev,
      test: test.metrics,
      epochs: history.length,
      bestEpoch: best,
      teacherBetterFraction,
      seconds: (performance.now() - start) / 1000,
      history: history.map((e) => ({
        epoch: e.epoch,
        loss: e.loss,
        groundTruthLoss: e.groundTruthLoss,
        distillLoss: e.distillLoss,
        teacherBetterFraction: e.teacherBetterFraction,
        dev: e.validation?.metrics[config.monitor],
      })),
    };
    const files = (await context.afterRun?.(run, student)) ?? [];
    return { run, files };
  } finally {
    student.dispose();
    distiller.optimizer.dispose();
  }
}
