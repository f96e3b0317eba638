import {
  backend_util,
  Conv2D,
  Conv2DBackpropFilter,
  Slice,
  Transpose,
  type Conv2DBackpropFilterAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convFallbackReason, dyShapeFallbackReason } from './conv-fallback-reason.js';
import { composeKernels } from './kernel-composer.js';
import type { KernelArgs, TrainingKernel } from './training-kernel.js';

function forwardInfo(x: TensorInfo, attrs: Conv2DBackpropFilterAttrs): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    undefined,
    false,
    'channelsLast',
  );
}

/**
 * Conv2DBackpropFilter as one forward Conv2D of the backend:
 * dW[i, j, c, o] = Σ_b,y,x xPadded[b, y·sh + i, x·sw + j, c] · dy[b, y, x, o]
 * is a conv of x as [Cin, H, W, B] (batch ↔ channels) with dy as a
 * [OH, OW, B, Cout] filter dilated by the forward strides, over the forward
 * padding. Its output is at least filterHeight × filterWidth (the forward
 * windows fit in the padded input); the first rows/columns are dW as
 * [Cin, fh, fw, Cout].
 */
export const conv2dBackpropFilter: TrainingKernel = {
  kernelName: Conv2DBackpropFilter,
  uses: [Conv2D, Transpose, Slice],

  fallbackReason({ inputs, attrs }: KernelArgs) {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const $attrs = attrs as unknown as Conv2DBackpropFilterAttrs;
    // The forward geometry is computed only for calls that pass the general checks (rank 4 among them).
    return convFallbackReason($attrs, [x, dy]) ?? dyShapeFallbackReason(dy, forwardInfo(x, $attrs));
  },

  run({ inputs, backend, attrs }, { backendName }) {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const $attrs = attrs as unknown as Conv2DBackpropFilterAttrs;
    const info = forwardInfo(x, $attrs);
    const [filterHeight, filterWidth, inChannels, outChannels] = $attrs.filterShape;
    const { top, bottom, left, right } = info.padInfo;
    return composeKernels(backend, backendName, (kernels) => {
      const xT = kernels.run(Transpose, { x }, { perm: [3, 1, 2, 0] });
      const dyT = kernels.run(Transpose, { x: dy }, { perm: [1, 2, 0, 3] });
      let grad = kernels.run(
        Conv2D,
        { x: xT, filter: dyT },
        {
          strides: [1, 1],
          pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
          dataFormat: 'NHWC',
          dilations: [info.strideHeight, info.strideWidth],
        },
      );
      if (grad.shape[1] !== filterHeight || grad.shape[2] !== filterWidth) {
        grad = kernels.run(Slice, { x: grad }, { begin: [0, 0, 0, 0], size: [inChannels, filterHeight, filterWidth, outChannels] });
      }
      return kernels.run(Transpose, { x: grad }, { perm: [1, 2, 0, 3] });
    });
  },
};
