import type { BatchSource, DistillerFactory, Gate, Teacher } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ProtocolConfig } from './protocol-config.js';

/** One student's outcome, as results-<mode>.json records it. */
export interface StudentRun {
  gate: Gate;
  seed: number;
  /** The student's test metrics, as the modality's metric accumulator names them. */
  test: Record<string, number>;
  /** Mean over training epochs of Σm / Σv: how often the gate followed the teacher. */
  teacherBetterFraction: number;
  seconds: number;
}

export interface TrainStudentsOptions<Student extends LayersModel> {
  /** Builds distillers with the modality registered at the example's composition root. */
  distillers: DistillerFactory;
  /** The registered modality's name ('pixel', 'text', 'audio'). */
  modality: string;
  teacher: Teacher;
  /** A fresh student whose initial weights depend only on `seed`, so every gate of a seed starts from the same weights. */
  buildStudent: (seed: number) => Student;
  /** Training batches; shuffled per pass from the pass's seed, so one source serves every student. */
  train: BatchSource;
  /** Test batches in a fixed order. */
  test: BatchSource;
  config: Pick<ProtocolConfig, 'seeds' | 'gates' | 'studentEpochs' | 'learningRate' | 'temperature'>;
  /** Called with each finished run and its student (disposed afterwards), for progress and pictures. */
  onRun?: (run: StudentRun, student: Student) => void | Promise<void>;
}

/**
 * Trains one student per gate and seed, seeds outermost, each gate from the
 * same initial weights per seed, and scores it on the test batches.
 */
export async function trainStudents<Student extends LayersModel>({
  distillers,
  modality,
  teacher,
  buildStudent,
  train,
  test,
  config,
  onRun,
}: TrainStudentsOptions<Student>): Promise<StudentRun[]> {
  const runs: StudentRun[] = [];
  for (const seed of config.seeds) {
    for (const gate of config.gates) {
      const start = performance.now();
      const student = buildStudent(seed);
      const distiller = distillers.create({
        teacher,
        student,
        modality,
        optimizer: tf.train.adam(config.learningRate),
        options: { gate, temperature: config.temperature },
      });
      const { history } = await distiller.fit(train, { epochs: config.studentEpochs, seed });
      const evaluation = await distiller.evaluate(test);
      const teacherBetterFraction = history.reduce((sum, epoch) => sum + epoch.teacherBetterFraction, 0) / history.length;
      const run = { gate, seed, test: evaluation.student, teacherBetterFraction, seconds: (performance.now() - start) / 1000 };
      runs.push(run);
      await onRun?.(run, student);
      student.dispose();
      distiller.optimizer.dispose();
    }
  }
  return runs;
}
