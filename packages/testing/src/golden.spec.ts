import { readFileSync } from 'node:fs';
import {
  binaryKlDivergence,
  initBackend,
  rectifiedTeacherLogits,
  selectiveDistillationLoss,
  sigmoidCrossEntropy,
  softmaxCrossEntropy,
  softmaxKlDivergence,
  type SelectiveLossResult,
  type SelectiveOptions,
} from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectTensorClose } from './expect-tensor-close.js';
import { testModality, type TestModalityOptions } from './test-modality.js';

/*
 * Checks selectiveDistillationLoss and the per-unit loss helpers against
 * golden values from an independent float64 Python reference of docs/algorithm.md's
 * "The algorithm": fixtures/golden/make_golden.py (rerun it to regenerate
 * golden.json; never edit the JSON by hand).
 */

type Grid = number[][];
type Logits = number[][][];

interface GoldenCase {
  name: string;
  /** Edge cases that must also stay finite. */
  edge: 'empty-mask' | 'all-invalid' | null;
  about: string;
  modality: Required<Pick<TestModalityOptions, 'target'>> & Pick<TestModalityOptions, 'ignoreLabel'>;
  inputs: { student: Logits; teacher: Logits; labels: Grid | Logits; valid: Grid | null };
  options: Partial<SelectiveOptions>;
  expected: { loss: number; groundTruthLoss: number; distillLoss: number; teacherBetterFraction: number; mask: Grid };
}

interface Golden {
  cases: GoldenCase[];
  helpers: {
    rectifiedTeacherLogits: {
      classIndex: { logits: Grid; labels: number[]; expected: Grid };
      multiLabel: { logits: Grid; labels: Grid; expected: Grid };
    };
    softmaxCrossEntropy: { logits: Grid; labels: number[]; expected: number[] }[];
    softmaxKlDivergence: { teacher: Grid; student: Grid; temperature: number; expected: number[] }[];
    sigmoidCrossEntropy: { logits: Grid; labels: Grid; expected: number[] }[];
    binaryKlDivergence: { teacher: Grid; student: Grid; temperature: number; expected: number[] }[];
  };
}

const golden: Golden = JSON.parse(readFileSync(new URL('../fixtures/golden/golden.json', import.meta.url), 'utf8'));

// float32 on the TypeScript side against float64 in the reference.
const TOLERANCE = { rtol: 1e-5, atol: 1e-6 };
const SCALARS = ['loss', 'groundTruthLoss', 'distillLoss', 'teacherBetterFraction'] as const;

beforeAll(async () => {
  await initBackend('cpu');
});

/** Runs one golden case; the caller disposes the result. */
function run({ modality, inputs, options }: GoldenCase): SelectiveLossResult {
  const classIndex = modality.target === 'class-index';
  const tensors = {
    student: tf.tensor(inputs.student),
    teacher: tf.tensor(inputs.teacher),
    // Class-index truth is one int32 class per unit; multi-label truth is float 0/1 per class.
    labels: tf.tensor(inputs.labels, undefined, classIndex ? 'int32' : 'float32'),
    valid: inputs.valid === null ? undefined : tf.tensor(inputs.valid),
  };
  try {
    return selectiveDistillationLoss(tensors, testModality(modality), options);
  } finally {
    tf.dispose(tensors);
  }
}

function disposeResult(result: SelectiveLossResult): void {
  tf.dispose([result.loss, result.groundTruthLoss, result.distillLoss, result.teacherBetterFraction, result.mask]);
}

describe('selectiveDistillationLoss against the golden values', () => {
  it('has the cases the fixture promises', () => {
    expect(golden.cases.length).toBeGreaterThan(0);
    expect(new Set(golden.cases.map((c) => c.name)).size).toBe(golden.cases.length);
  });

  it.each(golden.cases.map((c) => [c.name, c] as const))('%s', (_name, golden) => {
    const result = run(golden);
    try {
      for (const key of SCALARS) {
        expect(result[key].shape, key).toEqual([]);
        expectTensorClose(result[key], golden.expected[key], TOLERANCE);
      }
      expectTensorClose(result.mask, golden.expected.mask, TOLERANCE);
    } finally {
      disposeResult(result);
    }
  });

  const edgeCases = golden.cases.filter((c) => c.edge !== null);

  it('covers both edge kinds', () => {
    expect(new Set(edgeCases.map((c) => c.edge))).toEqual(new Set(['empty-mask', 'all-invalid']));
  });

  // An empty mask or no valid unit divides by max(0, 1): zero, never NaN.
  it.each(edgeCases.map((c) => [c.edge, c.name, c] as const))('stays finite (%s) — %s', (_edge, _name, golden) => {
    const result = run(golden);
    try {
      for (const key of [...SCALARS, 'mask'] as const) {
        const values = Array.from(result[key].dataSync());
        expect(values.every(Number.isFinite), `${key} = [${values}]`).toBe(true);
      }
    } finally {
      disposeResult(result);
    }
  });

  it('leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    for (const c of golden.cases) disposeResult(run(c));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('per-unit loss helpers against the golden values', () => {
  /** Evaluates `compute` on fresh tensors, compares, and disposes everything. */
  function check(compute: () => tf.Tensor, expected: number[] | Grid): void {
    tf.tidy(() => expectTensorClose(compute(), expected, TOLERANCE));
  }

  it('rectifiedTeacherLogits (class-index: ties at the top swap the first maximum; multi-label: sign flips)', () => {
    const { classIndex, multiLabel } = golden.helpers.rectifiedTeacherLogits;
    check(
      () => rectifiedTeacherLogits(tf.tensor(classIndex.logits), tf.tensor(classIndex.labels, undefined, 'int32'), 'class-index'),
      classIndex.expected,
    );
    check(() => rectifiedTeacherLogits(tf.tensor(multiLabel.logits), tf.tensor(multiLabel.labels), 'multi-label'), multiLabel.expected);
  });

  it('softmaxCrossEntropy', () => {
    for (const { logits, labels, expected } of golden.helpers.softmaxCrossEntropy) {
      check(() => softmaxCrossEntropy(tf.tensor(logits), tf.tensor(labels, undefined, 'int32')), expected);
    }
  });

  it('softmaxKlDivergence (no τ² factor)', () => {
    for (const { teacher, student, temperature, expected } of golden.helpers.softmaxKlDivergence) {
      check(() => softmaxKlDivergence(tf.tensor(teacher), tf.tensor(student), temperature), expected);
    }
  });

  it('sigmoidCrossEntropy', () => {
    for (const { logits, labels, expected } of golden.helpers.sigmoidCrossEntropy) {
      check(() => sigmoidCrossEntropy(tf.tensor(logits), tf.tensor(labels)), expected);
    }
  });

  it('binaryKlDivergence (no τ² factor)', () => {
    for (const { teacher, student, temperature, expected } of golden.helpers.binaryKlDivergence) {
      check(() => binaryKlDivergence(tf.tensor(teacher), tf.tensor(student), temperature), expected);
    }
  });
});
