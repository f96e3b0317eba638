import { expectNoTensorLeak } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dropIgnoredLabels } from './drop-ignored-labels.js';
import { initBackend } from './runtime/init-backend.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('dropIgnoredLabels', () => {
  it('makes ignore-labelled units invalid with label 0', () => {
    const { labels, valid } = dropIgnoredLabels(tf.tensor2d([[3, 255], [255, 1]], [2, 2], 'int32'), 255);
    expect(labels.dtype).toBe('int32');
    expect(labels.arraySync()).toEqual([[3, 0], [0, 1]]);
    expect(valid.dtype).toBe('float32');
    expect(valid.arraySync()).toEqual([[1, 0], [0, 1]]);
  });

  it('keeps units the given validity already marks invalid invalid', () => {
    const { valid } = dropIgnoredLabels(tf.tensor1d([2, -1, 0, 4], 'int32'), -1, tf.tensor1d([1, 1, 0, 1], 'int32'));
    expect(valid.arraySync()).toEqual([1, 0, 0, 1]);
  });

  it('leaks no tensors', async () => {
    const labels = tf.tensor1d([1, 255], 'int32');
    const given = tf.tensor1d([1, 1]);
    await expectNoTensorLeak(() => tf.dispose(Object.values(dropIgnoredLabels(labels, 255, given))), { steps: 3 });
    tf.dispose([labels, given]);
  });
});
