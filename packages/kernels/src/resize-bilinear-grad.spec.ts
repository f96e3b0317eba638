import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { callKernel, originalKernel, randomTensor, registeredTrainingKernel, setUpBackends, type HostTensor } from './kernel-harness.spec-helper.js';
import { resizeBilinearGrad } from './resize-bilinear-grad.js';
import { describeResizeGrad, forwardJacobian, maxAbsDifference, transposeReference } from './resize-grad.spec-helper.js';

beforeAll(setUpBackends);

describeResizeGrad('bilinear', resizeBilinearGrad);

const HALF_PIXEL = { alignCorners: false, halfPixelCenters: true };

describe('ResizeBilinearGrad with halfPixelCenters', () => {
  // PyTorch's F.interpolate(mode='bilinear', align_corners=False) samples as halfPixelCenters does.
  it.each(['wasm', 'cpu'] as const)('gives PyTorch’s gradient of a 2×2 → 4×4 upsampling for dy = 0…15 on %s', (backendName) => {
    const images = randomTensor([1, 2, 2, 1], 1);
    const dy: HostTensor = { shape: [1, 4, 4, 1], values: Float32Array.from({ length: 16 }, (_, i) => i), dtype: 'float32' };
    const attrs = { ...HALF_PIXEL, size: [4, 4] };
    const { output } = callKernel(registeredTrainingKernel('ResizeBilinearGrad', backendName).kernelFunc, backendName, { images, dy }, attrs);
    expect(Array.from(output.values)).toEqual([12.5, 19.5, 40.5, 47.5]);
    // What tfjs 4.22's own kernels give: the scatter of a resize without the half-pixel offset.
    const { output: original } = callKernel(originalKernel('ResizeBilinearGrad', backendName).kernelFunc, backendName, { images, dy }, attrs);
    expect(Array.from(original.values)).toEqual([3.75, 13.25, 34.25, 68.75]);
  });

  it.each(['wasm', 'cpu'] as const)('corrects the original on the pixel example’s 28×28 → 56×56 logits on %s', async (backendName) => {
    await tf.setBackend(backendName);
    const shape = [2, 28, 28, 11];
    const images = randomTensor(shape, 3);
    const dy = randomTensor([2, 56, 56, 11], 4);
    const attrs = { ...HALF_PIXEL, size: [56, 56] };
    const reference = transposeReference(forwardJacobian('bilinear', [28, 28], [56, 56], HALF_PIXEL), shape, dy);
    const run = (config: tf.KernelConfig) => callKernel(config.kernelFunc, backendName, { images, dy }, attrs).output.values;
    expect(maxAbsDifference(run(registeredTrainingKernel('ResizeBilinearGrad', backendName)), reference)).toBeLessThanOrEqual(1e-5);
    expect(maxAbsDifference(run(originalKernel('ResizeBilinearGrad', backendName)), reference)).toBeGreaterThan(0.1);
  });
});
