import { expectNoTensorLeak } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { randomTensor, setUpBackends, toTensor } from './kernel-harness.spec-helper.js';
import { isTrainingKernel, registerTrainingKernels, trainingKernelNames } from './register-training-kernels.js';
import type { TrainingBackend } from './training-kernel.js';
import { TrainingKernelError } from './training-kernel-error.js';

const BACKENDS: readonly TrainingBackend[] = ['wasm', 'cpu'];

beforeAll(setUpBackends);

const snapshot = () => BACKENDS.flatMap((b) => trainingKernelNames(b).map((name) => tf.getKernel(name, b)));

describe('registerTrainingKernels', () => {
  it('registers every kernel it names on its backend', () => {
    for (const backendName of BACKENDS) {
      for (const name of trainingKernelNames(backendName)) expect(isTrainingKernel(tf.getKernel(name, backendName))).toBe(true);
    }
  });

  it('registers the wasm gaps and slow paths, and the cpu backend’s slow kernels', () => {
    expect(trainingKernelNames('wasm').sort()).toEqual(
      [
        'BatchMatMul',
        'Conv2DBackpropFilter',
        'Conv2DBackpropInput',
        'DepthwiseConv2dNativeBackpropFilter',
        'DepthwiseConv2dNativeBackpropInput',
        'UnsortedSegmentSum',
        '_FusedMatMul',
        ...['Equal', 'NotEqual', 'Less', 'LessEqual', 'Greater', 'GreaterEqual', 'LogicalAnd', 'LogicalOr'],
        ...['Maximum', 'Minimum', 'Pow', 'Atan2', 'Mod', 'FloorDiv'],
        'Tile',
        'Concat',
        'OneHot',
        'ResizeBilinearGrad',
        'ResizeNearestNeighborGrad',
      ].sort(),
    );
    expect(trainingKernelNames('cpu').sort()).toEqual(
      ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'UnsortedSegmentSum', 'ResizeBilinearGrad', 'ResizeNearestNeighborGrad'].sort(),
    );
  });

  it('keeps the kernel it replaced and registers nothing where nothing was missing or slow', () => {
    const wasmKernel = (name: string) => tf.getKernel(name, 'wasm') as tf.KernelConfig & { original?: tf.KernelConfig };
    // wasm had none of these.
    for (const name of ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'UnsortedSegmentSum']) {
      expect(wasmKernel(name).original).toBeUndefined();
    }
    for (const name of ['Conv2DBackpropInput', 'BatchMatMul', '_FusedMatMul', 'Equal', 'Pow', 'Tile']) {
      expect(wasmKernel(name).original?.backendName).toBe('wasm');
      expect(isTrainingKernel(wasmKernel(name).original)).toBe(false);
    }
    expect(isTrainingKernel(tf.getKernel('Conv2D', 'wasm'))).toBe(false);
    expect(isTrainingKernel(tf.getKernel('Conv2DBackpropInput', 'cpu'))).toBe(false);
  });

  it('is idempotent: calling it again changes nothing and warns about nothing', () => {
    const before = snapshot();
    const warn = vi.spyOn(console, 'warn');
    try {
      registerTrainingKernels('wasm');
      registerTrainingKernels('cpu');
      registerTrainingKernels('wasm');
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
    const after = snapshot();
    after.forEach((config, i) => expect(config).toBe(before[i]));
  });

  it('rejects a backend it has no kernels for', () => {
    expect(() => registerTrainingKernels('webgl' as TrainingBackend)).toThrow(TrainingKernelError);
    expect(() => registerTrainingKernels('webgl' as TrainingBackend)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    expect(() => registerTrainingKernels('webgl' as TrainingBackend)).toThrow(/training kernels exist for wasm and cpu; got 'webgl'/);
  });

  it.each(BACKENDS)('leaves no tensors, bytes or data buffers behind on %s', async (backendName) => {
    await tf.setBackend(backendName);
    const x = randomTensor([2, 9, 8, 3], 1);
    const filter = randomTensor([3, 3, 3, 4], 2);
    const depthwise = randomTensor([3, 3, 4, 2], 3);
    const upFilter = randomTensor([3, 3, 3, 8], 4);
    const table = randomTensor([6, 5], 5);
    const dense = randomTensor([8, 5], 6);
    const gradients = () =>
      tf.tidy(() => {
        const loss = (...[input, f, d, u, t, w]: tf.Tensor[]) => {
          const conv = tf.relu(tf.conv2d(input as tf.Tensor4D, f as tf.Tensor4D, 2, 'same'));
          const deep = tf.depthwiseConv2d(conv, d as tf.Tensor4D, 1, 'valid');
          const up = tf.conv2dTranspose(deep, u as tf.Tensor4D, [2, 6, 4, 3], 2, 'same');
          const rows = tf.gather(t, tf.tensor1d([1, 5, 1], 'int32'));
          const product = tf.matMul(tf.reshape(deep, [2, -1]), tf.reshape(tf.tile(rows, [1, 16]), [-1, 5]));
          const fused = tf.fused.matMul({ a: product, b: w, transposeB: true, activation: 'relu' });
          return tf.add(tf.sum(tf.square(up)), tf.sum(fused));
        };
        return tf.grads(loss)([x, filter, depthwise, upFilter, table, dense].map(toTensor));
      });
    tf.dispose(gradients()); // first use may allocate once
    const backend = tf.backend();
    const before = { ...tf.memory(), dataIds: backend.numDataIds() };
    tf.dispose(gradients());
    const after = { ...tf.memory(), dataIds: backend.numDataIds() };
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
    expect(after.dataIds).toBe(before.dataIds);
  });
});

