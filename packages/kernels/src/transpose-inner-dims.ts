import { Transpose, type TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelComposer } from './kernel-composer.js';

/** `x` with its last two axes swapped, by the backend's Transpose kernel. */
export function transposeInnerDims(kernels: KernelComposer, x: TensorInfo): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
  return kernels.run(Transpose, { x }, { perm });
}
