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
  type RunOptions,
} from '@selective-kd/experiments';
import { pixelModality, segmentationBatches } from '@selective-kd/pixel';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { drawPanels } from './draw-panels.js';
import type { ExperimentConfig } from './experiment-config.js';
import { ensureFashionMnist, loadFashionMnist } from './fashion-mnist.js';
import { buildStudent } from './models.js';
import { makeMosaics } from './mosaics.js';
import { REPORT, type PixelMetric } from './report.js';
import { resultsMarkdown } from './results-markdown.js';
import { loadOrTrainTeacher } from './teacher.js';

export type ExperimentOutcome = Outcome<PixelMetric, 'pixel'>;

/**
 * The whole experiment: data, backend, the composition root, the teacher
 * (cached), one student per gate and seed, and the report. Panels go to
 * `outDir`/panels/<mode>/.
 */
export async function runExperiment(
  config: ExperimentConfig,
  paths: ExperimentPaths,
  { backend: preference, log = console.log }: RunOptions = {},
): Promise<ExperimentOutcome> {
  const started = performance.now();
  const dataDir = ensureFashionMnist(undefined, log);
  const backend = await startBackend(preference, log);

  // Composition root: core's services plus the pixel modality.
  const container = createSelectiveContainer();
  container.register(MODALITY, { useValue: pixelModality() });
  const distillers = container.resolve(DistillerFactory);

  const train = makeMosaics(loadFashionMnist('train', dataDir), config.trainMosaics, 1234, 'train');
  const test = makeMosaics(loadFashionMnist('test', dataDir), config.testMosaics, 5678, 'test');
  log(`data: ${train.length} training mosaics from Fashion-MNIST train, ${test.length} test mosaics from its test split`);
  const testBatches = segmentationBatches(test, { batchSize: 64, shuffle: false });

  const teacher = await loadOrTrainTeacher(distillers, config, train, paths.cacheDir, log);
  const teacherTest = (await evaluateTeacher({ distillers, modality: 'pixel', teacher, batches: testBatches })).student;
  log(teacherLine(teacherTest, REPORT));

  const panelDir = join(paths.outDir, 'panels', config.mode);
  mkdirSync(panelDir, { recursive: true });
  const panelFiles: string[] = [];
  const runs = await trainStudents({
    distillers,
    modality: 'pixel',
    teacher,
    buildStudent,
    train: segmentationBatches(train, { batchSize: config.batchSize }),
    test: testBatches,
    config,
    onRun: (run, student) => {
      log(studentLine(run, REPORT));
      if (run.gate !== 'loss-compare' || run.seed !== config.seeds[0]) return;
      drawPanels(teacher, student, test, config.panels).forEach((png, i) => {
        const file = join(panelDir, `test-${i}.png`);
        writeFileSync(file, png);
        panelFiles.push(file);
      });
    },
  });
  teacher.dispose();

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
