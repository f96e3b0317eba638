import { expectNoTensorLeak, expectSelectiveKdError } from '@selective-kd/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkUnitGrid } from './check-unit-grid.js';
import type { UnitGrid } from './modality-plugin.js';
import type { ProcessingUnit } from './processing-unit.js';
import { initBackend } from './runtime/init-backend.js';
import { SelectiveKdError } from './selective-kd-error.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const ITEM: ProcessingUnit = { name: 'item', axes: ['item'], target: 'class-index' };
const MULTI: ProcessingUnit = { name: 'frame', axes: ['frame'], target: 'multi-label' };
const PIXEL: ProcessingUnit = { name: 'pixel', axes: ['height', 'width'], target: 'class-index' };

/** A valid class-index grid of 2 samples × 3 items × 4 classes, with overrides. */
function grid(overrides: Partial<UnitGrid> = {}): UnitGrid {
  return {
    student: tf.zeros([2, 3, 4]),
    teacher: tf.ones([2, 3, 4]),
    labels: tf.tensor2d([[0, 1, 2], [3, 0, 1]], [2, 3], 'int32'),
    valid: tf.ones([2, 3]),
    ...overrides,
  };
}

/** Checks the grid as its own inputs (the plugin handed the tensors back unchanged). */
function check(g: UnitGrid, unit: ProcessingUnit = ITEM): void {
  checkUnitGrid(g, unit, g);
}

