import { backend_util, Concat, util, type ConcatAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelArgs, TrainingKernel } from './training-kernel.js';
import type { WasmHeap } from './wasm-heap.js';

// Below this block length an element loop beats `set` with its subarray allocation.
const SHORT_BLOCK = 64;

/**
 * Concat for wasm as one copy over the heap, as the original does, but with
 * an element loop for short blocks: the original copies every block with
 * `set(subarray(…))`, whose allocation dominates when the blocks are a few
 * channels long (a channel concat of [16,56,56,16] twice is 100k blocks).
 */
export const concat: TrainingKernel = {
  kernelName: Concat,
  uses: [],

  fallbackReason({ inputs }: KernelArgs) {
    // tf.concat passes its inputs as an array; Object.values reads that and a name → tensor map alike.
    const tensors = Object.values(inputs) as TensorInfo[];
    const { dtype } = tensors[0];
    if (dtype === 'string' || dtype === 'complex64') return `dtype '${dtype}'`;
    if (tensors.some((t) => t.dtype !== dtype)) return `mixed dtypes ${tensors.map((t) => `'${t.dtype}'`).join(', ')}`;
    // The original returns a lone non-empty input as it is, without a copy.
    if (tensors.filter((t) => util.sizeFromShape(t.shape) > 0).length < 2) return 'fewer than two non-empty inputs';
    return undefined;
  },

  run({ inputs, backend, attrs }) {
    const tensors = (Object.values(inputs) as TensorInfo[]).filter((t) => util.sizeFromShape(t.shape) > 0);
    const heap = backend as unknown as WasmHeap;
    const axis = util.parseAxisParam((attrs as unknown as ConcatAttrs).axis, tensors[0].shape)[0];
    const shapes = tensors.map((t) => t.shape);
    backend_util.assertParamsConsistent(shapes, axis);
    const out = heap.makeOutput(backend_util.computeOutShape(shapes, axis), tensors[0].dtype);
    const outer = util.sizeFromShape(tensors[0].shape.slice(0, axis));
    const blocks = tensors.map((t) => util.sizeFromShape(t.shape.slice(axis)));
    const sources = tensors.map((t) => heap.typedArrayFromHeap(t));
    const to = heap.typedArrayFromHeap(out);
    let target = 0;
    for (let o = 0; o < outer; o++) {
      sources.forEach((from, i) => {
        const block = blocks[i];
        const source = o * block;
        if (block < SHORT_BLOCK) {
          for (let k = 0; k < block; k++) to[target + k] = from[source + k];
        } else {
          to.set(from.subarray(source, source + block), target);
        }
        target += block;
      });
    }
    return out;
  },
};
