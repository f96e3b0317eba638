import { ResizeNearestNeighborGrad, type backend_util, type ResizeNearestNeighborAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { runResizeGrad, type ResizeGeometry } from './resize-grad.js';
import type { KernelArgs, TrainingKernel } from './training-kernel.js';

/**
 * The transpose of the forward ResizeNearestNeighbor kernels' sampling:
 * output pixel (r, c) copies source row ratio·(r + ½) with halfPixelCenters,
 * else ratio·r, rounded with alignCorners and floored otherwise, clamped to
 * in − 1 (and at 0 with halfPixelCenters); columns alike. Each dy value goes
 * back to that one pixel.
 */
function scatterNearest(
  dy: backend_util.TypedArray,
  dx: Float64Array,
  g: ResizeGeometry,
  { alignCorners, halfPixelCenters }: { alignCorners: boolean; halfPixelCenters: boolean },
): void {
  const source = (index: number, ratio: number, size: number) => {
    const at = halfPixelCenters ? ratio * (index + 0.5) : ratio * index;
    const nearest = Math.min(size - 1, alignCorners ? Math.round(at) : Math.floor(at));
    return halfPixelCenters ? Math.max(0, nearest) : nearest;
  };
  const cols = Array.from({ length: g.outWidth }, (_, c) => source(c, g.colRatio, g.inWidth) * g.depth);
  const rowStride = g.inWidth * g.depth;
  let from = 0;
  for (let b = 0; b < g.batch; b++) {
    const image = b * g.inHeight * rowStride;
    for (let r = 0; r < g.outHeight; r++) {
      const row = image + source(r, g.rowRatio, g.inHeight) * rowStride;
      for (const col of cols) {
        for (let d = 0; d < g.depth; d++) dx[row + col + d] += dy[from++];
      }
    }
  }
}

/**
 * ResizeNearestNeighborGrad (the gradient of tf.image.resizeNearestNeighbor)
 * for wasm and cpu. Both originals ignore halfPixelCenters, so with it
 * gradients land on the pixel left of/above the one the forward op copied
 * wherever the half-pixel offset moves the rounding. This is
 * the exact transpose of the forward op for every attribute combination.
 */
export const resizeNearestNeighborGrad: TrainingKernel = {
  kernelName: ResizeNearestNeighborGrad,
  uses: [],

  fallbackReason({ inputs }: KernelArgs) {
    const { dy } = inputs as { dy: TensorInfo };
    return dy.dtype === 'float32' ? undefined : `dy dtype '${dy.dtype}' (only float32)`;
  },

  run(args, { backendName }) {
    const { alignCorners, halfPixelCenters } = args.attrs as unknown as ResizeNearestNeighborAttrs;
    const modes = { alignCorners: alignCorners === true, halfPixelCenters: halfPixelCenters === true };
    return runResizeGrad(args, backendName, (dy, dx, geometry) => scatterNearest(dy, dx, geometry, modes));
  },
};
