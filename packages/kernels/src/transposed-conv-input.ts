import { backend_util, PadV2, Reshape, Slice, type TensorInfo } from '@tensorflow/tfjs-core';
import { dyShapeFallbackReason } from './conv-fallback-reason.js';
import type { KernelComposer } from './kernel-composer.js';

/** Padding around the zero-dilated dy; negative sides mean the fast path does not apply. */
export interface TransposedConvPadding {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * The gradient of a conv with respect to its input is a stride-1 conv of dy —
 * with stride − 1 zeros between its rows and columns — padded so that the
 * spatially flipped filter lines up with the forward windows: top =
 * filterHeight − 1 − forward top padding, and the bottom chosen so the
 * output has exactly inHeight rows. Same for the width.
 */
export function transposedConvPadding(info: backend_util.Conv2DInfo): TransposedConvPadding {
  const top = info.filterHeight - 1 - info.padInfo.top;
  const left = info.filterWidth - 1 - info.padInfo.left;
  const dilatedHeight = (info.outHeight - 1) * info.strideHeight + 1;
  const dilatedWidth = (info.outWidth - 1) * info.strideWidth + 1;
  return {
    top,
    bottom: info.inHeight + info.filterHeight - 1 - top - dilatedHeight,
    left,
    right: info.inWidth + info.filterWidth - 1 - left - dilatedWidth,
  };
}

/**
 * Why `transposedConvInput` cannot stand in for an input gradient with this
 * dy and forward geometry, or undefined when it can: dy must have the forward
 * conv's output shape, and no padding side may be wider than the filter.
 */
export function transposedConvFallbackReason(dy: TensorInfo, info: backend_util.Conv2DInfo, pad: unknown): string | undefined {
  const reason = dyShapeFallbackReason(dy, info);
  if (reason) return reason;
  if (Object.values(transposedConvPadding(info)).some((side) => side < 0)) {
    return `padding ${JSON.stringify(pad)} wider than the filter`;
  }
  return undefined;
}

/**
 * dy ([B, OH, OW, C]) zero-dilated by the forward strides, with the explicit
 * padding a stride-1 conv with the flipped filter needs to produce the input
 * gradient. Assumes `transposedConvPadding(info)` has no negative side.
 */
export function transposedConvInput(
  kernels: KernelComposer,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
): { x: TensorInfo; pad: backend_util.ExplicitPadding } {
  const { top, bottom, left, right } = transposedConvPadding(info);
  const { strideHeight: sh, strideWidth: sw } = info;
  if (sh === 1 && sw === 1) return { x: dy, pad: [[0, 0], [top, bottom], [left, right], [0, 0]] };

  const [batch, height, width, channels] = dy.shape;
  // Zeros after every row and column: give each its own unit axis and pad that axis to the stride.
  const split = kernels.run(Reshape, { x: dy }, { shape: [batch, height, 1, width, 1, channels] });
  const spaced = kernels.run(
    PadV2,
    { x: split },
    { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 },
  );
  let x = kernels.run(Reshape, { x: spaced }, { shape: [batch, height * sh, width * sw, channels] });
  // That leaves stride − 1 zero rows (columns) after the last one of dy: they
  // count towards the bottom (right) padding, and where the padding is
  // smaller than that the surplus is cut off.
  const cutRows = Math.max(0, sh - 1 - bottom);
  const cutColumns = Math.max(0, sw - 1 - right);
  if (cutRows > 0 || cutColumns > 0) {
    x = kernels.run(
      Slice,
      { x },
      { begin: [0, 0, 0, 0], size: [batch, height * sh - cutRows, width * sw - cutColumns, channels] },
    );
  }
  const pad: backend_util.ExplicitPadding = [
    [0, 0],
    [top, Math.max(0, bottom - (sh - 1))],
    [left, Math.max(0, right - (sw - 1))],
    [0, 0],
  ];
  return { x, pad };
}
