import { selectiveDistillationLoss, SelectiveKdError, teacherFunction, type Batch, type Pass } from '@selective-kd/core';
import {
  padTokenBatch,
  readConll,
  TagSet,
  textModality,
  tokenBatches,
  tokenMaskHtml,
  Vocabulary,
  type ConllSentence,
  type MaskedSentence,
  type TokenSequence,
} from '@selective-kd/text';
import * as tf from '@tensorflow/tfjs-core';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DistillConfig, TextModalityConfig } from '../config/distill-config.js';
import type { Task } from './task.js';
import type { TaskMetadata } from './task-metadata.js';

type TextMetadata = Extract<TaskMetadata, { modality: 'text' }>;

/**
 * CoNLL-U or CoNLL-2003 style files. The student's vocabulary is built from
 * the training words. A model from an earlier run (`known`: the teacher, or
 * the model being evaluated) keeps its own vocabulary: where it differs, each
 * batch carries that model's word ids as `teacherInputs`. Its tag order is
 * adopted, so the two models' class indices agree.
 */
export async function textTask(config: DistillConfig, known?: TaskMetadata): Promise<Task<'text'>> {
  const options = config.modality as TextModalityConfig;
  const { format, tokenColumn, tagColumn, length, minFrequency, lowercase } = options;
  const read = (path: string) => readConll(path, { format, ...(tokenColumn === undefined ? {} : { tokenColumn }), ...(tagColumn === undefined ? {} : { tagColumn }) });
  const [train, dev, test] = [await read(config.data.train), await read(config.data.dev), await read(config.data.test)];
  const textKnown = known as TextMetadata | undefined;
  if (textKnown && textKnown.length !== length) {
    throw new SelectiveKdError('INVALID_MODEL', `the model reads rows of ${textKnown.length} tokens; set config.modality.length to ${textKnown.length}`);
  }
  const tagSet = new TagSet(tagOrder([train, dev, test], textKnown?.tags));
  const vocabulary = Vocabulary.build(
    train.map((s) => s.words),
    { minFrequency, lowercase },
  );
  const theirs = textKnown && Vocabulary.fromJSON({ format: 'selective-kd-vocabulary', version: 1, lowercase: textKnown.lowercase, words: textKnown.vocabulary });
  // Only a model with another vocabulary needs ids of its own.
  const other = theirs && theirs.stamp.fingerprint !== vocabulary.stamp.fingerprint ? theirs : undefined;
  const sequences = (sentences: ConllSentence[]): TokenSequence[] =>
    sentences.map(({ words, tags }) => ({
      inputs: other ? words.flatMap((w) => [vocabulary.id(w), other.id(w)]) : vocabulary.encode(words),
      labels: tagSet.encode(tags),
    }));
  const featuresPerToken = other ? 2 : 1;
  const batches = (sentences: ConllSentence[], shuffle: boolean) =>
    splitTeacherIds(tokenBatches(sequences(sentences), { length, batchSize: config.training.batchSize, featuresPerToken, shuffle }), other !== undefined);
  const modality = textModality({ tagSet });
  return {
    modality,
    monitor: 'tokenAccuracy',
    train: batches(train, true),
    dev: batches(dev, false),
    test: batches(test, false),
    shape: { length, vocabularySize: vocabulary.size, tags: tagSet.size },
    metadata: { modality: 'text', tags: [...tagSet.tags], length, lowercase, vocabulary: [...vocabulary.words] },
    async draw({ student, teacher, dir, count, options: selective }) {
      const drawn = test.slice(0, count).map(({ words, tags }) => ({ words: words.slice(0, length), tags: tags.slice(0, length) }));
      if (drawn.length === 0 || teacher === undefined) return [];
      const batch = splitTeacherIds(() => [{ ...padTokenBatch(sequences(drawn), { length, featuresPerToken }) }], other !== undefined)()[Symbol.iterator]().next()
        .value as Batch;
      try {
        const [mask, teacherTags, studentTags] = tf.tidy(() => {
          const teacherLogits = teacherFunction(teacher)(batch.teacherInputs ?? batch.inputs);
          const studentLogits = student.predict(batch.inputs) as tf.Tensor;
          const result = selectiveDistillationLoss({ student: studentLogits, teacher: teacherLogits, labels: batch.labels, valid: batch.valid }, modality, selective);
          return [result.mask.arraySync(), tf.argMax(teacherLogits, -1).arraySync(), tf.argMax(studentLogits, -1).arraySync()] as number[][][];
        });
        const sentences: MaskedSentence[] = drawn.map(({ words, tags }, row) => {
          let at = 0;
          const tokens = words.map((word, i) => {
            const token = { text: word, start: at, end: at + word.length };
            at += word.length + 1;
            return {
              token,
              teacherBetter: mask[row][i] > 0.5,
              gold: tags[i],
              teacher: tagSet.tags[teacherTags[row][i]],
              student: tagSet.tags[studentTags[row][i]],
            };
          });
          return { text: words.join(' '), tokens };
        });
        const file = join(dir, 'test-sentences.html');
        await writeFile(
          file,
          tokenMaskHtml(sentences, {
            title: `Contrast masks: ${student.name}`,
            caption: `The first ${drawn.length} test sentences (at most ${length} words each), gate ${selective.gate}.`,
          }),
        );
        return [file];
      } finally {
        tf.dispose(batch as unknown as tf.TensorContainer);
      }
    },
  };
}

/** Tags in the known model's order when it knows them all; else in order of first appearance over the splits. */
function tagOrder(splits: ConllSentence[][], knownTags: string[] | undefined): string[] {
  const seen = new Set<string>();
  for (const sentences of splits) for (const { tags } of sentences) for (const tag of tags) seen.add(tag);
  if (knownTags === undefined) return [...seen];
  const missing = [...seen].filter((tag) => !knownTags.includes(tag));
  if (missing.length > 0) {
    throw new SelectiveKdError('INVALID_MODEL', `the model knows the tags [${knownTags.join(', ')}], but the data also has [${missing.join(', ')}]`);
  }
  return knownTags;
}

/** With two ids per token (student's, teacher's), splits each batch's `[B,T,2]` inputs into `inputs` and `teacherInputs`. */
function splitTeacherIds(source: (pass?: Pass) => Iterable<Batch>, split: boolean): (pass?: Pass) => Iterable<Batch> {
  if (!split) return source;
  return function* (pass) {
    for (const batch of source(pass)) {
      const [inputs, teacherInputs] = tf.unstack(batch.inputs as tf.Tensor, 2);
      tf.dispose(batch.inputs as tf.Tensor);
      yield { ...batch, inputs, teacherInputs };
    }
  };
}
