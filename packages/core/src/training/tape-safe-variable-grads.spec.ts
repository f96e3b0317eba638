import { expectNoTensorLeak, expectTensorClose } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers'; // registers the gradients
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import { tapeSafeVariableGrads } from './tape-safe-variable-grads.js';

let w: tf.Variable;

beforeAll(async () => {
  await initBackend('cpu');
  w = tf.variable(tf.tensor1d([1, 2, 3]), true, 'tape-safe-w');
});

/** A loss that records a few ops on the tape (their inputs saved for backward), then throws. */
function failingLoss(): tf.Scalar {
  const y = tf.exp(tf.mul(w, 2));
  tf.sum(tf.square(y));
  throw new Error('bad batch');
}

describe('tapeSafeVariableGrads', () => {
  it('gives what tf.variableGrads gives', () => {
    const loss = () => tf.sum(tf.square(tf.mul(w, 3))) as tf.Scalar;
    const safe = tapeSafeVariableGrads(loss, [w]);
    const plain = tf.variableGrads(loss, [w]);
    // d/dw Σ 9w² = 18w
    expectTensorClose(safe.grads[w.name], [18, 36, 54]);
    expectTensorClose(safe.grads[w.name], plain.grads[w.name]);
    expectTensorClose(safe.value, plain.value);
    tf.dispose([safe.value, safe.grads, plain.value, plain.grads]);
  });

  it('rethrows what the loss throws and strands no tensors (tf.variableGrads strands the saved ones)', async () => {
    const before = tf.memory().numTensors;
    expect(() => tf.variableGrads(failingLoss, [w])).toThrow('bad batch');
    expect(tf.memory().numTensors, 'tfjs itself leaks the tape here').toBeGreaterThan(before);

    await expectNoTensorLeak(() => {
      expect(() => tapeSafeVariableGrads(failingLoss, [w])).toThrow('bad batch');
    });
  });

  it('strands nothing when the loss is not connected to the variables either', async () => {
    await expectNoTensorLeak(() => {
      expect(() => tapeSafeVariableGrads(() => tf.scalar(1), [w])).toThrow(/Cannot find a connection/);
    });
  });
});
