import { SelectiveKdError } from '@selective-kd/core';
import {
  backendDescription,
  evaluateTeacher,
  machineDescription,
  protocolReport,
  protocolResults,
  runProtocol,
  startBackend,
  teacherLine,
  writeResultFigures,
  writeResults,
  type ExperimentOutcome as Outcome,
  type ExperimentPaths,
  type RunOptions as CommonRunOptions,
  type TeacherScores,
} from '@selective-kd/experiments';
import { atDevThreshold } from './at-dev-threshold.js';
import type { ExperimentConfig } from './experiment-config.js';
import type { SoundFontName } from './openmsx.js';
import type { Corpus } from './rendered-clips.js';
import { REPORT } from './report.js';
import { resultsMarkdown } from './results-markdown.js';
import { AUDIO_STUDENT_CONTEXT, audioStudentContext, type AudioData, type AudioStudentContext } from './student-context.js';

export interface RunOptions extends CommonRunOptions {
  /** The pieces and their synthesiser per SoundFont. Default: openmsx through the Debian SoundFonts. Needs `workers: 1`: workers read the default corpora. */
  corpora?: Partial<Record<SoundFontName, Corpus>>;
}

export interface ExperimentOutcome extends Outcome<ExperimentConfig, 'audio'> {
  /** Each regime's data, as RESULTS.md describes it. */
  data: Record<string, AudioData>;
  /** The piano rolls the loss-compare students of the first seed drew. */
  rollFiles: string[];
}

/**
 * The whole experiment: backend, each regime's student-run context (rendered
 * pieces, composition root, shipped teacher and its cached logits), the
 * protocol (tuning on dev, then every regime × gate × seed, in `workers`
 * processes, stored as each finishes and skipped when already done), the
 * teachers' scores on the students' splits, and the report.
 */
export async function runExperiment(
  config: ExperimentConfig,
  paths: ExperimentPaths,
  { backend: preference, log = console.log, workers = 1, corpora }: RunOptions = {},
): Promise<ExperimentOutcome> {
  if (corpora && workers !== 1) {
    throw new SelectiveKdError('INVALID_OPTION', 'corpora given in code cannot reach worker processes (they read the default corpora); use workers: 1');
  }
  const started = performance.now();
  const backend = await startBackend(preference, log);
  const contexts = new Map<string, Promise<AudioStudentContext>>();
  const contextFor = (regime: string) => {
    let context = contexts.get(regime);
    if (!context) contexts.set(regime, (context = audioStudentContext(config, regime, paths, { log, corpora })));
    return context;
  };
  try {
    const protocol = await runProtocol({ config, paths, contextFor, contextModule: AUDIO_STUDENT_CONTEXT, workers, backend: preference, log });
    // Each run's decision threshold chosen on its dev scores, applied on test: a column beside F1 at 0.5.
    const outcome = { ...protocol, runs: protocol.runs.map((r) => atDevThreshold(r)), tuning: protocol.tuning.map((r) => atDevThreshold(r)) };
    const teachers: Record<string, TeacherScores> = {};
    const data: Record<string, AudioData> = {};
    for (const regime of config.regimes) {
      const { distillers, teacher, dev, test, data: regimeData } = await contextFor(regime);
      const score = async (batches: typeof dev) => (await evaluateTeacher({ distillers, modality: 'audio', teacher, batches })).metrics;
      teachers[regime] = { dev: await score(dev), test: await score(test) };
      data[regime] = regimeData;
      log(`${regime} ${teacherLine(teachers[regime].test, REPORT)}`);
    }
    const report = protocolReport(outcome, teachers, REPORT);
    const results = protocolResults({
      config,
      backend: backendDescription(backend),
      machine: machineDescription(),
      minutes: (performance.now() - started) / 60000,
      teachers,
      outcome,
    });
    const figures = await writeResultFigures({ outDir: paths.outDir, config, runs: outcome.runs, report: REPORT });
    const resultsFile = writeResults({
      outDir: paths.outDir,
      mode: config.mode,
      markdown: resultsMarkdown({ config, figures, report, results, data, outDir: paths.outDir }),
      json: { ...results, data },
    });
    return { report, results, resultsFile, data, rollFiles: outcome.files };
  } finally {
    // A context that failed to build holds no teacher; its error is already on its way up.
    for (const context of contexts.values()) await context.then((c) => c.teacher.dispose(), () => undefined);
  }
}
