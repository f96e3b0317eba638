import * as tf from '@tensorflow/tfjs-core';
import { contrastMask } from './contrast-mask.js';
import type { ProcessingUnit } from './processing-unit.js';
import type { Gate } from './selective-options.js';
import { teacherCorrect } from './teacher-correct.js';

// Keeps the soft gate finite where the teacher's loss is exactly zero.
const SOFT_GATE_EPSILON = 1e-12;

export interface GateInputs {
  /** Teacher's per-unit loss `dT`, `U`. */
  teacherLoss: tf.Tensor;
  /** Student's per-unit loss `dS`, `U`. */
  studentLoss: tf.Tensor;
  /** Teacher logits `[...U, C]` and labels, for the `teacher-correct` gate. */
  teacherLogits: tf.Tensor;
  labels: tf.Tensor;
  /** float32 0/1 validity `U`. */
  valid: tf.Tensor;
  margin: number;
  target: ProcessingUnit['target'];
}

/** Per-unit distillation weight `m_i` of each gate, always multiplied by validity. */
export function gateWeights(gate: Gate, inputs: GateInputs): tf.Tensor {
  return tf.tidy(() => {
    const { teacherLoss, studentLoss, valid } = inputs;
    switch (gate) {
      case 'loss-compare':
        return contrastMask(teacherLoss, studentLoss, { margin: inputs.margin, valid });
      case 'teacher-correct':
        return tf.mul(teacherCorrect(inputs.teacherLogits, inputs.labels, inputs.target), valid);
      case 'soft': {
        // Zhou et al. 2021: the further the student is behind, the more it follows.
        const ratio = tf.div(studentLoss, tf.maximum(teacherLoss, SOFT_GATE_EPSILON));
        return tf.mul(tf.sub(1, tf.exp(tf.neg(ratio))), valid);
      }
      case 'all':
      case 'rectified':
        // `rectified` distils everywhere like `all`; what changes is the target (rectified-teacher-logits.ts).
        return tf.clone(valid);
      case 'none':
        return tf.zerosLike(valid);
    }
  });
}
