import {
  backend_util,
  Conv2D,
  Conv2DBackpropInput,
  Reverse,
  Slice,
  Transpose,
  type Conv2DBackpropInputAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convFallbackReason } from './conv-fallback-reason.js';
import { composeKernels } from './kernel-composer.js';
import type { KernelArgs, TrainingKernel } from './training-kernel.js';
import { phasedTransposedConv, transposedConvFallbackReason } from './transposed-conv-input.js';

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
 * Conv2DBackpropInput (also the forward pass of conv2dTranspose) as stride-1
 * Conv2Ds of the backend over the explicitly padded dy, with the filter
 * flipped in both spatial axes and its in/out channels swapped
 * ([fh, fw, Cout, Cin]): one conv with stride 1, one per output phase and
 * only that phase's taps otherwise, interleaved — the same multiply-adds as
 * the forward conv, where a conv of the zero-dilated dy does stride² times as many.
 */
export const conv2dBackpropInput: TrainingKernel = {
  kernelName: Conv2DBackpropInput,
  uses: [Conv2D, Reverse, Transpose, Slice],

  fallbackReason({ inputs, attrs }: KernelArgs) {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const $attrs = attrs as unknown as Conv2DBackpropInputAttrs;
    return convFallbackReason($attrs, [dy, filter]) ?? transposedConvFallbackReason(dy, forwardInfo(filter, $attrs), $attrs.pad);
  },

  run({ inputs, backend, attrs }, { backendName }) {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const info = forwardInfo(filter, attrs as unknown as Conv2DBackpropInputAttrs);
    return composeKernels(backend, backendName, (kernels) => {
      const flipped = info.filterHeight * info.filterWidth > 1 ? kernels.run(Reverse, { x: filter }, { dims: [0, 1] }) : filter;
      const swapped = kernels.run(Transpose, { x: flipped }, { perm: [0, 1, 3, 2] });
      return phasedTransposedConv(kernels, dy, info, swapped, info.inChannels, (x, taps, pad) =>
        kernels.run(Conv2D, { x, filter: taps }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1] }),
      );
    });
  },
};
