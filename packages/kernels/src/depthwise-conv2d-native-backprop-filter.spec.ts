import { expectTensorClose } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { depthwiseConv2dNativeBackpropFilter } from './depthwise-conv2d-native-backprop-filter.js';
import {
  againstCpuOriginal,
  callKernel,
  convOutShape,
  DEPTHWISE_CASES,
  describeCase,
  fallbackReasonFor,
  randomTensor,
  setUpBackends,
  toTensor,
} from './kernel-harness.spec-helper.js';
import type { TrainingBackend } from './training-kernel.js';

// Sums of at most a few hundred products: float32 rounding stays far below 1e-5 relative.
const TOLERANCE = { rtol: 1e-5, atol: 1e-5 };

beforeAll(setUpBackends);

describe('DepthwiseConv2dNativeBackpropFilter', () => {
  describe.each<TrainingBackend>(['wasm', 'cpu'])('on %s', (backendName) => {
    it.each(DEPTHWISE_CASES.map((c, i) => [describeCase(c), c, i] as const))('matches the cpu original: %s', (_, c, i) => {
      const inputs = { x: randomTensor(c.x, 2 * i + 1), dy: randomTensor(convOutShape(c, true), 2 * i + 2) };
      const attrs = { strides: c.strides, pad: c.pad, dilations: [1, 1], filterShape: c.filter };
      expect(fallbackReasonFor(depthwiseConv2dNativeBackpropFilter, backendName, inputs, attrs)).toBeUndefined();
      const { actual, expected, leakedDataIds } = againstCpuOriginal('DepthwiseConv2dNativeBackpropFilter', backendName, inputs, attrs);
      expect(leakedDataIds).toBe(0);
      tf.tidy(() => expectTensorClose(toTensor(actual), toTensor(expected), TOLERANCE));
    });
  });

  it('leaves dilations to the cpu original and names them on wasm', () => {
    const inputs = { x: randomTensor([1, 7, 7, 2], 1), dy: randomTensor([1, 3, 3, 2], 2) };
    const attrs = { strides: 1, pad: 'valid', dilations: [2, 2], filterShape: [3, 3, 2, 1] };
    expect(fallbackReasonFor(depthwiseConv2dNativeBackpropFilter, 'cpu', inputs, attrs)).toMatch(/dilations \[2,2\]/);
    const { actual, expected } = againstCpuOriginal('DepthwiseConv2dNativeBackpropFilter', 'cpu', inputs, attrs);
    tf.tidy(() => expectTensorClose(toTensor(actual), toTensor(expected), TOLERANCE));
    const wasmKernel = tf.getKernel('DepthwiseConv2dNativeBackpropFilter', 'wasm');
    expect(() => callKernel(wasmKernel.kernelFunc, 'wasm', inputs, attrs)).toThrow(
      /DepthwiseConv2dNativeBackpropFilter on the 'wasm' backend does not support dilations \[2,2\]/,
    );
  });
});
