import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '@selective-kd/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { float16Artifacts } from './float16-weights.js';

beforeAll(async () => {
  await initBackend('cpu');
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
