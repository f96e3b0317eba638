import {
  backendDescription,
  evaluateTeacher,
  reportRuns,
  runStudentJobs,
  startBackend,
  studentLine,
  teacherLine,
  writeResults,
  type ExperimentOutcome as Outcome,
  type ExperimentPaths,
  type Headline as ModalityHeadline,
  type RunOptions,
} from '@selective-kd/experiments';
import { batchesOf } from './experiment.js';
import type { ExperimentConfig } from './experiment-config.js';
import { REPORT, type TextMetric } from './report.js';
import { resultsMarkdown } from './results-markdown.js';
import { masksFileOf, TEXT_STUDENT_CONTEXT, textStudentContext, writeMasksPage } from './student-context.js';

export { taggerDir } from './student-context.js';

/** The numbers the repository's combined table shows for this modality. */
export type Headline = ModalityHeadline<'text'>;

export interface ExperimentOutcome extends Outcome<TextMetric, 'text'> {
  /** The HTML page of contrast masks over test sentences. */
  masksFile: string;
}

/**
 * The whole experiment: corpus, backend, the student-run context (composition
 * root, cached teacher), one student per gate and seed (in `workers`
 * processes, stored as each finishes and skipped when already done), the
 * contrast masks and the report. The mask page goes to
 * `outDir`/masks-<mode>.html; the tagger for `npm run tag` to `cacheDir`/tagger.
 */
export async function runExperiment(
  config: ExperimentConfig,
  paths: ExperimentPaths,
  { backend: preference, log = console.log, workers = 1 }: RunOptions = {},
): Promise<ExperimentOutcome> {
  const started = performance.now();
  const backend = await startBackend(preference, log);
  const context = await textStudentContext(config, paths, { log });
  const { data, distillers, teacher } = context;
  const teacherTest = (await evaluateTeacher({ distillers, modality: 'text', teacher, batches: context.test })).student;
  log(teacherLine(teacherTest, REPORT));

  const { results } = await runStudentJobs({
    config,
    paths,
    context,
    contextModule: TEXT_STUDENT_CONTEXT,
    workers,
    backend: preference,
    log,
    onResult: ({ run }) => log(studentLine(run, REPORT)),
  });
  const runs = results.map((r) => r.run);
  const teacherDev = (await evaluateTeacher({ distillers, modality: 'text', teacher, batches: batchesOf(data.dev, config, false) })).student;
  teacher.dispose();

  // The page is drawn with the first seed's loss-compare student; without that run it is empty.
  const masksFile = masksFileOf(config, paths.outDir);
  if (!results.some((r) => r.files.includes(masksFile))) writeMasksPage([], config, paths.outDir);

  const { counts } = data;
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
