import { testModality } from '@selective-kd/testing';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { rectifiedTeacherLogits } from '../rectified-teacher-logits.js';
import { initBackend } from '../runtime/init-backend.js';
import { selectiveDistillationLoss } from '../selective-distillation-loss.js';
import { binaryKlDivergence } from './binary-kl-divergence.js';
import { sigmoidCrossEntropy } from './sigmoid-cross-entropy.js';
import { softmaxCrossEntropy } from './softmax-cross-entropy.js';
import { softmaxKlDivergence } from './softmax-kl-divergence.js';

/*
 * The losses' values and written-out gradients on the wasm backend (with the
 * training kernels, as initBackend sets it up) against the cpu backend. The
 * other loss specs run on cpu only; a wasm kernel that is wrong for one dtype
 * (its OneHot once wrote int32 into float32 outputs) shows up here.
 */

const SHAPE = [4, 6, 7];
const CLASSES = SHAPE[2];

type Loss = (logits: tf.Tensor) => tf.Tensor;

const LOSSES: Record<string, (t: tf.Tensor, labels: tf.Tensor, bits: tf.Tensor) => Loss> = {
  softmaxCrossEntropy: (_, labels) => (x) => softmaxCrossEntropy(x, labels),
  softmaxKlDivergence: (t) => (x) => softmaxKlDivergence(t, x, 2),
  sigmoidCrossEntropy: (_, __, bits) => (x) => sigmoidCrossEntropy(x, bits),
  binaryKlDivergence: (t) => (x) => binaryKlDivergence(t, x, 2),
};

/** Value and gradient of `Σ w·loss` on `backendName`, as host arrays. */
async function valueAndGradient(backendName: 'cpu' | 'wasm', name: string): Promise<{ value: number[]; gradient: number[] }> {
  await initBackend(backendName);
  return tf.tidy(() => {
    const student = tf.randomNormal(SHAPE, 0, 3, 'float32', 11);
    const teacher = tf.randomNormal(SHAPE, 0, 3, 'float32', 12);
    const labels = tf.randomUniform(SHAPE.slice(0, -1), 0, CLASSES, 'int32', 13);
    const bits = tf.cast(tf.greater(tf.randomUniform(SHAPE, 0, 1, 'float32', 14), 0.7), 'int32');
    const weights = tf.randomUniform(SHAPE.slice(0, -1), -1, 2, 'float32', 15);
    const loss = LOSSES[name](teacher, labels, bits);
    const gradient = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(loss(x), weights)))(student);
    return { value: Array.from(loss(student).dataSync()), gradient: Array.from(gradient.dataSync()) };
  });
}

describe('the losses on wasm', () => {
  it.each(Object.keys(LOSSES))('%s: values and gradients equal the cpu backend’s', async (name) => {
    const cpu = await valueAndGradient('cpu', name);
    const wasm = await valueAndGradient('wasm', name);
    const close = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i]) / Math.max(1, Math.abs(b[i]))));
    expect(close(wasm.value, cpu.value)).toBeLessThan(1e-5);
    expect(close(wasm.gradient, cpu.gradient)).toBeLessThan(1e-5);
  });
});

/**
 * The rectified gate's loss, its gradient and its corrected teacher logits on
 * `backendName`. Teacher logits rounded to whole numbers tie at the top in
 * many units, so a backend whose argMax broke ties differently would show.
 */
async function rectified(backendName: 'cpu' | 'wasm', target: 'class-index' | 'multi-label') {
  await initBackend(backendName);
  return tf.tidy(() => {
    const student = tf.randomNormal(SHAPE, 0, 3, 'float32', 16);
    const teacher = tf.round(tf.randomNormal(SHAPE, 0, 1, 'float32', 17));
    const labels =
      target === 'class-index'
        ? tf.randomUniform(SHAPE.slice(0, -1), 0, CLASSES, 'int32', 18)
        : tf.cast(tf.greater(tf.randomUniform(SHAPE, 0, 1, 'float32', 18), 0.6), 'float32');
    const valid = tf.cast(tf.greater(tf.randomUniform(SHAPE.slice(0, -1), 0, 1, 'float32', 19), 0.2), 'float32');
    const modality = testModality({ target });
    const loss = (x: tf.Tensor) =>
      selectiveDistillationLoss({ student: x, teacher, labels, valid }, modality, { gate: 'rectified', temperature: 2 }).loss;
    return {
      corrected: Array.from(rectifiedTeacherLogits(teacher, labels, target).dataSync()),
      value: Array.from(loss(student).dataSync()),
      gradient: Array.from(tf.grad(loss)(student).dataSync()),
    };
  });
}

describe('the rectified gate on wasm', () => {
  it.each(['class-index', 'multi-label'] as const)('%s: corrected teacher, loss and gradient equal the cpu backend’s', async (target) => {
    const cpu = await rectified('cpu', target);
    const wasm = await rectified('wasm', target);
    expect(wasm.corrected).toEqual(cpu.corrected);
    const close = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i]) / Math.max(1, Math.abs(b[i]))));
    expect(close(wasm.value, cpu.value)).toBeLessThan(1e-5);
    expect(close(wasm.gradient, cpu.gradient)).toBeLessThan(1e-5);
  });
});
