import { expectTensorClose } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  againstCpuOriginal,
  callKernel,
  fallbackReasonFor,
  type HostTensor,
  int32Tensor,
  randomTensor,
  setUpBackends,
  toTensor,
} from './kernel-harness.spec-helper.js';
import type { TrainingBackend } from './training-kernel.js';
import { unsortedSegmentSum } from './unsorted-segment-sum.js';

// Both add in position order in float64 and round once: the results agree to the last bit.
const TOLERANCE = { rtol: 1e-5, atol: 1e-5 };

beforeAll(setUpBackends);

interface SegmentCase {
  name: string;
  x: number[];
  segmentIds: HostTensor;
  numSegments: number;
}

const CASES: readonly SegmentCase[] = [
  { name: 'one id per row, in order', x: [4, 3], segmentIds: int32Tensor([4], [0, 1, 2, 3]), numSegments: 4 },
  { name: 'repeats, out of order, unused segments', x: [6, 4], segmentIds: int32Tensor([6], [3, 0, 3, 5, 1, 0]), numSegments: 7 },
  { name: 'every row to one segment', x: [5, 2, 3], segmentIds: int32Tensor([5], [2, 2, 2, 2, 2]), numSegments: 3 },
  { name: 'ids outside [0, numSegments) are dropped', x: [5, 3], segmentIds: int32Tensor([5], [1, -1, 4, 0, 9]), numSegments: 4 },
  { name: 'scalar rows', x: [7], segmentIds: int32Tensor([7], [1, 0, 1, 2, 0, 1, 1]), numSegments: 3 },
  {
    name: 'an embedding gradient: 48 tokens, vocabulary 20, width 8',
    x: [48, 8],
    segmentIds: int32Tensor([48], Array.from({ length: 48 }, (_, i) => (i * 7) % 20)),
    numSegments: 20,
  },
];

describe('UnsortedSegmentSum', () => {
  describe.each<TrainingBackend>(['wasm', 'cpu'])('on %s', (backendName) => {
    it.each(CASES.map((c, i) => [c.name, c, i] as const))('matches the cpu original: %s', (_, c, i) => {
      const inputs = { x: randomTensor(c.x, i + 1), segmentIds: c.segmentIds };
      const attrs = { numSegments: c.numSegments };
      expect(fallbackReasonFor(unsortedSegmentSum, backendName, inputs, attrs)).toBeUndefined();
      const { actual, expected, leakedDataIds } = againstCpuOriginal('UnsortedSegmentSum', backendName, inputs, attrs);
      expect(leakedDataIds).toBe(0);
      tf.tidy(() => expectTensorClose(toTensor(actual), toTensor(expected), TOLERANCE));
    });
  });

  // The cpu original throws on segment ids of rank > 1 (it broadcasts them
  // against x wrongly); the reference is the same sum over flattened ids.
  it.each<TrainingBackend>(['wasm', 'cpu'])('sums over 2-D segment ids as over the flattened ones on %s', (backendName) => {
    const x = randomTensor([2, 3, 4], 11);
    const ids = [0, 2, 0, 1, 2, 2];
    const attrs = { numSegments: 4 };
    const kernel = tf.getKernel('UnsortedSegmentSum', backendName);
    const { output, leakedDataIds } = callKernel(kernel.kernelFunc, backendName, { x, segmentIds: int32Tensor([2, 3], ids) }, attrs);
    expect(leakedDataIds).toBe(0);
    const flat = { x: { ...x, shape: [6, 4] }, segmentIds: int32Tensor([6], ids) };
    const { expected } = againstCpuOriginal('UnsortedSegmentSum', backendName, flat, attrs);
    tf.tidy(() => expectTensorClose(toTensor(output), toTensor(expected), TOLERANCE));
  });

  it('names an int32 x on wasm and leaves it to the original on cpu', () => {
    const inputs = { x: int32Tensor([3, 2], [1, 2, 3, 4, 5, 6]), segmentIds: int32Tensor([3], [1, 0, 1]) };
    expect(fallbackReasonFor(unsortedSegmentSum, 'cpu', inputs, { numSegments: 2 })).toMatch(/x dtype 'int32'/);
    const { actual, expected } = againstCpuOriginal('UnsortedSegmentSum', 'cpu', inputs, { numSegments: 2 });
    expect(Array.from(actual.values)).toEqual(Array.from(expected.values));
    const wasmKernel = tf.getKernel('UnsortedSegmentSum', 'wasm');
    expect(() => callKernel(wasmKernel.kernelFunc, 'wasm', inputs, { numSegments: 2 })).toThrow(/x dtype 'int32'/);
  });

  it('gives tf.gather its gradient on wasm', async () => {
    await tf.setBackend('wasm');
    const grad = tf.tidy(() => {
      const table = toTensor(randomTensor([5, 3], 9));
      const loss = (t: tf.Tensor) => tf.sum(tf.gather(t, tf.tensor1d([4, 1, 4, 0], 'int32')));
      return Array.from(tf.grad(loss)(table).dataSync());
    });
    expect(grad).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 2, 2, 2]);
  });
});
