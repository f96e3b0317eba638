import { passOver, type Batch, type BatchSource } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * The source as the teacher sees it: each batch's `teacherInputs` (where
 * given) become its `inputs`, and the student's inputs are freed, so any
 * single-model function (`evaluateModel`) can score the teacher.
 */
export function teacherView(source: BatchSource): BatchSource {
  return async function* (pass) {
    for await (const batch of passOver(source, pass)) {
      if (batch.teacherInputs === undefined) {
        yield batch;
        continue;
      }
      tf.dispose(batch.inputs as tf.TensorContainer);
      const { teacherInputs, ...rest } = batch;
      yield { ...rest, inputs: teacherInputs } satisfies Batch;
    }
  };
}
