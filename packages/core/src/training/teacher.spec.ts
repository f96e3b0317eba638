import { expectTensorClose, selectiveKdErrorFrom } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import { teacherFunction, type ModelInputs, type Teacher } from './teacher.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('teacherFunction', () => {
  it('runs a function teacher and returns its tensor', () => {
    tf.tidy(() => {
      const x = tf.tensor2d([[1, 2]]);
      const run = teacherFunction((inputs: ModelInputs) => tf.mul(inputs as tf.Tensor, 3));
      expectTensorClose(run(x), [[3, 6]]);
    });
  });

  it('passes every input of a multi-input teacher through', () => {
    tf.tidy(() => {
      const run = teacherFunction((inputs: ModelInputs) => tf.addN(inputs as tf.Tensor[]));
      expectTensorClose(run([tf.tensor1d([1, 2]), tf.tensor1d([10, 20])]), [11, 22]);
    });
  });

  it('calls predict on an object teacher, keeping `this`', () => {
    tf.tidy(() => {
      const teacher = {
        scale: 2,
        predict(inputs: ModelInputs) {
          return tf.mul(inputs as tf.Tensor, this.scale);
        },
      };
      expectTensorClose(teacherFunction(teacher)(tf.tensor1d([1, -1])), [2, -2]);
    });
  });

  it('runs a tf.LayersModel teacher through predict', () => {
    const model = tfl.sequential({
      layers: [tfl.layers.dense({ units: 2, inputShape: [3], useBias: false, kernelInitializer: 'ones' })],
    });
    try {
      tf.tidy(() => {
        const out = teacherFunction(model)(tf.tensor2d([[1, 2, 3]]));
        // ones kernel: each output is 1 + 2 + 3 = 6
        expect(out.shape).toEqual([1, 2]);
        expectTensorClose(out, [[6, 6]]);
      });
    } finally {
      model.dispose();
    }
  });

  it('refuses a teacher returning an array with INVALID_MODEL', () => {
    tf.tidy(() => {
      const x = tf.zeros([1, 2]);
      const fromPredict = selectiveKdErrorFrom(() => teacherFunction({ predict: () => [tf.zeros([1]), tf.zeros([1])] })(x));
      expect(fromPredict.code).toBe('INVALID_MODEL');
      expect(fromPredict.message).toBe('the teacher must return one logits tensor; it returned an array of 2');

      const fromFunction = selectiveKdErrorFrom(() => teacherFunction((() => [tf.zeros([1])]) as unknown as Teacher)(x));
      expect(fromFunction.code).toBe('INVALID_MODEL');
      expect(fromFunction.message).toContain('an array of 1');
    });
  });

  it.each([
    ['a number', 3, 'number'],
    ['undefined', undefined, 'undefined'],
    ['a plain object', { shape: [1] }, 'object'],
    ['null', null, 'object'],
  ])('refuses a teacher returning %s with INVALID_MODEL', (_what, value, described) => {
    tf.tidy(() => {
      const error = selectiveKdErrorFrom(() => teacherFunction({ predict: () => value })(tf.zeros([1])));
      expect(error.code).toBe('INVALID_MODEL');
      expect(error.message).toBe(`the teacher must return one logits tensor; it returned ${described}`);
    });
  });
});
