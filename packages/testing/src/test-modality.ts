import {
  binaryKlDivergence,
  sigmoidCrossEntropy,
  softmaxCrossEntropy,
  softmaxKlDivergence,
  type MetricAccumulator,
  type ModalityPlugin,
  type ProcessingUnit,
} from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';

export interface TestModalityOptions {
  /** `class-index` (softmax over classes, default) or `multi-label` (independent sigmoids). */
  target?: ProcessingUnit['target'];
  /**
   * Class-index only: units labelled with this value are invalid (like a
   * segmentation ignore label) and their label is replaced by 0 on the grid.
   */
  ignoreLabel?: number;
}

/**
 * The smallest real modality plugin: units along one `item` axis, logits
 * `[B, N, C]`, labels `[B, N]` (class-index) or `[B, N, C]` (multi-label),
 * optional validity `[B, N]`. It is what core's own tests and the golden
 * fixtures compute on, and a template for writing a plugin.
 */
export function testModality({ target = 'class-index', ignoreLabel }: TestModalityOptions = {}): ModalityPlugin<number[]> {
  const classIndex = target === 'class-index';
  const ignoring = classIndex && ignoreLabel !== undefined;
  return {
    meta: { name: `test-${target}`, version: '0.1.0' },
    unit: { name: 'item', axes: ['item'], target },
    toUnits: ({ student, teacher, labels, valid }) =>
      tf.tidy(() => {
        const given = valid ? tf.cast(valid, 'float32') : tf.ones(student.shape.slice(0, -1));
        if (!ignoring) return { student, teacher, labels, valid: given };
        const ignored = tf.equal(labels, ignoreLabel);
        return {
          student,
          teacher,
          labels: tf.where(ignored, tf.zerosLike(labels), labels),
          valid: tf.mul(given, tf.cast(tf.logicalNot(ignored), 'float32')),
        };
      }),
    unitLoss: classIndex ? softmaxCrossEntropy : sigmoidCrossEntropy,
    unitDivergence: classIndex ? softmaxKlDivergence : binaryKlDivergence,
    maskLayout: {
      description: 'one value per item',
      export: (mask, sample) => (mask.arraySync() as number[][])[sample],
    },
    createMetrics: () => accuracy(classIndex),
  };
}

/** Share of valid units (class-index) or valid unit labels (multi-label) predicted right. */
function accuracy(classIndex: boolean): MetricAccumulator {
  let right = 0;
  let total = 0;
  return {
    update(logits, labels, valid) {
      const [correct, count] = tf.tidy(() => {
        const hits = classIndex
          ? tf.cast(tf.equal(tf.argMax(logits, -1), tf.cast(labels, 'int32')), 'float32')
          : tf.mean(tf.cast(tf.equal(tf.greater(logits, 0), tf.greater(labels, 0.5)), 'float32'), -1);
        return tf.stack([tf.sum(tf.mul(hits, valid)), tf.sum(valid)]).dataSync();
      });
      right += correct;
      total += count;
    },
    result: () => ({ accuracy: total > 0 ? right / total : 0 }),
  };
}
