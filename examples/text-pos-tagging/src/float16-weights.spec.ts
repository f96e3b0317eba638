import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '@selective-kd/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { float16Artifacts, float16Bits } from './float16-weights.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('float16Bits', () => {
  it('rounds as numpy float16 does: ties to even, subnormals, overflow, signed zero', () => {
    // np.array(values, dtype=np.float32).astype(np.float16).view(np.uint16)
    const values = [0, -0, 1, -2.5, 0.1, 65504, 65520, 1e5, 6.1e-5, 5.96e-8, 2.98e-8, 2.99e-8, 1e-8, 3.14159265, -0.0001234, 1.0009765625, 1.00048828125, 1.00146484375, Infinity, -Infinity];
    const numpy = [0, 32768, 15360, 49408, 11878, 31743, 31744, 31744, 1023, 1, 0, 1, 0, 16968, 34827, 15361, 15360, 15362, 31744, 64512];
    expect(values.map(float16Bits)).toEqual(numpy);
    expect(float16Bits(NaN) & 0x7c00).toBe(0x7c00);
    expect(float16Bits(NaN) & 0x3ff).not.toBe(0);
  });
});

describe('float16Artifacts', () => {
  it('halves the weight bytes and loads back as the float16-rounded weights', async () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [3], units: 2, kernelInitializer: tfl.initializers.glorotUniform({ seed: 7 }) })] });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => ((saved = float16Artifacts(artifacts)), { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) })));
    expect((saved!.weightData as ArrayBuffer).byteLength).toBe(2 * (3 * 2 + 2));
    expect(saved!.weightSpecs!.map((s) => s.quantization?.dtype)).toEqual(['float16', 'float16']);

    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
    const [kernel] = model.getWeights().map((w) => Array.from(w.dataSync()));
    const [back] = loaded.getWeights().map((w) => Array.from(w.dataSync()));
    for (let i = 0; i < kernel.length; i++) {
      expect(back[i]).not.toBe(kernel[i]);
      expect(Math.abs(back[i] - kernel[i])).toBeLessThanOrEqual(Math.abs(kernel[i]) * 2 ** -11);
    }
    model.dispose();
    loaded.dispose();
  });
});
