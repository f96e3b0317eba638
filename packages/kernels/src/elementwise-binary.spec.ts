import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { elementwiseBinaryKernels } from './elementwise-binary.js';
import { againstCpuOriginal, fallbackReasonFor, setUpBackends, type HostTensor } from './kernel-harness.spec-helper.js';
import type { TrainingKernel } from './training-kernel.js';

beforeAll(setUpBackends);

// Values every element function must treat as the cpu kernels do.
const FLOATS = [Number.NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, -2.5, 3, 1e-30, -7.25, 2, 1e30];
const INTS = [0, 1, -1, 2, -3, 7, 2147483647, -2147483648, 46341, -5];

/** Values drawn from the dtype's pool by a Park–Miller generator, so both operands mix every special value. */
function specialTensor(shape: number[], dtype: HostTensor['dtype'], seed: number): HostTensor {
  let state = (seed * 7919 + 17) % 2147483647 || 1;
  const pick = (count: number) => {
    state = (state * 16807) % 2147483647;
    return state % count;
  };
  const size = tf.util.sizeFromShape(shape);
  if (dtype === 'bool') return { shape, dtype, values: Uint8Array.from({ length: size }, () => pick(2)) };
  if (dtype === 'int32') return { shape, dtype, values: Int32Array.from({ length: size }, () => INTS[pick(INTS.length)]) };
  return { shape, dtype, values: Float32Array.from({ length: size }, () => FLOATS[pick(FLOATS.length)]) };
}

/** Broadcasts the wasm originals run through their generic loop: [a shape, b shape]. */
const BROADCASTS: readonly (readonly [number[], number[]])[] = [
  [[2, 5, 5, 11], [2, 5, 5, 1]], // trailing axis, as tf.max's gradient in tf.logSumExp
  [[2, 5, 5, 1], [2, 5, 5, 11]],
  [[3, 1], [1, 4]], // both operands broadcast
  [[2, 3, 4], [2, 1, 4]], // a middle size-1 axis
  [[4, 3, 6], [3, 1]], // ranks differ
  [[2, 3, 1, 5], [1, 3, 4, 1]],
];

const DTYPES: Record<string, readonly HostTensor['dtype'][]> = {
  Equal: ['float32', 'int32', 'bool'],
  NotEqual: ['float32', 'int32', 'bool'],
  Less: ['float32', 'int32', 'bool'],
  LessEqual: ['float32', 'int32', 'bool'],
  Greater: ['float32', 'int32', 'bool'],
  GreaterEqual: ['float32', 'int32', 'bool'],
  LogicalAnd: ['bool'],
  LogicalOr: ['bool'],
  Maximum: ['float32', 'int32'],
  Minimum: ['float32', 'int32'],
  Pow: ['float32', 'int32'],
  Atan2: ['float32', 'int32'],
  Mod: ['float32', 'int32'],
  FloorDiv: ['int32'],
};

const kernelFor = (name: string): TrainingKernel => elementwiseBinaryKernels.find((k) => k.kernelName === name)!;

const CASES = elementwiseBinaryKernels.flatMap((kernel) =>
  DTYPES[kernel.kernelName].flatMap((dtype) =>
    BROADCASTS.map(([aShape, bShape]) => ({ name: kernel.kernelName, dtype, aShape, bShape })),
  ),
);

describe('elementwise binary kernels on wasm', () => {
  it('cover every kernel named here', () => {
    expect(Object.keys(DTYPES).sort()).toEqual(elementwiseBinaryKernels.map((k) => k.kernelName).sort());
  });

  it.each(CASES.map((c, i) => [`${c.name} ${c.dtype} [${c.aShape}] vs [${c.bShape}]`, c, i] as const))(
    'matches the cpu original exactly: %s',
    (_, c, i) => {
      const inputs = { a: specialTensor(c.aShape, c.dtype, 2 * i + 1), b: specialTensor(c.bShape, c.dtype, 2 * i + 2) };
      expect(fallbackReasonFor(kernelFor(c.name), 'wasm', inputs, {})).toBeUndefined();
      const { actual, expected, leakedDataIds } = againstCpuOriginal(c.name, 'wasm', inputs, {});
      expect(leakedDataIds).toBe(0);
      expect(actual.dtype).toBe(expected.dtype);
      expect(actual.shape).toEqual(expected.shape);
      // toEqual tells NaN from numbers and −0 from +0.
      expect(Array.from(actual.values)).toEqual(Array.from(expected.values));
    },
  );

  it.each([
    [[2, 5, 11], [2, 5, 11]],
    [[2, 5, 11], [1]],
    [[1, 1], [2, 5, 11]],
    [[2, 5, 11], [11]],
    [[5, 1], [2, 5, 1]],
    [[7, 1], [1]],
  ])('leaves [%s] vs [%s] to the wasm original, whose flat loop handles it', (aShape, bShape) => {
    const inputs = { a: specialTensor(aShape, 'float32', 1), b: specialTensor(bShape, 'float32', 2) };
    expect(fallbackReasonFor(kernelFor('Equal'), 'wasm', inputs, {})).toBe('a broadcast along leading axes only (the original loops over it flat)');
  });

  it('leaves float32 FloorDiv (int32 on cpu, float32 on wasm) and mixed dtypes to the wasm original', () => {
    const floats = { a: specialTensor([3, 1], 'float32', 1), b: specialTensor([1, 4], 'float32', 2) };
    expect(fallbackReasonFor(kernelFor('FloorDiv'), 'wasm', floats, {})).toBe("dtype 'float32' (only int32)");
    const mixed = { a: specialTensor([3, 1], 'float32', 1), b: specialTensor([1, 4], 'int32', 2) };
    expect(fallbackReasonFor(kernelFor('Less'), 'wasm', mixed, {})).toBe("dtypes 'float32' and 'int32' (only equal ones)");
  });

  it('gives tf.logSumExp the gradient the cpu backend gives, without leaking tensors', async () => {
    const logits = specialTensor([2, 4, 4, 5], 'float32', 3);
    // Finite values only: the gradient of a NaN logit is NaN on both, which closeness cannot compare.
    logits.values = logits.values.map((v) => (Number.isFinite(v) ? Math.max(-30, Math.min(30, v)) : 1));
    const gradOn = async (backendName: string) => {
      await tf.setBackend(backendName);
      const grad = () => tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.logSumExp(x, -1)))(tf.tensor(logits.values, logits.shape)));
      tf.dispose(grad());
      const before = tf.memory().numTensors;
      const result = grad();
      const values = Array.from(result.dataSync());
      result.dispose();
      expect(tf.memory().numTensors).toBe(before);
      return values;
    };
    const onCpu = await gradOn('cpu');
    const onWasm = await gradOn('wasm');
    onWasm.forEach((value, i) => expect(Math.abs(value - onCpu[i])).toBeLessThanOrEqual(1e-6 + 1e-5 * Math.abs(onCpu[i])));
  });
});
