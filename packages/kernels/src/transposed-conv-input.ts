import { backend_util, Concat, Fill, Reshape, Slice, StridedSlice, Transpose, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { dyShapeFallbackReason } from './conv-fallback-reason.js';
import type { KernelComposer } from './kernel-composer.js';

/** Padding around the zero-dilated dy; a negative side means a forward padding wider than the filter. */
interface TransposedConvPadding {
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
function transposedConvPadding(info: backend_util.Conv2DInfo): TransposedConvPadding {
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
 * Why `phasedTransposedConv` is not used for an input gradient with this dy
 * and forward geometry, or undefined when it is: dy must have the forward
 * conv's output shape, and no padding side may be wider than the filter
 * (every input row then lies under some forward window).
 */
export function transposedConvFallbackReason(dy: TensorInfo, info: backend_util.Conv2DInfo, pad: unknown): string | undefined {
  const reason = dyShapeFallbackReason(dy, info);
  if (reason) return reason;
  if (Object.values(transposedConvPadding(info)).some((side) => side < 0)) {
    return `padding ${JSON.stringify(pad)} wider than the filter`;
  }
  return undefined;
}

/** One output phase along one spatial axis: the taps of the flipped filter it uses and the stride-1 conv that computes it. */
interface AxisPhase {
  /** Taps of the filter that reach this phase (0: the phase gets no gradient). */
  taps: number;
  /** Index of its first tap in the flipped filter; the others follow at the stride. */
  firstTap: number;
  /** dy rows (columns) to skip, where the phase's conv would need negative padding. */
  dyBegin: number;
  padBefore: number;
  padAfter: number;
  /** Rows (columns) the conv gives; the first `AxisPhases.count` are kept. */
  outSize: number;
}

/** How the input gradient along one axis splits into `stride` phases on a common grid. */
interface AxisPhases {
  phases: AxisPhase[];
  /** Grid rows per phase: grid row g, phase r is padded-input row (q0 + g)·stride + r. */
  count: number;
  /** Grid row of input row 0 after interleaving: the forward padding within the first grid step. */
  offset: number;
}

/**
 * Along one axis, input row h (padded row t = h + padBefore) gets
 * Σ_k dy[⌊t/s⌋ − k] · w[t mod s + k·s]: for each phase r = t mod s a stride-1
 * correlation of dy with the taps r, r + s, … flipped — 1/s of the taps a conv
 * of the zero-dilated dy multiplies with. Every phase is computed on the grid
 * q ∈ [q0, q0 + count) covering all input rows.
 */
function axisPhases(inSize: number, filterSize: number, stride: number, padBefore: number, outSize: number): AxisPhases {
  const q0 = Math.floor(padBefore / stride);
  const count = Math.floor((padBefore + inSize - 1) / stride) - q0 + 1;
  const phases = Array.from({ length: stride }, (_, r): AxisPhase => {
    const taps = r < filterSize ? Math.ceil((filterSize - r) / stride) : 0;
    // Grid row g reads dy rows q0 + g − (taps − 1) … q0 + g.
    const before = taps - 1 - q0;
    const dyBegin = Math.max(0, -before);
    const padBefore = Math.max(0, before);
    const rows = outSize - dyBegin;
    const padAfter = Math.max(0, count - rows - padBefore + taps - 1);
    return { taps, firstTap: filterSize - 1 - r - (taps - 1) * stride, dyBegin, padBefore, padAfter, outSize: rows + padBefore + padAfter - taps + 1 };
  });
  return { phases, count, offset: padBefore - q0 * stride };
}

/**
 * The input gradient of a conv (the forward pass of a transposed conv) from
 * dy ([B, OH, OW, Cout]) as stride² stride-1 convs — one per output phase
 * (h mod sh, w mod sw), each of dy with the flipped filter's taps for that
 * phase — interleaved into [B, H, W, channels]. `flipped` is the spatially
 * flipped filter with its spatial axes first; `convolve` runs the backend's
 * stride-1 conv of dy with a sub-filter over explicit padding and gives
 * `channels` channels. With stride 1 it is a single conv of dy.
 */
export function phasedTransposedConv(
  kernels: KernelComposer,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
  flipped: TensorInfo,
  channels: number,
  convolve: (x: TensorInfo, filter: TensorInfo, pad: backend_util.ExplicitPadding) => TensorInfo,
): TensorInfo {
  const { batchSize, inHeight, inWidth, filterHeight, filterWidth, strideHeight: sh, strideWidth: sw } = info;
  const rows = axisPhases(inHeight, filterHeight, sh, info.padInfo.top, info.outHeight);
  const columns = axisPhases(inWidth, filterWidth, sw, info.padInfo.left, info.outWidth);
  const gridShape = [batchSize, rows.count, columns.count, channels];

  const results: TensorInfo[] = [];
  for (const row of rows.phases) {
    for (const column of columns.phases) {
      if (row.taps === 0 || column.taps === 0) {
        results.push(kernels.run(Fill, {}, { shape: gridShape, value: 0, dtype: 'float32' }));
        continue;
      }
      const filter =
        row.taps === filterHeight && column.taps === filterWidth
          ? flipped
          : kernels.run(
              StridedSlice,
              { x: flipped },
              {
                begin: [row.firstTap, column.firstTap, 0, 0],
                end: [row.firstTap + (row.taps - 1) * sh + 1, column.firstTap + (column.taps - 1) * sw + 1, flipped.shape[2], flipped.shape[3]],
                strides: [sh, sw, 1, 1],
              },
            );
      const x =
        row.dyBegin > 0 || column.dyBegin > 0
          ? kernels.run(Slice, { x: dy }, { begin: [0, row.dyBegin, column.dyBegin, 0], size: [-1, -1, -1, -1] })
          : dy;
      let phase = convolve(x, filter, [[0, 0], [row.padBefore, row.padAfter], [column.padBefore, column.padAfter], [0, 0]]);
      if (row.outSize > rows.count || column.outSize > columns.count) {
        phase = kernels.run(Slice, { x: phase }, { begin: [0, 0, 0, 0], size: gridShape });
      }
      results.push(phase);
    }
  }
  if (results.length === 1) return results[0];

  // Phases stacked in front, then moved between the grid axes: [B, rows, sh, columns, sw, C] is the interleaved grid.
  const stackable = results.map((phase) => kernels.run(Reshape, { x: phase }, { shape: [1, ...gridShape] }));
  // Concat takes its inputs as an array, as tf.concat passes them.
  const stacked = kernels.run(Concat, stackable as unknown as NamedTensorInfoMap, { axis: 0 });
  const split = kernels.run(Reshape, { x: stacked }, { shape: [sh, sw, ...gridShape] });
  const moved = kernels.run(Transpose, { x: split }, { perm: [2, 3, 0, 4, 1, 5] });
  const grid = kernels.run(Reshape, { x: moved }, { shape: [batchSize, rows.count * sh, columns.count * sw, channels] });
  if (rows.offset === 0 && columns.offset === 0 && rows.count * sh === inHeight && columns.count * sw === inWidth) return grid;
  return kernels.run(Slice, { x: grid }, { begin: [0, rows.offset, columns.offset, 0], size: [batchSize, inHeight, inWidth, channels] });
}
