import { expectNoTensorLeak, testModality } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './runtime/init-backend.js';
import { selectiveDistillationLoss } from './selective-distillation-loss.js';
import { GATES, type SelectiveOptions } from './selective-options.js';

// Properties of selectiveDistillationLoss over random batches (fast-check, fixed seed so a failure
// reproduces; bounded runs so the suite stays fast). The reference values are the loss itself on a
// transformed batch: these check invariances the algorithm promises (docs/algorithm.md).

const modality = testModality();
const RUNS = { seed: 20261130, numRuns: 40 };

beforeAll(async () => {
  await initBackend('cpu');
});

/** A random class-index batch: B×N units of C classes, logits within ±limit, some units invalid. */
const batches = (limit = 30) =>
  fc
    .record({ B: fc.integer({ min: 1, max: 3 }), N: fc.integer({ min: 1, max: 6 }), C: fc.integer({ min: 2, max: 5 }) })
    .chain(({ B, N, C }) =>
      fc.record({
        shape: fc.constant([B, N, C] as const),
        student: fc.array(fc.float({ min: -limit, max: limit, noNaN: true, noDefaultInfinity: true }), { minLength: B * N * C, maxLength: B * N * C }),
        teacher: fc.array(fc.float({ min: -limit, max: limit, noNaN: true, noDefaultInfinity: true }), { minLength: B * N * C, maxLength: B * N * C }),
        labels: fc.array(fc.integer({ min: 0, max: C - 1 }), { minLength: B * N, maxLength: B * N }),
        valid: fc.array(fc.constantFrom(0, 1), { minLength: B * N, maxLength: B * N }),
      }),
    );
type RandomBatch = typeof batches extends () => fc.Arbitrary<infer T> ? T : never;

const options = fc.record({
  gate: fc.constantFrom(...GATES),
  groundTruthScope: fc.constantFrom('all', 'student-better' as const),
  normalizer: fc.constantFrom('valid', 'selected' as const),
  temperature: fc.double({ min: 0.5, max: 8, noNaN: true }),
  margin: fc.double({ min: 0, max: 1, noNaN: true }),
}) as fc.Arbitrary<Partial<SelectiveOptions>>;

/** The four scalars of the loss on `b` (tensors made and freed here). */
function lossOf(b: RandomBatch, opts: Partial<SelectiveOptions>, scale = 1): Record<'loss' | 'groundTruthLoss' | 'distillLoss' | 'teacherBetterFraction', number> {
  const [B, N, C] = b.shape;
  return tf.tidy(() => {
    const r = selectiveDistillationLoss(
      {
        student: tf.mul(tf.tensor3d(b.student, [B, N, C]), scale),
        teacher: tf.mul(tf.tensor3d(b.teacher, [B, N, C]), scale),
        labels: tf.tensor2d(b.labels, [B, N], 'int32'),
        valid: tf.tensor2d(b.valid, [B, N]),
      },
      modality,
      opts,
    );
    return {
      loss: r.loss.dataSync()[0],
      groundTruthLoss: r.groundTruthLoss.dataSync()[0],
      distillLoss: r.distillLoss.dataSync()[0],
      teacherBetterFraction: r.teacherBetterFraction.dataSync()[0],
    };
  });
}

/** `b` with the units of each row reordered by `order` (a permutation of 0..N-1). */
function permuted(b: RandomBatch, order: number[]): RandomBatch {
  const [B, N, C] = b.shape;
  const units = <T>(values: T[], width: number) =>
    Array.from({ length: B }, (_, row) => order.flatMap((u) => values.slice((row * N + u) * width, (row * N + u + 1) * width))).flat();
  return { ...b, student: units(b.student, C), teacher: units(b.teacher, C), labels: units(b.labels, 1), valid: units(b.valid, 1) };
}

const close = (a: number, b: number, rtol = 1e-4, atol = 1e-5) => Math.abs(a - b) <= atol + rtol * Math.abs(b);

describe('selectiveDistillationLoss properties', () => {
  it('finite logits always give finite numbers, whatever the gate and options', () => {
    fc.assert(
      fc.property(batches(80), options, (b, opts) => {
        const r = lossOf(b, opts);
        expect(Object.values(r).every(Number.isFinite), JSON.stringify(r)).toBe(true);
      }),
      RUNS,
    );
  });

  it('permuting the units within each row does not change the loss', () => {
    const withOrder = batches().chain((b) => fc.record({ b: fc.constant(b), order: fc.shuffledSubarray([...Array(b.shape[1]).keys()], { minLength: b.shape[1] }) }));
    fc.assert(
      fc.property(withOrder, options, ({ b, order }, opts) => {
        const before = lossOf(b, opts);
        const after = lossOf(permuted(b, order), opts);
        for (const key of Object.keys(before) as (keyof typeof before)[]) expect(close(after[key], before[key]), `${key}: ${after[key]} vs ${before[key]}`).toBe(true);
      }),
      RUNS,
    );
  });

  it('an all-invalid batch gives exactly 0 for every number', () => {
    fc.assert(
      fc.property(batches(), options, (b, opts) => {
        expect(lossOf({ ...b, valid: b.valid.map(() => 0) }, opts)).toEqual({ loss: 0, groundTruthLoss: 0, distillLoss: 0, teacherBetterFraction: 0 });
      }),
      RUNS,
    );
  });

  it('scaling both logits by c and the temperature by c gives the same divergence (distillLoss / τ²)', () => {
    const c = fc.double({ min: 0.25, max: 4, noNaN: true });
    fc.assert(
      fc.property(batches(10), fc.double({ min: 0.5, max: 4, noNaN: true }), c, (b, temperature, scale) => {
        // Gate `all`: the mask then does not depend on the (scale-dependent) temperature-1 unit losses.
        const base = lossOf(b, { gate: 'all', temperature });
        const scaled = lossOf(b, { gate: 'all', temperature: temperature * scale }, scale);
        const divergence = (r: { distillLoss: number }, t: number) => r.distillLoss / (t * t);
        expect(close(divergence(scaled, temperature * scale), divergence(base, temperature), 1e-3, 1e-5), `${scaled.distillLoss} vs ${base.distillLoss}`).toBe(true);
      }),
      RUNS,
    );
  });

  it('leaves no tensor behind over a run of random batches', async () => {
    const sample = fc.sample(fc.tuple(batches(), options), { seed: RUNS.seed, numRuns: 5 });
    let i = 0;
    await expectNoTensorLeak(() => {
      const [b, opts] = sample[i++ % sample.length];
      lossOf(b, opts);
    });
  });
});
