import { backend_util, Slice, type TensorInfo } from '@tensorflow/tfjs-core';
import { dyShapeFallbackReason } from './conv-fallback-reason.js';
import type { KernelComposer } from './kernel-composer.js';
import type { WasmHeap } from './wasm-heap.js';

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
  /** At least enough to give the grid's rows (columns); the interleave ignores the surplus. */
  padAfter: number;
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
    const padAfter = Math.max(0, count - (outSize - dyBegin) - padBefore + taps - 1);
    return { taps, firstTap: filterSize - 1 - r - (taps - 1) * stride, dyBegin, padBefore, padAfter };
  });
  return { phases, count, offset: padBefore - q0 * stride };
}

/**
 * The phase's taps of the flipped filter ([fh, fw, A, B]): rows
 * row.firstTap + k·sh and columns column.firstTap + l·sw, as [Kh, Kw, A, B],
 * copied on the wasm heap (the backend's StridedSlice takes milliseconds for
 * a 3×3 filter).
 */
function phaseTaps(kernels: KernelComposer, flipped: TensorInfo, row: AxisPhase, column: AxisPhase, sh: number, sw: number): TensorInfo {
  const [, filterWidth, inner, outer] = flipped.shape;
  const block = inner * outer;
  const heap = kernels.backend as unknown as WasmHeap;
  const taps = kernels.adopt(heap.makeOutput([row.taps, column.taps, inner, outer], 'float32'));
  const from = heap.typedArrayFromHeap(flipped);
  const to = heap.typedArrayFromHeap(taps);
  for (let k = 0; k < row.taps; k++) {
    for (let l = 0; l < column.taps; l++) {
      const source = ((row.firstTap + k * sh) * filterWidth + column.firstTap + l * sw) * block;
      to.set(from.subarray(source, source + block), (k * column.taps + l) * block);
    }
  }
  return taps;
}

/**
 * Writes each phase's grid into its rows and columns of `out` ([B, H, W, C]):
 * grid cell (g, j) of phase (r, c) is input position (g·sh + r − rows.offset,
 * j·sw + c − columns.offset); cells outside the input are skipped, and
 * phases without taps (null) write zeros. A direct copy on the wasm heap:
 * the backend's rank-6 Transpose that would interleave stacked phases costs
 * ten times the convs.
 */
function interleave(
  heap: WasmHeap,
  phases: (TensorInfo | null)[],
  rows: AxisPhases,
  columns: AxisPhases,
  out: TensorInfo,
): void {
  const [batch, height, width, channels] = out.shape;
  const sh = rows.phases.length;
  const sw = columns.phases.length;
  const to = heap.typedArrayFromHeap(out);
  phases.forEach((phase, index) => {
    const r = Math.floor(index / sw);
    const c = index % sw;
    const from = phase && heap.typedArrayFromHeap(phase);
    // A phase's conv may give more rows or columns than the grid; its own row length is what counts.
    const [, phaseRows, phaseColumns] = phase ? phase.shape : [0, rows.count, columns.count];
    for (let b = 0; b < batch; b++) {
      for (let g = 0; g < rows.count; g++) {
        const h = g * sh + r - rows.offset;
        if (h < 0 || h >= height) continue;
        for (let j = 0; j < columns.count; j++) {
          const w = j * sw + c - columns.offset;
          if (w < 0 || w >= width) continue;
          const target = ((b * height + h) * width + w) * channels;
          if (!from) {
            to.fill(0, target, target + channels);
            continue;
          }
          const source = ((b * phaseRows + g) * phaseColumns + j) * channels;
          for (let k = 0; k < channels; k++) to[target + k] = from[source + k];
        }
      }
    }
  });
}

/**
 * The input gradient of a conv (the forward pass of a transposed conv) from
 * dy ([B, OH, OW, Cout]) as stride² stride-1 convs — one per output phase
 * (h mod sh, w mod sw), each of dy with the flipped filter's taps for that
 * phase — interleaved into [B, H, W, channels]. `flipped` is the spatially
 * flipped filter with its spatial axes first; `convolve` runs the backend's
 * stride-1 conv of dy with a sub-filter over explicit padding and gives
 * `channels` channels. With stride 1 it is a single conv of dy. The taps and
 * the interleaving are copies on the wasm heap, so this runs on wasm only.
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

  const phases: (TensorInfo | null)[] = [];
  for (const row of rows.phases) {
    for (const column of columns.phases) {
      if (row.taps === 0 || column.taps === 0) {
        phases.push(null);
        continue;
      }
      const filter = row.taps === filterHeight && column.taps === filterWidth ? flipped : phaseTaps(kernels, flipped, row, column, sh, sw);
      const x =
        row.dyBegin > 0 || column.dyBegin > 0
          ? kernels.run(Slice, { x: dy }, { begin: [0, row.dyBegin, column.dyBegin, 0], size: [-1, -1, -1, -1] })
          : dy;
      phases.push(convolve(x, filter, [[0, 0], [row.padBefore, row.padAfter], [column.padBefore, column.padAfter], [0, 0]]));
    }
  }
  const [single] = phases;
  const exact = (phase: TensorInfo) => phase.shape[1] === inHeight && phase.shape[2] === inWidth;
  if (phases.length === 1 && single && exact(single)) return single;

  const heap = kernels.backend as unknown as WasmHeap;
  // Allocated after the convs: views of the heap are taken only once nothing more grows it.
  const out = kernels.adopt(heap.makeOutput([batchSize, inHeight, inWidth, channels], 'float32'));
  interleave(heap, phases, rows, columns, out);
  return out;
}
