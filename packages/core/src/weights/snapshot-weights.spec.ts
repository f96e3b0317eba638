import { expectNoTensorLeak, selectiveKdErrorFrom } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/init-backend.js';
import { snapshotWeights, type WeightSnapshot } from './snapshot-weights.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Dense 3 → hidden → 2 with a batch norm: trainable weights and non-trainable moving statistics. */
function model(seed: number, hidden = 4, name?: string): tfl.LayersModel {
  return tfl.sequential({
    name,
    layers: [
      tfl.layers.dense({ units: hidden, inputShape: [3], kernelInitializer: tfl.initializers.glorotUniform({ seed }), name: `hidden_${seed}_${hidden}` }),
      tfl.layers.batchNormalization({ name: `norm_${seed}_${hidden}` }),
      tfl.layers.dense({ units: 2, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }), name: `out_${seed}_${hidden}` }),
    ],
  });
}

const valuesOf = (m: tfl.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

/** One SGD step on random data, which changes every trainable weight. */
function trainStep(m: tfl.LayersModel): void {
  const optimizer = tf.train.sgd(0.5);
  tf.tidy(() => {
    optimizer.minimize(() => tf.sum(tf.square(m.apply(tf.randomNormal([4, 3], 0, 1, 'float32', 9), { training: true }) as tf.Tensor)) as tf.Scalar);
  });
  optimizer.dispose();
}

describe('snapshotWeights', () => {
  it('keeps the values of the moment it was taken, also after the model trains, and puts them back', () => {
    const m = model(1);
    const start = valuesOf(m);
    const snapshot = snapshotWeights(m);
    trainStep(m);
    expect(valuesOf(m)).not.toEqual(start);
    snapshot.applyTo(m);
    expect(valuesOf(m)).toEqual(start);
    // Training after applyTo does not change the snapshot: a second applyTo gives the start again.
    trainStep(m);
    snapshot.applyTo(m);
    expect(valuesOf(m)).toEqual(start);
    snapshot.dispose();
  });

  it('gives another model of the same architecture the same weights, trainable and not', () => {
    const a = model(1);
    const b = model(7);
    expect(valuesOf(b)).not.toEqual(valuesOf(a));
    const snapshot = snapshotWeights(a);
    // model.weights order: the trainable ones (kernel, bias; gamma, beta; kernel, bias), then the moving mean and variance
    expect(snapshot.shapes).toEqual([[3, 4], [4], [4], [4], [4, 2], [2], [4], [4]]);
    expect(snapshot.names.slice(2, 4)).toEqual(['norm_1_4/gamma', 'norm_1_4/beta']);
    expect(snapshot.names.slice(6)).toEqual(['norm_1_4/moving_mean', 'norm_1_4/moving_variance']);
    snapshot.applyTo(b);
    expect(valuesOf(b)).toEqual(valuesOf(a));
    snapshot.dispose();
  });

  it('refuses a model with other shapes or another count of weights, naming the weight, and changes nothing', () => {
    const snapshot = snapshotWeights(model(1, 4, 'small'));
    const wider = model(2, 5, 'wider');
    const before = valuesOf(wider);
    const shape = selectiveKdErrorFrom(() => snapshot.applyTo(wider));
    expect(shape.code).toBe('SHAPE_MISMATCH');
    expect(shape.message).toBe(
      "weight 0 'hidden_2_5/kernel' of model 'wider' has shape [3,5], but the snapshot's 'hidden_1_4/kernel' from model 'small' has [3,4]",
    );
    expect(valuesOf(wider)).toEqual(before);
    const shallow = tfl.sequential({ name: 'shallow', layers: [tfl.layers.dense({ units: 2, inputShape: [3] })] });
    const count = selectiveKdErrorFrom(() => snapshot.applyTo(shallow));
    expect([count.code, count.message]).toEqual([
      'SHAPE_MISMATCH',
      "model 'shallow' has 2 weights, but the snapshot of model 'small' has 8: the models must have the same architecture",
    ]);
    snapshot.dispose();
  });

  it('frees its tensors on dispose (idempotent), after which applyTo throws DISPOSED', () => {
    const m = model(1);
    const before = tf.memory().numTensors;
    const snapshot = snapshotWeights(m);
    expect(tf.memory().numTensors - before).toBe(8);
    snapshot.dispose();
    snapshot.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(selectiveKdErrorFrom(() => snapshot.applyTo(m)).code).toBe('DISPOSED');
  });

  it('leaks nothing across snapshot, apply and dispose, and survives an enclosing tidy', async () => {
    const m = model(1);
    await expectNoTensorLeak(() => {
      let snapshot: WeightSnapshot | undefined;
      tf.tidy(() => void (snapshot = snapshotWeights(m)));
      snapshot!.applyTo(m);
      snapshot!.dispose();
    });
  });
});
