import { registerFileSystemRouter } from '@selective-kd/core';
import { Vocabulary } from '@selective-kd/text';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { QUICK, type ExperimentConfig } from './experiment-config.js';
import { runExperiment, taggerDir } from './run-experiment.js';
import { loadTagger, tagText } from './saved-tagger.js';

// The example end to end on a few real Brown documents with the shipped weak
// teacher: the regime's context, teacher outputs cached, two gates tuned on
// dev and every gate trained to its best dev epoch, the table, RESULTS.md and
// results-quick.json, the mask page, tagging raw text with the saved student,
// and a rerun that reads every run back from the store.
it('runs the protocol on a few documents of one regime and tags raw text with the saved student', async () => {
  const root = mkdtempSync(join(tmpdir(), 'skd-text-smoke-'));
  const config: ExperimentConfig = {
    ...QUICK,
    regimes: ['weak'],
    gates: ['none', 'all', 'loss-compare'],
    seeds: [0, 1],
    grid: { all: [{ temperature: 1 }, { temperature: 2 }], 'loss-compare': [{ temperature: 2 }] },
    studentDocuments: 1,
    devDocuments: 1,
    testDocuments: 1,
    maxEpochs: 2,
    patience: 1,
    maskSentences: 2,
  };
  const lines: string[] = [];
  const paths = { outDir: join(root, 'out'), cacheDir: join(root, 'cache'), runsDir: join(root, 'runs') };
  const outcome = await runExperiment(config, paths, { backend: 'wasm', log: (line) => void lines.push(line) });

  const [weak] = outcome.report.regimes;
  expect(weak.regime).toBe('weak');
  expect(weak.rows.map((r) => r.gate)).toEqual(['none', 'all', 'loss-compare']);
  expect(outcome.results.tuning.map((r) => `${r.gate} τ=${r.settings.temperature}`)).toEqual(['all τ=1', 'all τ=2']);
  expect(outcome.results.runs).toHaveLength(6);
  for (const run of outcome.results.runs) {
    expect(run.epochs).toBeLessThanOrEqual(2);
    expect(run.test.tokenAccuracy).toBeGreaterThan(0);
    expect(run.test.tokenAccuracy).toBeLessThanOrEqual(1);
  }
  expect(weak.rows.find((r) => r.gate === 'none')?.teacherBetterFraction).toBe(0);
  expect(weak.rows.find((r) => r.gate === 'all')?.teacherBetterFraction).toBe(1);
  // The shipped weak teacher scored on the students' dev and test documents.
  expect(weak.teacher.test.tokenAccuracy).toBeGreaterThan(0.85);
  expect(weak.teacher.test.tokenAccuracy).toBeLessThan(0.96);
  expect(weak.table).toMatch(/\| selective \(loss-compare\) \| \d+\.\d\d ± \d\.\d\d \|/);

  const markdown = readFileSync(outcome.resultsFile, 'utf8');
  expect(markdown).toContain('## Regime `weak`');
  expect(markdown).toContain('[masks-quick.html](masks-quick.html)');
  expect(JSON.parse(readFileSync(join(paths.outDir, 'results-quick.json'), 'utf8')).runs).toHaveLength(6);
  expect(readFileSync(outcome.masksFile, 'utf8')).toContain('class="tok');

  registerFileSystemRouter();
  const tagger = await loadTagger(taggerDir(paths.cacheDir));
  expect(tagText(tagger, 'The old man saw the boat.').map((t) => t.token.text)).toEqual(['The', 'old', 'man', 'saw', 'the', 'boat', '.']);
  tagger.model.dispose();

  // A vocabulary file that is not the model's is refused.
  Vocabulary.build([['other', 'words']]).save(join(taggerDir(paths.cacheDir), 'vocabulary.json'));
  await expect(loadTagger(taggerDir(paths.cacheDir))).rejects.toThrow(/vocabulary mismatch/);
  await expect(loadTagger(join(root, 'nowhere'))).rejects.toThrow(/no run has saved a student yet/);

  // A rerun trains nothing: every run is read back from the store, with the same numbers.
  const again = await runExperiment(config, paths, { backend: 'wasm', log: () => undefined });
  expect(again.results.runs).toEqual(outcome.results.runs);
  expect(existsSync(join(paths.cacheDir, 'teacher-outputs', 'quick', 'weak', 'train'))).toBe(true);
}, 600_000);
