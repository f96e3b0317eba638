import { expectNoTensorLeak, expectTensorClose } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateWeights, type GateInputs } from './gate-weights.js';
import { initBackend } from './runtime/init-backend.js';
import { GATES } from './selective-options.js';

/*
 * Five units on a [1, 5] grid, 3 classes. The last unit is invalid, and each
 * gate on its own would give it a non-zero weight, so every result shows the
 * validity multiplication.
 *
 *   unit          0     1     2     3     4 (invalid)
 *   dT          0.5     1     2     0     0.25
 *   dS            1     1     1     1     2
 *   teacher   [2,0,0] [0,2,0] [0,0,2] [1,0,0] [0,2,0]   argmax 0 1 2 0 1
 *   label         0     0     2     1     1
 */
let inputs: GateInputs;

beforeAll(async () => {
  await initBackend('cpu');
  inputs = {
    teacherLoss: tf.tensor2d([[0.5, 1, 2, 0, 0.25]]),
    studentLoss: tf.tensor2d([[1, 1, 1, 1, 2]]),
    teacherLogits: tf.tensor3d([[[2, 0, 0], [0, 2, 0], [0, 0, 2], [1, 0, 0], [0, 2, 0]]]),
    labels: tf.tensor2d([[0, 0, 2, 1, 1]], [1, 5], 'int32'),
    valid: tf.tensor2d([[1, 1, 1, 1, 0]]),
    margin: 0,
    target: 'class-index',
  };
});

afterAll(() => {
  tf.dispose([inputs.teacherLoss, inputs.studentLoss, inputs.teacherLogits, inputs.labels, inputs.valid]);
});

describe('gateWeights', () => {
  it('loss-compare: [dT + margin < dS] · v', () => {
    tf.tidy(() => {
      // margin 0: 0.5<1 → 1, 1<1 → 0 (tie), 2<1 → 0, 0<1 → 1, 0.25<2 → 1 but invalid → 0
      expectTensorClose(gateWeights('loss-compare', inputs), [[1, 0, 0, 1, 0]]);
      // margin 0.5: 1<1 → 0 (tie), 1.5<1 → 0, 2.5<1 → 0, 0.5<1 → 1, 0.75<2 → 1 × 0 → 0
      expectTensorClose(gateWeights('loss-compare', { ...inputs, margin: 0.5 }), [[0, 0, 0, 1, 0]]);
      // margin −0.5 widens: 0<1 → 1, 0.5<1 → 1, 1.5<1 → 0, −0.5<1 → 1, −0.25<2 → 1 × 0 → 0
      expectTensorClose(gateWeights('loss-compare', { ...inputs, margin: -0.5 }), [[1, 1, 0, 1, 0]]);
      // margin −1: 1<1 is a tie, still the student's
      expectTensorClose(gateWeights('loss-compare', { ...inputs, margin: -1 }), [[1, 1, 0, 1, 0]]);
    });
  });

  it('teacher-correct (class-index): [argmax t = y] · v', () => {
    tf.tidy(() => {
      // argmax [0,1,2,0,1] vs labels [0,0,2,1,1] → [1,0,1,0,1], × v → [1,0,1,0,0]
      expectTensorClose(gateWeights('teacher-correct', inputs), [[1, 0, 1, 0, 0]]);
    });
  });

  it('teacher-correct (multi-label): every thresholded teacher label equals the truth, · v', () => {
    tf.tidy(() => {
      const multi: GateInputs = {
        ...inputs,
        teacherLoss: tf.zeros([1, 3]),
        studentLoss: tf.zeros([1, 3]),
        // predicted [1,0], [1,0], [0,1]
        teacherLogits: tf.tensor3d([[[3, -3], [3, -3], [-1, 1]]]),
        labels: tf.tensor3d([[[1, 0], [1, 1], [0, 1]]]),
        valid: tf.tensor2d([[1, 1, 0]]),
        target: 'multi-label',
      };
      // matches [1, 0, 1] × valid [1, 1, 0] → [1, 0, 0]
      expectTensorClose(gateWeights('teacher-correct', multi), [[1, 0, 0]]);
    });
  });

  it('soft: (1 − exp(−dS / dT)) · v, finite where dT = 0', () => {
    tf.tidy(() => {
      const weights = gateWeights('soft', inputs);
      // dS/dT = [2, 1, 0.5, 1/1e-12 → ∞-like, 8]; 1 − e^−r = [0.864665, 0.632121, 0.393469, 1, 0.999665 × 0]
      expectTensorClose(weights, [[1 - Math.exp(-2), 1 - Math.exp(-1), 1 - Math.exp(-0.5), 1, 0]]);
      expect(Array.from(weights.dataSync()).every(Number.isFinite)).toBe(true);
    });
  });

  it('soft: is 0 where both losses are 0 (no NaN from 0/0)', () => {
    tf.tidy(() => {
      const zero = tf.zeros([1, 2]);
      // 0 / max(0, 1e-12) = 0 → 1 − e⁰ = 0
      const weights = gateWeights('soft', { ...inputs, teacherLoss: zero, studentLoss: zero, valid: tf.ones([1, 2]) });
      expectTensorClose(weights, [[0, 0]]);
    });
  });

  it('all: m = v, as a new tensor', () => {
    tf.tidy(() => {
      const weights = gateWeights('all', inputs);
      expectTensorClose(weights, [[1, 1, 1, 1, 0]]);
      expect(weights).not.toBe(inputs.valid);
      weights.dispose();
      expect(inputs.valid.isDisposed).toBe(false);
    });
  });

  it('rectified: m = v like all (its difference is the target, not the weight), as a new tensor', () => {
    tf.tidy(() => {
      const weights = gateWeights('rectified', inputs);
      expectTensorClose(weights, [[1, 1, 1, 1, 0]]);
      expect(weights).not.toBe(inputs.valid);
    });
  });

  it('none: m = 0', () => {
    tf.tidy(() => {
      const weights = gateWeights('none', inputs);
      expect(weights.shape).toEqual([1, 5]);
      expectTensorClose(weights, [[0, 0, 0, 0, 0]]);
    });
  });

  it('every gate gives float32 weights of the unit-grid shape, all 0 where nothing is valid', () => {
    tf.tidy(() => {
      const noneValid = { ...inputs, valid: tf.zeros([1, 5]) };
      for (const gate of GATES) {
        const weights = gateWeights(gate, inputs);
        expect(weights.dtype, gate).toBe('float32');
        expect(weights.shape, gate).toEqual([1, 5]);
        expect(weights.dataSync()[4], `${gate} at the invalid unit`).toBe(0);
        expectTensorClose(gateWeights(gate, noneValid), [[0, 0, 0, 0, 0]]);
      }
    });
  });

  it('leaks no tensors', async () => {
    await expectNoTensorLeak(() => {
      for (const gate of GATES) gateWeights(gate, inputs).dispose();
    });
  });
});
