import { initBackend } from '@selective-kd/core';
import { expectNoTensorLeak } from '@selective-kd/testing';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CurveRunsFailedError } from './curve-runs-failed-error.js';
import { curveJobs, withHistory } from './curve-runs.js';
import type { ExperimentPaths } from './experiment-paths.js';
import { runProtocol, type ProtocolOptions, type ProtocolOutcome } from './run-protocol.js';
import type { StudentContext } from './student-context.js';
import type { StudentRun } from './student-run.js';
import { TINY_CONTEXT, tinyStudentContext, type TinyConfig } from './tiny-student-context.spec-helper.js';

const CONFIG: TinyConfig = {
  mode: 'quick',
  regimes: ['easy'],
  gates: ['none', 'all'],
  seeds: [0, 1],
  tuningSeeds: [0],
  grid: {},
  batchSize: 4,
  rows: 4,
  learningRate: 5e-2,
  maxEpochs: 4,
  patience: 2,
  monitor: 'accuracy',
};

beforeAll(async () => {
  await initBackend('wasm');
});

function options(dir: string, lines: string[] = []): ProtocolOptions<TinyConfig, StudentContext> {
  const paths: ExperimentPaths = { outDir: dir, cacheDir: dir, runsDir: join(dir, 'runs') };
  const log = (line: string) => void lines.push(line);
  const contexts = new Map<string, Promise<StudentContext>>();
  const contextFor = (regime: string) => {
    if (!contexts.has(regime)) contexts.set(regime, tinyStudentContext(CONFIG, regime, paths, { log }));
    return contexts.get(regime)!;
  };
  return { config: CONFIG, paths, contextFor, contextModule: TINY_CONTEXT, workers: 1, backend: 'wasm', log };
}

/** Rewrites a stored run's file as older code wrote it (no history), with `change` applied to its run. */
function storeWithoutHistory(dir: string, name: string, change: (run: StudentRun) => void = () => undefined): string {
  const file = join(dir, 'runs', `${name}.json`);
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { run: StudentRun };
  delete stored.run.history;
  change(stored.run);
  writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`);
  return file;
}

describe('the curve runs of runProtocol', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skd-curves-'));
  let first: ProtocolOutcome;

  it('records every epoch of every run: training means, and the monitored dev score the best epoch was chosen by', async () => {
    const inProcess = options(dir);
    await inProcess.contextFor('easy');
    await expectNoTensorLeak(
      async () => {
        first = await runProtocol(inProcess);
      },
      { warmup: 0, steps: 1 },
    );
    expect(first.trained).toBe(4);
    expect(first.retrained).toBe(0);
    for (const run of first.runs) {
      const history = run.history!;
      expect(history.map((e) => e.epoch)).toEqual(Array.from({ length: run.epochs }, (_, i) => i));
      expect(history[run.bestEpoch]!.dev).toBe(run.dev.accuracy);
      expect(Math.max(...history.map((e) => e.dev!))).toBe(run.dev.accuracy);
      // The record's teacher-better share is the mean over the epochs trained.
      expect(history.reduce((s, e) => s + e.teacherBetterFraction, 0) / history.length).toBeCloseTo(run.teacherBetterFraction, 12);
      for (const e of history) {
        expect(e.loss).toBeGreaterThan(0);
        expect(e.teacherBetterFraction).toBe(run.gate === 'none' ? 0 : 1);
        // Every unit distilled (λ = 1, α = 1): the loss is the sum of its two terms.
        expect(e.loss).toBeCloseTo(e.groundTruthLoss + e.distillLoss, 5);
        if (run.gate === 'none') expect(e.distillLoss).toBe(0);
      }
    }
  }, 600_000);

  it('retrains a first-seed run stored without history once, and stores it again with the history and unchanged numbers', async () => {
    storeWithoutHistory(dir, 'easy_none_seed0');
    storeWithoutHistory(dir, 'easy_all_seed0');
    // A later seed's run without history is no curve run: it stays as it is.
    const later = storeWithoutHistory(dir, 'easy_all_seed1');
    const lines: string[] = [];
    const again = await runProtocol(options(dir, lines));
    expect(again.retrained).toBe(2);
    expect(again.trained).toBe(2);
    expect(lines).toContain(
      'curves: 2 first-seed runs were stored without their per-epoch history; training them again (same job, same seed) for the training curves',
    );
    expect(lines).toContain('curves: 2 runs, 2 to train in this process');
    // The same records as the first call (wall times included: the stored ones are kept), but for the later seed's dropped history.
    expect(again.runs.filter((r) => r.seed === 0)).toEqual(first.runs.filter((r) => r.seed === 0));
    expect(again.runs.find((r) => r.seed === 1 && r.gate === 'all')!.history).toBeUndefined();
    for (const name of ['easy_none_seed0', 'easy_all_seed0']) {
      const stored = JSON.parse(readFileSync(join(dir, 'runs', `${name}.json`), 'utf8')) as { run: StudentRun };
      expect(stored.run).toEqual(first.runs.find((r) => `easy_${r.gate}_seed${r.seed}` === name));
    }
    expect(JSON.parse(readFileSync(later, 'utf8')).run.history).toBeUndefined();

    const done = await runProtocol(options(dir));
    expect([done.trained, done.retrained]).toEqual([0, 0]);
  }, 600_000);

  it('keeps the stored record and fails naming the job when the retrained run does not reproduce it', async () => {
    const file = storeWithoutHistory(dir, 'easy_all_seed0', (run) => {
      run.test.accuracy = 0.123;
    });
    const before = readFileSync(file, 'utf8');
    const error = await runProtocol(options(dir)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CurveRunsFailedError);
    const message = (error as CurveRunsFailedError).message;
    expect(message).toContain(`1 of 1 curve runs retrained for their per-epoch history failed; their records in ${join(dir, 'runs')} are kept unchanged:`);
    expect(message).toContain(`  easy_all_seed0: retrained for its training curves, it gave test {"accuracy":${first.runs.find((r) => r.gate === 'all' && r.seed === 0)!.test.accuracy}} where the stored record has {"accuracy":0.123}.`);
    expect(readFileSync(file, 'utf8')).toBe(before);
  }, 600_000);
});

describe('curveJobs and withHistory', () => {
  const job = (gate: 'none' | 'all', seed: number) => ({ regime: 'easy', gate, seed, settings: {} });
  const result = (test: number, more: Partial<StudentRun> = {}) => ({
    run: { ...job('all', 3), dev: { accuracy: 0.5 }, test: { accuracy: test }, epochs: 4, bestEpoch: 1, teacherBetterFraction: 1, seconds: 9, ...more },
    files: ['old.png'],
  });

  it('picks the first seed of the configuration, not seed 0', () => {
    expect(curveJobs({ seeds: [3, 0] }, [job('none', 0), job('none', 3), job('all', 3)])).toEqual([job('none', 3), job('all', 3)]);
  });

  it('adds the history and the new files to the stored record, keeping its wall time', () => {
    const history = [{ epoch: 0, loss: 1, groundTruthLoss: 0.5, distillLoss: 0.5, teacherBetterFraction: 1, dev: 0.5 }];
    expect(withHistory(result(0.4), { run: { ...result(0.4).run, seconds: 1, history }, files: ['new.png'] })).toEqual({
      run: { ...result(0.4).run, history },
      files: ['new.png'],
    });
  });

  it('names every field that differs', () => {
    expect(() => withHistory(result(0.4), result(0.4, { epochs: 5, bestEpoch: 2 }))).toThrow(
      'retrained for its training curves, it gave epochs 5 where the stored record has 4; bestEpoch 2 where the stored record has 1.',
    );
  });
});
