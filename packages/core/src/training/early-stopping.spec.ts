import { expectSelectiveKdError } from '@selective-kd/testing';
import { describe, expect, it } from 'vitest';
import { EarlyStopping, resolveEarlyStopping, type EarlyStoppingOptions } from './early-stopping.js';
import type { ModelEvaluation } from './evaluate-model.js';

const scored = (accuracy: number, loss = 1): ModelEvaluation => ({ batches: 1, loss, metrics: { accuracy } });

/** Feeds the values epoch by epoch and returns each epoch's [improved, epochsSinceBest, stop, bestEpoch]. */
function track(options: EarlyStoppingOptions, values: number[], of: (v: number) => ModelEvaluation = (v) => scored(v)) {
  const tracker = new EarlyStopping(resolveEarlyStopping(options));
  return values.map((value, epoch) => {
    const logs = tracker.update(epoch, of(value));
    return [logs.improved, logs.epochsSinceBest, logs.stop, logs.bestEpoch];
  });
}

describe('resolveEarlyStopping', () => {
  it('fills in the defaults: max for a metric, min for the loss, patience 5, minDelta 0, restoreBestWeights', () => {
    expect(resolveEarlyStopping({ monitor: 'accuracy' })).toEqual({ monitor: 'accuracy', mode: 'max', patience: 5, minDelta: 0, restoreBestWeights: true });
    expect(resolveEarlyStopping({ monitor: 'loss' }).mode).toBe('min');
    expect(resolveEarlyStopping({ monitor: 'loss', mode: 'max', patience: 0, minDelta: 0.1, restoreBestWeights: false })).toEqual({
      monitor: 'loss',
      mode: 'max',
      patience: 0,
      minDelta: 0.1,
      restoreBestWeights: false,
    });
  });

  it('refuses each bad field with an INVALID_OPTION naming it', () => {
    const bad: Array<[unknown, string]> = [
      [{ monitor: '' }, `earlyStopping.monitor must name a validation metric or 'loss'; got ""`],
      [{}, `earlyStopping.monitor must name a validation metric or 'loss'; got undefined`],
      [{ monitor: 'f1', mode: 'up' }, `earlyStopping.mode must be 'max' or 'min'; got "up"`],
      [{ monitor: 'f1', patience: 2.5 }, 'earlyStopping.patience must be a whole number ≥ 0; got 2.5'],
      [{ monitor: 'f1', patience: -1 }, 'earlyStopping.patience must be a whole number ≥ 0; got -1'],
      [{ monitor: 'f1', minDelta: -0.1 }, 'earlyStopping.minDelta must be a finite number ≥ 0; got -0.1'],
      [{ monitor: 'f1', minDelta: Number.NaN }, 'earlyStopping.minDelta must be a finite number ≥ 0; got null'],
      [{ monitor: 'f1', restoreBestWeights: 'yes' }, 'earlyStopping.restoreBestWeights must be true or false; got "yes"'],
      [{ monitor: 'f1', paitence: 3 }, `earlyStopping has no field 'paitence'; its fields are monitor, mode, patience, minDelta, restoreBestWeights`],
      ['f1', 'earlyStopping must be an object { monitor, mode?, patience?, minDelta?, restoreBestWeights? }; got "f1"'],
    ];
    for (const [options, message] of bad) {
      expectSelectiveKdError(() => resolveEarlyStopping(options as EarlyStoppingOptions), 'INVALID_OPTION', message);
    }
  });
});

describe('EarlyStopping', () => {
  it('stops after patience epochs without improvement and remembers the best epoch', () => {
    expect(track({ monitor: 'accuracy', patience: 2 }, [0.5, 0.6, 0.55, 0.6, 0.59, 0.7])).toEqual([
      [true, 0, false, 0],
      [true, 0, false, 1],
      [false, 1, false, 1],
      // a tie is no improvement: the earlier epoch stays the best
      [false, 2, true, 1],
      [false, 3, true, 1],
      [true, 0, false, 5],
    ]);
  });

  it('counts only changes larger than minDelta, in the direction of the mode', () => {
    expect(track({ monitor: 'accuracy', patience: 3, minDelta: 0.05 }, [0.5, 0.54, 0.56]).map((e) => e[0])).toEqual([true, false, true]);
    expect(track({ monitor: 'loss', patience: 3 }, [2, 1.5, 1.6, 1.4], (v) => scored(0, v)).map((e) => [e[0], e[3]])).toEqual([
      [true, 0],
      [true, 1],
      [false, 1],
      [true, 3],
    ]);
  });

  it('with patience 0 stops at the first epoch that does not improve', () => {
    expect(track({ monitor: 'accuracy', patience: 0 }, [0.5, 0.6, 0.6]).map((e) => e[2])).toEqual([false, false, true]);
  });

  it('never counts NaN as an improvement, also as the first value', () => {
    expect(track({ monitor: 'accuracy', patience: 2 }, [Number.NaN, 0.3, Number.NaN, Number.NaN])).toEqual([
      [false, 1, false, undefined],
      [true, 0, false, 1],
      [false, 1, false, 1],
      [false, 2, true, 1],
    ]);
  });

  it('goes on from a resumed epoch log as if it had seen every epoch', () => {
    const options = resolveEarlyStopping({ monitor: 'accuracy', patience: 2 });
    const whole = new EarlyStopping(options);
    const values = [0.5, 0.7, 0.6, 0.65, 0.66];
    const logs = values.map((v, epoch) => whole.update(epoch, scored(v)));
    const resumed = new EarlyStopping(options, JSON.parse(JSON.stringify(logs[2])));
    expect(resumed.update(3, scored(0.65))).toEqual(logs[3]);
    expect(resumed.done).toBe(true);
    expect(resumed.bestSoFar).toEqual({ best: 0.7, bestEpoch: 1 });
  });

  it("names the metrics there are when monitor is not one of them (or 'loss')", () => {
    const tracker = new EarlyStopping(resolveEarlyStopping({ monitor: 'meanIoU' }));
    expectSelectiveKdError(
      () => tracker.update(0, { batches: 1, loss: 1, metrics: { f1: 0.5, precision: 0.4 } }),
      'INVALID_OPTION',
      `earlyStopping.monitor 'meanIoU' is not a validation metric; the metrics are 'f1', 'precision' (or 'loss')`,
    );
  });
});
