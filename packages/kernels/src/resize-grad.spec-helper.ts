// Shared by the resize gradient specs (not a spec itself; `*.spec.*` keeps it out of the package).
import { expectNoTensorLeak } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  callKernel,
  fallbackReasonFor,
  randomTensor,
  registeredTrainingKernel,
  toTensor,
  type HostTensor,
} from './kernel-harness.spec-helper.js';
import type { TrainingBackend, TrainingKernel } from './training-kernel.js';

/** The forward resize ops whose gradients the kernels compute. */
export type ResizeOp = 'bilinear' | 'nearest';

export interface ResizeMode {
  alignCorners: boolean;
  halfPixelCenters: boolean;
}

/** The three attribute combinations the forward ops accept (alignCorners with halfPixelCenters is rejected). */
export const RESIZE_MODES: readonly ResizeMode[] = [
  { alignCorners: false, halfPixelCenters: true },
  { alignCorners: false, halfPixelCenters: false },
  { alignCorners: true, halfPixelCenters: false },
];

export function resize(op: ResizeOp, x: tf.Tensor4D, size: [number, number], { alignCorners, halfPixelCenters }: ResizeMode): tf.Tensor4D {
  return op === 'bilinear'
    ? tf.image.resizeBilinear(x, size, alignCorners, halfPixelCenters)
    : tf.image.resizeNearestNeighbor(x, size, alignCorners, halfPixelCenters);
}

/**
 * The forward op's matrix on one image plane, from the current backend's own
 * forward kernel: resizing the H·W unit basis images (as one batch of
 * [H·W, H, W, 1]) gives one column each, so row k of the result holds
 * ∂out[p]/∂x[k] for every output pixel p.
 */
export function forwardJacobian(op: ResizeOp, [height, width]: number[], size: [number, number], mode: ResizeMode): Float32Array {
  return tf.tidy(() => {
    const pixels = height * width;
    const basis = tf.reshape(tf.eye(pixels), [pixels, height, width, 1]) as tf.Tensor4D;
    return resize(op, basis, size, mode).dataSync() as Float32Array;
  });
}

/**
 * dx = Jᵀ·dy for every image and channel, in float64: the resize acts on each
 * (batch, channel) plane alike, so the plane's Jacobian covers them all.
 */
export function transposeReference(jacobian: Float32Array, imagesShape: number[], dy: HostTensor): Float64Array {
  const [batch, height, width, depth] = imagesShape;
  const [, outHeight, outWidth] = dy.shape;
  const outPixels = outHeight * outWidth;
  const dx = new Float64Array(batch * height * width * depth);
  for (let b = 0; b < batch; b++) {
    for (let k = 0; k < height * width; k++) {
      for (let p = 0; p < outPixels; p++) {
        const weight = jacobian[k * outPixels + p];
        if (weight === 0) continue;
        for (let d = 0; d < depth; d++) dx[(b * height * width + k) * depth + d] += weight * dy.values[(b * outPixels + p) * depth + d];
      }
    }
  }
  return dx;
}

/** The largest absolute difference between two equally long arrays. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** Input shape [B, H, W, C] and output size [H', W'] of the cases every resize gradient kernel is checked on. */
export const RESIZE_CASES: readonly (readonly [number[], [number, number]])[] = [
  [[2, 28, 28, 11], [56, 56]], // the pixel example's student logits
  [[1, 2, 2, 1], [4, 4]],
  [[1, 5, 7, 2], [8, 3]],
  [[2, 9, 8, 3], [4, 5]],
  [[1, 6, 4, 1], [13, 9]],
  [[3, 4, 6, 2], [4, 6]],
  [[1, 1, 1, 3], [3, 4]],
  [[2, 3, 3, 1], [1, 1]],
];

const BACKENDS: readonly TrainingBackend[] = ['wasm', 'cpu'];

// float32 Jacobian entries against float64 sums of a few products of values in [−1, 1).
const TOLERANCE = 1e-5;

/** Each backend's forward Jacobian for a case, built once. */
const jacobians = new Map<string, Float32Array>();

