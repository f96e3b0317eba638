import { initBackend } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { thresholdSweepMetrics } from './threshold-sweep-metrics.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const logit = (p: number) => Math.log(p / (1 - p));

describe('thresholdSweepMetrics', () => {
  it('counts F1 at each threshold over valid frames only, and keeps the plugin metrics at 0.5', () => {
    // One batch, 3 frames × 2 keys (padded to 88 with keys that are off and predicted off); frame 2 is padding.
    const probabilities = [
      [0.35, 0.15],
      [0.6, 0.25],
      [0.9, 0.9],
    ];
    const truth = [
      [1, 0],
      [1, 1],
      [0, 0],
    ];
    const pad = (row: number[], fill: number) => [...row, ...Array.from({ length: 86 }, () => fill)];
    const before = tf.memory().numTensors;
    const logits = tf.tensor3d([probabilities.map((r) => pad(r.map(logit), -20))]);
    const labels = tf.tensor3d([truth.map((r) => pad(r, 0))]);
    const valid = tf.tensor2d([[1, 1, 0]]);
    const metrics = thresholdSweepMetrics([0.1, 0.2, 0.3, 0.5]);
    metrics.update(logits, labels, valid);
    metrics.update(logits, labels, valid); // pooled: the same counts twice give the same ratios
    const result = metrics.result();
    tf.dispose([logits, labels, valid]);
    // Valid frames 0 and 1: truth (1,0),(1,1); probabilities (.35,.15),(.6,.25).
    // p=0.1: predicted all four → tp 3, fp 1, fn 0 → F1 6/7. p=0.2: (.35),(.6,.25) → tp 3, fp 0 → 1.
    // p=0.3: (.35),(.6) → tp 2, fn 1 → 4/5. p=0.5: (.6) → tp 1, fn 2 → 2/4.
    expect(result['f1@0.1']).toBeCloseTo(6 / 7, 6);
    expect(result['f1@0.2']).toBeCloseTo(1, 6);
    expect(result['f1@0.3']).toBeCloseTo(4 / 5, 6);
    expect(result['f1@0.5']).toBeCloseTo(1 / 2, 6);
    expect(result.f1).toBeCloseTo(result['f1@0.5'], 6);
    expect(result.precision).toBeCloseTo(1, 6);
    expect(result.recall).toBeCloseTo(1 / 3, 6);
    expect(tf.memory().numTensors).toBe(before);
  });
});
