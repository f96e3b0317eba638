import { ResizeBilinearGrad, type backend_util, type ResizeBilinearAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { runResizeGrad, type ResizeGeometry } from './resize-grad.js';
import type { KernelArgs, TrainingKernel } from './training-kernel.js';

/**
 * The transpose of the forward ResizeBilinear kernels' sampling: output pixel
 * (r, c) reads source row src = ratio·(r + ½) − ½ with halfPixelCenters, else
 * ratio·r; its rows are floor(src) clamped at 0 and ceil(src) clamped at
 * in − 1, weighted 1 − f and f with f = src − that floor (the same for
 * columns). Each dy value goes back to those four pixels with those weights.
 * Where the clamp makes floor and ceil the same pixel, f may be negative but
 * the two weights still add up to 1 there, exactly as in the forward op.
 */
function scatterBilinear(dy: backend_util.TypedArray, dx: Float64Array, g: ResizeGeometry, halfPixelCenters: boolean): void {
  const source = (index: number, ratio: number, size: number) => {
    const at = halfPixelCenters ? ratio * (index + 0.5) - 0.5 : ratio * index;
    const low = Math.max(0, Math.floor(at));
    return { low, high: Math.min(size - 1, Math.ceil(at)), frac: at - low };
  };
  const cols = Array.from({ length: g.outWidth }, (_, c) => source(c, g.colRatio, g.inWidth));
  const rowStride = g.inWidth * g.depth;
  let from = 0;
  for (let b = 0; b < g.batch; b++) {
    const image = b * g.inHeight * rowStride;
    for (let r = 0; r < g.outHeight; r++) {
      const row = source(r, g.rowRatio, g.inHeight);
      const top = image + row.low * rowStride;
      const bottom = image + row.high * rowStride;
      for (const col of cols) {
        const left = col.low * g.depth;
        const right = col.high * g.depth;
        const topLeft = (1 - row.frac) * (1 - col.frac);
        const topRight = (1 - row.frac) * col.frac;
        const bottomLeft = row.frac * (1 - col.frac);
        const bottomRight = row.frac * col.frac;
        for (let d = 0; d < g.depth; d++) {
          const value = dy[from++];
          dx[top + left + d] += value * topLeft;
          dx[top + right + d] += value * topRight;
          dx[bottom + left + d] += value * bottomLeft;
          dx[bottom + right + d] += value * bottomRight;
        }
      }
    }
  }
}

/**
 * ResizeBilinearGrad (the gradient of tf.image.resizeBilinear) for wasm and
 * cpu. Both originals ignore halfPixelCenters and scatter as if the source
 * were ratio·r, so the gradient of a half-pixel resize (the pixel plugin's
 * 28×28 → 56×56 logits) was shifted by a quarter pixel and mis-weighted at
 * the borders; the cpu original also returns the shape [B, W, H, C]. This is
 * the exact transpose of the forward op for every attribute combination.
 */
export const resizeBilinearGrad: TrainingKernel = {
  kernelName: ResizeBilinearGrad,
  uses: [],

  fallbackReason({ inputs }: KernelArgs) {
    const { dy } = inputs as { dy: TensorInfo };
    return dy.dtype === 'float32' ? undefined : `dy dtype '${dy.dtype}' (only float32)`;
  },

  run(args, { backendName }) {
    const { halfPixelCenters } = args.attrs as unknown as ResizeBilinearAttrs;
    return runResizeGrad(args, backendName, (dy, dx, geometry) => scatterBilinear(dy, dx, geometry, halfPixelCenters === true));
  },
};
