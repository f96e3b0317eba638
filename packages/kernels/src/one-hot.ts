import { OneHot, type OneHotAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelArgs, TrainingKernel } from './training-kernel.js';
import type { WasmHeap } from './wasm-heap.js';

/**
 * OneHot for wasm outputs other than int32. The wasm original always writes
 * int32 values into the output, whatever dtype it was asked for, so a float32
 * one-hot reads as denormal garbage (1 becomes 1.4e-45); `tf.oneHot(labels, C,
 * 1, 0, 'float32')` silently gave a cross-entropy gradient of softmax − 0.
 * Written here as one fill and one pass over the indices on the heap; int32
 * calls stay with the original, which is right for them.
 */
export const oneHot: TrainingKernel = {
  kernelName: OneHot,
  uses: [],

  fallbackReason({ attrs }: KernelArgs) {
    const { dtype } = attrs as unknown as OneHotAttrs;
    return dtype === 'int32' ? 'an int32 output (the original writes int32 correctly)' : undefined;
  },

  run({ inputs, backend, attrs }) {
    const { indices } = inputs as { indices: TensorInfo };
    const { depth, onValue, offValue, dtype } = attrs as unknown as OneHotAttrs;
    const heap = backend as unknown as WasmHeap;
    const out = heap.makeOutput([...indices.shape, depth], dtype);
    const values = heap.typedArrayFromHeap(out);
    const index = heap.typedArrayFromHeap(indices);
    values.fill(offValue);
    for (let i = 0; i < index.length; i++) {
      const k = index[i];
      // Like the original (and tfjs's cpu kernel): an index outside [0, depth) leaves its row off.
      if (k >= 0 && k < depth) values[i * depth + k] = onValue;
    }
    return out;
  },
};
