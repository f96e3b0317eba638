import { expectTensorClose } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchMatMul } from './batch-mat-mul.js';
import { fusedMatMul } from './fused-mat-mul.js';
import { againstCpuOriginal, fallbackReasonFor, randomTensor, setUpBackends, toTensor } from './kernel-harness.spec-helper.js';

// Inner dimensions of at most 7: float32 rounding stays far below 1e-5 relative.
const TOLERANCE = { rtol: 1e-5, atol: 1e-5 };

beforeAll(setUpBackends);

/** [batchA, batchB, m, k, n]: the product of an m×k and a k×n matrix per batch. */
const SHAPES: readonly (readonly number[])[] = [
  [1, 1, 5, 3, 4],
  [3, 3, 2, 7, 3],
  [3, 1, 4, 2, 5],
  [1, 1, 1, 6, 1],
  [2, 2, 6, 1, 6],
];
const TRANSPOSES = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;
const CASES = SHAPES.flatMap((shape) => TRANSPOSES.map(([transposeA, transposeB]) => ({ shape, transposeA, transposeB })));

function operands({ shape, transposeA, transposeB }: (typeof CASES)[number], seed: number) {
  const [batchA, batchB, m, k, n] = shape;
  return {
    a: randomTensor(transposeA ? [batchA, k, m] : [batchA, m, k], seed),
    b: randomTensor(transposeB ? [batchB, n, k] : [batchB, k, n], seed + 1),
  };
}

const label = (c: (typeof CASES)[number]) => `[${c.shape}] transposeA ${c.transposeA} transposeB ${c.transposeB}`;

describe('BatchMatMul on wasm', () => {
  it.each(CASES.map((c, i) => [label(c), c, i] as const))('matches the cpu original: %s', (_, c, i) => {
    const inputs = operands(c, 2 * i + 1);
    const attrs = { transposeA: c.transposeA, transposeB: c.transposeB };
    expect(fallbackReasonFor(batchMatMul, 'wasm', inputs, attrs)).toBe(
      c.transposeA || c.transposeB ? undefined : 'no transposed operand',
    );
    const { actual, expected, leakedDataIds } = againstCpuOriginal('BatchMatMul', 'wasm', inputs, attrs);
    expect(leakedDataIds).toBe(0);
    tf.tidy(() => expectTensorClose(toTensor(actual), toTensor(expected), TOLERANCE));
  });

  it('matches on rank-4 operands', () => {
    const inputs = { a: randomTensor([2, 3, 4, 5], 1), b: randomTensor([2, 3, 6, 5], 2) };
    const { actual, expected } = againstCpuOriginal('BatchMatMul', 'wasm', inputs, { transposeA: false, transposeB: true });
    tf.tidy(() => expectTensorClose(toTensor(actual), toTensor(expected), TOLERANCE));
  });
});

// The wasm backend's own _FusedMatMul adds the bias wrongly when the batch is
// larger than 1 (with or without transposes), so bias cases use batch 1 — the
// only batch tfjs-layers' dense layers produce — and larger batches go without bias.
describe('_FusedMatMul on wasm', () => {
  const fusedCases = CASES.map((c) => ({ ...c, bias: c.shape[0] === 1 && c.shape[1] === 1 }));
  it.each(fusedCases.map((c, i) => [`${label(c)} bias ${c.bias}`, c, i] as const))('matches the cpu original with relu: %s', (_, c, i) => {
    const inputs = { ...operands(c, 2 * i + 1), ...(c.bias ? { bias: randomTensor([c.shape[4]], 3 * i) } : {}) };
    const attrs = { transposeA: c.transposeA, transposeB: c.transposeB, activation: 'relu' };
    expect(fallbackReasonFor(fusedMatMul, 'wasm', inputs, attrs)).toBe(c.transposeA || c.transposeB ? undefined : 'no transposed operand');
    const { actual, expected, leakedDataIds } = againstCpuOriginal('_FusedMatMul', 'wasm', inputs, attrs);
    expect(leakedDataIds).toBe(0);
    tf.tidy(() => expectTensorClose(toTensor(actual), toTensor(expected), TOLERANCE));
  });

  it('passes leaky relu and its alpha through', () => {
    const inputs = { a: randomTensor([1, 4, 3], 1), b: randomTensor([1, 5, 4], 2), bias: randomTensor([5], 3) };
    const attrs = { transposeA: true, transposeB: true, activation: 'leakyrelu', leakyreluAlpha: 0.3 };
    const { actual, expected } = againstCpuOriginal('_FusedMatMul', 'wasm', inputs, attrs);
    tf.tidy(() => expectTensorClose(toTensor(actual), toTensor(expected), TOLERANCE));
  });
});
