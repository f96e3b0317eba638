import { initBackend } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createHash } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { modelFingerprint } from './model-fingerprint.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const dense = (seed: number) =>
  tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [3], kernelInitializer: tfl.initializers.glorotUniform({ seed }) })] });

it('hashes the weight shapes and values in order, not the layer names, without leaking tensors', () => {
  const [a, b, other] = [dense(4), dense(4), dense(5)];
  const before = tf.memory().numTensors;
  const kernel = a.weights[0].read().dataSync() as Float32Array;
  const expected = createHash('sha256')
    .update('3x2:')
    .update(new Uint8Array(kernel.buffer))
    .update('2:')
    .update(new Uint8Array(new Float32Array(2).buffer))
    .digest('hex')
    .slice(0, 16);
  expect(modelFingerprint(a)).toBe(expected);
  expect(a.weights[0].name).not.toBe(b.weights[0].name);
  expect(modelFingerprint(b)).toBe(expected);
  expect(modelFingerprint(other)).not.toBe(expected);
  expect(tf.memory().numTensors).toBe(before);
  for (const m of [a, b, other]) m.dispose();
});
