import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORT, runs } from './report-fixtures.spec-helper.js';
import { resultFiguresMarkdown } from './result-figures-markdown.js';
import type { StudentRun } from './student-run.js';
import { writeResultFigures } from './write-result-figures.js';

const CONFIG = { mode: 'full', seeds: [0, 1, 2], monitor: 'meanIoU' } as const;

/** Three epochs of a run: losses falling, dev rising to 0.5 at the best epoch 1. */
function history(run: StudentRun): StudentRun {
  const teacher = run.gate === 'none' ? 0 : 1;
  return {
    ...run,
    epochs: 3,
    bestEpoch: 1,
    history: [0, 1, 2].map((epoch) => ({
      epoch,
      loss: 2 - 0.5 * epoch,
      groundTruthLoss: 1 - 0.25 * epoch,
      distillLoss: teacher * (1 - 0.25 * epoch),
      teacherBetterFraction: teacher * (0.9 - 0.1 * epoch),
      dev: [0.4, 0.5, 0.45][epoch],
    })),
  };
}

const RUNS = [
  ...runs('strong', { none: [0.5, 0.52, 0.51], all: [0.53, 0.54, 0.52], 'loss-compare': [0.55, 0.56, 0.57] }),
  ...runs('weak', { none: [0.5, 0.52, 0.51], all: [0.45, 0.47, 0.46], 'loss-compare': [0.51, 0.53, 0.52] }),
].map((r) => (r.seed === 0 ? history(r) : r));

/** The PNG's width and height from its IHDR chunk, after checking the signature. */
function pngSize(file: string): [number, number] {
  const bytes = readFileSync(file);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

/** The text of every `<text>` element of an SVG that is one document. */
function svgTexts(file: string): string[] {
  const svg = readFileSync(file, 'utf8');
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
}

describe('writeResultFigures', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'skd-figures-'));

  it('writes the results figure and the training curves as SVG and PNG under figures/<mode>/, titled and labelled', async () => {
    const figures = await writeResultFigures({ outDir, config: CONFIG, runs: RUNS, report: REPORT });
    expect(figures).toEqual({
      results: { svg: join(outDir, 'figures/full/results.svg'), png: join(outDir, 'figures/full/results.png') },
      curves: { svg: join(outDir, 'figures/full/curves.svg'), png: join(outDir, 'figures/full/curves.png') },
    });
    for (const file of [figures.results.png, figures.curves!.png]) {
      const [width, height] = pngSize(file);
      expect(width).toBeGreaterThan(300);
      expect(height).toBeGreaterThan(200);
      expect(statSync(file).size).toBeGreaterThan(10_000);
    }

    const results = svgTexts(figures.results.svg);
    expect(results).toContain('test mIoU (%) per gate and regime, 3 seeds');
    expect(results).toContain('test mIoU (%)');
    expect(results).toEqual(expect.arrayContaining(['strong', 'weak', 'ground truth only', 'vanilla KD', 'loss-compare']));
    expect(results).toContain('difference in test mIoU (%) (same seed)');
    // The y axis is in %: its ticks lie around the scores ×100.
    expect(results.some((t) => /^5\d(\.\d+)?$/.test(t))).toBe(true);

    const curves = svgTexts(figures.curves!.svg);
    expect(curves).toContain("training curves of seed 0's students, per regime");
    expect(curves).toEqual(
      expect.arrayContaining(['regime: strong', 'regime: weak', 'training loss', 'ground-truth term', 'distillation term', 'teacher-better share', 'dev mIoU (%)', 'epoch']),
    );
    // Epochs counted from 1 (the history's are 0-based): the axis ends at 3.
    expect(curves).toContain('3');
    expect(curves).not.toContain('0.0');
  }, 120_000);

  it('draws no curves when no first-seed run has a history (records stored by older code)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skd-figures-'));
    const figures = await writeResultFigures({ outDir: dir, config: { ...CONFIG, mode: 'quick' }, runs: RUNS.map(({ history: _h, ...r }) => r), report: REPORT });
    expect(figures.curves).toBeUndefined();
    expect(statSync(figures.results.png).size).toBeGreaterThan(10_000);
    expect(resultFiguresMarkdown(figures, dir).curves).toBe('');
  }, 120_000);

  it("links both figures relative to RESULTS.md's folder, each under a caption", () => {
    const figures = {
      results: { svg: join(outDir, 'figures/full/results.svg'), png: join(outDir, 'figures/full/results.png') },
      curves: { svg: join(outDir, 'figures/full/curves.svg'), png: join(outDir, 'figures/full/curves.png') },
    };
    const markdown = resultFiguresMarkdown(figures, outDir);
    expect(markdown.results).toMatch(/^!\[The main test metric per gate and regime\]\(figures\/full\/results\.png\)\n\n\*Top: every seed's .*\[SVG\]\(figures\/full\/results\.svg\)\*\n$/);
    expect(markdown.curves).toMatch(/^!\[Training curves per regime\]\(figures\/full\/curves\.png\)\n\n\*Per epoch, .*\[SVG\]\(figures\/full\/curves\.svg\)\*\n$/);
  });
});
