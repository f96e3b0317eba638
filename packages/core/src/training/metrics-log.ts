import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DistillerCallbacks, EpochLogs, StepLogs, TrainBeginInfo } from './distiller-callbacks.js';

/**
 * Writes one JSON object per line for every step and epoch of `fit`
 * (`{"type":"step",...}`, `{"type":"epoch",...}`). Each line is written as
 * it happens, so a run that dies keeps its log up to the last step.
 */
export class MetricsLog implements DistillerCallbacks {
  private fd: number | undefined;

  /** @param path file to write; created with its folder, appended to if it exists. */
  constructor(readonly path: string) {}

  onTrainBegin(info: TrainBeginInfo): void {
    mkdirSync(dirname(this.path), { recursive: true });
    this.fd = openSync(this.path, 'a');
    this.write({ type: 'train-begin', time: new Date().toISOString(), ...info });
  }

  onStepEnd(logs: StepLogs): void {
    this.write({ type: 'step', ...logs });
  }

  onEpochEnd(logs: EpochLogs): void {
    this.write({ type: 'epoch', ...logs });
  }

  onTrainEnd(_history: EpochLogs[], error?: unknown): void {
    this.write({ type: 'train-end', time: new Date().toISOString(), ...(error ? { error: String(error) } : {}) });
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** Adds one record of the caller's own, e.g. which backend ran. */
  write(record: Record<string, unknown>): void {
    if (this.fd !== undefined) writeSync(this.fd, `${JSON.stringify(record)}\n`);
  }
}
