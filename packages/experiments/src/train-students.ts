import type { Gate } from '@selective-kd/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ProtocolConfig } from './protocol-config.js';
import { runStudent } from './run-student.js';
import type { StudentContext } from './student-context.js';
import { studentJobs } from './student-job.js';

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

export interface TrainStudentsOptions<Student extends LayersModel> extends Omit<StudentContext<Student>, 'fingerprint' | 'afterRun'> {
  config: Pick<ProtocolConfig, 'seeds' | 'gates' | 'studentEpochs' | 'learningRate' | 'temperature'>;
  /** Called with each finished run and its student (disposed afterwards), for progress and pictures. */
  onRun?: (run: StudentRun, student: Student) => void | Promise<void>;
}

/**
 * Trains one student per gate and seed in this process, seeds outermost, each
 * gate from the same initial weights per seed, and scores it on the test
 * batches. `runStudentJobs` is the same with a worker pool and stored results.
 */
export async function trainStudents<Student extends LayersModel>({ config, onRun, ...context }: TrainStudentsOptions<Student>): Promise<StudentRun[]> {
  const runs: StudentRun[] = [];
  for (const job of studentJobs(config)) {
    const { run } = await runStudent({ ...context, fingerprint: '', afterRun: async (r, student) => void (await onRun?.(r, student)) }, job, config);
    runs.push(run);
  }
  return runs;
}
