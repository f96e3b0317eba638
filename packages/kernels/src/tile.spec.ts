import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { againstCpuOriginal, fallbackReasonFor, randomTensor, setUpBackends, type HostTensor } from './kernel-harness.spec-helper.js';
import { tile } from './tile.js';

beforeAll(setUpBackends);

/** [x shape, reps]: tf.broadcastTo's trailing-axis repeat (as in the audio example), blocks, scalars, empty outputs. */
const CASES: readonly (readonly [number[], number[]])[] = [
  [[2, 5, 5, 1], [1, 1, 1, 11]],
  [[4, 1, 88], [1, 7, 1]],
  [[3], [4]],
  [[2, 3], [2, 1]],
  [[2, 3], [1, 20]],
  [[2, 1, 3], [3, 4, 2]],
  [[1, 40], [3, 1]],
  [[5, 2, 17], [2, 1, 1]],
  [[], []],
  [[2, 3], [0, 2]],
];

function withDtype(host: HostTensor, dtype: HostTensor['dtype']): HostTensor {
  if (dtype === 'float32') return host;
  const values = Array.from(host.values, (v) => (dtype === 'bool' ? (v > 0 ? 1 : 0) : Math.round(v * 1000)));
  return { shape: host.shape, dtype, values: dtype === 'bool' ? Uint8Array.from(values) : Int32Array.from(values) };
}

const DTYPES = ['float32', 'int32', 'bool'] as const;

describe('Tile on wasm', () => {
  it.each(CASES.flatMap(([shape, reps], i) => DTYPES.map((dtype) => [`[${shape}] × [${reps}] ${dtype}`, shape, reps, dtype, i] as const)))(
    'matches the cpu original exactly: %s',
    (_, shape, reps, dtype, i) => {
      const inputs = { x: withDtype(randomTensor(shape, i + 1), dtype) };
      expect(fallbackReasonFor(tile, 'wasm', inputs, { reps })).toBeUndefined();
      const { actual, expected, leakedDataIds } = againstCpuOriginal('Tile', 'wasm', inputs, { reps });
      expect(leakedDataIds).toBe(0);
      expect(actual.dtype).toBe(expected.dtype);
      expect(actual.shape).toEqual(expected.shape);
      expect(Array.from(actual.values)).toEqual(Array.from(expected.values));
    },
  );

  it('runs tf.broadcastTo and its gradient as the cpu backend does, without leaking tensors', async () => {
    const x = randomTensor([3, 1, 1], 7);
    const on = async (backendName: string) => {
      await tf.setBackend(backendName);
      const run = () =>
        tf.tidy(() => {
          const input = tf.tensor(x.values, x.shape);
          const grad = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.broadcastTo(v, [2, 3, 4, 6]), tf.range(0, 6))))(input);
          return [tf.broadcastTo(input, [2, 3, 4, 6]), grad];
        });
      tf.dispose(run());
      const before = tf.memory().numTensors;
      const results = run();
      const values = results.map((t) => Array.from(t.dataSync()));
      tf.dispose(results);
      expect(tf.memory().numTensors).toBe(before);
      return values;
    };
    const onCpu = await on('cpu');
    const onWasm = await on('wasm');
    expect(onWasm[0]).toEqual(onCpu[0]);
    onWasm[1].forEach((value, i) => expect(Math.abs(value - onCpu[1][i])).toBeLessThanOrEqual(1e-4));
  });
});
