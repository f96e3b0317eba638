import { expectTensorClose } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
import {
  againstCpuOriginal,
  callKernel,
  CONV_CASES,
  convOutShape,
  describeCase,
  fallbackReasonFor,
  originalKernel,
  randomTensor,
  setUpBackends,
  toTensor,
} from './kernel-harness.spec-helper.js';
import type { TrainingBackend } from './training-kernel.js';

// Sums here have at most a few hundred terms, so float32 rounding stays far below 1e-5 relative.
const TOLERANCE = { rtol: 1e-5, atol: 1e-5 };

beforeAll(setUpBackends);

describe('Conv2DBackpropFilter', () => {
  describe.each<TrainingBackend>(['wasm', 'cpu'])('on %s', (backendName) => {
    it.each(CONV_CASES.map((c, i) => [describeCase(c), c, i] as const))('matches the cpu original: %s', (_, c, i) => {
      const inputs = { x: randomTensor(c.x, 2 * i + 1), dy: randomTensor(convOutShape(c), 2 * i + 2) };
      const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter };
      expect(fallbackReasonFor(conv2dBackpropFilter, backendName, inputs, attrs)).toBeUndefined();
      const { actual, expected, leakedDataIds } = againstCpuOriginal('Conv2DBackpropFilter', backendName, inputs, attrs);
      expect(leakedDataIds).toBe(0);
      tf.tidy(() => expectTensorClose(toTensor(actual), toTensor(expected), TOLERANCE));
    });
  });

  it('leaves NCHW and rounding modes to the cpu original, and names them on wasm', () => {
    const nchw = { x: randomTensor([2, 3, 6, 5], 1), dy: randomTensor([2, 4, 4, 3], 2) };
    const nchwAttrs = { strides: 1, pad: 'valid', dataFormat: 'NCHW', filterShape: [3, 3, 3, 4] };
    expect(fallbackReasonFor(conv2dBackpropFilter, 'cpu', nchw, nchwAttrs)).toMatch(/dataFormat 'NCHW'/);
    const { actual, expected } = againstCpuOriginal('Conv2DBackpropFilter', 'cpu', nchw, nchwAttrs);
    tf.tidy(() => expectTensorClose(toTensor(actual), toTensor(expected), TOLERANCE));
    expect(() => callKernel(tf.getKernel('Conv2DBackpropFilter', 'wasm').kernelFunc, 'wasm', nchw, nchwAttrs)).toThrow(
      /Conv2DBackpropFilter on the 'wasm' backend does not support dataFormat 'NCHW'/,
    );

    const rounded = { x: randomTensor([1, 6, 6, 2], 3), dy: randomTensor([1, 3, 3, 2], 4) };
    const roundedAttrs = { strides: 2, pad: 0, dataFormat: 'NHWC', dimRoundingMode: 'ceil', filterShape: [1, 1, 2, 2] };
    expect(fallbackReasonFor(conv2dBackpropFilter, 'cpu', rounded, roundedAttrs)).toMatch(/dimRoundingMode 'ceil'/);
    expect(() => callKernel(tf.getKernel('Conv2DBackpropFilter', 'wasm').kernelFunc, 'wasm', rounded, roundedAttrs)).toThrow(
      /dimRoundingMode 'ceil'/,
    );
  });

  it('computes the filter gradient of tf.conv2d on wasm as the cpu backend does', async () => {
    const x = randomTensor([2, 9, 9, 3], 5);
    const filter = randomTensor([3, 3, 3, 4], 6);
    const gradOn = async (backendName: string) => {
      await tf.setBackend(backendName);
      return tf.tidy(() => {
        const grad = tf.grad((f: tf.Tensor) => tf.sum(tf.square(tf.conv2d(toTensor(x) as tf.Tensor4D, f as tf.Tensor4D, 2, 'same'))));
        return Array.from(grad(toTensor(filter)).dataSync());
      });
    };
    const onCpu = await gradOn('cpu');
    const onWasm = await gradOn('wasm');
    expectTensorClose(onWasm, onCpu, { rtol: 1e-5, atol: 1e-4 });
    expect(originalKernel('Conv2DBackpropFilter', 'cpu')).not.toBe(tf.getKernel('Conv2DBackpropFilter', 'cpu'));
  });
});
