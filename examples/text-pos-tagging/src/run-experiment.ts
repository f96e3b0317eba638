import { createSelectiveContainer, DistillerFactory, MODALITY } from '@selective-kd/core';
import {
  backendDescription,
  evaluateTeacher,
  reportRuns,
  startBackend,
  studentLine,
  teacherLine,
  trainStudents,
  writeResults,
  type ExperimentOutcome as Outcome,
  type ExperimentPaths,
  type Headline as ModalityHeadline,
  type RunOptions,
} from '@selective-kd/experiments';
import { textModality, tokenMaskHtml, tokenMaskTerminal, type MaskedSentence } from '@selective-kd/text';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBrownCorpus } from './brown-corpus.js';
import { batchesOf, maskSentences } from './experiment.js';
import type { ExperimentConfig } from './experiment-config.js';
import { buildStudent } from './models.js';
import { REPORT, type TextMetric } from './report.js';
import { resultsMarkdown } from './results-markdown.js';
import { saveTagger } from './saved-tagger.js';
import { prepareTaggingData } from './tagging-data.js';
import { loadOrTrainTeacher } from './teacher.js';

/** The numbers the repository's combined table shows for this modality. */
export type Headline = ModalityHeadline<'text'>;

export interface ExperimentOutcome extends Outcome<TextMetric, 'text'> {
  /** The HTML page of contrast masks over test sentences. */
  masksFile: string;
}

/** Where `npm run tag` finds the last run's distilled student. */
export function taggerDir(cacheDir: string): string {
  return join(cacheDir, 'tagger');
}

/**
 * The whole experiment: corpus, backend, the composition root, the teacher
 * (cached), one student per gate and seed, the contrast masks and the report.
 * The mask page goes to `outDir`/masks-<mode>.html; the tagger for `npm run tag`
 * to `cacheDir`/tagger.
 */
export async function runExperiment(
  config: ExperimentConfig,
  paths: ExperimentPaths,
  { backend: preference, log = console.log }: RunOptions = {},
): Promise<ExperimentOutcome> {
  const started = performance.now();
  const backend = await startBackend(preference, log);

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
  const testBatches = batchesOf(data.test, config, false);
  const teacherTest = (await evaluateTeacher({ distillers, modality: 'text', teacher, batches: testBatches })).student;
  log(teacherLine(teacherTest, REPORT));

  let masked: MaskedSentence[] = [];
  const shape = { inputDim: data.features.inputDim, length: config.length };
  const runs = await trainStudents({
    distillers,
    modality: 'text',
    teacher,
    buildStudent: (seed) => buildStudent(shape, seed),
    train: batchesOf(data.train, config, true),
    test: testBatches,
    config,
    onRun: async (run, student) => {
      log(studentLine(run, REPORT));
      if (run.gate !== 'loss-compare' || run.seed !== config.seeds[0]) return;
      masked = maskSentences(teacher, student, data, config, config.maskSentences);
      await saveTagger({ model: student, features: data.features, tagSet: data.tagSet }, taggerDir(paths.cacheDir));
    },
  });
  const teacherDev = (await evaluateTeacher({ distillers, modality: 'text', teacher, batches: batchesOf(data.dev, config, false) })).student;
  teacher.dispose();

  mkdirSync(paths.outDir, { recursive: true });
  const masksFile = join(paths.outDir, `masks-${config.mode}.html`);
  writeFileSync(
    masksFile,
    tokenMaskHtml(masked, {
      title: `Contrast masks on Brown test sentences (${config.mode} mode)`,
      caption: `Loss-compare student of seed ${config.seeds[0]} after training vs the teacher; universal POS tags.`,
    }),
  );
  for (const sentence of masked.slice(0, 3)) log(`mask: ${tokenMaskTerminal(sentence, { color: process.stdout.isTTY === true })}`);

  const { rows, table, verdict: summary, headline } = reportRuns(runs, teacherTest, REPORT);
  const minutes = (performance.now() - started) / 60000;
  const resultsFile = writeResults({
    outDir: paths.outDir,
    mode: config.mode,
    markdown: resultsMarkdown({
      config,
      counts,
      vocabulary: { words: data.features.words.size, suffixes: data.features.suffixes.size },
      teacherDev,
      table,
      verdict: summary,
      backend: backendDescription(backend),
      minutes,
      masksFile,
      outDir: paths.outDir,
    }),
    json: { config, backend: backend.backend, minutes, counts, teacher: teacherTest, runs },
  });
  return { rows, runs, teacher: teacherTest, headline, table, verdict: summary, resultsFile, masksFile };
}
