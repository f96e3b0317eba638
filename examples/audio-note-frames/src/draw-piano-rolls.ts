import { audioModality, noteFrameBatches, pianoRoll, type AudioGranularity, type NoteFrameExcerpt } from '@selective-kd/audio';
import { selectiveDistillationLoss, type Batch, type ModelInputs } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * Piano rolls of the given test excerpts, stacked on one time axis: truth |
 * teacher | student | contrast mask, the mask as the loss-compare gate sees it
 * at the experiment's granularity (a strip for frames, a roll for note frames).
 */
export function drawPianoRolls(
  teacher: tfl.LayersModel,
  student: tfl.LayersModel,
  excerpts: readonly NoteFrameExcerpt[],
  granularity: AudioGranularity,
): Uint8Array[] {
  const [batch] = noteFrameBatches(excerpts, { batchSize: excerpts.length, shuffle: false })();
  try {
    return tf.tidy(() => {
      const inputs = batch.inputs as ModelInputs;
      const teacherLogits = teacher.predict(inputs) as tf.Tensor;
      const studentLogits = student.predict(inputs) as tf.Tensor;
      const { mask } = selectiveDistillationLoss(
        { student: studentLogits, teacher: teacherLogits, labels: batch.labels, valid: batch.valid },
        audioModality({ granularity }),
      );
      const rollInputs = { labels: batch.labels, teacher: teacherLogits, student: studentLogits, mask, valid: batch.valid };
      return excerpts.map((_, i) => pianoRoll(rollInputs, i, { frameWidth: 4, keyHeight: 3 })) as never;
    });
  } finally {
    disposeBatch(batch);
  }
}

function disposeBatch(batch: Batch): void {
  tf.dispose([batch.inputs as tf.Tensor, batch.labels, ...(batch.valid ? [batch.valid] : [])]);
}
