import { ConfusionMatrix, type MetricAccumulator } from '@selective-kd/core';
import * as tf from '@tensorflow/tfjs-core';
import { bioSpans } from './bio-spans.js';
import type { TagSet } from './tag-set.js';

/**
 * Tagging metrics accumulated over batches, padding left out:
 * - `tokenAccuracy`: share of real tokens tagged right;
 * - `f1/<tag>` per tag that occurs in the truth or the predictions, and
 *   `macroF1`, their unweighted mean;
 * - for a BIO tag set, `spanF1`: exact-match F1 of the spans (conlleval).
 * Without a tag set, tags are named by class id (`f1/3`).
 */
export function tokenMetrics(tagSet?: TagSet): MetricAccumulator {
  const confusion = new ConfusionMatrix('tokenMetrics');
  const spans = { gold: 0, predicted: 0, correct: 0 };
  const names = (k: number) => tagSet?.tags[k] ?? String(k);
  return {
    update(logits, labels, valid) {
      confusion.add(logits, labels, valid);
      if (tagSet?.isBio) {
        // Spans need the tag sequences themselves, not only their counts: read them back (one value per token).
        const [predicted, truth, validity] = tf.tidy(() => [
          tf.argMax(logits, -1).dataSync(),
          tf.cast(labels, 'int32').dataSync(),
          tf.cast(valid, 'float32').dataSync(),
        ]);
        const length = labels.shape[labels.rank - 1] ?? 1;
        for (let row = 0; row < truth.length; row += length) {
          const real = (ids: ArrayLike<number>) =>
            Array.from({ length }, (_, t) => row + t).filter((i) => validity[i] > 0).map((i) => names(ids[i]));
          countSpans(spans, real(truth), real(predicted));
        }
      }
    },
    result() {
      const f1s: Record<string, number> = {};
      for (let k = 0; k < confusion.size; k++) {
        const { truth, predicted, hits } = confusion.classCounts(k);
        if (truth + predicted > 0) f1s[`f1/${names(k)}`] = (2 * hits) / (truth + predicted);
      }
      const values = Object.values(f1s);
      return {
        tokenAccuracy: confusion.accuracy(),
        macroF1: values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0,
        ...(tagSet?.isBio ? { spanF1: spans.gold + spans.predicted ? (2 * spans.correct) / (spans.gold + spans.predicted) : 0 } : {}),
        ...f1s,
      };
    },
  };
}

function countSpans(into: { gold: number; predicted: number; correct: number }, truth: string[], predicted: string[]): void {
  const gold = bioSpans(truth);
  const guessed = new Set(bioSpans(predicted).map((s) => `${s.type}:${s.start}:${s.end}`));
  into.gold += gold.length;
  into.predicted += guessed.size;
  into.correct += gold.filter((s) => guessed.has(`${s.type}:${s.start}:${s.end}`)).length;
}
