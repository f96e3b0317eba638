import * as tf from '@tensorflow/tfjs-core';
import type { ProcessingUnit } from './processing-unit.js';

/**
 * The teacher's logits with its errors corrected and its dark knowledge kept,
 * for the `rectified` gate: `[...U, C]` → `[...U, C]`.
 *
 * Class-index units: where the teacher's top class (the first maximal logit,
 * as `argMax` and the `teacher-correct` gate pick it) is not the gold class,
 * the two logits are swapped, so the gold class gets the teacher's top logit
 * and the wrongly-top class gets the gold class's logit; the other classes
 * keep theirs. The swap is written as `t + (max − t_y)·(e_y − e_top)`, which
 * is zero where the teacher is right, so no per-unit branch is needed.
 * Multi-label units: each key whose thresholded prediction (logit > 0, i.e.
 * σ > 0.5) disagrees with the truth has its logit's sign flipped. A logit of
 * exactly 0 (σ = 0.5) stays 0.
 *
 * Working on logits rather than probabilities lets the temperature act on the
 * rectified target exactly as on the teacher's own. No gradient flows through
 * the result's construction; callers pass teacher logits that carry none.
 */
export function rectifiedTeacherLogits(teacher: tf.Tensor, labels: tf.Tensor, target: ProcessingUnit['target']): tf.Tensor {
  return tf.tidy(() => {
    const logits = tf.cast(teacher, 'float32');
    if (target === 'class-index') {
      const classes = logits.shape[logits.rank - 1] as number;
      const gold = tf.oneHot(tf.cast(labels, 'int32'), classes);
      const top = tf.oneHot(tf.argMax(logits, -1), classes);
      const topLogit = tf.max(logits, -1, true);
      const goldLogit = tf.sum(tf.mul(logits, gold), -1, true);
      return tf.add(logits, tf.mul(tf.sub(topLogit, goldLogit), tf.sub(gold, top)));
    }
    const wrong = tf.notEqual(tf.greater(logits, 0), tf.greater(labels, 0.5));
    return tf.where(wrong, tf.neg(logits), logits);
  });
}
