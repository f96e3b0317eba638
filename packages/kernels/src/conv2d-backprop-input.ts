import {
  backend_util,
  Conv2D,
  Conv2DBackpropInput,
  PadV2,
  Reshape,
  Reverse,
  Slice,
  Transpose,
  type Conv2DBackpropInputAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convFallbackReason } from './conv-fallback-reason.js';
import { composeKernels } from './kernel-composer.js';
import type { KernelArgs, TrainingKernel } from './training-kernel.js';
import { transposedConvFallbackReason, transposedConvInput } from './transposed-conv-input.js';

function forwardInfo(filter: TensorInfo, attrs: Conv2DBackpropInputAttrs): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    attrs.inputShape,
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    undefined,
    false,
    'channelsLast',
  );
}

/**
 * Conv2DBackpropInput (also the forward pass of conv2dTranspose) as one
 * stride-1 Conv2D of the backend: dy, zero-dilated by the forward strides and
 * explicitly padded, convolved with the filter flipped in both spatial axes
 * and with its in/out channels swapped ([fh, fw, Cout, Cin]).
 */
export const conv2dBackpropInput: TrainingKernel = {
  kernelName: Conv2DBackpropInput,
  uses: [Conv2D, Reverse, Transpose, Reshape, PadV2, Slice],

  fallbackReason({ inputs, attrs }: KernelArgs) {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const $attrs = attrs as unknown as Conv2DBackpropInputAttrs;
    return convFallbackReason($attrs, [dy, filter]) ?? transposedConvFallbackReason(dy, forwardInfo(filter, $attrs), $attrs.pad);
  },

  run({ inputs, backend, attrs }, { backendName }) {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const info = forwardInfo(filter, attrs as unknown as Conv2DBackpropInputAttrs);
    return composeKernels(backend, backendName, (kernels) => {
      const { x, pad } = transposedConvInput(kernels, dy, info);
      const flipped = info.filterHeight * info.filterWidth > 1 ? kernels.run(Reverse, { x: filter }, { dims: [0, 1] }) : filter;
      const swapped = kernels.run(Transpose, { x: flipped }, { perm: [0, 1, 3, 2] });
      return kernels.run(Conv2D, { x, filter: swapped }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1] });
    });
  },
};
