import { selectiveDistillationLoss } from '@selective-kd/core';
import { padTokenBatch, textModality, tokenBatches, type MaskedSentence, type TokenSequence } from '@selective-kd/text';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ExperimentConfig } from './experiment-config.js';
import { sentenceText, type TaggingData } from './tagging-data.js';
import { TokenFeatures } from './token-features.js';

/** The batches of a split, as every model trains or is scored on them. */
export function batchesOf(sequences: readonly TokenSequence[], config: ExperimentConfig, shuffle: boolean) {
  return tokenBatches(sequences, { length: config.length, batchSize: shuffle ? config.batchSize : 128, featuresPerToken: TokenFeatures.PER_TOKEN, shuffle });
}

/**
 * The first `count` test sentences that fit in one row, with the contrast
 * mask the loss-compare gate computes for `student` and the gold, teacher and
 * student tags of every token.
 */
export function maskSentences(teacher: tfl.LayersModel, student: tfl.LayersModel, data: TaggingData, config: ExperimentConfig, count: number): MaskedSentence[] {
  const picked = data.testSentences
    .map((sentence, i) => ({ sentence, sequence: data.test[i] }))
    .filter(({ sentence }) => sentence.words.length >= 6 && sentence.words.length <= config.length)
    .slice(0, count);
  if (picked.length === 0) return [];
  const batch = padTokenBatch(picked.map((p) => p.sequence), { length: config.length, featuresPerToken: TokenFeatures.PER_TOKEN });
  const outputs = tf.tidy(() => {
    const teacherLogits = teacher.predict(batch.inputs) as tf.Tensor;
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
    const texts = picked.map(({ sentence }) => sentenceText(sentence));
    const tokensPerRow = texts.map((t) => t.tokens);
    const modality = textModality();
    return picked.map(({ sentence }, row) => ({
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
    tf.dispose([...Object.values(batch), ...outputs]);
  }
}
