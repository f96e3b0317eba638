import { BatchMatMul, Transpose, type BatchMatMulAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { composeKernels } from './kernel-composer.js';
import type { KernelArgs, TrainingKernel } from './training-kernel.js';
import { transposeInnerDims } from './transpose-inner-dims.js';

/**
 * BatchMatMul with a transposed operand as an explicit Transpose and then the
 * backend's own kernel without transposes: the wasm kernel reads a transposed
 * operand with strided access and is many times slower than the copy plus a
 * plain product. Calls without a transposed operand are the original's.
 */
export const batchMatMul: TrainingKernel = {
  kernelName: BatchMatMul,
  uses: [BatchMatMul, Transpose],

  fallbackReason({ inputs, attrs }: KernelArgs) {
    const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
    if (!transposeA && !transposeB) return 'no transposed operand';
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return `dtype '${a.dtype}'/'${b.dtype}' (only float32)`;
    return undefined;
  },

  run({ inputs, backend, attrs }, { backendName, original }) {
    const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
    return composeKernels(backend, backendName, (kernels) => {
      const plainInputs = {
        a: transposeA ? transposeInnerDims(kernels, a) : a,
        b: transposeB ? transposeInnerDims(kernels, b) : b,
      };
      const plainAttrs = { ...attrs, transposeA: false, transposeB: false };
      // Registration guarantees the original exists: BatchMatMul is in `uses`.
      return kernels.adopt(original!.kernelFunc({ inputs: plainInputs, backend, attrs: plainAttrs }));
    });
  },
};
