import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { concat } from './concat.js';
import { callKernel, fallbackReasonFor, originalKernel, randomTensor, registeredTrainingKernel, setUpBackends, type HostTensor } from './kernel-harness.spec-helper.js';

beforeAll(setUpBackends);

function withDtype(host: HostTensor, dtype: HostTensor['dtype']): HostTensor {
  if (dtype === 'float32') return host;
  const values = Array.from(host.values, (v) => (dtype === 'bool' ? (v > 0 ? 1 : 0) : Math.round(v * 1000)));
  return { shape: host.shape, dtype, values: dtype === 'bool' ? Uint8Array.from(values) : Int32Array.from(values) };
}

/** [input shapes, axis]: the pixel teacher's channel concat (batch 2), short and long blocks, negative axes, empty inputs. */
const CASES: readonly (readonly [number[][], number])[] = [
  [[[2, 56, 56, 16], [2, 56, 56, 16]], 3],
  [[[2, 3, 4], [2, 3, 1], [2, 3, 7]], -1],
  [[[2, 3, 40], [2, 5, 40]], 1],
  [[[3, 2], [4, 2]], 0],
  [[[2, 0, 3], [2, 2, 3], [2, 1, 3]], 1],
];

// Concat takes its inputs as an array, as tf.concat passes them; callKernel passes a map, so index keys stand in.
const asInputs = (tensors: HostTensor[]) => Object.fromEntries(tensors.map((t, i) => [String(i), t]));

describe('Concat on wasm', () => {
  it.each(CASES.flatMap(([shapes, axis], i) => (['float32', 'int32', 'bool'] as const).map((dtype) => [`${JSON.stringify(shapes)} axis ${axis} ${dtype}`, shapes, axis, dtype, i] as const)))(
    'matches the cpu original exactly: %s',
    (_, shapes, axis, dtype, i) => {
      const tensors = shapes.map((shape, j) => withDtype(randomTensor(shape, 10 * i + j + 1), dtype));
      expect(fallbackReasonFor(concat, 'wasm', asInputs(tensors), { axis })).toBeUndefined();
      const asArray = (kernel: tf.KernelConfig): tf.KernelFunc => (args) => kernel.kernelFunc({ ...args, inputs: Object.values(args.inputs) as unknown as tf.NamedTensorInfoMap });
      const expected = callKernel(asArray(originalKernel('Concat', 'cpu')), 'cpu', asInputs(tensors), { axis }).output;
      const { output, leakedDataIds } = callKernel(asArray(registeredTrainingKernel('Concat', 'wasm')), 'wasm', asInputs(tensors), { axis });
      expect(leakedDataIds).toBe(0);
      expect(output.shape).toEqual(expected.shape);
      expect(output.dtype).toBe(expected.dtype);
      expect(Array.from(output.values)).toEqual(Array.from(expected.values));
    },
  );

  it('leaves a single non-empty input and mixed dtypes to the wasm original', () => {
    const one = asInputs([randomTensor([2, 0], 1), randomTensor([2, 3], 2)]);
    expect(fallbackReasonFor(concat, 'wasm', { ...one }, { axis: 1 })).toBe('fewer than two non-empty inputs');
    const mixed = asInputs([randomTensor([2, 3], 1), withDtype(randomTensor([2, 3], 2), 'int32')]);
    expect(fallbackReasonFor(concat, 'wasm', mixed, { axis: 1 })).toBe("mixed dtypes 'float32', 'int32'");
  });
});
