import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DistillerCallbacks, EarlyStopInfo, EpochLogs, StepLogs, TrainBeginInfo } from './distiller-callbacks.js';

/**
 * Writes one JSON object per line for every step and epoch of `fit`
 * (`{"type":"step",...}`, `{"type":"epoch",...}`), an `early-stop` record
 * when early stopping ends training, and a `train-end` record saying why
 * training stopped (`stoppedBy`: 'epochs', 'early-stopping' or 'error') and,
 * with early stopping, the best epoch. Each line is written as it happens, so
 * a run that dies keeps its log up to the last step.
 */
export class MetricsLog implements DistillerCallbacks {
  private fd: number | undefined;
  private early: EpochLogs['earlyStopping'];

  /** @param path file to write; created with its folder, appended to if it exists. */
  constructor(readonly path: string) {}

  onTrainBegin(info: TrainBeginInfo): void {
    mkdirSync(dirname(this.path), { recursive: true });
    this.fd = openSync(this.path, 'a');
    this.early = undefined;
    this.write({ type: 'train-begin', time: new Date().toISOString(), ...info });
  }

  onStepEnd(logs: StepLogs): void {
    this.write({ type: 'step', ...logs });
  }

  onEpochEnd(logs: EpochLogs): void {
    this.early = logs.earlyStopping;
    this.write({ type: 'epoch', ...logs });
  }

  onEarlyStop(info: EarlyStopInfo): void {
    this.write({ type: 'early-stop', ...info });
  }

  onTrainEnd(history: EpochLogs[], error?: unknown): void {
    // A resumed run that had already stopped early trains no epoch here; its history says so.
    const early = this.early ?? history.at(-1)?.earlyStopping;
    const stoppedBy = error ? 'error' : early?.stop ? 'early-stopping' : 'epochs';
    this.write({
      type: 'train-end',
      time: new Date().toISOString(),
      stoppedBy,
      ...(early?.bestEpoch === undefined ? {} : { bestEpoch: early.bestEpoch, best: early.best }),
      ...(error ? { error: String(error) } : {}),
    });
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** Adds one record of the caller's own, e.g. which backend ran. */
  write(record: Record<string, unknown>): void {
    if (this.fd !== undefined) writeSync(this.fd, `${JSON.stringify(record)}\n`);
  }
}
