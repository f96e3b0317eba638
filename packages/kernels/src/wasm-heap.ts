import type { backend_util, DataType, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * What the wasm backend offers for kernels that work on its heap directly.
 * Allocate every output before taking views: growing the heap detaches views taken before.
 */
export interface WasmHeap {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): backend_util.TypedArray;
}
