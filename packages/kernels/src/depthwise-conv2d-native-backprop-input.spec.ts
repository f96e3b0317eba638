import { expectTensorClose } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { depthwiseConv2dNativeBackpropInput } from './depthwise-conv2d-native-backprop-input.js';
import {
  againstCpuOriginal,
  callKernel,
  type ConvCase,
  convOutShape,
  DEPTHWISE_CASES,
  describeCase,
  fallbackReasonFor,
  randomTensor,
  setUpBackends,
  STRIDED_CASES,
  toTensor,
} from './kernel-harness.spec-helper.js';

// Every output is a sum of at most a few dozen products: float32 rounding stays far below 1e-5 relative.
const TOLERANCE = { rtol: 1e-5, atol: 1e-5 };

beforeAll(setUpBackends);

// The cpu backend keeps its own kernel: it is not consistently slower than the composed one there.
describe('DepthwiseConv2dNativeBackpropInput on wasm', () => {
  it.each(DEPTHWISE_CASES.map((c, i) => [describeCase(c), c, i] as const))('matches the cpu original: %s', (_, c, i) => {
    const inputs = { dy: randomTensor(convOutShape(c, true), 2 * i + 1), filter: randomTensor(c.filter, 2 * i + 2) };
    const attrs = { strides: c.strides, pad: c.pad, dilations: [1, 1], inputShape: c.x };
    expect(fallbackReasonFor(depthwiseConv2dNativeBackpropInput, 'wasm', inputs, attrs)).toBeUndefined();
    const { actual, expected, leakedDataIds } = againstCpuOriginal('DepthwiseConv2dNativeBackpropInput', 'wasm', inputs, attrs);
    expect(leakedDataIds).toBe(0);
    tf.tidy(() => expectTensorClose(toTensor(actual), toTensor(expected), TOLERANCE));
  });

  // The strided cases as depthwise convs: filter [fh, fw, C, m] with the case's output channels as m.
  const strided = STRIDED_CASES.map((c) => ({ ...c, filter: [c.filter[0], c.filter[1], c.x[3], Math.min(c.filter[3], 2)] as ConvCase['filter'] }));
  it.each(strided.map((c, i) => [describeCase(c), c, i] as const))('matches the cpu original by output phases: %s', (_, c, i) => {
    const inputs = { dy: randomTensor(convOutShape(c, true), 3 * i + 1), filter: randomTensor(c.filter, 3 * i + 2) };
    const attrs = { strides: c.strides, pad: c.pad, dilations: [1, 1], inputShape: c.x };
    expect(fallbackReasonFor(depthwiseConv2dNativeBackpropInput, 'wasm', inputs, attrs)).toBeUndefined();
    const { actual, expected, leakedDataIds } = againstCpuOriginal('DepthwiseConv2dNativeBackpropInput', 'wasm', inputs, attrs);
    expect(leakedDataIds).toBe(0);
    tf.tidy(() => expectTensorClose(toTensor(actual), toTensor(expected), TOLERANCE));
  });

  it('names the attributes it cannot handle, having no wasm original to fall back to', () => {
    const kernel = tf.getKernel('DepthwiseConv2dNativeBackpropInput', 'wasm');
    const inputs = { dy: randomTensor([1, 3, 3, 2], 1), filter: randomTensor([3, 3, 2, 1], 2) };
    const dilated = { strides: 1, pad: 'valid', dilations: [2, 2], inputShape: [1, 7, 7, 2] };
    expect(() => callKernel(kernel.kernelFunc, 'wasm', inputs, dilated)).toThrow(/does not support dilations \[2,2\]/);
    const wide = { strides: 1, pad: [[0, 0], [4, 0], [0, 0], [0, 0]], dilations: 1, inputShape: [1, 1, 5, 2] };
    expect(() => callKernel(kernel.kernelFunc, 'wasm', inputs, wide)).toThrow(/wider than the filter/);
  });

  it('trains through tf.depthwiseConv2d with multiplier 2 as the cpu backend does', async () => {
    const x = randomTensor([2, 7, 6, 3], 3);
    const filter = randomTensor([3, 3, 3, 2], 4);
    const gradsOn = async (backendName: string) => {
      await tf.setBackend(backendName);
      return tf.tidy(() => {
        const loss = (input: tf.Tensor, f: tf.Tensor) =>
          tf.sum(tf.square(tf.depthwiseConv2d(input as tf.Tensor4D, f as tf.Tensor4D, 2, 'same')));
        return tf.grads(loss)([toTensor(x), toTensor(filter)]).map((g) => Array.from(g.dataSync()));
      });
    };
    const onCpu = await gradsOn('cpu');
    const onWasm = await gradsOn('wasm');
    expectTensorClose(onWasm[0], onCpu[0], TOLERANCE);
    expectTensorClose(onWasm[1], onCpu[1], { rtol: 1e-5, atol: 1e-4 });
  });
});
