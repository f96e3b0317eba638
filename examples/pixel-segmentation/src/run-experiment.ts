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
  type RunOptions,
} from '@selective-kd/experiments';
import type { ExperimentConfig } from './experiment-config.js';
import { REPORT, type PixelMetric } from './report.js';
import { resultsMarkdown } from './results-markdown.js';
import { PIXEL_STUDENT_CONTEXT, pixelStudentContext } from './student-context.js';

export type ExperimentOutcome = Outcome<PixelMetric, 'pixel'>;

/**
 * The whole experiment: backend, the student-run context (data, composition
 * root, cached teacher), one student per gate and seed (in `workers`
 * processes, stored as each finishes and skipped when already done), and the
 * report. Panels go to `outDir`/panels/<mode>/.
 */
export async function runExperiment(
  config: ExperimentConfig,
  paths: ExperimentPaths,
  { backend: preference, log = console.log, workers = 1 }: RunOptions = {},
): Promise<ExperimentOutcome> {
  const started = performance.now();
  const backend = await startBackend(preference, log);
  const context = await pixelStudentContext(config, paths, { log });
  const { distillers, teacher } = context;
  const teacherTest = (await evaluateTeacher({ distillers, modality: 'pixel', teacher, batches: context.test })).student;
  log(teacherLine(teacherTest, REPORT));

  const { results } = await runStudentJobs({
    config,
    paths,
    context,
    contextModule: PIXEL_STUDENT_CONTEXT,
    workers,
    backend: preference,
    log,
    onResult: ({ run }) => log(studentLine(run, REPORT)),
  });
  teacher.dispose();

  const runs = results.map((r) => r.run);
  const panelFiles = results.flatMap((r) => r.files);
  const { rows, table, verdict: summary, headline } = reportRuns(runs, teacherTest, REPORT);
  const minutes = (performance.now() - started) / 60000;
  const resultsFile = writeResults({
    outDir: paths.outDir,
    mode: config.mode,
    markdown: resultsMarkdown({ config, table, verdict: summary, backend: backendDescription(backend), minutes, panelFiles, outDir: paths.outDir }),
    json: { config, backend: backend.backend, teacher: teacherTest, runs },
  });
  return { rows, runs, teacher: teacherTest, table, verdict: summary, headline, resultsFile };
}
