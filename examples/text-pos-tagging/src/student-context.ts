import { createSelectiveContainer, DistillerFactory, MODALITY, SelectiveKdError, type BatchSource } from '@selective-kd/core';
import {
  cacheTeacherOutputs,
  modelFingerprint,
  settingsText,
  type ExperimentPaths,
  type StudentContext,
  type StudentContextModule,
  type StudentContextOptions,
} from '@selective-kd/experiments';
import { textModality, tokenMaskHtml, tokenMaskTerminal, type MaskedSentence } from '@selective-kd/text';
import type * as tfl from '@tensorflow/tfjs-layers';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBrownCorpus, type BrownDocument } from './brown-corpus.js';
import { batchesOf, maskSentences } from './experiment.js';
import type { ExperimentConfig } from './experiment-config.js';
import { buildStudent } from './models.js';
import { prepareRegimeData, ROW_LENGTH, type RegimeData } from './regime-data.js';
import { isRegime, REGIME_DOMAINS, REGIMES } from './regimes.js';
import { saveTagger } from './saved-tagger.js';
import { loadTeacher } from './teachers.js';

export interface TextStudentContext extends StudentContext {
  teacher: tfl.LayersModel;
  data: RegimeData;
  plugin: ReturnType<typeof textModality>;
  /** The students' dev and test rows in the teacher's features, for the teacher's own scores. */
  teacherSplits: { dev: BatchSource; test: BatchSource };
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
export function writeMasksPage(masked: MaskedSentence[], config: ExperimentConfig, outDir: string, caption: string): string {
  mkdirSync(outDir, { recursive: true });
  const file = masksFileOf(config, outDir);
  writeFileSync(file, tokenMaskHtml(masked, { title: `Contrast masks on Brown test sentences (${config.mode} mode)`, caption }));
  return file;
}

let corpus: BrownDocument[] | undefined;

/** The corpus, read once per process: every regime's context draws on it. */
function brownCorpus(): BrownDocument[] {
  return (corpus ??= loadBrownCorpus());
}

/**
 * One regime's student runs: its documents and the teacher's vocabulary, the
 * composition root, the regime's shipped teacher, and the teacher's logits on
 * the students' train, dev and test rows (computed once into
 * `cacheDir`/teacher-outputs/<mode>/<regime>, then read by every run). The
 * loss-compare student of the first regime's first seed draws the mask page
 * and is saved for `npm run tag`, in the process that trained it.
 */
export async function textStudentContext(
  config: ExperimentConfig,
  regime: string,
  paths: ExperimentPaths,
  { log }: StudentContextOptions,
): Promise<TextStudentContext> {
  if (!isRegime(regime)) throw new SelectiveKdError('INVALID_OPTION', `regime '${regime}' is not one of ${REGIMES.join(', ')}`);
  const data = prepareRegimeData(brownCorpus(), regime, config);
  const { counts } = data;
  const domains = REGIME_DOMAINS[regime];
  log(
    `${regime}: students on ${domains.students} genres: ${counts.train.documents} labelled documents (${counts.train.tokens} tokens), ` +
      `dev ${counts.dev.documents} (${counts.dev.tokens}), test ${counts.test.documents} (${counts.test.tokens}); ` +
      `students' vocabulary ${data.features.words.size} words, ${data.features.suffixes.size} suffixes; ` +
      `teacher's (${counts.teacherTrain.documents} ${domains.teacher}-genre documents) ${data.teacherFeatures.words.size} and ${data.teacherFeatures.suffixes.size}`,
  );

  // Composition root: core's services plus the text modality.
  const plugin = textModality({ tagSet: data.tagSet });
  const container = createSelectiveContainer();
  container.register(MODALITY, { useValue: plugin });
  const distillers = container.resolve(DistillerFactory);

  const teacher = await loadTeacher(regime, data.teacherFeatures);
  // The teacher reads the same rows in its own features; a student's batch gathers the teacher's logits by row index.
  const teacherSplits = { dev: batchesOf(data.teacherRows.dev, config, false), test: batchesOf(data.teacherRows.test, config, false) };
  const teacherOutputs = await cacheTeacherOutputs(teacher, {
    train: batchesOf(data.teacherRows.train, config, false),
    ...teacherSplits,
    dir: join(paths.cacheDir, 'teacher-outputs', config.mode, regime),
    log,
  });
  return {
    regime,
    distillers,
    modality: 'text',
    plugin,
    teacher,
    buildStudent: (seed) => buildStudent({ inputDim: data.features.inputDim, length: ROW_LENGTH }, seed),
    train: batchesOf(data.train, config, true),
    dev: batchesOf(data.dev, config, false),
    test: batchesOf(data.test, config, false),
    teacherOutputs,
    teacherSplits,
    fingerprint: JSON.stringify({ features: data.features.stamp, teacherFeatures: data.teacherFeatures.stamp, counts, teacher: modelFingerprint(teacher) }),
    data,
    afterRun: async (run, student) => {
      if (run.gate !== 'loss-compare' || run.seed !== config.seeds[0] || regime !== config.regimes[0]) return;
      const masked = maskSentences(teacher, student, data, config.maskSentences);
      await saveTagger({ model: student, features: data.features, tagSet: data.tagSet }, taggerDir(paths.cacheDir));
      for (const sentence of masked.slice(0, 3)) log(`mask: ${tokenMaskTerminal(sentence, { color: process.stdout.isTTY === true })}`);
      const caption = `The ${regime} regime's loss-compare student (seed ${run.seed}, ${settingsText(run.settings)}) after training vs its teacher; universal POS tags.`;
      return [writeMasksPage(masked, config, paths.outDir, caption)];
    },
  };
}
