import type { ModalityReport } from '@selective-kd/experiments';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readFullRun } from './full-report.js';

const REPORT: ModalityReport = {
  modality: 'pixel',
  units: 'pixels',
  columns: [{ metric: 'meanIoU', title: 'test mIoU' }],
  points: 'mIoU points',
  headline: 'test mIoU (%)',
  progress: [{ metric: 'meanIoU', title: 'test mIoU' }],
};

const dirs: string[] = [];
function exampleWith(results: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'full-report-'));
  dirs.push(dir);
  if (results !== undefined) writeFileSync(join(dir, 'results-full.json'), JSON.stringify(results));
  return dir;
}
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('readFullRun', () => {
  it("rebuilds the per-regime report from the committed records", () => {
    const run = (gate: string, seed: number, meanIoU: number) => ({
      regime: 'strong', gate, seed, settings: {}, dev: { meanIoU }, test: { meanIoU }, epochs: 9, bestEpoch: 4, teacherBetterFraction: 0.2, seconds: 5,
    });
    const dir = exampleWith({
      config: {}, backend: 'wasm', machine: '2 × AMD EPYC', minutes: 10, chosen: {}, tuning: [],
      teachers: { strong: { dev: { meanIoU: 0.6 }, test: { meanIoU: 0.61 } } },
      runs: [run('none', 0, 0.3), run('none', 1, 0.32), run('all', 0, 0.35), run('all', 1, 0.36)],
    });
    const full = readFullRun(dir, REPORT)!;
    expect(full.file).toBe(join(dir, 'results-full.json'));
    const [strong] = full.report.regimes;
    expect(strong.regime).toBe('strong');
    expect(strong.rows.find((r) => r.gate === 'all')!.vsGroundTruth!.mean).toBeCloseTo(0.045, 12);
  });

  it('is undefined without a results file and for a file from before the regime protocol', () => {
    expect(readFullRun(exampleWith(undefined), REPORT)).toBeUndefined();
    const old = exampleWith({ config: {}, teacher: { meanIoU: 0.6 }, runs: [{ gate: 'none', seed: 0, test: { meanIoU: 0.3 } }] });
    expect(readFullRun(old, REPORT)).toBeUndefined();
  });
});
