import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

export interface ClosenessOptions {
  /** Relative tolerance. Default 1e-5. */
  rtol?: number;
  /** Absolute tolerance. Default 1e-6. */
  atol?: number;
}

type NestedNumbers = number | NestedNumbers[];

/**
 * Fails unless `actual` has `expected`'s shape and every element satisfies
 * |a − e| ≤ atol + rtol·|e| (numpy's `allclose`). NaN never matches.
 */
export function expectTensorClose(
  actual: tf.Tensor | NestedNumbers,
  expected: tf.Tensor | NestedNumbers,
  { rtol = 1e-5, atol = 1e-6 }: ClosenessOptions = {},
): void {
  const a = flatten(actual);
  const e = flatten(expected);
  expect(a.shape, 'shape').toEqual(e.shape);
  let worst = -1;
  let worstExcess = 0;
  a.values.forEach((value, i) => {
    const excess = Math.abs(value - e.values[i]) - (atol + rtol * Math.abs(e.values[i]));
    if (!(excess <= 0) && (worst < 0 || !(excess <= worstExcess))) {
      worst = i;
      worstExcess = excess;
    }
  });
  if (worst >= 0) {
    expect.fail(
      `tensors differ at flat index ${worst}: got ${a.values[worst]}, expected ${e.values[worst]} ` +
        `(rtol ${rtol}, atol ${atol}); got [${a.values.slice(0, 8).join(', ')}${a.values.length > 8 ? ', …' : ''}]`,
    );
  }
}

function flatten(value: tf.Tensor | NestedNumbers): { shape: number[]; values: number[] } {
  if (value instanceof tf.Tensor) return { shape: value.shape, values: Array.from(value.dataSync()) };
  const shape: number[] = [];
  for (let level: NestedNumbers = value; Array.isArray(level); level = level[0]) shape.push(level.length);
  const values: number[] = [];
  const walk = (v: NestedNumbers): void => void (Array.isArray(v) ? v.forEach(walk) : values.push(v));
  walk(value);
  return { shape, values };
}
