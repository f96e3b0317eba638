import { expectTensorClose, testModality } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { finiteDifferenceGradient, logSumExp, softplus, testLogits } from './losses/loss-gradient.spec-helper.js';
import { initBackend } from './runtime/init-backend.js';
import { selectiveDistillationLoss } from './selective-distillation-loss.js';
import type { SelectiveOptions } from './selective-options.js';

/*
 * The whole loss's gradient with respect to the student's logits, for the
 * rectified gate (and `all`, whose target is the unrectified teacher), against
 * central finite differences of an independent float64 reference written from
 * docs/algorithm.md in plain JS doubles. Unit grid [2, 3], one unit invalid.
 */

beforeAll(async () => {
  await initBackend('cpu');
});

const VALID = [1, 1, 0, 1, 1, 1];

/** Class-index teacher `[2, 3, 4]`: right, wrong, ties at the top (wrong and right), all equal, wrong. */
const CLASS_TEACHER = [
  [2, 0, -1, 0.5],
  [0.5, 3, 1, -2],
  [1, 1, 0, -1],
  [1, 1, 0, -1],
  [0.25, 0.25, 0.25, 0.25],
  [-1, 0, 4, 2],
];
const CLASS_LABELS = [0, 0, 2, 1, 3, 1];

/** Multi-label teacher `[2, 3, 3]` and truth: right, wrong keys, a 0 logit, … */
const MULTI_TEACHER = [
  [2, -1, 0.5],
  [2, -1, 0.5],
  [0, 0, -3],
  [-0.5, 1.5, 0],
  [3, 3, -3],
  [-2, 0.25, 1],
];
const MULTI_LABELS = [
  [1, 0, 1],
  [0, 1, 1],
  [1, 0, 1],
  [0, 1, 0],
  [1, 0, 0],
  [1, 1, 0],
];

// --- float64 reference -------------------------------------------------------

function logSoftmax(z: number[]): number[] {
  const norm = logSumExp(z);
  return z.map((v) => v - norm);
}

/** log σ(z) = −softplus(−z). */
const logSigmoid = (z: number) => -softplus(-z);

/** The teacher's top class (first maximum) and the gold class swapped. */
function rectifyClass(t: number[], y: number): number[] {
  let top = 0;
  t.forEach((v, c) => {
    if (v > t[top]) top = c;
  });
  const r = t.slice();
  [r[top], r[y]] = [t[y], t[top]];
  return r;
}

/** Each logit's sign flipped where σ(t) > 0.5 disagrees with the truth. */
const rectifyMulti = (t: number[], y: number[]) => t.map((v, c) => ((v > 0) !== (y[c] > 0.5) ? -v : v));

const classUnit = {
  loss: (s: number[], y: number) => -logSoftmax(s)[y],
  divergence: (t: number[], s: number[], tau: number) => {
    const p = logSoftmax(t.map((v) => v / tau));
    const q = logSoftmax(s.map((v) => v / tau));
    return p.reduce((sum, lp, c) => sum + Math.exp(lp) * (lp - q[c]), 0);
  },
};

const multiUnit = {
  loss: (s: number[], y: number[]) => s.reduce((sum, z, c) => sum - (y[c] * logSigmoid(z) + (1 - y[c]) * logSigmoid(-z)), 0),
  divergence: (t: number[], s: number[], tau: number) =>
    t.reduce((sum, tc, c) => {
      const a = tc / tau;
      const b = s[c] / tau;
      const p = Math.exp(logSigmoid(a));
      const notP = Math.exp(logSigmoid(-a));
      return sum + p * (logSigmoid(a) - logSigmoid(b)) + notP * (logSigmoid(-a) - logSigmoid(-b));
    }, 0),
};

/** `α·Σ v·dS / Σ v + λ·τ²·Σ v·D(target ‖ s) / Σ v` (gates rectified and all: m = v, scope all, normalizer valid). */
function referenceLoss<Y>(
  unit: { loss: (s: number[], y: Y) => number; divergence: (t: number[], s: number[], tau: number) => number },
  targets: number[][],
  labels: Y[],
  { alpha, lambda, temperature: tau }: Pick<SelectiveOptions, 'alpha' | 'lambda' | 'temperature'>,
): (x: number[]) => number {
  const classes = targets[0].length;
  const count = VALID.reduce((a, b) => a + b, 0);
  return (x) => {
    let truth = 0;
    let distill = 0;
    VALID.forEach((v, u) => {
      const s = x.slice(u * classes, (u + 1) * classes);
      truth += v * unit.loss(s, labels[u]);
      distill += v * unit.divergence(targets[u], s, tau);
    });
    return (alpha * truth) / count + (lambda * tau * tau * distill) / count;
  };
}

// --- the checks --------------------------------------------------------------

const OPTIONS = [
  { alpha: 1, lambda: 1, temperature: 1 },
  { alpha: 0.5, lambda: 2, temperature: 2 },
];

describe('selectiveDistillationLoss gradient with respect to the student', () => {
  for (const kind of ['class-index', 'multi-label'] as const) {
    const classIndex = kind === 'class-index';
    const teacher = classIndex ? CLASS_TEACHER : MULTI_TEACHER;
    const classes = teacher[0].length;
    const rectified = classIndex
      ? CLASS_TEACHER.map((t, u) => rectifyClass(t, CLASS_LABELS[u]))
      : MULTI_TEACHER.map((t, u) => rectifyMulti(t, MULTI_LABELS[u]));

    it(`the fixture's rectified targets differ from the teacher (${kind})`, () => {
      expect(rectified).not.toEqual(teacher);
    });

    for (const gate of ['rectified', 'all'] as const) {
      for (const options of OPTIONS) {
        it(`${kind}, gate ${gate}, τ ${options.temperature}: value and gradient match the float64 reference`, () => {
          const reference = classIndex
            ? referenceLoss(classUnit, gate === 'rectified' ? rectified : teacher, CLASS_LABELS, options)
            : referenceLoss(multiUnit, gate === 'rectified' ? rectified : teacher, MULTI_LABELS, options);
          for (const { name, values } of testLogits(classes)) {
            tf.tidy(() => {
              const x = Array.from(tf.tensor1d(values).dataSync()); // the float32 values the tensors hold
              const fixed = {
                teacher: tf.tensor3d(teacher.flat(), [2, 3, classes]),
                labels: classIndex
                  ? tf.tensor2d(CLASS_LABELS, [2, 3], 'int32')
                  : tf.tensor3d(MULTI_LABELS.flat(), [2, 3, classes]),
                valid: tf.tensor2d(VALID, [2, 3]),
              };
              const modality = testModality({ target: kind });
              const loss = (student: tf.Tensor) =>
                selectiveDistillationLoss({ ...fixed, student }, modality, { gate, ...options }).loss;
              const student = tf.tensor3d(x, [2, 3, classes]);
              expectTensorClose(loss(student), reference(x), { rtol: 1e-5, atol: 1e-4 });
              const gradient = tf.grad(loss)(student);
              const numeric = finiteDifferenceGradient(reference, x);
              expect(Array.from(gradient.dataSync()).every(Number.isFinite), `${name}: finite gradient`).toBe(true);
              expectTensorClose(gradient, tf.tensor3d(numeric, [2, 3, classes]), { rtol: 1e-4, atol: 2e-5 });
              // The invalid unit gets no gradient.
              expect(Array.from(tf.slice(gradient, [0, 2, 0], [1, 1, classes]).dataSync()).every((g) => g === 0)).toBe(true);
            });
          }
        });
      }
    }
  }
});
