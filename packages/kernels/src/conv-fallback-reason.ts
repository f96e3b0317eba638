import type { backend_util, TensorInfo } from '@tensorflow/tfjs-core';

/** The conv backprop attributes whose values decide whether a fast path applies. */
export interface ConvAttrs {
  pad: unknown;
  dataFormat?: unknown;
  dimRoundingMode?: unknown;
  dilations?: unknown;
}

/**
 * Why a conv backprop call is outside the fast paths of this folder — naming
 * the attribute — or undefined when they reproduce the original exactly:
 * NHWC, no rounding mode, no negative padding, dilation 1, float32, rank 4.
 */
export function convFallbackReason(attrs: ConvAttrs, tensors: readonly TensorInfo[]): string | undefined {
  const { pad, dataFormat, dimRoundingMode, dilations } = attrs;
  if (dataFormat != null && dataFormat !== 'NHWC') return `dataFormat '${String(dataFormat)}' (only NHWC)`;
  // A rounding mode can make the forward output reach past the padding; the
  // padding arithmetic below assumes it never does.
  if (dimRoundingMode != null) return `dimRoundingMode '${String(dimRoundingMode)}'`;
  if ([pad].flat(2).some((p) => typeof p === 'number' && p < 0)) return `negative padding ${JSON.stringify(pad)}`;
  // The gradients never pass dilations other than 1, and the cpu originals ignore them.
  if (dilations != null && [dilations].flat().some((d) => d !== 1)) return `dilations ${JSON.stringify(dilations)}`;
  for (const tensor of tensors) {
    if (tensor.dtype !== 'float32') return `dtype '${tensor.dtype}' (only float32)`;
    if (tensor.shape.length !== 4) return `rank ${tensor.shape.length} (only rank 4)`;
  }
  return undefined;
}

/** Why `dy` cannot be the gradient of this forward conv's output, or undefined when it has the output's shape. */
export function dyShapeFallbackReason(dy: TensorInfo, forward: backend_util.Conv2DInfo): string | undefined {
  if (dy.shape.some((size, axis) => size !== forward.outShape[axis])) {
    return `dy shape [${dy.shape}] (the forward conv gives [${forward.outShape}])`;
  }
  return undefined;
}
