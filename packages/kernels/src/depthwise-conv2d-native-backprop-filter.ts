import {
  backend_util,
  DepthwiseConv2dNative,
  DepthwiseConv2dNativeBackpropFilter,
  Reshape,
  Slice,
  Sum,
  Transpose,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convFallbackReason, dyShapeFallbackReason } from './conv-fallback-reason.js';
import { composeKernels } from './kernel-composer.js';
import type { KernelArgs, TrainingKernel } from './training-kernel.js';

function forwardInfo(x: TensorInfo, attrs: DepthwiseConv2dNativeBackpropFilterAttrs): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    undefined,
    true,
  );
}

/**
 * DepthwiseConv2dNativeBackpropFilter as one depthwise conv of the backend:
 * dW[i, j, c, k] = Σ_b,y,x xPadded[b, y·sh + i, x·sw + j, c] · dy[b, y, x, c·m + k].
 * Folding the batch into the channels makes every (b, c) its own depthwise
 * channel: x as [1, H, W, B·C], dy as a [OH, OW, B·C, m] filter dilated by
 * the forward strides, over the forward padding. The first fh × fw outputs,
 * [fh, fw, B, C·m], summed over the batch are dW.
 */
export const depthwiseConv2dNativeBackpropFilter: TrainingKernel = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  uses: [DepthwiseConv2dNative, Transpose, Reshape, Slice, Sum],

  fallbackReason({ inputs, attrs }: KernelArgs) {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const $attrs = attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
    // The forward geometry is computed only for calls that pass the general checks (rank 4 among them).
    return convFallbackReason($attrs, [x, dy]) ?? dyShapeFallbackReason(dy, forwardInfo(x, $attrs));
  },

  run({ inputs, backend, attrs }, { backendName }) {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const $attrs = attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
    const info = forwardInfo(x, $attrs);
    const [filterHeight, filterWidth, channels, multiplier] = $attrs.filterShape;
    const [batch, height, width] = x.shape;
    const [, outHeight, outWidth] = dy.shape;
    const { top, bottom, left, right } = info.padInfo;
    return composeKernels(backend, backendName, (kernels) => {
      const xT = kernels.run(Transpose, { x }, { perm: [1, 2, 0, 3] });
      const xFolded = kernels.run(Reshape, { x: xT }, { shape: [1, height, width, batch * channels] });
      const dyT = kernels.run(Transpose, { x: dy }, { perm: [1, 2, 0, 3] });
      const dyFolded = kernels.run(Reshape, { x: dyT }, { shape: [outHeight, outWidth, batch * channels, multiplier] });
      let grad = kernels.run(
        DepthwiseConv2dNative,
        { x: xFolded, filter: dyFolded },
        { strides: [1, 1], pad: [[0, 0], [top, bottom], [left, right], [0, 0]], dilations: [info.strideHeight, info.strideWidth] },
      );
      if (grad.shape[1] !== filterHeight || grad.shape[2] !== filterWidth) {
        grad = kernels.run(Slice, { x: grad }, { begin: [0, 0, 0, 0], size: [1, filterHeight, filterWidth, batch * channels * multiplier] });
      }
      if (batch === 1) return kernels.run(Reshape, { x: grad }, { shape: $attrs.filterShape });
      const perBatch = kernels.run(Reshape, { x: grad }, { shape: [filterHeight, filterWidth, batch, channels * multiplier] });
      const summed = kernels.run(Sum, { x: perBatch }, { axis: [2], keepDims: false });
      return kernels.run(Reshape, { x: summed }, { shape: $attrs.filterShape });
    });
  },
};