async function jacobianOn(backendName: TrainingBackend, op: ResizeOp, shape: number[], size: [number, number], mode: ResizeMode): Promise<Float32Array> {
  const key = JSON.stringify([backendName, op, shape.slice(1, 3), size, mode]);
  let jacobian = jacobians.get(key);
  if (!jacobian) {
    await tf.setBackend(backendName);
    jacobian = forwardJacobian(op, shape.slice(1, 3), size, mode);
    jacobians.set(key, jacobian);
  }
  return jacobian;
}

function describeMode({ alignCorners, halfPixelCenters }: ResizeMode): string {
  return alignCorners ? 'alignCorners' : halfPixelCenters ? 'halfPixelCenters' : 'plain';
}

/**
 * The checks every resize gradient kernel passes on both backends: below the
 * engine on RESIZE_CASES × RESIZE_MODES against Jᵀ·dy with J from that
 * backend's own forward kernel; ⟨dy, resize(x)⟩ = ⟨dx, x⟩ through tf.grad on
 * a batch with several channels; the fallback; no leaked tensors.
 */
export function describeResizeGrad(op: ResizeOp, kernel: TrainingKernel): void {
  const cases = BACKENDS.flatMap((backendName) =>
    RESIZE_CASES.flatMap(([shape, size], i) =>
      RESIZE_MODES.map((mode) => [`${backendName} [${shape}] → [${size}] ${describeMode(mode)}`, backendName, shape, size, mode, i] as const),
    ),
  );

  describe(`${kernel.kernelName}: the transpose of the forward op`, () => {
    it.each(cases)('%s', async (_, backendName, shape, size, mode, i) => {
      const jacobian = await jacobianOn(backendName, op, shape, size, mode);
      const images = randomTensor(shape, 2 * i + 1);
      const dy = randomTensor([shape[0], ...size, shape[3]], 2 * i + 2);
      const attrs = { ...mode, size };
      expect(fallbackReasonFor(kernel, backendName, { images, dy }, attrs)).toBeUndefined();
      const { output, leakedDataIds } = callKernel(registeredTrainingKernel(kernel.kernelName, backendName).kernelFunc, backendName, { images, dy }, attrs);
      expect(leakedDataIds).toBe(0);
      expect(output.dtype).toBe('float32');
      expect(output.shape).toEqual(shape);
      expect(maxAbsDifference(output.values, transposeReference(jacobian, shape, dy))).toBeLessThanOrEqual(TOLERANCE);
    });

    it.each(BACKENDS.flatMap((backendName) => RESIZE_MODES.map((mode) => [`${backendName} ${describeMode(mode)}`, backendName, mode] as const)))(
      'tf.grad satisfies ⟨dy, resize(x)⟩ = ⟨dx, x⟩ without leaking tensors: %s',
      async (_, backendName, mode) => {
        await tf.setBackend(backendName);
        const size: [number, number] = [8, 3];
        const x = toTensor(randomTensor([2, 5, 7, 3], 11)) as tf.Tensor4D;
        const dy = toTensor(randomTensor([2, 8, 3, 3], 12));
        const gradient = () => tf.grad((v: tf.Tensor) => tf.sum(tf.mul(resize(op, v as tf.Tensor4D, size, mode), dy)))(x);
        const dx = gradient();
        const forward = tf.tidy(() => tf.sum(tf.mul(resize(op, x, size, mode), dy)).dataSync()[0]);
        const adjoint = tf.tidy(() => tf.sum(tf.mul(dx, x)).dataSync()[0]);
        expect(dx.shape).toEqual(x.shape);
        expect(Math.abs(forward - adjoint)).toBeLessThanOrEqual(1e-4);
        await expectNoTensorLeak(() => tf.dispose(gradient()));
        tf.dispose([x, dy, dx]);
      },
    );

    it.each(BACKENDS)('hands a non-float32 dy to the original on %s', (backendName) => {
      const images = randomTensor([1, 2, 2, 1], 1);
      const dy: HostTensor = { shape: [1, 4, 4, 1], values: new Int32Array(16), dtype: 'int32' };
      expect(fallbackReasonFor(kernel, backendName, { images, dy }, { alignCorners: false, halfPixelCenters: true, size: [4, 4] })).toBe(
        "dy dtype 'int32' (only float32)",
      );
    });
  });
}
