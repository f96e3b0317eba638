import { initBackend } from '@selective-kd/core';
import { expectNoTensorLeak } from '@selective-kd/testing';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentPaths } from './experiment-paths.js';
import { runProtocol, type ProtocolOptions, type ProtocolOutcome } from './run-protocol.js';
import type { StudentContext } from './student-context.js';
import { StudentRunsFailedError } from './student-runs-failed-error.js';
import type { StudentRun } from './student-run.js';
import { CRASH_ENV, TINY_CONTEXT, tinyStudentContext, type TinyConfig } from './tiny-student-context.spec-helper.js';
import type { WorkerRecord } from './worker-pool.js';

const CONFIG: TinyConfig = {
  mode: 'quick',
  regimes: ['easy', 'hard'],
  gates: ['none', 'all', 'loss-compare'],
  seeds: [0, 1],
  tuningSeeds: [0],
  grid: { 'loss-compare': [{ lambda: 0.5 }, { lambda: 4, temperature: 2 }] },
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

afterEach(() => {
  delete process.env[CRASH_ENV];
});

function pathsIn(dir: string): ExperimentPaths {
  return { outDir: dir, cacheDir: dir, runsDir: join(dir, 'runs') };
}

/** The protocol's options with contexts built once per regime (as an example memoizes them). */
function options(config: TinyConfig, dir: string, workers: number, lines: string[] = []): ProtocolOptions<TinyConfig, StudentContext> {
  const log = (line: string) => void lines.push(line);
  const contexts = new Map<string, Promise<StudentContext>>();
  const contextFor = (regime: string) => {
    if (!contexts.has(regime)) contexts.set(regime, tinyStudentContext(config, regime, pathsIn(dir), { log }));
    return contexts.get(regime)!;
  };
  return { config, paths: pathsIn(dir), contextFor, contextModule: TINY_CONTEXT, workers, backend: 'wasm', log };
}

/** A run's numbers, without its wall time. */
const numbers = (runs: readonly StudentRun[]) => runs.map(({ seconds: _seconds, ...rest }) => rest);
const names = (runs: readonly StudentRun[]) => runs.map((r) => `${r.regime}/${r.gate}/${r.seed}/${JSON.stringify(r.settings)}`);

/** Every worker has exited and been reaped: none is left behind. */
function expectAllExited(workers: WorkerRecord[]): void {
  for (const { pid, exitCode, signal } of workers) {
    expect(exitCode !== null || signal !== null).toBe(true);
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  }
}

describe('runProtocol', () => {
  let serial: ProtocolOutcome;
  const serialDir = mkdtempSync(join(tmpdir(), 'skd-protocol-serial-'));

  it('tunes each gate on the tuning seeds, picks the best mean dev score, runs every regime × gate × seed and reuses the tuning runs', async () => {
    const lines: string[] = [];
    const inProcess = options(CONFIG, serialDir, 1, lines);
    // Contexts (teachers) are built before the leak check: they live as long as the command.
    for (const regime of CONFIG.regimes) await inProcess.contextFor(regime);
    await expectNoTensorLeak(
      async () => {
        serial = await runProtocol(inProcess);
      },
      { warmup: 0, steps: 1 },
    );

    expect(names(serial.tuning)).toEqual([
      'easy/loss-compare/0/{"lambda":0.5}',
      'easy/loss-compare/0/{"lambda":4,"temperature":2}',
      'hard/loss-compare/0/{"lambda":0.5}',
      'hard/loss-compare/0/{"lambda":4,"temperature":2}',
    ]);
    for (const regime of CONFIG.regimes) {
      const [a, b] = serial.tuning.filter((r) => r.regime === regime);
      // Ties go to the earlier candidate.
      const best = b.dev.accuracy > a.dev.accuracy ? b : a;
      expect(serial.chosen[regime]).toEqual({ none: {}, all: {}, 'loss-compare': best.settings });
      // The final seed-0 run at the chosen settings is the tuning run itself, read back rather than retrained.
      expect(serial.runs.find((r) => r.regime === regime && r.gate === 'loss-compare' && r.seed === 0)).toEqual(best);
    }
    expect(serial.runs.map((r) => `${r.regime}/${r.gate}/${r.seed}`)).toEqual(
      ['easy', 'hard'].flatMap((regime) => [0, 1].flatMap((seed) => ['none', 'all', 'loss-compare'].map((gate) => `${regime}/${gate}/${seed}`))),
    );
    expect(serial.trained).toBe(4 + 12 - 2);
    for (const run of [...serial.runs, ...serial.tuning]) {
      expect(run.epochs).toBeGreaterThanOrEqual(1);
      expect(run.epochs).toBeLessThanOrEqual(CONFIG.maxEpochs);
      expect(run.bestEpoch).toBeLessThan(run.epochs);
      // Stopped early: the best epoch was `patience` epochs before the last.
      if (run.epochs < CONFIG.maxEpochs) expect(run.bestEpoch).toBe(run.epochs - 1 - CONFIG.patience);
      expect(Object.keys(run.dev)).toEqual(['accuracy']);
      expect(Object.keys(run.test)).toEqual(['accuracy']);
    }
    expect(serial.runs.filter((r) => r.gate === 'none').map((r) => r.teacherBetterFraction)).toEqual([0, 0, 0, 0]);
    expect(serial.runs.filter((r) => r.gate === 'all').map((r) => r.teacherBetterFraction)).toEqual([1, 1, 1, 1]);
    // The two regimes' teachers differ, so their distilled students do.
    const allSeed0 = serial.runs.filter((r) => r.gate === 'all' && r.seed === 0);
    expect(allSeed0[0].test).not.toEqual(allSeed0[1].test);

    expect(lines).toContain('tuning: 4 runs, 4 to train in this process');
    expect(lines).toContain(`final: 12 runs, 2 already done in ${join(serialDir, 'runs')} (skipped), 10 to train in this process`);
    expect(lines.find((l) => l.startsWith('[final 10/10]'))).toMatch(
      /^\[final 10\/10\] hard loss-compare seed 1 \((λ=0\.5|τ=2 λ=4)\): dev accuracy \d+\.\d\d, test accuracy \d+\.\d\d, \d epochs \(best \d\), \d+ s$/,
    );
    expect(readdirSync(join(serialDir, 'runs'))).toContain('easy_loss-compare_seed0_t2_l4.json');
  }, 600_000);

  it('trains nothing on a rerun, only the new seed when one is added, and everything again when the data change', async () => {
    const again = await runProtocol(options(CONFIG, serialDir, 1));
    expect(again.trained).toBe(0);
    expect(again.runs).toEqual(serial.runs);
    expect(again.tuning).toEqual(serial.tuning);

    const more = await runProtocol(options({ ...CONFIG, seeds: [0, 1, 2] }, serialDir, 1));
    expect(more.trained).toBe(2 * 3);
    expect(numbers(more.runs.filter((r) => r.seed < 2))).toEqual(numbers(serial.runs));

    const lines: string[] = [];
    const otherData = await runProtocol(options({ ...CONFIG, rows: 2, regimes: ['easy'], seeds: [0], gates: ['all'] }, serialDir, 1, lines));
    expect(otherData.trained).toBe(1);
  }, 600_000);

  it('gives the same records on 2 worker processes, and names a job whose worker died; a rerun trains only that job', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skd-protocol-workers-'));
    process.env[CRASH_ENV] = 'hard_all_seed1';
    const lines: string[] = [];
    const error = await runProtocol(options(CONFIG, dir, 2, lines)).then(
      () => undefined,
      (e: unknown) => e,
    );
    delete process.env[CRASH_ENV];
    expect(error).toBeInstanceOf(StudentRunsFailedError);
    const failure = error as StudentRunsFailedError;
    expect(failure.failed.map((f) => f.job)).toEqual([{ regime: 'hard', gate: 'all', seed: 1, settings: {} }]);
    expect(failure.failed[0].reason).toMatch(/^worker \d \(pid \d+\) exited with code 3; last stderr lines:\n {4}tiny worker: out of memory, pretending$/);
    expect(failure.message).toContain('1 of 16 student runs failed');
    expect(failure.message).toContain('  hard_all_seed1: worker');
    expect(existsSync(join(dir, 'runs', 'hard_all_seed1.json'))).toBe(false);
    expect(lines).toContain('[worker 1] tiny easy: 4 rows per batch');

    const rerun = await runProtocol(options(CONFIG, dir, 2));
    expect(rerun.trained).toBe(1);
    expect(rerun.workers.map((w) => [w.worker, w.exitCode])).toEqual([[1, 0]]);
    expectAllExited(rerun.workers);
    expect(numbers(rerun.runs)).toEqual(numbers(serial.runs));
    expect(numbers(rerun.tuning)).toEqual(numbers(serial.tuning));
    expect(rerun.chosen).toEqual(serial.chosen);
    expect(JSON.parse(readFileSync(join(dir, 'runs', 'hard_all_seed1.json'), 'utf8'))).toMatchObject({
      job: { regime: 'hard', gate: 'all', seed: 1, settings: {} },
      run: numbers([rerun.runs[10]])[0],
    });
  }, 600_000);
});
