import type * as tf from '@tensorflow/tfjs-core';
import { SelectiveKdError } from './selective-kd-error.js';

/**
 * Refuses, naming the argument, a value that is not a live numeric tensor —
 * a plain array, null, a disposed tensor, a string tensor — before tfjs turns
 * it into a TypeError or "Tensor is disposed" far from the call. Reads
 * nothing from the device. Duck-typed, so a tensor of another copy of
 * tfjs-core passes.
 */
export function checkTensorArgument(name: string, value: unknown): asserts value is tf.Tensor {
  const tensor = value as Partial<tf.Tensor> | null | undefined;
  if (typeof tensor !== 'object' || tensor === null || !Array.isArray(tensor.shape) || tensor.dataId === undefined) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw new SelectiveKdError('INVALID_INPUT', `${name} is not a tensor but ${got}; convert it with tf.tensor()`);
  }
  if (tensor.isDisposed) throw new SelectiveKdError('INVALID_INPUT', `${name} (shape [${tensor.shape}]) has been disposed`);
  if (tensor.dtype === 'string') throw new SelectiveKdError('INVALID_INPUT', `${name} is a string tensor; it must hold numbers`);
}
