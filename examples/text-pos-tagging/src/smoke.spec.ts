import { registerFileSystemRouter } from '@selective-kd/core';
import { Vocabulary } from '@selective-kd/text';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { QUICK } from './experiment-config.js';
import { runExperiment, taggerDir } from './run-experiment.js';
import { loadTagger, tagText } from './saved-tagger.js';

// The example end to end on a few real Brown documents: corpus, teacher
// training and caching, one student per gate, the table, RESULTS.md, the mask
// page, and tagging raw text with the saved student.
it('runs the whole experiment on a few documents and tags raw text with the saved student', async () => {
  const root = mkdtempSync(join(tmpdir(), 'skd-text-smoke-'));
  const config = { ...QUICK, trainDocuments: 2, testDocuments: 1, length: 24, batchSize: 32, teacherEpochs: 1, studentEpochs: 1, seeds: [0], maskSentences: 2 };
  const lines: string[] = [];
  const paths = { outDir: join(root, 'out'), cacheDir: join(root, 'cache') };
  const outcome = await runExperiment(config, paths, { backend: 'wasm', log: (line) => void lines.push(line) });

  expect(outcome.rows.map((r) => r.gate)).toEqual(['none', 'all', 'teacher-correct', 'loss-compare']);
  for (const row of outcome.headline.rows) {
    expect(row.mean).toBeGreaterThanOrEqual(0);
    expect(row.mean).toBeLessThanOrEqual(100);
  }
  expect(outcome.headline).toMatchObject({ modality: 'text', metric: 'token accuracy (%)' });
  expect(outcome.rows.find((r) => r.gate === 'none')?.teacherBetterFraction).toBe(0);
  expect(outcome.rows.find((r) => r.gate === 'all')?.teacherBetterFraction).toBe(1);
  expect(outcome.table).toMatch(/\| selective \(loss-compare\) \| \d+\.\d\d ± 0\.00 \|/);
  expect(readFileSync(outcome.resultsFile, 'utf8')).toContain('[masks-quick.html](masks-quick.html)');
  expect(readFileSync(outcome.masksFile, 'utf8')).toContain('class="tok');
  expect(lines.some((l) => l.startsWith('teacher: saved to'))).toBe(true);

  registerFileSystemRouter();
  const tagger = await loadTagger(taggerDir(paths.cacheDir));
  expect(tagText(tagger, 'The old man saw the boat.').map((t) => t.token.text)).toEqual(['The', 'old', 'man', 'saw', 'the', 'boat', '.']);
  tagger.model.dispose();

  // A vocabulary file that is not the model's is refused.
  Vocabulary.build([['other', 'words']]).save(join(taggerDir(paths.cacheDir), 'vocabulary.json'));
  await expect(loadTagger(taggerDir(paths.cacheDir))).rejects.toThrow(/vocabulary mismatch/);
  await expect(loadTagger(join(root, 'nowhere'))).rejects.toThrow(/no run has saved a student yet/);

  // A second run reuses the saved teacher.
  const again: string[] = [];
  await runExperiment({ ...config, gates: ['none'] }, paths, { backend: 'wasm', log: (line) => void again.push(line) });
  expect(again.some((l) => l.startsWith('teacher: loading'))).toBe(true);
  expect(existsSync(join(paths.outDir, 'results-quick.json'))).toBe(true);
}, 300_000);
