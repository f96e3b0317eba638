import { SelectiveKdError } from '@selective-kd/core';
import {
  backendDescription,
  evaluateTeacher,
  reportRuns,
  runStudentJobs,
  startBackend,
  studentLine,
  teacherLine,
  writeResults,
  type ExperimentPaths,
  type ExperimentOutcome as Outcome,
  type RunOptions as CommonRunOptions,
} from '@selective-kd/experiments';
import { loadavg } from 'node:os';
import type { ExperimentConfig } from './experiment-config.js';
import { buildStudent } from './models.js';
import { REPORT, type AudioMetric } from './report.js';
import type { Corpus } from './rendered-clips.js';
import { resultsMarkdown } from './results-markdown.js';
import { AUDIO_STUDENT_CONTEXT, audioStudentContext } from './student-context.js';

export interface RunOptions extends CommonRunOptions {
  /** The pieces and their synthesiser. Default: openmsx through the TimGM6mb SoundFont. Needs `workers: 1`: workers read the default corpus. */
  corpus?: Corpus;
}

export type ExperimentOutcome = Outcome<AudioMetric, 'audio'>;

/**
 * The whole experiment: backend, the student-run context (data rendered and
 * cached, composition root, cached teacher), one student per gate and seed
 * (in `workers` processes, stored as each finishes and skipped when already
 * done), and the report. Renderings are cached under `cacheDir`/render; piano
 * rolls go to `outDir`/piano-rolls/<mode>/.
 */
export async function runExperiment(
  config: ExperimentConfig,
  paths: ExperimentPaths,
  { backend: preference, log = console.log, corpus, workers = 1 }: RunOptions = {},
): Promise<ExperimentOutcome> {
  if (corpus && workers !== 1) {
    throw new SelectiveKdError('INVALID_OPTION', 'a corpus given in code cannot reach worker processes (they read the default corpus); use workers: 1');
  }
  const started = performance.now();
  const load = [loadavg()[0]];
  const backend = await startBackend(preference, log);
  const context = await audioStudentContext(config, paths, { log, corpus });
  const { distillers, teacher, data } = context;
  const teacherTest = (await evaluateTeacher({ distillers, modality: 'audio', teacher, batches: context.test })).student;
  log(teacherLine(teacherTest, REPORT));

  const { results } = await runStudentJobs({
    config,
    paths,
    context,
    contextModule: AUDIO_STUDENT_CONTEXT,
    workers,
    backend: preference,
    log,
    onResult: ({ run }) => log(studentLine(run, REPORT)),
  });
  const student = buildStudent({ frames: config.excerptFrames, context: config.context, bins: config.melBands }, 0);
  const weights = { teacher: teacher.countParams(), student: student.countParams() };
  student.dispose();
  teacher.dispose();

  const runs = results.map((r) => r.run);
  const rollFiles = results.flatMap((r) => r.files);
  const { rows, table, verdict: summary, headline } = reportRuns(runs, teacherTest, REPORT);
  const minutes = (performance.now() - started) / 60000;
  load.push(loadavg()[0]);
  const resultsFile = writeResults({
    outDir: paths.outDir,
    mode: config.mode,
    markdown: resultsMarkdown({ config, table, verdict: summary, backend: backendDescription(backend), minutes, load, rollFiles, outDir: paths.outDir, data, weights }),
    json: { config, backend: backend.backend, minutes, loadAverage: load, data, teacher: teacherTest, runs },
  });
  return { rows, runs, teacher: teacherTest, table, verdict: summary, resultsFile, headline };
}
