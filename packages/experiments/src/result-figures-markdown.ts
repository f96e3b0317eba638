import { relative, sep } from 'node:path';
import type { ResultFigures } from './write-result-figures.js';

/**
 * RESULTS.md's lines for the figures: each PNG linked relative to `outDir`
 * (the SVG beside it) under a one-line caption that says how to read it.
 * Empty for a figure that was not drawn, so the page reads the same without it.
 */
export function resultFiguresMarkdown(figures: ResultFigures, outDir: string): { results: string; curves: string } {
  const link = (file: string) => relative(outDir, file).split(sep).join('/');
  const results =
    `![The main test metric per gate and regime](${link(figures.results.png)})\n\n` +
    `*Top: every seed's test score (dot), mean ± std per gate (bar), ground truth only and vanilla KD means (dashed lines). ` +
    `Bottom: each gate minus each baseline on the same seed, with the mean and its 95% t-interval; an interval clear of 0 is a real difference. ` +
    `[SVG](${link(figures.results.svg)})*\n`;
  const curves =
    figures.curves === undefined
      ? ''
      : `![Training curves per regime](${link(figures.curves.png)})\n\n` +
        `*Per epoch, for the first seed's student of every gate: training loss, its ground-truth and distillation terms, the share of units distilled at (teacher-better) and the dev score early stopping watched. ` +
        `[SVG](${link(figures.curves.svg)})*\n`;
  return { results, curves };
}
