import { describe, expect, it } from 'vitest';
import { DEFAULT_SELECTIVE_OPTIONS } from '../selective-options.js';
import type { EpochLogs, StepLogs, TrainBeginInfo } from './distiller-callbacks.js';
import { ProgressDisplay, type ProgressStream } from './progress-display.js';

/** A terminal-like stream that records what is written. */
function fakeStream(isTTY: boolean | undefined, columns = 120): ProgressStream & { writes: string[] } {
  const writes: string[] = [];
  return { isTTY, columns, writes, write: (text: string) => writes.push(text) };
}

const begin = (epochs: number): TrainBeginInfo => ({
  epochs,
  stepsPerEpoch: 10,
  backend: 'cpu',
  modality: 'test-class-index',
  options: { ...DEFAULT_SELECTIVE_OPTIONS },
});

const step = (overrides: Partial<StepLogs> = {}): StepLogs => ({
  epoch: 0,
  step: 2,
  globalStep: 2,
  stepsInEpoch: 10,
  loss: 0.123456,
  groundTruthLoss: 0.1,
  distillLoss: 0.023456,
  teacherBetterFraction: 0.375,
  millis: 1500,
  ...overrides,
});

const epochEnd = (overrides: Partial<EpochLogs> = {}): EpochLogs => ({
  epoch: 0,
  steps: 10,
  loss: 0.2,
  groundTruthLoss: 0.15,
  distillLoss: 0.05,
  teacherBetterFraction: 0.25,
  metrics: { accuracy: 0.8 },
  millis: 65_000,
  ...overrides,
});

describe('ProgressDisplay', () => {
  it('draws epoch, step x/y with a bar, loss, teacher-better % and ETA on a TTY', () => {
    const stream = fakeStream(true);
    const display = new ProgressDisplay(stream);
    expect(display.enabled).toBe(true);
    display.onTrainBegin(begin(2));
    display.onStepEnd(step());
    // step 3 of 10 → 3/10·20 = 6 '=' then 14 spaces; loss 0.123456 → 0.1235; 0.375 → 37.5%;
    // ETA (10 − 3)·1500 ms = 10.5 s → rounds to 11 s → 0:11
    expect(stream.writes).toEqual([
      '\repoch 1/2  step 3/10 [======              ]  loss 0.1235  teacher-better 37.5%  ETA 0:11',
    ]);
  });

  it('redraws in place, padding over a longer previous line', () => {
    const stream = fakeStream(true);
    const display = new ProgressDisplay(stream);
    display.onTrainBegin(begin(3));
    display.onStepEnd(step({ epoch: 1, step: 9, loss: 1.5, teacherBetterFraction: 1, millis: 200 }));
    // the step total is not known yet: no bar, no ETA
    display.onStepEnd(step({ epoch: 1, step: 10, stepsInEpoch: undefined, loss: 0.1, teacherBetterFraction: 0.5 }));
    const first = 'epoch 2/3  step 10/10 [====================]  loss 1.5000  teacher-better 100.0%  ETA 0:00';
    const second = 'epoch 2/3  step 11  loss 0.1000  teacher-better 50.0%';
    expect(stream.writes).toEqual([`\r${first}`, `\r${second.padEnd(first.length)}`]);
    expect(stream.writes[1].length).toBe(first.length + 1);
  });

  it('shows an ETA with hours', () => {
    const stream = fakeStream(true);
    const display = new ProgressDisplay(stream);
    display.onTrainBegin(begin(1));
    display.onStepEnd(step({ step: 0, stepsInEpoch: 1000, millis: 5000 }));
    // (1000 − 1)·5 s = 4995 s = 1 h 23 min 15 s; bar 1/1000·20 rounds to 0
    expect(stream.writes[0]).toContain('step 1/1000 [                    ]');
    expect(stream.writes[0]).toMatch(/ETA 1:23:15$/);
  });

  it('ends an epoch with a summary line, its metrics and time, then a newline', () => {
    const stream = fakeStream(true);
    const display = new ProgressDisplay(stream);
    display.onTrainBegin(begin(2));
    display.onEpochEnd(epochEnd());
    // 65 s → 1:05
    expect(stream.writes).toEqual([
      '\repoch 1/2  10 steps  loss 0.2000  teacher-better 25.0%  accuracy 0.8000  1:05',
      '\n',
    ]);
    // nothing left on the line, so the end of training adds nothing
    display.onTrainEnd();
    expect(stream.writes).toHaveLength(2);
  });

  it("adds the student's validation loss and metrics, and the best epoch with early stopping", () => {
    const stream = fakeStream(true, 200);
    const display = new ProgressDisplay(stream);
    display.onTrainBegin(begin(5));
    display.onEpochEnd(
      epochEnd({
        epoch: 2,
        validation: { batches: 3, loss: 0.41234, metrics: { accuracy: 0.75 } },
        earlyStopping: { monitor: 'accuracy', value: 0.75, best: 0.8, bestEpoch: 1, epochsSinceBest: 1, improved: false, stop: false },
      }),
    );
    expect(stream.writes[0]).toBe(
      '\repoch 3/5  10 steps  loss 0.2000  teacher-better 25.0%  accuracy 0.8000  val loss 0.4123  val accuracy 0.7500  best epoch 2  1:05',
    );
  });

  it('finishes a half-drawn line when training ends', () => {
    const stream = fakeStream(true);
    const display = new ProgressDisplay(stream);
    display.onTrainBegin(begin(1));
    display.onStepEnd(step());
    display.onTrainEnd();
    expect(stream.writes).toHaveLength(2);
    expect(stream.writes[1]).toBe('\n');
  });

  it('cuts lines to the terminal width minus one', () => {
    const stream = fakeStream(true, 41);
    const display = new ProgressDisplay(stream);
    display.onTrainBegin(begin(2));
    display.onStepEnd(step());
    expect(stream.writes[0]).toBe('\repoch 1/2  step 3/10 [======            ');
    expect(stream.writes[0].length).toBe(1 + 40);
    // never narrower than 20 characters
    const narrow = fakeStream(true, 5);
    const small = new ProgressDisplay(narrow);
    small.onStepEnd(step());
    expect(narrow.writes[0]).toBe('\repoch 1/1  step 3/10');
  });

  it.each([false, undefined])('writes nothing when isTTY is %s', (isTTY) => {
    const stream = fakeStream(isTTY);
    const display = new ProgressDisplay(stream);
    expect(display.enabled).toBe(false);
    display.onTrainBegin(begin(2));
    display.onStepEnd(step());
    display.onEpochEnd(epochEnd());
    display.onStepEnd(step({ epoch: 1 }));
    display.onTrainEnd();
    expect(stream.writes).toEqual([]);
  });
});
