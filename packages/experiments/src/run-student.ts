import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ProtocolConfig } from './protocol-config.js';
import type { StudentContext } from './student-context.js';
import type { StudentJob } from './student-job.js';
import type { StudentRun } from './train-students.js';

/** A finished run and the files its context's `afterRun` wrote. */
export interface StudentResult {
  run: StudentRun;
  files: string[];
}

/**
 * One student: built from its seed, fitted with the job's gate, scored on the
 * test batches, handed to `afterRun`, then disposed. Depends on nothing but the
 * context, the job and the configuration, so any process and any order gives
 * the same numbers.
 */
export async function runStudent<Student extends LayersModel>(
  context: StudentContext<Student>,
  { gate, seed }: StudentJob,
  config: Pick<ProtocolConfig, 'studentEpochs' | 'learningRate' | 'temperature'>,
): Promise<StudentResult> {
  const start = performance.now();
  const student = context.buildStudent(seed);
  const distiller = context.distillers.create({
    teacher: context.teacher,
    student,
    modality: context.modality,
    optimizer: tf.train.adam(config.learningRate),
    options: { gate, temperature: config.temperature },
  });
  try {
    const { train, test } = context.teacherOutputs ?? {};
    const { history } = await distiller.fit(context.train, { epochs: config.studentEpochs, seed, teacherOutputs: train });
    const evaluation = await distiller.evaluate(context.test, { teacherOutputs: test });
    const teacherBetterFraction = history.reduce((sum, epoch) => sum + epoch.teacherBetterFraction, 0) / history.length;
    const run = { gate, seed, test: evaluation.student, teacherBetterFraction, seconds: (performance.now() - start) / 1000 };
    const files = (await context.afterRun?.(run, student)) ?? [];
    return { run, files };
  } finally {
    student.dispose();
    distiller.optimizer.dispose();
  }
}
