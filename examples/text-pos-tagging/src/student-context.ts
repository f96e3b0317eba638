import { createSelectiveContainer, DistillerFactory, MODALITY } from '@selective-kd/core';
import {
  cacheTeacherOutputs,
  modelFingerprint,
  type ExperimentPaths,
  type StudentContext,
  type StudentContextModule,
  type StudentContextOptions,
} from '@selective-kd/experiments';
import { textModality, tokenMaskHtml, tokenMaskTerminal, type MaskedSentence } from '@selective-kd/text';
import type * as tfl from '@tensorflow/tfjs-layers';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBrownCorpus } from './brown-corpus.js';
import { batchesOf, maskSentences } from './experiment.js';
import type { ExperimentConfig } from './experiment-config.js';
import { buildStudent } from './models.js';
import { saveTagger } from './saved-tagger.js';
import { prepareTaggingData, type TaggingData } from './tagging-data.js';
import { loadOrTrainTeacher } from './teacher.js';

export interface TextStudentContext extends StudentContext {
  teacher: tfl.LayersModel;
  data: TaggingData;
  distillers: DistillerFactory;
}

/** Where a pool worker finds `textStudentContext`. */
export const TEXT_STUDENT_CONTEXT: StudentContextModule = { module: import.meta.url, export: 'textStudentContext' };

/** Where `npm run tag` finds the last run's distilled student. */
export function taggerDir(cacheDir: string): string {
  return join(cacheDir, 'tagger');
}

/** The HTML page of contrast masks, `outDir`/masks-<mode>.html. */
export function masksFileOf(config: ExperimentConfig, outDir: string): string {
  return join(outDir, `masks-${config.mode}.html`);
}

/** Writes the mask page for `masked` (empty when no student drew it); returns its path. */
export function writeMasksPage(masked: MaskedSentence[], config: ExperimentConfig, outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  const file = masksFileOf(config, outDir);
  writeFileSync(
    file,
    tokenMaskHtml(masked, {
      title: `Contrast masks on Brown test sentences (${config.mode} mode)`,
      caption: `Loss-compare student of seed ${config.seeds[0]} after training vs the teacher; universal POS tags.`,
    }),
  );
  return file;
}

/**
 * What every student run of the text example shares: the corpus split and
 * vocabulary, the composition root, and the teacher (trained once, then
 * loaded from `cacheDir`). The loss-compare student of the first seed draws the
 * mask page and is saved for `npm run tag`, in the process that trained it.
 */
export async function textStudentContext(
  config: ExperimentConfig,
  paths: ExperimentPaths,
  { log }: StudentContextOptions,
): Promise<TextStudentContext> {
  const data = prepareTaggingData(loadBrownCorpus(), config);
  const { counts } = data;
  log(
    `data: Brown corpus, ${counts.trainSentences} training sentences (${counts.trainTokens} tokens) from ${counts.trainDocuments} documents, ` +
      `${counts.testSentences} test sentences (${counts.testTokens} tokens) from ${counts.testDocuments}; ` +
      `vocabulary ${data.features.words.size} words, ${data.features.suffixes.size} suffixes`,
  );

  // Composition root: core's services plus the text modality.
  const container = createSelectiveContainer();
  container.register(MODALITY, { useValue: textModality({ tagSet: data.tagSet }) });
  const distillers = container.resolve(DistillerFactory);

  const teacher = await loadOrTrainTeacher(distillers, config, data, paths.cacheDir, log);
  const shape = { inputDim: data.features.inputDim, length: config.length };
  const test = batchesOf(data.test, config, false);
  const teacherOutputs = await cacheTeacherOutputs(teacher, {
    train: batchesOf(data.train, config, false),
    test,
    dir: join(paths.cacheDir, 'teacher-outputs', config.mode),
    log,
  });
  return {
    distillers,
    modality: 'text',
    teacher,
    buildStudent: (seed) => buildStudent(shape, seed),
    train: batchesOf(data.train, config, true),
    test,
    teacherOutputs,
    fingerprint: JSON.stringify({ features: data.features.stamp, counts, teacher: modelFingerprint(teacher) }),
    data,
    afterRun: async (run, student) => {
      if (run.gate !== 'loss-compare' || run.seed !== config.seeds[0]) return;
      const masked = maskSentences(teacher, student, data, config, config.maskSentences);
      await saveTagger({ model: student, features: data.features, tagSet: data.tagSet }, taggerDir(paths.cacheDir));
      for (const sentence of masked.slice(0, 3)) log(`mask: ${tokenMaskTerminal(sentence, { color: process.stdout.isTTY === true })}`);
      return [writeMasksPage(masked, config, paths.outDir)];
    },
  };
}
