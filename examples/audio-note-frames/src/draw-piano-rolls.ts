import { audioModality, noteFrameBatches, pianoRollSvg, type AudioGranularity, type NoteFrameExcerpt } from '@selective-kd/audio';
import { selectiveDistillationLoss, type Batch, type ModelInputs } from '@selective-kd/core';
import { svgToPng } from '@selective-kd/plots';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { FEATURES } from './experiment-config.js';

/** Note frames per second: every model of the example reads features at this hop. */
const FRAME_RATE = FEATURES.sampleRate / FEATURES.hopSize;

/**
 * Labelled piano rolls (PNG) of the given test excerpts, stacked on one time
 * axis in seconds: truth | teacher | student | contrast mask, with note names
 * at every C and a colour legend; the mask as the loss-compare gate sees it at
 * the experiment's granularity (a strip for frames, a roll for note frames).
 * 8 px per frame puts a 64-frame excerpt (2 s) on 512 px, wide enough to see
 * each note's onset and length.
 */
export function drawPianoRolls(
  teacher: tfl.LayersModel,
  student: tfl.LayersModel,
  excerpts: readonly NoteFrameExcerpt[],
  granularity: AudioGranularity,
): Uint8Array[] {
  const [batch] = noteFrameBatches(excerpts, { batchSize: excerpts.length, shuffle: false })();
  try {
    const svgs = tf.tidy(() => {
      const inputs = batch.inputs as ModelInputs;
      const teacherLogits = teacher.predict(inputs) as tf.Tensor;
      const studentLogits = student.predict(inputs) as tf.Tensor;
      const { mask } = selectiveDistillationLoss(
        { student: studentLogits, teacher: teacherLogits, labels: batch.labels, valid: batch.valid },
        audioModality({ granularity }),
      );
      const rollInputs = { labels: batch.labels, teacher: teacherLogits, student: studentLogits, mask, valid: batch.valid };
      return excerpts.map((excerpt, i) =>
        pianoRollSvg(rollInputs, i, {
          frameRate: FRAME_RATE,
          startSeconds: firstFrame(excerpt) / FRAME_RATE,
          frameWidth: 8,
          keyHeight: 3,
          title: `Test excerpt ${excerpt.name}`,
        }),
      ) as never as string[];
    });
    return svgs.map((svg) => svgToPng(svg));
  } finally {
    disposeBatch(batch);
  }
}

/** The excerpt's first frame in its clip, from its name `<clip name>@<first frame>`. */
function firstFrame(excerpt: NoteFrameExcerpt): number {
  return Number(excerpt.name.slice(excerpt.name.lastIndexOf('@') + 1)) || 0;
}

function disposeBatch(batch: Batch): void {
  tf.dispose([batch.inputs as tf.Tensor, batch.labels, ...(batch.valid ? [batch.valid] : [])]);
}
