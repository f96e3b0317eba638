import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { againstCpuOriginal, fallbackReasonFor, int32Tensor, setUpBackends } from './kernel-harness.spec-helper.js';
import { oneHot } from './one-hot.js';

beforeAll(setUpBackends);

/** [indices shape, indices, depth, on, off]: the losses' one-hot targets, out-of-range indices, label smoothing values, empty. */
const CASES: readonly (readonly [number[], number[], number, number, number])[] = [
  [[2, 3], [0, 4, 2, 1, 3, 4], 5, 1, 0],
  [[4], [-1, 0, 3, 7], 3, 1, 0],
  [[2, 2], [1, 0, 1, 1], 2, 0.9, 0.05],
  [[3], [2, 2, 2], 4, -2.5, 7],
  [[0], [], 6, 1, 0],
];

describe('OneHot on wasm', () => {
  it.each(CASES.flatMap((c, i) => (['float32', 'bool'] as const).map((dtype) => [`[${c[1]}] depth ${c[2]} ${dtype}`, i, dtype] as const)))(
    'matches the cpu original exactly: %s',
    (_, i, dtype) => {
      const [shape, values, depth, onValue, offValue] = CASES[i];
      const on = dtype === 'bool' ? 1 : onValue;
      const off = dtype === 'bool' ? 0 : offValue;
      const inputs = { indices: int32Tensor(shape, values) };
      const attrs = { depth, onValue: on, offValue: off, dtype };
      expect(fallbackReasonFor(oneHot, 'wasm', inputs, attrs)).toBeUndefined();
      const { actual, expected, leakedDataIds } = againstCpuOriginal('OneHot', 'wasm', inputs, attrs);
      expect(leakedDataIds).toBe(0);
      expect(actual.dtype).toBe(expected.dtype);
      expect(actual.shape).toEqual(expected.shape);
      expect(Array.from(actual.values)).toEqual(Array.from(expected.values));
    },
  );

  it('leaves int32 outputs to the original, which writes them correctly', () => {
    expect(fallbackReasonFor(oneHot, 'wasm', { indices: int32Tensor([1], [0]) }, { depth: 2, onValue: 1, offValue: 0, dtype: 'int32' })).toMatch(
      'int32',
    );
  });

  it('gives tf.oneHot(…, "float32") the values the cpu backend gives', async () => {
    const run = () => tf.tidy(() => Array.from(tf.oneHot(tf.tensor1d([2, 0, 1], 'int32'), 3, 1, 0, 'float32').dataSync()));
    await tf.setBackend('wasm');
    const wasm = run();
    await tf.setBackend('cpu');
    expect(wasm).toEqual(run());
    await tf.setBackend('wasm');
  });
});
