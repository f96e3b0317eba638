import { TeacherOutputCache, type BatchSource, type Teacher } from '@selective-kd/core';
import { join } from 'node:path';
import type { StudentTeacherOutputs } from './student-context.js';

export interface CacheTeacherOutputsOptions {
  /** The regime's training, dev (optional) and test batches in a fixed order (they must carry `Batch.indices`). */
  train: BatchSource;
  dev?: BatchSource;
  test: BatchSource;
  /** A folder per configuration mode and regime, e.g. `<cacheDir>/teacher-outputs/<mode>/<regime>`; `train/`, `dev/` and `test/` go in it. */
  dir: string;
  log: (line: string) => void;
}

/**
 * The teacher's logits on the training (and dev and test) examples, computed
 * once and kept on disk, so that no student run repeats the teacher's forward
 * pass: the command's process computes them (or finds them, if the teacher
 * and the data are unchanged) and every pool worker reads them back.
 */
export async function cacheTeacherOutputs(teacher: Teacher, { train, dev, test, dir, log }: CacheTeacherOutputsOptions): Promise<StudentTeacherOutputs> {
  const start = performance.now();
  const trainOutputs = await TeacherOutputCache.compute(teacher, train, { dir: join(dir, 'train') });
  const devOutputs = dev ? await TeacherOutputCache.compute(teacher, dev, { dir: join(dir, 'dev') }) : undefined;
  const testOutputs = await TeacherOutputCache.compute(teacher, test, { dir: join(dir, 'test') });
  const all = [trainOutputs, ...(devOutputs ? [devOutputs] : []), testOutputs];
  const mib = all.reduce((sum, o) => sum + o.byteLength, 0) / 2 ** 20;
  const origin = all.every((o) => o.origin === 'disk') ? 'read from' : 'computed into';
  log(
    `teacher outputs: ${trainOutputs.rows} training, ${devOutputs ? `${devOutputs.rows} dev and ` : ''}${testOutputs.rows} test rows ${origin} ${dir} ` +
      `(${mib.toFixed(0)} MiB, ${((performance.now() - start) / 1000).toFixed(1)} s)`,
  );
  return { train: trainOutputs, ...(devOutputs ? { dev: devOutputs } : {}), test: testOutputs };
}
