import { evaluateModel } from '@selective-kd/core';
import {
  backendDescription,
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
import { existsSync } from 'node:fs';
import type { ExperimentConfig } from './experiment-config.js';
import { REPORT } from './report.js';
import { resultsMarkdown } from './results-markdown.js';
import { masksFileOf, TEXT_STUDENT_CONTEXT, textStudentContext, writeMasksPage, type TextStudentContext } from './student-context.js';

export { taggerDir } from './student-context.js';

export interface ExperimentOutcome extends Outcome<ExperimentConfig, 'text'> {
  /** The HTML page of contrast masks over test sentences. */
  masksFile: string;
}

/**
 * The whole experiment through the comparison protocol: per regime its data
 * and shipped teacher (the contexts), the teacher's dev and test scores, every
 * gate's settings tuned on dev, then every regime × gate × seed trained to its
 * best dev epoch (in `workers` processes, each run stored in `paths.runsDir`
 * as it finishes and skipped when already there), the report and the mask
 * page (`outDir`/masks-<mode>.html; the tagger for `npm run tag` goes to
 * `cacheDir`/tagger).
 */
export async function runExperiment(
  config: ExperimentConfig,
  paths: ExperimentPaths,
  { backend: preference, log = console.log, workers = 1 }: RunOptions = {},
): Promise<ExperimentOutcome> {
  const started = performance.now();
  const backend = await startBackend(preference, log);
  const contexts = new Map<string, Promise<TextStudentContext>>();
  const contextFor = (regime: string) => {
    if (!contexts.has(regime)) contexts.set(regime, textStudentContext(config, regime, paths, { log }));
    return contexts.get(regime)!;
  };

  const teachers: Record<string, TeacherScores> = {};
  for (const regime of config.regimes) {
    const { teacher, teacherSplits: { dev, test }, plugin } = await contextFor(regime);
    teachers[regime] = { dev: (await evaluateModel(teacher, dev, plugin)).metrics, test: (await evaluateModel(teacher, test, plugin)).metrics };
    log(`${regime} ${teacherLine(teachers[regime].test, REPORT)} (test), dev ${(100 * teachers[regime].dev.tokenAccuracy).toFixed(2)}`);
  }

  const outcome = await runProtocol({ config, paths, contextFor, contextModule: TEXT_STUDENT_CONTEXT, workers, backend: preference, log });
  // The page is drawn when its student trains; a rerun that reads that run back from the store keeps the page already there.
  const masksFile = masksFileOf(config, paths.outDir);
  if (!outcome.files.includes(masksFile) && !existsSync(masksFile)) {
    writeMasksPage([], config, paths.outDir, 'No loss-compare student drew this page: its run was read back from the store.');
  }

  const report = protocolReport(outcome, teachers, REPORT);
  const minutes = (performance.now() - started) / 60000;
  const results = protocolResults({ config, backend: backendDescription(backend), machine: machineDescription(), minutes, teachers, outcome });
  const regimes = await Promise.all(config.regimes.map(async (regime) => (await contextFor(regime)).data));
  for (const context of contexts.values()) (await context).teacher.dispose();
  const figures = await writeResultFigures({ outDir: paths.outDir, config, runs: outcome.runs, report: REPORT });
  const resultsFile = writeResults({
    outDir: paths.outDir,
    mode: config.mode,
    markdown: resultsMarkdown({ config, figures, regimes, report, results, masksFile, outDir: paths.outDir }),
    json: results,
  });
  return { report, results, resultsFile, masksFile };
}