/** Ten Adam steps on one batch; the losses, then a leak check over further steps. */
async function trainTenSteps(model: tfl.LayersModel, x: tf.Tensor, loss: (prediction: tf.Tensor) => tf.Scalar): Promise<number[]> {
  const optimizer = tf.train.adam(0.02);
  const step = () =>
    tf.tidy(() => {
      const cost = optimizer.minimize(() => loss(model.apply(x, { training: true }) as tf.Tensor), true);
      return cost!.dataSync()[0];
    });
  const losses = Array.from({ length: 10 }, step);
  await expectNoTensorLeak(step, { warmup: 0, steps: 3 });
  optimizer.dispose();
  return losses;
}

// Layer initialisers are unseeded, so how fast the loss falls varies; that it falls does not.
function expectLearning(losses: number[]): void {
  expect(losses.every(Number.isFinite), `losses ${losses}`).toBe(true);
  expect(losses[9], `losses ${losses}`).toBeLessThan(losses[0]);
}

describe('training on wasm', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  const classes = (count: number, batch: number, seed: number) =>
    tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => (i * seed) % count), 'int32'), count);

  it('trains a conv2d / conv2dTranspose segmentation model', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [12, 12, 1], filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
        tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }),
        tfl.layers.conv2dTranspose({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
        tfl.layers.conv2d({ filters: 3, kernelSize: 1 }),
      ],
    });
    const x = toTensor(randomTensor([4, 12, 12, 1], 1));
    const labels = tf.tidy(() => tf.oneHot(tf.reshape(tf.cast(tf.greater(x, 0), 'int32'), [4, 12, 12]), 3));
    const losses = await trainTenSteps(model, x, (logits) => tf.losses.softmaxCrossEntropy(labels, logits));
    expectLearning(losses);
    tf.dispose([x, labels]);
    model.dispose();
  });

  it('trains a conv1d model', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv1d({ inputShape: [20, 4], filters: 8, kernelSize: 3, strides: 2, activation: 'relu' }),
        tfl.layers.conv1d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }),
        tfl.layers.globalAveragePooling1d(),
        tfl.layers.dense({ units: 3 }),
      ],
    });
    const x = toTensor(randomTensor([6, 20, 4], 2));
    const labels = classes(3, 6, 1);
    const losses = await trainTenSteps(model, x, (logits) => tf.losses.softmaxCrossEntropy(labels, logits));
    expectLearning(losses);
    tf.dispose([x, labels]);
    model.dispose();
  });

  it('trains an embedding model', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.embedding({ inputDim: 30, outputDim: 8, inputLength: 10 }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 3 }),
      ],
    });
    const x = tf.tensor2d(Array.from({ length: 60 }, (_, i) => (i * 7) % 30), [6, 10], 'int32');
    const labels = classes(3, 6, 2);
    const losses = await trainTenSteps(model, x, (logits) => tf.losses.softmaxCrossEntropy(labels, logits));
    expectLearning(losses);
    tf.dispose([x, labels]);
    model.dispose();
  });

  it('trains a depthwise-separable model', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.separableConv2d({ inputShape: [12, 12, 2], filters: 6, kernelSize: 3, depthMultiplier: 2, padding: 'same', activation: 'relu' }),
        tfl.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, activation: 'relu' }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 3 }),
      ],
    });
    const x = toTensor(randomTensor([6, 12, 12, 2], 3));
    const labels = classes(3, 6, 1);
    const losses = await trainTenSteps(model, x, (logits) => tf.losses.softmaxCrossEntropy(labels, logits));
    expectLearning(losses);
    tf.dispose([x, labels]);
    model.dispose();
  });
});
