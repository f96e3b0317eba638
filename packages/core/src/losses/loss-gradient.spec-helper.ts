import { expectTensorClose } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/*
 * Gradient checks for the losses' written-out gradients: against central
 * finite differences of an independent float64 reference (plain JS doubles),
 * and against tfjs's autodiff of the loss's former formula.
 */

/** Logits `[2, 3, C]`: moderate values, and large magnitudes (±1e3, finite) where naive formulas overflow. */
export function testLogits(classes: number): { name: string; values: number[] }[] {
  const random = tf.tidy(() => Array.from(tf.randomNormal([2 * 3 * classes], 0, 3, 'float32', 7).dataSync()));
  const large = random.map((v, i) => (i % 3 === 0 ? 1000 : i % 3 === 1 ? -1000 : 0) + v);
  return [
    { name: 'moderate logits', values: random },
    { name: 'logits of ±1e3', values: large },
  ];
}

/** Per-unit weights `[2, 3]` for `Σ w·loss`, so `dy` is not all ones. */
export const UNIT_WEIGHTS = [0.5, -1, 2, 1.5, 0.25, -0.75];

/** Central differences of `f` (float64) at `x`, one coordinate at a time. */
export function finiteDifferenceGradient(f: (x: number[]) => number, x: number[], h = 1e-4): number[] {
  return x.map((_, i) => {
    const plus = x.slice();
    const minus = x.slice();
    plus[i] += h;
    minus[i] -= h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}

/** `Σ_u w_u·unitLoss_u(x)` in float64, from a per-unit reference over the `classes` values of each unit. */
export function weightedReference(unitLoss: (logits: number[], unit: number) => number, classes: number): (x: number[]) => number {
  return (x) => UNIT_WEIGHTS.reduce((sum, w, u) => sum + w * unitLoss(x.slice(u * classes, (u + 1) * classes), u), 0);
}

/** tfjs's gradient of `Σ_u w_u·loss(x)_u` at `x` (`[2, 3, C]`). */
export function tfGradient(loss: (x: tf.Tensor) => tf.Tensor, x: number[], classes: number): tf.Tensor {
  return tf.tidy(() => {
    const weights = tf.tensor2d(UNIT_WEIGHTS, [2, 3]);
    return tf.grad((logits: tf.Tensor) => tf.sum(tf.mul(loss(logits), weights)))(tf.tensor3d(x, [2, 3, classes]));
  });
}

/**
 * Checks `loss`'s gradient against finite differences of the float64
 * `reference` and against tfjs's autodiff of `formerFormula`, for every test
 * logit set; also that the values agree with the reference.
 */
export function expectGradientsMatch(
  loss: (x: tf.Tensor) => tf.Tensor,
  formerFormula: (x: tf.Tensor) => tf.Tensor,
  reference: (logits: number[], unit: number) => number,
  classes: number,
): void {
  for (const { name, values } of testLogits(classes)) {
    tf.tidy(() => {
      const x = Array.from(tf.tensor1d(values).dataSync()); // the float32 values the tensors hold
      const ours = tfGradient(loss, x, classes);
      expect(Array.from(ours.dataSync()).every(Number.isFinite), `${name}: finite gradient`).toBe(true);
      const numeric = finiteDifferenceGradient(weightedReference(reference, classes), x);
      expectTensorClose(ours, tf.tensor3d(numeric, [2, 3, classes]), { rtol: 1e-4, atol: 2e-5 });
      expectTensorClose(ours, tfGradient(formerFormula, x, classes), { rtol: 1e-5, atol: 1e-6 });
      const unitValues = UNIT_WEIGHTS.map((_, u) => reference(x.slice(u * classes, (u + 1) * classes), u));
      expectTensorClose(tf.reshape(loss(tf.tensor3d(x, [2, 3, classes])), [-1]), unitValues, { rtol: 1e-5, atol: 1e-4 });
    });
  }
}

/** log Σ exp(v) in float64, shifted by the maximum. */
export function logSumExp(v: number[]): number {
  const m = Math.max(...v);
  return m + Math.log(v.reduce((sum, x) => sum + Math.exp(x - m), 0));
}

/** softplus(z) = log(1 + e^z) in float64, stable for large |z|. */
export function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}
