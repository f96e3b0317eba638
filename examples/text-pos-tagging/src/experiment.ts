import { selectiveDistillationLoss } from '@selective-kd/core';
import { padTokenBatch, textModality, tokenBatches, type MaskedSentence, type TokenSequence } from '@selective-kd/text';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ExperimentConfig } from './experiment-config.js';
import { ROW_LENGTH, type RegimeData } from './regime-data.js';
import { sentenceText } from './sentence-text.js';
import { TokenFeatures } from './token-features.js';

/** The batches of a split, as every model trains (shuffled) or is scored (fixed order, larger batches) on them. */
export function batchesOf(sequences: readonly TokenSequence[], config: Pick<ExperimentConfig, 'batchSize'>, shuffle: boolean) {
  return tokenBatches(sequences, { length: ROW_LENGTH, batchSize: shuffle ? config.batchSize : 128, featuresPerToken: TokenFeatures.PER_TOKEN, shuffle });
}

/**
 * The first `count` test sentences of 6 words or more that fit in one row,
 * each alone in its row, with the contrast mask the loss-compare gate
 * computes for `student` and the gold, teacher and student tags of every token.
 */
export function maskSentences(teacher: tfl.LayersModel, student: tfl.LayersModel, data: RegimeData, count: number): MaskedSentence[] {
  const picked = data.testSentences.filter((sentence) => sentence.words.length >= 6 && sentence.words.length <= ROW_LENGTH).slice(0, count);
  if (picked.length === 0) return [];
  // Each model reads the sentences in its own features.
  const [batch, teacherBatch] = [data.features, data.teacherFeatures].map((features) =>
    padTokenBatch(
      picked.map((s) => ({ inputs: features.encode(s.words), labels: data.tagSet.encode(s.tags) })),
      { length: ROW_LENGTH, featuresPerToken: TokenFeatures.PER_TOKEN },
    ),
  );
  const outputs = tf.tidy(() => {
    const teacherLogits = teacher.predict(teacherBatch.inputs) as tf.Tensor;
    const studentLogits = student.predict(batch.inputs) as tf.Tensor;
    const { mask } = selectiveDistillationLoss(
      { student: studentLogits, teacher: teacherLogits, labels: batch.labels, valid: batch.valid },
      textModality(),
      { gate: 'loss-compare' },
    );
    return [mask, tf.argMax(teacherLogits, -1), tf.argMax(studentLogits, -1)];
  });
  try {
    const [mask, teacherTags, studentTags] = [outputs[0], ...outputs.slice(1).map((t) => t.arraySync() as number[][])] as const;
    const texts = picked.map(sentenceText);
    const tokensPerRow = texts.map((t) => t.tokens);
    const modality = textModality();
    return picked.map((sentence, row) => ({
      text: texts[row].text,
      tokens: modality.maskLayout.export(mask, row, tokensPerRow).map((entry) => ({
        token: entry.token!,
        teacherBetter: entry.teacherBetter,
        gold: sentence.tags[entry.position],
        teacher: data.tagSet.tags[teacherTags[row][entry.position]],
        student: data.tagSet.tags[studentTags[row][entry.position]],
      })),
    }));
  } finally {
    tf.dispose([...Object.values(batch), ...Object.values(teacherBatch), ...outputs]);
  }
}
