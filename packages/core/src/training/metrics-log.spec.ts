import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SELECTIVE_OPTIONS } from '../selective-options.js';
import type { EpochLogs, StepLogs, TrainBeginInfo } from './distiller-callbacks.js';
import { MetricsLog } from './metrics-log.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'selective-kd-metrics-log-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const info: TrainBeginInfo = {
  epochs: 2,
  stepsPerEpoch: 3,
  backend: 'cpu',
  modality: 'test-class-index',
  student: 'tiny-student',
  teacher: true,
  options: { ...DEFAULT_SELECTIVE_OPTIONS, gate: 'soft' },
};

const stepLogs: StepLogs = {
  epoch: 0,
  step: 1,
  globalStep: 1,
  stepsInEpoch: 3,
  loss: 0.5,
  groundTruthLoss: 0.25,
  distillLoss: 0.25,
  teacherBetterFraction: 0.4,
  millis: 12,
};

const epochLogs: EpochLogs = {
  epoch: 0,
  steps: 3,
  loss: 0.5,
  groundTruthLoss: 0.3,
  distillLoss: 0.2,
  teacherBetterFraction: 0.4,
  metrics: { accuracy: 0.75 },
  millis: 40,
};

/** Every line of the file parsed as JSON; fails on a line that is not. */
function records(path: string): Record<string, unknown>[] {
  const text = readFileSync(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('MetricsLog', () => {
  it('writes a JSON line for train-begin, each step, each epoch and train-end, creating missing folders', () => {
    const path = join(dir, 'runs', 'nested', 'metrics.jsonl');
    expect(existsSync(join(dir, 'runs'))).toBe(false);
    const log = new MetricsLog(path);
    expect(log.path).toBe(path);
    log.onTrainBegin(info);
    log.onStepEnd(stepLogs);
    log.onStepEnd({ ...stepLogs, step: 2, globalStep: 2 });
    log.onEpochEnd(epochLogs);
    log.write({ type: 'note', backend: 'cpu' });
    log.onTrainEnd([epochLogs]);

    const lines = records(path);
    expect(lines.map((r) => r.type)).toEqual(['train-begin', 'step', 'step', 'epoch', 'note', 'train-end']);
    const [trainBegin, firstStep, secondStep, epoch, note, trainEnd] = lines;
    expect(trainBegin).toEqual({ type: 'train-begin', time: expect.stringMatching(ISO_TIME), ...info });
    expect(firstStep).toEqual({ type: 'step', ...stepLogs });
    expect(secondStep).toMatchObject({ step: 2, globalStep: 2 });
    expect(epoch).toEqual({ type: 'epoch', ...epochLogs });
    expect(note).toEqual({ type: 'note', backend: 'cpu' });
    expect(trainEnd).toEqual({ type: 'train-end', time: expect.stringMatching(ISO_TIME), stoppedBy: 'epochs' });
  });

  it('records the error when training ends with one', () => {
    const path = join(dir, 'failed.jsonl');
    const log = new MetricsLog(path);
    log.onTrainBegin(info);
    log.onStepEnd(stepLogs);
    log.onTrainEnd([], new Error('out of memory'));
    const lines = records(path);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toEqual({ type: 'train-end', time: expect.stringMatching(ISO_TIME), stoppedBy: 'error', error: 'Error: out of memory' });
  });

  it('writes each line as it happens, so a run that dies keeps its log', () => {
    const path = join(dir, 'live.jsonl');
    const log = new MetricsLog(path);
    log.onTrainBegin(info);
    log.onStepEnd(stepLogs);
    // not ended yet: both lines are already on disk
    expect(records(path).map((r) => r.type)).toEqual(['train-begin', 'step']);
    log.onTrainEnd([]);
  });

  it('appends to an existing file', () => {
    const path = join(dir, 'append.jsonl');
    for (let run = 0; run < 2; run++) {
      const log = new MetricsLog(path);
      log.onTrainBegin(info);
      log.onTrainEnd([]);
    }
    expect(records(path).map((r) => r.type)).toEqual(['train-begin', 'train-end', 'train-begin', 'train-end']);
  });

  it('writes nothing before training begins or after it ends', () => {
    const path = join(dir, 'quiet', 'metrics.jsonl');
    const log = new MetricsLog(path);
    log.onStepEnd(stepLogs);
    log.write({ type: 'early' });
    expect(existsSync(path)).toBe(false);
    log.onTrainBegin(info);
    log.onTrainEnd([]);
    log.onStepEnd(stepLogs);
    log.write({ type: 'late' });
    expect(records(path).map((r) => r.type)).toEqual(['train-begin', 'train-end']);
  });
});
