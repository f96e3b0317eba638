import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { QUICK } from './experiment-config.js';
import { missingFashionMnist } from './fashion-mnist.js';
import { runExperiment } from './run-experiment.js';

// The example end to end on a handful of real Fashion-MNIST mosaics: teacher
// training and caching, one student per gate, the table, RESULTS.md and the
// panels. The data are Debian's; a spec never installs them (.ci/run does, as
// root), so without them this skips and says why.
it('runs the whole experiment on a handful of images', async ({ skip }) => {
  const missing = missingFashionMnist();
  if (missing) {
    console.log(`skipped: ${missing}`); // vitest's default reporter does not show skip notes
    skip(missing);
  }
  const root = mkdtempSync(join(tmpdir(), 'skd-pixel-smoke-'));
  const config = { ...QUICK, trainMosaics: 16, testMosaics: 8, batchSize: 8, teacherEpochs: 1, studentEpochs: 1, seeds: [0], panels: 2 };
  const lines: string[] = [];
  const paths = { outDir: join(root, 'out'), cacheDir: join(root, 'cache') };
  const outcome = await runExperiment(config, paths, { backend: 'wasm', log: (line) => void lines.push(line) });

  expect(outcome.rows.map((r) => r.gate)).toEqual(['none', 'all', 'teacher-correct', 'loss-compare']);
  for (const row of outcome.rows) {
    expect(row.meanIoU.mean).toBeGreaterThanOrEqual(0);
    expect(row.meanIoU.mean).toBeLessThanOrEqual(1);
  }
  expect(outcome.rows.find((r) => r.gate === 'none')?.teacherBetterFraction).toBe(0);
  expect(outcome.rows.find((r) => r.gate === 'all')?.teacherBetterFraction).toBe(1);
  expect(outcome.headline.rows.map((r) => r.gate)).toEqual(outcome.rows.map((r) => r.gate));
  expect(outcome.headline.rows[3]?.mean).toBeCloseTo(100 * (outcome.rows[3]?.meanIoU.mean ?? Number.NaN), 10);
  expect(outcome.headline.teacherBetterFraction).toBe(outcome.rows[3]?.teacherBetterFraction);
  expect(outcome.table).toMatch(/\| selective \(loss-compare\) \| \d+\.\d\d ± 0\.00 \|/);
  expect(readFileSync(outcome.resultsFile, 'utf8')).toContain('![](panels/quick/test-1.png)');
  expect(existsSync(join(paths.outDir, 'panels', 'quick', 'test-0.png'))).toBe(true);
  expect(lines.some((l) => l.startsWith('teacher: saved to'))).toBe(true);

  // A second run reuses the saved teacher.
  const again: string[] = [];
  await runExperiment({ ...config, gates: ['none'] }, paths, { backend: 'wasm', log: (line) => void again.push(line) });
  expect(again.some((l) => l.startsWith('teacher: loading'))).toBe(true);
}, 300_000);
