import {
  backend_util,
  DepthwiseConv2dNative,
  DepthwiseConv2dNativeBackpropInput,
  Reshape,
  Reverse,
  Slice,
  Sum,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convFallbackReason } from './conv-fallback-reason.js';
import { composeKernels } from './kernel-composer.js';
import type { KernelArgs, TrainingKernel } from './training-kernel.js';
import { phasedTransposedConv, transposedConvFallbackReason } from './transposed-conv-input.js';

function forwardInfo(filter: TensorInfo, attrs: DepthwiseConv2dNativeBackpropInputAttrs): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    attrs.inputShape,
    filter.shape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    undefined,
    true,
  );
}

/**
 * DepthwiseConv2dNativeBackpropInput as stride-1 depthwise convs of the
 * backend over the padded dy with the spatially flipped filter: one with
 * stride 1, one per output phase with that phase's taps otherwise,
 * interleaved (see `phasedTransposedConv`). With a channel multiplier m > 1,
 * input channel c gets Σ_k over dy's channels c·m + k: the flipped filter
 * becomes [fh, fw, C·m, 1] (same memory order), the convs yield
 * [B, H, W, C·m], and the m values of each channel are summed.
 */
export const depthwiseConv2dNativeBackpropInput: TrainingKernel = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  uses: [DepthwiseConv2dNative, Reverse, Reshape, Slice, Sum],

  fallbackReason({ inputs, attrs }: KernelArgs) {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const $attrs = attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
    return convFallbackReason($attrs, [dy, filter]) ?? transposedConvFallbackReason(dy, forwardInfo(filter, $attrs), $attrs.pad);
  },

  run({ inputs, backend, attrs }, { backendName }) {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const info = forwardInfo(filter, attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs);
    const [filterHeight, filterWidth, channels, multiplier] = filter.shape;
    const [batch, height, width] = info.inShape;
    return composeKernels(backend, backendName, (kernels) => {
      let flipped = filterHeight * filterWidth > 1 ? kernels.run(Reverse, { x: filter }, { dims: [0, 1] }) : filter;
      if (multiplier > 1) {
        flipped = kernels.run(Reshape, { x: flipped }, { shape: [filterHeight, filterWidth, channels * multiplier, 1] });
      }
      const grad = phasedTransposedConv(kernels, dy, info, flipped, channels * multiplier, (x, taps, pad) =>
        kernels.run(DepthwiseConv2dNative, { x, filter: taps }, { strides: [1, 1], pad, dilations: [1, 1] }),
      );
      if (multiplier === 1) return grad;
      const grouped = kernels.run(Reshape, { x: grad }, { shape: [batch, height, width, channels, multiplier] });
      return kernels.run(Sum, { x: grouped }, { axis: [4], keepDims: false });
    });
  },
};
