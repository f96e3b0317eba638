import { initBackend } from '@selective-kd/core';
import { expectSeededModel } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStudent, buildTeacher } from './models.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const shape = { frames: 8, context: 2, bins: 16 };

describe('models', () => {
  it('give the same initial weights for the same seed, seed 0 included, and different ones otherwise', () => {
    expectSeededModel((seed) => buildStudent(shape, seed));
  });

  it('map an excerpt with its context to logits [B, frames, 88]', () => {
    const before = tf.memory().numTensors;
    for (const model of [buildTeacher(shape), buildStudent(shape, 0)]) {
      const logits = tf.tidy(() => model.predict(tf.zeros([2, shape.frames + 2 * shape.context, shape.bins, 1])) as tf.Tensor);
      expect(logits.shape).toEqual([2, shape.frames, 88]);
      tf.dispose(logits);
      model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
