import {
  Atan2,
  backend_util,
  Equal,
  FloorDiv,
  Greater,
  GreaterEqual,
  Less,
  LessEqual,
  LogicalAnd,
  LogicalOr,
  Maximum,
  Minimum,
  Mod,
  NotEqual,
  Pow,
  util,
  type DataType,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { broadcastStrides, collapseAxes, type StridedWalk } from './collapse-axes.js';
import type { KernelArgs, TrainingKernel } from './training-kernel.js';
import type { WasmHeap } from './wasm-heap.js';

/**
 * out[o] = op(a[ai], b[bi]) for one run of the innermost axis, with the cpu
 * kernel's element function. One loop per op inside one function: a shared
 * loop calling an op function would see every op at one call site, which V8
 * cannot inline (measured 5–10× slower once a second op has run).
 */
function runOp(
  kernelName: string,
  a: backend_util.TypedArray,
  ai: number,
  aStep: number,
  b: backend_util.TypedArray,
  bi: number,
  bStep: number,
  out: backend_util.TypedArray,
  start: number,
  end: number,
): void {
  let o = start;
  switch (kernelName) {
    case Equal:
      for (; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai] === b[bi] ? 1 : 0;
      return;
    case NotEqual:
      for (; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai] !== b[bi] ? 1 : 0;
      return;
    case Less:
      for (; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai] < b[bi] ? 1 : 0;
      return;
    case LessEqual:
      for (; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai] <= b[bi] ? 1 : 0;
      return;
    case Greater:
      for (; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai] > b[bi] ? 1 : 0;
      return;
    case GreaterEqual:
      for (; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai] >= b[bi] ? 1 : 0;
      return;
    case LogicalAnd:
      for (; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai] && b[bi];
      return;
    case LogicalOr:
      for (; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai] || b[bi];
      return;
    case Maximum:
      for (; o < end; o++, ai += aStep, bi += bStep) out[o] = Math.max(a[ai], b[bi]);
      return;
    case Minimum:
      for (; o < end; o++, ai += aStep, bi += bStep) out[o] = Math.min(a[ai], b[bi]);
      return;
    case Pow:
      for (; o < end; o++, ai += aStep, bi += bStep) out[o] = Math.pow(a[ai], b[bi]);
      return;
    case Atan2:
      for (; o < end; o++, ai += aStep, bi += bStep) out[o] = Math.atan2(a[ai], b[bi]);
      return;
    case Mod:
      for (; o < end; o++, ai += aStep, bi += bStep) out[o] = floorMod(a[ai], b[bi]);
      return;
    case FloorDiv:
      for (; o < end; o++, ai += aStep, bi += bStep) out[o] = Math.floor(a[ai] / b[bi]);
      return;
    default:
      throw new Error(`no element loop for ${kernelName}`);
  }
}

/** The cpu backend's Mod: the remainder takes the divisor's sign. */
function floorMod(a: number, b: number): number {
  const rem = a % b;
  return (a < 0 && b < 0) || (a >= 0 && b >= 0) ? rem : (rem + b) % b;
}

/**
 * Runs `kernelName`'s element loop over the walk: one run per step of the
 * innermost axis, an odometer over the outer ones. Values are read and
 * written as the heap's typed arrays hold them, so rounding (float32) and
 * wrapping (int32, bool) happen on the store, as in the cpu kernels.
 */
function walkBinary(
  kernelName: string,
  a: backend_util.TypedArray,
  b: backend_util.TypedArray,
  out: backend_util.TypedArray,
  walk: StridedWalk,
): void {
  const { shape } = walk;
  const [aStrides, bStrides] = walk.strides;
  const inner = shape.length - 1;
  const run = shape[inner];
  const index = new Array<number>(inner).fill(0);
  let aStart = 0;
  let bStart = 0;
  for (let start = 0; start < out.length; start += run) {
    runOp(kernelName, a, aStart, aStrides[inner], b, bStart, bStrides[inner], out, start, start + run);
    for (let axis = inner - 1; axis >= 0; axis--) {
      aStart += aStrides[axis];
      bStart += bStrides[axis];
      if (++index[axis] < shape[axis]) break;
      index[axis] = 0;
      aStart -= aStrides[axis] * shape[axis];
      bStart -= bStrides[axis] * shape[axis];
    }
  }
}

/**
 * Whether one operand has the broadcast output's shape and the other a
 * suffix of it (equal shapes and scalars included): the wasm originals run
 * that as one flat loop, as fast as this one or faster (their Pow is a
 * native powf); every other broadcast goes through their slow generic loop.
 */
function repeatsAlongLeadingAxes(aShape: number[], bShape: number[]): boolean {
  const outShape = backend_util.assertAndGetBroadcastShape(aShape, bShape);
  const outSize = util.sizeFromShape(outShape);
  const isSuffix = (shape: number[]) => {
    const first = shape.findIndex((size) => size !== 1);
    const core = first < 0 ? [] : shape.slice(first);
    return core.every((size, i) => size === outShape[outShape.length - core.length + i]);
  };
  return (util.sizeFromShape(aShape) === outSize && isSuffix(bShape)) || (util.sizeFromShape(bShape) === outSize && isSuffix(aShape));
}

/**
 * A binary element-wise kernel for wasm as one pass over the heap with the
 * cpu kernel's element function, for the broadcasts the wasm original runs
 * through its generic index-mapping loop: a [16,56,56,11] vs [16,56,56,1]
 * Equal (the gradient of tf.max in tf.logSumExp) is ~70× slower there than
 * a Sub of the same shapes.
 */
function elementwiseBinary(
  kernelName: string,
  { outDtype, onlyInt32 = false }: { outDtype?: DataType; onlyInt32?: boolean } = {},
): TrainingKernel {
  return {
    kernelName,
    uses: [],

    fallbackReason({ inputs }: KernelArgs) {
      const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
      if (a.dtype !== b.dtype) return `dtypes '${a.dtype}' and '${b.dtype}' (only equal ones)`;
      if (a.dtype === 'string' || a.dtype === 'complex64') return `dtype '${a.dtype}'`;
      // The cpu kernel returns int32 and the wasm one the input's dtype: only int32 means the same on both.
      if (onlyInt32 && a.dtype !== 'int32') return `dtype '${a.dtype}' (only int32)`;
      if (repeatsAlongLeadingAxes(a.shape, b.shape)) return 'a broadcast along leading axes only (the original loops over it flat)';
      return undefined;
    },

    run({ inputs, backend }) {
      const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
      const heap = backend as unknown as WasmHeap;
      const outShape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
      const out = heap.makeOutput(outShape, outDtype ?? a.dtype);
      const walk = collapseAxes({ shape: outShape, strides: [broadcastStrides(a.shape, outShape), broadcastStrides(b.shape, outShape)] });
      walkBinary(kernelName, heap.typedArrayFromHeap(a), heap.typedArrayFromHeap(b), heap.typedArrayFromHeap(out), walk);
      return out;
    },
  };
}

const BOOL = { outDtype: 'bool' } as const;

/**
 * The wasm binary kernels that share the slow broadcast loop, with the cpu
 * backend's element functions (so NaN, ±Infinity and ±0 come out as there).
 * Add, Sub, Mul, RealDiv and SquaredDifference broadcast fast on wasm and stay.
 */
export const elementwiseBinaryKernels: readonly TrainingKernel[] = [
  elementwiseBinary(Equal, BOOL),
  elementwiseBinary(NotEqual, BOOL),
  elementwiseBinary(Less, BOOL),
  elementwiseBinary(LessEqual, BOOL),
  elementwiseBinary(Greater, BOOL),
  elementwiseBinary(GreaterEqual, BOOL),
  elementwiseBinary(LogicalAnd, BOOL),
  elementwiseBinary(LogicalOr, BOOL),
  elementwiseBinary(Maximum),
  elementwiseBinary(Minimum),
  elementwiseBinary(Pow),
  elementwiseBinary(Atan2),
  elementwiseBinary(Mod),
  elementwiseBinary(FloorDiv, { onlyInt32: true }),
];
