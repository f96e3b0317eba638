import { Tile, util, type backend_util, type TensorInfo, type TileAttrs } from '@tensorflow/tfjs-core';
import { collapseAxes } from './collapse-axes.js';
import type { KernelArgs, TrainingKernel } from './training-kernel.js';
import type { WasmHeap } from './wasm-heap.js';

// Below this run length a plain loop beats the call into fill/set (and set's subarray allocation).
const SHORT_RUN = 16;

/**
 * Copies x into out along the walk: each run of the innermost axis is one
 * value repeated (stride 0), a contiguous block (stride 1) or, for short
 * runs, an element loop; an odometer steps over the outer axes.
 */
function walkCopy(x: backend_util.TypedArray, out: backend_util.TypedArray, shape: number[], strides: number[]): void {
  const inner = shape.length - 1;
  const run = shape[inner];
  const step = strides[inner];
  const index = new Array<number>(inner).fill(0);
  let from = 0;
  for (let start = 0; start < out.length; start += run) {
    if (run < SHORT_RUN || (step !== 0 && step !== 1)) {
      for (let i = 0, xi = from; i < run; i++, xi += step) out[start + i] = x[xi];
    } else if (step === 0) {
      out.fill(x[from], start, start + run);
    } else {
      out.set(x.subarray(from, from + run), start);
    }
    for (let axis = inner - 1; axis >= 0; axis--) {
      from += strides[axis];
      if (++index[axis] < shape[axis]) break;
      index[axis] = 0;
      from -= strides[axis] * shape[axis];
    }
  }
}

/**
 * Tile (also what tf.broadcastTo runs) for wasm as one copy over the heap.
 * Output axis k of size reps[k]·size[k] is walked as [reps[k], size[k]] with
 * x's stride 0 on the repeat and its own stride on the size; collapsing those
 * axes leaves runs of repeated values or contiguous blocks. The wasm original
 * maps every output index back to x's one by one.
 */
export const tile: TrainingKernel = {
  kernelName: Tile,
  uses: [],

  fallbackReason({ inputs }: KernelArgs) {
    const { x } = inputs as { x: TensorInfo };
    if (x.dtype === 'string' || x.dtype === 'complex64') return `dtype '${x.dtype}'`;
    return undefined;
  },

  run({ inputs, backend, attrs }) {
    const { x } = inputs as { x: TensorInfo };
    const { reps } = attrs as unknown as TileAttrs;
    const heap = backend as unknown as WasmHeap;
    const out = heap.makeOutput(
      x.shape.map((size, axis) => size * reps[axis]),
      x.dtype,
    );
    const xStrides = [...util.computeStrides(x.shape), 1];
    const walk = collapseAxes({
      shape: x.shape.flatMap((size, axis) => [reps[axis], size]),
      strides: [x.shape.flatMap((_, axis) => [0, xStrides[axis]])],
    });
    walkCopy(heap.typedArrayFromHeap(x), heap.typedArrayFromHeap(out), walk.shape, walk.strides[0]);
    return out;
  },
};
