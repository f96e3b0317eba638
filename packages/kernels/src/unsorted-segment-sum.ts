import {
  util,
  UnsortedSegmentSum,
  type backend_util,
  type DataType,
  type TensorInfo,
  type UnsortedSegmentSumAttrs,
} from '@tensorflow/tfjs-core';
import type { KernelArgs, TrainingKernel } from './training-kernel.js';
import type { WasmHeap } from './wasm-heap.js';

/** What the cpu backend offers: values live in JS typed arrays. */
interface CpuStore {
  readSync(dataId: object): backend_util.BackendValues;
  makeTensorInfo(shape: number[], dtype: DataType, values: backend_util.BackendValues): TensorInfo;
}

/**
 * out[s, …] = Σ over the positions p with segmentIds[p] = s of x[p, …], in
 * position order; ids outside [0, numSegments) are dropped, as in TensorFlow.
 * Sums are kept in float64 and rounded once, like the cpu kernel's reduction.
 */
function accumulate(
  x: backend_util.TypedArray,
  segmentIds: backend_util.TypedArray,
  numSegments: number,
  innerSize: number,
  out: backend_util.TypedArray,
): void {
  const sums = new Float64Array(numSegments * innerSize);
  for (let position = 0; position < segmentIds.length; position++) {
    const segment = segmentIds[position];
    if (segment < 0 || segment >= numSegments) continue;
    const from = position * innerSize;
    const to = segment * innerSize;
    for (let i = 0; i < innerSize; i++) sums[to + i] += x[from + i];
  }
  out.set(sums);
}

/**
 * UnsortedSegmentSum (the gradient of gather, hence of every embedding) as
 * one pass over the inputs' values. The wasm backend has no such kernel; the
 * cpu one builds a mask, a product and a sum for every segment, so its cost
 * grows with the vocabulary size.
 */
export const unsortedSegmentSum: TrainingKernel = {
  kernelName: UnsortedSegmentSum,
  uses: [],

  fallbackReason({ inputs }: KernelArgs) {
    const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
    // The cpu kernel turns int32 sums into float32; only float32 behaves the same everywhere.
    if (x.dtype !== 'float32') return `x dtype '${x.dtype}' (only float32)`;
    if (segmentIds.dtype !== 'int32') return `segmentIds dtype '${segmentIds.dtype}' (only int32)`;
    if (segmentIds.shape.some((size, axis) => size !== x.shape[axis])) {
      return `segmentIds shape [${segmentIds.shape}] (must be a prefix of x's shape [${x.shape}])`;
    }
    return undefined;
  },

  run({ inputs, backend, attrs }, { backendName }) {
    const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
    const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs;
    const innerShape = x.shape.slice(segmentIds.shape.length);
    const innerSize = util.sizeFromShape(innerShape);
    const outShape = [numSegments, ...innerShape];
    if (backendName === 'wasm') {
      const heap = backend as WasmHeap;
      // Allocate first: growing the heap detaches views taken before.
      const out = heap.makeOutput(outShape, 'float32');
      accumulate(heap.typedArrayFromHeap(x), heap.typedArrayFromHeap(segmentIds), numSegments, innerSize, heap.typedArrayFromHeap(out));
      return out;
    }
    const store = backend as CpuStore;
    const outValues = new Float32Array(numSegments * innerSize);
    const xValues = store.readSync(x.dataId) as backend_util.TypedArray;
    accumulate(xValues, store.readSync(segmentIds.dataId) as backend_util.TypedArray, numSegments, innerSize, outValues);
    return store.makeTensorInfo(outShape, 'float32', outValues);
  },
};
