import { expectTensorClose } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv2dBackpropInput } from './conv2d-backprop-input.js';
import {
  againstCpuOriginal,
  CONV_CASES,
  convOutShape,
  describeCase,
  fallbackReasonFor,
  type HostTensor,
  randomTensor,
  setUpBackends,
  STRIDED_CASES,
  toTensor,
} from './kernel-harness.spec-helper.js';

// Every output is a sum of at most 432 products (the examples' layers): float32 rounding stays below 1e-5.
const TOLERANCE = { rtol: 1e-5, atol: 1e-5 };

beforeAll(setUpBackends);

function expectMatch(inputs: Record<string, HostTensor>, attrs: tf.NamedAttrMap): void {
  const { actual, expected, leakedDataIds } = againstCpuOriginal('Conv2DBackpropInput', 'wasm', inputs, attrs);
  expect(leakedDataIds).toBe(0);
  tf.tidy(() => expectTensorClose(toTensor(actual), toTensor(expected), TOLERANCE));
}

// The cpu backend keeps its own Conv2DBackpropInput (faster there than a conv of the dilated dy).
describe('Conv2DBackpropInput on wasm', () => {
  it.each(CONV_CASES.map((c, i) => [describeCase(c), c, i] as const))('matches the cpu original: %s', (_, c, i) => {
    const inputs = { dy: randomTensor(convOutShape(c), 2 * i + 1), filter: randomTensor(c.filter, 2 * i + 2) };
    const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x };
    expect(fallbackReasonFor(conv2dBackpropInput, 'wasm', inputs, attrs)).toBeUndefined();
    expectMatch(inputs, attrs);
  });

  it.each(STRIDED_CASES.map((c, i) => [describeCase(c), c, i] as const))('matches the cpu original by output phases: %s', (_, c, i) => {
    const inputs = { dy: randomTensor(convOutShape(c), 3 * i + 1), filter: randomTensor(c.filter, 3 * i + 2) };
    const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x };
    expect(fallbackReasonFor(conv2dBackpropInput, 'wasm', inputs, attrs)).toBeUndefined();
    expectMatch(inputs, attrs);
  });

  it('leaves padding wider than the filter, NCHW and dilations to the wasm original', () => {
    const wide = { dy: randomTensor([1, 4, 4, 2], 1), filter: randomTensor([2, 2, 3, 2], 2) };
    const wideAttrs = { strides: 2, pad: [[0, 0], [3, 0], [0, 3], [0, 0]], dataFormat: 'NHWC', inputShape: [1, 5, 5, 3] };
    expect(fallbackReasonFor(conv2dBackpropInput, 'wasm', wide, wideAttrs)).toMatch(/wider than the filter/);
    expectMatch(wide, wideAttrs);

    const nchw = { dy: randomTensor([2, 4, 3, 3], 3), filter: randomTensor([2, 2, 3, 4], 4) };
    const nchwAttrs = { strides: 1, pad: 'valid', dataFormat: 'NCHW', inputShape: [2, 3, 4, 4] };
    expect(fallbackReasonFor(conv2dBackpropInput, 'wasm', nchw, nchwAttrs)).toMatch(/dataFormat 'NCHW'/);
    expectMatch(nchw, nchwAttrs);

    const dilated = { dy: randomTensor([1, 3, 3, 2], 5), filter: randomTensor([2, 2, 3, 2], 6) };
    const dilatedAttrs = { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: [1, 6, 6, 3], dilations: [2, 2] };
    expect(fallbackReasonFor(conv2dBackpropInput, 'wasm', dilated, dilatedAttrs)).toMatch(/dilations \[2,2\]/);
  });

  it('runs conv2dTranspose and the conv input gradient as the cpu backend does', async () => {
    const x = randomTensor([2, 5, 6, 4], 5);
    const upFilter = randomTensor([3, 3, 2, 4], 6);
    const input = randomTensor([2, 7, 6, 2], 7);
    const filter = randomTensor([3, 3, 2, 3], 8);
    const outputsOn = async (backendName: string) => {
      await tf.setBackend(backendName);
      return tf.tidy(() => {
        const up = tf.conv2dTranspose(toTensor(x) as tf.Tensor4D, toTensor(upFilter) as tf.Tensor4D, [2, 10, 12, 2], 2, 'same');
        const loss = (v: tf.Tensor) => tf.sum(tf.square(tf.conv2d(v as tf.Tensor4D, toTensor(filter) as tf.Tensor4D, 2, 'same')));
        const dx = tf.grad(loss)(toTensor(input));
        return [Array.from(up.dataSync()), Array.from(dx.dataSync())];
      });
    };
    const [upCpu, dxCpu] = await outputsOn('cpu');
    const [upWasm, dxWasm] = await outputsOn('wasm');
    expectTensorClose(upWasm, upCpu, TOLERANCE);
    expectTensorClose(dxWasm, dxCpu, TOLERANCE);
  });
});
