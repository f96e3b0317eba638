import {
  createSelectiveContainer,
  DistillerFactory,
  initBackend,
  MODALITY,
  registerFileSystemRouter,
  type BackendPreference,
} from '@selective-kd/core';
import { pixelModality } from '@selective-kd/pixel';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { drawPanels, evaluateTeacher, trainStudents, type StudentRun } from './experiment.js';
import type { ExperimentConfig } from './experiment-config.js';
import { ensureFashionMnist, loadFashionMnist } from './fashion-mnist.js';
import { makeMosaics } from './mosaics.js';
import { resultsMarkdown } from './results-markdown.js';
import { resultsTable, summarize, verdict, type GateSummary } from './report.js';
import { loadOrTrainTeacher } from './teacher.js';

export interface ExperimentPaths {
  /** Where RESULTS.md, results-<mode>.json and panels/<mode>/*.png go. */
  outDir: string;
  /** Where the trained teacher is kept between runs. */
  cacheDir: string;
}

export interface ExperimentOutcome {
  rows: GateSummary[];
  runs: StudentRun[];
  teacher: Record<string, number>;
  table: string;
  verdict: string;
  resultsFile: string;
}

/**
 * The whole experiment: data, backend, the composition root, the teacher
 * (cached), one student per gate and seed, and the report.
 */
export async function runExperiment(
  config: ExperimentConfig,
  paths: ExperimentPaths,
  { backend: preference, log = console.log }: { backend?: BackendPreference; log?: (line: string) => void } = {},
): Promise<ExperimentOutcome> {
  const started = performance.now();
  const dataDir = ensureFashionMnist(undefined, log);
  const backend = await initBackend(preference);
  log(`backend: ${backend.backend} (${backend.reason})`);
  registerFileSystemRouter();

  // Composition root: core's services plus the pixel modality.
  const container = createSelectiveContainer();
  container.register(MODALITY, { useValue: pixelModality() });
  const distillers = container.resolve(DistillerFactory);

  const train = makeMosaics(loadFashionMnist('train', dataDir), config.trainMosaics, 1234, 'train');
  const test = makeMosaics(loadFashionMnist('test', dataDir), config.testMosaics, 5678, 'test');
  log(`data: ${train.length} training mosaics from Fashion-MNIST train, ${test.length} test mosaics from its test split`);

  const teacher = await loadOrTrainTeacher(distillers, config, train, paths.cacheDir, log);
  const teacherTest = (await evaluateTeacher(distillers, teacher, test)).student;
  log(`teacher: test mIoU ${(100 * teacherTest.meanIoU).toFixed(2)}`);

  const panelDir = join(paths.outDir, 'panels', config.mode);
  mkdirSync(panelDir, { recursive: true });
  const panelFiles: string[] = [];
  const runs = await trainStudents({
    config,
    distillers,
    teacher,
    train,
    test,
    onRun: (run, student) => {
      log(
        `student ${run.gate} seed ${run.seed}: test mIoU ${(100 * run.test.meanIoU).toFixed(2)}, ` +
          `teacher-better ${(100 * run.teacherBetterFraction).toFixed(1)}%, ${run.seconds.toFixed(0)} s`,
      );
      if (run.gate !== 'loss-compare' || run.seed !== config.seeds[0]) return;
      drawPanels(teacher, student, test, config.panels).forEach((png, i) => {
        const file = join(panelDir, `test-${i}.png`);
        writeFileSync(file, png);
        panelFiles.push(file);
      });
    },
  });
  teacher.dispose();

  const rows = summarize(runs);
  const table = resultsTable(rows, teacherTest);
  const summary = verdict(rows);
  const minutes = (performance.now() - started) / 60000;
  const resultsFile = join(paths.outDir, 'RESULTS.md');
  writeFileSync(
    resultsFile,
    resultsMarkdown({ config, table, verdict: summary, backend: `${backend.backend} (${backend.reason})`, minutes, panelFiles, outDir: paths.outDir }),
  );
  writeFileSync(
    join(paths.outDir, `results-${config.mode}.json`),
    `${JSON.stringify({ config, backend: backend.backend, teacher: teacherTest, runs }, null, 2)}\n`,
  );
  return { rows, runs, teacher: teacherTest, table, verdict: summary, resultsFile };
}
