import { audioModality, noteFrameBatches, pianoRollSvg, type AudioGranularity, type NoteFrameExcerpt } from '@selective-kd/audio';
import { selectiveDistillationLoss, type Batch, type ModelInputs } from '@selective-kd/core';
import { svgToPng } from '@selective-kd/plots';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { FEATURES } from './experiment-config.js';

/** Note frames per second: every model of the example reads features at this hop. */
const FRAME_RATE = FEATURES.sampleRate / FEATURES.hopSize;

/**
 * Labelled piano rolls (PNG), one per passage: the passage's consecutive test
 * excerpts joined on one time axis in seconds, truth | teacher | student |
 * contrast mask, with note names at every C and a colour legend; the mask as
 * the loss-compare gate sees it at the experiment's granularity (a strip for
 * frames, a roll for note frames). 4 px per frame puts three 64-frame excerpts
 * (6.1 s) on 768 px, wide enough to see each note's onset and length.
 */
export function drawPianoRolls(
  teacher: tfl.LayersModel,
  student: tfl.LayersModel,
  passages: readonly (readonly NoteFrameExcerpt[])[],
  granularity: AudioGranularity,
): Uint8Array[] {
  return passages.map((passage) => svgToPng(passageSvg(teacher, student, passage, granularity)));
}

function passageSvg(
  teacher: tfl.LayersModel,
  student: tfl.LayersModel,
  passage: readonly NoteFrameExcerpt[],
  granularity: AudioGranularity,
): string {
  const [batch] = noteFrameBatches(passage, { batchSize: passage.length, shuffle: false })();
  try {
    return tf.tidy(() => {
      const inputs = batch.inputs as ModelInputs;
      const teacherLogits = teacher.predict(inputs) as tf.Tensor;
      const studentLogits = student.predict(inputs) as tf.Tensor;
      const { mask } = selectiveDistillationLoss(
        { student: studentLogits, teacher: teacherLogits, labels: batch.labels, valid: batch.valid! },
        audioModality({ granularity }),
      );
      // The passage's excerpts are consecutive rows: [n, frames, …] read row-major is one [1, n·frames, …] stretch.
      const joined = (t: tf.Tensor) => tf.reshape(t, [1, t.shape[0] * t.shape[1]!, ...t.shape.slice(2)]);
      const rollInputs = {
        labels: joined(batch.labels),
        teacher: joined(teacherLogits),
        student: joined(studentLogits),
        mask: joined(mask),
        valid: joined(batch.valid!),
      };
      const first = passage[0];
      return pianoRollSvg(rollInputs, 0, {
        frameRate: FRAME_RATE,
        startSeconds: firstFrame(first) / FRAME_RATE,
        frameWidth: 4,
        keyHeight: 3,
        title: `Test passage ${first.name.slice(0, first.name.lastIndexOf('@'))} from ${(firstFrame(first) / FRAME_RATE).toFixed(1)} s`,
      }) as never as string;
    });
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
