import type { Gate } from '@selective-kd/core';
import { protocolReport, writeResultFigures, type ProtocolResults, type StudentRun } from '@selective-kd/experiments';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { FULL, type ExperimentConfig } from './experiment-config.js';
import { REPORT } from './report.js';
import { resultsMarkdown } from './results-markdown.js';

const CONFIG: ExperimentConfig = { ...FULL, regimes: ['strong'], seeds: [0, 1] };

/** A fixture run: test mIoU `value`, three epochs of history on seed 0 only (as records stored before histories were kept). */
function run(gate: Gate, seed: number, value: number): StudentRun {
  const history = [0, 1, 2].map((epoch) => ({ epoch, loss: 2 - epoch / 2, groundTruthLoss: 1, distillLoss: gate === 'none' ? 0 : 1 - epoch / 2, teacherBetterFraction: gate === 'none' ? 0 : 0.5, dev: 0.3 + epoch / 100 }));
  return {
    regime: 'strong',
    gate,
    seed,
    settings: {},
    dev: { meanIoU: value },
    test: { meanIoU: value, pixelAccuracy: value + 0.3 },
    epochs: 3,
    bestEpoch: 2,
    teacherBetterFraction: gate === 'none' ? 0 : 0.5,
    seconds: 10,
    ...(seed === 0 ? { history } : {}),
  };
}

const RUNS = [0, 1].flatMap((seed) => CONFIG.gates.map((gate, i) => run(gate, seed, 0.34 + i / 100 + seed / 200)));

it('embeds the results figure and the training curves written beside RESULTS.md, with the tables still there', async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'skd-pixel-markdown-'));
  const figures = await writeResultFigures({ outDir, config: CONFIG, runs: RUNS, report: REPORT });
  for (const file of [figures.results.svg, figures.results.png, figures.curves!.svg, figures.curves!.png]) expect(statSync(file).size).toBeGreaterThan(1000);
  const results = { config: CONFIG, backend: 'wasm', machine: '2 × AMD EPYC', minutes: 1, teachers: {}, chosen: {}, runs: RUNS, tuning: [] } satisfies ProtocolResults<ExperimentConfig>;
  const report = protocolReport({ runs: RUNS }, { strong: { dev: { meanIoU: 0.5 }, test: { meanIoU: 0.5 } } }, REPORT);
  const markdown = resultsMarkdown({ config: CONFIG, figures, report, results, panelFiles: [], outDir });

  expect(markdown).toContain('![The main test metric per gate and regime](figures/full/results.png)');
  expect(markdown).toContain('[SVG](figures/full/results.svg)');
  expect(markdown).toContain('## Training curves\n\n![Training curves per regime](figures/full/curves.png)');
  for (const link of markdown.matchAll(/\]\((figures\/[^)]+)\)/g)) expect(existsSync(join(outDir, link[1]!))).toBe(true);
  // The figure comes before the regime's table, the curves after it; the table is unchanged.
  expect(markdown.indexOf('figures/full/results.png')).toBeLessThan(markdown.indexOf('## Regime `strong`'));
  expect(markdown.indexOf('## Training curves')).toBeGreaterThan(markdown.indexOf(report.regimes[0]!.table));

  const withoutCurves = resultsMarkdown({ config: CONFIG, figures: { results: figures.results }, report, results, panelFiles: [], outDir });
  expect(withoutCurves).not.toContain('Training curves');
  expect(withoutCurves).toContain(report.regimes[0]!.table);
}, 120_000);