describe('checkUnitGrid', () => {
  it('accepts a well-formed class-index, multi-label and rank-4 grid', () => {
    tf.tidy(() => {
      expect(() => check(grid())).not.toThrow();
      expect(() =>
        check(
          { student: tf.zeros([2, 3, 4]), teacher: tf.zeros([2, 3, 4]), labels: tf.ones([2, 3, 4]), valid: tf.ones([2, 3]) },
          MULTI,
        ),
      ).not.toThrow();
      expect(() =>
        check(
          {
            student: tf.zeros([1, 2, 2, 3]),
            teacher: tf.zeros([1, 2, 2, 3]),
            labels: tf.zeros([1, 2, 2], 'int32'),
            valid: tf.ones([1, 2, 2]),
          },
          PIXEL,
        ),
      ).not.toThrow();
    });
  });

  describe('shapes', () => {
    it('refuses teacher logits of another shape, naming both', () => {
      tf.tidy(() => {
        const error = expectSelectiveKdError(
          () => check(grid({ teacher: tf.zeros([2, 3, 5]) })),
          'SHAPE_MISMATCH',
          'teacher logits [2,3,5] and student logits [2,3,4] must match',
        );
        expect(error.message).toContain('(given student [2,3,4], teacher [2,3,5], labels [2,3], valid [2,3])');
      });
    });

    it('refuses student logits of the wrong rank, naming the axes', () => {
      tf.tidy(() => {
        expectSelectiveKdError(
          () => check(grid({ student: tf.zeros([2, 12]), teacher: tf.zeros([2, 12]) })),
          'SHAPE_MISMATCH',
          'student logits must have rank 3 [batch, item, classes]; got [2,12]',
        );
        expectSelectiveKdError(
          () => check(grid(), PIXEL),
          'SHAPE_MISMATCH',
          'student logits must have rank 4 [batch, height, width, classes]; got [2,3,4]',
        );
      });
    });

    it('refuses class-index labels of another shape', () => {
      tf.tidy(() => {
        expectSelectiveKdError(
          () => check(grid({ labels: tf.zeros([2, 4], 'int32') })),
          'SHAPE_MISMATCH',
          'labels must have shape [2,3] to match logits [2,3,4]; got [2,4]',
          'labels [2,4]',
        );
        // one-hot labels are not class indices
        expectSelectiveKdError(() => check(grid({ labels: tf.zeros([2, 3, 4], 'int32') })), 'SHAPE_MISMATCH', 'got [2,3,4]');
      });
    });

    it('refuses multi-label labels that are not [...U, C]', () => {
      tf.tidy(() => {
        expectSelectiveKdError(
          () => check(grid({ labels: tf.zeros([2, 3]) }), MULTI),
          'SHAPE_MISMATCH',
          'labels must have shape [2,3,4] to match logits [2,3,4]; got [2,3]',
        );
      });
    });

    it('refuses float labels for class-index units', () => {
      tf.tidy(() => {
        expectSelectiveKdError(
          () => check(grid({ labels: tf.tensor2d([[0, 1, 2], [3, 0, 1]]) })),
          'SHAPE_MISMATCH',
          'class-index labels must be int32; got float32',
          'labels [2,3]',
        );
      });
    });

    it('refuses a validity of another shape', () => {
      tf.tidy(() => {
        expectSelectiveKdError(
          () => check(grid({ valid: tf.ones([2, 3, 1]) })),
          'SHAPE_MISMATCH',
          'valid must have the unit-grid shape [2,3]; got [2,3,1]',
          'valid [2,3,1]',
        );
      });
    });

    it('names the caller’s own shapes when the plugin reshaped them', () => {
      tf.tidy(() => {
        const g = grid({ teacher: tf.zeros([2, 3, 5]) });
        const given = { student: tf.zeros([2, 12]), teacher: tf.zeros([2, 15]), labels: tf.zeros([2, 3], 'int32') };
        expectSelectiveKdError(() => checkUnitGrid(g, ITEM, given), 'SHAPE_MISMATCH', '(given student [2,12], teacher [2,15], labels [2,3])');
      });
    });

    it('refuses an empty batch or a batch without units', () => {
      tf.tidy(() => {
        expectSelectiveKdError(
          () =>
            check({ student: tf.zeros([0, 3, 4]), teacher: tf.zeros([0, 3, 4]), labels: tf.zeros([0, 3], 'int32'), valid: tf.zeros([0, 3]) }),
          'EMPTY_BATCH',
          'the batch has no items',
          'student [0,3,4]',
        );
        expectSelectiveKdError(
          () =>
            check({ student: tf.zeros([2, 0, 4]), teacher: tf.zeros([2, 0, 4]), labels: tf.zeros([2, 0], 'int32'), valid: tf.zeros([2, 0]) }),
          'EMPTY_BATCH',
          'student [2,0,4]',
        );
      });
    });
  });

  describe('values', () => {
    it('refuses NaN or Infinity in the student logits', () => {
      tf.tidy(() => {
        const student = tf.tensor3d([NaN, 0, 0, 0, 0, 0], [1, 2, 3]);
        const g = { student, teacher: tf.zeros([1, 2, 3]), labels: tf.zeros([1, 2], 'int32'), valid: tf.ones([1, 2]) };
        expectSelectiveKdError(() => check(g), 'NON_FINITE_LOGITS', 'student logits contain NaN or Infinity', 'student [1,2,3]');
        const inf = { ...g, student: tf.tensor3d([0, 0, 0, 0, -Infinity, 0], [1, 2, 3]) };
        expectSelectiveKdError(() => check(inf), 'NON_FINITE_LOGITS', 'student logits contain NaN or Infinity');
      });
    });

    it('refuses NaN or Infinity in the teacher logits', () => {
      tf.tidy(() => {
        const g = {
          student: tf.zeros([1, 2, 3]),
          teacher: tf.tensor3d([0, 0, Infinity, 0, 0, 0], [1, 2, 3]),
          labels: tf.zeros([1, 2], 'int32'),
          valid: tf.ones([1, 2]),
        };
        expectSelectiveKdError(() => check(g), 'NON_FINITE_LOGITS', 'teacher logits contain NaN or Infinity', 'teacher [1,2,3]');
        expectSelectiveKdError(() => check({ ...g, teacher: tf.fill([1, 2, 3], NaN) }), 'NON_FINITE_LOGITS', 'teacher logits');
      });
    });

    it('refuses a validity with values other than 0 and 1', () => {
      tf.tidy(() => {
        expectSelectiveKdError(
          () => check(grid({ valid: tf.tensor2d([[1, 0.5, 0], [2, 1, 1]]) })),
          'INVALID_VALIDITY',
          'valid must hold only 0 and 1; 2 entries do not',
          'valid [2,3]',
        );
        expectSelectiveKdError(() => check(grid({ valid: tf.tensor2d([[1, 1, 1], [1, -1, 1]]) })), 'INVALID_VALIDITY', '1 entries do not');
      });
    });

    it('refuses class indices out of range at a valid unit, naming the range', () => {
      tf.tidy(() => {
        // classes = 4; labels 4 and −1 at valid units
        const error = expectSelectiveKdError(
          () => check(grid({ labels: tf.tensor2d([[0, 4, 2], [3, -1, 1]], [2, 3], 'int32') })),
          'LABEL_OUT_OF_RANGE',
          'labels at valid items must be class indices in [0, 4); 2 are not',
          '(valid labels range from -1 to 4)',
        );
        expect(error.message).toContain('labels [2,3]');
      });
    });

    it('allows any label at an invalid unit', () => {
      tf.tidy(() => {
        const labels = tf.tensor2d([[0, 255, 2], [3, -1, 1]], [2, 3], 'int32');
        const valid = tf.tensor2d([[1, 0, 1], [1, 0, 1]]);
        expect(() => check(grid({ labels, valid }))).not.toThrow();
        // ...and the message counts only the valid ones
        expectSelectiveKdError(
          () => check(grid({ labels, valid: tf.tensor2d([[1, 1, 1], [1, 0, 1]]) })),
          'LABEL_OUT_OF_RANGE',
          '1 are not (valid labels range from 0 to 255)',
        );
      });
    });

    it('refuses multi-label values other than 0/1 at valid units only', () => {
      tf.tidy(() => {
        const labels = tf.tensor3d([[[0, 1], [0.5, 1]]]);
        const g = { student: tf.zeros([1, 2, 2]), teacher: tf.zeros([1, 2, 2]), labels, valid: tf.ones([1, 2]) };
        expectSelectiveKdError(() => check(g, MULTI), 'LABEL_OUT_OF_RANGE', 'labels at valid frames must be 0 or 1; 1 are not');
        expect(() => check({ ...g, valid: tf.tensor2d([[1, 0]]) }, MULTI)).not.toThrow();
      });
    });

    it('checks non-finite logits even at invalid units', () => {
      tf.tidy(() => {
        const g = grid({ student: tf.fill([2, 3, 4], NaN), valid: tf.zeros([2, 3]) });
        expectSelectiveKdError(() => check(g), 'NON_FINITE_LOGITS', 'student');
      });
    });
  });

  it('leaves no tensors behind, whether it passes or throws', async () => {
    const good = grid();
    const bad = grid({ labels: tf.tensor2d([[0, 9, 2], [3, 0, 1]], [2, 3], 'int32') });
    try {
      await expectNoTensorLeak(() => {
        check(good);
        expect(() => check(bad)).toThrow(SelectiveKdError);
      });
    } finally {
      tf.dispose([...Object.values(good), ...Object.values(bad)]);
    }
  });
});
