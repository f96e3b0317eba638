import { describe, expect, it } from 'vitest';
import { DEFAULT_SELECTIVE_OPTIONS } from '../selective-options.js';
import type { EpochLogs, StepLogs, TrainBeginInfo } from './distiller-callbacks.js';
import { ProgressDisplay, type ProgressStream } from './progress-display.js';

/** A terminal-like stream that records what is written. */
function fakeStream(isTTY: boolean | undefined, columns = 120): ProgressStream & { writes: string[] } {
  const writes: string[] = [];
  return { isTTY, columns, writes, write: (text: string) => writes.push(text) };
}

const begin = (epochs: number, overrides: Partial<TrainBeginInfo> = {}): TrainBeginInfo => ({
  epochs,
  stepsPerEpoch: 10,
  backend: 'cpu',
  modality: 'test-class-index',
  student: 'tiny',
  teacher: true,
  options: { ...DEFAULT_SELECTIVE_OPTIONS },
  ...overrides,
});

/** A clock the test moves by hand, in milliseconds. */
function fakeClock(): { now: () => number; advance: (seconds: number) => void } {
  let millis = 0;
  return { now: () => millis, advance: (seconds) => void (millis += seconds * 1000) };
}

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
    expect(display.inPlace).toBe(true);
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

  it('leaves the teacher-better share out on a TTY for a run without a teacher', () => {
    const stream = fakeStream(true, 200);
    const display = new ProgressDisplay(stream);
    display.onTrainBegin(begin(1, { teacher: false, options: { ...DEFAULT_SELECTIVE_OPTIONS, gate: 'none' } }));
    display.onStepEnd(step());
    display.onEpochEnd(epochEnd());
    expect(stream.writes[0]).toBe('\repoch 1/1  step 3/10 [======              ]  loss 0.1235  ETA 0:11');
    expect(stream.writes[1]).toBe('\repoch 1/1  10 steps  loss 0.2000  accuracy 0.8000  1:05'.padEnd(stream.writes[0].length));
  });

  describe('on a stream that is not a TTY (a pipe, a CI log)', () => {
    it.each([false, undefined])('writes plain lines naming the student, one per epoch (isTTY %s)', (isTTY) => {
      const stream = fakeStream(isTTY, 30);
      const clock = fakeClock();
      const display = new ProgressDisplay(stream, { now: clock.now });
      expect(display.inPlace).toBe(false);
      display.onTrainBegin(begin(2));
      display.onStepEnd(step({ step: 0 }));
      display.onEpochEnd(epochEnd());
      display.onEpochEnd(epochEnd({ epoch: 1, loss: 0.1, teacherBetterFraction: 0.125, metrics: { accuracy: 0.9 }, millis: 3_700_000 }));
      display.onTrainEnd();
      // No carriage returns, no cut to the 30 columns; 3 700 s = 1:01:40
      expect(stream.writes).toEqual([
        '[tiny] epoch 1/2  10 steps  loss 0.2000  teacher-better 25.0%  accuracy 0.8000  1:05\n',
        '[tiny] epoch 2/2  10 steps  loss 0.1000  teacher-better 12.5%  accuracy 0.9000  1:01:40\n',
      ]);
    });

    it('writes a step line at most every everySeconds within an epoch, by the clock', () => {
      const stream = fakeStream(false);
      const clock = fakeClock();
      const display = new ProgressDisplay(stream, { everySeconds: 10, now: clock.now });
      display.onTrainBegin(begin(3));
      const at = (seconds: number, logs: Partial<StepLogs>) => {
        clock.advance(seconds);
        display.onStepEnd(step({ millis: 2000, ...logs }));
      };
      at(4, { step: 0 }); // 4 s since the start: too soon
      at(5.9, { step: 1 }); // 9.9 s
      at(0.1, { step: 2 }); // 10 s: a line
      at(9, { step: 3 }); // 9 s since that line: too soon
      at(1, { step: 4, stepsInEpoch: undefined, loss: 0.5 }); // 10 s: a line, total unknown so no ETA
      clock.advance(3);
      display.onEpochEnd(epochEnd()); // epoch lines always; the 10 s count starts again here
      at(9, { epoch: 1, step: 0 });
      at(1, { epoch: 1, step: 1 });
      expect(stream.writes).toEqual([
        // step 3 of 10, (10 − 3)·2 s = 14 s left
        '[tiny] epoch 1/3  step 3/10  loss 0.1235  teacher-better 37.5%  ETA 0:14\n',
        '[tiny] epoch 1/3  step 5  loss 0.5000  teacher-better 37.5%\n',
        '[tiny] epoch 1/3  10 steps  loss 0.2000  teacher-better 25.0%  accuracy 0.8000  1:05\n',
        '[tiny] epoch 2/3  step 2/10  loss 0.1235  teacher-better 37.5%  ETA 0:16\n',
      ]);
    });

    it.each([
      ['without a teacher', { teacher: false, options: { ...DEFAULT_SELECTIVE_OPTIONS, gate: 'none' as const } }],
      ["with gate 'none'", { teacher: true, options: { ...DEFAULT_SELECTIVE_OPTIONS, gate: 'none' as const } }],
    ])('leaves the teacher-better share out %s', (_, overrides) => {
      const stream = fakeStream(false);
      const display = new ProgressDisplay(stream, { everySeconds: 0, now: () => 0 });
      display.onTrainBegin(begin(1, { student: 'teacher-model', ...overrides }));
      display.onStepEnd(step());
      display.onEpochEnd(epochEnd({ validation: { batches: 2, loss: 0.3, metrics: { accuracy: 0.7 } } }));
      expect(stream.writes).toEqual([
        '[teacher-model] epoch 1/1  step 3/10  loss 0.1235  ETA 0:11\n',
        '[teacher-model] epoch 1/1  10 steps  loss 0.2000  accuracy 0.8000  val loss 0.3000  val accuracy 0.7000  1:05\n',
      ]);
    });

    it('refuses an everySeconds that is not a number ≥ 0, naming it', () => {
      expect(() => new ProgressDisplay(fakeStream(false), { everySeconds: -1 })).toThrow(/everySeconds must be a number ≥ 0; got -1/);
      expect(() => new ProgressDisplay(fakeStream(false), { everySeconds: Number.NaN })).toThrow(/everySeconds/);
    });
  });
});
