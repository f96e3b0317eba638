import { TeacherOutputCache, type BatchSource, type Teacher } from '@selective-kd/core';
import { join } from 'node:path';
import type { StudentTeacherOutputs } from './student-context.js';

export interface CacheTeacherOutputsOptions {
  /** The example's training and test batches in a fixed order (they must carry `Batch.indices`). */
  train: BatchSource;
  test: BatchSource;
  /** A folder per configuration mode, e.g. `<cacheDir>/teacher-outputs/<mode>`; `train/` and `test/` go in it. */
  dir: string;
  log: (line: string) => void;
}

/**
 * The teacher's logits on the training and test examples, computed once and
 * kept on disk, so that no student run repeats the teacher's forward pass:
 * the command's process computes them (or finds them, if the teacher and the
 * data are unchanged) and every pool worker reads them back.
 */
export async function cacheTeacherOutputs(teacher: Teacher, { train, test, dir, log }: CacheTeacherOutputsOptions): Promise<StudentTeacherOutputs> {
  const start = performance.now();
  const [trainOutputs, testOutputs] = [
    await TeacherOutputCache.compute(teacher, train, { dir: join(dir, 'train') }),
    await TeacherOutputCache.compute(teacher, test, { dir: join(dir, 'test') }),
  ];
  const mib = (trainOutputs.byteLength + testOutputs.byteLength) / 2 ** 20;
  const origin = trainOutputs.origin === 'disk' && testOutputs.origin === 'disk' ? 'read from' : 'computed into';
  log(
    `teacher outputs: ${trainOutputs.rows} training and ${testOutputs.rows} test rows ${origin} ${dir} ` +
      `(${mib.toFixed(0)} MiB, ${((performance.now() - start) / 1000).toFixed(1)} s)`,
  );
  return { train: trainOutputs, test: testOutputs };
}
