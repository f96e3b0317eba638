import {
  binaryKlDivergence,
  SelectiveKdError,
  sigmoidCrossEntropy,
  type DistillationInputs,
  type ModalityPlugin,
} from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import { encode } from 'fast-png';
import { noteFrameMetrics } from './note-frame-metrics.js';
import { PIANO_KEYS } from './read-midi.js';

/** What one processing unit is: a whole frame (its keys together) or one key in one frame. */
export type AudioGranularity = 'frame' | 'frame-note';

export interface AudioModalityOptions {
  /** Default 'frame': the loss and divergence of a frame are summed over its keys. */
  granularity?: AudioGranularity;
  /** Grey values of the exported mask: teacher-better units (default 255) and the rest (default 0). */
  maskValues?: { teacherBetter: number; studentBetter: number };
  /** Height in pixels of the exported frame strip (granularity 'frame'). Default 8. */
  stripHeight?: number;
}

/**
 * Note frames as processing units, for frame-level transcription: logits
 * `[B, F, 88]`, 0/1 labels `[B, F, 88]` (key 0 = A0), optional validity
 * `[B, F]` (0 = padding frame). Per-unit loss: sigmoid binary cross-entropy;
 * per-unit divergence: binary KL at temperature τ. With granularity `frame`
 * a unit is a frame and both are summed over its 88 keys (mask `[B, F]`,
 * exported as a frame strip); with `frame-note` a unit is one key in one
 * frame (mask `[B, F, 88]`, exported as a piano roll).
 */
export function audioModality(options: AudioModalityOptions = {}): ModalityPlugin<Uint8Array> {
  const { granularity = 'frame', maskValues = { teacherBetter: 255, studentBetter: 0 }, stripHeight = 8 } = options;
  if (granularity !== 'frame' && granularity !== 'frame-note') {
    throw new SelectiveKdError('INVALID_OPTION', `granularity must be 'frame' or 'frame-note'; got '${granularity as string}'`);
  }
  for (const [name, value] of Object.entries(maskValues)) {
    if (!Number.isInteger(value) || value < 0 || value > 255) {
      throw new SelectiveKdError('INVALID_OPTION', `maskValues.${name} must be an integer grey level 0–255; got ${value}`);
    }
  }
  if (!Number.isInteger(stripHeight) || stripHeight < 1) {
    throw new SelectiveKdError('INVALID_OPTION', `stripHeight must be a whole number ≥ 1; got ${stripHeight}`);
  }
  const perNote = granularity === 'frame-note';
  const grey = (m: number) => (m > 0.5 ? maskValues.teacherBetter : maskValues.studentBetter);

  return {
    meta: { name: 'audio', version: '0.1.0' },
    unit: perNote
      ? { name: 'note frame', axes: ['frame', 'key'], target: 'multi-label' }
      : { name: 'frame', axes: ['frame'], target: 'multi-label' },
    toUnits: (inputs) =>
      tf.tidy(() => {
        checkLayout(inputs);
        const [batch, frames] = inputs.labels.shape;
        const labels = tf.cast(inputs.labels, 'float32');
        const valid = inputs.valid ? tf.cast(inputs.valid, 'float32') : tf.ones([batch, frames]);
        if (!perNote) return { student: inputs.student, teacher: inputs.teacher, labels, valid };
        // One class per unit: the key's own logit, so a unit's loss is that key's alone.
        return {
          student: tf.expandDims(inputs.student, -1),
          teacher: tf.expandDims(inputs.teacher, -1),
          labels: tf.expandDims(labels, -1),
          valid: tf.broadcastTo(tf.expandDims(valid, -1), [batch, frames, PIANO_KEYS]),
        };
      }),
    unitLoss: sigmoidCrossEntropy,
    unitDivergence: binaryKlDivergence,
    maskLayout: perNote
      ? {
          description: '88×F greyscale PNG piano roll (C8 at the top, time left to right), teacher-better notes bright',
          export: (mask, sample) => {
            const frames = (mask.shape as number[])[1];
            const values = tf.tidy(() => tf.gather(mask, sample).dataSync());
            const pixels = new Uint8Array(PIANO_KEYS * frames);
            for (let t = 0; t < frames; t++) {
              for (let k = 0; k < PIANO_KEYS; k++) pixels[(PIANO_KEYS - 1 - k) * frames + t] = grey(values[t * PIANO_KEYS + k]);
            }
            return encode({ width: frames, height: PIANO_KEYS, data: pixels, channels: 1, depth: 8 });
          },
        }
      : {
          description: `${stripHeight}×F greyscale PNG frame strip (time left to right), teacher-better frames bright`,
          export: (mask, sample) => {
            const frames = (mask.shape as number[])[1];
            const values = tf.tidy(() => tf.gather(mask, sample).dataSync());
            const pixels = new Uint8Array(stripHeight * frames);
            for (let y = 0; y < stripHeight; y++) for (let t = 0; t < frames; t++) pixels[y * frames + t] = grey(values[t]);
            return encode({ width: frames, height: stripHeight, data: pixels, channels: 1, depth: 8 });
          },
        },
    createMetrics: noteFrameMetrics,
  };
}

function checkLayout({ student, teacher, labels, valid }: DistillationInputs): void {
  const given = `(student [${student.shape}], teacher [${teacher.shape}], labels [${labels.shape}]${valid ? `, valid [${valid.shape}]` : ''})`;
  for (const [name, t] of [['student logits', student], ['teacher logits', teacher], ['labels', labels]] as const) {
    if (t.rank !== 3 || t.shape[2] !== PIANO_KEYS) {
      throw new SelectiveKdError('SHAPE_MISMATCH', `audio ${name} must be [batch, frames, ${PIANO_KEYS}] ${given}`);
    }
  }
  if (!tf.util.arraysEqual(student.shape, labels.shape) || !tf.util.arraysEqual(teacher.shape, labels.shape)) {
    throw new SelectiveKdError('SHAPE_MISMATCH', `audio logits and labels must cover the same frames ${given}`);
  }
  if (valid && !tf.util.arraysEqual(valid.shape, labels.shape.slice(0, 2))) {
    throw new SelectiveKdError('SHAPE_MISMATCH', `valid must be [batch, frames] = [${labels.shape.slice(0, 2)}] ${given}`);
  }
}
