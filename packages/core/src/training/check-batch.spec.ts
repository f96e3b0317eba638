import { expectSelectiveKdError } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import { checkBatch } from './check-batch.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('checkBatch', () => {
  it('accepts { inputs, labels, valid? } with one input or several', () => {
    tf.tidy(() => {
      expect(() => checkBatch({ inputs: tf.zeros([2, 3]), labels: tf.zeros([2], 'int32') })).not.toThrow();
      expect(() =>
        checkBatch({ inputs: [tf.zeros([2, 3]), tf.zeros([2, 1])], labels: tf.zeros([2], 'int32'), valid: tf.ones([2]), indices: [4, 5] }),
      ).not.toThrow();
    });
  });

  it('refuses a tfjs-style { xs, ys } batch, showing the form expected', () => {
    tf.tidy(() => {
      expectSelectiveKdError(
        () => checkBatch({ xs: tf.zeros([2, 3]), ys: tf.zeros([2]) }),
        'INVALID_BATCH',
        'a batch must be { inputs, labels, valid? } of tensors; got an object with xs, ys (rename xs to inputs and ys to labels)',
      );
    });
  });

  it('names the missing or mistyped field', () => {
    tf.tidy(() => {
      const labels = tf.zeros([2], 'int32');
      expectSelectiveKdError(() => checkBatch({ labels }), 'INVALID_BATCH', 'batch.inputs is missing');
      expectSelectiveKdError(() => checkBatch({ inputs: tf.zeros([2]) }), 'INVALID_BATCH', 'batch.labels is missing');
      expectSelectiveKdError(() => checkBatch({ inputs: [], labels }), 'INVALID_BATCH', 'batch.inputs must be a tf.Tensor or an array of them; got an array');
      expectSelectiveKdError(() => checkBatch({ inputs: new Float32Array(2), labels }), 'INVALID_BATCH', 'got a Float32Array');
      expectSelectiveKdError(() => checkBatch({ inputs: tf.zeros([2]), labels: [0, 1] }), 'INVALID_BATCH', 'batch.labels must be a tf.Tensor; got an array');
      expectSelectiveKdError(() => checkBatch({ inputs: tf.zeros([2]), labels, valid: 'yes' }), 'INVALID_BATCH', 'batch.valid must be a tf.Tensor or left out; got a string');
      expectSelectiveKdError(() => checkBatch(undefined), 'INVALID_BATCH', 'got undefined');
      expectSelectiveKdError(() => checkBatch([tf.zeros([2]), labels]), 'INVALID_BATCH', 'got an array');
      expectSelectiveKdError(() => checkBatch({}), 'INVALID_BATCH', 'got an object with no fields');
    });
  });

  it('refuses disposed tensors and empty batches', () => {
    const gone = tf.zeros([2, 3]);
    gone.dispose();
    tf.tidy(() => {
      const labels = tf.zeros([2], 'int32');
      expectSelectiveKdError(() => checkBatch({ inputs: [tf.zeros([2, 1]), gone], labels }), 'INVALID_BATCH', 'batch.inputs[1] has been disposed');
      expectSelectiveKdError(
        () => checkBatch({ inputs: tf.zeros([0, 3]), labels: tf.zeros([0], 'int32') }),
        'EMPTY_BATCH',
        'the batch is empty: inputs [0,3], labels [0]',
      );
    });
  });
});
