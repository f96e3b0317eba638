import { expectNoTensorLeak, selectiveKdErrorFrom } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import { copyWeights } from './copy-weights.js';

beforeAll(async () => {
  await initBackend('cpu');
});

function model(seed: number, hidden = 4, name?: string): tfl.LayersModel {
  return tfl.sequential({
    name,
    layers: [
      tfl.layers.dense({ units: hidden, inputShape: [3], kernelInitializer: tfl.initializers.glorotUniform({ seed }), name: `hidden_${seed}_${hidden}` }),
      tfl.layers.dense({ units: 2, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }), name: `out_${seed}_${hidden}` }),
    ],
  });
}

const valuesOf = (m: tfl.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('copyWeights', () => {
  it('gives one model or several the weights of another; each trains on its own afterwards', () => {
    const from = model(1);
    const [a, b, c] = [model(2), model(3), model(4)];
    copyWeights(from, a);
    copyWeights(from, [b, c]);
    for (const m of [a, b, c]) expect(valuesOf(m)).toEqual(valuesOf(from));
    // Changing one copy changes no other, nor the source.
    const start = valuesOf(from);
    a.layers[0].setWeights([tf.ones([3, 4]), tf.zeros([4])]);
    expect(valuesOf(b)).toEqual(start);
    expect(valuesOf(from)).toEqual(start);
  });

  it('checks every target before changing any', () => {
    const from = model(1, 4, 'source');
    const fits = model(2);
    const before = valuesOf(fits);
    const error = selectiveKdErrorFrom(() => copyWeights(from, [fits, model(3, 6, 'wide')]));
    expect(error.code).toBe('SHAPE_MISMATCH');
    expect(error.message).toContain("weight 0 'hidden_3_6/kernel' of model 'wide' has shape [3,6]");
    expect(valuesOf(fits)).toEqual(before);
  });

  it('keeps tf.memory().numTensors flat', async () => {
    const from = model(1);
    const to = [model(2), model(3)];
    await expectNoTensorLeak(() => copyWeights(from, to));
  });
});
