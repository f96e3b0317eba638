import { initBackend } from '@selective-kd/core';
import { expectNoTensorLeak } from '@selective-kd/testing';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runStudentJobs, type StudentJobsOptions } from './run-student-jobs.js';
import type { StudentResult } from './run-student.js';
import { StudentRunsFailedError } from './student-runs-failed-error.js';
import { CRASH_ENV, TINY_CONTEXT, tinyStudentContext, type TinyConfig } from './tiny-student-context.spec-helper.js';
import type { WorkerRecord } from './worker-pool.js';

const CONFIG: TinyConfig = {
  mode: 'quick',
  batchSize: 4,
  rows: 4,
  studentEpochs: 2,
  learningRate: 1e-2,
  temperature: 2,
  seeds: [0, 1],
  gates: ['none', 'all', 'loss-compare'],
};

beforeAll(async () => {
  await initBackend('wasm');
});

afterEach(() => {
  delete process.env[CRASH_ENV];
});

async function options(config: TinyConfig, cacheDir: string, workers: number, lines: string[] = []): Promise<StudentJobsOptions<never>> {
  const log = (line: string) => void lines.push(line);
  const context = await tinyStudentContext(config, { outDir: cacheDir, cacheDir }, { log });
  return { config, paths: { outDir: cacheDir, cacheDir }, context: context as never, contextModule: TINY_CONTEXT, workers, backend: 'wasm', log };
}

/** The numbers of each run, without its wall time. */
const numbers = (results: StudentResult[]) => results.map(({ run: { seconds: _seconds, ...rest } }) => rest);

/** Every worker has exited and been reaped: none is left behind. */
function expectAllExited(workers: WorkerRecord[]): void {
  for (const { pid, exitCode, signal } of workers) {
    expect(exitCode !== null || signal !== null).toBe(true);
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  }
}

/** Processes whose parent is this one, from /proc (a `ps` would count itself). */
function children(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        // The parent pid is the second field after the parenthesised command name.
        return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]) === process.pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('runStudentJobs', () => {
  it('gives the serial results with 2 workers, in the serial order; a rerun skips them; a changed config retrains', async () => {
    const serialDir = mkdtempSync(join(tmpdir(), 'skd-pool-serial-'));
    let serial: StudentResult[] = [];
    const inProcess = await options(CONFIG, serialDir, 1);
    await expectNoTensorLeak(
      async () => {
        const outcome = await runStudentJobs(inProcess);
        serial = outcome.results;
        expect(outcome.workers).toEqual([]);
      },
      { warmup: 0, steps: 1 },
    );
    expect(serial.map((r) => `${r.run.gate}/${r.run.seed}`)).toEqual(['none/0', 'all/0', 'loss-compare/0', 'none/1', 'all/1', 'loss-compare/1']);

    const pooledDir = mkdtempSync(join(tmpdir(), 'skd-pool-workers-'));
    const lines: string[] = [];
    const pooled = await runStudentJobs(await options(CONFIG, pooledDir, 2, lines));
    expect(numbers(pooled.results)).toEqual(numbers(serial));
    expect(pooled.resumed).toBe(0);
    expect(pooled.workers.map((w) => [w.worker, w.exitCode])).toEqual([
      [1, 0],
      [2, 0],
    ]);
    expectAllExited(pooled.workers);
    expect(lines.find((l) => l.startsWith('students:'))).toBe('students: 6 runs, 6 to train on 2 worker processes');
    expect(lines).toContain('[worker 1] tiny: 4 rows per batch');
    expect(readdirSync(join(pooledDir, 'runs', 'quick')).sort()).toEqual(
      ['all-seed0', 'all-seed1', 'loss-compare-seed0', 'loss-compare-seed1', 'none-seed0', 'none-seed1'].map((n) => `${n}.json`),
    );

    // The same configuration again: everything is read back, nothing trains, no worker starts.
    const again: string[] = [];
    const resumed = await runStudentJobs(await options(CONFIG, pooledDir, 2, again));
    expect(resumed).toMatchObject({ resumed: 6, workers: [] });
    expect(resumed.results).toEqual(pooled.results);
    expect(again.find((l) => l.startsWith('students:'))).toBe(`students: 6 runs, 6 already done in ${join(pooledDir, 'runs', 'quick')} (skipped)`);

    // Another seed keeps the runs done; another learning rate or other data reuses none.
    const more = await runStudentJobs(await options({ ...CONFIG, seeds: [0, 1, 2], gates: ['all'] }, pooledDir, 1));
    expect(more.resumed).toBe(2);
    expect(numbers(more.results.slice(0, 2))).toEqual(numbers([serial[1], serial[4]]));
    const changed = await runStudentJobs(await options({ ...CONFIG, learningRate: 5e-2, seeds: [0] }, pooledDir, 1));
    expect(changed.resumed).toBe(0);
    expect(changed.results[1].run.test).not.toEqual(serial[1].run.test);
    const otherData = await runStudentJobs(await options({ ...CONFIG, rows: 2, seeds: [0] }, pooledDir, 1));
    expect(otherData.resumed).toBe(0);
  }, 300_000);

  it('reports a worker that dies with its gate and seed, keeps the other results, and a rerun trains only that run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skd-pool-crash-'));
    process.env[CRASH_ENV] = 'all-seed0';
    const lines: string[] = [];
    const error = await runStudentJobs(await options(CONFIG, dir, 2, lines)).then(
      () => undefined,
      (e: unknown) => e,
    );
    delete process.env[CRASH_ENV];
    if (existsSync('/proc')) expect(children()).toEqual([]);
    expect(error).toBeInstanceOf(StudentRunsFailedError);
    const failure = error as StudentRunsFailedError;
    expect(failure.failed.map((f) => f.job)).toEqual([{ gate: 'all', seed: 0 }]);
    expect(failure.failed[0].reason).toMatch(/^worker \d \(pid \d+\) exited with code 3; last stderr lines:\n {4}tiny worker: out of memory, pretending$/);
    expect(failure.message).toContain('1 of 6 student runs failed');
    expect(failure.message).toContain('gate all, seed 0: worker');
    expect(readdirSync(join(dir, 'runs', 'quick'))).toHaveLength(5);
    expect(existsSync(join(dir, 'runs', 'quick', 'all-seed0.json'))).toBe(false);

    const rerun = await runStudentJobs(await options(CONFIG, dir, 1, lines));
    expect(rerun.resumed).toBe(5);
    expect(lines.at(-1)).toBe(`students: 6 runs, 5 already done in ${join(dir, 'runs', 'quick')} (skipped), 1 to train in this process`);
    const serial = await runStudentJobs(await options(CONFIG, mkdtempSync(join(tmpdir(), 'skd-pool-ref-')), 1));
    expect(numbers(rerun.results)).toEqual(numbers(serial.results));
  }, 300_000);
});
