import { createSelectiveContainer, DistillerFactory, MODALITY } from '@selective-kd/core';
import { startBackend } from '@selective-kd/experiments';
import { pixelModality } from '@selective-kd/pixel';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { FULL, type ExperimentConfig } from './experiment-config.js';
import { FASHION_MNIST_DIR, missingFashionMnist } from './fashion-mnist.js';
import { mosaicSplits } from './mosaic-splits.js';
import { runExperiment } from './run-experiment.js';
import { trainTeacher } from './teacher.js';

// The example end to end on a handful of real Fashion-MNIST mosaics: teachers
// trained and saved as `npm run teachers` does (tiny ones, into a temporary
// folder), both regimes' contexts, tuning on dev, every gate, the tables,
// RESULTS.md, results-full.json and the panels, and a rerun that trains
// nothing. The data are Debian's; a spec never installs them (.ci/run does,
// as root), so without them this skips and says why.
it('runs the protocol over two regimes on a handful of images and resumes from the stored runs', async ({ skip }) => {
  const missing = missingFashionMnist();
  if (missing) {
    console.log(`skipped: ${missing}`); // vitest's default reporter does not show skip notes
    skip(missing);
  }
  await startBackend('wasm', () => undefined); // also lets tfjs save to file:// URLs
  const root = mkdtempSync(join(tmpdir(), 'skd-pixel-smoke-'));
  const mosaics = { teacherMosaics: 16, labelledMosaics: 8, devMosaics: 8, testMosaics: 8 };
  const teachersDir = join(root, 'teachers');
  const container = createSelectiveContainer();
  container.register(MODALITY, { useValue: pixelModality() });
  const splits = mosaicSplits(mosaics, FASHION_MNIST_DIR);
  for (const name of ['strong', 'weak']) {
    const training = { epochs: 1, batchSize: 8, learningRate: 3e-3, seed: 1 };
    const { model } = await trainTeacher(container.resolve(DistillerFactory), splits.teacherTrain, splits.dev, training, () => undefined);
    await model.save(`file://${join(teachersDir, name)}`);
    model.dispose();
  }

  const config: ExperimentConfig = {
    ...FULL,
    regimes: ['shifted', 'weak'],
    seeds: [0, 1],
    grid: { 'loss-compare': [{ temperature: 1 }, { temperature: 4 }] },
    maxEpochs: 2,
    patience: 1,
    mosaics,
    panels: 2,
  };
  const paths = { outDir: join(root, 'out'), cacheDir: join(root, 'cache'), runsDir: join(root, 'runs') };
  const lines: string[] = [];
  const outcome = await runExperiment(config, paths, { backend: 'wasm', teachersDir, log: (line) => void lines.push(line) });

  const { runs, tuning, chosen, teachers } = outcome.results;
  expect(runs).toHaveLength(2 * 2 * FULL.gates.length);
  expect(tuning.map((r) => `${r.regime} ${r.settings.temperature}`)).toEqual(['shifted 1', 'shifted 4', 'weak 1', 'weak 4']);
  for (const regime of ['shifted', 'weak']) {
    expect([{ temperature: 1 }, { temperature: 4 }]).toContainEqual(chosen[regime]?.['loss-compare']);
    expect(teachers[regime]?.test.meanIoU).toBeGreaterThanOrEqual(0);
  }
  // The shifted camera changes what the same teacher sees.
  expect(teachers.shifted?.dev.meanIoU).not.toBe(teachers.weak?.dev.meanIoU);
  for (const run of runs) {
    expect(run.test.meanIoU).toBeGreaterThanOrEqual(0);
    expect(run.test.meanIoU).toBeLessThanOrEqual(1);
    expect(run.epochs).toBeGreaterThanOrEqual(1);
    expect(run.epochs).toBeLessThanOrEqual(2);
  }
  expect(runs.filter((r) => r.gate === 'none').every((r) => r.teacherBetterFraction === 0)).toBe(true);
  expect(runs.filter((r) => r.gate === 'all' || r.gate === 'rectified').every((r) => r.teacherBetterFraction === 1)).toBe(true);
  expect(outcome.report.regimes.map((r) => r.regime)).toEqual(['shifted', 'weak']);

  const markdown = readFileSync(outcome.resultsFile, 'utf8');
  expect(markdown).toContain('## Regime `shifted`');
  expect(markdown).toContain('![](panels/full/weak-test-1.png)');
  expect(existsSync(join(paths.outDir, 'panels', 'full', 'shifted-test-0.png'))).toBe(true);
  expect(JSON.parse(readFileSync(join(paths.outDir, 'results-full.json'), 'utf8')).runs).toHaveLength(runs.length);
  // Every run keeps its per-epoch history; the figures are drawn beside RESULTS.md and embedded in it.
  expect(runs.every((r) => r.history?.length === r.epochs)).toBe(true);
  for (const figure of ['results', 'curves']) {
    expect(markdown).toContain(`(figures/full/${figure}.png)`);
    expect(existsSync(join(paths.outDir, 'figures', 'full', `${figure}.svg`))).toBe(true);
  }

  // A second run finds every student stored and trains none.
  const again: string[] = [];
  const rerun = await runExperiment(config, paths, { backend: 'wasm', teachersDir, log: (line) => void again.push(line) });
  expect(rerun.results.runs).toEqual(runs);
}, 600_000);
