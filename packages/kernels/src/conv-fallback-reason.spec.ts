import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { dyShapeFallbackReason } from './conv-fallback-reason.js';

// A 3×3 'same' conv with stride 2 over [2, 5, 5, 3] to 4 channels gives [2, 3, 3, 4].
const forward = backend_util.computeConv2DInfo([2, 5, 5, 3], [3, 3, 3, 4], 2, 1, 'same');
const dy = (shape: number[]): TensorInfo => ({ dataId: {}, shape, dtype: 'float32' });

describe('dyShapeFallbackReason', () => {
  it('accepts dy of the forward output shape', () => {
    expect(dyShapeFallbackReason(dy([2, 3, 3, 4]), forward)).toBeUndefined();
  });

  it('names both shapes otherwise', () => {
    expect(dyShapeFallbackReason(dy([2, 4, 3, 4]), forward)).toBe('dy shape [2,4,3,4] (the forward conv gives [2,3,3,4])');
  });
});
