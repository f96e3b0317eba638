import type { backend_util, DataType, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelArgs, TrainingBackend } from './training-kernel.js';
import type { WasmHeap } from './wasm-heap.js';

/** What the cpu backend offers: values live in JS typed arrays. */
interface CpuStore {
  readSync(dataId: object): backend_util.BackendValues;
  makeTensorInfo(shape: number[], dtype: DataType, values: backend_util.BackendValues): TensorInfo;
}

/** The sizes of a resize and the source step per output pixel, as the forward kernels compute them. */
export interface ResizeGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  depth: number;
  outHeight: number;
  outWidth: number;
  rowRatio: number;
  colRatio: number;
}

/**
 * Runs a resize gradient: `scatter` adds every dy value into the source
 * pixels the forward op read it from, into a zeroed float64 buffer of the
 * images' shape (rounded to float32 once at the end, so the order of the
 * additions does not matter). The ratios follow the forward kernels: with
 * alignCorners, the corner pixels' centres map onto each other, so
 * (in − 1)/(out − 1) when out > 1; otherwise in/out.
 */
export function runResizeGrad(
  { inputs, backend, attrs }: KernelArgs,
  backendName: TrainingBackend,
  scatter: (dy: backend_util.TypedArray, dx: Float64Array, geometry: ResizeGeometry) => void,
): TensorInfo {
  const { images, dy } = inputs as { images: TensorInfo; dy: TensorInfo };
  const alignCorners = attrs?.alignCorners === true;
  const [batch, inHeight, inWidth, depth] = images.shape;
  const [, outHeight, outWidth] = dy.shape;
  const ratio = (inSize: number, outSize: number) =>
    alignCorners && outSize > 1 ? (inSize - 1) / (outSize - 1) : inSize / outSize;
  const geometry: ResizeGeometry = {
    batch,
    inHeight,
    inWidth,
    depth,
    outHeight,
    outWidth,
    rowRatio: ratio(inHeight, outHeight),
    colRatio: ratio(inWidth, outWidth),
  };
  const sums = new Float64Array(batch * inHeight * inWidth * depth);
  if (backendName === 'wasm') {
    const heap = backend as unknown as WasmHeap;
    // Allocate first: growing the heap detaches views taken before.
    const out = heap.makeOutput(images.shape, 'float32');
    scatter(heap.typedArrayFromHeap(dy), sums, geometry);
    heap.typedArrayFromHeap(out).set(sums);
    return out;
  }
  const store = backend as unknown as CpuStore;
  scatter(store.readSync(dy.dataId) as backend_util.TypedArray, sums, geometry);
  return store.makeTensorInfo(images.shape, 'float32', Float32Array.from(sums));
}
