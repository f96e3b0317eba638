import { _FusedMatMul, Transpose, type _FusedMatMulAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { composeKernels } from './kernel-composer.js';
import type { KernelArgs, TrainingKernel } from './training-kernel.js';
import { transposeInnerDims } from './transpose-inner-dims.js';

/**
 * _FusedMatMul (dense layers: product, bias, activation) with a transposed
 * operand as an explicit Transpose and then the backend's own fused kernel
 * without transposes; bias, activation and prelu weights pass through as they
 * are. Calls without a transposed operand are the original's.
 */
export const fusedMatMul: TrainingKernel = {
  kernelName: _FusedMatMul,
  uses: [_FusedMatMul, Transpose],

  fallbackReason({ inputs, attrs }: KernelArgs) {
    const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as _FusedMatMulAttrs;
    if (!transposeA && !transposeB) return 'no transposed operand';
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return `dtype '${a.dtype}'/'${b.dtype}' (only float32)`;
    return undefined;
  },

  run({ inputs, backend, attrs }, { backendName, original }) {
    const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as _FusedMatMulAttrs;
    return composeKernels(backend, backendName, (kernels) => {
      const plainInputs = {
        ...inputs,
        a: transposeA ? transposeInnerDims(kernels, a) : a,
        b: transposeB ? transposeInnerDims(kernels, b) : b,
      };
      const plainAttrs = { ...attrs, transposeA: false, transposeB: false };
      // Registration guarantees the original exists: _FusedMatMul is in `uses`.
      return kernels.adopt(original!.kernelFunc({ inputs: plainInputs, backend, attrs: plainAttrs }));
    });
  },
};
