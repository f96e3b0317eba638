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
  type RunOptions,
  type TeacherScores,
} from '@selective-kd/experiments';
import type { ExperimentConfig } from './experiment-config.js';
import { REPORT } from './report.js';
import { resultsMarkdown } from './results-markdown.js';
import { PIXEL_STUDENT_CONTEXT, pixelStudentContext, type PixelStudentContext } from './student-context.js';

export interface ExperimentOutcome extends Outcome<ExperimentConfig, 'pixel'> {
  /** The panels the loss-compare students of the first seed drew. */
  panelFiles: string[];
}

/** Where the shipped teachers are, for specs that train their own; default the example's teachers/. */
export interface PixelRunOptions extends RunOptions {
  teachersDir?: string;
}

/**
 * The whole experiment: backend, each regime's student-run context (data,
 * composition root, shipped teacher and its cached logits), the protocol
 * (tuning on dev, then every regime × gate × seed, in `workers` processes,
 * stored as each finishes and skipped when already done), the teachers'
 * scores on the students' splits, and the report.
 */
export async function runExperiment(
  config: ExperimentConfig,
  paths: ExperimentPaths,
  { backend: preference, log = console.log, workers = 1, teachersDir }: PixelRunOptions = {},
): Promise<ExperimentOutcome> {
  const started = performance.now();
  const backend = await startBackend(preference, log);
  const contexts = new Map<string, Promise<PixelStudentContext>>();
  const contextFor = (regime: string) => {
    let context = contexts.get(regime);
    if (!context) contexts.set(regime, (context = pixelStudentContext(config, regime, paths, { log, teachersDir })));
    return context;
  };
  try {
    const outcome = await runProtocol({
      config,
      paths,
      contextFor,
      contextModule: PIXEL_STUDENT_CONTEXT,
      workers,
      backend: preference,
      log,
    });
    const teachers: Record<string, TeacherScores> = {};
    for (const regime of config.regimes) {
      const { distillers, teacher, dev, test } = await contextFor(regime);
      const score = async (batches: typeof dev) => (await evaluateTeacher({ distillers, modality: 'pixel', teacher, batches })).metrics;
      teachers[regime] = { dev: await score(dev), test: await score(test) };
      log(`${regime} ${teacherLine(teachers[regime].test, REPORT)}`);
    }
    const report = protocolReport(outcome, teachers, REPORT);
    const minutes = (performance.now() - started) / 60000;
    const results = protocolResults({
      config,
      backend: backendDescription(backend),
      machine: machineDescription(),
      minutes,
      teachers,
      outcome,
    });
    const figures = await writeResultFigures({ outDir: paths.outDir, config, runs: outcome.runs, report: REPORT });
    const resultsFile = writeResults({
      outDir: paths.outDir,
      mode: config.mode,
      markdown: resultsMarkdown({ config, figures, report, results, panelFiles: outcome.files, outDir: paths.outDir }),
      json: results,
    });
    return { report, results, resultsFile, panelFiles: outcome.files };
  } finally {
    // A context that failed to build holds no teacher; its error is already on its way up.
    for (const context of contexts.values()) await context.then((c) => c.teacher.dispose(), () => undefined);
  }
}
